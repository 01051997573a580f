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
