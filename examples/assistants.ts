/**
 * Assistants, threads and messages: create an assistant with a function
 * tool, start a thread with a message, add another, list the thread's
 * messages, update the assistant, then clean up.
 *
 *   npx tsx --conditions=source examples/assistants.ts
 */
import { Assistants, Messages, Threads } from "@effect-openai/core"
import { Console, Effect, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

type Tool = Assistants.Assistant["tools"][number]
type Part = Messages.Message["content"][number]

// `type` is an open string (the API adds tool and content types), so TypeScript
// cannot narrow on it alone: these guards check the field that comes with it.
const functionName = (tool: Tool): string | undefined =>
  tool.type === "function" && "function" in tool ? tool.function.name : undefined
const text = (part: Part): string => (part.type === "text" && "text" in part ? part.text.value : `[${part.type}]`)

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
  yield* Console.log("assistant:", assistant.id, assistant.name, "tools:", assistant.tools.map(functionName))

  const thread = yield* Threads.create({
    messages: [{ role: "user", content: "Hello! I am planning a trip." }],
    metadata: { user: "example" }
  })
  yield* Console.log("thread:   ", thread.id, thread.metadata)
  yield* Messages.create(thread.id, { role: "user", content: "What is the weather in Paris?" })

  const page = yield* Messages.list(thread.id, { order: "asc" })
  yield* Console.log(`messages: ${page.data.length} (has_more: ${page.has_more})`)
  const transcript = yield* Messages.listAll(thread.id, { order: "asc", limit: 1 }).pipe(
    Stream.map((message) => `  ${message.role}: ${message.content.map(text).join(" ")}`),
    Stream.runCollect
  )
  for (const line of transcript) yield* Console.log(line)

  const updated = yield* Assistants.update(assistant.id, { instructions: "Answer in French.", metadata: { v: "2" } })
  yield* Console.log("updated:  ", updated.instructions, updated.metadata)

  yield* Console.log("deleted:  ", yield* Threads.delete(thread.id))
  yield* Console.log("deleted:  ", yield* Assistants.delete(assistant.id))
}).pipe(
  // Until these services join `OpenAi.layer`, provide them on the shared client.
)

if (isMain(import.meta.url)) await run("assistants", program)
