/**
 * Completions: createCompletion with the spec's "No streaming" request
 * example (with a real model id in place of `VAR_model_id`). The
 * "Streaming" example is left out: Prism answers `stream: true` with plain
 * JSON, not server-sent events.
 */
import * as Completions from "@effect-openai/core/Completions"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createCompletion",
    run: Completions.create({
      model: "gpt-3.5-turbo-instruct",
      prompt: "Say this is a test",
      max_tokens: 7,
      temperature: 0
    })
  }
]
