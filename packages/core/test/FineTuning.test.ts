import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as FineTuning from "@effect-openai/core/FineTuning"
import { Chunk, Effect, Fiber, Layer, Stream, TestClock } from "effect"
import { eventually, waitForSleeps } from "./utils.js"

const TestLayer = FineTuning.layer.pipe(Layer.provideMerge(Testing.layer()))

const job = (id: string, overrides: Record<string, unknown> = {}) => ({
  object: "fine_tuning.job",
  id,
  model: "gpt-3.5-turbo-0125",
  created_at: 1_700_000_000,
  error: null,
  fine_tuned_model: null,
  finished_at: null,
  hyperparameters: { n_epochs: "auto" },
  organization_id: "org-123",
  result_files: [],
  status: "queued",
  trained_tokens: null,
  training_file: "file-abc123",
  validation_file: null,
  seed: 42,
  ...overrides
})

const event = (id: string) => ({
  object: "fine_tuning.job.event",
  id,
  created_at: 1_700_000_000,
  level: "info",
  message: `event ${id}`
})

const checkpoint = (id: string, step: number) => ({
  object: "fine_tuning.job.checkpoint",
  id,
  created_at: 1_700_000_000,
  fine_tuned_model_checkpoint: `ft:gpt-3.5-turbo:acme::x:ckpt-step-${step}`,
  step_number: step,
  metrics: { step, train_loss: 0.5 },
  fine_tuning_job_id: "ftjob-abc123"
})

/** A checkpoints page, with `first_id` and `last_id`; ids are `ftckpt-<step>`. */
const checkpointsPage = (steps: ReadonlyArray<number>, hasMore: boolean) =>
  Testing.json({
    object: "list",
    data: steps.map((step) => checkpoint(`ftckpt-${step}`, step)),
    first_id: steps.length > 0 ? `ftckpt-${steps[0]}` : null,
    last_id: steps.length > 0 ? `ftckpt-${steps[steps.length - 1]}` : null,
    has_more: hasMore
  })

/** A jobs page: the jobs list has `has_more` but no `last_id`. */
const jobsPage = (ids: ReadonlyArray<string>, hasMore: boolean) =>
  Testing.json({ object: "list", data: ids.map((id) => job(id)), has_more: hasMore })

/** Queues pages of jobs; every page but the last says `has_more`. */
const enqueueJobPages = (...pages: ReadonlyArray<ReadonlyArray<string>>) =>
  Testing.enqueue(...pages.map((ids, i) => jobsPage(ids, i < pages.length - 1)))

describe("FineTuning", () => {
  it.effect("createJob: POST /fine_tuning/jobs with the JSON body; unknown fields pass through", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(job("ftjob-abc123")))
      const created = yield* FineTuning.createJob({
        model: "gpt-3.5-turbo",
        training_file: "file-abc123",
        hyperparameters: { n_epochs: 2 },
        suffix: "support-bot",
        method_added_later: { type: "dpo" }
      })
      expect(created).toMatchObject({ id: "ftjob-abc123", status: "queued", hyperparameters: { n_epochs: "auto" } })
      const request = yield* Testing.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe("https://api.openai.test/v1/fine_tuning/jobs")
      expect(request.headers["content-type"]).toMatch(/^application\/json/)
      expect(request.body).toEqual({
        model: "gpt-3.5-turbo",
        training_file: "file-abc123",
        hyperparameters: { n_epochs: 2 },
        suffix: "support-bot",
        method_added_later: { type: "dpo" }
      })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("createJob: invalid input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      const noFile = yield* Effect.flip(FineTuning.createJob({ model: "gpt-3.5-turbo" } as never))
      expect(noFile._tag === "InvalidRequestError" && noFile.field).toBe("training_file")
      const badEpochs = yield* Effect.flip(
        FineTuning.createJob({
          model: "gpt-3.5-turbo",
          training_file: "file-abc123",
          hyperparameters: { n_epochs: "many" as never }
        })
      )
      expect(badEpochs._tag === "InvalidRequestError" && badEpochs.field).toBe("hyperparameters.n_epochs")
      const noId = yield* Effect.flip(FineTuning.retrieveJob(""))
      expect(noId._tag === "InvalidRequestError" && noId.field).toBe("fine_tuning_job_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("retrieveJob and cancelJob: GET and POST on the job", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(job("ftjob-abc123", { status: "running" })),
        Testing.json(job("ftjob-abc123", { status: "cancelled" }))
      )
      expect((yield* FineTuning.retrieveJob("ftjob-abc123")).status).toBe("running")
      expect((yield* FineTuning.cancelJob("ftjob-abc123")).status).toBe("cancelled")
      const [retrieve, cancel] = yield* Testing.requests
      expect(`${retrieve!.method} ${retrieve!.url}`).toBe(
        "GET https://api.openai.test/v1/fine_tuning/jobs/ftjob-abc123"
      )
      expect(`${cancel!.method} ${cancel!.url}`).toBe(
        "POST https://api.openai.test/v1/fine_tuning/jobs/ftjob-abc123/cancel"
      )
      expect(cancel!.body).toBeUndefined()
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listJobs, listEvents, listCheckpoints: one page each, with after and limit in the query", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        jobsPage(["ftjob-1"], true),
        Testing.json({ object: "list", data: [event("ft-event-1")], has_more: true }),
        checkpointsPage([100], false)
      )
      const jobs = yield* FineTuning.listJobs({ after: "ftjob-0", limit: 1 })
      expect(jobs).toMatchObject({ object: "list", has_more: true, data: [{ id: "ftjob-1" }] })
      const events = yield* FineTuning.listEvents("ftjob-1", { limit: 2 })
      expect(events.has_more).toBe(true)
      expect(events.data[0]?.message).toBe("event ft-event-1")
      const checkpoints = yield* FineTuning.listCheckpoints("ftjob-1")
      expect(checkpoints.data[0]?.step_number).toBe(100)
      const [a, b, c] = yield* Testing.requests
      expect(a!.url).toBe("https://api.openai.test/v1/fine_tuning/jobs?after=ftjob-0&limit=1")
      expect(b!.url).toBe("https://api.openai.test/v1/fine_tuning/jobs/ftjob-1/events?limit=2")
      expect(c!.url).toBe("https://api.openai.test/v1/fine_tuning/jobs/ftjob-1/checkpoints")
      expect([a!.method, b!.method, c!.method]).toEqual(["GET", "GET", "GET"])
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listJobsAll: follows the cursor (the last job's id) until has_more is false", () =>
    Effect.gen(function* () {
      yield* enqueueJobPages(["ftjob-1", "ftjob-2"], ["ftjob-3", "ftjob-4"], ["ftjob-5"])
      const ids = yield* FineTuning.listJobsAll({ limit: 2 }).pipe(
        Stream.map((j) => j.id),
        Stream.runCollect
      )
      expect(Chunk.toReadonlyArray(ids)).toEqual(["ftjob-1", "ftjob-2", "ftjob-3", "ftjob-4", "ftjob-5"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => r.query)).toEqual([
        { limit: "2" },
        { after: "ftjob-2", limit: "2" },
        { after: "ftjob-4", limit: "2" }
      ])
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listJobsAll is lazy: taking 3 items of 2-item pages fetches 2 pages, not the third", () =>
    Effect.gen(function* () {
      yield* enqueueJobPages(["ftjob-1", "ftjob-2"], ["ftjob-3", "ftjob-4"], ["ftjob-5", "ftjob-6"])
      const taken = yield* FineTuning.listJobsAll().pipe(Stream.take(3), Stream.runCollect)
      expect(Chunk.size(taken)).toBe(3)
      const requests = yield* Testing.requests
      expect(requests.map((r) => r.query.after)).toEqual([undefined, "ftjob-2"])
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listEventsAll: follows has_more (sent by the API, missing from the spec's schema)", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json({ object: "list", data: [event("ev-3"), event("ev-2")], has_more: true }),
        Testing.json({ object: "list", data: [event("ev-1")], has_more: false })
      )
      const ids = yield* FineTuning.listEventsAll("ftjob-abc123", { after: "ev-4" }).pipe(
        Stream.map((e) => e.id),
        Stream.runCollect
      )
      expect(Chunk.toReadonlyArray(ids)).toEqual(["ev-3", "ev-2", "ev-1"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => `${r.path}?after=${r.query.after}`)).toEqual([
        "/v1/fine_tuning/jobs/ftjob-abc123/events?after=ev-4",
        "/v1/fine_tuning/jobs/ftjob-abc123/events?after=ev-2"
      ])
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listEventsAll: a page without has_more is the last one", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json({ object: "list", data: [event("ev-1")] }))
      const events = yield* FineTuning.listEventsAll("ftjob-abc123").pipe(Stream.runCollect)
      expect(Chunk.size(events)).toBe(1)
      yield* Testing.assertSentTimes(1, () => true)
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("listCheckpointsAll: follows last_id", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(checkpointsPage([300, 200], true), checkpointsPage([100], false))
      const steps = yield* FineTuning.listCheckpointsAll("ftjob-abc123").pipe(
        Stream.map((c) => c.step_number),
        Stream.runCollect
      )
      expect(Chunk.toReadonlyArray(steps)).toEqual([300, 200, 100])
      const requests = yield* Testing.requests
      expect(requests.map((r) => r.query.after)).toEqual([undefined, "ftckpt-200"])
      expect(requests.every((r) => r.path === "/v1/fine_tuning/jobs/ftjob-abc123/checkpoints")).toBe(true)
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("an API error on a later page fails the stream with the tagged error", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        jobsPage(["ftjob-1"], true),
        Testing.apiError(404, { message: "No such job", param: "after" })
      )
      const error = yield* FineTuning.listJobsAll().pipe(Stream.runCollect, Effect.flip)
      expect(error._tag).toBe("NotFoundError")
    }).pipe(Effect.provide(TestLayer))
  )
})

describe("FineTuning polling", () => {
  const at = (status: string, overrides: Record<string, unknown> = {}) =>
    Testing.json(job("ftjob-abc123", { status, ...overrides }), { headers: { "openai-poll-after-ms": "100" } })

  it.effect("pollJob follows validating_files → queued → running → succeeded at openai-poll-after-ms", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        at("validating_files"),
        at("queued"),
        at("running"),
        at("succeeded", { fine_tuned_model: "ft:gpt-3.5-turbo-0125:org::abc", trained_tokens: 5768 })
      )
      const seen: Array<string> = []
      const fiber = yield* Effect.fork(
        FineTuning.pollJob("ftjob-abc123", {
          interval: "1 minute",
          onProgress: (j) => Effect.sync(() => seen.push(j.status))
        })
      )
      for (let i = 0; i < 3; i++) {
        yield* waitForSleeps(2)
        yield* TestClock.adjust("100 millis") // the server's 100 ms, not the 1 minute interval
      }
      const done = yield* Fiber.join(fiber)
      expect(done.fine_tuned_model).toBe("ft:gpt-3.5-turbo-0125:org::abc")
      expect(seen).toEqual(["validating_files", "queued", "running", "succeeded"])
      const requests = yield* Testing.requests
      expect(new Set(requests.map((r) => `${r.method} ${r.path}`))).toEqual(
        new Set(["GET /v1/fine_tuning/jobs/ftjob-abc123"])
      )
      for (const status of ["failed", "cancelled"]) {
        yield* Testing.enqueue(at(status))
        expect((yield* FineTuning.pollJob("ftjob-abc123")).status).toBe(status)
      }
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("pollJobStates streams the states; past the deadline it fails with TimeoutError (deadline)", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(at("queued"), at("running"), at("succeeded"))
      const fiber = yield* Effect.fork(Stream.runCollect(FineTuning.pollJobStates("ftjob-abc123")))
      for (let i = 0; i < 2; i++) {
        yield* waitForSleeps(2)
        yield* TestClock.adjust("100 millis")
      }
      expect(Chunk.toReadonlyArray(yield* Fiber.join(fiber)).map((j) => j.status)).toEqual([
        "queued",
        "running",
        "succeeded"
      ])

      yield* Testing.enqueue(at("running"), at("running"))
      const late = yield* Effect.fork(
        Effect.flip(Stream.runDrain(FineTuning.pollJobStates("ftjob-abc123", { timeout: "150 millis" })))
      )
      yield* waitForSleeps(2)
      yield* TestClock.adjust("100 millis")
      yield* waitForSleeps(2)
      yield* TestClock.adjust("50 millis")
      const error = yield* Fiber.join(late)
      expect(error._tag === "TimeoutError" && error.kind).toBe("deadline")
      expect(error.message).toContain("fine-tuning job ftjob-abc123")
      expect((yield* Testing.requests).length).toBe(5)
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("interrupting pollJob mid-read aborts the request", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.hang)
      const fiber = yield* Effect.fork(FineTuning.pollJob("ftjob-abc123"))
      yield* eventually(
        Effect.map(Testing.requests, (all) => all.length === 1),
        "the read"
      )
      yield* Fiber.interrupt(fiber)
      expect((yield* Testing.lastRequest).aborted).toBe(true)
    }).pipe(Effect.provide(TestLayer))
  )
})
