/**
 * Embeddings: the spec's example request (`encoding_format: "float"`).
 */
import { Embeddings } from "@effect-openai/core"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createEmbedding",
    run: Embeddings.create({
      model: "text-embedding-ada-002",
      input: "The food was delicious and the waiter...",
      encoding_format: "float"
    })
  }
]
