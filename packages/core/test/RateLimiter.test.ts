import { describe, expect, it } from "@effect/vitest"
import { Chat, Models, OpenAi, OpenAiConfig, OpenAiError, RateLimiter, Testing } from "@effect-openai/core"
import { Cause, ConfigProvider, Effect, Either, Exit, Fiber, Layer, Redacted, TestClock } from "effect"

const limited = (options: RateLimiter.Options, config: Parameters<typeof Testing.layer>[0] = {}) =>
  Testing.layer(config).pipe(Layer.provide(RateLimiter.layer(options)))

const models = () => Testing.json(Testing.Fixtures.modelList(["gpt-4o"]))

/** Lets every fiber that can run do so, then counts what was sent. */
const sentCount = Effect.zipRight(
  Effect.repeatN(Effect.yieldNow(), 20),
  Effect.map(Testing.requests, (all) => all.length)
)

const chat = (model: string, maxTokens?: number) =>
  Chat.create({
    model,
    messages: [{ role: "user", content: "Hello there!" }],
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens })
  })

const budgetHeaders = (remaining: number, reset: string) => ({
  headers: {
    "x-ratelimit-limit-requests": "100",
    "x-ratelimit-remaining-requests": String(remaining),
    "x-ratelimit-reset-requests": reset
  }
})

describe("RateLimiter", () => {
  it.effect("requestsPerMinute: the calls over the budget wait for it to refill", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(models(), models(), models(), models())
      const fibers = yield* Effect.forEach([1, 2, 3, 4], () => Effect.fork(Models.list()))
      expect(yield* sentCount).toBe(2)
      // 2 a minute: one more every 30 s
      yield* TestClock.adjust("29 seconds")
      expect(yield* sentCount).toBe(2)
      yield* TestClock.adjust("1 second")
      expect(yield* sentCount).toBe(3)
      yield* TestClock.adjust("30 seconds")
      expect(yield* sentCount).toBe(4)
      for (const fiber of fibers) expect((yield* Fiber.join(fiber)).data[0]?.id).toBe("gpt-4o")
    }).pipe(Effect.provide(limited({ requestsPerMinute: 2 })))
  )

  it.effect("tokensPerMinute: a request waits until its estimated tokens are back", () =>
    Effect.gen(function* () {
      const completion = Testing.json(Testing.Fixtures.chatCompletion())
      yield* Testing.enqueue(completion, completion)
      // 107 tokens each (27 characters of strings ≈ 7, plus max_tokens 100), 150 a minute
      const first = yield* Effect.fork(chat("gpt-4o-mini", 100))
      expect(yield* sentCount).toBe(1)
      const second = yield* Effect.fork(chat("gpt-4o-mini", 100))
      expect(yield* sentCount).toBe(1)
      // 43 left; 64 more come back in 64 / 150 of a minute = 25.6 s
      yield* TestClock.adjust("25 seconds")
      expect(yield* sentCount).toBe(1)
      yield* TestClock.adjust("1 second")
      expect(yield* sentCount).toBe(2)
      yield* Fiber.join(first)
      yield* Fiber.join(second)
    }).pipe(Effect.provide(limited({ tokensPerMinute: 150 })))
  )

  it.effect("a request larger than the whole token budget waits for a full budget, not forever", () =>
    Effect.gen(function* () {
      const completion = Testing.json(Testing.Fixtures.chatCompletion())
      yield* Testing.enqueue(completion, completion)
      yield* chat("gpt-4o-mini", 10_000)
      const second = yield* Effect.fork(chat("gpt-4o-mini", 10_000))
      yield* TestClock.adjust("59 seconds")
      expect(yield* sentCount).toBe(1)
      yield* TestClock.adjust("1 second")
      expect(yield* sentCount).toBe(2)
      yield* Fiber.join(second)
    }).pipe(Effect.provide(limited({ tokensPerMinute: 1_000 })))
  )

  it.effect("learns from the headers: a spent budget makes the next calls wait for its reset", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.modelList(["a"]), budgetHeaders(0, "20s")), models())
      yield* Models.list()
      const next = yield* Effect.fork(Models.list())
      yield* TestClock.adjust("19 seconds")
      expect(yield* sentCount).toBe(1)
      yield* TestClock.adjust("1 second")
      expect(yield* sentCount).toBe(2)
      yield* Fiber.join(next)
    }).pipe(Effect.provide(limited({})))
  )

  it.effect("nothing known yet: the first call goes alone, the others wait for its response", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.hang,
        Testing.json(Testing.Fixtures.modelList(["a"]), budgetHeaders(1, "30s")),
        models(),
        models()
      )
      const hung = yield* Effect.fork(Effect.either(Models.list()))
      const others = yield* Effect.forEach([1, 2, 3], () => Effect.fork(Models.list()))
      expect(yield* sentCount).toBe(1)
      // the first call gets no response: its attempt times out, and the next call goes alone
      yield* TestClock.adjust("10 seconds")
      const first = yield* Fiber.join(hung)
      expect(Either.isLeft(first) && first.left._tag).toBe("TimeoutError")
      // that one's headers: 100 a minute, 1 left; so one more goes now, the next 600 ms later
      expect(yield* sentCount).toBe(3)
      yield* TestClock.adjust("599 millis")
      expect(yield* sentCount).toBe(3)
      yield* TestClock.adjust("1 millis")
      expect(yield* sentCount).toBe(4)
      for (const fiber of others) yield* Fiber.join(fiber)
    }).pipe(Effect.provide(limited({}, { timeout: "10 seconds" })))
  )

  it.effect("a first call that ends before its request is sent does not hold the others back", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(models(), models())
      // the Azure token provider fails the first attempt before anything is sent
      const first = yield* Effect.either(Models.list())
      expect(Either.isLeft(first) && first.left._tag).toBe("ConnectionError")
      yield* Effect.all([Models.list(), Models.list()], { concurrency: "unbounded" })
      expect(yield* sentCount).toBe(2)
    }).pipe(
      Effect.provide(
        Layer.suspend(() => {
          let calls = 0
          return OpenAi.layerServices.pipe(
            Layer.provide(
              OpenAiConfig.layerAzureConfig({
                endpoint: "https://r.openai.azure.com",
                apiVersion: "2024-06-01",
                maxRetries: 0,
                tokenProvider: Effect.suspend(() =>
                  ++calls === 1
                    ? Effect.fail(
                        new OpenAiError.ConnectionError({
                          message: "no token",
                          method: "GET",
                          url: "",
                          cause: undefined
                        })
                      )
                    : Effect.succeed(Redacted.make("token"))
                )
              })
            ),
            Layer.provideMerge(Testing.layerHttpClient),
            Layer.provide(RateLimiter.layer())
          )
        })
      )
    )
  )

  it.effect("without any budget or headers, nothing waits after the first response", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(...Array.from({ length: 50 }, models))
      yield* Effect.all(
        Array.from({ length: 50 }, () => Models.list()),
        { concurrency: "unbounded" }
      )
      expect(yield* sentCount).toBe(50)
    }).pipe(Effect.provide(limited({})))
  )

  it.effect("followHeaders: false ignores the budget the headers report", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.modelList(["a"]), budgetHeaders(0, "20s")), models())
      yield* Models.list()
      yield* Models.list()
      expect(yield* sentCount).toBe(2)
    }).pipe(Effect.provide(limited({ followHeaders: false })))
  )

  it.effect("a 429 pauses every call to that model until its retry-after, not the other models", () =>
    Effect.gen(function* () {
      const completion = Testing.json(Testing.Fixtures.chatCompletion())
      yield* Testing.enqueue(
        Testing.apiError(
          429,
          { message: "Rate limit reached", code: "rate_limit_exceeded" },
          {
            headers: { "retry-after": "5" }
          }
        ),
        completion,
        completion
      )
      const error = yield* Effect.flip(chat("gpt-4o"))
      expect(error).toBeInstanceOf(OpenAiError.RateLimitError)
      const other = yield* Effect.fork(chat("gpt-4o-mini"))
      expect(yield* sentCount).toBe(2)
      const same = yield* Effect.fork(chat("gpt-4o"))
      yield* TestClock.adjust("4 seconds")
      expect(yield* sentCount).toBe(2)
      yield* TestClock.adjust("1 second")
      expect(yield* sentCount).toBe(3)
      yield* Fiber.join(other)
      yield* Fiber.join(same)
      const sent = yield* Testing.requests
      expect(sent.map((r) => r.body.model)).toEqual(["gpt-4o", "gpt-4o-mini", "gpt-4o"])
    }).pipe(Effect.provide(limited({})))
  )

  it.effect("each model has its own budget; `models` overrides the default one", () =>
    Effect.gen(function* () {
      const completion = Testing.json(Testing.Fixtures.chatCompletion())
      yield* Testing.enqueue(...Array.from({ length: 6 }, () => completion))
      yield* chat("gpt-4o")
      for (let i = 0; i < 3; i++) yield* chat("gpt-4o-mini")
      const mini = yield* Effect.fork(chat("gpt-4o-mini"))
      const big = yield* Effect.fork(chat("gpt-4o"))
      expect(yield* sentCount).toBe(4)
      // 3 a minute for gpt-4o-mini: one more in 20 s; 1 a minute for gpt-4o
      yield* TestClock.adjust("20 seconds")
      expect(yield* sentCount).toBe(5)
      yield* TestClock.adjust("40 seconds")
      expect(yield* sentCount).toBe(6)
      yield* Fiber.join(mini)
      yield* Fiber.join(big)
    }).pipe(Effect.provide(limited({ requestsPerMinute: 1, models: { "gpt-4o-mini": { requestsPerMinute: 3 } } })))
  )

  it.effect("retries wait for the budget too, and the wait is not part of the attempt's timeout", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.apiError(500, { message: "boom" }), models())
      const fiber = yield* Effect.fork(Models.list())
      // the first attempt went; its retry waits out the backoff, then for the budget: 60 s after the first
      yield* TestClock.adjust("10 seconds")
      expect(yield* sentCount).toBe(1)
      yield* TestClock.adjust("49 seconds")
      expect(yield* sentCount).toBe(1)
      // (the jittered backoff leaves the clock between whole milliseconds)
      yield* TestClock.adjust("2 seconds")
      expect(yield* sentCount).toBe(2)
      const list = yield* Fiber.join(fiber)
      expect(list.data[0]?.id).toBe("gpt-4o")
    }).pipe(Effect.provide(limited({ requestsPerMinute: 1 }, { maxRetries: 1, timeout: "1 second" })))
  )

  it.effect("an interrupted waiting call gives its turn to the next one", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(models(), models())
      yield* Models.list()
      const waiting = yield* Effect.fork(Models.list())
      yield* sentCount
      yield* Fiber.interrupt(waiting)
      const next = yield* Effect.fork(Models.list())
      yield* TestClock.adjust("1 minute")
      expect(yield* sentCount).toBe(2)
      yield* Fiber.join(next)
    }).pipe(Effect.provide(limited({ requestsPerMinute: 1 })))
  )

  it.effect("layerConfig reads OPENAI_RATE_LIMIT_RPM and OPENAI_RATE_LIMIT_TPM", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(models(), models())
      yield* Models.list()
      yield* Effect.fork(Models.list())
      yield* TestClock.adjust("59 seconds")
      expect(yield* sentCount).toBe(1)
      yield* TestClock.adjust("1 second")
      expect(yield* sentCount).toBe(2)
    }).pipe(
      Effect.provide(
        Testing.layer().pipe(
          Layer.provide(RateLimiter.layerConfig()),
          Layer.provide(Layer.setConfigProvider(ConfigProvider.fromJson({ OPENAI_RATE_LIMIT_RPM: "1" })))
        )
      )
    )
  )

  it.effect("invalid budgets: a ConfigError from the environment, a defect naming the option otherwise", () =>
    Effect.gen(function* () {
      const fromEnv = yield* Effect.exit(
        Layer.build(RateLimiter.layerConfig()).pipe(
          Effect.scoped,
          Effect.withConfigProvider(ConfigProvider.fromJson({ OPENAI_RATE_LIMIT_TPM: "lots" }))
        )
      )
      expect(Exit.isFailure(fromEnv) && Cause.pretty(fromEnv.cause)).toContain("OPENAI_RATE_LIMIT_TPM")
      const fromOptions = yield* Effect.exit(RateLimiter.make({ models: { "gpt-4o": { requestsPerMinute: 0 } } }))
      expect(Exit.isFailure(fromOptions) && Cause.pretty(fromOptions.cause)).toContain(
        'RateLimiter: models["gpt-4o"].requestsPerMinute must be a positive number, got 0'
      )
    })
  )

  describe("estimateTokens", () => {
    const estimate = (body: unknown, operationId = "createChatCompletion") =>
      RateLimiter.estimateTokens({ operationId, model: undefined, body })

    it("counts about four characters a token over every string, plus the completion it may use", () => {
      expect(
        estimate({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello there!" }], max_tokens: 100 })
      ).toBe(107)
      expect(estimate({ model: "m", messages: [], max_completion_tokens: 10, n: 3 })).toBe(31)
      expect(estimate({ model: "m", prompt: "x", max_tokens: 10, best_of: 4, n: 2 })).toBe(41)
    })

    it("token arrays count one a token; data: URLs, files and non-objects count nothing", () => {
      expect(
        estimate(
          {
            model: "e",
            input: [
              [1, 2, 3],
              [4, 5]
            ]
          },
          "createEmbedding"
        )
      ).toBe(6)
      expect(estimate({ image: "data:image/png;base64,AAAA", model: "abcd" })).toBe(1)
      expect(estimate({ file: new Blob(["a long file that is not counted"]) })).toBe(0)
      expect(estimate(null)).toBe(0)
      expect(estimate("params")).toBe(0)
    })
  })
})
