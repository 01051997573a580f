/**
 * An assistant with a function tool, run to completion by streaming: the
 * tool loop answers the run's calls to `get_weather` and continues the same
 * stream; the reply is printed delta by delta, then the final run and answer.
 *
 *   npx tsx --conditions=source examples/assistant-tools.ts
 */
import { Assistants, Runs, Threads } from "@effect-openai/core"
import * as AssistantStream from "@effect-openai/core/AssistantStream"
import { Console, Effect, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

/** The weather "service" behind the tool: its arguments are the JSON the model wrote. */
const getWeather = (args: unknown) =>
  Effect.succeed(JSON.stringify({ city: (args as { city?: string }).city ?? "Paris", temperature_c: 21, sky: "sunny" }))

export const program = Effect.gen(function* () {
  const assistant = yield* Assistants.create({
    model: "gpt-4o-mini",
    name: "Weather bot",
    instructions: "You answer questions about the weather. Call get_weather for current conditions.",
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
  })

  const final = yield* Runs.createThreadAndRunStream({
    assistant_id: assistant.id,
    thread: { messages: [{ role: "user", content: "What is the weather in Paris?" }] }
  }).pipe(
    AssistantStream.runTools({ handlers: { get_weather: getWeather }, maxRounds: 5 }),
    Stream.tap((event) => {
      switch (event.event) {
        case "thread.run.requires_action": {
          const calls = event.data.required_action?.submit_tool_outputs.tool_calls ?? []
          return Console.log(`\n[tools] ${calls.map((c) => `${c.function.name}(${c.function.arguments})`).join(", ")}`)
        }
        case "thread.message.delta":
          return Effect.sync(() => process.stdout.write(AssistantStream.deltaText(event.data)))
        case "thread.run.completed":
        case "thread.run.failed":
        case "thread.run.expired":
          return Console.log(`\n[run] ${event.data.status}`)
        case "unknown":
          return Console.log(`\n[new event] ${event.name}`)
        default:
          return Effect.void
      }
    }),
    AssistantStream.collect
  )

  const answer = final.messages
    .flatMap((message) => message.content)
    .map((part) => (part.type === "text" && "text" in part ? part.text.value : `[${part.type}]`))
    .join(" ")
  yield* Console.log("final run:", final.run.id, final.run.status, "usage:", final.run.usage)
  yield* Console.log("answer:   ", answer)

  yield* Threads.delete(final.run.thread_id)
  yield* Assistants.delete(assistant.id)
})

if (isMain(import.meta.url)) await run("assistant-tools", program)
