/**
 * Runs and run steps: an assistant with a function tool runs on a thread,
 * stops for the tool's output, gets it, and answers; then the run's steps
 * and the assistant's reply. Also a thread created and run in one call, and
 * a cancelled run.
 *
 *   npx tsx --conditions=source examples/runs.ts
 */
import { Assistants, Messages, RunSteps, Runs, Threads } from "@effect-openai/core"
import { Console, Effect, Schedule, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

type Part = Messages.Message["content"][number]
// `type` is an open string (the API adds content types): check the field that comes with it.
const text = (part: Part): string => (part.type === "text" && "text" in part ? part.text.value : `[${part.type}]`)

/** The weather "service" the assistant's tool calls. */
const getWeather = (args: string) => {
  const { city } = JSON.parse(args === "" ? "{}" : args) as { city?: string }
  return JSON.stringify({ city: city ?? "Paris", temperature_c: 21, sky: "sunny" })
}

const waiting = new Set(["queued", "in_progress", "cancelling"])

/** Retrieves the run until it stops moving (`requires_action`, or a terminal status); returns it then. */
const settle = (threadId: string, runId: string) =>
  Runs.retrieve(threadId, runId).pipe(
    Effect.repeat(
      Schedule.recurWhile<Runs.Run>((run) => waiting.has(run.status)).pipe(Schedule.addDelay(() => "500 millis"))
    )
  )

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
  const thread = yield* Threads.create({ messages: [{ role: "user", content: "What is the weather in Paris?" }] })

  let current = yield* Runs.create(thread.id, { assistant_id: assistant.id, metadata: { example: "runs" } })
  yield* Console.log("created:  ", current.id, current.status)
  current = yield* settle(thread.id, current.id)
  yield* Console.log("retrieved:", current.id, current.status)

  if (current.status === "requires_action" && current.required_action !== null) {
    const calls = current.required_action.submit_tool_outputs.tool_calls
    for (const call of calls)
      yield* Console.log(`  tool call ${call.id}: ${call.function.name}(${call.function.arguments})`)
    current = yield* Runs.submitToolOutputs(thread.id, current.id, {
      tool_outputs: calls.map((call) => ({ tool_call_id: call.id, output: getWeather(call.function.arguments) }))
    })
    yield* Console.log("submitted:", current.status)
    current = yield* settle(thread.id, current.id)
  }
  yield* Console.log("finished: ", current.status, "usage:", current.usage)

  const steps = yield* RunSteps.listAll(thread.id, current.id, { order: "asc" }).pipe(Stream.runCollect)
  for (const step of steps) yield* Console.log(`  step ${step.id}: ${step.type} (${step.status})`)
  const first = yield* RunSteps.retrieve(thread.id, current.id, [...steps][0]?.id ?? "")
  yield* Console.log("first step details:", JSON.stringify(first.step_details))

  const replies = yield* Messages.list(thread.id, { order: "desc", limit: 1 })
  yield* Console.log("reply:    ", replies.data[0]?.content.map(text).join(" "))

  const page = yield* Runs.list(thread.id, { limit: 10 })
  yield* Console.log(`runs on the thread: ${page.data.length} (has_more: ${page.has_more})`)
  yield* Runs.update(thread.id, current.id, { metadata: { example: "runs", reviewed: "yes" } })

  // A thread and its run in one call; then cancel the run before it starts.
  const quick = yield* Runs.createThreadAndRun({
    assistant_id: assistant.id,
    thread: { messages: [{ role: "user", content: "And in Berlin?" }] }
  })
  yield* Console.log("createThreadAndRun:", quick.id, "on", quick.thread_id, quick.status)
  yield* Runs.cancel(quick.thread_id, quick.id).pipe(
    Effect.flatMap((cancelling) =>
      Effect.map(settle(quick.thread_id, quick.id), (after) => `${cancelling.status} → ${after.status}`)
    ),
    // live, the run may have finished already: the API answers 400
    Effect.catchTag("BadRequestError", (e) => Effect.succeed(`not cancelled: ${e.message}`)),
    Effect.flatMap((outcome) => Console.log("cancel:   ", outcome))
  )

  yield* Threads.delete(quick.thread_id)
  yield* Threads.delete(thread.id)
  yield* Assistants.delete(assistant.id)
}).pipe(
  // Until these services join `OpenAi.layer`, provide them on the shared client.
)

if (isMain(import.meta.url)) await run("runs", program)
