/**
 * A batch job that respects rate limits: 15 embedding calls at once through
 * one layer with the client-side `RateLimiter`. The limiter learns the budget
 * from the `x-ratelimit-*` headers and holds the calls back until each reset,
 * instead of letting them run into 429s. Offline, the mock server enforces 5
 * requests a second; live, the API's own limits apply.
 *
 *   npx tsx --conditions=source examples/rate-limits.ts
 */
import { Embeddings, RateLimiter } from "@effect-openai/core"
import * as MockServer from "@effect-openai/mock-server"
import { NodeOpenAi } from "@effect-openai/node"
import { Console, Effect, Layer, Redacted } from "effect"
import { isMain, offline, run } from "./_runtime.js"

const texts = Array.from({ length: 15 }, (_, i) => `document ${i + 1}`)

/** Offline: a mock server that answers 429 past 5 requests a second; live: the real API. */
const LimitedLive = (
  offline
    ? Layer.unwrapScoped(
        Effect.map(MockServer.make({ rateLimit: { requests: 5, windowMs: 1_000 } }), (server) =>
          NodeOpenAi.layer({ apiKey: Redacted.make("sk-mock"), baseUrl: server.baseUrl, maxRetries: 0 })
        )
      )
    : Layer.orDie(NodeOpenAi.layerConfig({ maxRetries: 0 }))
).pipe(Layer.provide(RateLimiter.layer()))

export const program = Effect.gen(function* () {
  const started = Date.now()
  let done = 0
  const vectors = yield* Effect.forEach(
    texts,
    (input) =>
      Embeddings.create({ model: "text-embedding-3-small", input }).pipe(
        Effect.tap(() => {
          done++
          return Console.log(`  ${String(done).padStart(2)}/${texts.length} done at +${Date.now() - started} ms`)
        })
      ),
    { concurrency: "unbounded" }
  )
  yield* Console.log(`${vectors.length} embeddings in ${Date.now() - started} ms, no RateLimitError (retries were off)`)
}).pipe(Effect.provide(LimitedLive))

if (isMain(import.meta.url)) await run("rate-limits", program)
