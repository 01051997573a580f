/**
 * Failures are tagged errors: handle them with catchTag/catchTags.
 * Offline, the mock server injects faults chosen by request header.
 *
 *   npx tsx --conditions=source examples/errors.ts
 */
import { Chat, Models, OpenAiConfig } from "@effect-openai/core"
import { Console, Effect } from "effect"
import { isMain, offline, run } from "./_runtime.js"

export const program = Effect.gen(function* () {
  // 1. Bad input never leaves the process: the error names the field.
  yield* Chat.create({ model: "gpt-4o-mini", messages: [{ role: "robot", content: "hi" } as never] }).pipe(
    Effect.catchTag("InvalidRequestError", (e) => Console.log(`InvalidRequestError on ${e.field}: ${e.message}`))
  )

  // 2. An error status becomes a tagged error with the API's message and the request id.
  yield* Models.retrieve("no-such-model").pipe(
    Effect.catchTags({
      NotFoundError: (e) => Console.log(`NotFoundError ${e.status} code=${e.code} request=${e.requestId}`),
      AuthenticationError: (e) => Console.log(`AuthenticationError: ${e.message}`)
    })
  )

  if (!offline) return

  // 3. A 429 with retry-after: retried after the server's delay, then it succeeds.
  const started = Date.now()
  const list = yield* Models.list().pipe(
    OpenAiConfig.override({
      headers: {
        "x-mock-fault": "status=429",
        "x-mock-retry-after-ms": "300",
        "x-mock-fault-times": "1",
        "x-mock-fault-key": `example-${started}`
      }
    })
  )
  yield* Console.log(`429 then success after ${Date.now() - started} ms: ${list.data.length} models`)

  // 4. Out of retries: the error reaches you, carrying the rate-limit metadata.
  yield* Models.list().pipe(
    OpenAiConfig.override({ maxRetries: 0, headers: { "x-mock-fault": "status=429" } }),
    Effect.catchTag("RateLimitError", (e) =>
      Console.log(`RateLimitError: ${e.message}; remaining requests ${e.meta.rateLimit.remainingRequests}`)
    )
  )

  // 5. A connection dropped on every attempt: ConnectionError after the retries.
  yield* Models.list().pipe(
    OpenAiConfig.override({ maxRetries: 1, headers: { "x-mock-fault": "drop" } }),
    Effect.catchTag("ConnectionError", (e) => Console.log(`ConnectionError: ${e.message}`))
  )

  // 6. A server slower than the per-attempt timeout: TimeoutError.
  yield* Models.list().pipe(
    OpenAiConfig.override({ timeout: "200 millis", maxRetries: 0, headers: { "x-mock-fault": "slow-headers=2000" } }),
    Effect.catchTag("TimeoutError", (e) => Console.log(`TimeoutError: ${e.message}`))
  )
})

if (isMain(import.meta.url)) await run("errors", program)
