import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as VectorStoreFileBatches from "@effect-openai/core/VectorStoreFileBatches"
import { Chunk, Effect, Layer, Stream } from "effect"

const TestLayer = VectorStoreFileBatches.layer.pipe(Layer.provideMerge(Testing.layer()))

const batch = (status: string, counts: Partial<Record<string, number>> = {}) => ({
  id: "vsfb_abc123",
  object: "vector_store.files_batch",
  created_at: 1_699_061_776,
  vector_store_id: "vs_abc123",
  status,
  file_counts: { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2, ...counts }
})

const page = (ids: ReadonlyArray<string>, hasMore: boolean) => ({
  object: "list",
  data: ids.map((id) => ({
    id,
    object: "vector_store.file",
    usage_bytes: 10,
    created_at: 1_699_061_776,
    vector_store_id: "vs_abc123",
    status: "completed",
    last_error: null
  })),
  first_id: ids[0],
  last_id: ids[ids.length - 1],
  has_more: hasMore
})

describe("VectorStoreFileBatches", () => {
  it.effect("create: POST /v1/vector_stores/{id}/file_batches with { file_ids } and the beta header", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(batch("in_progress", { in_progress: 2, completed: 0 })))
      const created = yield* VectorStoreFileBatches.create("vs_abc123", { file_ids: ["file-abc123", "file-abc456"] })
      expect(created.file_counts).toEqual({ in_progress: 2, completed: 0, failed: 0, cancelled: 0, total: 2 })
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.url}`).toBe(
        "POST https://api.openai.test/v1/vector_stores/vs_abc123/file_batches"
      )
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
      expect(request.body).toEqual({ file_ids: ["file-abc123", "file-abc456"] })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("retrieve and cancel", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(batch("completed")), Testing.json(batch("cancelling")))
      expect((yield* VectorStoreFileBatches.retrieve("vs_abc123", "vsfb_abc123")).status).toBe("completed")
      expect((yield* VectorStoreFileBatches.cancel("vs_abc123", "vsfb_abc123")).status).toBe("cancelling")
      const [retrieve, cancel] = yield* Testing.requests
      expect(`${retrieve!.method} ${retrieve!.path}`).toBe("GET /v1/vector_stores/vs_abc123/file_batches/vsfb_abc123")
      expect(`${cancel!.method} ${cancel!.path}`).toBe(
        "POST /v1/vector_stores/vs_abc123/file_batches/vsfb_abc123/cancel"
      )
      yield* Testing.assertSentTimes(2, (r) => r.headers["openai-beta"] === "assistants=v2" && r.body === undefined)
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listFiles: one page, with filter and the cursor parameters in the query", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(page(["file-abc123", "file-abc456"], false)))
      const files = yield* VectorStoreFileBatches.listFiles("vs_abc123", "vsfb_abc123", {
        filter: "in_progress",
        limit: 10,
        before: "file-z"
      })
      expect(files.data.map((f) => f.object)).toEqual(["vector_store.file", "vector_store.file"])
      const request = yield* Testing.lastRequest
      expect(request.url).toBe(
        "https://api.openai.test/v1/vector_stores/vs_abc123/file_batches/vsfb_abc123/files?filter=in_progress&limit=10&before=file-z"
      )
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listFilesAll: follows the cursor", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(page(["file-1"], true)), Testing.json(page(["file-2"], false)))
      const all = yield* Stream.runCollect(VectorStoreFileBatches.listFilesAll("vs_abc123", "vsfb_abc123"))
      expect(Chunk.toReadonlyArray(all).map((f) => f.id)).toEqual(["file-1", "file-2"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => r.query)).toEqual([{}, { after: "file-1" }])
      yield* Testing.assertSentTimes(
        2,
        (r) =>
          r.path === "/v1/vector_stores/vs_abc123/file_batches/vsfb_abc123/files" &&
          r.headers["openai-beta"] === "assistants=v2"
      )
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("invalid input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      const noIds = yield* Effect.flip(VectorStoreFileBatches.create("vs_abc123", {} as never))
      expect(noIds._tag === "InvalidRequestError" && noIds.field).toBe("file_ids")
      const notArray = yield* Effect.flip(VectorStoreFileBatches.create("vs_abc123", { file_ids: "file-1" as never }))
      expect(notArray._tag === "InvalidRequestError" && notArray.field).toBe("file_ids")
      const noBatch = yield* Effect.flip(VectorStoreFileBatches.cancel("vs_abc123", ""))
      expect(noBatch._tag === "InvalidRequestError" && noBatch.field).toBe("batch_id")
      const noStore = yield* Effect.flip(VectorStoreFileBatches.listFiles("", "vsfb_abc123"))
      expect(noStore._tag === "InvalidRequestError" && noStore.field).toBe("vector_store_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLayer))
  )
})
