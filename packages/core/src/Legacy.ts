/**
 * Legacy: the endpoints the 2024-05 spec no longer has but established
 * clients still ship. Edits, the pre-`fine_tuning` fine-tunes (with their
 * streamed event list), engines, and the v1 assistant files and message
 * files (sent with `OpenAI-Beta: assistants=v1`). Every export is
 * deprecated and names what replaces it; use them only to talk to a server
 * that still serves them (an older OpenAI-compatible server, a proxy, a
 * recording).
 *
 * The spec has none of these, so the schemas are written by hand from the
 * shapes openai-node v3/v4 and the API reference of the time documented.
 *
 * What replaces them: edits → `Chat.create`; fine-tunes → the `FineTuning`
 * jobs; engines → `Models`; v1 assistant files → the v2 assistant's
 * `tool_resources` (`VectorStores`, `VectorStoreFiles`); v1 message files →
 * the v2 message's `attachments` (`Messages`).
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const edit = yield* Legacy.createEdit({
 *     model: "text-davinci-edit-001",
 *     input: "What day of the wek is it?",
 *     instruction: "Fix the spelling mistakes"
 *   })
 *   // { object: "edit", created: 1589478378, choices: [{ text: "What day of the week is it?\n", index: 0, finish_reason: "stop" }], usage: { … } }
 *   const job = yield* Legacy.createFineTune({ training_file: "file-abc123", model: "curie" })
 *   // { id: "ft-AF1WoRqd3aJAHsqc9NY7iL8F", object: "fine-tune", status: "pending", hyperparams: { n_epochs: 4, … }, … }
 *   yield* Legacy.streamFineTuneEvents(job.id).pipe(
 *     Stream.runForEach((event) => Effect.log(`${event.level}: ${event.message}`)) // ends at `data: [DONE]`
 *   )
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { OpenAIFile } from "./generated/Files.js"
import { CompletionUsage } from "./generated/Shared.js"
import { assistantsV1 } from "./internal/beta.js"
import { allPages } from "./internal/pagination.js"
import * as Params from "./internal/params.js"
import { OpenEnum } from "./internal/schema.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/** An optional request field that may also be sent as `null`. */
const nullable = <A, I>(schema: Schema.Schema<A, I>) => Schema.optional(Schema.NullOr(schema))

const PositiveInt = Schema.Int.pipe(Schema.greaterThanOrEqualTo(1))

/** A plain list: `{ object: "list", data }`, without a cursor. */
const listOf = <A, I>(item: Schema.Schema<A, I>, identifier: string) =>
  Schema.Struct({ object: OpenEnum("list"), data: Schema.Array(item) }).annotations({ identifier })

// ---------------------------------------------------------------------------
// edits
// ---------------------------------------------------------------------------

/**
 * The request of `createEdit`: `{ model, input?, instruction, n?, temperature?, top_p? }`.
 *
 * @deprecated The Edits API is retired: use `Chat.create` with the
 * instruction in a system message and the text in a user message.
 * @since 0.1.0
 * @category schemas
 */
export const CreateEditRequest = Schema.Struct({
  /** `text-davinci-edit-001` or `code-davinci-edit-001` (any string is sent) */
  model: Schema.String,
  /** The text to edit; empty when left out */
  input: nullable(Schema.String),
  /** How the model should edit the input */
  instruction: Schema.String,
  /** How many edits to generate, 1 to 20 */
  n: nullable(Schema.Int.pipe(Schema.between(1, 20))),
  /** Sampling temperature, 0 to 2 */
  temperature: nullable(Schema.Number.pipe(Schema.between(0, 2))),
  /** Nucleus sampling mass, 0 to 1 */
  top_p: nullable(Schema.Number.pipe(Schema.between(0, 1)))
}).annotations({ identifier: "CreateEditRequest" })

/**
 * The parameters of `createEdit`. Fields the schema does not know are sent
 * unchanged.
 *
 * @deprecated The Edits API is retired: use `Chat.CreateParams`.
 * @since 0.1.0
 * @category models
 */
export type CreateEditParams = typeof CreateEditRequest.Type & { readonly [extra: string]: unknown }

/**
 * One edit: `{ text, index, finish_reason }`.
 *
 * @deprecated The Edits API is retired: use `Chat.ChatCompletion`'s choices.
 * @since 0.1.0
 * @category schemas
 */
export const EditChoice = Schema.Struct({
  text: Schema.String,
  index: Schema.Number,
  finish_reason: OpenEnum("stop", "length")
}).annotations({ identifier: "EditChoice" })
/**
 * @deprecated The Edits API is retired: use `Chat.ChatCompletion`'s choices.
 * @since 0.1.0
 * @category models
 */
export type EditChoice = typeof EditChoice.Type

/**
 * An edit response: `{ object: "edit", created, choices: [{ text, index, finish_reason }], usage }`.
 *
 * @deprecated The Edits API is retired: use `Chat.ChatCompletion`.
 * @since 0.1.0
 * @category schemas
 */
export const Edit = Schema.Struct({
  object: OpenEnum("edit"),
  created: Schema.Number,
  choices: Schema.Array(EditChoice),
  usage: CompletionUsage
}).annotations({ identifier: "Edit" })
/**
 * @deprecated The Edits API is retired: use `Chat.ChatCompletion`.
 * @since 0.1.0
 * @category models
 */
export type Edit = typeof Edit.Type

// ---------------------------------------------------------------------------
// fine-tunes
// ---------------------------------------------------------------------------

/**
 * The request of `createFineTune`. Only `training_file` is required.
 *
 * @deprecated The fine-tunes API is retired: use the `FineTuning` module
 * (`POST /fine_tuning/jobs`), whose request takes `hyperparameters`.
 * @since 0.1.0
 * @category schemas
 */
export const CreateFineTuneRequest = Schema.Struct({
  /** The id of an uploaded JSONL file of `{ prompt, completion }` lines (purpose `fine-tune`) */
  training_file: Schema.String,
  /** The id of an uploaded validation file */
  validation_file: nullable(Schema.String),
  /** The base model: `ada`, `babbage`, `curie`, `davinci` or an earlier fine-tune (any string is sent) */
  model: nullable(Schema.String),
  /** Epochs to train for (default 4) */
  n_epochs: nullable(PositiveInt),
  /** Examples per batch (default: about 0.2% of the training set, at most 256) */
  batch_size: nullable(PositiveInt),
  /** Multiplies the pretraining learning rate (default 0.05, 0.1 or 0.2) */
  learning_rate_multiplier: nullable(Schema.Number.pipe(Schema.positive())),
  /** The weight of the loss on prompt tokens (default 0.01) */
  prompt_loss_weight: nullable(Schema.Number.pipe(Schema.nonNegative())),
  /** Compute classification metrics on the validation set after every epoch */
  compute_classification_metrics: nullable(Schema.Boolean),
  /** The number of classes, for multiclass classification */
  classification_n_classes: nullable(PositiveInt),
  /** The positive class, for binary classification */
  classification_positive_class: nullable(Schema.String),
  /** Betas at which to compute F-beta scores, for binary classification */
  classification_betas: nullable(Schema.Array(Schema.Number)),
  /** Up to 40 characters added to the fine-tuned model's name */
  suffix: nullable(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(40)))
}).annotations({ identifier: "CreateFineTuneRequest" })

/**
 * The parameters of `createFineTune`. Fields the schema does not know are
 * sent unchanged.
 *
 * @deprecated The fine-tunes API is retired: use `FineTuning.CreateJobParams`.
 * @since 0.1.0
 * @category models
 */
export type CreateFineTuneParams = typeof CreateFineTuneRequest.Type & { readonly [extra: string]: unknown }

/**
 * One event of a fine-tune: `{ object: "fine-tune-event", created_at, level, message }`.
 *
 * @deprecated The fine-tunes API is retired: use `FineTuning.FineTuningJobEvent`.
 * @since 0.1.0
 * @category schemas
 */
export const FineTuneEvent = Schema.Struct({
  object: OpenEnum("fine-tune-event"),
  created_at: Schema.Number,
  level: OpenEnum("info", "warn", "error"),
  message: Schema.String
}).annotations({ identifier: "FineTuneEvent" })
/**
 * @deprecated The fine-tunes API is retired: use `FineTuning.FineTuningJobEvent`.
 * @since 0.1.0
 * @category models
 */
export type FineTuneEvent = typeof FineTuneEvent.Type

/**
 * The hyperparameters of a fine-tune. `batch_size` and
 * `learning_rate_multiplier` are `null` until the job has picked them.
 *
 * @deprecated The fine-tunes API is retired: use the `hyperparameters` of `FineTuning.FineTuningJob`.
 * @since 0.1.0
 * @category schemas
 */
export const FineTuneHyperparams = Schema.Struct({
  batch_size: Schema.NullOr(Schema.Number),
  learning_rate_multiplier: Schema.NullOr(Schema.Number),
  n_epochs: Schema.NullOr(Schema.Number),
  prompt_loss_weight: Schema.NullOr(Schema.Number),
  compute_classification_metrics: Schema.optional(Schema.NullOr(Schema.Boolean)),
  classification_n_classes: Schema.optional(Schema.NullOr(Schema.Number)),
  classification_positive_class: Schema.optional(Schema.NullOr(Schema.String)),
  classification_betas: Schema.optional(Schema.NullOr(Schema.Array(Schema.Number)))
}).annotations({ identifier: "FineTuneHyperparams" })
/**
 * @deprecated The fine-tunes API is retired: use the `hyperparameters` of `FineTuning.FineTuningJob`.
 * @since 0.1.0
 * @category models
 */
export type FineTuneHyperparams = typeof FineTuneHyperparams.Type

/**
 * A legacy fine-tune job: `{ id, object: "fine-tune", created_at, updated_at,
 * model, fine_tuned_model, organization_id, status, hyperparams,
 * training_files, validation_files, result_files, events? }`. The files are
 * full `Files.OpenAIFile` objects; `events` comes with create and retrieve.
 *
 * @deprecated The fine-tunes API is retired: use `FineTuning.FineTuningJob` (`fine_tuning.job`).
 * @since 0.1.0
 * @category schemas
 */
export const FineTune = Schema.Struct({
  id: Schema.String,
  object: OpenEnum("fine-tune"),
  created_at: Schema.Number,
  updated_at: Schema.Number,
  model: Schema.String,
  fine_tuned_model: Schema.NullOr(Schema.String),
  organization_id: Schema.String,
  status: OpenEnum("created", "pending", "running", "succeeded", "failed", "cancelled"),
  hyperparams: FineTuneHyperparams,
  training_files: Schema.Array(OpenAIFile),
  validation_files: Schema.Array(OpenAIFile),
  result_files: Schema.Array(OpenAIFile),
  events: Schema.optional(Schema.Array(FineTuneEvent))
}).annotations({ identifier: "FineTune" })
/**
 * @deprecated The fine-tunes API is retired: use `FineTuning.FineTuningJob` (`fine_tuning.job`).
 * @since 0.1.0
 * @category models
 */
export type FineTune = typeof FineTune.Type

/**
 * The list of fine-tunes: `{ object: "list", data: FineTune[] }` (one page, no cursor).
 *
 * @deprecated The fine-tunes API is retired: use `FineTuning.ListJobsResponse`.
 * @since 0.1.0
 * @category schemas
 */
export const ListFineTunesResponse = listOf(FineTune, "ListFineTunesResponse")
/**
 * @deprecated The fine-tunes API is retired: use `FineTuning.ListJobsResponse`.
 * @since 0.1.0
 * @category models
 */
export type ListFineTunesResponse = typeof ListFineTunesResponse.Type

/**
 * The events of a fine-tune so far: `{ object: "list", data: FineTuneEvent[] }`.
 *
 * @deprecated The fine-tunes API is retired: use `FineTuning.ListEventsResponse`.
 * @since 0.1.0
 * @category schemas
 */
export const ListFineTuneEventsResponse = listOf(FineTuneEvent, "ListFineTuneEventsResponse")
/**
 * @deprecated The fine-tunes API is retired: use `FineTuning.ListEventsResponse`.
 * @since 0.1.0
 * @category models
 */
export type ListFineTuneEventsResponse = typeof ListFineTuneEventsResponse.Type

// ---------------------------------------------------------------------------
// engines
// ---------------------------------------------------------------------------

/**
 * An engine: `{ id, object: "engine", created, owner, ready }`. Servers
 * differ on `created` (a number or `null`) and `owner`, so both may be absent.
 *
 * @deprecated Engines were replaced by models: use `Models.Model`.
 * @since 0.1.0
 * @category schemas
 */
export const Engine = Schema.Struct({
  id: Schema.String,
  object: OpenEnum("engine"),
  created: Schema.optional(Schema.NullOr(Schema.Number)),
  owner: Schema.optional(Schema.String),
  ready: Schema.Boolean
}).annotations({ identifier: "Engine" })
/**
 * @deprecated Engines were replaced by models: use `Models.Model`.
 * @since 0.1.0
 * @category models
 */
export type Engine = typeof Engine.Type

/**
 * The list of engines: `{ object: "list", data: Engine[] }`.
 *
 * @deprecated Engines were replaced by models: use `Models.ListModelsResponse`.
 * @since 0.1.0
 * @category schemas
 */
export const ListEnginesResponse = listOf(Engine, "ListEnginesResponse")
/**
 * @deprecated Engines were replaced by models: use `Models.ListModelsResponse`.
 * @since 0.1.0
 * @category models
 */
export type ListEnginesResponse = typeof ListEnginesResponse.Type

// ---------------------------------------------------------------------------
// v1 assistant files and message files
// ---------------------------------------------------------------------------

/**
 * The request of `createAssistantFile`: `{ file_id }`.
 *
 * @deprecated Assistants v1 is retired: in v2, give the assistant
 * `tool_resources` (a vector store for `file_search`, file ids for
 * `code_interpreter`).
 * @since 0.1.0
 * @category schemas
 */
export const CreateAssistantFileRequest = Schema.Struct({
  /** The id of a file uploaded with purpose `assistants` */
  file_id: Schema.String
}).annotations({ identifier: "CreateAssistantFileRequest" })

/**
 * The parameters of `createAssistantFile`.
 *
 * @deprecated Assistants v1 is retired: use `tool_resources` on the v2 assistant.
 * @since 0.1.0
 * @category models
 */
export type CreateAssistantFileParams = typeof CreateAssistantFileRequest.Type & { readonly [extra: string]: unknown }

/**
 * A file attached to a v1 assistant: `{ id, object: "assistant.file", created_at, assistant_id }`.
 *
 * @deprecated Assistants v1 is retired: use `tool_resources` on the v2
 * assistant and the `VectorStoreFiles` module.
 * @since 0.1.0
 * @category schemas
 */
export const AssistantFile = Schema.Struct({
  id: Schema.String,
  object: OpenEnum("assistant.file"),
  created_at: Schema.Number,
  assistant_id: Schema.String
}).annotations({ identifier: "AssistantFile" })
/**
 * @deprecated Assistants v1 is retired: use `tool_resources` and `VectorStoreFiles`.
 * @since 0.1.0
 * @category models
 */
export type AssistantFile = typeof AssistantFile.Type

/**
 * The answer to `deleteAssistantFile`: `{ id, object: "assistant.file.deleted", deleted }`.
 * The file itself is not deleted, only detached.
 *
 * @deprecated Assistants v1 is retired: update the v2 assistant's `tool_resources` instead.
 * @since 0.1.0
 * @category schemas
 */
export const DeleteAssistantFileResponse = Schema.Struct({
  id: Schema.String,
  object: OpenEnum("assistant.file.deleted"),
  deleted: Schema.Boolean
}).annotations({ identifier: "DeleteAssistantFileResponse" })
/**
 * @deprecated Assistants v1 is retired: update the v2 assistant's `tool_resources` instead.
 * @since 0.1.0
 * @category models
 */
export type DeleteAssistantFileResponse = typeof DeleteAssistantFileResponse.Type

/**
 * A file attached to a v1 message: `{ id, object: "thread.message.file", created_at, message_id }`.
 *
 * @deprecated Assistants v1 is retired: v2 messages carry `attachments` (`Messages` module).
 * @since 0.1.0
 * @category schemas
 */
export const MessageFile = Schema.Struct({
  id: Schema.String,
  object: OpenEnum("thread.message.file"),
  created_at: Schema.Number,
  message_id: Schema.String
}).annotations({ identifier: "MessageFile" })
/**
 * @deprecated Assistants v1 is retired: read the v2 message's `attachments`.
 * @since 0.1.0
 * @category models
 */
export type MessageFile = typeof MessageFile.Type

const cursorPage = <A, I>(item: Schema.Schema<A, I>, identifier: string) =>
  Schema.Struct({
    object: OpenEnum("list"),
    data: Schema.Array(item),
    first_id: Schema.optional(Schema.NullOr(Schema.String)),
    last_id: Schema.optional(Schema.NullOr(Schema.String)),
    has_more: Schema.Boolean
  }).annotations({ identifier })

/**
 * One page of a v1 assistant's files: `{ object: "list", data, first_id, last_id, has_more }`.
 *
 * @deprecated Assistants v1 is retired: list the files of the assistant's vector store (`VectorStoreFiles`).
 * @since 0.1.0
 * @category schemas
 */
export const ListAssistantFilesResponse = cursorPage(AssistantFile, "ListAssistantFilesResponse")
/**
 * @deprecated Assistants v1 is retired: list the files of the assistant's vector store (`VectorStoreFiles`).
 * @since 0.1.0
 * @category models
 */
export type ListAssistantFilesResponse = typeof ListAssistantFilesResponse.Type

/**
 * One page of a v1 message's files: `{ object: "list", data, first_id, last_id, has_more }`.
 *
 * @deprecated Assistants v1 is retired: read the v2 message's `attachments`.
 * @since 0.1.0
 * @category schemas
 */
export const ListMessageFilesResponse = cursorPage(MessageFile, "ListMessageFilesResponse")
/**
 * @deprecated Assistants v1 is retired: read the v2 message's `attachments`.
 * @since 0.1.0
 * @category models
 */
export type ListMessageFilesResponse = typeof ListMessageFilesResponse.Type

/**
 * The cursor parameters of the v1 file lists: `limit` (1 to 100, default
 * 20), `order` by `created_at` (`desc` by default), `after` and `before` ids.
 *
 * @deprecated Assistants v1 is retired: the v2 lists take the same cursor parameters.
 * @since 0.1.0
 * @category models
 */
export interface ListParams {
  readonly limit?: number | undefined
  readonly order?: "asc" | "desc" | undefined
  readonly after?: string | undefined
  readonly before?: string | undefined
}

// ---------------------------------------------------------------------------
// the service
// ---------------------------------------------------------------------------

/**
 * The Legacy service.
 *
 * @deprecated Every call here has a replacement: see each method.
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /edits` (createEdit) */
  readonly createEdit: (params: CreateEditParams) => Effect.Effect<Edit, OpenAiError>
  /** `POST /fine-tunes` (createFineTune) */
  readonly createFineTune: (params: CreateFineTuneParams) => Effect.Effect<FineTune, OpenAiError>
  /** `GET /fine-tunes` (listFineTunes) */
  readonly listFineTunes: () => Effect.Effect<ListFineTunesResponse, OpenAiError>
  /** `GET /fine-tunes/{fine_tune_id}` (retrieveFineTune) */
  readonly retrieveFineTune: (fineTuneId: string) => Effect.Effect<FineTune, OpenAiError>
  /** `POST /fine-tunes/{fine_tune_id}/cancel` (cancelFineTune) */
  readonly cancelFineTune: (fineTuneId: string) => Effect.Effect<FineTune, OpenAiError>
  /** `GET /fine-tunes/{fine_tune_id}/events` (listFineTuneEvents): the events so far */
  readonly listFineTuneEvents: (fineTuneId: string) => Effect.Effect<ListFineTuneEventsResponse, OpenAiError>
  /**
   * `GET /fine-tunes/{fine_tune_id}/events?stream=true` (listFineTuneEvents):
   * the events as server-sent events until the job finishes (`data: [DONE]`).
   * Interrupting the stream aborts the request.
   */
  readonly streamFineTuneEvents: (fineTuneId: string) => Stream.Stream<FineTuneEvent, OpenAiError>
  /** `GET /engines` (listEngines) */
  readonly listEngines: () => Effect.Effect<ListEnginesResponse, OpenAiError>
  /** `GET /engines/{engine_id}` (retrieveEngine) */
  readonly retrieveEngine: (engineId: string) => Effect.Effect<Engine, OpenAiError>
  /** `POST /assistants/{assistant_id}/files` (createAssistantFile), `OpenAI-Beta: assistants=v1` */
  readonly createAssistantFile: (
    assistantId: string,
    params: CreateAssistantFileParams
  ) => Effect.Effect<AssistantFile, OpenAiError>
  /** `GET /assistants/{assistant_id}/files/{file_id}` (getAssistantFile), `OpenAI-Beta: assistants=v1` */
  readonly retrieveAssistantFile: (assistantId: string, fileId: string) => Effect.Effect<AssistantFile, OpenAiError>
  /** `GET /assistants/{assistant_id}/files` (listAssistantFiles), one page, `OpenAI-Beta: assistants=v1` */
  readonly listAssistantFiles: (
    assistantId: string,
    params?: ListParams
  ) => Effect.Effect<ListAssistantFilesResponse, OpenAiError>
  /** Every file of `listAssistantFiles`, page after page, lazily */
  readonly listAssistantFilesAll: (
    assistantId: string,
    params?: ListParams
  ) => Stream.Stream<AssistantFile, OpenAiError>
  /** `DELETE /assistants/{assistant_id}/files/{file_id}` (deleteAssistantFile), `OpenAI-Beta: assistants=v1` */
  readonly deleteAssistantFile: (
    assistantId: string,
    fileId: string
  ) => Effect.Effect<DeleteAssistantFileResponse, OpenAiError>
  /** `GET /threads/{thread_id}/messages/{message_id}/files/{file_id}` (getMessageFile), `OpenAI-Beta: assistants=v1` */
  readonly retrieveMessageFile: (
    threadId: string,
    messageId: string,
    fileId: string
  ) => Effect.Effect<MessageFile, OpenAiError>
  /** `GET /threads/{thread_id}/messages/{message_id}/files` (listMessageFiles), one page, `OpenAI-Beta: assistants=v1` */
  readonly listMessageFiles: (
    threadId: string,
    messageId: string,
    params?: ListParams
  ) => Effect.Effect<ListMessageFilesResponse, OpenAiError>
  /** Every file of `listMessageFiles`, page after page, lazily */
  readonly listMessageFilesAll: (
    threadId: string,
    messageId: string,
    params?: ListParams
  ) => Stream.Stream<MessageFile, OpenAiError>
}

/**
 * @deprecated Every call here has a replacement: see each method.
 * @since 0.1.0
 * @category tags
 */
export class Legacy extends Context.Tag("@effect-openai/core/Legacy")<Legacy, Service>() {}

const fineTuneEvents = (fineTuneId: string, stream: boolean) =>
  ({
    operationId: "listFineTuneEvents",
    method: "GET",
    path: "/fine-tunes/{fine_tune_id}/events",
    pathParams: { fine_tune_id: fineTuneId },
    query: { stream: stream ? true : undefined }
  }) as const

const assistantFile = (assistantId: string, fileId: string) => ({
  path: "/assistants/{assistant_id}/files/{file_id}",
  pathParams: { assistant_id: assistantId, file_id: fileId },
  headers: assistantsV1
})

/**
 * @deprecated Every call here has a replacement: see each method.
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  const listAssistantFiles = (assistantId: string, params?: ListParams) =>
    client.json(
      {
        operationId: "listAssistantFiles",
        method: "GET",
        path: "/assistants/{assistant_id}/files",
        pathParams: { assistant_id: assistantId },
        query: Params.query(params),
        headers: assistantsV1
      },
      ListAssistantFilesResponse
    )
  const listMessageFiles = (threadId: string, messageId: string, params?: ListParams) =>
    client.json(
      {
        operationId: "listMessageFiles",
        method: "GET",
        path: "/threads/{thread_id}/messages/{message_id}/files",
        pathParams: { thread_id: threadId, message_id: messageId },
        query: Params.query(params),
        headers: assistantsV1
      },
      ListMessageFilesResponse
    )
  const fineTune = (operationId: string, method: "GET" | "POST", suffix: string, fineTuneId: string) =>
    client.json(
      { operationId, method, path: `/fine-tunes/{fine_tune_id}${suffix}`, pathParams: { fine_tune_id: fineTuneId } },
      FineTune
    )
  return {
    createEdit: (params) =>
      client.json(
        {
          operationId: "createEdit",
          method: "POST",
          path: "/edits",
          body: { _tag: "Json", schema: CreateEditRequest, value: params }
        },
        Edit
      ),
    createFineTune: (params) =>
      client.json(
        {
          operationId: "createFineTune",
          method: "POST",
          path: "/fine-tunes",
          body: { _tag: "Json", schema: CreateFineTuneRequest, value: params }
        },
        FineTune
      ),
    listFineTunes: () =>
      client.json({ operationId: "listFineTunes", method: "GET", path: "/fine-tunes" }, ListFineTunesResponse),
    retrieveFineTune: (fineTuneId) => fineTune("retrieveFineTune", "GET", "", fineTuneId),
    cancelFineTune: (fineTuneId) => fineTune("cancelFineTune", "POST", "/cancel", fineTuneId),
    listFineTuneEvents: (fineTuneId) => client.json(fineTuneEvents(fineTuneId, false), ListFineTuneEventsResponse),
    streamFineTuneEvents: (fineTuneId) => client.jsonStream(fineTuneEvents(fineTuneId, true), FineTuneEvent),
    listEngines: () =>
      client.json({ operationId: "listEngines", method: "GET", path: "/engines" }, ListEnginesResponse),
    retrieveEngine: (engineId) =>
      client.json(
        {
          operationId: "retrieveEngine",
          method: "GET",
          path: "/engines/{engine_id}",
          pathParams: { engine_id: engineId }
        },
        Engine
      ),
    createAssistantFile: (assistantId, params) =>
      client.json(
        {
          operationId: "createAssistantFile",
          method: "POST",
          path: "/assistants/{assistant_id}/files",
          pathParams: { assistant_id: assistantId },
          body: { _tag: "Json", schema: CreateAssistantFileRequest, value: params },
          headers: assistantsV1
        },
        AssistantFile
      ),
    retrieveAssistantFile: (assistantId, fileId) =>
      client.json(
        { operationId: "getAssistantFile", method: "GET", ...assistantFile(assistantId, fileId) },
        AssistantFile
      ),
    listAssistantFiles,
    listAssistantFilesAll: (assistantId, params) => allPages(params, (p) => listAssistantFiles(assistantId, p)),
    deleteAssistantFile: (assistantId, fileId) =>
      client.json(
        { operationId: "deleteAssistantFile", method: "DELETE", ...assistantFile(assistantId, fileId) },
        DeleteAssistantFileResponse
      ),
    retrieveMessageFile: (threadId, messageId, fileId) =>
      client.json(
        {
          operationId: "getMessageFile",
          method: "GET",
          path: "/threads/{thread_id}/messages/{message_id}/files/{file_id}",
          pathParams: { thread_id: threadId, message_id: messageId, file_id: fileId },
          headers: assistantsV1
        },
        MessageFile
      ),
    listMessageFiles,
    listMessageFilesAll: (threadId, messageId, params) =>
      allPages(params, (p) => listMessageFiles(threadId, messageId, p))
  }
})

/**
 * @deprecated Every call here has a replacement: see each method.
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Legacy, never, OpenAiClient> = Layer.effect(Legacy, make)

// ---------------------------------------------------------------------------
// accessors
// ---------------------------------------------------------------------------

/**
 * Edits a text following an instruction.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const edit = Legacy.createEdit({ model: "text-davinci-edit-001", input: "teh cat", instruction: "Fix the spelling" })
 * // { object: "edit", created, choices: [{ text: "the cat\n", index: 0, finish_reason: "stop" }], usage: { prompt_tokens, completion_tokens, total_tokens } }
 * ```
 *
 * @deprecated The Edits API is retired: use `Chat.create` with the
 * instruction as a system message and the text as a user message.
 * @since 0.1.0
 * @category accessors
 */
export const createEdit = (params: CreateEditParams): Effect.Effect<Edit, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.createEdit(params))

/**
 * Starts a legacy fine-tune from an uploaded training file.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const job = Legacy.createFineTune({ training_file: "file-abc123", model: "curie", n_epochs: 2, suffix: "support" })
 * // { id: "ft-…", object: "fine-tune", status: "pending", fine_tuned_model: null, training_files: [OpenAIFile], events: [{ message: "Created fine-tune: ft-…" }], … }
 * ```
 *
 * @deprecated The fine-tunes API is retired: use `FineTuning.createJob` (`POST /fine_tuning/jobs`).
 * @since 0.1.0
 * @category accessors
 */
export const createFineTune = (params: CreateFineTuneParams): Effect.Effect<FineTune, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.createFineTune(params))

/**
 * Lists your organization's legacy fine-tunes (one page, no cursor).
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const jobs = Legacy.listFineTunes() // { object: "list", data: FineTune[] }
 * ```
 *
 * @deprecated The fine-tunes API is retired: use `FineTuning.listJobs` / `FineTuning.listJobsAll`.
 * @since 0.1.0
 * @category accessors
 */
export const listFineTunes = (): Effect.Effect<ListFineTunesResponse, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.listFineTunes())

/**
 * Reads a legacy fine-tune, with its events so far.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const job = Legacy.retrieveFineTune("ft-AF1WoRqd3aJAHsqc9NY7iL8F")
 * // { id: "ft-AF1WoRqd3aJAHsqc9NY7iL8F", status: "succeeded", fine_tuned_model: "curie:ft-acme-2022-02-15-04-21-04", result_files: [OpenAIFile], … }
 * ```
 *
 * @deprecated The fine-tunes API is retired: use `FineTuning.retrieveJob`.
 * @since 0.1.0
 * @category accessors
 */
export const retrieveFineTune = (fineTuneId: string): Effect.Effect<FineTune, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.retrieveFineTune(fineTuneId))

/**
 * Cancels a legacy fine-tune that has not finished.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const job = Legacy.cancelFineTune("ft-AF1WoRqd3aJAHsqc9NY7iL8F") // { id: "ft-…", status: "cancelled", … }
 * ```
 *
 * @deprecated The fine-tunes API is retired: use `FineTuning.cancelJob`.
 * @since 0.1.0
 * @category accessors
 */
export const cancelFineTune = (fineTuneId: string): Effect.Effect<FineTune, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.cancelFineTune(fineTuneId))

/**
 * The events of a legacy fine-tune so far.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const events = Legacy.listFineTuneEvents("ft-AF1WoRqd3aJAHsqc9NY7iL8F")
 * // { object: "list", data: [{ object: "fine-tune-event", created_at, level: "info", message: "Created fine-tune: ft-…" }, …] }
 * ```
 *
 * @deprecated The fine-tunes API is retired: use `FineTuning.listEvents` / `FineTuning.listEventsAll`.
 * @since 0.1.0
 * @category accessors
 */
export const listFineTuneEvents = (
  fineTuneId: string
): Effect.Effect<ListFineTuneEventsResponse, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.listFineTuneEvents(fineTuneId))

/**
 * The events of a legacy fine-tune as they happen, as a `Stream` that ends
 * when the job finishes (`data: [DONE]`). Interrupting it aborts the request.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const follow = Legacy.streamFineTuneEvents("ft-AF1WoRqd3aJAHsqc9NY7iL8F").pipe(
 *   Stream.runForEach((event) => Effect.log(event.message)) // "Fine-tune started", "Completed epoch 1/4", …, "Fine-tune succeeded"
 * )
 * ```
 *
 * @deprecated The fine-tunes API is retired: poll `FineTuning.listEvents` (the new API has no event stream).
 * @since 0.1.0
 * @category accessors
 */
export const streamFineTuneEvents = (fineTuneId: string): Stream.Stream<FineTuneEvent, OpenAiError, Legacy> =>
  Stream.unwrap(Effect.map(Legacy, (s) => s.streamFineTuneEvents(fineTuneId)))

/**
 * Lists the engines.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const engines = Legacy.listEngines() // { object: "list", data: [{ id: "davinci", object: "engine", owner: "openai", ready: true }, …] }
 * ```
 *
 * @deprecated Engines were replaced by models: use `Models.list`.
 * @since 0.1.0
 * @category accessors
 */
export const listEngines = (): Effect.Effect<ListEnginesResponse, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.listEngines())

/**
 * Reads one engine.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const engine = Legacy.retrieveEngine("davinci") // { id: "davinci", object: "engine", owner: "openai", ready: true }
 * ```
 *
 * @deprecated Engines were replaced by models: use `Models.retrieve`.
 * @since 0.1.0
 * @category accessors
 */
export const retrieveEngine = (engineId: string): Effect.Effect<Engine, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.retrieveEngine(engineId))

/**
 * Attaches an uploaded file to a v1 assistant.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const attached = Legacy.createAssistantFile("asst_abc123", { file_id: "file-abc123" })
 * // { id: "file-abc123", object: "assistant.file", created_at, assistant_id: "asst_abc123" }
 * ```
 *
 * @deprecated Assistants v1 is retired: give the v2 assistant `tool_resources`
 * (add the file to a vector store with `VectorStoreFiles` for `file_search`).
 * @since 0.1.0
 * @category accessors
 */
export const createAssistantFile = (
  assistantId: string,
  params: CreateAssistantFileParams
): Effect.Effect<AssistantFile, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.createAssistantFile(assistantId, params))

/**
 * Reads a file attached to a v1 assistant.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const file = Legacy.retrieveAssistantFile("asst_abc123", "file-abc123") // { id: "file-abc123", object: "assistant.file", … }
 * ```
 *
 * @deprecated Assistants v1 is retired: read the v2 assistant's `tool_resources`.
 * @since 0.1.0
 * @category accessors
 */
export const retrieveAssistantFile = (
  assistantId: string,
  fileId: string
): Effect.Effect<AssistantFile, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.retrieveAssistantFile(assistantId, fileId))

/**
 * One page of the files attached to a v1 assistant.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const page = Legacy.listAssistantFiles("asst_abc123", { limit: 10, order: "asc" })
 * // { object: "list", data: AssistantFile[], first_id, last_id, has_more }
 * ```
 *
 * @deprecated Assistants v1 is retired: list the files of the assistant's vector store (`VectorStoreFiles`).
 * @since 0.1.0
 * @category accessors
 */
export const listAssistantFiles = (
  assistantId: string,
  params?: ListParams
): Effect.Effect<ListAssistantFilesResponse, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.listAssistantFiles(assistantId, params))

/**
 * Every file attached to a v1 assistant, as a lazy `Stream` that fetches
 * the next page only when it is needed.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const ids = Legacy.listAssistantFilesAll("asst_abc123").pipe(Stream.map((f) => f.id), Stream.runCollect)
 * ```
 *
 * @deprecated Assistants v1 is retired: list the files of the assistant's vector store (`VectorStoreFiles`).
 * @since 0.1.0
 * @category accessors
 */
export const listAssistantFilesAll = (
  assistantId: string,
  params?: ListParams
): Stream.Stream<AssistantFile, OpenAiError, Legacy> =>
  Stream.unwrap(Effect.map(Legacy, (s) => s.listAssistantFilesAll(assistantId, params)))

/**
 * Detaches a file from a v1 assistant (the file itself stays).
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const deleted = Legacy.deleteAssistantFile("asst_abc123", "file-abc123")
 * // { id: "file-abc123", object: "assistant.file.deleted", deleted: true }
 * ```
 *
 * @deprecated Assistants v1 is retired: update the v2 assistant's `tool_resources` instead.
 * @since 0.1.0
 * @category accessors
 */
export const deleteAssistantFile = (
  assistantId: string,
  fileId: string
): Effect.Effect<DeleteAssistantFileResponse, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.deleteAssistantFile(assistantId, fileId))

/**
 * Reads a file attached to a v1 message.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const file = Legacy.retrieveMessageFile("thread_abc123", "msg_abc123", "file-abc123")
 * // { id: "file-abc123", object: "thread.message.file", created_at, message_id: "msg_abc123" }
 * ```
 *
 * @deprecated Assistants v1 is retired: read the v2 message's `attachments` (`Messages` module).
 * @since 0.1.0
 * @category accessors
 */
export const retrieveMessageFile = (
  threadId: string,
  messageId: string,
  fileId: string
): Effect.Effect<MessageFile, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.retrieveMessageFile(threadId, messageId, fileId))

/**
 * One page of the files attached to a v1 message.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 *
 * const page = Legacy.listMessageFiles("thread_abc123", "msg_abc123", { limit: 5 })
 * // { object: "list", data: MessageFile[], first_id, last_id, has_more }
 * ```
 *
 * @deprecated Assistants v1 is retired: read the v2 message's `attachments` (`Messages` module).
 * @since 0.1.0
 * @category accessors
 */
export const listMessageFiles = (
  threadId: string,
  messageId: string,
  params?: ListParams
): Effect.Effect<ListMessageFilesResponse, OpenAiError, Legacy> =>
  Effect.flatMap(Legacy, (s) => s.listMessageFiles(threadId, messageId, params))

/**
 * Every file attached to a v1 message, as a lazy `Stream` that fetches the
 * next page only when it is needed.
 *
 * @example
 * ```ts
 * import { Legacy } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const files = Legacy.listMessageFilesAll("thread_abc123", "msg_abc123").pipe(Stream.runCollect)
 * ```
 *
 * @deprecated Assistants v1 is retired: read the v2 message's `attachments` (`Messages` module).
 * @since 0.1.0
 * @category accessors
 */
export const listMessageFilesAll = (
  threadId: string,
  messageId: string,
  params?: ListParams
): Stream.Stream<MessageFile, OpenAiError, Legacy> =>
  Stream.unwrap(Effect.map(Legacy, (s) => s.listMessageFilesAll(threadId, messageId, params)))
