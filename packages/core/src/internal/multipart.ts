/**
 * A streamed `multipart/form-data` body: files are read as the request is
 * sent, never buffered whole. Arrays become repeated `name[]` fields and
 * objects `name[key]` fields, as the API expects.
 *
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Stream from "effect/Stream"
import type { Uploadable, UploadSource } from "./schema.js"

export interface MultipartBody {
  readonly contentType: string
  /** Known when every file's size is known */
  readonly contentLength: number | undefined
  readonly stream: Stream.Stream<Uint8Array, unknown>
}

interface FilePart {
  readonly filename: string
  readonly contentType: string
  readonly size: number | undefined
  readonly stream: Stream.Stream<Uint8Array, unknown>
}

const encoder = new TextEncoder()

const isUploadSource = (
  u: unknown
): u is UploadSource & { readonly stream: Stream.Stream<Uint8Array, unknown>; readonly size?: number } =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "UploadSource"

const isFileLike = (u: unknown): u is Uploadable =>
  (typeof Blob !== "undefined" && u instanceof Blob) ||
  u instanceof Uint8Array ||
  u instanceof ArrayBuffer ||
  isUploadSource(u)

const filePart = (value: Uploadable, fieldName: string): FilePart => {
  if (isUploadSource(value)) {
    return {
      filename: value.filename,
      contentType: value.contentType ?? "application/octet-stream",
      size: value.size,
      stream: value.stream
    }
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    const bytes = value instanceof Uint8Array ? value : new Uint8Array(value)
    return {
      filename: fieldName,
      contentType: "application/octet-stream",
      size: bytes.byteLength,
      stream: Stream.succeed(bytes)
    }
  }
  const blob = value as Blob
  const name = (blob as { name?: unknown }).name
  return {
    filename: typeof name === "string" && name !== "" ? name : fieldName,
    contentType: blob.type === "" ? "application/octet-stream" : blob.type,
    size: blob.size,
    stream: Stream.suspend(() =>
      Stream.fromReadableStream(
        () => blob.stream(),
        (cause) => cause
      )
    )
  }
}

const quote = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r|\n/g, " ")

/** Flattens a value into form fields: `name[]` for arrays, `name[key]` for objects. */
const fields = (name: string, value: unknown, out: Array<readonly [string, string | FilePart]>) => {
  if (value === undefined || value === null) return
  if (isFileLike(value)) {
    out.push([name, filePart(value, name)])
  } else if (Array.isArray(value)) {
    for (const item of value) fields(`${name}[]`, item, out)
  } else if (typeof value === "object") {
    for (const key in value as Record<string, unknown>)
      fields(`${name}[${key}]`, (value as Record<string, unknown>)[key], out)
  } else {
    out.push([name, String(value)])
  }
}

let counter = 0
const makeBoundary = () =>
  `----effect-openai-${Date.now().toString(16)}-${(++counter).toString(16)}-${Math.random().toString(16).slice(2)}`

/** Encodes an object (already validated) as a streamed multipart body. */
export const encode = (value: Readonly<Record<string, unknown>>): MultipartBody => {
  const parts: Array<readonly [string, string | FilePart]> = []
  for (const key in value) fields(key, value[key], parts)
  const boundary = makeBoundary()
  const chunks: Array<Stream.Stream<Uint8Array, unknown>> = []
  let length: number | undefined = 0
  const text = (s: string) => {
    const bytes = encoder.encode(s)
    if (length !== undefined) length += bytes.byteLength
    chunks.push(Stream.succeed(bytes))
  }
  for (const [name, part] of parts) {
    if (typeof part === "string") {
      text(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${part}\r\n`)
    } else {
      text(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(part.filename)}"\r\nContent-Type: ${part.contentType}\r\n\r\n`
      )
      if (length !== undefined) length = part.size === undefined ? undefined : length + part.size
      chunks.push(part.stream)
      text("\r\n")
    }
  }
  text(`--${boundary}--\r\n`)
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: length,
    stream: Stream.concatAll(Chunk.unsafeFromArray(chunks))
  }
}
