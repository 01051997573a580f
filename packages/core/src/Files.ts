/**
 * Files: upload documents for assistants, fine-tuning and batches, list and
 * read them, download their content as a byte stream or as text, delete
 * them. API reference: "Files".
 *
 * @example
 * ```ts
 * import { Files, Uploadable } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const file = yield* Files.create({
 *     file: Uploadable.fromBytes(new TextEncoder().encode('{"messages":[]}\n'), "train.jsonl"),
 *     purpose: "fine-tune"
 *   })
 *   // { id: "file-abc123", object: "file", bytes: 16, filename: "train.jsonl", purpose: "fine-tune", status: "uploaded", … }
 *   const text = yield* Files.contentText(file.id)
 *   const bytes = yield* Files.content(file.id).pipe(Stream.runFold(0, (n, chunk) => n + chunk.length))
 *   yield* Files.delete(file.id) // { id: "file-abc123", object: "file", deleted: true }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/Files.js"
import * as Params from "./internal/params.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * An uploaded file: `{ id, object: "file", bytes, created_at, filename, purpose, status }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OpenAIFile = Generated.OpenAIFile
/**
 * @since 0.1.0
 * @category models
 */
export type OpenAIFile = Generated.OpenAIFile

/**
 * The parameters of `create`: `{ file, purpose }`. `file` takes a `Blob`,
 * a `File`, or an `Uploadable` made from bytes, a stream or a path.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Generated.CreateFileRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `list`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams {
  /** Only files with this purpose */
  readonly purpose?: string | undefined
}

/**
 * The Files service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /files` (listFiles) */
  readonly list: (params?: ListParams) => Effect.Effect<Generated.ListFilesResponse, OpenAiError>
  /** `POST /files` (createFile), multipart, streamed */
  readonly create: (params: CreateParams) => Effect.Effect<OpenAIFile, OpenAiError>
  /** `GET /files/{file_id}` (retrieveFile) */
  readonly retrieve: (fileId: string) => Effect.Effect<OpenAIFile, OpenAiError>
  /** `DELETE /files/{file_id}` (deleteFile) */
  readonly delete: (fileId: string) => Effect.Effect<Generated.DeleteFileResponse, OpenAiError>
  /** `GET /files/{file_id}/content` (downloadFile) as a byte stream, never buffered whole */
  readonly content: (fileId: string) => Stream.Stream<Uint8Array, OpenAiError>
  /** `GET /files/{file_id}/content` (downloadFile) as text */
  readonly contentText: (fileId: string) => Effect.Effect<string, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Files extends Context.Tag("@effect-openai/core/Files")<Files, Service>() {}

const download = (fileId: string) =>
  ({
    operationId: "downloadFile",
    method: "GET",
    path: "/files/{file_id}/content",
    pathParams: { file_id: fileId }
  }) as const

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => ({
  list: (params) =>
    client.json(
      { operationId: "listFiles", method: "GET", path: "/files", query: Params.query(params) },
      Generated.ListFilesResponse
    ),
  create: (params) =>
    client.json(
      {
        operationId: "createFile",
        method: "POST",
        path: "/files",
        body: { _tag: "Multipart", schema: Generated.CreateFileRequest, value: params }
      },
      OpenAIFile
    ),
  retrieve: (fileId) =>
    client.json(
      { operationId: "retrieveFile", method: "GET", path: "/files/{file_id}", pathParams: { file_id: fileId } },
      OpenAIFile
    ),
  delete: (fileId) =>
    client.json(
      { operationId: "deleteFile", method: "DELETE", path: "/files/{file_id}", pathParams: { file_id: fileId } },
      Generated.DeleteFileResponse
    ),
  content: (fileId) => client.bytes(download(fileId)),
  contentText: (fileId) => client.text(download(fileId))
}))

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Files, never, OpenAiClient> = Layer.effect(Files, make)

/**
 * Lists the files, optionally of one purpose.
 *
 * @example
 * ```ts
 * import { Files } from "@effect-openai/core"
 *
 * const batchInputs = Files.list({ purpose: "batch" }) // { object: "list", data: OpenAIFile[] }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (params?: ListParams): Effect.Effect<Generated.ListFilesResponse, OpenAiError, Files> =>
  Effect.flatMap(Files, (s) => s.list(params))

/**
 * Uploads a file (multipart, streamed).
 *
 * @example
 * ```ts
 * import { Files } from "@effect-openai/core"
 *
 * const file = Files.create({ file: new File(["hello"], "notes.txt"), purpose: "assistants" })
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params: CreateParams): Effect.Effect<OpenAIFile, OpenAiError, Files> =>
  Effect.flatMap(Files, (s) => s.create(params))

/**
 * Reads a file's metadata.
 *
 * @example
 * ```ts
 * import { Files } from "@effect-openai/core"
 *
 * const file = Files.retrieve("file-abc123") // { id: "file-abc123", object: "file", bytes, filename, purpose, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (fileId: string): Effect.Effect<OpenAIFile, OpenAiError, Files> =>
  Effect.flatMap(Files, (s) => s.retrieve(fileId))

const del = (fileId: string): Effect.Effect<Generated.DeleteFileResponse, OpenAiError, Files> =>
  Effect.flatMap(Files, (s) => s.delete(fileId))

export {
  /**
   * Deletes a file.
   *
   * @example
   * ```ts
   * import { Files } from "@effect-openai/core"
   *
   * const deleted = Files.delete("file-abc123") // { id: "file-abc123", object: "file", deleted: true }
   * ```
   *
   * @since 0.1.0
   * @category accessors
   */
  del as delete
}

/**
 * A file's content as a byte stream (never buffered whole).
 *
 * @example
 * ```ts
 * import { Files } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const size = Files.content("file-abc123").pipe(Stream.runFold(0, (n, chunk) => n + chunk.length))
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const content = (fileId: string): Stream.Stream<Uint8Array, OpenAiError, Files> =>
  Stream.unwrap(Effect.map(Files, (s) => s.content(fileId)))

/**
 * A file's content as text.
 *
 * @example
 * ```ts
 * import { Files } from "@effect-openai/core"
 *
 * const jsonl = Files.contentText("file-batch-output") // '{"id":"batch_req_1",…}\n…'
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const contentText = (fileId: string): Effect.Effect<string, OpenAiError, Files> =>
  Effect.flatMap(Files, (s) => s.contentText(fileId))
