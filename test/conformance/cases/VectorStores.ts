import * as VectorStores from "@effect-openai/core/VectorStores"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createVectorStore",
    run: VectorStores.create({
      name: "Support FAQ",
      file_ids: ["file-abc123"],
      expires_after: { anchor: "last_active_at", days: 7 },
      metadata: { team: "support" }
    })
  },
  { operationId: "getVectorStore", run: VectorStores.retrieve("vs_abc123") },
  {
    operationId: "modifyVectorStore",
    run: VectorStores.update("vs_abc123", { name: "Support FAQ", expires_after: null, metadata: { team: "support" } })
  },
  { operationId: "listVectorStores", run: VectorStores.list({ limit: 20, order: "desc", after: "vs_abc000" }) },
  { operationId: "deleteVectorStore", run: VectorStores.delete("vs_abc123") }
]
