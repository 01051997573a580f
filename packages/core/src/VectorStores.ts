/**
 * Vector stores: collections of processed files that the `file_search` tool
 * of assistants searches. Create, list, read, rename and delete them; attach
 * files with `VectorStoreFiles` and `VectorStoreFileBatches`. Every call sends
 * `OpenAI-Beta: assistants=v2`. API reference: "Vector Stores".
 *
 * @example
 * ```ts
 * import { VectorStores } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* VectorStores.create({ name: "Support FAQ", file_ids: ["file-abc123"] })
 *   // { id: "vs_abc123", object: "vector_store", name: "Support FAQ", status: "completed",
 *   //   file_counts: { in_progress: 0, completed: 1, failed: 0, cancelled: 0, total: 1 }, … }
 *   yield* VectorStores.update(store.id, { name: "Support FAQ v2" })
 *   const names = yield* VectorStores.listAll().pipe(Stream.map((s) => s.name), Stream.runCollect)
 *   yield* VectorStores.delete(store.id) // { id: "vs_abc123", object: "vector_store.deleted", deleted: true }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/VectorStores.js"
import { assistantsV2 } from "./internal/beta.js"
import { allPages } from "./internal/pagination.js"
import * as Params from "./internal/params.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * A vector store: `{ id, object: "vector_store", created_at, name, usage_bytes,
 * file_counts: { in_progress, completed, failed, cancelled, total }, status,
 * expires_after, expires_at, last_active_at, metadata }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const VectorStore = Generated.VectorStoreObject
/**
 * @since 0.1.0
 * @category models
 */
export type VectorStore = Generated.VectorStoreObject

/**
 * When a vector store expires: `{ anchor: "last_active_at", days }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExpirationAfter = Generated.VectorStoreExpirationAfter
/**
 * @since 0.1.0
 * @category models
 */
export type ExpirationAfter = Generated.VectorStoreExpirationAfter

/**
 * One page of vector stores: `{ object: "list", data: VectorStore[], first_id, last_id, has_more }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListVectorStoresResponse = Generated.ListVectorStoresResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ListVectorStoresResponse = Generated.ListVectorStoresResponse

/**
 * The answer to a delete: `{ id, object: "vector_store.deleted", deleted }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeleteVectorStoreResponse = Generated.DeleteVectorStoreResponse
/**
 * @since 0.1.0
 * @category models
 */
export type DeleteVectorStoreResponse = Generated.DeleteVectorStoreResponse

/**
 * The parameters of `create`: `{ name?, file_ids?, expires_after?, metadata? }`.
 * Fields the schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Generated.CreateVectorStoreRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `update`: `{ name?, expires_after?, metadata? }`.
 * Fields the schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type UpdateParams = Generated.UpdateVectorStoreRequest & { readonly [extra: string]: unknown }

/**
 * The cursor parameters of a list, shared by every vector store list:
 * `limit` (1 to 100, default 20), `order` by `created_at` (`desc` by
 * default), `after` and `before` ids. Unknown fields are sent as query
 * parameters unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams {
  readonly limit?: number | undefined
  readonly order?: "asc" | "desc" | undefined
  readonly after?: string | undefined
  readonly before?: string | undefined
  readonly [extra: string]: unknown
}

/**
 * The VectorStores service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /vector_stores` (createVectorStore) */
  readonly create: (params?: CreateParams) => Effect.Effect<VectorStore, OpenAiError>
  /** `GET /vector_stores/{vector_store_id}` (getVectorStore) */
  readonly retrieve: (vectorStoreId: string) => Effect.Effect<VectorStore, OpenAiError>
  /** `POST /vector_stores/{vector_store_id}` (modifyVectorStore) */
  readonly update: (vectorStoreId: string, params: UpdateParams) => Effect.Effect<VectorStore, OpenAiError>
  /** `GET /vector_stores` (listVectorStores): one page */
  readonly list: (params?: ListParams) => Effect.Effect<ListVectorStoresResponse, OpenAiError>
  /** `GET /vector_stores` (listVectorStores): every vector store, page after page, lazily */
  readonly listAll: (params?: ListParams) => Stream.Stream<VectorStore, OpenAiError>
  /** `DELETE /vector_stores/{vector_store_id}` (deleteVectorStore) */
  readonly delete: (vectorStoreId: string) => Effect.Effect<DeleteVectorStoreResponse, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class VectorStores extends Context.Tag("@effect-openai/core/VectorStores")<VectorStores, Service>() {}

const onStore = (operationId: string, method: "GET" | "POST" | "DELETE", vectorStoreId: string) =>
  ({
    operationId,
    method,
    path: "/vector_stores/{vector_store_id}",
    pathParams: { vector_store_id: vectorStoreId },
    headers: assistantsV2
  }) as const

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  const list = (params?: ListParams) =>
    client.json(
      {
        operationId: "listVectorStores",
        method: "GET",
        path: "/vector_stores",
        query: Params.query(params),
        headers: assistantsV2
      },
      ListVectorStoresResponse
    )
  return {
    create: (params = {}) =>
      client.json(
        {
          operationId: "createVectorStore",
          method: "POST",
          path: "/vector_stores",
          body: { _tag: "Json", schema: Generated.CreateVectorStoreRequest, value: params },
          headers: assistantsV2
        },
        VectorStore
      ),
    retrieve: (vectorStoreId) => client.json(onStore("getVectorStore", "GET", vectorStoreId), VectorStore),
    update: (vectorStoreId, params) =>
      client.json(
        {
          ...onStore("modifyVectorStore", "POST", vectorStoreId),
          body: { _tag: "Json", schema: Generated.UpdateVectorStoreRequest, value: params }
        },
        VectorStore
      ),
    list,
    listAll: (params) => allPages(params, list),
    delete: (vectorStoreId) =>
      client.json(onStore("deleteVectorStore", "DELETE", vectorStoreId), DeleteVectorStoreResponse)
  }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<VectorStores, never, OpenAiClient> = Layer.effect(VectorStores, make)

/**
 * Creates a vector store, optionally with files to process into it.
 *
 * @example
 * ```ts
 * import { VectorStores } from "@effect-openai/core"
 *
 * const store = VectorStores.create({
 *   name: "Support FAQ",
 *   file_ids: ["file-abc123"],
 *   expires_after: { anchor: "last_active_at", days: 7 }
 * })
 * // { id: "vs_abc123", object: "vector_store", name: "Support FAQ", status: "in_progress", file_counts: { … }, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params?: CreateParams): Effect.Effect<VectorStore, OpenAiError, VectorStores> =>
  Effect.flatMap(VectorStores, (s) => s.create(params))

/**
 * Reads a vector store.
 *
 * @example
 * ```ts
 * import { VectorStores } from "@effect-openai/core"
 *
 * const store = VectorStores.retrieve("vs_abc123") // { id: "vs_abc123", object: "vector_store", status: "completed", … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (vectorStoreId: string): Effect.Effect<VectorStore, OpenAiError, VectorStores> =>
  Effect.flatMap(VectorStores, (s) => s.retrieve(vectorStoreId))

/**
 * Renames a vector store, or changes its expiration policy or metadata.
 *
 * @example
 * ```ts
 * import { VectorStores } from "@effect-openai/core"
 *
 * const store = VectorStores.update("vs_abc123", { name: "Support FAQ v2", metadata: { team: "support" } })
 * // { id: "vs_abc123", object: "vector_store", name: "Support FAQ v2", metadata: { team: "support" }, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const update = (
  vectorStoreId: string,
  params: UpdateParams
): Effect.Effect<VectorStore, OpenAiError, VectorStores> =>
  Effect.flatMap(VectorStores, (s) => s.update(vectorStoreId, params))

/**
 * One page of vector stores.
 *
 * @example
 * ```ts
 * import { VectorStores } from "@effect-openai/core"
 *
 * const page = VectorStores.list({ limit: 10, order: "asc" })
 * // { object: "list", data: [{ id: "vs_abc123", … }], first_id: "vs_abc123", last_id: "vs_abc456", has_more: true }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (params?: ListParams): Effect.Effect<ListVectorStoresResponse, OpenAiError, VectorStores> =>
  Effect.flatMap(VectorStores, (s) => s.list(params))

/**
 * Every vector store, as a lazy stream that fetches the next page only when
 * it is pulled past the current one.
 *
 * @example
 * ```ts
 * import { VectorStores } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const ids = VectorStores.listAll({ limit: 100 }).pipe(Stream.map((s) => s.id), Stream.runCollect)
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listAll = (params?: ListParams): Stream.Stream<VectorStore, OpenAiError, VectorStores> =>
  Stream.unwrap(Effect.map(VectorStores, (s) => s.listAll(params)))

const del = (vectorStoreId: string): Effect.Effect<DeleteVectorStoreResponse, OpenAiError, VectorStores> =>
  Effect.flatMap(VectorStores, (s) => s.delete(vectorStoreId))

export {
  /**
   * Deletes a vector store (the files stay in Files).
   *
   * @example
   * ```ts
   * import { VectorStores } from "@effect-openai/core"
   *
   * const deleted = VectorStores.delete("vs_abc123") // { id: "vs_abc123", object: "vector_store.deleted", deleted: true }
   * ```
   *
   * @since 0.1.0
   * @category accessors
   */
  del as delete
}
