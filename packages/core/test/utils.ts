import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

/** Waits (in real time, bounded) until `n` fibers sleep on the TestClock. */
export const waitForSleeps = (n = 1): Effect.Effect<void> =>
  Effect.gen(function* () {
    for (let i = 0; i < 2000; i++) {
      const sleeps = yield* TestClock.sleeps()
      if (sleeps.length >= n) return
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)))
    }
    return yield* Effect.dieMessage(`waitForSleeps: no ${n} sleeping fiber(s) after 2000 polls`)
  })

/** Waits (in real time, bounded) until `check` holds. */
export const eventually = <E, R>(check: Effect.Effect<boolean, E, R>, what: string): Effect.Effect<void, E, R> =>
  Effect.gen(function* () {
    for (let i = 0; i < 2000; i++) {
      if (yield* check) return
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)))
    }
    return yield* Effect.dieMessage(`eventually: ${what} did not happen after 2000 polls`)
  })

/** A `thread.run` object as the API sends it, with the given status (and any fields replaced). */
export const runObject = (status: string, overrides: Record<string, unknown> = {}) => ({
  id: "run_1",
  object: "thread.run",
  created_at: 1_700_000_000,
  thread_id: "thread_1",
  assistant_id: "asst_1",
  status,
  required_action: null,
  last_error: null,
  expires_at: null,
  started_at: null,
  cancelled_at: null,
  failed_at: null,
  completed_at: null,
  incomplete_details: null,
  model: "gpt-4o",
  instructions: "",
  tools: [],
  metadata: {},
  usage: null,
  max_prompt_tokens: null,
  max_completion_tokens: null,
  truncation_strategy: { type: "auto", last_messages: null },
  tool_choice: "auto",
  response_format: "auto",
  ...overrides
})
