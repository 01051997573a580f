/**
 * Runs and run steps: create (on a thread, or with a new thread), retrieve,
 * modify, list, cancel, submit tool outputs; list and retrieve steps.
 *
 * Run state lives in the store ("runs", "run_steps", and the "messages" a run
 * writes), so a fuller lifecycle can be played from it later. For now a
 * retrieve moves a run one step with a simple rule:
 * - `queued` → `requires_action` when the run has a function tool and has
 *   not called it yet (a `tool_calls` step is opened with one call);
 * - otherwise `queued` → `completed`: the tool step is closed, an assistant
 *   message is added to the thread with its `message_creation` step;
 * - `cancelling` → `cancelled`.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { errorBody } from "../errors.js"
import { badParam, bodyRecord, error, json, notFound, now, page, type RequestInfo, type Store } from "../kit.js"
import { checkMetadata, withBeta } from "./assistants.js"
import { type MessageInput, parseMessage, storeMessage } from "./messages.js"
import { createThread } from "./threads.js"

type Row = Record<string, unknown>

const isRecord = (u: unknown): u is Row => typeof u === "object" && u !== null && !Array.isArray(u)

/** A 400 that names no parameter, like the API's state errors. */
const badState = (message: string) => error(400, errorBody(message, "invalid_request_error", null, null))

const streamingLater = badParam(
  "stream",
  "The mock server does not stream runs yet: send the request without `stream`."
)

/** Validates `additional_messages`; the messages, or the 400 naming the bad field. */
const parseAdditional = (messages: unknown) => {
  const out: Array<MessageInput> = []
  if (messages === undefined || messages === null) return out
  if (!Array.isArray(messages))
    return badParam("additional_messages", "Invalid type for 'additional_messages': expected an array.")
  for (const [i, message] of messages.entries()) {
    const input = parseMessage(message, `additional_messages[${i}].`)
    if (HttpServerResponse.isServerResponse(input)) return input
    out.push(input)
  }
  return out
}

/** The assistant named by the body, or the error response to send. */
const findAssistant = (store: Store, body: Row) => {
  const id = body.assistant_id
  if (typeof id !== "string" || id === "") {
    return { error: badParam("assistant_id", "Missing required parameter: 'assistant_id'.") } as const
  }
  const assistant = store.get("assistants", id)
  return assistant === undefined ? ({ error: notFound("assistant", id) } as const) : ({ assistant } as const)
}

/** A new `queued` run; the body's fields override the assistant's. */
const createRun = (
  store: Store,
  threadId: string,
  assistant: Row,
  body: Row,
  additional: ReadonlyArray<MessageInput> = []
) => {
  for (const input of additional) storeMessage(store, threadId, input)
  const id = store.nextId("run")
  const createdAt = now()
  const base = typeof body.instructions === "string" ? body.instructions : String(assistant.instructions ?? "")
  const instructions =
    typeof body.additional_instructions === "string" && body.additional_instructions !== ""
      ? [base, body.additional_instructions].filter((s) => s !== "").join("\n")
      : base
  const pick = (key: string, fallback: unknown) => body[key] ?? assistant[key] ?? fallback
  return store.put("runs", id, {
    id,
    object: "thread.run",
    created_at: createdAt,
    thread_id: threadId,
    assistant_id: assistant.id,
    status: "queued",
    required_action: null,
    last_error: null,
    expires_at: createdAt + 600,
    started_at: null,
    cancelled_at: null,
    failed_at: null,
    completed_at: null,
    incomplete_details: null,
    model: pick("model", "gpt-4o"),
    instructions,
    tools: pick("tools", []),
    metadata: isRecord(body.metadata) ? body.metadata : {},
    usage: null,
    temperature: pick("temperature", 1),
    top_p: pick("top_p", 1),
    max_prompt_tokens: body.max_prompt_tokens ?? null,
    max_completion_tokens: body.max_completion_tokens ?? null,
    truncation_strategy: body.truncation_strategy ?? { type: "auto", last_messages: null },
    tool_choice: body.tool_choice ?? "auto",
    response_format: pick("response_format", "auto")
  })
}

/** Checks the run fields of a create body; the error response to send, or undefined. */
const badCreate = (body: Row) => {
  if (body.stream === true) return streamingLater
  if (body.tools !== undefined && body.tools !== null && !Array.isArray(body.tools)) {
    return badParam("tools", "Invalid type for 'tools': expected an array.")
  }
  return checkMetadata(body)
}

const addStep = (store: Store, run: Row, type: string, status: string, details: Row) => {
  const id = store.nextId("step")
  const createdAt = now()
  return store.put("run_steps", id, {
    id,
    object: "thread.run.step",
    created_at: createdAt,
    assistant_id: run.assistant_id,
    thread_id: run.thread_id,
    run_id: run.id,
    type,
    status,
    step_details: { type, ...details },
    last_error: null,
    expired_at: null,
    cancelled_at: null,
    failed_at: null,
    completed_at: status === "completed" ? createdAt : null,
    metadata: null,
    usage: status === "completed" ? { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 } : null
  })
}

const stepsOf = (store: Store, runId: unknown) => store.list("run_steps", (s) => s.run_id === runId)

/** The function calls of a run's open `tool_calls` step. */
const pendingCalls = (store: Store, run: Row): ReadonlyArray<Row> => {
  const step = stepsOf(store, run.id).find((s) => s.type === "tool_calls" && s.status === "in_progress")
  const details = step?.step_details as { tool_calls?: ReadonlyArray<Row> } | undefined
  return details?.tool_calls ?? []
}

/** The reply a completed run writes: echoes the last user message and any tool outputs. */
const replyText = (store: Store, run: Row, outputs: ReadonlyArray<string>) => {
  const lastUser = store.list("messages", (m) => m.thread_id === run.thread_id && m.role === "user").at(-1)
  const part = (lastUser?.content as ReadonlyArray<{ text?: { value?: string } }> | undefined)?.[0]
  const asked = part?.text?.value
  const heard = asked === undefined ? "Hello from the mock server." : `You said: ${asked}`
  return outputs.length === 0 ? heard : `${heard} (tool outputs: ${outputs.join("; ")})`
}

/** Moves a run one step along (see the module comment); returns the run as it is now. */
const advance = (store: Store, run: Row): Row => {
  const runId = String(run.id)
  if (run.status === "cancelling") {
    for (const step of stepsOf(store, runId).filter((s) => s.status === "in_progress")) {
      store.update("run_steps", String(step.id), { status: "cancelled", cancelled_at: now() })
    }
    return store.update("runs", runId, { status: "cancelled", cancelled_at: now() }) ?? run
  }
  if (run.status !== "queued" && run.status !== "in_progress") return run
  const started = { started_at: run.started_at ?? now() }
  const tools = Array.isArray(run.tools) ? (run.tools as ReadonlyArray<Row>) : []
  const fn = tools.find((t) => t.type === "function" && isRecord(t.function))
  const steps = stepsOf(store, runId)
  if (fn !== undefined && !steps.some((s) => s.type === "tool_calls")) {
    const call = {
      id: store.nextId("call"),
      type: "function",
      function: { name: String((fn.function as Row).name), arguments: "{}" }
    }
    addStep(store, run, "tool_calls", "in_progress", {
      tool_calls: [{ ...call, function: { ...call.function, output: null } }]
    })
    return (
      store.update("runs", runId, {
        ...started,
        status: "requires_action",
        required_action: { type: "submit_tool_outputs", submit_tool_outputs: { tool_calls: [call] } }
      }) ?? run
    )
  }
  const outputs: Array<string> = []
  for (const step of steps.filter((s) => s.type === "tool_calls" && s.status === "in_progress")) {
    const details = step.step_details as { tool_calls: ReadonlyArray<{ function: { output: unknown } }> }
    for (const call of details.tool_calls)
      if (typeof call.function.output === "string") outputs.push(call.function.output)
    store.update("run_steps", String(step.id), {
      status: "completed",
      completed_at: now(),
      usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 }
    })
  }
  const reply = { type: "text", text: { value: replyText(store, run, outputs), annotations: [] } }
  const message = storeMessage(
    store,
    String(run.thread_id),
    { role: "assistant", content: [reply], attachments: [], metadata: {} },
    { assistant_id: String(run.assistant_id), run_id: runId }
  )
  addStep(store, run, "message_creation", "completed", { message_creation: { message_id: message.id } })
  return (
    store.update("runs", runId, {
      ...started,
      status: "completed",
      required_action: null,
      completed_at: now(),
      usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 }
    }) ?? run
  )
}

/** The run of the path, or the 404 to send. */
const findRun = (store: Store, params: Readonly<Record<string, string | undefined>>) => {
  const threadId = params.thread_id ?? ""
  const runId = params.run_id ?? ""
  const run = store.get("runs", runId)
  return run === undefined || run.thread_id !== threadId
    ? ({ error: notFound("run", runId) } as const)
    : ({ run, runId } as const)
}

export const runs: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/threads/runs",
    withBeta((info) => {
      const body = bodyRecord(info.body)
      if (body.thread !== undefined && body.thread !== null && !isRecord(body.thread)) {
        return badParam("thread", "Invalid type for 'thread': expected an object.")
      }
      const invalid = badCreate(body)
      if (invalid !== undefined) return invalid
      const found = findAssistant(info.store, body)
      if ("error" in found) return found.error
      const thread = createThread(info.store, body.thread ?? {})
      if (HttpServerResponse.isServerResponse(thread)) return thread
      return json(200, createRun(info.store, String(thread.id), found.assistant, body))
    })
  ),
  HttpRouter.post(
    "/v1/threads/:thread_id/runs",
    withBeta((info, params) => {
      const threadId = params.thread_id ?? ""
      if (info.store.get("threads", threadId) === undefined) return notFound("thread", threadId)
      const body = bodyRecord(info.body)
      const invalid = badCreate(body)
      if (invalid !== undefined) return invalid
      const additional = parseAdditional(body.additional_messages)
      if (HttpServerResponse.isServerResponse(additional)) return additional
      const found = findAssistant(info.store, body)
      if ("error" in found) return found.error
      return json(200, createRun(info.store, threadId, found.assistant, body, additional))
    })
  ),
  HttpRouter.get(
    "/v1/threads/:thread_id/runs",
    withBeta((info, params) => {
      const threadId = params.thread_id ?? ""
      if (info.store.get("threads", threadId) === undefined) return notFound("thread", threadId)
      return json(
        200,
        page(
          info.store.list("runs", (r) => r.thread_id === threadId),
          info.query
        )
      )
    })
  ),
  HttpRouter.get(
    "/v1/threads/:thread_id/runs/:run_id",
    withBeta((info, params) => {
      const found = findRun(info.store, params)
      return "error" in found ? found.error : json(200, advance(info.store, found.run))
    })
  ),
  HttpRouter.post(
    "/v1/threads/:thread_id/runs/:run_id",
    withBeta((info, params) => {
      const found = findRun(info.store, params)
      if ("error" in found) return found.error
      const body = bodyRecord(info.body)
      const invalid = checkMetadata(body)
      if (invalid !== undefined) return invalid
      const patch = body.metadata === undefined ? {} : { metadata: body.metadata ?? {} }
      return json(200, info.store.update("runs", found.runId, patch))
    })
  ),
  HttpRouter.post(
    "/v1/threads/:thread_id/runs/:run_id/cancel",
    withBeta((info, params) => {
      const found = findRun(info.store, params)
      if ("error" in found) return found.error
      const status = found.run.status
      if (status !== "queued" && status !== "in_progress" && status !== "requires_action") {
        return badState(`Cannot cancel run with status '${String(status)}'.`)
      }
      return json(200, info.store.update("runs", found.runId, { status: "cancelling", required_action: null }))
    })
  ),
  HttpRouter.post(
    "/v1/threads/:thread_id/runs/:run_id/submit_tool_outputs",
    withBeta((info, params) => {
      const found = findRun(info.store, params)
      if ("error" in found) return found.error
      const { run, runId } = found
      if (run.status !== "requires_action") {
        return badState(`Runs in status "${String(run.status)}" do not accept tool outputs.`)
      }
      const body = bodyRecord(info.body)
      if (body.stream === true) return streamingLater
      const outputs = body.tool_outputs
      if (!Array.isArray(outputs) || !outputs.every(isRecord)) {
        return badParam("tool_outputs", "'tool_outputs' must be an array of { tool_call_id, output }.")
      }
      const calls = pendingCalls(info.store, run)
      const expected = calls.map((c) => String(c.id))
      const given = outputs.map((o) => o.tool_call_id)
      if (expected.some((id) => !given.includes(id))) {
        return badParam(
          "tool_outputs",
          `Expected tool outputs for call_ids ${JSON.stringify(expected)}, got ${JSON.stringify(given)}.`
        )
      }
      const step = stepsOf(info.store, runId).find((s) => s.type === "tool_calls" && s.status === "in_progress")
      if (step !== undefined) {
        const answered = calls.map((c) => {
          const output = outputs.find((o) => o.tool_call_id === c.id)?.output
          return { ...c, function: { ...(c.function as Row), output: typeof output === "string" ? output : "" } }
        })
        info.store.update("run_steps", String(step.id), { step_details: { type: "tool_calls", tool_calls: answered } })
      }
      return json(200, info.store.update("runs", runId, { status: "queued", required_action: null }))
    })
  ),
  HttpRouter.get(
    "/v1/threads/:thread_id/runs/:run_id/steps",
    withBeta((info, params) => {
      const found = findRun(info.store, params)
      return "error" in found ? found.error : json(200, page(stepsOf(info.store, found.runId), info.query))
    })
  ),
  HttpRouter.get(
    "/v1/threads/:thread_id/runs/:run_id/steps/:step_id",
    withBeta((info, params) => {
      const found = findRun(info.store, params)
      if ("error" in found) return found.error
      const stepId = params.step_id ?? ""
      const step = info.store.get("run_steps", stepId)
      return step === undefined || step.run_id !== found.runId ? notFound("run step", stepId) : json(200, step)
    })
  )
)
