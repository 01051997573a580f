import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as VectorStores from "@effect-openai/core/VectorStores"
import { Chunk, Effect, Layer, Stream } from "effect"

const TestLayer = VectorStores.layer.pipe(Layer.provideMerge(Testing.layer()))

const store = (id: string, name = "Support FAQ") => ({
  id,
  object: "vector_store",
  created_at: 1_699_061_776,
  name,
  usage_bytes: 139_920,
  file_counts: { in_progress: 0, completed: 3, failed: 0, cancelled: 0, total: 3 },
  status: "completed",
  expires_after: null,
  expires_at: null,
  last_active_at: 1_699_061_776,
  metadata: {}
})

const page = (ids: ReadonlyArray<string>, hasMore: boolean) => ({
  object: "list",
  data: ids.map((id) => store(id)),
  first_id: ids[0],
  last_id: ids[ids.length - 1],
  has_more: hasMore
})

describe("VectorStores", () => {
  it.effect("create: POST /v1/vector_stores with the body and the beta header; unknown fields pass through", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(store("vs_abc123")), Testing.json(store("vs_empty", "")))
      const created = yield* VectorStores.create({
        name: "Support FAQ",
        file_ids: ["file-abc123"],
        expires_after: { anchor: "last_active_at", days: 7 },
        metadata: { team: "support" },
        chunking_strategy: { type: "auto" }
      })
      expect(created.file_counts.completed).toBe(3)
      yield* VectorStores.create()
      const [withParams, empty] = yield* Testing.requests
      expect(`${withParams!.method} ${withParams!.url}`).toBe("POST https://api.openai.test/v1/vector_stores")
      expect(withParams!.headers["openai-beta"]).toBe("assistants=v2")
      expect(withParams!.headers["content-type"]).toBe("application/json")
      expect(withParams!.body).toEqual({
        name: "Support FAQ",
        file_ids: ["file-abc123"],
        expires_after: { anchor: "last_active_at", days: 7 },
        metadata: { team: "support" },
        chunking_strategy: { type: "auto" }
      })
      expect(empty!.body).toEqual({})
      expect(empty!.headers["openai-beta"]).toBe("assistants=v2")
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("retrieve, update and delete", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(store("vs_abc123")),
        Testing.json(store("vs_abc123", "Support FAQ v2")),
        Testing.json({ id: "vs_abc123", object: "vector_store.deleted", deleted: true })
      )
      expect((yield* VectorStores.retrieve("vs_abc123")).status).toBe("completed")
      expect((yield* VectorStores.update("vs_abc123", { name: "Support FAQ v2", expires_after: null })).name).toBe(
        "Support FAQ v2"
      )
      expect(yield* VectorStores.delete("vs_abc123")).toEqual({
        id: "vs_abc123",
        object: "vector_store.deleted",
        deleted: true
      })
      const [retrieve, update, del] = yield* Testing.requests
      expect(`${retrieve!.method} ${retrieve!.url}`).toBe("GET https://api.openai.test/v1/vector_stores/vs_abc123")
      expect(retrieve!.body).toBeUndefined()
      expect(`${update!.method} ${update!.path}`).toBe("POST /v1/vector_stores/vs_abc123")
      expect(update!.body).toEqual({ name: "Support FAQ v2", expires_after: null })
      expect(`${del!.method} ${del!.path}`).toBe("DELETE /v1/vector_stores/vs_abc123")
      yield* Testing.assertSentTimes(3, (r) => r.headers["openai-beta"] === "assistants=v2")
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("list: one page, with the cursor parameters in the query", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(page(["vs_1", "vs_2"], true)), Testing.json(page(["vs_1"], false)))
      const first = yield* VectorStores.list({ limit: 2, order: "asc", after: "vs_0", before: "vs_9" })
      expect(first.data.map((s) => s.id)).toEqual(["vs_1", "vs_2"])
      expect(first.has_more).toBe(true)
      yield* VectorStores.list()
      const [withParams, plain] = yield* Testing.requests
      expect(withParams!.url).toBe("https://api.openai.test/v1/vector_stores?limit=2&order=asc&after=vs_0&before=vs_9")
      expect(withParams!.headers["openai-beta"]).toBe("assistants=v2")
      expect(plain!.url).toBe("https://api.openai.test/v1/vector_stores")
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listAll: follows `after` = last_id while has_more, keeping the other parameters", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(page(["vs_1", "vs_2"], true)),
        Testing.json(page(["vs_3", "vs_4"], true)),
        Testing.json(page(["vs_5"], false))
      )
      const all = yield* Stream.runCollect(VectorStores.listAll({ limit: 2, order: "asc" }))
      expect(Chunk.toReadonlyArray(all).map((s) => s.id)).toEqual(["vs_1", "vs_2", "vs_3", "vs_4", "vs_5"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => r.query)).toEqual([
        { limit: "2", order: "asc" },
        { limit: "2", order: "asc", after: "vs_2" },
        { limit: "2", order: "asc", after: "vs_4" }
      ])
      yield* Testing.assertSentTimes(3, (r) => r.headers["openai-beta"] === "assistants=v2")
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listAll: lazy, starts after `after`, and fetches only the pages pulled", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(page(["vs_3", "vs_4"], true)), Testing.json(page(["vs_5"], false)))
      const firstTwo = yield* Stream.runCollect(VectorStores.listAll({ after: "vs_2" }).pipe(Stream.take(2)))
      expect(Chunk.size(firstTwo)).toBe(2)
      yield* Testing.assertSentTimes(1)
      expect((yield* Testing.lastRequest).query).toEqual({ after: "vs_2" })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("invalid input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      const badName = yield* Effect.flip(VectorStores.create({ name: 42 as never }))
      expect(badName._tag === "InvalidRequestError" && badName.field).toBe("name")
      const badIds = yield* Effect.flip(VectorStores.create({ file_ids: ["file-1", 2 as never] }))
      expect(badIds._tag === "InvalidRequestError" && badIds.field).toBe("file_ids[1]")
      const badExpiry = yield* Effect.flip(
        VectorStores.update("vs_abc123", { expires_after: { anchor: "last_active_at" } as never })
      )
      expect(badExpiry._tag === "InvalidRequestError" && badExpiry.field).toBe("expires_after.days")
      const noId = yield* Effect.flip(VectorStores.retrieve(""))
      expect(noId._tag === "InvalidRequestError" && noId.field).toBe("vector_store_id")
      const noIdDelete = yield* Effect.flip(VectorStores.delete(""))
      expect(noIdDelete._tag === "InvalidRequestError" && noIdDelete.operation).toBe("deleteVectorStore")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLayer))
  )
})
