/**
 * Legacy text completions: one whole, then one streamed chunk by chunk with
 * the usage in a last chunk.
 *
 *   npx tsx --conditions=source examples/completions.ts
 */
import { Completions } from "@effect-openai/core"
import { Console, Effect, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

export const program = Effect.gen(function* () {
  const completion = yield* Completions.create({
    model: "gpt-3.5-turbo-instruct",
    prompt: "Say this is a test",
    max_tokens: 7,
    temperature: 0
  })
  yield* Console.log("text:         ", JSON.stringify(completion.choices[0]?.text))
  yield* Console.log("finish_reason:", completion.choices[0]?.finish_reason)
  yield* Console.log("usage:        ", completion.usage)

  yield* Console.log("streamed:")
  yield* Completions.stream({
    model: "gpt-3.5-turbo-instruct",
    prompt: "Count to 3:",
    stream_options: { include_usage: true }
  }).pipe(
    Stream.runForEach((chunk) =>
      chunk.usage
        ? Console.log("\nusage:", chunk.usage)
        : Effect.sync(() => process.stdout.write(chunk.choices[0]?.text ?? ""))
    )
  )
})

if (isMain(import.meta.url)) await run("completions", program)
