/**
 * A streamed chat, accumulated: print the deltas as they arrive, then the
 * whole ChatCompletion they add up to (content, finish_reason, usage). Then
 * the same with a tool: its arguments arrive in pieces and come out joined.
 *
 *   npx tsx --conditions=source examples/chat-accumulate.ts
 */
import { Chat } from "@effect-openai/core"
import * as Accumulator from "@effect-openai/core/Accumulator"
import { Console, Effect, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

const write = (text: string) => Effect.sync(() => process.stdout.write(text))

export const program = Effect.gen(function* () {
  // 1. text: each delta printed as it comes, the Sink keeps the whole
  const completion = yield* Chat.stream({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Write a haiku about streams." }],
    stream_options: { include_usage: true }
  }).pipe(
    Stream.tap((chunk) => write(chunk.choices[0]?.delta.content ?? "")),
    Stream.run(Accumulator.chatCompletion)
  )
  const choice = completion.choices[0]
  yield* Console.log("\n\naccumulated:")
  yield* Console.log("  content:", JSON.stringify(choice?.message.content))
  yield* Console.log("  finish_reason:", choice?.finish_reason)
  yield* Console.log("  usage:", completion.usage)

  // 2. a tool call: the running snapshot shows the arguments growing
  const snapshots = yield* Chat.stream({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "What is the weather in Paris?" }],
    tools: [
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "The current weather in a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
        }
      }
    ]
  }).pipe(
    Accumulator.chatCompletionSnapshots,
    Stream.tap(({ chunk, snapshot }) => {
      const piece = chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments
      const sofar = snapshot.choices[0]?.message.tool_calls?.[0]?.function.arguments
      return piece
        ? Console.log(`  delta ${JSON.stringify(piece)} -> arguments so far ${JSON.stringify(sofar)}`)
        : Effect.void
    }),
    Stream.runCollect
  )
  const last = [...snapshots].pop()?.snapshot
  const call = last?.choices[0]?.message.tool_calls?.[0]
  yield* Console.log(`\n${snapshots.length} chunks; accumulated tool call:`)
  yield* Console.log("  finish_reason:", last?.choices[0]?.finish_reason)
  yield* Console.log("  id:", call?.id, " name:", call?.function.name)
  yield* Console.log("  arguments:", call === undefined ? undefined : JSON.parse(call.function.arguments))
})

if (isMain(import.meta.url)) await run("chat-accumulate", program)
