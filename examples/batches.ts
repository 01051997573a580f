/**
 * A batch of chat completions: upload the JSONL file of requests, create the
 * batch on it, list your batches, then cancel it.
 *
 *   npx tsx --conditions=source examples/batches.ts
 */
import { Batches, Files, Uploadable } from "@effect-openai/core"
import { Console, Effect, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

const questions = ["What is Effect?", "What is a Stream?", "What is a Layer?"]

/** One request per line, in the Batch API's input format. */
const jsonl = questions
  .map((question, i) =>
    JSON.stringify({
      custom_id: `request-${i + 1}`,
      method: "POST",
      url: "/v1/chat/completions",
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: question }], max_tokens: 100 }
    })
  )
  .join("\n")

export const program = Effect.gen(function* () {
  const input = yield* Files.create({
    file: Uploadable.fromBytes(new TextEncoder().encode(`${jsonl}\n`), "requests.jsonl"),
    purpose: "batch"
  })
  yield* Console.log("uploaded:", input.id, `(${input.bytes} bytes, purpose ${input.purpose})`)

  const batch = yield* Batches.create({
    input_file_id: input.id,
    endpoint: "/v1/chat/completions",
    completion_window: "24h",
    metadata: { job: "effect-openai example" }
  })
  yield* Console.log("created: ", batch.id, batch.status, batch.request_counts)

  const page = yield* Batches.list({ limit: 5 })
  yield* Console.log(
    "latest batches:",
    page.data.map((b) => `${b.id} (${b.status})`),
    "has_more:",
    page.has_more
  )
  const all = yield* Batches.listAll({ limit: 2 }).pipe(Stream.take(10), Stream.runCount)
  yield* Console.log("batches (up to 10, 2 per page):", all)

  const cancelling = yield* Batches.cancel(batch.id)
  yield* Console.log("cancel:  ", cancelling.id, cancelling.status)
  const later = yield* Batches.retrieve(batch.id)
  yield* Console.log("now:     ", later.id, later.status)

  yield* Files.delete(input.id)
})

if (isMain(import.meta.url)) await run("batches", program)
