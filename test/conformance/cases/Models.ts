/**
 * Models: the spec's own example ids (listModels, retrieveModel, deleteModel).
 */
import { Models } from "@effect-openai/core"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  { operationId: "listModels", run: Models.list() },
  { operationId: "retrieveModel", run: Models.retrieve("gpt-3.5-turbo-instruct") },
  { operationId: "deleteModel", run: Models.delete("ft:gpt-3.5-turbo:acemeco:suffix:abc123") }
]
