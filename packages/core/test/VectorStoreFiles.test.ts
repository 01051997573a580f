import { describe, expect, it } from "@effect/vitest"
import { Testing, Uploadable } from "@effect-openai/core"
import * as VectorStoreFiles from "@effect-openai/core/VectorStoreFiles"
import { Chunk, Effect, Fiber, Layer, Stream, TestClock } from "effect"
import { eventually, waitForSleeps } from "./utils.js"

const TestLayer = VectorStoreFiles.layer.pipe(Layer.provideMerge(Testing.layer()))

const vsFile = (id: string, status = "completed") => ({
  id,
  object: "vector_store.file",
  usage_bytes: 1234,
  created_at: 1_699_061_776,
  vector_store_id: "vs_abc123",
  status,
  last_error: null
})

const page = (ids: ReadonlyArray<string>, hasMore: boolean) => ({
  object: "list",
  data: ids.map((id) => vsFile(id)),
  first_id: ids[0],
  last_id: ids[ids.length - 1],
  has_more: hasMore
})

describe("VectorStoreFiles", () => {
  it.effect("create: POST /v1/vector_stores/{id}/files with { file_id } and the beta header", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(vsFile("file-abc123", "in_progress")))
      const attached = yield* VectorStoreFiles.create("vs_abc123", {
        file_id: "file-abc123",
        chunking_strategy: { type: "auto" }
      })
      expect(attached.status).toBe("in_progress")
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.url}`).toBe("POST https://api.openai.test/v1/vector_stores/vs_abc123/files")
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
      expect(request.body).toEqual({ file_id: "file-abc123", chunking_strategy: { type: "auto" } })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("retrieve and delete, with both path parameters", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(
          Testing.merge(vsFile("file-abc123", "failed"), { last_error: { code: "parsing_error", message: "bad pdf" } })
        ),
        Testing.json({ id: "file-abc123", object: "vector_store.file.deleted", deleted: true })
      )
      const failed = yield* VectorStoreFiles.retrieve("vs_abc123", "file-abc123")
      expect(failed.last_error).toEqual({ code: "parsing_error", message: "bad pdf" })
      expect((yield* VectorStoreFiles.delete("vs_abc123", "file-abc123")).object).toBe("vector_store.file.deleted")
      const [retrieve, del] = yield* Testing.requests
      expect(`${retrieve!.method} ${retrieve!.path}`).toBe("GET /v1/vector_stores/vs_abc123/files/file-abc123")
      expect(`${del!.method} ${del!.path}`).toBe("DELETE /v1/vector_stores/vs_abc123/files/file-abc123")
      yield* Testing.assertSentTimes(2, (r) => r.headers["openai-beta"] === "assistants=v2" && r.body === undefined)
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("list: one page, with filter and the cursor parameters in the query", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(page(["file-1", "file-2"], false)))
      const files = yield* VectorStoreFiles.list("vs_abc123", { filter: "completed", limit: 5, order: "desc" })
      expect(files.data.map((f) => f.id)).toEqual(["file-1", "file-2"])
      const request = yield* Testing.lastRequest
      expect(request.url).toBe(
        "https://api.openai.test/v1/vector_stores/vs_abc123/files?filter=completed&limit=5&order=desc"
      )
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listAll: follows the cursor, keeping filter and limit", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(page(["file-1", "file-2"], true)), Testing.json(page(["file-3"], false)))
      const all = yield* Stream.runCollect(VectorStoreFiles.listAll("vs_abc123", { filter: "failed", limit: 2 }))
      expect(Chunk.toReadonlyArray(all).map((f) => f.id)).toEqual(["file-1", "file-2", "file-3"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => `${r.path} ${JSON.stringify(r.query)}`)).toEqual([
        '/v1/vector_stores/vs_abc123/files {"filter":"failed","limit":"2"}',
        '/v1/vector_stores/vs_abc123/files {"filter":"failed","limit":"2","after":"file-2"}'
      ])
      yield* Testing.assertSentTimes(2, (r) => r.headers["openai-beta"] === "assistants=v2")
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("invalid input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      const noFileId = yield* Effect.flip(VectorStoreFiles.create("vs_abc123", {} as never))
      expect(noFileId._tag === "InvalidRequestError" && noFileId.field).toBe("file_id")
      const noStore = yield* Effect.flip(VectorStoreFiles.create("", { file_id: "file-abc123" }))
      expect(noStore._tag === "InvalidRequestError" && noStore.field).toBe("vector_store_id")
      const noFile = yield* Effect.flip(VectorStoreFiles.retrieve("vs_abc123", ""))
      expect(noFile._tag === "InvalidRequestError" && noFile.field).toBe("file_id")
      const listNoStore = yield* Effect.flip(Stream.runDrain(VectorStoreFiles.listAll("")))
      expect(listNoStore._tag === "InvalidRequestError" && listNoStore.field).toBe("vector_store_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLayer))
  )
})

describe("VectorStoreFiles polling", () => {
  const uploaded = Testing.json({
    id: "file-new",
    object: "file",
    bytes: 5,
    created_at: 1_699_061_776,
    filename: "notes.md",
    purpose: "assistants",
    status: "processed"
  })
  const at = (status: string, extra: Record<string, unknown> = {}) =>
    Testing.json({ ...vsFile("file-new", status), ...extra }, { headers: { "openai-poll-after-ms": "20" } })

  it.effect("poll reads until the file settles and returns a failed file with its last_error", () =>
    Effect.gen(function* () {
      const failure = { code: "unsupported_file", message: "The file type is not supported." }
      yield* Testing.enqueue(at("in_progress"), at("failed", { last_error: failure }))
      const states: Array<string> = []
      const fiber = yield* Effect.fork(
        VectorStoreFiles.poll("vs_abc123", "file-new", { onProgress: (f) => Effect.sync(() => states.push(f.status)) })
      )
      yield* waitForSleeps(2)
      yield* TestClock.adjust("20 millis")
      const settled = yield* Fiber.join(fiber)
      expect(settled.last_error).toEqual(failure)
      expect(states).toEqual(["in_progress", "failed"])
      yield* Testing.assertSentTimes(
        2,
        (r) => r.path === "/v1/vector_stores/vs_abc123/files/file-new" && r.headers["openai-beta"] === "assistants=v2"
      )
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("uploadAndPoll uploads (purpose assistants), attaches, then polls; pollStates shows the states", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(uploaded, at("in_progress"), at("in_progress"), at("completed"))
      const file = Uploadable.fromBytes(new TextEncoder().encode("# FAQ"), "notes.md")
      const fiber = yield* Effect.fork(VectorStoreFiles.uploadAndPoll("vs_abc123", file))
      for (let i = 0; i < 2; i++) {
        yield* waitForSleeps(3) // the whole call's deadline, the poll's, the wait
        yield* TestClock.adjust("20 millis")
      }
      expect((yield* Fiber.join(fiber)).status).toBe("completed")
      const requests = yield* Testing.requests
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        "POST /v1/files",
        "POST /v1/vector_stores/vs_abc123/files",
        "GET /v1/vector_stores/vs_abc123/files/file-new",
        "GET /v1/vector_stores/vs_abc123/files/file-new"
      ])
      expect(requests[0]?.body).toEqual({
        purpose: "assistants",
        file: { filename: "notes.md", contentType: "text/markdown", size: 5, text: "# FAQ" }
      })
      expect(requests[1]?.body).toEqual({ file_id: "file-new" })

      yield* Testing.enqueue(at("in_progress"), at("completed"))
      const fiber2 = yield* Effect.fork(Stream.runCollect(VectorStoreFiles.pollStates("vs_abc123", "file-new")))
      yield* waitForSleeps(2)
      yield* TestClock.adjust("20 millis")
      expect(Chunk.toReadonlyArray(yield* Fiber.join(fiber2)).map((f) => f.status)).toEqual([
        "in_progress",
        "completed"
      ])
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("createAndPoll's deadline covers the whole call: a hung attach is aborted at the deadline", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.hang)
      const fiber = yield* Effect.fork(
        Effect.flip(VectorStoreFiles.createAndPoll("vs_abc123", { file_id: "file-new" }, { timeout: "30 seconds" }))
      )
      yield* eventually(
        Effect.map(Testing.requests, (all) => all.length === 1),
        "the attach request"
      )
      yield* TestClock.adjust("30 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error._tag === "TimeoutError" && error.kind).toBe("deadline")
      expect((yield* Testing.lastRequest).aborted).toBe(true)
    }).pipe(Effect.provide(TestLayer))
  )
})
