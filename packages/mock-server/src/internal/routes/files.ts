/**
 * Files: upload (multipart), list, retrieve, delete, download.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { badParam, bodyRecord, handle, json, notFound, now, type RequestInfo } from "../kit.js"

const purposes = new Set(["fine-tune", "assistants", "batch", "vision", "user_data"])

interface StoredFile {
  readonly [key: string]: unknown
  readonly id: string
  readonly content: string
}

const publicFile = (file: Record<string, unknown>) => {
  const { content: _, ...rest } = file
  return rest
}

export const files: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/files",
    handle((info) => {
      const body = bodyRecord(info.body)
      const file = body.file as { filename?: string; size?: number; text?: string } | undefined
      if (typeof file !== "object" || file === null || typeof file.filename !== "string") {
        return badParam("file", "A file is required: send it as multipart/form-data.")
      }
      const purpose = body.purpose
      if (typeof purpose !== "string" || !purposes.has(purpose)) {
        return badParam("purpose", `'${String(purpose)}' is not a valid purpose.`)
      }
      const id = info.store.nextId("file", "-")
      const stored: StoredFile = {
        id,
        object: "file",
        bytes: file.size ?? 0,
        created_at: now(),
        filename: file.filename,
        purpose,
        status: "processed",
        status_details: null,
        content: file.text ?? ""
      }
      info.store.put("files", id, stored)
      return json(200, publicFile(stored))
    })
  ),
  HttpRouter.get(
    "/v1/files",
    handle((info) => {
      const purpose = info.query.get("purpose")
      const data = info.store.list("files", (f) => purpose === null || f.purpose === purpose).map(publicFile)
      return json(200, { object: "list", data })
    })
  ),
  HttpRouter.get(
    "/v1/files/:file_id",
    handle((info, params) => {
      const file = info.store.get("files", params.file_id ?? "")
      return file === undefined ? notFound("file", params.file_id ?? "") : json(200, publicFile(file))
    })
  ),
  HttpRouter.del(
    "/v1/files/:file_id",
    handle((info, params) => {
      const id = params.file_id ?? ""
      return info.store.delete("files", id) ? json(200, { id, object: "file", deleted: true }) : notFound("file", id)
    })
  ),
  HttpRouter.get(
    "/v1/files/:file_id/content",
    handle((info, params) => {
      const file = info.store.get("files", params.file_id ?? "")
      if (file === undefined) return notFound("file", params.file_id ?? "")
      return HttpServerResponse.text(String(file.content), { contentType: "application/octet-stream" })
    })
  )
)
