import { describe, expect, it } from "@effect/vitest"
import { Models, Testing } from "@effect-openai/core"
import { Effect } from "effect"

describe("Models", () => {
  it.effect("list: GET /models", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.modelList(["gpt-4o", "o1"])))
      const list = yield* Models.list()
      expect(list.data.map((m) => m.id)).toEqual(["gpt-4o", "o1"])
      const request = yield* Testing.lastRequest
      expect(request.method).toBe("GET")
      expect(request.url).toBe("https://api.openai.test/v1/models")
      expect(request.body).toBeUndefined()
      expect(request.headers["content-type"]).toBeUndefined()
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("retrieve: GET /models/{model}", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.model({ id: "gpt-4o", owned_by: "openai" })))
      const model = yield* Models.retrieve("gpt-4o")
      expect(model).toEqual({ id: "gpt-4o", object: "model", created: 1_700_000_000, owned_by: "openai" })
      yield* Testing.assertSent((r) => r.method === "GET" && r.path === "/v1/models/gpt-4o", "GET /v1/models/gpt-4o")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("delete: DELETE /models/{model}", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.deletedModel("ft:gpt-4o-mini:acme::1")))
      const deleted = yield* Models.delete("ft:gpt-4o-mini:acme::1")
      expect(deleted.deleted).toBe(true)
      yield* Testing.assertSentTimes(1, (r) => r.method === "DELETE")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("not found → NotFoundError with the API's message", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.apiError(404, { message: "The model 'nope' does not exist", code: "model_not_found", param: "model" })
      )
      const error = yield* Effect.flip(Models.retrieve("nope"))
      expect(error._tag).toBe("NotFoundError")
      if (error._tag === "NotFoundError") expect(error.code).toBe("model_not_found")
    }).pipe(Effect.provide(Testing.layer()))
  )
})
