import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Audio, Testing } from "@effect-openai/core"
import * as NodeSink from "@effect-openai/node/NodeSink"
import { Effect, Fiber, Option, Stream } from "effect"

/** A fresh temporary folder, removed with the test's scope. */
const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-openai-sink-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

const CHUNK = 64 * 1024

/** `n` chunks of CHUNK bytes, chunk `i` filled with the byte `i`. */
const chunkAt = (i: number) => new Uint8Array(CHUNK).fill(i % 256)

/** The partial files of a folder (the sink's `.<name>.<random>.partial`). */
const partials = (dir: string) => Fs.readdirSync(dir).filter((name) => name.endsWith(".partial"))

/** Waits (in real time, bounded) until `check` holds. */
const until = (what: string, check: () => boolean) =>
  Effect.gen(function* () {
    for (let i = 0; i < 2000 && !check(); i++) yield* Effect.promise(() => new Promise((r) => setTimeout(r, 1)))
    if (!check()) return yield* Effect.dieMessage(`${what} did not happen`)
  })

describe("NodeSink", () => {
  it.scoped("writeFile writes every byte in order and returns the count; no partial file is left", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const path = Path.join(dir, "out.bin")
      const bytes = yield* Stream.range(0, 39).pipe(Stream.map(chunkAt), NodeSink.writeFile(path))
      expect(bytes).toBe(40 * CHUNK)
      const written = Fs.readFileSync(path)
      expect(written.length).toBe(40 * CHUNK)
      expect([written[0], written[CHUNK], written[39 * CHUNK + 5]]).toEqual([0, 1, 39])
      expect(Fs.readdirSync(dir)).toEqual(["out.bin"])
      // data-first, replacing the file
      expect(yield* NodeSink.writeFile(Stream.make(new Uint8Array([1, 2, 3])), path)).toBe(3)
      expect([...Fs.readFileSync(path)]).toEqual([1, 2, 3])
    })
  )

  it.scoped("writes speech from Audio.createSpeech (a byte stream) to disk", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const path = Path.join(dir, "hello.wav")
      const parts = [new TextEncoder().encode("RIFF"), new Uint8Array(1000).fill(7), new Uint8Array(24).fill(9)]
      yield* Testing.enqueue(Testing.bytes(parts, { headers: { "content-type": "audio/wav" } }))
      const bytes = yield* Audio.createSpeech({
        model: "tts-1",
        input: "Hello!",
        voice: "alloy",
        response_format: "wav"
      }).pipe(NodeSink.writeFile(path))
      expect(bytes).toBe(1028)
      expect(Fs.readFileSync(path).subarray(0, 4).toString()).toBe("RIFF")
      expect((yield* Testing.lastRequest).path).toBe("/v1/audio/speech")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.scoped("backpressure: each chunk is on disk before the stream is pulled much further", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const lags: Array<number> = []
      const produce = Stream.unfoldEffect(0, (i) =>
        Effect.sync(() => {
          if (i === 64) return Option.none()
          const partial = partials(dir)[0]
          const onDisk = partial === undefined ? 0 : Fs.statSync(Path.join(dir, partial)).size
          lags.push(i * CHUNK - onDisk) // bytes produced but not yet written
          return Option.some([chunkAt(i), i + 1] as const)
        })
      )
      expect(yield* NodeSink.writeFile(produce, Path.join(dir, "out.bin"))).toBe(64 * CHUNK)
      expect(Math.max(...lags)).toBeLessThanOrEqual(2 * CHUNK)
    })
  )

  it.scoped("a failing stream leaves no file: the partial file is removed and an existing file is untouched", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const path = Path.join(dir, "keep.txt")
      Fs.writeFileSync(path, "the old content")
      const failing = Stream.concat(Stream.range(0, 9).pipe(Stream.map(chunkAt)), Stream.fail("connection reset"))
      const error = yield* Effect.flip(NodeSink.writeFile(failing, path))
      expect(error).toBe("connection reset")
      expect(Fs.readdirSync(dir)).toEqual(["keep.txt"])
      expect(Fs.readFileSync(path, "utf8")).toBe("the old content")
    })
  )

  it.scoped("interrupting mid-way removes the partial file and runs the stream's finalizer", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      let released = false
      const endless = Stream.concat(Stream.range(0, 4).pipe(Stream.map(chunkAt)), Stream.never).pipe(
        Stream.ensuring(Effect.sync(() => (released = true)))
      )
      const fiber = yield* Effect.fork(NodeSink.writeFile(endless, Path.join(dir, "out.bin")))
      yield* until("5 chunks on disk", () => {
        const partial = partials(dir)[0]
        return partial !== undefined && Fs.statSync(Path.join(dir, partial)).size === 5 * CHUNK
      })
      yield* Fiber.interrupt(fiber)
      expect(released).toBe(true)
      expect(Fs.readdirSync(dir)).toEqual([])
    })
  )

  it.scoped("a path that cannot be written fails with a PlatformError (SystemError NotFound)", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const error = yield* Effect.flip(
        NodeSink.writeFile(Stream.make(chunkAt(1)), Path.join(dir, "missing", "out.bin"))
      )
      expect(error._tag).toBe("SystemError")
      if (error._tag === "SystemError") expect(error.reason).toBe("NotFound")
      expect(Fs.readdirSync(dir)).toEqual([])
    })
  )
})
