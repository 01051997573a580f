import * as Batches from "@effect-openai/core/Batches"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createBatch",
    run: Batches.create({
      input_file_id: "file-abc123",
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
      metadata: { customer_id: "user_123456789", batch_description: "Nightly eval job" }
    })
  },
  { operationId: "retrieveBatch", run: Batches.retrieve("batch_abc123") },
  { operationId: "listBatches", run: Batches.list({ limit: 2 }) },
  { operationId: "cancelBatch", run: Batches.cancel("batch_abc123") }
]
