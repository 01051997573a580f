/**
 * Runs, and createThreadAndRun (`POST /threads/runs`, which the lead
 * re-exports as `Threads.createAndRun`): the spec's request examples,
 * through the public accessors.
 *
 * The spec lists `thread_id` as required in the bodies of createRun and
 * createThreadAndRun without declaring it, while both schemas forbid
 * undeclared fields (`additionalProperties: false`): as written, no body can
 * pass. The real API takes the thread from the path (createRun) or creates it
 * (createThreadAndRun), so these cases send no `thread_id`, and the patched
 * copy of the spec that Prism serves must drop `thread_id` from both
 * `required` lists.
 */
import * as Runs from "@effect-openai/core/Runs"
import type { Case } from "../case.js"

const weatherTool = {
  type: "function",
  function: {
    name: "get_current_weather",
    description: "Get the current weather in a given location",
    parameters: {
      type: "object",
      properties: {
        location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] }
      },
      required: ["location"]
    }
  }
} as const

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createThreadAndRun",
    run: Runs.createThreadAndRun({
      assistant_id: "asst_abc123",
      thread: { messages: [{ role: "user", content: "Explain deep learning to a 5 year old." }] },
      tools: [weatherTool],
      truncation_strategy: { type: "auto" },
      tool_choice: "auto",
      response_format: "auto"
    })
  },
  {
    operationId: "createRun",
    run: Runs.create("thread_abc123", {
      assistant_id: "asst_abc123",
      additional_instructions: "Please address the user as Jane Doe.",
      additional_messages: [{ role: "user", content: "What's the weather in San Francisco?" }],
      metadata: { user_id: "user_abc123" },
      max_completion_tokens: 1000
    })
  },
  { operationId: "listRuns", run: Runs.list("thread_abc123", { limit: 20, order: "desc", after: "run_abc123" }) },
  { operationId: "getRun", run: Runs.retrieve("thread_abc123", "run_abc123") },
  {
    operationId: "modifyRun",
    run: Runs.update("thread_abc123", "run_abc123", { metadata: { user_id: "user_abc123" } })
  },
  {
    operationId: "submitToolOuputsToRun",
    run: Runs.submitToolOutputs("thread_123", "run_123", {
      tool_outputs: [{ tool_call_id: "call_001", output: "70 degrees and sunny." }]
    })
  },
  { operationId: "cancelRun", run: Runs.cancel("thread_abc123", "run_abc123") }
]
