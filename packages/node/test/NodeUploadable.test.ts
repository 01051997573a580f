import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Files, Testing } from "@effect-openai/core"
import { NodeUploadable } from "@effect-openai/node"
import { Effect } from "effect"

describe("NodeUploadable.fromPath", () => {
  it.effect("uploads a file from disk with its name, size and content type", () =>
    Effect.gen(function* () {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-openai-"))
      const path = Path.join(dir, "train.jsonl")
      Fs.writeFileSync(path, '{"messages":[]}\n'.repeat(1000))
      yield* Testing.enqueue(
        Testing.json({
          id: "file-1",
          object: "file",
          bytes: 16000,
          created_at: 1,
          filename: "train.jsonl",
          purpose: "fine-tune",
          status: "uploaded"
        })
      )
      const file = yield* NodeUploadable.fromPath(path)
      expect(file.size).toBe(16000)
      yield* Files.create({ file, purpose: "fine-tune" })
      const request = yield* Testing.lastRequest
      expect(request.body.file.filename).toBe("train.jsonl")
      expect(request.body.file.contentType).toBe("application/jsonl")
      expect(request.body.file.size).toBe(16000)
      expect(request.body.file.text).toBe('{"messages":[]}\n'.repeat(1000))
      Fs.rmSync(dir, { recursive: true })
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("a missing path fails with InvalidRequestError on the file field", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(NodeUploadable.fromPath("/no/such/file.mp3"))
      expect(error._tag).toBe("InvalidRequestError")
      expect(error.field).toBe("file")
      expect(error.message).toContain("/no/such/file.mp3")
      const dir = yield* Effect.flip(NodeUploadable.fromPath(Os.tmpdir()))
      expect(dir.message).toContain("not a regular file")
    })
  )
})
