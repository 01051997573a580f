/**
 * Vector store files: attach an uploaded file to a vector store (it is
 * chunked and embedded for `file_search`), list a store's files by status,
 * read one, detach it. Detaching leaves the file itself in Files. Every call
 * sends `OpenAI-Beta: assistants=v2`. API reference: "Vector Store Files".
 *
 * @example
 * ```ts
 * import { VectorStoreFiles } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const attached = yield* VectorStoreFiles.create("vs_abc123", { file_id: "file-abc123" })
 *   // { id: "file-abc123", object: "vector_store.file", vector_store_id: "vs_abc123", status: "in_progress", usage_bytes: 0, last_error: null, … }
 *   const ready = yield* VectorStoreFiles.poll("vs_abc123", attached.id, { timeout: "5 minutes" })
 *   // { id: "file-abc123", …, status: "completed", usage_bytes: 1234 }
 *   const { data } = yield* VectorStoreFiles.list("vs_abc123", { filter: "failed" })
 *   yield* VectorStoreFiles.delete("vs_abc123", attached.id)
 *   // { id: "file-abc123", object: "vector_store.file.deleted", deleted: true }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { constFalse } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Files from "./Files.js"
import * as Shared from "./generated/Shared.js"
import * as Generated from "./generated/VectorStoreFiles.js"
import { assistantsV2 } from "./internal/beta.js"
import { allPages } from "./internal/pagination.js"
import * as Params from "./internal/params.js"
import * as Poll from "./internal/poll.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"
import type { Uploadable } from "./Uploadable.js"
import type * as VectorStores from "./VectorStores.js"

/**
 * A file attached to a vector store: `{ id, object: "vector_store.file",
 * usage_bytes, created_at, vector_store_id, status, last_error }`. Its `id`
 * is the file's id in Files.
 *
 * @since 0.1.0
 * @category schemas
 */
export const VectorStoreFile = Shared.VectorStoreFileObject
/**
 * @since 0.1.0
 * @category models
 */
export type VectorStoreFile = Shared.VectorStoreFileObject

/**
 * One page of vector store files: `{ object: "list", data: VectorStoreFile[], first_id, last_id, has_more }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListVectorStoreFilesResponse = Shared.ListVectorStoreFilesResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ListVectorStoreFilesResponse = Shared.ListVectorStoreFilesResponse

/**
 * The answer to a delete: `{ id, object: "vector_store.file.deleted", deleted }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeleteVectorStoreFileResponse = Generated.DeleteVectorStoreFileResponse
/**
 * @since 0.1.0
 * @category models
 */
export type DeleteVectorStoreFileResponse = Generated.DeleteVectorStoreFileResponse

/**
 * The parameters of `create`: `{ file_id }`. Fields the schema does not know
 * (such as a `chunking_strategy` newer than the spec) are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Generated.CreateVectorStoreFileRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `list`: the cursor parameters (`limit`, `order`,
 * `after`, `before`) and `filter`, the status of the files to list.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams extends VectorStores.ListParams {
  readonly filter?: "in_progress" | "completed" | "failed" | "cancelled" | undefined
}

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
export type PollOptions = Poll.PollOptions<VectorStoreFile>

/**
 * The statuses a vector store file (or file batch) never leaves:
 * `completed`, `failed`, `cancelled`.
 *
 * @since 0.1.0
 * @category polling
 */
export const terminalStatuses: ReadonlySet<string> = new Set(["completed", "failed", "cancelled"])

/**
 * Whether the file has settled (its status is one of `terminalStatuses`).
 *
 * @since 0.1.0
 * @category polling
 */
export const isTerminal = (file: { readonly status: string }): boolean => terminalStatuses.has(file.status)

/**
 * The VectorStoreFiles service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /vector_stores/{vector_store_id}/files` (createVectorStoreFile) */
  readonly create: (vectorStoreId: string, params: CreateParams) => Effect.Effect<VectorStoreFile, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}/files/{file_id}` (getVectorStoreFile) */
  readonly retrieve: (vectorStoreId: string, fileId: string) => Effect.Effect<VectorStoreFile, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}/files` (listVectorStoreFiles): one page */
  readonly list: (
    vectorStoreId: string,
    params?: ListParams
  ) => Effect.Effect<ListVectorStoreFilesResponse, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}/files` (listVectorStoreFiles): every file, page after page, lazily */
  readonly listAll: (vectorStoreId: string, params?: ListParams) => Stream.Stream<VectorStoreFile, OpenAiError>
  /** `DELETE /vector_stores/{vector_store_id}/files/{file_id}` (deleteVectorStoreFile) */
  readonly delete: (vectorStoreId: string, fileId: string) => Effect.Effect<DeleteVectorStoreFileResponse, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}/files/{file_id}` until the file settles, within the deadline */
  readonly poll: (
    vectorStoreId: string,
    fileId: string,
    options?: PollOptions
  ) => Effect.Effect<VectorStoreFile, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}/files/{file_id}` until the file settles: every state read, the settled one last */
  readonly pollStates: (
    vectorStoreId: string,
    fileId: string,
    options?: PollOptions
  ) => Stream.Stream<VectorStoreFile, OpenAiError>
  /** `create`, then `poll`, within one deadline */
  readonly createAndPoll: (
    vectorStoreId: string,
    params: CreateParams,
    options?: PollOptions
  ) => Effect.Effect<VectorStoreFile, OpenAiError>
  /** `Files.create` (purpose `"assistants"`), then `create` and `poll`, within one deadline */
  readonly uploadAndPoll: (
    vectorStoreId: string,
    file: Uploadable,
    options?: PollOptions
  ) => Effect.Effect<VectorStoreFile, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class VectorStoreFiles extends Context.Tag("@effect-openai/core/VectorStoreFiles")<
  VectorStoreFiles,
  Service
>() {}

const filesPath = "/vector_stores/{vector_store_id}/files"

const onFile = (operationId: string, method: "GET" | "DELETE", vectorStoreId: string, fileId: string) =>
  ({
    operationId,
    method,
    path: `${filesPath}/{file_id}`,
    pathParams: { vector_store_id: vectorStoreId, file_id: fileId },
    headers: assistantsV2
  }) as const

/** Fails with the polling helpers' `TimeoutError` (kind `"deadline"`) once `timeout` has passed: a poll that never reads. */
const deadline = (what: string, timeout: Duration.DurationInput | undefined) =>
  Poll.poll(what, Effect.never, constFalse, { timeout })

const what = (vectorStoreId: string, fileId: string) => `vector store file ${fileId} of ${vectorStoreId}`

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.gen(function* () {
  const client = yield* OpenAiClient
  const files = yield* Files.make
  const list = (vectorStoreId: string, params?: ListParams) =>
    client.json(
      {
        operationId: "listVectorStoreFiles",
        method: "GET",
        path: filesPath,
        pathParams: { vector_store_id: vectorStoreId },
        query: Params.query(params),
        headers: assistantsV2
      },
      ListVectorStoreFilesResponse
    )
  const create = (vectorStoreId: string, params: CreateParams) =>
    client.json(
      {
        operationId: "createVectorStoreFile",
        method: "POST",
        path: filesPath,
        pathParams: { vector_store_id: vectorStoreId },
        body: { _tag: "Json", schema: Generated.CreateVectorStoreFileRequest, value: params },
        headers: assistantsV2
      },
      VectorStoreFile
    )
  const retrieve = (vectorStoreId: string, fileId: string) =>
    client.json(onFile("getVectorStoreFile", "GET", vectorStoreId, fileId), VectorStoreFile)
  const poll = (vectorStoreId: string, fileId: string, options?: PollOptions) =>
    Poll.poll(what(vectorStoreId, fileId), retrieve(vectorStoreId, fileId), isTerminal, options)
  const createAndPoll = (vectorStoreId: string, params: CreateParams, options: PollOptions = {}) =>
    Effect.raceFirst(
      Effect.flatMap(create(vectorStoreId, params), (attached) => poll(vectorStoreId, attached.id, options)),
      deadline(what(vectorStoreId, String(Params.field(params, "file_id"))), options.timeout)
    )
  return {
    create,
    retrieve,
    list,
    listAll: (vectorStoreId, params) => allPages(params, (p) => list(vectorStoreId, p)),
    delete: (vectorStoreId, fileId) =>
      client.json(onFile("deleteVectorStoreFile", "DELETE", vectorStoreId, fileId), DeleteVectorStoreFileResponse),
    poll,
    pollStates: (vectorStoreId, fileId, options = {}) =>
      Poll.states(retrieve(vectorStoreId, fileId), isTerminal, options).pipe(
        Stream.interruptWhen(deadline(what(vectorStoreId, fileId), options.timeout))
      ),
    createAndPoll,
    uploadAndPoll: (vectorStoreId, file, options = {}) =>
      Effect.raceFirst(
        Effect.flatMap(files.create({ file, purpose: "assistants" }), (uploaded) =>
          createAndPoll(vectorStoreId, { file_id: uploaded.id }, options)
        ),
        deadline(`upload to vector store ${vectorStoreId}`, options.timeout)
      )
  }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<VectorStoreFiles, never, OpenAiClient> = Layer.effect(VectorStoreFiles, make)

/**
 * Attaches an uploaded file to a vector store.
 *
 * @example
 * ```ts
 * import { VectorStoreFiles } from "@effect-openai/core"
 *
 * const attached = VectorStoreFiles.create("vs_abc123", { file_id: "file-abc123" })
 * // { id: "file-abc123", object: "vector_store.file", vector_store_id: "vs_abc123", status: "in_progress", … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (
  vectorStoreId: string,
  params: CreateParams
): Effect.Effect<VectorStoreFile, OpenAiError, VectorStoreFiles> =>
  Effect.flatMap(VectorStoreFiles, (s) => s.create(vectorStoreId, params))

/**
 * Reads one file of a vector store, with its processing status.
 *
 * @example
 * ```ts
 * import { VectorStoreFiles } from "@effect-openai/core"
 *
 * const attached = VectorStoreFiles.retrieve("vs_abc123", "file-abc123")
 * // { id: "file-abc123", object: "vector_store.file", status: "completed", last_error: null, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (
  vectorStoreId: string,
  fileId: string
): Effect.Effect<VectorStoreFile, OpenAiError, VectorStoreFiles> =>
  Effect.flatMap(VectorStoreFiles, (s) => s.retrieve(vectorStoreId, fileId))

/**
 * One page of a vector store's files, optionally only those with one status.
 *
 * @example
 * ```ts
 * import { VectorStoreFiles } from "@effect-openai/core"
 *
 * const failed = VectorStoreFiles.list("vs_abc123", { filter: "failed", limit: 50 })
 * // { object: "list", data: [{ id: "file-abc123", status: "failed", last_error: { code, message }, … }], has_more: false, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (
  vectorStoreId: string,
  params?: ListParams
): Effect.Effect<ListVectorStoreFilesResponse, OpenAiError, VectorStoreFiles> =>
  Effect.flatMap(VectorStoreFiles, (s) => s.list(vectorStoreId, params))

/**
 * Every file of a vector store, as a lazy stream that fetches the next page
 * only when it is pulled past the current one.
 *
 * @example
 * ```ts
 * import { VectorStoreFiles } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const ids = VectorStoreFiles.listAll("vs_abc123", { filter: "completed" }).pipe(
 *   Stream.map((f) => f.id),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listAll = (
  vectorStoreId: string,
  params?: ListParams
): Stream.Stream<VectorStoreFile, OpenAiError, VectorStoreFiles> =>
  Stream.unwrap(Effect.map(VectorStoreFiles, (s) => s.listAll(vectorStoreId, params)))

const del = (
  vectorStoreId: string,
  fileId: string
): Effect.Effect<DeleteVectorStoreFileResponse, OpenAiError, VectorStoreFiles> =>
  Effect.flatMap(VectorStoreFiles, (s) => s.delete(vectorStoreId, fileId))

export {
  /**
   * Detaches a file from a vector store. The file stays in Files; delete it
   * there with `Files.delete`.
   *
   * @example
   * ```ts
   * import { VectorStoreFiles } from "@effect-openai/core"
   *
   * const deleted = VectorStoreFiles.delete("vs_abc123", "file-abc123")
   * // { id: "file-abc123", object: "vector_store.file.deleted", deleted: true }
   * ```
   *
   * @since 0.1.0
   * @category accessors
   */
  del as delete
}

/**
 * Reads the file until it settles (`completed`, `failed` or `cancelled`) and
 * returns it. Waits `interval` between reads, or the server's
 * `openai-poll-after-ms`; calls `onProgress` with every state; fails with
 * `TimeoutError` (kind `"deadline"`) past `timeout`. Interrupting it stops
 * the polling and aborts the request in flight. A `failed` file is returned,
 * not raised: read its `last_error`.
 *
 * @example
 * ```ts
 * import { VectorStoreFiles } from "@effect-openai/core"
 *
 * const ready = VectorStoreFiles.poll("vs_abc123", "file-abc123", { interval: "500 millis", timeout: "5 minutes" })
 * // { id: "file-abc123", object: "vector_store.file", status: "completed", usage_bytes: 1234, last_error: null, … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const poll = (
  vectorStoreId: string,
  fileId: string,
  options?: PollOptions
): Effect.Effect<VectorStoreFile, OpenAiError, VectorStoreFiles> =>
  Effect.flatMap(VectorStoreFiles, (s) => s.poll(vectorStoreId, fileId, options))

/**
 * The processing of a file as a stream: every state read while polling, the
 * settled one last, with the interval, `openai-poll-after-ms` and deadline of
 * `poll`.
 *
 * @example
 * ```ts
 * import { VectorStoreFiles } from "@effect-openai/core"
 * import { Console, Stream } from "effect"
 *
 * const progress = VectorStoreFiles.pollStates("vs_abc123", "file-abc123").pipe(
 *   Stream.runForEach((f) => Console.log(f.status))
 * ) // in_progress, completed
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const pollStates = (
  vectorStoreId: string,
  fileId: string,
  options?: PollOptions
): Stream.Stream<VectorStoreFile, OpenAiError, VectorStoreFiles> =>
  Stream.unwrap(Effect.map(VectorStoreFiles, (s) => s.pollStates(vectorStoreId, fileId, options)))

/**
 * Attaches an uploaded file to a vector store and polls it until it settles;
 * `timeout` bounds the whole call.
 *
 * @example
 * ```ts
 * import { VectorStoreFiles } from "@effect-openai/core"
 *
 * const ready = VectorStoreFiles.createAndPoll("vs_abc123", { file_id: "file-abc123" }, { timeout: "5 minutes" })
 * // { id: "file-abc123", object: "vector_store.file", status: "completed", … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const createAndPoll = (
  vectorStoreId: string,
  params: CreateParams,
  options?: PollOptions
): Effect.Effect<VectorStoreFile, OpenAiError, VectorStoreFiles> =>
  Effect.flatMap(VectorStoreFiles, (s) => s.createAndPoll(vectorStoreId, params, options))

/**
 * Uploads a file (`Files.create`, purpose `"assistants"`), attaches it to a
 * vector store and polls it until it settles; `timeout` bounds the whole
 * call. If attaching or polling fails, the uploaded file stays in Files.
 *
 * @example
 * ```ts
 * import { VectorStoreFiles } from "@effect-openai/core"
 * import { NodeUploadable } from "@effect-openai/node"
 * import { Effect } from "effect"
 *
 * const ready = Effect.flatMap(NodeUploadable.fromPath("./handbook.pdf"), (file) =>
 *   VectorStoreFiles.uploadAndPoll("vs_abc123", file, { timeout: "10 minutes" })
 * ) // { id: "file-xyz789", object: "vector_store.file", vector_store_id: "vs_abc123", status: "completed", … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const uploadAndPoll = (
  vectorStoreId: string,
  file: Uploadable,
  options?: PollOptions
): Effect.Effect<VectorStoreFile, OpenAiError, VectorStoreFiles> =>
  Effect.flatMap(VectorStoreFiles, (s) => s.uploadAndPoll(vectorStoreId, file, options))
