import { describe, expect, it } from "@effect/vitest"
import { Models, Testing } from "@effect-openai/core"
import { Cause, Effect, Exit } from "effect"

const defectMessage = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) return "succeeded"
    return String((Cause.squash(exit.cause) as Error).message)
  })

describe("Testing kit", () => {
  it.effect("assertions fail when they should, with what was sent", () =>
    Effect.gen(function* () {
      expect(yield* defectMessage(Testing.assertSent(() => true))).toContain("no requests were sent")
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.modelList()))
      yield* Models.list()
      expect(yield* defectMessage(Testing.assertNothingSent)).toContain("GET /v1/models")
      expect(yield* defectMessage(Testing.assertSentTimes(2))).toContain("Expected 2 matching request(s), got 1")
      expect(yield* defectMessage(Testing.assertSent((r) => r.method === "POST", "a POST"))).toContain(
        "Expected a POST to be sent"
      )
      expect(yield* defectMessage(Testing.assertSent((r) => r.method === "GET"))).toBe("succeeded")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("an unqueued request dies with a clear message", () =>
    Effect.gen(function* () {
      expect(yield* defectMessage(Models.list())).toContain("no response queued for GET /v1/models")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("responses are served in order and reset clears everything", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(Testing.Fixtures.modelList(["a"])),
        Testing.json(Testing.Fixtures.modelList(["b"]))
      )
      expect((yield* Models.list()).data[0]?.id).toBe("a")
      expect((yield* Models.list()).data[0]?.id).toBe("b")
      const kit = yield* Testing.TestHttp
      yield* kit.enqueue(Testing.json({}))
      expect(yield* kit.pending).toBe(1)
      yield* kit.reset
      expect(yield* kit.pending).toBe(0)
      expect((yield* Testing.requests).length).toBe(0)
    }).pipe(Effect.provide(Testing.layer()))
  )

  it("fixtures merge overrides deeply, arrays element by element", () => {
    const completion = Testing.Fixtures.chatCompletion({ model: "o1", choices: [{ message: { content: "hi" } }] })
    expect(completion.model).toBe("o1")
    expect(completion.choices[0]?.message).toEqual({ role: "assistant", content: "hi" })
    expect(completion.choices[0]?.finish_reason).toBe("stop")
    expect(completion.usage.total_tokens).toBe(14)
  })
})
