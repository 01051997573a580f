import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as Moderations from "@effect-openai/core/Moderations"
import { Effect, Layer } from "effect"

const TestLayer = Moderations.layer.pipe(Layer.provideMerge(Testing.layer()))

/** The category names, read from the response schema */
const categories = Object.keys(Moderations.Moderation.fields.results.value.fields.categories.fields)

const result = (flagged: ReadonlyArray<string>) => ({
  flagged: flagged.length > 0,
  categories: Object.fromEntries(categories.map((c) => [c, flagged.includes(c)])),
  category_scores: Object.fromEntries(categories.map((c) => [c, flagged.includes(c) ? 0.99 : 0.001])),
  category_applied_input_types: { violence: ["text"] }
})

describe("Moderations", () => {
  it.effect("create: POST /moderations with the JSON body; one result per input", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json({ id: "modr-test", model: "text-moderation-007", results: [result(["violence"]), result([])] })
      )
      const moderation = yield* Moderations.create({
        input: ["I want to kill them.", "Have a nice day."],
        model: "text-moderation-stable"
      })
      expect(moderation.results.map((r) => r.flagged)).toEqual([true, false])
      expect(moderation.results[0]?.categories.violence).toBe(true)
      expect(moderation.results[0]?.category_scores["violence/graphic"]).toBe(0.001)
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.url}`).toBe("POST https://api.openai.test/v1/moderations")
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual({
        input: ["I want to kill them.", "Have a nice day."],
        model: "text-moderation-stable"
      })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("rejects bad input before sending, naming the field", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Moderations.create({ input: 42 as never }))
      expect(error._tag === "InvalidRequestError" && error.field).toBe("input")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLayer))
  )
})
