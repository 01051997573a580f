/**
 * The legacy endpoints (all deprecated): an edit, the engines, a fine-tune
 * followed through its streamed events, and the v1 assistant files and
 * message files (`OpenAI-Beta: assistants=v1`). api.openai.com has retired
 * them, so with OPENAI_API_KEY set only the engine list is tried.
 *
 *   npx tsx --conditions=source examples/legacy.ts
 */
import { Assistants, Files, Legacy, Messages, OpenAiConfig, Threads } from "@effect-openai/core"
import { Console, Effect, Stream } from "effect"
import { isMain, offline, run } from "./_runtime.js"

const edits = Effect.gen(function* () {
  const edit = yield* Legacy.createEdit({
    model: "text-davinci-edit-001",
    input: "What day of the wek is it?",
    instruction: "Fix the spelling mistakes"
  })
  yield* Console.log("edit:        ", JSON.stringify(edit.choices[0]?.text), "| usage:", edit.usage)
})

const engines = Effect.gen(function* () {
  const list = yield* Legacy.listEngines()
  yield* Console.log(
    "engines:     ",
    list.data.map((e) => e.id)
  )
  yield* Console.log("engine:      ", yield* Legacy.retrieveEngine(list.data[0]!.id))
})

const fineTunes = Effect.gen(function* () {
  const training = yield* Files.create({
    file: new File(['{"prompt":"2+2=","completion":" 4"}\n'], "arithmetic.jsonl"),
    purpose: "fine-tune"
  })
  const job = yield* Legacy.createFineTune({ training_file: training.id, model: "curie", n_epochs: 2, suffix: "sums" })
  yield* Console.log("fine-tune:   ", job.id, job.status, job.hyperparams)
  // the event stream ends with `data: [DONE]` when the job finishes
  yield* Legacy.streamFineTuneEvents(job.id).pipe(
    Stream.runForEach((event) => Console.log("  event:     ", event.level, event.message))
  )
  const done = yield* Legacy.retrieveFineTune(job.id)
  yield* Console.log("fine-tuned:  ", done.status, done.fine_tuned_model, "| results:", done.result_files[0]?.filename)
  yield* Console.log("fine-tunes:  ", (yield* Legacy.listFineTunes()).data.length)
})

const v1 = OpenAiConfig.override({ headers: { "OpenAI-Beta": "assistants=v1" } })

const assistantFiles = Effect.gen(function* () {
  const file = yield* Files.create({ file: new File(["# Handbook\n"], "handbook.md"), purpose: "assistants" })
  const assistant = yield* Assistants.create({ model: "gpt-4o-mini", name: "v1 helper" }).pipe(v1)
  const attached = yield* Legacy.createAssistantFile(assistant.id, { file_id: file.id })
  yield* Console.log("attached:    ", attached)
  const all = yield* Stream.runCollect(Legacy.listAssistantFilesAll(assistant.id))
  yield* Console.log(
    "attached ids:",
    [...all].map((f) => f.id)
  )
  yield* Console.log("detached:    ", yield* Legacy.deleteAssistantFile(assistant.id, file.id))
  yield* Assistants.delete(assistant.id)
})

const messageFiles = Effect.gen(function* () {
  const file = yield* Files.create({ file: new File(["q1 revenue: 42\n"], "report.txt"), purpose: "assistants" })
  const thread = yield* Threads.create()
  const message = yield* Messages.create(thread.id, {
    role: "user",
    content: "Summarize the report",
    attachments: [{ file_id: file.id, tools: [{ type: "file_search" }] }]
  })
  const page = yield* Legacy.listMessageFiles(thread.id, message.id)
  yield* Console.log("message files:", page.data)
  yield* Console.log("message file: ", yield* Legacy.retrieveMessageFile(thread.id, message.id, file.id))
  yield* Threads.delete(thread.id)
})

export const program = Effect.gen(function* () {
  if (!offline) {
    yield* Console.log("These endpoints are retired on api.openai.com; unset OPENAI_API_KEY to run them offline.")
    yield* engines.pipe(Effect.catchAll((e) => Console.log("engines:     ", e._tag, e.message)))
    return
  }
  yield* edits
  yield* engines
  yield* fineTunes
  yield* assistantFiles
  yield* messageFiles
}).pipe(
  // Until these services join `OpenAi.layer`, provide them on the shared client.
)

if (isMain(import.meta.url)) await run("legacy", program)
