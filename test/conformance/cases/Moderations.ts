/**
 * Moderations: createModeration with the spec's request example.
 */
import * as Moderations from "@effect-openai/core/Moderations"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  { operationId: "createModeration", run: Moderations.create({ input: "I want to kill them." }) }
]
