/**
 * Vector store file batches: attach many uploaded files to a vector store in
 * one call, follow the batch's progress, cancel it, list its files. Every
 * call sends `OpenAI-Beta: assistants=v2`. API reference: "Vector Store File
 * Batches".
 *
 * @example
 * ```ts
 * import { VectorStoreFileBatches } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const batch = yield* VectorStoreFileBatches.create("vs_abc123", { file_ids: ["file-abc123", "file-abc456"] })
 *   // { id: "vsfb_abc123", object: "vector_store.files_batch", vector_store_id: "vs_abc123", status: "in_progress",
 *   //   file_counts: { in_progress: 2, completed: 0, failed: 0, cancelled: 0, total: 2 }, … }
 *   const { data } = yield* VectorStoreFileBatches.listFiles("vs_abc123", batch.id)
 *   yield* VectorStoreFileBatches.cancel("vs_abc123", batch.id) // { …, status: "cancelling" }
 *
 *   // or upload, attach and wait in one call, four uploads at a time
 *   const done = yield* VectorStoreFileBatches.uploadAndPoll("vs_abc123", [new File(["…"], "faq.md")], {
 *     concurrency: 4,
 *     timeout: "10 minutes"
 *   }) // { …, status: "completed", file_counts: { completed: 1, failed: 0, … } }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { constFalse } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Files from "./Files.js"
import * as Generated from "./generated/VectorStoreFileBatches.js"
import { assistantsV2 } from "./internal/beta.js"
import { allPages } from "./internal/pagination.js"
import * as Params from "./internal/params.js"
import * as Poll from "./internal/poll.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"
import type { Uploadable } from "./Uploadable.js"
import * as VectorStoreFiles from "./VectorStoreFiles.js"

/**
 * A batch of files attached to a vector store: `{ id, object:
 * "vector_store.files_batch", created_at, vector_store_id, status,
 * file_counts: { in_progress, completed, failed, cancelled, total } }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const VectorStoreFileBatch = Generated.VectorStoreFileBatchObject
/**
 * @since 0.1.0
 * @category models
 */
export type VectorStoreFileBatch = Generated.VectorStoreFileBatchObject

/**
 * The parameters of `create`: `{ file_ids }`. Fields the schema does not
 * know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Generated.CreateVectorStoreFileBatchRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `listFiles`: the cursor parameters (`limit`, `order`,
 * `after`, `before`) and `filter`, the status of the files to list.
 *
 * @since 0.1.0
 * @category models
 */
export type ListFilesParams = VectorStoreFiles.ListParams

/**
 * The options of the polling helpers: `interval` between reads (default 1
 * second; the server's `openai-poll-after-ms` wins when it sends one),
 * `timeout`, the overall deadline of the whole call (default 30 minutes; past
 * it the call fails with `TimeoutError`, kind `"deadline"`), and
 * `onProgress`, called with every state read.
 *
 * @since 0.1.0
 * @category polling
 */
export type PollOptions = Poll.PollOptions<VectorStoreFileBatch>

/**
 * The options of `uploadAndPoll`: those of the polling helpers, plus how
 * many files are uploaded at once and the ids of files already uploaded.
 *
 * @since 0.1.0
 * @category polling
 */
export interface UploadAndPollOptions extends PollOptions {
  /** How many uploads run at once (at least 1). Default 5 */
  readonly concurrency?: number | undefined
  /** Files already in Files to add to the batch, before the uploaded ones */
  readonly fileIds?: ReadonlyArray<string> | undefined
}

/**
 * The statuses a file batch never leaves: `completed`, `failed`, `cancelled`.
 *
 * @since 0.1.0
 * @category polling
 */
export const terminalStatuses: ReadonlySet<string> = VectorStoreFiles.terminalStatuses

/**
 * Whether the batch has settled (its status is one of `terminalStatuses`).
 *
 * @since 0.1.0
 * @category polling
 */
export const isTerminal: (batch: { readonly status: string }) => boolean = VectorStoreFiles.isTerminal

/**
 * The VectorStoreFileBatches service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /vector_stores/{vector_store_id}/file_batches` (createVectorStoreFileBatch) */
  readonly create: (vectorStoreId: string, params: CreateParams) => Effect.Effect<VectorStoreFileBatch, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}/file_batches/{batch_id}` (getVectorStoreFileBatch) */
  readonly retrieve: (vectorStoreId: string, batchId: string) => Effect.Effect<VectorStoreFileBatch, OpenAiError>
  /** `POST /vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel` (cancelVectorStoreFileBatch) */
  readonly cancel: (vectorStoreId: string, batchId: string) => Effect.Effect<VectorStoreFileBatch, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}/file_batches/{batch_id}/files` (listFilesInVectorStoreBatch): one page */
  readonly listFiles: (
    vectorStoreId: string,
    batchId: string,
    params?: ListFilesParams
  ) => Effect.Effect<VectorStoreFiles.ListVectorStoreFilesResponse, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}/file_batches/{batch_id}/files` (listFilesInVectorStoreBatch): every file, lazily */
  readonly listFilesAll: (
    vectorStoreId: string,
    batchId: string,
    params?: ListFilesParams
  ) => Stream.Stream<VectorStoreFiles.VectorStoreFile, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}/file_batches/{batch_id}` until the batch settles, within the deadline */
  readonly poll: (
    vectorStoreId: string,
    batchId: string,
    options?: PollOptions
  ) => Effect.Effect<VectorStoreFileBatch, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}/file_batches/{batch_id}` until the batch settles: every state read, the settled one last */
  readonly pollStates: (
    vectorStoreId: string,
    batchId: string,
    options?: PollOptions
  ) => Stream.Stream<VectorStoreFileBatch, OpenAiError>
  /** `create`, then `poll`, within one deadline */
  readonly createAndPoll: (
    vectorStoreId: string,
    params: CreateParams,
    options?: PollOptions
  ) => Effect.Effect<VectorStoreFileBatch, OpenAiError>
  /** `Files.create` (purpose `"assistants"`) for every file, `concurrency` at a time, then `create` and `poll`, within one deadline */
  readonly uploadAndPoll: (
    vectorStoreId: string,
    files: Iterable<Uploadable>,
    options?: UploadAndPollOptions
  ) => Effect.Effect<VectorStoreFileBatch, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class VectorStoreFileBatches extends Context.Tag("@effect-openai/core/VectorStoreFileBatches")<
  VectorStoreFileBatches,
  Service
>() {}

const batch = "/vector_stores/{vector_store_id}/file_batches/{batch_id}"

const onBatch = (operationId: string, method: "GET" | "POST", path: string, vectorStoreId: string, batchId: string) =>
  ({
    operationId,
    method,
    path,
    pathParams: { vector_store_id: vectorStoreId, batch_id: batchId },
    headers: assistantsV2
  }) as const

/** Fails with the polling helpers' `TimeoutError` (kind `"deadline"`) once `timeout` has passed: a poll that never reads. */
const deadline = (what: string, timeout: Duration.DurationInput | undefined) =>
  Poll.poll(what, Effect.never, constFalse, { timeout })

const what = (vectorStoreId: string, batchId: string) => `vector store file batch ${batchId} of ${vectorStoreId}`

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.gen(function* () {
  const client = yield* OpenAiClient
  const files = yield* Files.make
  const listFiles = (vectorStoreId: string, batchId: string, params?: ListFilesParams) =>
    client.json(
      {
        ...onBatch("listFilesInVectorStoreBatch", "GET", `${batch}/files`, vectorStoreId, batchId),
        query: Params.query(params)
      },
      VectorStoreFiles.ListVectorStoreFilesResponse
    )
  const create = (vectorStoreId: string, params: CreateParams) =>
    client.json(
      {
        operationId: "createVectorStoreFileBatch",
        method: "POST",
        path: "/vector_stores/{vector_store_id}/file_batches",
        pathParams: { vector_store_id: vectorStoreId },
        body: { _tag: "Json", schema: Generated.CreateVectorStoreFileBatchRequest, value: params },
        headers: assistantsV2
      },
      VectorStoreFileBatch
    )
  const retrieve = (vectorStoreId: string, batchId: string) =>
    client.json(onBatch("getVectorStoreFileBatch", "GET", batch, vectorStoreId, batchId), VectorStoreFileBatch)
  const poll = (vectorStoreId: string, batchId: string, options?: PollOptions) =>
    Poll.poll(what(vectorStoreId, batchId), retrieve(vectorStoreId, batchId), isTerminal, options)
  const createAndPoll = (vectorStoreId: string, params: CreateParams, options: PollOptions = {}) =>
    Effect.raceFirst(
      Effect.flatMap(create(vectorStoreId, params), (created) => poll(vectorStoreId, created.id, options)),
      deadline(`file batch of ${vectorStoreId}`, options.timeout)
    )
  return {
    create,
    retrieve,
    cancel: (vectorStoreId, batchId) =>
      client.json(
        onBatch("cancelVectorStoreFileBatch", "POST", `${batch}/cancel`, vectorStoreId, batchId),
        VectorStoreFileBatch
      ),
    listFiles,
    listFilesAll: (vectorStoreId, batchId, params) => allPages(params, (p) => listFiles(vectorStoreId, batchId, p)),
    poll,
    pollStates: (vectorStoreId, batchId, options = {}) =>
      Poll.states(retrieve(vectorStoreId, batchId), isTerminal, options).pipe(
        Stream.interruptWhen(deadline(what(vectorStoreId, batchId), options.timeout))
      ),
    createAndPoll,
    uploadAndPoll: (vectorStoreId, uploads, options = {}) =>
      Effect.raceFirst(
        Effect.forEach(
          uploads,
          // fork + join: a failed upload then interrupts the uploads in flight at once (with effect 3.22, a
          // sibling in a request's `Effect.timeout` is otherwise only interrupted when its timeout fires)
          (file) => Effect.flatMap(Effect.fork(files.create({ file, purpose: "assistants" })), Fiber.join),
          { concurrency: Math.max(1, Math.floor(options.concurrency ?? 5)) }
        ).pipe(
          Effect.map((created) => created.map((f) => f.id)),
          Effect.flatMap((uploaded) =>
            createAndPoll(vectorStoreId, { file_ids: [...(options.fileIds ?? []), ...uploaded] }, options)
          )
        ),
        deadline(`upload of a file batch to ${vectorStoreId}`, options.timeout)
      )
  }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<VectorStoreFileBatches, never, OpenAiClient> = Layer.effect(
  VectorStoreFileBatches,
  make
)

/**
 * Attaches several uploaded files to a vector store in one batch.
 *
 * @example
 * ```ts
 * import { VectorStoreFileBatches } from "@effect-openai/core"
 *
 * const batch = VectorStoreFileBatches.create("vs_abc123", { file_ids: ["file-abc123", "file-abc456"] })
 * // { id: "vsfb_abc123", object: "vector_store.files_batch", status: "in_progress", file_counts: { total: 2, … }, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (
  vectorStoreId: string,
  params: CreateParams
): Effect.Effect<VectorStoreFileBatch, OpenAiError, VectorStoreFileBatches> =>
  Effect.flatMap(VectorStoreFileBatches, (s) => s.create(vectorStoreId, params))

/**
 * Reads a file batch, with its status and file counts.
 *
 * @example
 * ```ts
 * import { VectorStoreFileBatches } from "@effect-openai/core"
 *
 * const batch = VectorStoreFileBatches.retrieve("vs_abc123", "vsfb_abc123")
 * // { id: "vsfb_abc123", status: "completed", file_counts: { in_progress: 0, completed: 2, … }, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (
  vectorStoreId: string,
  batchId: string
): Effect.Effect<VectorStoreFileBatch, OpenAiError, VectorStoreFileBatches> =>
  Effect.flatMap(VectorStoreFileBatches, (s) => s.retrieve(vectorStoreId, batchId))

/**
 * Cancels a file batch: the files not processed yet are not processed.
 *
 * @example
 * ```ts
 * import { VectorStoreFileBatches } from "@effect-openai/core"
 *
 * const batch = VectorStoreFileBatches.cancel("vs_abc123", "vsfb_abc123") // { id: "vsfb_abc123", status: "cancelling", … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const cancel = (
  vectorStoreId: string,
  batchId: string
): Effect.Effect<VectorStoreFileBatch, OpenAiError, VectorStoreFileBatches> =>
  Effect.flatMap(VectorStoreFileBatches, (s) => s.cancel(vectorStoreId, batchId))

/**
 * One page of the files of a batch, optionally only those with one status.
 *
 * @example
 * ```ts
 * import { VectorStoreFileBatches } from "@effect-openai/core"
 *
 * const page = VectorStoreFileBatches.listFiles("vs_abc123", "vsfb_abc123", { filter: "completed" })
 * // { object: "list", data: [{ id: "file-abc123", object: "vector_store.file", status: "completed", … }], has_more: false, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listFiles = (
  vectorStoreId: string,
  batchId: string,
  params?: ListFilesParams
): Effect.Effect<VectorStoreFiles.ListVectorStoreFilesResponse, OpenAiError, VectorStoreFileBatches> =>
  Effect.flatMap(VectorStoreFileBatches, (s) => s.listFiles(vectorStoreId, batchId, params))

/**
 * Every file of a batch, as a lazy stream that fetches the next page only
 * when it is pulled past the current one.
 *
 * @example
 * ```ts
 * import { VectorStoreFileBatches } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const failed = VectorStoreFileBatches.listFilesAll("vs_abc123", "vsfb_abc123", { filter: "failed" }).pipe(
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listFilesAll = (
  vectorStoreId: string,
  batchId: string,
  params?: ListFilesParams
): Stream.Stream<VectorStoreFiles.VectorStoreFile, OpenAiError, VectorStoreFileBatches> =>
  Stream.unwrap(Effect.map(VectorStoreFileBatches, (s) => s.listFilesAll(vectorStoreId, batchId, params)))

/**
 * Reads the batch until it settles (`completed`, `failed` or `cancelled`)
 * and returns it. Waits `interval` between reads, or the server's
 * `openai-poll-after-ms`; calls `onProgress` with every state; fails with
 * `TimeoutError` (kind `"deadline"`) past `timeout`. Interrupting it stops
 * the polling and aborts the request in flight.
 *
 * @example
 * ```ts
 * import { VectorStoreFileBatches } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const done = VectorStoreFileBatches.poll("vs_abc123", "vsfb_abc123", {
 *   onProgress: (b) => Effect.log(`${b.file_counts.completed}/${b.file_counts.total}`)
 * }) // { id: "vsfb_abc123", status: "completed", file_counts: { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 }, … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const poll = (
  vectorStoreId: string,
  batchId: string,
  options?: PollOptions
): Effect.Effect<VectorStoreFileBatch, OpenAiError, VectorStoreFileBatches> =>
  Effect.flatMap(VectorStoreFileBatches, (s) => s.poll(vectorStoreId, batchId, options))

/**
 * The progress of a file batch as a stream: every state read while polling,
 * the settled one last, with the interval, `openai-poll-after-ms` and
 * deadline of `poll`.
 *
 * @example
 * ```ts
 * import { VectorStoreFileBatches } from "@effect-openai/core"
 * import { Console, Stream } from "effect"
 *
 * const progress = VectorStoreFileBatches.pollStates("vs_abc123", "vsfb_abc123").pipe(
 *   Stream.runForEach((b) => Console.log(b.status, b.file_counts))
 * ) // in_progress { in_progress: 2, … }, completed { completed: 2, … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const pollStates = (
  vectorStoreId: string,
  batchId: string,
  options?: PollOptions
): Stream.Stream<VectorStoreFileBatch, OpenAiError, VectorStoreFileBatches> =>
  Stream.unwrap(Effect.map(VectorStoreFileBatches, (s) => s.pollStates(vectorStoreId, batchId, options)))

/**
 * Attaches uploaded files to a vector store in one batch and polls it until
 * it settles; `timeout` bounds the whole call.
 *
 * @example
 * ```ts
 * import { VectorStoreFileBatches } from "@effect-openai/core"
 *
 * const done = VectorStoreFileBatches.createAndPoll("vs_abc123", { file_ids: ["file-abc123", "file-abc456"] })
 * // { id: "vsfb_abc123", status: "completed", file_counts: { completed: 2, total: 2, … }, … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const createAndPoll = (
  vectorStoreId: string,
  params: CreateParams,
  options?: PollOptions
): Effect.Effect<VectorStoreFileBatch, OpenAiError, VectorStoreFileBatches> =>
  Effect.flatMap(VectorStoreFileBatches, (s) => s.createAndPoll(vectorStoreId, params, options))

/**
 * Uploads files (`Files.create`, purpose `"assistants"`), at most
 * `concurrency` at a time (default 5), attaches them (with `fileIds`, if
 * given) to a vector store in one batch, and polls the batch until it
 * settles; `timeout` bounds the whole call. If an upload fails, the uploads
 * in flight are interrupted and the call fails; files uploaded before stay
 * in Files.
 *
 * @example
 * ```ts
 * import { VectorStoreFileBatches } from "@effect-openai/core"
 * import { NodeUploadable } from "@effect-openai/node"
 * import { Effect } from "effect"
 *
 * const done = Effect.forEach(["./faq.md", "./returns.txt"], (path) => NodeUploadable.fromPath(path)).pipe(
 *   Effect.flatMap((files) => VectorStoreFileBatches.uploadAndPoll("vs_abc123", files, { concurrency: 2 }))
 * ) // { id: "vsfb_abc123", status: "completed", file_counts: { completed: 2, failed: 0, total: 2, … }, … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const uploadAndPoll = (
  vectorStoreId: string,
  files: Iterable<Uploadable>,
  options?: UploadAndPollOptions
): Effect.Effect<VectorStoreFileBatch, OpenAiError, VectorStoreFileBatches> =>
  Effect.flatMap(VectorStoreFileBatches, (s) => s.uploadAndPoll(vectorStoreId, files, options))
