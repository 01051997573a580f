/**
 * A streamed chat completion: print the deltas as they arrive, then the
 * usage from the last chunk (stream_options.include_usage).
 *
 *   npx tsx --conditions=source examples/chat-stream.ts
 */
import { Chat } from "@effect-openai/core"
import { Console, Effect, Option, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

export const program = Effect.gen(function* () {
  const chunks = Chat.stream({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Write a haiku about streams." }],
    stream_options: { include_usage: true }
  })
  let count = 0
  const last = yield* chunks.pipe(
    Stream.tap((chunk) =>
      Effect.sync(() => {
        count++
        process.stdout.write(chunk.choices[0]?.delta.content ?? "")
      })
    ),
    Stream.runLast
  )
  yield* Console.log(`\n\nchunks: ${count}`)
  yield* Console.log("usage (last chunk):", Option.getOrUndefined(last)?.usage)
})

if (isMain(import.meta.url)) await run("chat-stream", program)
