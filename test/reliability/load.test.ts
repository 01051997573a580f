/**
 * Load: 1,000 concurrent calls (half `Chat.create`, half `Chat.stream`)
 * through ONE layer (the undici `HttpClient` on one agent, the default retry
 * policy) against the mock server with its rate limits on, tight enough that
 * most first attempts get a 429.
 *
 * Proves: every call completes or fails typed (no defect, no interruption,
 * no unhandled rejection); every 429 the server sent is either retried after
 * its `retry-after-ms` or reaches the caller as a `RateLimitError` carrying
 * the rate-limit metadata (server 429s = client retries + user-visible
 * `RateLimitError`s, and per call); no socket is left open. Reports the
 * throughput and the peak memory (no assertion on either beyond a generous
 * memory ceiling and a hang guard).
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Chat, OpenAiError } from "@effect-openai/core"
import * as MockServer from "@effect-openai/mock-server"
import { Effect, Exit, Stream } from "effect"
import { apiKey, clientLayer, ended, makeProcessRecorder, scopedAgent, waitFor } from "./support/faults-harness.js"
import { makeMemorySampler } from "./support/load-memory.js"

const CALLS = 1_000
/**
 * 20 requests per 1 s window: far below what 1,000 concurrent calls ask for
 * at once, and below what even a very busy runner serves (34 to 500
 * requests/s measured here), so the limit binds on any runner.
 */
const RATE_LIMIT = { requests: 20, windowMs: 1_000 }
/** More than the default 2, so that many calls get through after several 429s and some still reach the caller. */
const MAX_RETRIES = 4
const HANG_GUARD_MS = 120_000
/** A leak guard, not a performance bound: the run needs a few hundred MB at most. */
const HEAP_CEILING_BYTES = 1024 * 1024 * 1024
const GAP_TOLERANCE_MS = 5

const recorder = makeProcessRecorder()
beforeAll(() => recorder.install())
afterAll(() => {
  recorder.uninstall()
  expect(recorder.seen).toEqual([])
})

const promptOf = (i: number) => `load-${i}`

/** Call `i`: even ones JSON, odd ones a stream read to its end. */
const callNumber = (i: number) => {
  const params = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: promptOf(i) }] }
  return i % 2 === 0
    ? Effect.map(Chat.create(params), (c) => c.choices[0]?.message.content ?? "")
    : Chat.stream(params).pipe(Stream.runFold("", (text, chunk) => text + (chunk.choices[0]?.delta.content ?? "")))
}

const promptOfRequest = (request: MockServer.RecordedRequest): string | undefined => {
  const messages = (request.body as { messages?: ReadonlyArray<{ content?: unknown }> } | undefined)?.messages
  const content = messages?.[0]?.content
  return typeof content === "string" ? content : undefined
}

/** Runs the 1,000 calls through one layer against a fresh server; closes the pool and checks no socket is left. */
const runLoad = (options: { readonly rateLimit?: MockServer.RateLimitOptions; readonly maxRetries: number }) =>
  Effect.gen(function* () {
    const server = yield* MockServer.make({
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      maxRecordedRequests: 10 * CALLS
    })
    const agent = yield* scopedAgent
    const counter = { attempts: 0 }
    const layer = clientLayer("undici", agent, counter, {
      apiKey,
      baseUrl: server.baseUrl,
      maxRetries: options.maxRetries,
      timeout: "60 seconds"
    })
    const memory = makeMemorySampler(10)
    const started = Date.now()
    const exits = yield* Effect.forEach(
      Array.from({ length: CALLS }, (_, i) => i),
      (i) => Effect.exit(callNumber(i)),
      { concurrency: "unbounded" }
    ).pipe(
      Effect.provide(layer),
      Effect.timeoutFail({
        duration: HANG_GUARD_MS,
        onTimeout: () => new Error(`hang: load took over ${HANG_GUARD_MS} ms`)
      })
    )
    const elapsedMs = Date.now() - started
    const peak = memory.stop()

    yield* Effect.tryPromise(() => agent.close())
    yield* Effect.tryPromise(() => server.waitForOpenConnections(0, 5_000))
    expect(yield* waitFor(() => server.activeStreams() === 0, 3_000)).toBe(true)
    expect(peak.heapUsed).toBeLessThan(HEAP_CEILING_BYTES)
    expect(recorder.seen).toEqual([])

    // every call completes or fails typed
    const outcomes = exits.map((exit) => ended(Exit.map(exit, (text) => ({ text, chunks: 0 }))))
    expect(outcomes.filter((o) => o._tag === "Defect")).toEqual([])
    const figures = {
      calls: CALLS,
      rateLimit:
        options.rateLimit === undefined
          ? "off"
          : `${options.rateLimit.requests} requests / ${options.rateLimit.windowMs} ms`,
      succeeded: outcomes.filter((o) => o._tag === "Success").length,
      attempts: counter.attempts,
      elapsedMs,
      callsPerSecond: Math.round((CALLS / elapsedMs) * 1000),
      attemptsPerSecond: Math.round((counter.attempts / elapsedMs) * 1000),
      baselineRssMB: peak.baselineRssMB,
      peakRssMB: peak.rssMB,
      peakHeapMB: peak.heapMB,
      socketsOpened: server.totalConnections()
    }
    return { server, counter, outcomes, figures }
  })

describe("load", () => {
  it.scopedLive(`${CALLS} concurrent calls (JSON and SSE) through one layer, rate limits off`, () =>
    Effect.gen(function* () {
      const { server, counter, outcomes, figures } = yield* runLoad({ maxRetries: 2 })
      outcomes.forEach((outcome, i) => {
        expect(outcome._tag).toBe("Success")
        if (outcome._tag === "Success") expect(outcome.value.text).toBe(`Echo: ${promptOf(i)}`)
      })
      expect(counter.attempts).toBe(CALLS)
      expect(server.requests()).toHaveLength(CALLS)
      console.log(`LOAD ${JSON.stringify(figures)}`)
    })
  )

  it.scopedLive(`${CALLS} concurrent calls (JSON and SSE) through one layer, rate limits on`, () =>
    Effect.gen(function* () {
      const { server, counter, outcomes, figures } = yield* runLoad({ rateLimit: RATE_LIMIT, maxRetries: MAX_RETRIES })

      const rateLimited: Array<readonly [number, OpenAiError.RateLimitError]> = []
      outcomes.forEach((outcome, i) => {
        if (outcome._tag === "Success") expect(outcome.value.text).toBe(`Echo: ${promptOf(i)}`)
        else if (outcome._tag === "Failure") {
          expect(outcome.error._tag).toBe("RateLimitError")
          if (outcome.error._tag === "RateLimitError") rateLimited.push([i, outcome.error])
        }
      })

      // every 429 the server sent is accounted for
      const requests = server.requests()
      // an attempt can fail before the server records it (a pooled socket closed under load):
      // that is a connection error, retried like any other, and counted apart
      expect(requests.length).toBeLessThanOrEqual(counter.attempts)
      const transportRetries = counter.attempts - requests.length
      expect(requests.every((r) => r.response !== undefined)).toBe(true)
      const server429 = requests.filter((r) => r.response?.status === 429).length
      const retries = counter.attempts - CALLS
      expect(server429).toBeGreaterThan(0)
      expect(server429).toBe(retries - transportRetries + rateLimited.length)

      // per call: each 429 is followed by a retry after its retry-after-ms, or is the error the caller got
      const byCall = new Map<string, Array<MockServer.RecordedRequest>>()
      for (const r of requests) {
        const prompt = promptOfRequest(r)
        expect(prompt).toBeDefined()
        byCall.set(prompt!, [...(byCall.get(prompt!) ?? []), r])
      }
      expect(byCall.size).toBe(CALLS)
      let retriedAfterRetryAfter = 0
      outcomes.forEach((outcome, i) => {
        const attempts = byCall
          .get(promptOf(i))!
          .slice()
          .sort((a, b) => a.receivedAt - b.receivedAt)
        expect(attempts.length).toBeLessThanOrEqual(MAX_RETRIES + 1)
        attempts.forEach((attempt, n) => {
          const next = attempts[n + 1]
          if (next === undefined) return
          expect(attempt.response?.status).toBe(429)
          const wait = Number(attempt.response?.headers["retry-after-ms"])
          expect(next.receivedAt - attempt.receivedAt).toBeGreaterThanOrEqual(wait - GAP_TOLERANCE_MS)
          retriedAfterRetryAfter++
        })
        const last = attempts[attempts.length - 1]!
        expect(last.response?.status).toBe(outcome._tag === "Success" ? 200 : 429)
      })
      expect(retriedAfterRetryAfter).toBe(retries - transportRetries)

      // a user-visible 429 carries what a person needs to act
      for (const [i, error] of rateLimited) {
        const attempts = byCall
          .get(promptOf(i))!
          .slice()
          .sort((a, b) => a.receivedAt - b.receivedAt)
        expect(attempts.length).toBeGreaterThanOrEqual(1)
        expect(attempts.length).toBeLessThanOrEqual(MAX_RETRIES + 1)
        // the error is the last 429, with its request id
        expect(error.requestId).toBe(attempts[attempts.length - 1]!.requestId)
        expect(OpenAiError.isRetryable(error)).toBe(true)
        expect(error.retryAfter).toBeDefined()
        expect(error.meta.rateLimit.limitRequests).toBe(RATE_LIMIT.requests)
        expect(error.meta.rateLimit.remainingRequests).toBe(0)
        expect(error.meta.rateLimit.resetRequestsMs).toBeGreaterThan(0)
        expect(error.meta.headers["retry-after-ms"]).toBeDefined()
      }

      const summary = { ...figures, rateLimitErrors: rateLimited.length, server429, retries, transportRetries }
      console.log(`LOAD ${JSON.stringify(summary)}`)
    })
  )
})
