/**
 * Runs and run steps: create (on a thread, or with a new thread), retrieve,
 * modify, list, cancel, submit tool outputs; list and retrieve steps.
 *
 * Run state lives in the store ("runs", "run_steps", the "messages" a run
 * writes, and each run's script in "run_scripts"). A run moves one phase at
 * a time (`play`):
 * - `queued` → `in_progress` → `requires_action` when the run has function
 *   tools and has not used up its tool rounds (default one round): a
 *   `tool_calls` step opens with one call per function tool (only the first
 *   with `parallel_tool_calls: false`), arguments filled from each tool's
 *   JSON schema (strings get the last user message);
 * - otherwise `queued` → `in_progress` → `completed`: the answered tool steps
 *   close, an assistant message (echoing the last user message and the tool
 *   outputs) is added with its `message_creation` step;
 * - `cancelling` → `cancelled`;
 * - a scripted outcome ends the phase instead: `failed` (with `last_error`),
 *   `cancelled` (through `cancelling`) or `expired`; open steps end the same way.
 *
 * Without `stream`, a create (or a submit of tool outputs) answers the run
 * `queued`, and each retrieve plays the next phase. With `stream: true` the
 * phase is played at once and sent as server-sent events, as the API does
 * (`event: thread.run.created` … `event: done` / `data: [DONE]`): a stream
 * ends at `thread.run.requires_action`, and submitting the outputs with
 * `stream: true` streams the next phase. Streams count in `activeStreams()`;
 * the `idle-stream=<ms>` fault pauses one after its first event.
 *
 * Scripts, per run, set at creation: the request header
 * `x-mock-run-outcome: failed|cancelled|expired` (also accepted on submit
 * tool outputs, for the next phase) or the marker `[mock:failed]`,
 * `[mock:cancelled]`, `[mock:expired]` in the run's instructions; the number
 * of tool rounds before the run completes with `x-mock-run-tool-rounds: N`
 * (0 to 1000) or `[mock:tool-rounds=N]`; how many retrieves answer
 * `in_progress` before each phase is played (for polling) with
 * `x-mock-run-polls: N` or `[mock:polls=N]` (default 0).
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Stream from "effect/Stream"
import { toolArguments } from "../chat.js"
import { errorBody } from "../errors.js"
import {
  badParam,
  bodyRecord,
  error,
  json,
  notFound,
  now,
  page,
  type RequestInfo,
  type RequestInfoShape,
  type Store,
  sseResponse
} from "../kit.js"
import { splitEven, splitWords } from "../text.js"
import { checkMetadata, withBeta } from "./assistants.js"
import { type MessageInput, parseMessage, storeMessage } from "./messages.js"
import { createThread } from "./threads.js"

type Row = Record<string, unknown>

/** One server-sent event: its name and its data. */
type Event = readonly [name: string, data: unknown]

const isRecord = (u: unknown): u is Row => typeof u === "object" && u !== null && !Array.isArray(u)

/** A 400 that names no parameter, like the API's state errors. */
const badState = (message: string) => error(400, errorBody(message, "invalid_request_error", null, null))

const usage = { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 }

// ---------------------------------------------------------------------------
// scripts: how a run ends, chosen by header or by instructions
// ---------------------------------------------------------------------------

const outcomes = ["failed", "cancelled", "expired"] as const
type Outcome = (typeof outcomes)[number]
const isOutcome = (u: unknown): u is Outcome => outcomes.includes(u as Outcome)

const MAX_DIRECTIVE = 1000

interface Script {
  readonly outcome: Outcome | undefined
  /** How many times the run stops for tool outputs before it completes */
  readonly toolRounds: number
  /** How many times it has stopped so far */
  readonly rounds: number
  /** How many retrieves answer `in_progress` before a phase is played (without `stream`) */
  readonly polls: number
  /** How many of those are left in this phase */
  readonly pollsLeft: number
}

interface Directives {
  readonly outcome: Outcome | undefined
  readonly toolRounds: number | undefined
  readonly polls: number | undefined
}

/** An integer header between 0 and `MAX_DIRECTIVE`; the 400 naming it when it is not one. */
const countHeader = (headers: RequestInfoShape["headers"], name: string) => {
  const raw = headers[name]?.trim()
  if (raw === undefined) return undefined
  return /^\d+$/.test(raw) && Number(raw) <= MAX_DIRECTIVE
    ? Number(raw)
    : badParam(name, `Invalid header ${name}: expected an integer between 0 and ${MAX_DIRECTIVE}.`)
}

/** A `[mock:<name>=N]` marker of the instructions. */
const countMarker = (instructions: string, name: string) => {
  const raw = new RegExp(`\\[mock:${name}=(\\d+)\\]`).exec(instructions)?.[1]
  return raw === undefined ? undefined : Math.min(Number(raw), MAX_DIRECTIVE)
}

/** The directives of a request's headers; the 400 naming a bad one. */
const headerDirectives = (headers: RequestInfoShape["headers"]): Directives | HttpServerResponse.HttpServerResponse => {
  const outcome = headers["x-mock-run-outcome"]?.trim().toLowerCase()
  if (outcome !== undefined && !isOutcome(outcome)) {
    return badParam("x-mock-run-outcome", "Invalid header x-mock-run-outcome: expected failed, cancelled or expired.")
  }
  const toolRounds = countHeader(headers, "x-mock-run-tool-rounds")
  if (HttpServerResponse.isServerResponse(toolRounds)) return toolRounds
  const polls = countHeader(headers, "x-mock-run-polls")
  if (HttpServerResponse.isServerResponse(polls)) return polls
  return { outcome, toolRounds, polls }
}

/** The script of a new run: the headers' directives, else the markers in its instructions. */
const newScript = (directives: Directives, instructions: string): Script => {
  const marked = /\[mock:(failed|cancelled|expired)\]/.exec(instructions)?.[1]
  const polls = directives.polls ?? countMarker(instructions, "polls") ?? 0
  return {
    outcome: directives.outcome ?? (isOutcome(marked) ? marked : undefined),
    toolRounds: directives.toolRounds ?? countMarker(instructions, "tool-rounds") ?? 1,
    rounds: 0,
    polls,
    pollsLeft: polls
  }
}

const scriptOf = (store: Store, runId: string): Script =>
  (store.get("run_scripts", runId) as Script | undefined) ?? {
    outcome: undefined,
    toolRounds: 1,
    rounds: 0,
    polls: 0,
    pollsLeft: 0
  }

const setScript = (store: Store, runId: string, script: Script) =>
  store.put("run_scripts", runId, script as unknown as Row)

// ---------------------------------------------------------------------------
// create
// ---------------------------------------------------------------------------

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

/** A new `queued` run with its script; the body's fields override the assistant's. */
const createRun = (
  store: Store,
  threadId: string,
  assistant: Row,
  body: Row,
  directives: Directives,
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
  setScript(store, id, newScript(directives, instructions))
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
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    response_format: pick("response_format", "auto")
  })
}

/** Checks the run fields of a create body; the error response to send, or undefined. */
const badCreate = (body: Row) => {
  if (body.tools !== undefined && body.tools !== null && !Array.isArray(body.tools)) {
    return badParam("tools", "Invalid type for 'tools': expected an array.")
  }
  return checkMetadata(body)
}

// ---------------------------------------------------------------------------
// the lifecycle
// ---------------------------------------------------------------------------

const addStep = (store: Store, run: Row, type: string, details: Row) => {
  const id = store.nextId("step")
  return store.put("run_steps", id, {
    id,
    object: "thread.run.step",
    created_at: now(),
    assistant_id: run.assistant_id,
    thread_id: run.thread_id,
    run_id: run.id,
    type,
    status: "in_progress",
    step_details: { type, ...details },
    last_error: null,
    expired_at: null,
    cancelled_at: null,
    failed_at: null,
    completed_at: null,
    metadata: null,
    usage: null
  })
}

const stepsOf = (store: Store, runId: unknown) => store.list("run_steps", (s) => s.run_id === runId)
const openSteps = (store: Store, runId: unknown) => stepsOf(store, runId).filter((s) => s.status === "in_progress")

/** The function calls of a run's open `tool_calls` step. */
const pendingCalls = (store: Store, run: Row): ReadonlyArray<Row> => {
  const step = openSteps(store, run.id).find((s) => s.type === "tool_calls")
  const details = step?.step_details as { tool_calls?: ReadonlyArray<Row> } | undefined
  return details?.tool_calls ?? []
}

/** The text of the last user message of the run's thread, if any. */
const lastUserText = (store: Store, run: Row): string | undefined => {
  const lastUser = store.list("messages", (m) => m.thread_id === run.thread_id && m.role === "user").at(-1)
  const part = (lastUser?.content as ReadonlyArray<{ text?: { value?: string } }> | undefined)?.[0]
  return part?.text?.value
}

/** The reply a completed run writes: echoes the last user message and any tool outputs. */
const replyText = (store: Store, run: Row, outputs: ReadonlyArray<string>) => {
  const asked = lastUserText(store, run)
  const heard = asked === undefined ? "Hello from the mock server." : `You said: ${asked}`
  return outputs.length === 0 ? heard : `${heard} (tool outputs: ${outputs.join("; ")})`
}

/** The run's function tools this round: all of them, or the first with `parallel_tool_calls: false`. */
const functionTools = (run: Row): ReadonlyArray<Row> => {
  const tools = Array.isArray(run.tools) ? (run.tools as ReadonlyArray<unknown>) : []
  const fns = tools.filter((t): t is Row => isRecord(t) && t.type === "function" && isRecord(t.function))
  return run.parallel_tool_calls === false ? fns.slice(0, 1) : fns
}

/** Plays one phase of a run (see the module comment): the run as it is after it, and the events it sent. */
const play = (store: Store, start: Row): { readonly run: Row; readonly events: ReadonlyArray<Event> } => {
  const runId = String(start.id)
  const events: Array<Event> = []
  let run = start
  const setRun = (patch: Row, event: string) => {
    run = store.update("runs", runId, patch) ?? run
    events.push([event, run])
  }
  const endSteps = (status: "cancelled" | "failed" | "expired") => {
    const at = status === "cancelled" ? "cancelled_at" : status === "failed" ? "failed_at" : "expired_at"
    for (const step of openSteps(store, runId)) {
      const ended = store.update("run_steps", String(step.id), { status, [at]: now() })
      events.push([`thread.run.step.${status}`, ended])
    }
  }
  if (run.status === "cancelling") {
    endSteps("cancelled")
    setRun({ status: "cancelled", cancelled_at: now() }, "thread.run.cancelled")
    return { run, events }
  }
  if (run.status !== "queued" && run.status !== "in_progress") return { run, events }
  setRun(
    { status: "in_progress", started_at: run.started_at ?? now(), required_action: null },
    "thread.run.in_progress"
  )

  const script = scriptOf(store, runId)
  switch (script.outcome) {
    case "failed": {
      endSteps("failed")
      const lastError = { code: "server_error", message: "The mock server failed this run, as it was asked to." }
      setRun({ status: "failed", failed_at: now(), last_error: lastError }, "thread.run.failed")
      return { run, events }
    }
    case "cancelled":
      setRun({ status: "cancelling" }, "thread.run.cancelling")
      endSteps("cancelled")
      setRun({ status: "cancelled", cancelled_at: now() }, "thread.run.cancelled")
      return { run, events }
    case "expired":
      endSteps("expired")
      setRun({ status: "expired" }, "thread.run.expired")
      return { run, events }
  }

  // the answered tool calls: their steps complete
  const outputs: Array<string> = []
  for (const step of openSteps(store, runId).filter((s) => s.type === "tool_calls")) {
    const details = step.step_details as { tool_calls: ReadonlyArray<{ function: { output: unknown } }> }
    for (const call of details.tool_calls)
      if (typeof call.function.output === "string") outputs.push(call.function.output)
    const done = store.update("run_steps", String(step.id), { status: "completed", completed_at: now(), usage })
    events.push(["thread.run.step.completed", done])
  }

  const fns = functionTools(run)
  if (fns.length > 0 && script.rounds < script.toolRounds) {
    setScript(store, runId, { ...script, rounds: script.rounds + 1 })
    const hint = lastUserText(store, run) ?? ""
    const calls = fns.map((fn) => {
      const spec = fn.function as Row
      const name = String(spec.name)
      const args = toolArguments({
        model: String(run.model),
        messages: [{ role: "user", content: hint }],
        n: 1,
        stream: false,
        includeUsage: false,
        tool: { name, parameters: spec.parameters }
      })
      return { id: store.nextId("call"), type: "function", function: { name, arguments: args } }
    })
    const step = addStep(store, run, "tool_calls", {
      tool_calls: calls.map((c) => ({ ...c, function: { ...c.function, output: null } }))
    })
    events.push(["thread.run.step.created", step], ["thread.run.step.in_progress", step])
    const delta = (index: number, call: Row) =>
      [
        "thread.run.step.delta",
        {
          id: step.id,
          object: "thread.run.step.delta",
          delta: { step_details: { type: "tool_calls", tool_calls: [{ index, type: "function", ...call }] } }
        }
      ] as const
    for (const [index, call] of calls.entries()) {
      events.push(delta(index, { id: call.id, function: { name: call.function.name, arguments: "", output: null } }))
      for (const piece of splitEven(call.function.arguments, 2))
        events.push(delta(index, { function: { arguments: piece } }))
    }
    setRun(
      {
        status: "requires_action",
        required_action: { type: "submit_tool_outputs", submit_tool_outputs: { tool_calls: calls } }
      },
      "thread.run.requires_action"
    )
    return { run, events }
  }

  const text = replyText(store, run, outputs)
  const message = storeMessage(
    store,
    String(run.thread_id),
    {
      role: "assistant",
      content: [{ type: "text", text: { value: text, annotations: [] } }],
      attachments: [],
      metadata: {}
    },
    { assistant_id: String(run.assistant_id), run_id: runId }
  )
  const step = addStep(store, run, "message_creation", { message_creation: { message_id: message.id } })
  const draft = { ...message, status: "in_progress", completed_at: null, content: [] }
  events.push(
    ["thread.run.step.created", step],
    ["thread.run.step.in_progress", step],
    ["thread.message.created", draft],
    ["thread.message.in_progress", draft]
  )
  for (const piece of splitWords(text)) {
    events.push([
      "thread.message.delta",
      {
        id: message.id,
        object: "thread.message.delta",
        delta: { content: [{ index: 0, type: "text", text: { value: piece, annotations: [] } }] }
      }
    ])
  }
  events.push(["thread.message.completed", message])
  const done = store.update("run_steps", String(step.id), { status: "completed", completed_at: now(), usage })
  events.push(["thread.run.step.completed", done])
  setRun({ status: "completed", required_action: null, completed_at: now(), usage }, "thread.run.completed")
  return { run, events }
}

const encoder = new TextEncoder()
const doneEvent = encoder.encode("event: done\ndata: [DONE]\n\n")

/**
 * The events as an SSE response ending with `done`, one write per event (so
 * the body faults, `idle-stream=<ms>` for one, cut after the first event).
 */
const streamed = (info: RequestInfoShape, events: ReadonlyArray<Event>) => {
  const writes = events.map(([name, data]) => encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`))
  return sseResponse(info.store, Stream.fromIterable([...writes, doneEvent]).pipe(Stream.rechunk(1)))
}

/** A new run answered as JSON (`queued`), or streamed through its first phase. */
const started = (info: RequestInfoShape, body: Row, run: Row, before: ReadonlyArray<Event> = []) => {
  if (body.stream !== true) return json(200, run)
  const phase = play(info.store, run)
  return streamed(info, [...before, ["thread.run.created", run], ["thread.run.queued", run], ...phase.events])
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
      const directives = headerDirectives(info.headers)
      if (HttpServerResponse.isServerResponse(directives)) return directives
      const found = findAssistant(info.store, body)
      if ("error" in found) return found.error
      const thread = createThread(info.store, body.thread ?? {})
      if (HttpServerResponse.isServerResponse(thread)) return thread
      const run = createRun(info.store, String(thread.id), found.assistant, body, directives)
      return started(info, body, run, [["thread.created", thread]])
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
      const directives = headerDirectives(info.headers)
      if (HttpServerResponse.isServerResponse(directives)) return directives
      const additional = parseAdditional(body.additional_messages)
      if (HttpServerResponse.isServerResponse(additional)) return additional
      const found = findAssistant(info.store, body)
      if ("error" in found) return found.error
      return started(info, body, createRun(info.store, threadId, found.assistant, body, directives, additional))
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
      if ("error" in found) return found.error
      const { run, runId } = found
      const script = scriptOf(info.store, runId)
      if (script.pollsLeft > 0 && (run.status === "queued" || run.status === "in_progress")) {
        setScript(info.store, runId, { ...script, pollsLeft: script.pollsLeft - 1 })
        return json(
          200,
          info.store.update("runs", runId, { status: "in_progress", started_at: run.started_at ?? now() })
        )
      }
      return json(200, play(info.store, run).run)
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
      const directives = headerDirectives(info.headers)
      if (HttpServerResponse.isServerResponse(directives)) return directives
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
      const step = openSteps(info.store, runId).find((s) => s.type === "tool_calls")
      if (step !== undefined) {
        const answered = calls.map((c) => {
          const output = outputs.find((o) => o.tool_call_id === c.id)?.output
          return { ...c, function: { ...(c.function as Row), output: typeof output === "string" ? output : "" } }
        })
        info.store.update("run_steps", String(step.id), { step_details: { type: "tool_calls", tool_calls: answered } })
      }
      const script = scriptOf(info.store, runId)
      const polls = directives.polls ?? script.polls
      setScript(info.store, runId, {
        ...script,
        outcome: directives.outcome ?? script.outcome,
        toolRounds: directives.toolRounds ?? script.toolRounds,
        polls,
        pollsLeft: polls
      })
      const queued = info.store.update("runs", runId, { status: "queued", required_action: null }) ?? run
      if (body.stream !== true) return json(200, queued)
      return streamed(info, [["thread.run.queued", queued], ...play(info.store, queued).events])
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
