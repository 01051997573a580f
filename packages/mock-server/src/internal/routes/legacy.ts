/**
 * The legacy endpoints: edits, fine-tunes (with the streamed event list),
 * engines, and the v1 assistant files and message files.
 *
 * - A fine-tune stays `pending` until its events are streamed
 *   (`GET /v1/fine-tunes/:id/events?stream=true`): the stream plays the rest
 *   of its life (enqueued, started, one event per epoch, model and result
 *   file uploaded, succeeded), then sends `data: [DONE]`. A cancelled or
 *   finished job streams the events it has, then `[DONE]`.
 * - The v1 file routes want `OpenAI-Beta: assistants=v1`, as the API did.
 *   Assistants come from the assistants store and the attached files from
 *   the files store; message files are read from the messages store (v1
 *   `file_ids`, or the v2 `attachments`).
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Stream from "effect/Stream"
import { errorBody } from "../errors.js"
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
import * as Sse from "../sse.js"
import { estimateTokens } from "../text.js"

const FINE_TUNES = "legacy_fine_tunes"
const ASSISTANT_FILES = "legacy_assistant_files"

// ---------------------------------------------------------------------------
// edits
// ---------------------------------------------------------------------------

const misspellings: Readonly<Record<string, string>> = {
  wek: "week",
  teh: "the",
  recieve: "receive",
  seperate: "separate",
  definately: "definitely",
  occured: "occurred"
}

/** A deterministic stand-in for the edit model. */
const applyInstruction = (input: string, instruction: string): string => {
  if (/upper/i.test(instruction)) return input.toUpperCase()
  if (/lower/i.test(instruction)) return input.toLowerCase()
  if (/spell|typo|fix/i.test(instruction)) {
    return input.replace(/[A-Za-z]+/g, (word) => misspellings[word.toLowerCase()] ?? word)
  }
  return `${input}${input === "" ? "" : " "}(${instruction})`
}

const isInt = (u: unknown, min: number, max: number) =>
  Number.isInteger(u) && (u as number) >= min && (u as number) <= max

const createEdit = handle((info) => {
  const body = bodyRecord(info.body)
  if (typeof body.model !== "string" || body.model === "") {
    return badParam("model", "Missing required parameter: 'model'.")
  }
  if (typeof body.instruction !== "string") {
    return badParam("instruction", "Missing required parameter: 'instruction'.")
  }
  const input = body.input ?? ""
  if (typeof input !== "string") return badParam("input", `'${String(input)}' is not of type 'string'.`)
  const n = body.n ?? 1
  if (!isInt(n, 1, 20)) return badParam("n", `${String(n)} is not a valid value for 'n': expected 1 to 20.`)
  const text = `${applyInstruction(input, body.instruction)}\n`
  const completion = estimateTokens(text) * (n as number)
  const prompt = estimateTokens(input + body.instruction)
  return json(200, {
    object: "edit",
    created: now(),
    choices: Array.from({ length: n as number }, (_, index) => ({ text, index, finish_reason: "stop" })),
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }
  })
})

// ---------------------------------------------------------------------------
// fine-tunes
// ---------------------------------------------------------------------------

const terminal = new Set(["succeeded", "failed", "cancelled"])

const fineTuneEvent = (message: string, level = "info") => ({
  object: "fine-tune-event",
  created_at: now(),
  level,
  message
})

const publicFile = (file: Record<string, unknown>) => {
  const { content: _, ...rest } = file
  return rest
}

/** A job as the API shows it: without the stored `suffix`, and without `events` in lists. */
const publicJob = (job: Record<string, unknown>, withEvents = true) => {
  const { suffix: _, events, ...rest } = job
  return withEvents ? { ...rest, events } : rest
}

const eventsOf = (job: Record<string, unknown>) => job.events as ReadonlyArray<Record<string, unknown>>

/** A file of the store by the id in `field`; a 400 naming the field when it is missing. */
const trainingFile = (store: Store, body: Record<string, unknown>, field: "training_file" | "validation_file") => {
  const id = body[field]
  if (typeof id !== "string" || id === "") return badParam(field, `Missing required parameter: '${field}'.`)
  const file = store.get("files", id)
  return file === undefined ? badParam(field, `No such File object: ${id}`) : publicFile(file)
}

const createFineTune = handle((info) => {
  const body = bodyRecord(info.body)
  const training = trainingFile(info.store, body, "training_file")
  if (HttpServerResponse.isServerResponse(training)) return training
  const validation =
    body.validation_file === undefined || body.validation_file === null
      ? undefined
      : trainingFile(info.store, body, "validation_file")
  if (validation !== undefined && HttpServerResponse.isServerResponse(validation)) return validation
  const nEpochs = body.n_epochs ?? 4
  if (!isInt(nEpochs, 1, 50)) return badParam("n_epochs", `${String(nEpochs)} is not a valid number of epochs.`)
  const id = info.store.nextId("ft", "-")
  const created = now()
  const classification: Record<string, unknown> = {}
  for (const key of [
    "compute_classification_metrics",
    "classification_n_classes",
    "classification_positive_class",
    "classification_betas"
  ]) {
    if (body[key] !== undefined && body[key] !== null) classification[key] = body[key]
  }
  const job = info.store.put(FINE_TUNES, id, {
    id,
    object: "fine-tune",
    model: typeof body.model === "string" ? body.model : "curie",
    created_at: created,
    updated_at: created,
    fine_tuned_model: null,
    organization_id: "org-mock",
    status: "pending",
    hyperparams: {
      batch_size: body.batch_size ?? null,
      learning_rate_multiplier: body.learning_rate_multiplier ?? null,
      n_epochs: nEpochs,
      prompt_loss_weight: body.prompt_loss_weight ?? 0.01,
      ...classification
    },
    training_files: [training],
    validation_files: validation === undefined ? [] : [validation],
    result_files: [],
    suffix: typeof body.suffix === "string" ? body.suffix : null,
    events: [fineTuneEvent(`Created fine-tune: ${id}`)]
  })
  return json(200, publicJob(job))
})

const stamp = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19).replace(/[T:]/g, "-")

/** Plays the rest of a pending job's life: it succeeds, with a model and a result file. */
const runToCompletion = (store: Store, job: Record<string, unknown>) => {
  if (terminal.has(String(job.status))) return job
  const id = String(job.id)
  const hyperparams = bodyRecord(job.hyperparams)
  const epochs = Number(hyperparams.n_epochs ?? 4)
  const suffix = typeof job.suffix === "string" ? `:${job.suffix}` : ""
  const model = `${String(job.model)}:ft-mock-org${suffix}-${stamp(Number(job.created_at))}`
  const csv = ["step,elapsed_tokens,elapsed_examples,training_loss"]
  for (let step = 1; step <= epochs; step++) csv.push(`${step},${step * 512},${step * 4},${(1 / step).toFixed(4)}`)
  const content = `${csv.join("\n")}\n`
  const fileId = store.nextId("file", "-")
  const resultFile = store.put("files", fileId, {
    id: fileId,
    object: "file",
    bytes: content.length,
    created_at: now(),
    filename: "compiled_results.csv",
    purpose: "fine-tune-results",
    status: "processed",
    status_details: null,
    content
  })
  const events = [
    fineTuneEvent("Fine-tune costs $0.00"),
    fineTuneEvent("Fine-tune enqueued. Queue number: 0"),
    fineTuneEvent("Fine-tune started"),
    ...Array.from({ length: epochs }, (_, i) => fineTuneEvent(`Completed epoch ${i + 1}/${epochs}`)),
    fineTuneEvent(`Uploaded model: ${model}`),
    fineTuneEvent(`Uploaded result file: ${fileId}`),
    fineTuneEvent("Fine-tune succeeded")
  ]
  return store.update(FINE_TUNES, id, {
    status: "succeeded",
    updated_at: now(),
    fine_tuned_model: model,
    hyperparams: {
      ...hyperparams,
      batch_size: hyperparams.batch_size ?? 1,
      learning_rate_multiplier: hyperparams.learning_rate_multiplier ?? 0.1
    },
    result_files: [publicFile(resultFile)],
    events: [...eventsOf(job), ...events]
  })!
}

const withFineTune = (
  f: (info: RequestInfoShape, job: Record<string, unknown>) => HttpServerResponse.HttpServerResponse
) =>
  handle((info, params) => {
    const id = params.fine_tune_id ?? ""
    const job = info.store.get(FINE_TUNES, id)
    return job === undefined ? notFound("fine-tune", id) : f(info, job)
  })

const cancelFineTune = withFineTune((info, job) => {
  const id = String(job.id)
  if (terminal.has(String(job.status))) {
    return error(400, errorBody(`Cannot cancel a job that already ${String(job.status)}.`, "invalid_request_error"))
  }
  const cancelled = info.store.update(FINE_TUNES, id, {
    status: "cancelled",
    updated_at: now(),
    events: [...eventsOf(job), fineTuneEvent("Fine-tune cancelled")]
  })!
  return json(200, publicJob(cancelled))
})

const fineTuneEvents = withFineTune((info, job) => {
  if (info.query.get("stream") !== "true") return json(200, { object: "list", data: eventsOf(job) })
  const finished = runToCompletion(info.store, job)
  const chunks: Array<Uint8Array> = eventsOf(finished).map(Sse.event)
  chunks.push(Sse.done.bytes)
  return HttpServerResponse.stream(Stream.fromIterable(chunks), {
    contentType: "text/event-stream; charset=utf-8",
    headers: { "cache-control": "no-cache" }
  })
})

// ---------------------------------------------------------------------------
// engines
// ---------------------------------------------------------------------------

const ENGINES: ReadonlyArray<Record<string, unknown>> = [
  { id: "davinci", object: "engine", created: null, owner: "openai", ready: true },
  { id: "curie", object: "engine", created: null, owner: "openai", ready: true },
  { id: "babbage", object: "engine", created: null, owner: "openai", ready: true },
  { id: "ada", object: "engine", created: null, owner: "openai", ready: true },
  { id: "text-davinci-edit-001", object: "engine", created: null, owner: "openai", ready: true },
  { id: "gpt-3.5-turbo", object: "engine", created: 1677610602, owner: "openai", ready: true }
]

// ---------------------------------------------------------------------------
// v1 assistant files and message files
// ---------------------------------------------------------------------------

/** The v1 routes answer only with `OpenAI-Beta: assistants=v1`. */
const requireV1 = (info: RequestInfoShape) => {
  const beta = info.headers["openai-beta"] ?? ""
  if (beta.split(",").some((v) => v.trim() === "assistants=v1")) return undefined
  const message =
    beta === ""
      ? "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v1'."
      : `This endpoint is only available in the v1 Assistants API: send 'OpenAI-Beta: assistants=v1' (got '${beta}').`
  return error(400, errorBody(message, "invalid_request_error", null, "invalid_beta"))
}

const v1 = (
  f: (
    info: RequestInfoShape,
    params: Readonly<Record<string, string | undefined>>
  ) => HttpServerResponse.HttpServerResponse
) => handle((info, params) => requireV1(info) ?? f(info, params))

/** Runs `f` when the assistants store has the assistant, else a 404. */
const withAssistant = (
  f: (
    info: RequestInfoShape,
    assistantId: string,
    params: Readonly<Record<string, string | undefined>>
  ) => HttpServerResponse.HttpServerResponse
) =>
  v1((info, params) => {
    const assistantId = params.assistant_id ?? ""
    return info.store.get("assistants", assistantId) === undefined
      ? notFound("assistant", assistantId)
      : f(info, assistantId, params)
  })

const assistantFileKey = (assistantId: string, fileId: string) => `${assistantId}/${fileId}`

const createAssistantFile = withAssistant((info, assistantId) => {
  const fileId = bodyRecord(info.body).file_id
  if (typeof fileId !== "string" || fileId === "") return badParam("file_id", "Missing required parameter: 'file_id'.")
  if (info.store.get("files", fileId) === undefined) return badParam("file_id", `No file found with id '${fileId}'.`)
  const key = assistantFileKey(assistantId, fileId)
  if (info.store.get(ASSISTANT_FILES, key) !== undefined) {
    return badParam("file_id", `File '${fileId}' is already attached to assistant '${assistantId}'.`)
  }
  const attached = { id: fileId, object: "assistant.file", created_at: now(), assistant_id: assistantId }
  return json(200, info.store.put(ASSISTANT_FILES, key, attached))
})

const retrieveAssistantFile = withAssistant((info, assistantId, params) => {
  const fileId = params.file_id ?? ""
  const file = info.store.get(ASSISTANT_FILES, assistantFileKey(assistantId, fileId))
  return file === undefined ? notFound("assistant file", fileId) : json(200, file)
})

const deleteAssistantFile = withAssistant((info, assistantId, params) => {
  const fileId = params.file_id ?? ""
  return info.store.delete(ASSISTANT_FILES, assistantFileKey(assistantId, fileId))
    ? json(200, { id: fileId, object: "assistant.file.deleted", deleted: true })
    : notFound("assistant file", fileId)
})

const listAssistantFiles = withAssistant((info, assistantId) =>
  json(
    200,
    page(
      info.store.list(ASSISTANT_FILES, (f) => f.assistant_id === assistantId),
      info.query
    )
  )
)

/** The files of a message of the messages store: v1 `file_ids`, or the v2 `attachments`. */
const messageFiles = (
  info: RequestInfoShape,
  params: Readonly<Record<string, string | undefined>>
): ReadonlyArray<Record<string, unknown>> | undefined => {
  const messageId = params.message_id ?? ""
  const message = info.store.get("messages", messageId)
  if (message === undefined || message.thread_id !== params.thread_id) return undefined
  const ids: Array<unknown> = Array.isArray(message.file_ids)
    ? message.file_ids
    : Array.isArray(message.attachments)
      ? message.attachments.map((a) => bodyRecord(a).file_id)
      : []
  const createdAt = typeof message.created_at === "number" ? message.created_at : now()
  return [...new Set(ids.filter((id): id is string => typeof id === "string"))].map((id) => ({
    id,
    object: "thread.message.file",
    created_at: createdAt,
    message_id: messageId
  }))
}

const listMessageFiles = v1((info, params) => {
  const files = messageFiles(info, params)
  return files === undefined ? notFound("message", params.message_id ?? "") : json(200, page(files, info.query))
})

const retrieveMessageFile = v1((info, params) => {
  const files = messageFiles(info, params)
  if (files === undefined) return notFound("message", params.message_id ?? "")
  const file = files.find((f) => f.id === params.file_id)
  return file === undefined ? notFound("message file", params.file_id ?? "") : json(200, file)
})

export const legacy: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post("/v1/edits", createEdit),
  HttpRouter.post("/v1/fine-tunes", createFineTune),
  HttpRouter.get(
    "/v1/fine-tunes",
    handle((info) =>
      json(200, { object: "list", data: info.store.list(FINE_TUNES).map((job) => publicJob(job, false)) })
    )
  ),
  HttpRouter.get(
    "/v1/fine-tunes/:fine_tune_id",
    withFineTune((_, job) => json(200, publicJob(job)))
  ),
  HttpRouter.post("/v1/fine-tunes/:fine_tune_id/cancel", cancelFineTune),
  HttpRouter.get("/v1/fine-tunes/:fine_tune_id/events", fineTuneEvents),
  HttpRouter.get(
    "/v1/engines",
    handle(() => json(200, { object: "list", data: ENGINES }))
  ),
  HttpRouter.get(
    "/v1/engines/:engine_id",
    handle((_, params) => {
      const engine = ENGINES.find((e) => e.id === params.engine_id)
      return engine === undefined ? notFound("engine", params.engine_id ?? "") : json(200, engine)
    })
  ),
  HttpRouter.post("/v1/assistants/:assistant_id/files", createAssistantFile),
  HttpRouter.get("/v1/assistants/:assistant_id/files", listAssistantFiles),
  HttpRouter.get("/v1/assistants/:assistant_id/files/:file_id", retrieveAssistantFile),
  HttpRouter.del("/v1/assistants/:assistant_id/files/:file_id", deleteAssistantFile),
  HttpRouter.get("/v1/threads/:thread_id/messages/:message_id/files", listMessageFiles),
  HttpRouter.get("/v1/threads/:thread_id/messages/:message_id/files/:file_id", retrieveMessageFile)
)
