/**
 * The client against the local mock server over real sockets on 127.0.0.1,
 * with both HTTP layers: @effect/platform-node's undici client and the
 * platform-agnostic FetchHttpClient.
 */

import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Chat, Embeddings, Files, Models, OpenAi, OpenAiConfig, OpenAiError, Uploadable } from "@effect-openai/core"
import * as MockServer from "@effect-openai/mock-server"
import { NodeOpenAi } from "@effect-openai/node"
import { Chunk, Effect, Fiber, Layer, Redacted, Stream } from "effect"

type Services = OpenAi.Services

const clients: ReadonlyArray<readonly [string, (options: OpenAiConfig.Options) => Layer.Layer<Services>]> = [
  ["undici", (options) => NodeOpenAi.layer(options)],
  ["fetch", (options) => OpenAi.layer(options).pipe(Layer.provide(FetchHttpClient.layer))]
]

/** Runs `body` with a fresh mock server and a client layer pointed at it. */
const withServer = <A, E>(
  makeLayer: (options: OpenAiConfig.Options) => Layer.Layer<Services>,
  body: (server: MockServer.MockServer) => Effect.Effect<A, E, Services>,
  options: OpenAiConfig.Options = {}
) =>
  Effect.scoped(
    Effect.flatMap(MockServer.make(), (server) =>
      body(server).pipe(
        Effect.provide(
          makeLayer({ apiKey: Redacted.make("sk-mock"), baseUrl: server.baseUrl, maxRetries: 0, ...options })
        )
      )
    )
  )

const fault = (value: string, extra: Record<string, string> = {}) =>
  OpenAiConfig.override({ headers: { "x-mock-fault": value, ...extra } })

const faultStream = (value: string) => OpenAiConfig.overrideStream({ headers: { "x-mock-fault": value } })

const statusCases: ReadonlyArray<readonly [string, string, Record<string, string>?]> = [
  ["status=400", "BadRequestError"],
  ["status=401", "AuthenticationError"],
  ["status=403", "PermissionDeniedError"],
  ["status=404", "NotFoundError"],
  ["status=409", "ConflictError"],
  ["status=422", "UnprocessableEntityError"],
  ["status=429", "RateLimitError"],
  ["status=429", "QuotaExceededError", { "x-mock-error-code": "insufficient_quota" }],
  ["status=500", "InternalServerError"],
  ["status=503", "InternalServerError"],
  ["status=418", "UnexpectedStatusError"],
  ["html=502", "InternalServerError"]
]

for (const [name, makeLayer] of clients) {
  describe(`over a socket with ${name}`, () => {
    it.live("models, chat and embeddings round trip", () =>
      withServer(makeLayer, (server) =>
        Effect.gen(function* () {
          const models = yield* Models.list()
          expect(models.data.some((m) => m.id === "gpt-4o-mini")).toBe(true)
          const completion = yield* Chat.create({
            model: "gpt-4o-mini",
            messages: [{ role: "user", content: "ping" }]
          })
          expect(completion.choices[0]?.message.content).toContain("ping")
          const floats = yield* Embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"], dimensions: 8 })
          const base64 = yield* Embeddings.create({
            model: "text-embedding-3-small",
            input: ["a", "b"],
            dimensions: 8,
            encoding_format: "base64"
          })
          expect(floats.data[0]?.embedding.length).toBe(8)
          expect(base64.data.every((d) => d.embedding instanceof Float32Array)).toBe(true)
          expect(base64.data.map((d) => Array.from(d.embedding))).toEqual(
            floats.data.map((d) => d.embedding.map(Math.fround))
          )
          const sent = server.requests()
          expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
            "GET /v1/models",
            "POST /v1/chat/completions",
            "POST /v1/embeddings",
            "POST /v1/embeddings"
          ])
          expect(sent[1]?.headers.authorization).toBe("Bearer <redacted>")
        })
      )
    )

    it.live("uploads a file as streamed multipart, lists, downloads and deletes it", () =>
      withServer(makeLayer, (server) =>
        Effect.gen(function* () {
          const lines = Stream.make('{"custom_id":"1"}\n', '{"custom_id":"2"}\n').pipe(Stream.encodeText)
          const file = yield* Files.create({ file: Uploadable.fromStream(lines, "requests.jsonl"), purpose: "batch" })
          expect(file.filename).toBe("requests.jsonl")
          expect(file.bytes).toBe(36)
          expect(server.requests()[0]?.body).toEqual({
            purpose: "batch",
            file: {
              filename: "requests.jsonl",
              contentType: "application/jsonl",
              size: 36,
              text: '{"custom_id":"1"}\n{"custom_id":"2"}\n'
            }
          })
          expect((yield* Files.list({ purpose: "batch" })).data.map((f) => f.id)).toEqual([file.id])
          expect(yield* Files.contentText(file.id)).toBe('{"custom_id":"1"}\n{"custom_id":"2"}\n')
          const bytes = yield* Files.content(file.id).pipe(Stream.runFold(0, (n, chunk) => n + chunk.length))
          expect(bytes).toBe(36)
          expect((yield* Files.delete(file.id)).deleted).toBe(true)
          expect((yield* Effect.flip(Files.retrieve(file.id)))._tag).toBe("NotFoundError")
        })
      )
    )

    it.live("streams a chat with include_usage", () =>
      withServer(makeLayer, () =>
        Effect.gen(function* () {
          const chunks = Chunk.toReadonlyArray(
            yield* Stream.runCollect(
              Chat.stream({
                model: "gpt-4o-mini",
                messages: [{ role: "user", content: "stream please" }],
                stream_options: { include_usage: true }
              })
            )
          )
          const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")
          expect(text).toContain("stream please")
          const last = chunks[chunks.length - 1]!
          expect(last.choices).toEqual([])
          expect(last.usage?.total_tokens).toBeGreaterThan(0)
        })
      )
    )

    for (const [value, tag, extra] of statusCases) {
      it.live(`${value}${extra ? " insufficient_quota" : ""} → ${tag}`, () =>
        withServer(makeLayer, () =>
          Effect.gen(function* () {
            const error = yield* Effect.flip(Models.list().pipe(fault(value, extra)))
            expect(error._tag).toBe(tag)
            if (!OpenAiError.isApiError(error)) return
            expect(error.requestId).toMatch(/^req_/)
            expect(error.meta.rateLimit.limitRequests).toBeGreaterThan(0)
          })
        )
      )
    }

    it.live("a dropped connection → ConnectionError", () =>
      withServer(makeLayer, () =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(Models.list().pipe(fault("drop")))
          expect(error._tag).toBe("ConnectionError")
        })
      )
    )

    it.live("a refused connection → ConnectionError", () =>
      Effect.gen(function* () {
        const closed = yield* Effect.scoped(Effect.map(MockServer.make(), (server) => server.baseUrl))
        const error = yield* Effect.flip(
          Models.list().pipe(Effect.provide(makeLayer({ apiKey: Redacted.make("k"), baseUrl: closed, maxRetries: 0 })))
        )
        expect(error._tag).toBe("ConnectionError")
      })
    )

    it.live("headers slower than the timeout → TimeoutError, and the socket is closed", () =>
      withServer(
        makeLayer,
        (server) =>
          Effect.gen(function* () {
            const error = yield* Effect.flip(Models.list().pipe(fault("slow-headers=5000")))
            expect(error._tag).toBe("TimeoutError")
            yield* Effect.promise(() => server.waitForOpenConnections(0, 3000))
            expect(server.openConnections()).toBe(0)
          }),
        { timeout: "150 millis" }
      )
    )

    it.live("the attempt timeout ends with a stream's headers: a stream longer than it is read to its end", () =>
      withServer(
        makeLayer,
        () =>
          Effect.gen(function* () {
            // the first event, 400 ms of silence, then the rest: well past the 150 ms attempt timeout
            const chunks = yield* Chat.stream({
              model: "gpt-4o-mini",
              messages: [{ role: "user", content: "x" }]
            }).pipe(faultStream("idle-stream=400"), Stream.runCollect)
            expect(chunks.length).toBeGreaterThan(2)
            // and a JSON call under the same timeout still answers
            const models = yield* Models.list()
            expect(models.data.length).toBeGreaterThan(0)
          }),
        { timeout: "150 millis" }
      )
    )

    it.live("a 500 then success is retried over the socket", () =>
      withServer(
        makeLayer,
        (server) =>
          Effect.gen(function* () {
            const list = yield* Models.list().pipe(
              fault("status=500", {
                "x-mock-fault-times": "1",
                "x-mock-fault-key": `retry-${name}`,
                "x-mock-retry-after-ms": "10"
              })
            )
            expect(list.data.length).toBeGreaterThan(0)
            expect(server.requests().length).toBe(2)
          }),
        { maxRetries: 2 }
      )
    )

    it.live("bad input sends nothing", () =>
      withServer(makeLayer, (server) =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(Chat.create({ model: "gpt-4o-mini", messages: "hi" as never }))
          expect(error._tag).toBe("InvalidRequestError")
          expect(server.requests().length).toBe(0)
        })
      )
    )

    it.live("an idle stream → TimeoutError after streamIdleTimeout; its socket is closed", () =>
      withServer(
        makeLayer,
        (server) =>
          Effect.gen(function* () {
            const error = yield* Effect.flip(
              Stream.runDrain(
                Chat.stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] }).pipe(
                  faultStream("idle-stream=10000")
                )
              )
            )
            expect(error._tag).toBe("TimeoutError")
            yield* Effect.promise(() => server.waitForOpenConnections(0, 3000))
            expect(server.activeStreams()).toBe(0)
          }),
        { streamIdleTimeout: "200 millis" }
      )
    )

    it.live("interrupting a stream mid-way closes its socket on the server", () =>
      withServer(makeLayer, (server) =>
        Effect.gen(function* () {
          let received = 0
          const fiber = yield* Chat.stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] }).pipe(
            faultStream("idle-stream=10000"),
            Stream.runForEach(() => Effect.sync(() => received++)),
            Effect.fork
          )
          for (let i = 0; i < 500 && (received === 0 || server.activeStreams() === 0); i++)
            yield* Effect.sleep("5 millis")
          expect(received).toBeGreaterThan(0)
          expect(server.activeStreams()).toBe(1)
          yield* Fiber.interrupt(fiber)
          yield* Effect.promise(() => server.waitForOpenConnections(0, 3000))
          expect(server.openConnections()).toBe(0)
          expect(server.activeStreams()).toBe(0)
        })
      )
    )
  })
}
