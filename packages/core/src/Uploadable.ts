/**
 * Files to upload: audio to transcribe, images to edit, documents for
 * assistants and batches. A `file`/`image` parameter takes a `Blob` or `File`
 * as it is, or an upload made here from bytes or a `Stream` of bytes, with a
 * filename (the API reads the format from its extension) and a content type.
 * The request pipeline streams the multipart body: nothing is buffered whole.
 * On Node, `NodeUploadable.fromPath` reads a file from disk.
 *
 * @example
 * ```ts
 * import { Uploadable } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * Uploadable.fromBytes(new TextEncoder().encode('{"a":1}\n'), "batch.jsonl", { contentType: "application/jsonl" })
 * Uploadable.fromStream(Stream.make(new Uint8Array([1, 2, 3])), "speech.mp3", { size: 3 })
 * new File(["hello"], "notes.txt", { type: "text/plain" }) // used as it is
 * ```
 *
 * @since 0.1.0
 */
import * as Stream from "effect/Stream"
import type { Uploadable as Any, UploadSource } from "./internal/schema.js"

/**
 * Anything a file parameter accepts: a `Blob` or `File`, bytes, or an upload
 * made with `fromBytes`, `fromStream` (or `NodeUploadable.fromPath`).
 *
 * @since 0.1.0
 * @category models
 */
export type Uploadable = Any

/**
 * A named upload whose bytes come from a stream.
 *
 * @since 0.1.0
 * @category models
 */
export interface StreamUpload extends UploadSource {
  readonly _tag: "UploadSource"
  readonly filename: string
  readonly contentType?: string | undefined
  /** The size in bytes, when known: it lets the request carry a Content-Length */
  readonly size?: number | undefined
  /** The bytes; it must be re-runnable for the request to be retried */
  readonly stream: Stream.Stream<Uint8Array, unknown>
}

/**
 * Options of the constructors.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Default: from the filename's extension, else `application/octet-stream` */
  readonly contentType?: string | undefined
}

const types: Record<string, string> = {
  mp3: "audio/mpeg",
  mpga: "audio/mpeg",
  mpeg: "audio/mpeg",
  m4a: "audio/mp4",
  mp4: "audio/mp4",
  wav: "audio/wav",
  webm: "audio/webm",
  ogg: "audio/ogg",
  flac: "audio/flac",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  json: "application/json",
  jsonl: "application/jsonl",
  txt: "text/plain",
  md: "text/markdown",
  pdf: "application/pdf",
  html: "text/html",
  csv: "text/csv"
}

/**
 * The content type for a filename, from its extension.
 *
 * @example
 * ```ts
 * import { Uploadable } from "@effect-openai/core"
 *
 * Uploadable.contentTypeOf("speech.mp3") // "audio/mpeg"
 * ```
 *
 * @since 0.1.0
 * @category utils
 */
export const contentTypeOf = (filename: string): string => {
  const dot = filename.lastIndexOf(".")
  return (dot >= 0 ? types[filename.slice(dot + 1).toLowerCase()] : undefined) ?? "application/octet-stream"
}

/**
 * An upload from bytes in memory.
 *
 * @example
 * ```ts
 * import { Uploadable } from "@effect-openai/core"
 *
 * const upload = Uploadable.fromBytes(new Uint8Array([0x52, 0x49, 0x46, 0x46]), "hello.wav")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromBytes = (bytes: Uint8Array, filename: string, options: Options = {}): StreamUpload => ({
  _tag: "UploadSource",
  filename,
  contentType: options.contentType ?? contentTypeOf(filename),
  size: bytes.byteLength,
  stream: Stream.succeed(bytes)
})

/**
 * An upload from a stream of bytes, never buffered whole. Give `size` when
 * you know it.
 *
 * @example
 * ```ts
 * import { Uploadable } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const lines = Stream.make('{"custom_id":"1"}\n').pipe(Stream.encodeText)
 * const upload = Uploadable.fromStream(lines, "requests.jsonl")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStream = (
  stream: Stream.Stream<Uint8Array, unknown>,
  filename: string,
  options: Options & { readonly size?: number | undefined } = {}
): StreamUpload => ({
  _tag: "UploadSource",
  filename,
  contentType: options.contentType ?? contentTypeOf(filename),
  size: options.size,
  stream
})

/**
 * An upload from a `Blob` under a given filename (a `File` already has one
 * and can be passed as it is).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromBlob = (blob: Blob, filename: string, options: Options = {}): StreamUpload => ({
  _tag: "UploadSource",
  filename,
  contentType: options.contentType ?? (blob.type === "" ? contentTypeOf(filename) : blob.type),
  size: blob.size,
  stream: Stream.suspend(() =>
    Stream.fromReadableStream(
      () => blob.stream(),
      (cause) => cause
    )
  )
})
