/**
 * Byte streams to disk: speech from `Audio.createSpeech`, a file's content
 * from `Files.content`, or any `Stream<Uint8Array>`, written to a path as it
 * arrives. Each chunk is written before the next one is pulled, so the body
 * is never buffered whole and a slow disk slows the download down
 * (backpressure).
 *
 * The bytes go to a hidden partial file next to the target
 * (`.<name>.<random>.partial`), renamed onto the path once the stream has
 * ended. On failure or interruption the partial file is removed, the path is
 * left as it was (an existing file there is untouched), and the HTTP request
 * is aborted (the stream's own finalizer).
 *
 * @example
 * ```ts
 * import { Audio, Files } from "@effect-openai/core"
 * import { NodeSink } from "@effect-openai/node"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const bytes = yield* Audio.createSpeech({ model: "tts-1", input: "Hello!", voice: "alloy" }).pipe(
 *     NodeSink.writeFile("./hello.mp3")
 *   ) // 24576: the number of bytes written
 *   yield* NodeSink.writeFile(Files.content("file-abc123"), "./results.jsonl")
 * })
 * ```
 *
 * @since 0.1.0
 */
import { randomUUID } from "node:crypto"
import * as Path from "node:path"
import type { PlatformError } from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { dual } from "effect/Function"
import * as Scope from "effect/Scope"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"
import { nodeFileSystem } from "./internal/lazyModules.js"

/** The hidden partial file the bytes go to before the rename: in the same folder, so that the rename is atomic. */
const partialPath = (path: string): string =>
  Path.join(Path.dirname(path), `.${Path.basename(path)}.${randomUUID().slice(0, 8)}.partial`)

/**
 * A sink that writes the bytes to `path` and ends with their count. The file
 * appears at `path` (replacing one that was there) only when the stream has
 * ended; on failure or interruption the partial file is removed. File system
 * errors are `PlatformError`s (`SystemError` with a `reason` such as
 * `"NotFound"` or `"PermissionDenied"`).
 *
 * @example
 * ```ts
 * import { Audio } from "@effect-openai/core"
 * import { NodeSink } from "@effect-openai/node"
 * import { Stream } from "effect"
 *
 * const bytes = Audio.createSpeech({ model: "tts-1", input: "Hello!", voice: "alloy", response_format: "wav" }).pipe(
 *   Stream.run(NodeSink.toFile("./hello.wav"))
 * ) // Effect<number, OpenAiError | PlatformError>
 * ```
 *
 * @since 0.1.0
 * @category sinks
 */
export const toFile = (path: string): Sink.Sink<number, Uint8Array, never, PlatformError> =>
  Sink.unwrapScoped(
    Effect.flatMap(nodeFileSystem, (NodeFileSystem) => Effect.provide(writer(path), NodeFileSystem.layer))
  )

/** The sink of `toFile`, on the file system in context. */
const writer = (path: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const partial = partialPath(path)
    let committed = false
    // finalizers run last first: the file is closed, then the partial file removed unless renamed
    yield* Effect.addFinalizer(() => (committed ? Effect.void : Effect.ignore(fs.remove(partial))))
    const fileScope = yield* Scope.make()
    yield* Effect.addFinalizer((exit) => Scope.close(fileScope, exit))
    const file = yield* Scope.extend(fs.open(partial, { flag: "wx" }), fileScope)
    const commit = (bytes: number) =>
      Scope.close(fileScope, Exit.void).pipe(
        Effect.zipRight(fs.rename(partial, path)),
        Effect.map(() => {
          committed = true
          return bytes
        })
      )
    return Sink.foldLeftChunksEffect(0, (written, chunk: Iterable<Uint8Array>) =>
      Effect.reduce(chunk, written, (n, bytes) =>
        // a write runs to its end: interrupting waits for it, so the file is never closed under it
        Effect.as(Effect.uninterruptible(file.writeAll(bytes)), n + bytes.byteLength)
      )
    ).pipe(Sink.mapEffect(commit))
  })

/**
 * Runs a byte stream into the file at `path`; returns the number of bytes
 * written. See `toFile` for what happens on failure. Data-first or
 * pipeable.
 *
 * @example
 * ```ts
 * import { Files } from "@effect-openai/core"
 * import { NodeSink } from "@effect-openai/node"
 *
 * const bytes = Files.content("file-abc123").pipe(NodeSink.writeFile("./batch-output.jsonl"))
 * // or NodeSink.writeFile(Files.content("file-abc123"), "./batch-output.jsonl")
 * ```
 *
 * @since 0.1.0
 * @category sinks
 */
export const writeFile: {
  (path: string): <E, R>(self: Stream.Stream<Uint8Array, E, R>) => Effect.Effect<number, E | PlatformError, R>
  <E, R>(self: Stream.Stream<Uint8Array, E, R>, path: string): Effect.Effect<number, E | PlatformError, R>
} = dual(
  2,
  <E, R>(self: Stream.Stream<Uint8Array, E, R>, path: string): Effect.Effect<number, E | PlatformError, R> =>
    Stream.run(self, toFile(path))
)
