import * as VectorStoreFileBatches from "@effect-openai/core/VectorStoreFileBatches"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createVectorStoreFileBatch",
    run: VectorStoreFileBatches.create("vs_abc123", { file_ids: ["file-abc123", "file-abc456"] })
  },
  { operationId: "getVectorStoreFileBatch", run: VectorStoreFileBatches.retrieve("vs_abc123", "vsfb_abc123") },
  { operationId: "cancelVectorStoreFileBatch", run: VectorStoreFileBatches.cancel("vs_abc123", "vsfb_abc123") },
  {
    operationId: "listFilesInVectorStoreBatch",
    run: VectorStoreFileBatches.listFiles("vs_abc123", "vsfb_abc123", { filter: "in_progress", limit: 10 })
  }
]
