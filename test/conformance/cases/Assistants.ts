/**
 * Assistants: the spec's request examples, through the public accessors.
 */
import * as Assistants from "@effect-openai/core/Assistants"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createAssistant",
    run: Assistants.create({
      instructions:
        "You are a personal math tutor. When asked a question, write and run Python code to answer the question.",
      name: "Math Tutor",
      tools: [
        { type: "code_interpreter" },
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "The current weather in a city",
            parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
          }
        }
      ],
      tool_resources: { code_interpreter: { file_ids: ["file-abc123"] } },
      metadata: { team: "tutoring" },
      temperature: 1,
      top_p: 1,
      response_format: "auto",
      model: "gpt-4-turbo"
    })
  },
  { operationId: "getAssistant", run: Assistants.retrieve("asst_abc123") },
  {
    operationId: "modifyAssistant",
    run: Assistants.update("asst_abc123", {
      instructions:
        "You are an HR bot, and you have access to files to answer employee questions about company policies. Always response with info from either of the files.",
      tools: [{ type: "file_search" }],
      tool_resources: { file_search: { vector_store_ids: ["vs_abc123"] } },
      model: "gpt-4-turbo"
    })
  },
  {
    operationId: "listAssistants",
    run: Assistants.list({ order: "desc", limit: 20, after: "asst_abc123", before: "asst_abc456" })
  },
  { operationId: "deleteAssistant", run: Assistants.delete("asst_abc123") }
]
