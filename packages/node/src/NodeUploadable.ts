/**
 * Uploads from files on disk: read as the request is sent, never buffered
 * whole, and re-read when a request is retried.
 *
 * @example
 * ```ts
 * import { Files } from "@effect-openai/core"
 * import { NodeUploadable } from "@effect-openai/node"
 * import { Effect } from "effect"
 *
 * const upload = Effect.gen(function* () {
 *   const file = yield* NodeUploadable.fromPath("./data/train.jsonl")
 *   return yield* Files.create({ file, purpose: "fine-tune" })
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { OpenAiError, Uploadable } from "@effect-openai/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { nodeStream } from "./internal/lazyModules.js"

/**
 * An upload of the file at `path`, named after it (or `options.filename`),
 * with its size (so the request carries a Content-Length) and a content type
 * from its extension. Fails with `InvalidRequestError` on field `file` when
 * the path is not a readable file.
 *
 * @example
 * ```ts
 * import { NodeUploadable } from "@effect-openai/node"
 *
 * const audio = NodeUploadable.fromPath("./meeting.mp3") // Effect<StreamUpload>: filename "meeting.mp3", audio/mpeg
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromPath = (
  path: string,
  options: Uploadable.Options & { readonly filename?: string | undefined } = {}
): Effect.Effect<Uploadable.StreamUpload, OpenAiError.InvalidRequestError> =>
  Effect.tryPromise({
    try: () => Fs.promises.stat(path),
    catch: (cause) => unreadable(path, (cause as Error).message)
  }).pipe(
    Effect.filterOrFail(
      (stat) => stat.isFile(),
      () => unreadable(path, "not a regular file")
    ),
    Effect.map((stat) =>
      Uploadable.fromStream(
        Stream.unwrap(
          Effect.map(nodeStream, (NodeStream) =>
            NodeStream.fromReadable(
              () => Fs.createReadStream(path),
              (cause) => cause
            )
          )
        ),
        options.filename ?? Path.basename(path),
        { contentType: options.contentType, size: stat.size }
      )
    )
  )

const unreadable = (path: string, reason: string) =>
  new OpenAiError.InvalidRequestError({
    message: `Cannot upload ${path}: ${reason}`,
    operation: "upload",
    field: "file",
    issues: [{ field: "file", message: reason }]
  })
