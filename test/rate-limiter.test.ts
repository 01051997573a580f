/**
 * The client-side `RateLimiter` over real sockets, against the mock server
 * with its rate limits on (10 requests a 1 s window, `x-ratelimit-*` headers
 * on every response). The limiter has no budget configured: it learns the
 * budget from the headers. No retries, so any 429 the server sends reaches
 * the caller as a `RateLimitError`.
 *
 * With the limiter, 30 concurrent calls (JSON and streams) all succeed and
 * the server sends no 429: the first call goes alone, its headers give the
 * budget, and the others wait for each window's reset. Without it, the same
 * calls get 429s.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chat, RateLimiter } from "@effect-openai/core"
import * as MockServer from "@effect-openai/mock-server"
import { NodeOpenAi } from "@effect-openai/node"
import { Effect, Exit, Layer, Redacted, Stream } from "effect"

const CALLS = 30
const WINDOW = { requests: 10, windowMs: 1_000 }

const call = (i: number) => {
  const params = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: `call-${i}` }] }
  return i % 2 === 0
    ? Effect.map(Chat.create(params), (c) => c.choices[0]?.message.content ?? "")
    : Chat.stream(params).pipe(Stream.runFold("", (text, chunk) => text + (chunk.choices[0]?.delta.content ?? "")))
}

const run = (withLimiter: boolean) =>
  Effect.gen(function* () {
    const server = yield* MockServer.make({ rateLimit: WINDOW })
    const client = NodeOpenAi.layer({ apiKey: Redacted.make("sk-mock"), baseUrl: server.baseUrl, maxRetries: 0 })
    const layer = withLimiter ? client.pipe(Layer.provide(RateLimiter.layer())) : client
    const started = Date.now()
    const exits = yield* Effect.forEach(
      Array.from({ length: CALLS }, (_, i) => i),
      (i) => Effect.exit(call(i)),
      { concurrency: "unbounded" }
    ).pipe(Effect.provide(layer), Effect.timeout("30 seconds"))
    const statuses = server.requests().map((r) => r.response?.status)
    return { exits, statuses, elapsedMs: Date.now() - started }
  })

describe("RateLimiter over sockets", () => {
  it.scopedLive("learns the budget from the headers and waits for each reset: no 429, every call served", () =>
    Effect.gen(function* () {
      const { exits, statuses, elapsedMs } = yield* run(true)
      exits.forEach((exit, i) => {
        expect(Exit.isSuccess(exit), `call ${i}`).toBe(true)
        if (Exit.isSuccess(exit)) expect(exit.value).toBe(`Echo: call-${i}`)
      })
      expect(statuses).toHaveLength(CALLS)
      expect(statuses.filter((s) => s === 429)).toEqual([])
      // 30 calls at 10 a window: at least two resets waited for
      expect(elapsedMs).toBeGreaterThanOrEqual(2 * WINDOW.windowMs - 50)
      console.log(`rate limiter over sockets: ${CALLS} calls, 0 × 429, ${elapsedMs} ms`)
    })
  )

  it.scopedLive("without the limiter the same calls get 429s (the server's limit binds)", () =>
    Effect.gen(function* () {
      const { exits, statuses } = yield* run(false)
      const failed = exits.filter(Exit.isFailure)
      expect(failed.length).toBeGreaterThan(0)
      expect(statuses.filter((s) => s === 429)).toHaveLength(failed.length)
      for (const exit of failed) expect(String(exit.cause)).toContain("RateLimitError")
    })
  )
})
