/**
 * Batches: create (on an uploaded `batch` file), retrieve, list, cancel.
 *
 * A batch plays the API's lifecycle, one step per retrieve (deterministic, no
 * timers): `validating` → `in_progress` (half of the requests counted in
 * `request_counts`) → `finalizing` (all of them) → `completed`, with an
 * `output_file_id` whose content is a JSONL of answers (chat completions and
 * embeddings answered as the mock's own endpoints would, `/v1/completions`
 * echoed) and, when some requests were invalid, an `error_file_id` of their
 * 400s. An input that is not JSONL fails the batch at validation (`errors`).
 * Cancelling answers `cancelling`; the next retrieve reads `cancelled`.
 * Every retrieve sends `openai-poll-after-ms` (see `pollAfter`).
 *
 * Failure modes, chosen by the header `x-mock-outcome` of the create request:
 * `failed` (fails at validation, with `errors`), `expired` (expires while in
 * progress, keeping the half done in its output file).
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Chat from "../chat.js"
import * as Embeddings from "../embeddings.js"
import { errorBody, InvalidParam } from "../errors.js"
import {
  badParam,
  bodyRecord,
  error,
  handle,
  json,
  notFound,
  now,
  page,
  type RequestInfo,
  type RequestInfoShape,
  type Store
} from "../kit.js"
import { estimateTokens } from "../text.js"

const BATCHES = "batches"
/** What the create request asked for (`x-mock-outcome`) and the answers, by batch id: never sent */
const PLANS = "batch_plans"

const endpoints = new Set(["/v1/chat/completions", "/v1/embeddings", "/v1/completions"])
const cancellable = new Set(["validating", "in_progress", "finalizing"])

/** The default `openai-poll-after-ms` of a retrieve: small, so that examples poll quickly. */
export const POLL_AFTER_MS = 50

/**
 * The headers of a retrieve of a long-running object: `openai-poll-after-ms`,
 * 50 unless the request's `x-mock-poll-after-ms` says otherwise.
 */
export const pollAfter = (info: RequestInfoShape): Record<string, string> => {
  const asked = Number(info.headers["x-mock-poll-after-ms"])
  return { "openai-poll-after-ms": String(Number.isInteger(asked) && asked >= 0 ? asked : POLL_AFTER_MS) }
}

/** The `x-mock-outcome` header of the request when it is one of `allowed`, else `undefined`. */
export const outcomeOf = <A extends string>(info: RequestInfoShape, allowed: ReadonlyArray<A>): A | undefined => {
  const value = info.headers["x-mock-outcome"]?.trim()
  return allowed.find((a) => a === value)
}

const isStringRecord = (u: unknown) =>
  typeof u === "object" && u !== null && !Array.isArray(u) && Object.values(u).every((v) => typeof v === "string")

interface Answer {
  readonly ok: boolean
  readonly line: string
}

interface Plan {
  readonly outcome: "failed" | "expired" | undefined
  /** The answers, one per request, once the input is validated */
  answers?: ReadonlyArray<Answer>
}

/** The answer of the mock's endpoint to one request body, or the 400 it would send. */
const answerBody = (endpoint: string, body: unknown, n: number): InvalidParam | unknown => {
  if (endpoint === "/v1/embeddings") {
    const request = Embeddings.parseEmbeddingsRequest(body)
    return request instanceof InvalidParam ? request : Embeddings.embeddingsBody(request)
  }
  if (endpoint === "/v1/completions") {
    const { model, prompt } = bodyRecord(body)
    if (typeof model !== "string" || model === "")
      return new InvalidParam("model", "Missing required parameter: 'model'.")
    const text = `\n\nEcho: ${String(prompt ?? "")}`
    const tokens = estimateTokens(String(prompt ?? ""))
    return {
      id: `cmpl-batch${n}`,
      object: "text_completion",
      created: now(),
      model,
      choices: [{ index: 0, text, logprobs: null, finish_reason: "stop" }],
      usage: {
        prompt_tokens: tokens,
        completion_tokens: estimateTokens(text),
        total_tokens: tokens + estimateTokens(text)
      }
    }
  }
  const request = Chat.parseChatRequest(body)
  if (request instanceof InvalidParam) return request
  const id = `chatcmpl-batch${n}`
  return Chat.completionBody(request, {
    id,
    toolCallId: `call_batch${n}`,
    created: now(),
    streamChunks: undefined,
    contentBytes: undefined
  })
}

/** The answers to the input's lines, or the errors that fail the batch at validation. */
const answer = (
  store: Store,
  batchId: string,
  endpoint: string,
  content: string
): { readonly answers: ReadonlyArray<Answer>; readonly errors: Array<Record<string, unknown>> } => {
  const lines = content.split("\n").filter((line) => line.trim() !== "")
  const errors: Array<Record<string, unknown>> = []
  const answers: Array<Answer> = []
  lines.forEach((text, i) => {
    let request: Record<string, unknown>
    try {
      request = bodyRecord(JSON.parse(text))
    } catch {
      errors.push({
        code: "invalid_json_line",
        message: "This line is not parseable as valid JSON.",
        param: null,
        line: i + 1
      })
      return
    }
    if (request.url !== endpoint) {
      const message = `The URL provided for this request does not match the batch endpoint '${endpoint}'.`
      errors.push({ code: "mismatched_endpoint", message, param: "url", line: i + 1 })
      return
    }
    const requestId = `req_batch_${batchId}_${i + 1}`
    const body = answerBody(endpoint, request.body, i + 1)
    const response =
      body instanceof InvalidParam
        ? {
            status_code: 400,
            request_id: requestId,
            body: errorBody(body.message, "invalid_request_error", body.param, body.code)
          }
        : { status_code: 200, request_id: requestId, body }
    const id = store.nextId("batch_req")
    answers.push({
      ok: !(body instanceof InvalidParam),
      line: JSON.stringify({ id, custom_id: request.custom_id ?? null, response, error: null })
    })
  })
  if (lines.length === 0)
    errors.push({ code: "empty_file", message: "The input file has no requests.", param: null, line: null })
  return { answers, errors }
}

/** `request_counts` after the first `done` answers. */
const countsOf = (answers: ReadonlyArray<Answer>, done: number) => {
  const first = answers.slice(0, done)
  const completed = first.filter((a) => a.ok).length
  return { total: answers.length, completed, failed: first.length - completed }
}

/** Stores a JSONL file of answers (purpose `batch_output`); its id, or null when there is none. */
const outputFile = (store: Store, batchId: string, kind: "output" | "error", answers: ReadonlyArray<Answer>) => {
  if (answers.length === 0) return null
  const id = store.nextId("file", "-")
  const content = `${answers.map((a) => a.line).join("\n")}\n`
  store.put("files", id, {
    id,
    object: "file",
    bytes: Buffer.byteLength(content),
    created_at: now(),
    filename: `${batchId}_${kind}.jsonl`,
    purpose: "batch_output",
    status: "processed",
    status_details: null,
    content
  })
  return id
}

const withFiles = (store: Store, batchId: string, answers: ReadonlyArray<Answer>) => ({
  output_file_id: outputFile(
    store,
    batchId,
    "output",
    answers.filter((a) => a.ok)
  ),
  error_file_id: outputFile(
    store,
    batchId,
    "error",
    answers.filter((a) => !a.ok)
  )
})

/** The batch one step further along its lifecycle (the same batch when it has settled). */
const advance = (store: Store, batch: Record<string, unknown>): Record<string, unknown> => {
  const id = String(batch.id)
  const plan = (store.get(PLANS, id) ?? { outcome: undefined }) as unknown as Plan
  const at = now()
  switch (batch.status) {
    case "validating": {
      const input = store.get("files", String(batch.input_file_id))
      const { answers, errors } = answer(store, id, String(batch.endpoint), String(input?.content ?? ""))
      if (plan.outcome === "failed") {
        errors.push({
          code: "invalid_file",
          message: "The batch failed (x-mock-outcome: failed).",
          param: null,
          line: null
        })
      }
      if (errors.length > 0)
        return { ...batch, status: "failed", failed_at: at, errors: { object: "list", data: errors } }
      store.put(PLANS, id, { ...plan, answers })
      return {
        ...batch,
        status: "in_progress",
        in_progress_at: at,
        request_counts: countsOf(answers, Math.floor(answers.length / 2))
      }
    }
    case "in_progress": {
      const answers = plan.answers ?? []
      if (plan.outcome === "expired") {
        return {
          ...batch,
          status: "expired",
          expired_at: at,
          ...withFiles(store, id, answers.slice(0, Math.floor(answers.length / 2)))
        }
      }
      return { ...batch, status: "finalizing", finalizing_at: at, request_counts: countsOf(answers, answers.length) }
    }
    case "finalizing":
      return { ...batch, status: "completed", completed_at: at, ...withFiles(store, id, plan.answers ?? []) }
    case "cancelling":
      return { ...batch, status: "cancelled", cancelled_at: at }
    default:
      return batch
  }
}

/** A handler for the batch of the path, or a 404. */
const withBatch = (
  f: (info: RequestInfoShape, batch: Record<string, unknown>, id: string) => HttpServerResponse.HttpServerResponse
) =>
  handle((info, params) => {
    const id = params.batch_id ?? ""
    const batch = info.store.get(BATCHES, id)
    return batch === undefined ? notFound("batch", id) : f(info, batch, id)
  })

export const batches: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/batches",
    handle((info) => {
      const body = bodyRecord(info.body)
      const fileId = body.input_file_id
      if (typeof fileId !== "string" || fileId === "") {
        return badParam("input_file_id", "Missing required parameter: 'input_file_id'.")
      }
      const file = info.store.get("files", fileId)
      if (file === undefined) return badParam("input_file_id", `No file found with id '${fileId}'.`)
      if (file.purpose !== "batch") {
        return badParam("input_file_id", `File '${fileId}' has purpose '${String(file.purpose)}', not 'batch'.`)
      }
      if (typeof body.endpoint !== "string" || !endpoints.has(body.endpoint)) {
        return badParam("endpoint", `'${String(body.endpoint)}' is not a supported batch endpoint.`)
      }
      if (body.completion_window !== "24h") {
        return badParam("completion_window", `'${String(body.completion_window)}' is not supported: use '24h'.`)
      }
      if (body.metadata !== undefined && body.metadata !== null && !isStringRecord(body.metadata)) {
        return badParam("metadata", "metadata must be an object of string values.")
      }
      const requests = String(file.content ?? "")
        .split("\n")
        .filter((line) => line.trim() !== "").length
      const id = info.store.nextId("batch")
      const createdAt = now()
      info.store.put(PLANS, id, { outcome: outcomeOf(info, ["failed", "expired"]) })
      const batch = info.store.put(BATCHES, id, {
        id,
        object: "batch",
        endpoint: body.endpoint,
        errors: null,
        input_file_id: fileId,
        completion_window: "24h",
        status: "validating",
        output_file_id: null,
        error_file_id: null,
        created_at: createdAt,
        in_progress_at: null,
        expires_at: createdAt + 24 * 60 * 60,
        finalizing_at: null,
        completed_at: null,
        failed_at: null,
        expired_at: null,
        cancelling_at: null,
        cancelled_at: null,
        request_counts: { total: requests, completed: 0, failed: 0 },
        metadata: body.metadata ?? null
      })
      return json(200, batch)
    })
  ),
  HttpRouter.get(
    "/v1/batches",
    handle((info) => json(200, page(info.store.list(BATCHES), info.query)))
  ),
  HttpRouter.get(
    "/v1/batches/:batch_id",
    withBatch((info, batch, id) => json(200, info.store.put(BATCHES, id, advance(info.store, batch)), pollAfter(info)))
  ),
  HttpRouter.post(
    "/v1/batches/:batch_id/cancel",
    withBatch((info, batch, id) => {
      if (!cancellable.has(String(batch.status))) {
        return error(
          400,
          errorBody(`Cannot cancel a batch with status '${String(batch.status)}'.`, "invalid_request_error")
        )
      }
      return json(200, info.store.put(BATCHES, id, { ...batch, status: "cancelling", cancelling_at: now() }))
    })
  )
)
