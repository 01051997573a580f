/**
 * Messages: the spec's request examples, through the public accessors.
 */
import * as Messages from "@effect-openai/core/Messages"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createMessage",
    run: Messages.create("thread_abc123", {
      role: "user",
      content: "How does AI work? Explain it in simple terms.",
      attachments: [{ file_id: "file-abc123", tools: [{ type: "code_interpreter" }] }],
      metadata: { source: "chat" }
    })
  },
  { operationId: "getMessage", run: Messages.retrieve("thread_abc123", "msg_abc123") },
  {
    operationId: "modifyMessage",
    run: Messages.update("thread_abc123", "msg_abc123", { metadata: { modified: "true", user: "abc123" } })
  },
  {
    operationId: "listMessages",
    run: Messages.list("thread_abc123", { limit: 20, order: "asc", after: "msg_abc123", run_id: "run_abc123" })
  },
  { operationId: "deleteMessage", run: Messages.delete("thread_abc123", "msg_abc123") }
]
