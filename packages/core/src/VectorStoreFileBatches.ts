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
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/VectorStoreFileBatches.js"
import { assistantsV2 } from "./internal/beta.js"
import { paginate } from "./internal/pagination.js"
import { OpenAiClient, type Operation } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"
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

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  const listFiles = (vectorStoreId: string, batchId: string, params: ListFilesParams = {}) =>
    client.json(
      {
        ...onBatch("listFilesInVectorStoreBatch", "GET", `${batch}/files`, vectorStoreId, batchId),
        query: params as Operation["query"]
      },
      VectorStoreFiles.ListVectorStoreFilesResponse
    )
  return {
    create: (vectorStoreId, params) =>
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
      ),
    retrieve: (vectorStoreId, batchId) =>
      client.json(onBatch("getVectorStoreFileBatch", "GET", batch, vectorStoreId, batchId), VectorStoreFileBatch),
    cancel: (vectorStoreId, batchId) =>
      client.json(
        onBatch("cancelVectorStoreFileBatch", "POST", `${batch}/cancel`, vectorStoreId, batchId),
        VectorStoreFileBatch
      ),
    listFiles,
    listFilesAll: (vectorStoreId, batchId, params = {}) =>
      paginate((after) => listFiles(vectorStoreId, batchId, { ...params, after }), params.after)
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
