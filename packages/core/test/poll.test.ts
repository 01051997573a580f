import { describe, expect, it } from "@effect/vitest"
import { Models, Testing } from "@effect-openai/core"
import { Chunk, Clock, Effect, Fiber, Stream, TestClock } from "effect"
import { poll, states } from "../src/internal/poll.js"
import { waitForSleeps } from "./utils.js"

const state = (owned_by: string, headers: Record<string, string> = {}) =>
  Testing.json(Testing.Fixtures.model({ owned_by }), { headers })
const read = Models.retrieve("m")
const done = (m: { readonly owned_by: string }) => m.owned_by === "done"

describe("polling", () => {
  it.effect("reads until done, waiting the interval or the server's openai-poll-after-ms; reports progress", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(state("queued", { "openai-poll-after-ms": "250" }), state("running"), state("done"))
      const seen: Array<string> = []
      const fiber = yield* Effect.fork(
        poll("model m", read, done, {
          interval: "2 seconds",
          onProgress: (m) => Effect.sync(() => seen.push(m.owned_by))
        })
      )
      const waits: Array<number> = []
      for (let i = 0; i < 2; i++) {
        yield* waitForSleeps(2) // the poll wait and the deadline
        const now = yield* Clock.currentTimeMillis
        const wake = Math.min(...(yield* TestClock.sleeps()))
        waits.push(wake - now)
        yield* TestClock.adjust(wake - now)
      }
      const last = yield* Fiber.join(fiber)
      expect(last.owned_by).toBe("done")
      expect(waits).toEqual([250, 2000])
      expect(seen).toEqual(["queued", "running", "done"])
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("fails with TimeoutError (deadline) and stops polling", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(state("queued"), state("queued"), state("queued"))
      const fiber = yield* Effect.fork(
        Effect.flip(poll("model m", read, done, { interval: "1 second", timeout: "2500 millis" }))
      )
      for (let i = 0; i < 2; i++) {
        yield* waitForSleeps(2)
        yield* TestClock.adjust("1 second")
      }
      yield* waitForSleeps(2)
      yield* TestClock.adjust("500 millis")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("TimeoutError")
      if (error._tag === "TimeoutError") expect(error.kind).toBe("deadline")
      expect((yield* Testing.requests).length).toBe(3)
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("states streams every state, the last one done", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(state("a"), state("done"))
      const fiber = yield* Effect.fork(Stream.runCollect(states(read, done, { interval: "10 millis" })))
      yield* waitForSleeps(1)
      yield* TestClock.adjust("10 millis")
      const all = Chunk.toReadonlyArray(yield* Fiber.join(fiber)).map((m) => m.owned_by)
      expect(all).toEqual(["a", "done"])
    }).pipe(Effect.provide(Testing.layer()))
  )
})
