import { describe, expect, it } from "@effect/vitest"
import { Testing, Uploadable } from "@effect-openai/core"
import * as VectorStoreFileBatches from "@effect-openai/core/VectorStoreFileBatches"
import { Chunk, Effect, Fiber, Layer, Queue, Stream, TestClock } from "effect"
import { eventually, waitForSleeps } from "./utils.js"

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

/**
 * Uploads whose bytes wait for a ticket: each counts as in flight from the
 * moment the request starts reading it until it ends (sent, failed or
 * interrupted).
 */
const gatedUploads = Effect.gen(function* () {
  const tickets = yield* Queue.unbounded<void>()
  const counts = { started: 0, inFlight: 0, maxInFlight: 0 }
  const upload = (i: number) =>
    Uploadable.fromStream(
      Stream.unwrapScoped(
        Effect.gen(function* () {
          counts.started++
          counts.inFlight++
          counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight)
          yield* Effect.addFinalizer(() => Effect.sync(() => counts.inFlight--))
          yield* Queue.take(tickets)
          return Stream.make(new TextEncoder().encode(`doc ${i}`))
        })
      ),
      `doc-${i}.txt`
    )
  const until = (what: string, check: () => boolean) =>
    eventually(
      Effect.sync(() => check()),
      what
    )
  return { tickets, counts, upload, until }
})

const uploadedFile = (id: string) =>
  Testing.json({
    id,
    object: "file",
    bytes: 5,
    created_at: 1_699_061_776,
    filename: `${id}.txt`,
    purpose: "assistants",
    status: "processed"
  })

describe("VectorStoreFileBatches polling", () => {
  it.effect("uploadAndPoll uploads at most `concurrency` files at once, then creates the batch and polls it", () =>
    Effect.gen(function* () {
      const gate = yield* gatedUploads
      const ids = Array.from({ length: 7 }, (_, i) => `file-up${i}`)
      yield* Testing.enqueue(
        ...ids.map(uploadedFile),
        Testing.json(batch("in_progress", { in_progress: 8, completed: 0, total: 8 })),
        Testing.json(batch("in_progress", { in_progress: 3, completed: 5, total: 8 }), {
          headers: { "openai-poll-after-ms": "40" }
        }),
        Testing.json(batch("completed", { completed: 8, total: 8 }))
      )
      const progress: Array<number> = []
      const fiber = yield* Effect.fork(
        VectorStoreFileBatches.uploadAndPoll(
          "vs_abc123",
          ids.map((_, i) => gate.upload(i)),
          {
            concurrency: 3,
            fileIds: ["file-old"],
            interval: "1 second",
            onProgress: (b) => Effect.sync(() => progress.push(b.file_counts.completed))
          }
        )
      )
      yield* gate.until("3 uploads in flight", () => gate.counts.inFlight === 3)
      for (let i = 0; i < ids.length; i++) {
        expect(gate.counts.inFlight).toBe(Math.min(3, ids.length - i))
        expect(gate.counts.started).toBe(Math.min(3 + i, ids.length))
        yield* Queue.offer(gate.tickets, undefined)
        yield* gate.until(`upload ${i} done`, () =>
          i + 3 < ids.length ? gate.counts.started === 4 + i : gate.counts.inFlight === ids.length - i - 1
        )
      }
      expect(gate.counts.maxInFlight).toBe(3)
      yield* waitForSleeps(3) // the whole call's deadline, the poll's, the wait: the server's 40 ms, not 1 second
      yield* TestClock.adjust("40 millis")
      const done = yield* Fiber.join(fiber)
      expect(done.status).toBe("completed")
      expect(progress).toEqual([5, 8])
      const requests = yield* Testing.requests
      expect(requests.map((r) => `${r.method} ${r.path}`).slice(7)).toEqual([
        "POST /v1/vector_stores/vs_abc123/file_batches",
        "GET /v1/vector_stores/vs_abc123/file_batches/vsfb_abc123",
        "GET /v1/vector_stores/vs_abc123/file_batches/vsfb_abc123"
      ])
      expect(requests.slice(0, 7).every((r) => r.path === "/v1/files" && r.body.purpose === "assistants")).toBe(true)
      expect(requests[7]?.body.file_ids).toEqual(["file-old", ...ids]) // in the order of the input
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("uploads 5 at a time by default; a failed upload interrupts those in flight and creates no batch", () =>
    Effect.gen(function* () {
      const gate = yield* gatedUploads
      yield* Testing.enqueue(Testing.apiError(413, { message: "File too large" }))
      const fiber = yield* Effect.fork(
        Effect.flip(
          VectorStoreFileBatches.uploadAndPoll(
            "vs_abc123",
            Array.from({ length: 8 }, (_, i) => gate.upload(i))
          )
        )
      )
      yield* gate.until("5 uploads in flight", () => gate.counts.inFlight === 5)
      expect(gate.counts.started).toBe(5)
      yield* Queue.offer(gate.tickets, undefined)
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("UnexpectedStatusError")
      expect(gate.counts).toEqual({ started: 5, inFlight: 0, maxInFlight: 5 })
      expect((yield* Testing.requests).length).toBe(1) // the failed one; the 4 others never finished sending
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("a failed upload aborts an upload waiting for its response", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.hang, Testing.apiError(500))
      const files = ["a", "b"].map((name) => Uploadable.fromBytes(new TextEncoder().encode(name), `${name}.txt`))
      const error = yield* Effect.flip(VectorStoreFileBatches.uploadAndPoll("vs_abc123", files))
      expect(error._tag).toBe("InternalServerError")
      expect((yield* Testing.requests).map((r) => r.aborted)).toEqual([true, false])
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("interrupting uploadAndPoll during the uploads stops every upload", () =>
    Effect.gen(function* () {
      const gate = yield* gatedUploads
      const fiber = yield* Effect.fork(
        VectorStoreFileBatches.uploadAndPoll("vs_abc123", [0, 1, 2].map(gate.upload), { concurrency: 2 })
      )
      yield* gate.until("2 uploads in flight", () => gate.counts.inFlight === 2)
      yield* Fiber.interrupt(fiber)
      expect(gate.counts).toEqual({ started: 2, inFlight: 0, maxInFlight: 2 })
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("createAndPoll and pollStates follow the batch to its end; the deadline fails with TimeoutError", () =>
    Effect.gen(function* () {
      const at = (status: string) => Testing.json(batch(status), { headers: { "openai-poll-after-ms": "10" } })
      yield* Testing.enqueue(at("in_progress"), at("in_progress"), at("cancelled"))
      const fiber = yield* Effect.fork(
        VectorStoreFileBatches.createAndPoll("vs_abc123", { file_ids: ["file-abc123", "file-abc456"] })
      )
      yield* waitForSleeps(3)
      yield* TestClock.adjust("10 millis")
      expect((yield* Fiber.join(fiber)).status).toBe("cancelled")

      yield* Testing.enqueue(at("in_progress"), at("completed"))
      const states = yield* Effect.fork(
        Stream.runCollect(VectorStoreFileBatches.pollStates("vs_abc123", "vsfb_abc123"))
      )
      yield* waitForSleeps(2)
      yield* TestClock.adjust("10 millis")
      expect(Chunk.toReadonlyArray(yield* Fiber.join(states)).map((b) => b.status)).toEqual([
        "in_progress",
        "completed"
      ])

      yield* Testing.enqueue(at("in_progress"), at("in_progress"))
      const late = yield* Effect.fork(
        Effect.flip(VectorStoreFileBatches.poll("vs_abc123", "vsfb_abc123", { timeout: "15 millis" }))
      )
      yield* waitForSleeps(2)
      yield* TestClock.adjust("10 millis")
      yield* waitForSleeps(2)
      yield* TestClock.adjust("5 millis")
      const error = yield* Fiber.join(late)
      expect(error._tag === "TimeoutError" && error.message).toContain("vector store file batch vsfb_abc123")
      expect((yield* Testing.requests).length).toBe(7)
    }).pipe(Effect.provide(TestLayer))
  )
})
