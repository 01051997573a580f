/**
 * Threads: the spec's request examples, through the public accessors.
 * createThreadAndRun is a Runs case.
 */
import * as Threads from "@effect-openai/core/Threads"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createThread",
    run: Threads.create({
      messages: [
        { role: "user", content: "Hello, what is AI?" },
        {
          role: "user",
          content: "How does AI work? Explain it in simple terms.",
          attachments: [{ file_id: "file-abc123", tools: [{ type: "file_search" }] }],
          metadata: { topic: "ai" }
        }
      ],
      tool_resources: { code_interpreter: { file_ids: ["file-abc123"] } },
      metadata: { user: "abc123" }
    })
  },
  { operationId: "getThread", run: Threads.retrieve("thread_abc123") },
  {
    operationId: "modifyThread",
    run: Threads.update("thread_abc123", { metadata: { modified: "true", user: "abc123" } })
  },
  { operationId: "deleteThread", run: Threads.delete("thread_abc123") }
]
