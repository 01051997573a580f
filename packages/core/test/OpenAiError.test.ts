import { inspect } from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Models, OpenAiConfig, OpenAiError, Testing } from "@effect-openai/core"
import { Cause, Effect, Exit, Inspectable, Redacted } from "effect"

const statuses: ReadonlyArray<readonly [number, string, Record<string, string>?]> = [
  [400, "BadRequestError"],
  [401, "AuthenticationError"],
  [403, "PermissionDeniedError"],
  [404, "NotFoundError"],
  [409, "ConflictError"],
  [422, "UnprocessableEntityError"],
  [429, "RateLimitError"],
  [429, "QuotaExceededError", { code: "insufficient_quota" }],
  [500, "InternalServerError"],
  [503, "InternalServerError"],
  [408, "UnexpectedStatusError"],
  [418, "UnexpectedStatusError"]
]

describe("status mapping", () => {
  for (const [status, tag, extra] of statuses) {
    it.effect(`${status}${extra ? " insufficient_quota" : ""} → ${tag}`, () =>
      Effect.gen(function* () {
        yield* Testing.enqueue(
          Testing.apiError(
            status,
            { message: `failure ${status}`, param: "model", code: extra?.code ?? "some_code" },
            {
              headers: { "x-request-id": `req_${status}` }
            }
          )
        )
        const error = yield* Effect.flip(Models.list())
        expect(error._tag).toBe(tag)
        if (!OpenAiError.isApiError(error)) return
        expect(error.status).toBe(status)
        expect(error.param).toBe("model")
        expect(error.requestId).toBe(`req_${status}`)
        expect(error.message).toContain(`failure ${status}`)
        expect(error.method).toBe("GET")
        expect(error.url).toBe("https://api.openai.test/v1/models")
      }).pipe(Effect.provide(Testing.layer()))
    )
  }

  it.effect("an HTML error page becomes a readable message", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.text("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", {
          status: 502,
          contentType: "text/html"
        })
      )
      const error = yield* Effect.flip(Models.list())
      expect(error._tag).toBe("InternalServerError")
      expect(error.message).toMatch(/^502 502 Bad Gateway/)
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("a 200 that is not JSON fails with ResponseDecodeError", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.text("<html>oops</html>", { contentType: "text/html" }))
      const error = yield* Effect.flip(Models.list())
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("a 200 that does not match the schema fails with ResponseDecodeError naming the field", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json({ object: "list", data: [{ id: 42, object: "model" }] }))
      const error = yield* Effect.flip(Models.list())
      expect(error._tag).toBe("ResponseDecodeError")
      if (error._tag === "ResponseDecodeError") expect(error.field).toMatch(/^data\[0\]/)
    }).pipe(Effect.provide(Testing.layer()))
  )
})

describe("the API key never leaks", () => {
  const key = "sk-proj-SECRET-abc123"
  const everyFailure = [
    Testing.apiError(401, { message: "Incorrect API key provided" }),
    Testing.apiError(429),
    Testing.apiError(500),
    Testing.connectionError("socket hang up"),
    Testing.text("not json"),
    Testing.json({ object: "list", data: "nope" })
  ]

  it.effect("not in any error message, toJSON, inspected form or Cause", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(...everyFailure)
      for (let i = 0; i < everyFailure.length; i++) {
        const exit = yield* Effect.exit(Models.list())
        expect(Exit.isFailure(exit)).toBe(true)
        if (!Exit.isFailure(exit)) continue
        const error = Cause.squash(exit.cause)
        const views = [
          String(error),
          (error as Error).message,
          JSON.stringify(error),
          JSON.stringify(Inspectable.toJSON(error)),
          inspect(error, { depth: 10 }),
          Cause.pretty(exit.cause),
          JSON.stringify(exit)
        ]
        for (const view of views) expect(view).not.toContain("SECRET")
      }
      const recorded = yield* Testing.requests
      expect(recorded.length).toBe(everyFailure.length)
      for (const request of recorded) {
        expect(inspect(request, { depth: 10 })).not.toContain("SECRET")
        expect(JSON.stringify(request)).not.toContain("SECRET")
        expect(Redacted.value(request.authorization!)).toBe(`Bearer ${key}`)
      }
    }).pipe(Effect.provide(Testing.layer({ apiKey: Redacted.make(key) })))
  )

  it.effect("not in the resolved config's printed form", () =>
    Effect.gen(function* () {
      const config = yield* OpenAiConfig.current
      expect(inspect(config, { depth: 10 })).not.toContain("SECRET")
      expect(JSON.stringify(config)).not.toContain("SECRET")
    }).pipe(Effect.provide(OpenAiConfig.layer({ apiKey: Redacted.make(key) })))
  )
})

describe("isRetryable", () => {
  it("follows the default policy", () => {
    const connection = new OpenAiError.ConnectionError({ message: "x", method: "GET", url: "u" })
    const invalid = new OpenAiError.InvalidRequestError({ message: "x", operation: "o", field: "f", issues: [] })
    expect(OpenAiError.isRetryable(connection)).toBe(true)
    expect(OpenAiError.isRetryable(invalid)).toBe(false)
  })
})
