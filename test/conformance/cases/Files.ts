import { Files, Uploadable } from "@effect-openai/core"
import type { Case } from "../case.js"

/** A line of chat-format training data, as the fine-tuning guide shows it. */
const trainingLine = JSON.stringify({
  messages: [
    { role: "system", content: "Marv is a factual chatbot that is also sarcastic." },
    { role: "user", content: "What's the capital of France?" },
    { role: "assistant", content: "Paris, as if everyone doesn't know that already." }
  ]
})

export const cases: ReadonlyArray<Case> = [
  { operationId: "listFiles", run: Files.list({ purpose: "fine-tune" }) },
  {
    operationId: "createFile",
    // The 2024-05 spec's `purpose` enum lacks "batch": upload for fine-tuning
    run: Files.create({
      file: Uploadable.fromBytes(new TextEncoder().encode(`${trainingLine}\n`), "mydata.jsonl"),
      purpose: "fine-tune"
    })
  },
  { operationId: "retrieveFile", run: Files.retrieve("file-abc123") },
  { operationId: "deleteFile", run: Files.delete("file-abc123") },
  { operationId: "downloadFile", run: Files.contentText("file-abc123") }
]
