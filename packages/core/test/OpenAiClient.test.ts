import { describe, expect, it } from "@effect/vitest"
import { Models, OpenAiClient, OpenAiConfig, OpenAiError, Testing } from "@effect-openai/core"
import { Clock, Duration, Effect, Fiber, Schedule, TestClock } from "effect"
import { waitForSleeps } from "./utils.js"

const modelList = Testing.json(Testing.Fixtures.modelList(), {
  headers: {
    "openai-processing-ms": "42",
    "openai-organization": "org-meta",
    "openai-version": "2020-10-01",
    "x-ratelimit-limit-requests": "500",
    "x-ratelimit-remaining-requests": "499",
    "x-ratelimit-reset-requests": "120ms",
    "x-ratelimit-limit-tokens": "30000",
    "x-ratelimit-remaining-tokens": "29000",
    "x-ratelimit-reset-tokens": "6m0s",
    "x-request-id": "req_meta"
  }
})

const countRequests = Effect.map(Testing.requests, (r) => r.length)

/**
 * Steps through `retries` retry waits on the TestClock: before each, checks
 * how many requests were sent, reads the scheduled delay, then advances
 * exactly that far. Returns the delays.
 */
const retryDelays = (retries: number) =>
  Effect.gen(function* () {
    const delays: Array<number> = []
    for (let i = 1; i <= retries; i++) {
      yield* waitForSleeps(1)
      expect(yield* countRequests).toBe(i)
      const [wake] = yield* TestClock.sleeps()
      const delay = wake! - (yield* Clock.currentTimeMillis)
      delays.push(delay)
      yield* TestClock.adjust(delay)
    }
    return delays
  })

describe("retries", () => {
  it.effect("waits for retry-after (seconds) before retrying a 429", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.apiError(
          429,
          { message: "Rate limit reached", code: "rate_limit_exceeded" },
          { headers: { "retry-after": "3" } }
        ),
        modelList
      )
      const fiber = yield* Effect.fork(Models.list())
      yield* waitForSleeps(1)
      expect(yield* countRequests).toBe(1)
      yield* TestClock.adjust("2999 millis")
      expect(yield* countRequests).toBe(1)
      yield* TestClock.adjust("1 millis")
      const list = yield* Fiber.join(fiber)
      expect(list.data.length).toBe(2)
      expect(yield* countRequests).toBe(2)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 2 })))
  )

  it.effect("honours retry-after-ms over retry-after", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.apiError(503, {}, { headers: { "retry-after-ms": "1500", "retry-after": "30" } }),
        modelList
      )
      const fiber = yield* Effect.fork(Models.list())
      yield* waitForSleeps(1)
      yield* TestClock.adjust("1499 millis")
      expect(yield* countRequests).toBe(1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      expect(yield* countRequests).toBe(2)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 2 })))
  )

  it.effect("honours retry-after as an HTTP date", () =>
    Effect.gen(function* () {
      const now = Date.parse("2026-01-01T00:00:00Z")
      yield* TestClock.setTime(now)
      yield* Testing.enqueue(
        Testing.apiError(429, {}, { headers: { "retry-after": new Date(now + 5000).toUTCString() } }),
        modelList
      )
      const fiber = yield* Effect.fork(Models.list())
      yield* waitForSleeps(1)
      yield* TestClock.adjust("4999 millis")
      expect(yield* countRequests).toBe(1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      expect(yield* countRequests).toBe(2)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 2 })))
  )

  it.effect("ignores a retry-after over 60 s and uses the backoff instead", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.apiError(429, {}, { headers: { "retry-after": "3600" } }), modelList)
      const fiber = yield* Effect.fork(Models.list())
      yield* waitForSleeps(1)
      yield* TestClock.adjust("500 millis")
      yield* Fiber.join(fiber)
      expect(yield* countRequests).toBe(2)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 2 })))
  )

  it.effect("backs off exponentially (0.5 s, 1 s, with up to 25% jitter) and gives up after maxRetries", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.apiError(500), Testing.apiError(502), Testing.apiError(503))
      const fiber = yield* Effect.fork(Effect.flip(Models.list()))
      const delays = yield* retryDelays(2)
      expect(delays[0]).toBeGreaterThanOrEqual(375)
      expect(delays[0]).toBeLessThanOrEqual(500)
      expect(delays[1]).toBeGreaterThanOrEqual(750)
      expect(delays[1]).toBeLessThanOrEqual(1000)
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("InternalServerError")
      if (error._tag === "InternalServerError") expect(error.status).toBe(503)
      expect(yield* countRequests).toBe(3)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 2 })))
  )

  it.effect("retries connection errors", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.connectionError("ECONNRESET"), modelList)
      const fiber = yield* Effect.fork(Models.list())
      yield* waitForSleeps(1)
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect(yield* countRequests).toBe(2)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 2 })))
  )

  it.effect("does not retry a 400", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.apiError(400, { message: "bad", param: "messages" }), modelList)
      const error = yield* Effect.flip(Models.list())
      expect(error._tag).toBe("BadRequestError")
      expect(yield* countRequests).toBe(1)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 2 })))
  )

  it.effect("does not retry insufficient_quota", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.apiError(429, { code: "insufficient_quota", type: "insufficient_quota" }))
      const error = yield* Effect.flip(Models.list())
      expect(error._tag).toBe("QuotaExceededError")
      expect(yield* countRequests).toBe(1)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 2 })))
  )

  it.effect("x-should-retry: false stops a retry, x-should-retry: true forces one", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.apiError(503, {}, { headers: { "x-should-retry": "false" } }))
      expect((yield* Effect.flip(Models.list()))._tag).toBe("InternalServerError")
      expect(yield* countRequests).toBe(1)
      yield* Testing.enqueue(
        Testing.apiError(400, {}, { headers: { "x-should-retry": "true", "retry-after": "0" } }),
        modelList
      )
      yield* Models.list()
      expect(yield* countRequests).toBe(3)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 2 })))
  )

  it.effect("a user schedule replaces the default policy", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.apiError(500), Testing.apiError(500), Testing.apiError(500), modelList)
      const fiber = yield* Effect.fork(
        Models.list().pipe(
          OpenAiConfig.override({
            retrySchedule: Schedule.spaced("10 seconds").pipe(Schedule.intersect(Schedule.recurs(3)))
          })
        )
      )
      for (let i = 1; i <= 3; i++) {
        yield* waitForSleeps(1)
        expect(yield* countRequests).toBe(i)
        yield* TestClock.adjust("10 seconds")
      }
      yield* Fiber.join(fiber)
      expect(yield* countRequests).toBe(4)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 0 })))
  )

  it.effect("maxRetries: 0 turns retries off", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.apiError(500))
      expect((yield* Effect.flip(Models.list()))._tag).toBe("InternalServerError")
      expect(yield* countRequests).toBe(1)
    }).pipe(Effect.provide(Testing.layer({ maxRetries: 0 })))
  )

  it.effect("defaultRetrySchedule tunes the default policy: maxRetries and maxDelay", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(...Array.from({ length: 4 }, () => Testing.apiError(500)), modelList)
      const fiber = yield* Effect.fork(Models.list())
      const delays = yield* retryDelays(4)
      yield* Fiber.join(fiber)
      expect(yield* countRequests).toBe(5)
      // 100 ms doubling, capped at 300 ms, each shortened by at most 25% of jitter
      const expected = [100, 200, 300, 300]
      delays.forEach((delay, i) => {
        expect(delay).toBeLessThanOrEqual(expected[i]!)
        expect(delay).toBeGreaterThanOrEqual(expected[i]! * 0.75)
      })
    }).pipe(
      Effect.provide(
        Testing.layer({
          retrySchedule: OpenAiClient.defaultRetrySchedule({
            maxRetries: 4,
            initialDelay: "100 millis",
            maxDelay: "300 millis"
          })
        })
      )
    )
  )
})

describe("per-attempt timeout", () => {
  it.effect("fails with TimeoutError after the timeout and aborts the request", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.hang)
      const fiber = yield* Effect.fork(Effect.flip(Models.list()))
      yield* waitForSleeps(1)
      yield* TestClock.adjust("9999 millis")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 millis")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("TimeoutError")
      if (error._tag === "TimeoutError") {
        expect(error.kind).toBe("request")
        expect(Duration.toMillis(error.timeout)).toBe(10_000)
      }
      expect((yield* Testing.lastRequest).aborted).toBe(true)
    }).pipe(Effect.provide(Testing.layer({ timeout: "10 seconds" })))
  )

  it.effect("a timed-out attempt is retried", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.hang, modelList)
      const fiber = yield* Effect.fork(Models.list())
      yield* waitForSleeps(1)
      yield* TestClock.adjust("5 seconds")
      yield* waitForSleeps(1)
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect(yield* countRequests).toBe(2)
    }).pipe(Effect.provide(Testing.layer({ timeout: "5 seconds", maxRetries: 1 })))
  )

  it.effect("defaults to 10 minutes", () =>
    Effect.gen(function* () {
      const config = yield* OpenAiConfig.current
      expect(Duration.toMillis(config.timeout)).toBe(600_000)
    }).pipe(Effect.provide(OpenAiConfig.layer()))
  )
})

describe("withMeta", () => {
  it.effect("returns the response metadata with the value", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(modelList)
      const { meta, value } = yield* OpenAiClient.withMeta(Models.list())
      expect(value.data.length).toBe(2)
      expect(meta.requestId).toBe("req_meta")
      expect(meta.processingMs).toBe(42)
      expect(meta.organization).toBe("org-meta")
      expect(meta.version).toBe("2020-10-01")
      expect(meta.rateLimit).toEqual({
        limitRequests: 500,
        limitTokens: 30000,
        remainingRequests: 499,
        remainingTokens: 29000,
        resetRequests: "120ms",
        resetTokens: "6m0s",
        resetRequestsMs: 120,
        resetTokensMs: 360_000
      })
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("every API error carries the metadata", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.apiError(
          429,
          { message: "Rate limit reached for requests", code: "rate_limit_exceeded" },
          {
            headers: {
              "x-request-id": "req_429",
              "x-ratelimit-remaining-requests": "0",
              "x-ratelimit-reset-requests": "1s"
            }
          }
        )
      )
      const error = yield* Effect.flip(Models.list())
      if (!OpenAiError.isApiError(error)) throw new Error(`expected an API error, got ${error._tag}`)
      expect(error._tag).toBe("RateLimitError")
      expect(error.requestId).toBe("req_429")
      expect(error.meta.rateLimit.remainingRequests).toBe(0)
      expect(error.meta.rateLimit.resetRequestsMs).toBe(1000)
      expect(error.code).toBe("rate_limit_exceeded")
      expect(error.message).toBe("429 Rate limit reached for requests (request req_429)")
    }).pipe(Effect.provide(Testing.layer()))
  )
})

describe("path parameters", () => {
  it.effect("an empty id fails before sending, naming the parameter", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Models.retrieve(""))
      expect(error._tag).toBe("InvalidRequestError")
      if (error._tag === "InvalidRequestError") expect(error.field).toBe("model")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("ids are URL-encoded", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.model({ id: "ft:gpt-4o:acme/x" })))
      yield* Models.retrieve("ft:gpt-4o:acme/x")
      expect((yield* Testing.lastRequest).path).toBe("/v1/models/ft%3Agpt-4o%3Aacme%2Fx")
    }).pipe(Effect.provide(Testing.layer()))
  )
})
