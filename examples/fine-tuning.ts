/**
 * A fine-tuning job: upload the training file, create the job, read its
 * events and checkpoints, list your jobs, then cancel it.
 *
 *   npx tsx --conditions=source examples/fine-tuning.ts
 */
import { Files, FineTuning, Uploadable } from "@effect-openai/core"
import { Console, Effect, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

/** Chat-format training examples, one per line. */
const examples = [
  ["What's the capital of France?", "Paris, as if everyone doesn't know that already."],
  ["Who wrote 'Romeo and Juliet'?", "Oh, just some guy named William Shakespeare. Ever heard of him?"],
  ["How far is the Moon from Earth?", "Around 384,400 kilometers. Give or take a few, like that really matters."]
]
const jsonl = examples
  .map(([question, answer]) =>
    JSON.stringify({
      messages: [
        { role: "system", content: "Marv is a factual chatbot that is also sarcastic." },
        { role: "user", content: question },
        { role: "assistant", content: answer }
      ]
    })
  )
  .join("\n")

export const program = Effect.gen(function* () {
  const training = yield* Files.create({
    file: Uploadable.fromBytes(new TextEncoder().encode(`${jsonl}\n`), "marv.jsonl"),
    purpose: "fine-tune"
  })
  yield* Console.log("training file:", training.id, `(${training.bytes} bytes)`)

  const job = yield* FineTuning.createJob({
    model: "gpt-3.5-turbo",
    training_file: training.id,
    hyperparameters: { n_epochs: 2 },
    suffix: "marv"
  })
  yield* Console.log("job:", job.id, job.status, "model:", job.model, "hyperparameters:", job.hyperparameters)

  const events = yield* FineTuning.listEventsAll(job.id).pipe(Stream.take(20), Stream.runCollect)
  for (const event of events) yield* Console.log(`  [${event.level}] ${event.message}`)

  const checkpoints = yield* FineTuning.listCheckpoints(job.id)
  yield* Console.log("checkpoints so far:", checkpoints.data.length)

  const jobs = yield* FineTuning.listJobs({ limit: 5 })
  yield* Console.log(
    "latest jobs:",
    jobs.data.map((j) => `${j.id} (${j.status})`)
  )

  const cancelled = yield* FineTuning.cancelJob(job.id)
  yield* Console.log("cancelled:", cancelled.id, cancelled.status)
  const latest = yield* FineTuning.listEvents(job.id, { limit: 1 })
  yield* Console.log("latest event:", latest.data[0]?.message)

  yield* Files.delete(training.id)
})

if (isMain(import.meta.url)) await run("fine-tuning", program)
