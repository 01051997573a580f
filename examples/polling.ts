/**
 * Long-running work, polled with a deadline: a batch of chat completions
 * followed to its end with its progress printed, then three documents
 * uploaded (two at a time) to a vector store and polled until processed.
 * The helpers wait the server's `openai-poll-after-ms` when it sends one
 * (the mock server: 50 ms), else the interval; past the deadline they fail
 * with `TimeoutError` (kind "deadline"), caught here.
 *
 *   npx tsx --conditions=source examples/polling.ts
 */
import { Batches, Files, Uploadable, VectorStoreFileBatches, VectorStores } from "@effect-openai/core"
import { Console, Effect, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

const questions = ["What is a Fiber?", "What is a Scope?"]
const jsonl = questions
  .map((question, i) =>
    JSON.stringify({
      custom_id: `q${i + 1}`,
      method: "POST",
      url: "/v1/chat/completions",
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: question }], max_tokens: 50 }
    })
  )
  .join("\n")

const batch = Effect.gen(function* () {
  const input = yield* Files.create({
    file: Uploadable.fromBytes(new TextEncoder().encode(`${jsonl}\n`), "questions.jsonl"),
    purpose: "batch"
  })
  const created = yield* Batches.create({
    input_file_id: input.id,
    endpoint: "/v1/chat/completions",
    completion_window: "24h"
  })
  yield* Console.log("batch:", created.id, created.status)
  // every state as it is read; a real batch takes minutes to hours: two minutes here, then give up
  const last = yield* Batches.pollStates(created.id, { interval: "5 seconds", timeout: "2 minutes" }).pipe(
    Stream.tap((b) => Console.log(`  ${b.status.padEnd(11)} ${JSON.stringify(b.request_counts)}`)),
    Stream.runLast
  )
  if (last._tag === "Some" && last.value.output_file_id) {
    const answers = (yield* Files.contentText(last.value.output_file_id)).trim().split("\n")
    for (const line of answers) {
      const { custom_id, response } = JSON.parse(line)
      yield* Console.log(`  ${custom_id}: ${response.body.choices[0].message.content}`)
    }
  }
}).pipe(
  Effect.catchTag("TimeoutError", (e) => Console.log(`  ${e.message}: still running, poll it later with Batches.poll`))
)

const vectorStore = Effect.gen(function* () {
  const store = yield* VectorStores.create({ name: "handbook" })
  const docs = [
    ["onboarding.md", "# Onboarding\nRead the handbook on your first day.\n"],
    ["holidays.md", "# Holidays\n25 days a year, plus public holidays.\n"],
    ["expenses.md", "# Expenses\nFile them within 30 days.\n"]
  ].map(([name, text]) => Uploadable.fromBytes(new TextEncoder().encode(text), name!))
  const done = yield* VectorStoreFileBatches.uploadAndPoll(store.id, docs, {
    concurrency: 2,
    timeout: "5 minutes",
    onProgress: (b) => Console.log(`  file batch ${b.status}: ${JSON.stringify(b.file_counts)}`)
  })
  yield* Console.log("file batch:", done.id, done.status)
  const files = yield* VectorStoreFileBatches.listFiles(store.id, done.id)
  yield* VectorStores.delete(store.id)
  yield* Effect.forEach(files.data, (f) => Files.delete(f.id), { discard: true })
})

export const program = Effect.zipRight(batch, vectorStore)

if (isMain(import.meta.url)) await run("polling", program)
