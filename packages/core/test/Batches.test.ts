import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as Batches from "@effect-openai/core/Batches"
import { Chunk, Effect, Layer, Stream } from "effect"

const TestLayer = Batches.layer.pipe(Layer.provideMerge(Testing.layer()))

const batch = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  object: "batch",
  endpoint: "/v1/chat/completions",
  errors: null,
  input_file_id: "file-abc123",
  completion_window: "24h",
  status: "validating",
  output_file_id: null,
  error_file_id: null,
  created_at: 1_711_471_533,
  expires_at: 1_711_557_933,
  request_counts: { total: 0, completed: 0, failed: 0 },
  metadata: null,
  ...overrides
})

const page = (ids: ReadonlyArray<string>, hasMore: boolean) =>
  Testing.json({
    object: "list",
    data: ids.map((id) => batch(id)),
    first_id: ids[0] ?? null,
    last_id: ids[ids.length - 1] ?? null,
    has_more: hasMore
  })

/** Queues pages of batches; every page but the last says `has_more`. */
const enqueuePages = (...pages: ReadonlyArray<ReadonlyArray<string>>) =>
  Testing.enqueue(...pages.map((ids, i) => page(ids, i < pages.length - 1)))

describe("Batches", () => {
  it.effect("create: POST /batches with the JSON body; unknown fields pass through", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(batch("batch_abc123")))
      const created = yield* Batches.create({
        input_file_id: "file-abc123",
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
        metadata: { customer_id: "user_123456789" },
        output_expires_after: { anchor: "created_at", seconds: 3600 }
      })
      expect(created).toMatchObject({ id: "batch_abc123", object: "batch", status: "validating" })
      const request = yield* Testing.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe("https://api.openai.test/v1/batches")
      expect(request.headers["content-type"]).toMatch(/^application\/json/)
      expect(request.body).toEqual({
        input_file_id: "file-abc123",
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
        metadata: { customer_id: "user_123456789" },
        output_expires_after: { anchor: "created_at", seconds: 3600 }
      })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("create: invalid input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      const valid = { input_file_id: "file-abc123", endpoint: "/v1/embeddings", completion_window: "24h" } as const
      const badEndpoint = yield* Effect.flip(Batches.create({ ...valid, endpoint: "/v1/images" as never }))
      expect(badEndpoint._tag === "InvalidRequestError" && badEndpoint.field).toBe("endpoint")
      const badWindow = yield* Effect.flip(Batches.create({ ...valid, completion_window: "7d" as never }))
      expect(badWindow._tag === "InvalidRequestError" && badWindow.field).toBe("completion_window")
      const noInput = yield* Effect.flip(
        Batches.create({ endpoint: "/v1/embeddings", completion_window: "24h" } as never)
      )
      expect(noInput._tag === "InvalidRequestError" && noInput.field).toBe("input_file_id")
      const badMetadata = yield* Effect.flip(Batches.create({ ...valid, metadata: { n: 1 as never } }))
      expect(badMetadata._tag === "InvalidRequestError" && badMetadata.field).toBe("metadata.n")
      const noId = yield* Effect.flip(Batches.cancel(""))
      expect(noId._tag === "InvalidRequestError" && noId.field).toBe("batch_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("retrieve and cancel: GET and POST on the batch", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(
          batch("batch_abc123", {
            status: "completed",
            output_file_id: "file-out",
            request_counts: { total: 100, completed: 95, failed: 5 }
          })
        ),
        Testing.json(batch("batch_abc123", { status: "cancelling", cancelling_at: 1_711_475_133 }))
      )
      const done = yield* Batches.retrieve("batch_abc123")
      expect(done.request_counts).toEqual({ total: 100, completed: 95, failed: 5 })
      expect(done.output_file_id).toBe("file-out")
      expect((yield* Batches.cancel("batch_abc123")).status).toBe("cancelling")
      const [retrieve, cancel] = yield* Testing.requests
      expect(`${retrieve!.method} ${retrieve!.url}`).toBe("GET https://api.openai.test/v1/batches/batch_abc123")
      expect(`${cancel!.method} ${cancel!.url}`).toBe("POST https://api.openai.test/v1/batches/batch_abc123/cancel")
      expect(cancel!.body).toBeUndefined()
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("list: one page, with after and limit in the query", () =>
    Effect.gen(function* () {
      yield* enqueuePages(["batch_2", "batch_3"], [])
      const first = yield* Batches.list({ after: "batch_1", limit: 2 })
      expect(first).toMatchObject({ first_id: "batch_2", last_id: "batch_3", has_more: true })
      expect(first.data.map((b) => b.id)).toEqual(["batch_2", "batch_3"])
      yield* Batches.list()
      const [a, b] = yield* Testing.requests
      expect(`${a!.method} ${a!.url}`).toBe("GET https://api.openai.test/v1/batches?after=batch_1&limit=2")
      expect(b!.url).toBe("https://api.openai.test/v1/batches")
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listAll: follows last_id over several pages until has_more is false", () =>
    Effect.gen(function* () {
      yield* enqueuePages(["batch_1", "batch_2"], ["batch_3", "batch_4"], ["batch_5"])
      const ids = yield* Batches.listAll({ limit: 2 }).pipe(
        Stream.map((b) => b.id),
        Stream.runCollect
      )
      expect(Chunk.toReadonlyArray(ids)).toEqual(["batch_1", "batch_2", "batch_3", "batch_4", "batch_5"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => r.query)).toEqual([
        { limit: "2" },
        { after: "batch_2", limit: "2" },
        { after: "batch_4", limit: "2" }
      ])
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listAll is lazy: taking 3 items of 2-item pages fetches 2 pages, not the third", () =>
    Effect.gen(function* () {
      yield* enqueuePages(["batch_1", "batch_2"], ["batch_3", "batch_4"], ["batch_5", "batch_6"])
      const taken = yield* Batches.listAll().pipe(Stream.take(3), Stream.runCollect)
      expect(Chunk.toReadonlyArray(taken).map((b) => b.id)).toEqual(["batch_1", "batch_2", "batch_3"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => r.query.after)).toEqual([undefined, "batch_2"])
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("tolerant responses: an unknown status and extra fields decode", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(batch("batch_abc123", { status: "paused", usage: { total_tokens: 5 } })))
      const got = yield* Batches.retrieve("batch_abc123")
      expect(got.status).toBe("paused")
    }).pipe(Effect.provide(TestLayer))
  )
})
