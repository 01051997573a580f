import { describe, expect, it } from "@effect/vitest"
import { Files, Testing, Uploadable } from "@effect-openai/core"
import { Chunk, Effect, Stream } from "effect"

const file = {
  id: "file-abc123",
  object: "file",
  bytes: 12,
  created_at: 1_700_000_000,
  filename: "train.jsonl",
  purpose: "fine-tune",
  status: "processed"
}

describe("Files", () => {
  it.effect("create: a streamed multipart upload with filename, content type and purpose", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(file))
      const created = yield* Files.create({
        file: Uploadable.fromStream(Stream.make("line one\n", "line two\n").pipe(Stream.encodeText), "train.jsonl"),
        purpose: "fine-tune"
      })
      expect(created.id).toBe("file-abc123")
      const request = yield* Testing.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe("/v1/files")
      expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/)
      expect(request.body.purpose).toBe("fine-tune")
      expect(request.body.file).toEqual({
        filename: "train.jsonl",
        contentType: "application/jsonl",
        size: 18,
        text: "line one\nline two\n"
      })
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("create: from bytes, a Blob and a File; Content-Length when sizes are known", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(file), Testing.json(file), Testing.json(file))
      yield* Files.create({
        file: Uploadable.fromBytes(new TextEncoder().encode("abc"), "a.txt"),
        purpose: "assistants"
      })
      yield* Files.create({ file: Uploadable.fromBlob(new Blob(["blob!"]), "b.md"), purpose: "assistants" })
      yield* Files.create({ file: new File(["file!"], "c.json", { type: "application/json" }), purpose: "assistants" })
      const [a, b, c] = yield* Testing.requests
      expect(a!.body.file).toEqual({ filename: "a.txt", contentType: "text/plain", size: 3, text: "abc" })
      expect(b!.body.file).toEqual({ filename: "b.md", contentType: "text/markdown", size: 5, text: "blob!" })
      expect(c!.body.file).toEqual({ filename: "c.json", contentType: "application/json", size: 5, text: "file!" })
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("create: a bad purpose or a missing file fails before sending, naming the field", () =>
    Effect.gen(function* () {
      const badPurpose = yield* Effect.flip(Files.create({ file: new Blob(["x"]), purpose: "nope" as never }))
      expect(badPurpose._tag === "InvalidRequestError" && badPurpose.field).toBe("purpose")
      const noFile = yield* Effect.flip(Files.create({ file: "not a file" as never, purpose: "assistants" }))
      expect(noFile._tag === "InvalidRequestError" && noFile.field).toBe("file")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("list, retrieve and delete", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json({ object: "list", data: [file] }),
        Testing.json(file),
        Testing.json({ id: "file-abc123", object: "file", deleted: true })
      )
      expect((yield* Files.list({ purpose: "fine-tune" })).data[0]?.filename).toBe("train.jsonl")
      expect((yield* Files.retrieve("file-abc123")).bytes).toBe(12)
      expect((yield* Files.delete("file-abc123")).deleted).toBe(true)
      const [list, retrieve, del] = yield* Testing.requests
      expect(list!.url).toBe("https://api.openai.test/v1/files?purpose=fine-tune")
      expect(`${retrieve!.method} ${retrieve!.path}`).toBe("GET /v1/files/file-abc123")
      expect(`${del!.method} ${del!.path}`).toBe("DELETE /v1/files/file-abc123")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("content as a byte stream, chunk by chunk, and as text", () =>
    Effect.gen(function* () {
      const encoder = new TextEncoder()
      yield* Testing.enqueue(
        Testing.bytes([encoder.encode("first "), encoder.encode("second")]),
        Testing.text('{"a":1}\n{"a":2}\n')
      )
      const chunks = yield* Stream.runCollect(Files.content("file-abc123"))
      expect(Chunk.size(chunks)).toBe(2)
      expect(new TextDecoder().decode(Buffer.concat(Chunk.toReadonlyArray(chunks)))).toBe("first second")
      expect(yield* Files.contentText("file-abc123")).toBe('{"a":1}\n{"a":2}\n')
      yield* Testing.assertSentTimes(2, (r) => r.path === "/v1/files/file-abc123/content")
    }).pipe(Effect.provide(Testing.layer()))
  )
})
