import { describe, expect, it } from "@effect/vitest"
import { Chat, Embeddings, Models, OpenAi, OpenAiConfig, Testing } from "@effect-openai/core"
import { ConfigProvider, Duration, Effect, Layer, Redacted } from "effect"

const env = (map: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(map))))

describe("layerConfig", () => {
  it.effect("reads OPENAI_API_KEY (redacted), OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID", () =>
    Effect.gen(function* () {
      const config = yield* OpenAiConfig.current
      expect(Redacted.value(config.apiKey!)).toBe("sk-env")
      expect(String(config.apiKey)).toBe("<redacted>")
      expect(config.baseUrl).toBe("http://127.0.0.1:9999/v1")
      expect(config.organization).toBe("org-env")
      expect(config.project).toBe("proj-env")
      expect(config.maxRetries).toBe(2)
    }).pipe(
      Effect.provide(
        OpenAiConfig.layerConfig().pipe(
          Layer.provide(
            env({
              OPENAI_API_KEY: "sk-env",
              OPENAI_BASE_URL: "http://127.0.0.1:9999/v1/",
              OPENAI_ORG_ID: "org-env",
              OPENAI_PROJECT_ID: "proj-env"
            })
          )
        )
      )
    )
  )

  it.effect("explicit options win over the environment; everything is optional", () =>
    Effect.gen(function* () {
      const config = yield* OpenAiConfig.current
      expect(config.apiKey).toBeUndefined()
      expect(config.baseUrl).toBe("https://api.openai.com/v1")
      expect(config.organization).toBe("org-explicit")
    }).pipe(
      Effect.provide(
        OpenAiConfig.layerConfig({ organization: "org-explicit" }).pipe(
          Layer.provide(env({ OPENAI_ORG_ID: "org-env" }))
        )
      )
    )
  )
})

describe("override", () => {
  it.effect("changes the config for one effect only, merging headers and query", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.modelList()), Testing.json(Testing.Fixtures.modelList()))
      yield* Models.list().pipe(
        OpenAiConfig.override({
          apiKey: Redacted.make("sk-other"),
          headers: { "x-extra": "1" },
          query: { trace: "yes" },
          baseUrl: "https://proxy.test/v1/"
        })
      )
      yield* Models.list()
      const [first, second] = yield* Testing.requests
      expect(first!.url).toBe("https://proxy.test/v1/models?team=a&trace=yes")
      expect(first!.headers["x-base"]).toBe("b")
      expect(first!.headers["x-extra"]).toBe("1")
      expect(Redacted.value(first!.authorization!)).toBe("Bearer sk-other")
      expect(second!.url).toBe("https://api.openai.test/v1/models?team=a")
      expect(second!.headers["x-extra"]).toBeUndefined()
      expect(Redacted.value(second!.authorization!)).toBe("Bearer sk-test")
    }).pipe(Effect.provide(Testing.layer({ headers: { "x-base": "b" }, query: { team: "a" } })))
  )

  it.effect("nested overrides combine, the inner one winning", () =>
    Effect.gen(function* () {
      const config = yield* OpenAiConfig.current.pipe(
        OpenAiConfig.override({ timeout: "1 second", headers: { a: "inner" } }),
        OpenAiConfig.override({ maxRetries: 7, headers: { a: "outer", b: "outer" } })
      )
      expect(Duration.toMillis(config.timeout)).toBe(1000)
      expect(config.maxRetries).toBe(7)
      expect(config.headers).toEqual({ a: "inner", b: "outer" })
    }).pipe(Effect.provide(OpenAiConfig.layer()))
  )
})

describe("Azure OpenAI", () => {
  const azure = OpenAi.layerServices.pipe(
    Layer.provide(
      OpenAiConfig.layerAzureConfig().pipe(
        Layer.provide(
          env({
            AZURE_OPENAI_ENDPOINT: "https://my-resource.openai.azure.com/",
            AZURE_OPENAI_API_KEY: "azure-key",
            OPENAI_API_VERSION: "2024-06-01"
          })
        )
      )
    ),
    Layer.provideMerge(Testing.layerHttpClient)
  )

  it.effect("routes model calls to the deployment, sends api-key and api-version", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(Testing.Fixtures.chatCompletion()),
        Testing.json(Testing.Fixtures.embeddings()),
        Testing.json(Testing.Fixtures.modelList())
      )
      yield* Chat.create({ model: "my-gpt-4o", messages: [{ role: "user", content: "hi" }] })
      yield* Embeddings.create({ model: "my-embedder", input: "hi" })
      yield* Models.list()
      const [chat, embed, models] = yield* Testing.requests
      expect(chat!.url).toBe(
        "https://my-resource.openai.azure.com/openai/deployments/my-gpt-4o/chat/completions?api-version=2024-06-01"
      )
      expect(embed!.path).toBe("/openai/deployments/my-embedder/embeddings")
      expect(models!.url).toBe("https://my-resource.openai.azure.com/openai/models?api-version=2024-06-01")
      expect(chat!.headers.authorization).toBeUndefined()
      expect(chat!.headers["api-key"]).toBe("<redacted>")
      expect(Redacted.value(chat!.authorization!)).toBe("azure-key")
    }).pipe(Effect.provide(azure))
  )

  it.effect("a token provider sends a fresh bearer token on every attempt", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.modelList()), Testing.json(Testing.Fixtures.modelList()))
      yield* Models.list()
      yield* Models.list()
      const [a, b] = yield* Testing.requests
      expect(Redacted.value(a!.authorization!)).toBe("Bearer token-1")
      expect(Redacted.value(b!.authorization!)).toBe("Bearer token-2")
      expect(a!.headers["api-key"]).toBeUndefined()
    }).pipe(
      Effect.provide(
        Layer.suspend(() => {
          let n = 0
          return OpenAi.layerServices.pipe(
            Layer.provide(
              OpenAiConfig.layerAzureConfig({
                endpoint: "https://r.openai.azure.com",
                apiVersion: "2024-06-01",
                tokenProvider: Effect.sync(() => Redacted.make(`token-${++n}`))
              })
            ),
            Layer.provideMerge(Testing.layerHttpClient)
          )
        })
      )
    )
  )
})
