/**
 * `pnpm demo`: runs every example, offline against the local mock server
 * unless OPENAI_API_KEY is set.
 */
import type { OpenAi } from "@effect-openai/core"
import type { Effect } from "effect"
import { run } from "./_runtime.js"
import { program as assistantTools } from "./assistant-tools.js"
import { program as assistants } from "./assistants.js"
import { program as audio } from "./audio.js"
import { program as batches } from "./batches.js"
import { program as chat } from "./chat.js"
import { program as chatAccumulate } from "./chat-accumulate.js"
import { program as chatStream } from "./chat-stream.js"
import { program as completions } from "./completions.js"
import { program as embeddings } from "./embeddings.js"
import { program as errors } from "./errors.js"
import { program as fineTuning } from "./fine-tuning.js"
import { program as images } from "./images.js"
import { program as legacy } from "./legacy.js"
import { program as models } from "./models.js"
import { program as moderations } from "./moderations.js"
import { program as polling } from "./polling.js"
import { program as rateLimits } from "./rate-limits.js"
import { program as runs } from "./runs.js"
import { program as speechToFile } from "./speech-to-file.js"
import { program as vectorStores } from "./vector-stores.js"

const examples: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown, OpenAi.Services>]> = [
  ["models", models],
  ["chat", chat],
  ["chat-stream", chatStream],
  ["chat-accumulate", chatAccumulate],
  ["embeddings", embeddings],
  ["errors", errors],
  ["rate-limits", rateLimits],
  ["completions", completions],
  ["moderations", moderations],
  ["images", images],
  ["audio", audio],
  ["speech-to-file", speechToFile],
  ["fine-tuning", fineTuning],
  ["batches", batches],
  ["polling", polling],
  ["assistants", assistants],
  ["runs", runs],
  ["assistant-tools", assistantTools],
  ["vector-stores", vectorStores],
  ["legacy", legacy]
]

for (const [name, program] of examples) await run(name, program)
console.log(`\nAll ${examples.length} examples ran.`)
