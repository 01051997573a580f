/**
 * Vector stores, their files and their file batches (`OpenAI-Beta:
 * assistants=v2` required, as the API does). Files attach only if they exist
 * in "files". A store's `file_counts` and `usage_bytes`, and a batch's
 * `file_counts`, are computed from its attached files. The beta header check
 * and `metadata` validation are those of the assistants routes.
 *
 * Processing plays the API's lifecycle, one step per retrieve (deterministic,
 * no timers): a file attached with `POST …/files` or in a file batch is
 * `in_progress` (usage 0); retrieving it makes it `completed` (usage = its
 * bytes). Retrieving an `in_progress` batch settles all its files and the
 * batch (`completed`). Cancelling a batch answers `cancelling` (its pending
 * files `cancelled`); the next retrieve reads `cancelled`. Files attached
 * when a store is created are `completed` at once. Every retrieve of a file
 * or batch sends `openai-poll-after-ms` (see `batches.ts`).
 *
 * Failure mode: `x-mock-outcome: failed` on the attach or batch request makes
 * its files `failed` (`last_error: { code: "invalid_file", … }`), and the
 * batch `failed`.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { errorBody } from "../errors.js"
import type { RequestInfo } from "../kit.js"
import { badParam, bodyRecord, error, json, notFound, now, page, type RequestInfoShape } from "../kit.js"
import { checkMetadata, withBeta } from "./assistants.js"
import { outcomeOf, pollAfter } from "./batches.js"

type Params = Readonly<Record<string, string | undefined>>
type Item = Record<string, unknown>

const STORES = "vector_stores"
const FILES = "vector_store_files"
const BATCHES = "vector_store_file_batches"
/** The attached files asked to fail (`x-mock-outcome: failed`), by `fileKey`: never sent */
const FAILING = "vector_store_files_failing"
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

/** The files of a batch. */
const batchFiles = (info: RequestInfoShape, batch: Item) => {
  const ids = new Set(batch.file_ids as ReadonlyArray<string>)
  return storeFiles(info, String(batch.vector_store_id), (f) => ids.has(String(f.id)))
}

const publicBatch = (info: RequestInfoShape, batch: Item): Item => {
  const { file_ids: _, ...rest } = batch
  return { ...rest, file_counts: countStatuses(batchFiles(info, batch)) }
}

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

/** Attaches an uploaded file to a store: `in_progress` (or at once `completed` when `processed`). */
const attach = (info: RequestInfoShape, storeId: string, fileId: string, processed = false): Item => {
  const key = fileKey(storeId, fileId)
  if (!processed && outcomeOf(info, ["failed"]) !== undefined) info.store.put(FAILING, key, { key })
  else info.store.delete(FAILING, key)
  const attached = info.store.put(FILES, key, {
    id: fileId,
    object: "vector_store.file",
    usage_bytes: 0,
    created_at: now(),
    vector_store_id: storeId,
    status: "in_progress",
    last_error: null
  })
  return processed ? process(info, attached) : attached
}

/** An `in_progress` file processed: `completed`, or `failed` when asked to fail. */
const process = (info: RequestInfoShape, file: Item): Item => {
  if (file.status !== "in_progress") return file
  const key = fileKey(String(file.vector_store_id), String(file.id))
  const done: Item =
    info.store.get(FAILING, key) === undefined
      ? { ...file, status: "completed", usage_bytes: Number(info.store.get("files", String(file.id))?.bytes ?? 0) }
      : {
          ...file,
          status: "failed",
          last_error: { code: "invalid_file", message: "The file could not be parsed (x-mock-outcome: failed)." }
        }
  return info.store.put(FILES, key, done)
}

/** The batch one step further: an `in_progress` batch settles with its files; `cancelling` becomes `cancelled`. */
const advanceBatch = (info: RequestInfoShape, batch: Item): Item => {
  if (batch.status === "cancelling") return info.store.update(BATCHES, String(batch.id), { status: "cancelled" })!
  if (batch.status !== "in_progress") return batch
  const files = batchFiles(info, batch).map((f) => process(info, f))
  const status = files.length > 0 && files.every((f) => f.status === "failed") ? "failed" : "completed"
  return info.store.update(BATCHES, String(batch.id), { status })!
}

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
      for (const fileId of fileIds) attach(info, id, fileId, true)
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
        return file === undefined
          ? notFound("vector store file", fileId)
          : json(200, process(info, file), pollAfter(info))
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
        for (const fileId of fileIds) attach(info, storeId, fileId)
        const id = info.store.nextId("vsfb")
        const batch = info.store.put(BATCHES, id, {
          id,
          object: "vector_store.files_batch",
          created_at: now(),
          vector_store_id: storeId,
          status: "in_progress",
          file_ids: fileIds
        })
        return json(200, publicBatch(info, batch))
      })
    )
  ),
  HttpRouter.get(
    "/v1/vector_stores/:vector_store_id/file_batches/:batch_id",
    withBeta((info, params) =>
      withBatch(info, params, (batch) => json(200, publicBatch(info, advanceBatch(info, batch)), pollAfter(info)))
    )
  ),
  HttpRouter.post(
    "/v1/vector_stores/:vector_store_id/file_batches/:batch_id/cancel",
    withBeta((info, params) =>
      withBatch(info, params, (batch, storeId) => {
        if (batch.status !== "in_progress") {
          const message = `Cannot cancel a vector store file batch that is ${String(batch.status)}.`
          return error(400, errorBody(message, "invalid_request_error"))
        }
        for (const f of batchFiles(info, batch)) {
          if (f.status === "in_progress")
            info.store.put(FILES, fileKey(storeId, String(f.id)), { ...f, status: "cancelled" })
        }
        return json(200, publicBatch(info, info.store.update(BATCHES, String(batch.id), { status: "cancelling" })!))
      })
    )
  ),
  HttpRouter.get(
    "/v1/vector_stores/:vector_store_id/file_batches/:batch_id/files",
    withBeta((info, params) =>
      withBatch(info, params, (batch) => {
        const filter = filterOf(info)
        if (failed(filter)) return filter
        return json(200, page(batchFiles(info, batch).filter(filter), info.query))
      })
    )
  )
)
