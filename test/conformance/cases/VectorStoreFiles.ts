import * as VectorStoreFiles from "@effect-openai/core/VectorStoreFiles"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  { operationId: "createVectorStoreFile", run: VectorStoreFiles.create("vs_abc123", { file_id: "file-abc123" }) },
  { operationId: "getVectorStoreFile", run: VectorStoreFiles.retrieve("vs_abc123", "file-abc123") },
  {
    operationId: "listVectorStoreFiles",
    run: VectorStoreFiles.list("vs_abc123", { filter: "completed", limit: 20, order: "asc" })
  },
  { operationId: "deleteVectorStoreFile", run: VectorStoreFiles.delete("vs_abc123", "file-abc123") }
]
