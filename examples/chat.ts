/**
 * A chat completion, and the metadata that came with it.
 *
 *   npx tsx --conditions=source examples/chat.ts
 */
import { Chat, OpenAiClient } from "@effect-openai/core"
import { Console, Effect } from "effect"
import { isMain, run } from "./_runtime.js"

export const program = Effect.gen(function* () {
  const { value: completion, meta } = yield* OpenAiClient.withMeta(
    Chat.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You answer in one short sentence." },
        { role: "user", content: "What is Effect, in TypeScript?" }
      ]
    })
  )
  const choice = completion.choices[0]
  yield* Console.log("reply:        ", choice?.message.content)
  yield* Console.log("finish_reason:", choice?.finish_reason)
  yield* Console.log("usage:        ", completion.usage)
  yield* Console.log("request id:   ", meta.requestId, "| remaining requests:", meta.rateLimit.remainingRequests)
})

if (isMain(import.meta.url)) await run("chat", program)
