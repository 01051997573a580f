import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as Batches from "@effect-openai/core/Batches"
import { Chunk, Clock, Effect, Fiber, Layer, Stream, TestClock } from "effect"
import { eventually, waitForSleeps } from "./utils.js"

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

/** Once `sleepers` fibers sleep on the TestClock, moves it to the earliest wake-up; returns the wait. */
const wakeNext = (sleepers: number) =>
  Effect.gen(function* () {
    yield* waitForSleeps(sleepers)
    const wait = Math.min(...(yield* TestClock.sleeps())) - (yield* Clock.currentTimeMillis)
    yield* TestClock.adjust(wait)
    return wait
  })

const state = (status: string, counts = { total: 2, completed: 0, failed: 0 }, headers: Record<string, string> = {}) =>
  Testing.json(batch("batch_abc123", { status, request_counts: counts }), { headers })

describe("Batches polling", () => {
  it.effect("poll reads until completed, waiting the interval or openai-poll-after-ms; progress in order", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        state("validating", undefined, { "openai-poll-after-ms": "250" }),
        state("in_progress", { total: 2, completed: 1, failed: 0 }),
        state("finalizing", { total: 2, completed: 2, failed: 0 }),
        Testing.json(batch("batch_abc123", { status: "completed", output_file_id: "file-out" }))
      )
      const seen: Array<string> = []
      const fiber = yield* Effect.fork(
        Batches.poll("batch_abc123", {
          interval: "2 seconds",
          onProgress: (b) => Effect.sync(() => seen.push(`${b.status}:${b.request_counts?.completed}`))
        })
      )
      const waits = [yield* wakeNext(2), yield* wakeNext(2), yield* wakeNext(2)]
      const done = yield* Fiber.join(fiber)
      expect(done.status).toBe("completed")
      expect(done.output_file_id).toBe("file-out")
      expect(waits).toEqual([250, 2000, 2000])
      expect(seen).toEqual(["validating:0", "in_progress:1", "finalizing:2", "completed:0"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(4).fill("GET /v1/batches/batch_abc123"))
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("poll stops at every terminal status: completed, failed, expired, cancelled (not cancelling)", () =>
    Effect.gen(function* () {
      for (const status of ["completed", "failed", "expired", "cancelled"]) {
        yield* Testing.enqueue(state(status))
        expect((yield* Batches.poll("batch_abc123")).status).toBe(status)
      }
      expect((yield* Testing.requests).length).toBe(4)
      expect(Batches.isTerminal({ status: "cancelling" })).toBe(false)
      expect(Batches.isTerminal({ status: "finalizing" })).toBe(false)
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("past the deadline poll fails with TimeoutError (kind deadline) and stops reading", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(state("in_progress"), state("in_progress"), state("in_progress"))
      const fiber = yield* Effect.fork(
        Effect.flip(Batches.poll("batch_abc123", { interval: "1 second", timeout: "2500 millis" }))
      )
      expect([yield* wakeNext(2), yield* wakeNext(2), yield* wakeNext(2)]).toEqual([1000, 1000, 500])
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("TimeoutError")
      if (error._tag === "TimeoutError") {
        expect(error.kind).toBe("deadline")
        expect(error.message).toContain("batch batch_abc123")
      }
      yield* TestClock.adjust("1 minute")
      expect((yield* Testing.requests).length).toBe(3)
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("interrupting poll between reads sends nothing more; during a read it aborts the request", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(state("in_progress"))
      const waiting = yield* Effect.fork(Batches.poll("batch_abc123"))
      yield* waitForSleeps(2)
      yield* Fiber.interrupt(waiting)
      yield* TestClock.adjust("1 hour")
      expect((yield* Testing.requests).length).toBe(1)

      yield* Testing.enqueue(state("in_progress"), Testing.hang)
      const reading = yield* Effect.fork(Batches.poll("batch_abc123"))
      yield* wakeNext(2)
      yield* eventually(
        Effect.map(Testing.requests, (all) => all.length === 3),
        "the second read of the second poll"
      )
      yield* Fiber.interrupt(reading)
      const last = yield* Testing.lastRequest
      expect(last.aborted).toBe(true)
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("pollStates streams every state, the settled one last, and fails at the deadline", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(state("validating"), state("in_progress"), state("completed"))
      const fiber = yield* Effect.fork(
        Stream.runCollect(Batches.pollStates("batch_abc123", { interval: "10 millis", timeout: "1 minute" }))
      )
      yield* wakeNext(2)
      yield* wakeNext(2)
      const all = Chunk.toReadonlyArray(yield* Fiber.join(fiber)).map((b) => b.status)
      expect(all).toEqual(["validating", "in_progress", "completed"])

      yield* Testing.enqueue(state("validating"), state("in_progress"))
      const seen: Array<string> = []
      const late = yield* Effect.fork(
        Effect.flip(
          Stream.runForEach(Batches.pollStates("batch_abc123", { interval: "1 second", timeout: "1500 millis" }), (b) =>
            Effect.sync(() => seen.push(b.status))
          )
        )
      )
      yield* wakeNext(2)
      yield* wakeNext(2)
      const error = yield* Fiber.join(late)
      expect(error._tag === "TimeoutError" && error.kind).toBe("deadline")
      expect(seen).toEqual(["validating", "in_progress"])
      expect((yield* Testing.requests).length).toBe(5)
    }).pipe(Effect.provide(TestLayer))
  )
})
