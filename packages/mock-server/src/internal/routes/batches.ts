/**
 * Batches: create (on an uploaded `batch` file), retrieve, list, cancel.
 * A new batch stays `validating`; cancelling answers `cancelling` and the
 * batch reads as `cancelled` from then on.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
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
  type RequestInfoShape
} from "../kit.js"

const BATCHES = "batches"

const endpoints = new Set(["/v1/chat/completions", "/v1/embeddings", "/v1/completions"])
const cancellable = new Set(["validating", "in_progress", "finalizing"])

const isStringRecord = (u: unknown) =>
  typeof u === "object" && u !== null && !Array.isArray(u) && Object.values(u).every((v) => typeof v === "string")

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
    withBatch((_, batch) => json(200, batch))
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
      const at = now()
      const cancelling = { ...batch, status: "cancelling", cancelling_at: at }
      info.store.put(BATCHES, id, { ...cancelling, status: "cancelled", cancelled_at: at })
      return json(200, cancelling)
    })
  )
)
