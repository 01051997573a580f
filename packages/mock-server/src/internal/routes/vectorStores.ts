/**
 * Vector stores, their files and their file batches (`OpenAI-Beta:
 * assistants=v2` required, as the API does). Files attach only if they exist
 * in "files"; attaching completes at once, so a batch is `completed` when
 * created. A store's `file_counts` and `usage_bytes` are computed from its
 * attached files. The beta header check and `metadata` validation are those
 * of the assistants routes.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { errorBody } from "../errors.js"
import type { RequestInfo } from "../kit.js"
import { badParam, bodyRecord, error, json, notFound, now, page, type RequestInfoShape } from "../kit.js"
import { checkMetadata, withBeta } from "./assistants.js"

type Params = Readonly<Record<string, string | undefined>>
type Item = Record<string, unknown>

const STORES = "vector_stores"
const FILES = "vector_store_files"
const BATCHES = "vector_store_file_batches"
const statuses = new Set(["in_progress", "completed", "failed", "cancelled"])

const fileKey = (storeId: string, fileId: string) => `${storeId}/${fileId}`

const storeFiles = (info: RequestInfoShape, storeId: string, keep: (file: Item) => boolean = () => true) =>
  info.store.list(FILES, (f) => f.vector_store_id === storeId && keep(f))

const countStatuses = (files: ReadonlyArray<Item>) => {
  const counts = { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: files.length }
  for (const f of files) if (statuses.has(String(f.status))) counts[f.status as "completed"]++
  return counts
}

const publicStore = (info: RequestInfoShape, stored: Item): Item => {
  const files = storeFiles(info, String(stored.id))
  return {
    ...stored,
    usage_bytes: files.reduce((n, f) => n + Number(f.usage_bytes ?? 0), 0),
    file_counts: countStatuses(files)
  }
}

const publicBatch = ({ file_ids: _, ...batch }: Item): Item => batch

type Checked<A> = A | HttpServerResponse.HttpServerResponse
const failed = HttpServerResponse.isServerResponse

/** The `filter` query parameter, validated, as a predicate. */
const filterOf = (info: RequestInfoShape): Checked<(file: Item) => boolean> => {
  const filter = info.query.get("filter")
  if (filter !== null && !statuses.has(filter)) {
    return badParam("filter", "Invalid 'filter': expected one of in_progress, completed, failed, cancelled.")
  }
  return (file) => filter === null || file.status === filter
}

/** `expires_after` of a create or update body: the value to store, or a 400. */
const expiresAfterOf = (value: unknown): Checked<Item | null> => {
  if (value === undefined || value === null) return null
  const v = bodyRecord(value)
  if (v.anchor !== "last_active_at") return badParam("expires_after.anchor", "Expected 'last_active_at'.")
  if (typeof v.days !== "number" || !Number.isInteger(v.days) || v.days < 1 || v.days > 365) {
    return badParam("expires_after.days", "Expected an integer between 1 and 365.")
  }
  return { anchor: v.anchor, days: v.days }
}

/** The file ids of a body: each must name an uploaded file. */
const fileIdsOf = (info: RequestInfoShape, value: unknown, param: string): Checked<ReadonlyArray<string>> => {
  if (!Array.isArray(value) || !value.every((id) => typeof id === "string")) {
    return badParam(param, `Invalid '${param}': expected an array of file ids.`)
  }
  const missing = value.find((id) => info.store.get("files", id) === undefined)
  return missing === undefined ? value : notFound("file", missing)
}

/** Attaches an uploaded file to a store (processing completes at once). */
const attach = (info: RequestInfoShape, storeId: string, fileId: string): Item =>
  info.store.put(FILES, fileKey(storeId, fileId), {
    id: fileId,
    object: "vector_store.file",
    usage_bytes: Number(info.store.get("files", fileId)?.bytes ?? 0),
    created_at: now(),
    vector_store_id: storeId,
    status: "completed",
    last_error: null
  })

const withStore = (
  info: RequestInfoShape,
  params: Params,
  f: (store: Item, storeId: string) => HttpServerResponse.HttpServerResponse
) => {
  const storeId = params.vector_store_id ?? ""
  const store = info.store.get(STORES, storeId)
  return store === undefined ? notFound("vector store", storeId) : f(store, storeId)
}

const withBatch = (
  info: RequestInfoShape,
  params: Params,
  f: (batch: Item, storeId: string) => HttpServerResponse.HttpServerResponse
) =>
  withStore(info, params, (_, storeId) => {
    const batchId = params.batch_id ?? ""
    const batch = info.store.get(BATCHES, batchId)
    return batch === undefined || batch.vector_store_id !== storeId
      ? notFound("vector store file batch", batchId)
      : f(batch, storeId)
  })

export const vectorStores: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  // --- vector stores -------------------------------------------------------
  HttpRouter.post(
    "/v1/vector_stores",
    withBeta((info) => {
      const body = bodyRecord(info.body)
      if (body.name !== undefined && typeof body.name !== "string") return badParam("name", "Expected a string.")
      const badMetadata = checkMetadata(body)
      if (badMetadata !== undefined) return badMetadata
      const fileIds = fileIdsOf(info, body.file_ids ?? [], "file_ids")
      if (failed(fileIds)) return fileIds
      const expires = expiresAfterOf(body.expires_after)
      if (failed(expires)) return expires
      const id = info.store.nextId("vs")
      const created = now()
      info.store.put(STORES, id, {
        id,
        object: "vector_store",
        created_at: created,
        name: body.name ?? "",
        status: "completed",
        expires_after: expires,
        expires_at: expires === null ? null : created + Number(expires.days) * 86_400,
        last_active_at: created,
        metadata: body.metadata ?? {}
      })
      for (const fileId of fileIds) attach(info, id, fileId)
      return json(200, publicStore(info, info.store.get(STORES, id)!))
    })
  ),
  HttpRouter.get(
    "/v1/vector_stores",
    withBeta((info) =>
      json(
        200,
        page(
          info.store.list(STORES).map((s) => publicStore(info, s)),
          info.query
        )
      )
    )
  ),
  HttpRouter.get(
    "/v1/vector_stores/:vector_store_id",
    withBeta((info, params) => withStore(info, params, (store) => json(200, publicStore(info, store))))
  ),
  HttpRouter.post(
    "/v1/vector_stores/:vector_store_id",
    withBeta((info, params) =>
      withStore(info, params, (store, storeId) => {
        const body = bodyRecord(info.body)
        const badMetadata = checkMetadata(body)
        if (badMetadata !== undefined) return badMetadata
        const patch: Item = {}
        if (body.name !== undefined && body.name !== null) {
          if (typeof body.name !== "string") return badParam("name", "Expected a string.")
          patch.name = body.name
        }
        if ("expires_after" in body) {
          const expires = expiresAfterOf(body.expires_after)
          if (failed(expires)) return expires
          patch.expires_after = expires
          patch.expires_at = expires === null ? null : Number(store.last_active_at) + Number(expires.days) * 86_400
        }
        if ("metadata" in body) patch.metadata = body.metadata ?? {}
        return json(200, publicStore(info, info.store.update(STORES, storeId, patch)!))
      })
    )
  ),
  HttpRouter.del(
    "/v1/vector_stores/:vector_store_id",
    withBeta((info, params) =>
      withStore(info, params, (_, storeId) => {
        for (const f of storeFiles(info, storeId)) info.store.delete(FILES, fileKey(storeId, String(f.id)))
        for (const b of info.store.list(BATCHES, (b) => b.vector_store_id === storeId)) {
          info.store.delete(BATCHES, String(b.id))
        }
        info.store.delete(STORES, storeId)
        return json(200, { id: storeId, object: "vector_store.deleted", deleted: true })
      })
    )
  ),
  // --- vector store files --------------------------------------------------
  HttpRouter.post(
    "/v1/vector_stores/:vector_store_id/files",
    withBeta((info, params) =>
      withStore(info, params, (_, storeId) => {
        const fileId = bodyRecord(info.body).file_id
        if (typeof fileId !== "string" || fileId === "") return badParam("file_id", "A file_id is required.")
        if (info.store.get("files", fileId) === undefined) return notFound("file", fileId)
        return json(200, attach(info, storeId, fileId))
      })
    )
  ),
  HttpRouter.get(
    "/v1/vector_stores/:vector_store_id/files",
    withBeta((info, params) =>
      withStore(info, params, (_, storeId) => {
        const filter = filterOf(info)
        return failed(filter) ? filter : json(200, page(storeFiles(info, storeId, filter), info.query))
      })
    )
  ),
  HttpRouter.get(
    "/v1/vector_stores/:vector_store_id/files/:file_id",
    withBeta((info, params) =>
      withStore(info, params, (_, storeId) => {
        const fileId = params.file_id ?? ""
        const file = info.store.get(FILES, fileKey(storeId, fileId))
        return file === undefined ? notFound("vector store file", fileId) : json(200, file)
      })
    )
  ),
  HttpRouter.del(
    "/v1/vector_stores/:vector_store_id/files/:file_id",
    withBeta((info, params) =>
      withStore(info, params, (_, storeId) => {
        const fileId = params.file_id ?? ""
        return info.store.delete(FILES, fileKey(storeId, fileId))
          ? json(200, { id: fileId, object: "vector_store.file.deleted", deleted: true })
          : notFound("vector store file", fileId)
      })
    )
  ),
  // --- file batches --------------------------------------------------------
  HttpRouter.post(
    "/v1/vector_stores/:vector_store_id/file_batches",
    withBeta((info, params) =>
      withStore(info, params, (_, storeId) => {
        const fileIds = fileIdsOf(info, bodyRecord(info.body).file_ids, "file_ids")
        if (failed(fileIds)) return fileIds
        if (fileIds.length === 0) return badParam("file_ids", "At least one file id is required.")
        const files = fileIds.map((fileId) => attach(info, storeId, fileId))
        const id = info.store.nextId("vsfb")
        const batch = info.store.put(BATCHES, id, {
          id,
          object: "vector_store.files_batch",
          created_at: now(),
          vector_store_id: storeId,
          status: "completed",
          file_counts: countStatuses(files),
          file_ids: fileIds
        })
        return json(200, publicBatch(batch))
      })
    )
  ),
  HttpRouter.get(
    "/v1/vector_stores/:vector_store_id/file_batches/:batch_id",
    withBeta((info, params) => withBatch(info, params, (batch) => json(200, publicBatch(batch))))
  ),
  HttpRouter.post(
    "/v1/vector_stores/:vector_store_id/file_batches/:batch_id/cancel",
    withBeta((info, params) =>
      withBatch(info, params, (batch) => {
        if (batch.status !== "in_progress") {
          const message = `Cannot cancel a vector store file batch that is ${String(batch.status)}.`
          return error(400, errorBody(message, "invalid_request_error"))
        }
        const counts = batch.file_counts as ReturnType<typeof countStatuses>
        const cancelled = info.store.update(BATCHES, String(batch.id), {
          status: "cancelled",
          file_counts: { ...counts, in_progress: 0, cancelled: counts.cancelled + counts.in_progress }
        })!
        return json(200, publicBatch(cancelled))
      })
    )
  ),
  HttpRouter.get(
    "/v1/vector_stores/:vector_store_id/file_batches/:batch_id/files",
    withBeta((info, params) =>
      withBatch(info, params, (batch, storeId) => {
        const filter = filterOf(info)
        if (failed(filter)) return filter
        const ids = new Set(batch.file_ids as ReadonlyArray<string>)
        return json(
          200,
          page(
            storeFiles(info, storeId, (f) => ids.has(String(f.id)) && filter(f)),
            info.query
          )
        )
      })
    )
  )
)
