/**
 * Run steps: the spec's request examples, through the public accessors.
 */
import * as RunSteps from "@effect-openai/core/RunSteps"
import type { Case } from "../case.js"

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "listRunSteps",
    run: RunSteps.list("thread_abc123", "run_abc123", { limit: 20, order: "asc", before: "step_abc456" })
  },
  { operationId: "getRunStep", run: RunSteps.retrieve("thread_abc123", "run_abc123", "step_abc123") }
]
