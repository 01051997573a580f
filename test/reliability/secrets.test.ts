/**
 * No secret leaks: an API key, an Azure key and an Azure AD token never
 * appear in an error (its message, string, stack, JSON, `toJSON`,
 * inspection, `Cause.pretty`), in the logs at any level (a logger that
 * records everything, the errors logged at every level), in the spans (a
 * tracer that records every span, over real sockets with the undici and the
 * fetch clients, so the platform's HTTP spans with request headers are in),
 * or in the test kit's printed requests. Every error path is run: each
 * status, a connection error, a timeout, decode errors, stream errors.
 *
 * A redirect never takes the credentials to another host: a server on
 * 127.0.0.1 answers 301/302/303/307/308 with a `Location` on another port
 * (another origin), and that second server must receive nothing, with both
 * clients. Redirects are not followed: the 3xx reaches the caller as
 * `UnexpectedStatusError`.
 */
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Chat, Models, OpenAi, OpenAiConfig, type OpenAiError, Testing } from "@effect-openai/core"
import * as MockServer from "@effect-openai/mock-server"
import { NodeOpenAi } from "@effect-openai/node"
import { Cause, Effect, Exit, Layer, Option, Schedule, Stream } from "effect"
import {
  assertClean,
  assertErrorClean,
  checks,
  credentials,
  logEverywhere,
  makeLogRecorder,
  makeSpanRecorder,
  printed,
  server
} from "./support/secrets-kit.js"

const request = { model: "gpt-4o", messages: [{ role: "user" as const, content: "Hi" }] }
const chat = Chat.create(request)
const stream = Stream.runDrain(Chat.stream(request))
const chunk = Testing.Fixtures.chatCompletionChunk()

interface ErrorPath {
  readonly name: string
  readonly responses: ReadonlyArray<Testing.FakeResponse>
  readonly run: Effect.Effect<unknown, OpenAiError.OpenAiError, OpenAi.Services>
  readonly options?: OpenAiConfig.Options
  /** The tag the run must end with */
  readonly tag: string
}

const statusTags: ReadonlyArray<readonly [number, string]> = [
  [400, "BadRequestError"],
  [401, "AuthenticationError"],
  [403, "PermissionDeniedError"],
  [404, "NotFoundError"],
  [409, "ConflictError"],
  [422, "UnprocessableEntityError"],
  [429, "RateLimitError"],
  [500, "InternalServerError"],
  [503, "InternalServerError"],
  [418, "UnexpectedStatusError"]
]

const errorPaths: ReadonlyArray<ErrorPath> = [
  ...statusTags.map(([status, tag]) => ({
    name: `status ${status}`,
    responses: [Testing.apiError(status, {}, { headers: { "retry-after": "1" } })],
    run: chat,
    tag
  })),
  {
    name: "429 insufficient_quota",
    responses: [Testing.apiError(429, { code: "insufficient_quota" })],
    run: chat,
    tag: "QuotaExceededError"
  },
  {
    name: "a redirect (not followed)",
    responses: [Testing.json({}, { status: 307, headers: { location: "https://elsewhere.example/v1/chat" } })],
    run: chat,
    tag: "UnexpectedStatusError"
  },
  {
    name: "an HTML 502 page",
    responses: [Testing.text("<html><title>502 Bad Gateway</title></html>", { status: 502, contentType: "text/html" })],
    run: chat,
    tag: "InternalServerError"
  },
  {
    name: "500 twice, retried",
    responses: [Testing.apiError(500), Testing.apiError(500)],
    run: chat,
    options: { retrySchedule: Schedule.recurs(1) },
    tag: "InternalServerError"
  },
  { name: "a connection error", responses: [Testing.connectionError()], run: chat, tag: "ConnectionError" },
  { name: "a timeout", responses: [Testing.hang], run: chat, options: { timeout: "20 millis" }, tag: "TimeoutError" },
  {
    name: "a body that is not JSON",
    responses: [Testing.text("not json", { contentType: "application/json" })],
    run: chat,
    tag: "ResponseDecodeError"
  },
  {
    name: "a body that does not match",
    responses: [Testing.json({ object: 42 })],
    run: chat,
    tag: "ResponseDecodeError"
  },
  {
    name: "an error event mid-stream",
    responses: [
      Testing.sse([chunk, Testing.event("error", { error: { message: "overloaded", type: "server_error" } })])
    ],
    run: stream,
    tag: "StreamError"
  },
  { name: "an invalid event", responses: [Testing.sse([chunk, "{not json"])], run: stream, tag: "StreamError" },
  {
    name: "a truncated stream",
    responses: [Testing.sse([chunk], { end: "close" })],
    run: stream,
    tag: "StreamError"
  },
  {
    name: "a stream gone quiet",
    responses: [Testing.sse([chunk], { end: "hang" })],
    run: stream,
    options: { streamIdleTimeout: "20 millis" },
    tag: "TimeoutError"
  },
  {
    name: "invalid input",
    responses: [],
    run: Chat.create({ ...request, temperature: "hot" } as never),
    tag: "InvalidRequestError"
  },
  {
    name: "a success",
    responses: [Testing.json(Testing.Fixtures.chatCompletion())],
    run: chat,
    tag: "none"
  },
  {
    name: "a streamed success",
    responses: [Testing.sse(Testing.Fixtures.chatCompletionChunks("Hello there"))],
    run: stream,
    tag: "none"
  }
]

/** Checks an exit: its error in every printed form, then logs it at every level. */
const checkExit = (where: string, exit: Exit.Exit<unknown, unknown>, tag: string | undefined) =>
  Effect.gen(function* () {
    if (Exit.isSuccess(exit)) {
      if (tag !== undefined && tag !== "none") expect.fail(`${where}: expected ${tag}, got a success`)
      return
    }
    const error = Option.getOrUndefined(Cause.failureOption(exit.cause))
    if (tag !== undefined) expect((error as { _tag?: string } | undefined)?._tag, where).toBe(tag)
    assertErrorClean(where, error ?? Cause.squash(exit.cause), exit.cause)
    yield* logEverywhere(error, exit.cause)
  })

describe("no secret leaks", () => {
  describe("errors, logs and recorded requests, on the test kit", () => {
    for (const credential of credentials("https://example.openai.azure.test/openai")) {
      it.live(`with ${credential.name}: every error path`, () =>
        Effect.gen(function* () {
          for (const path of errorPaths) {
            const logs = makeLogRecorder()
            const where = `${credential.name}, ${path.name}`
            yield* Effect.gen(function* () {
              yield* Testing.enqueue(...path.responses)
              const exit = yield* Effect.exit(path.run)
              yield* checkExit(where, exit, path.tag)
              const requests = yield* Testing.requests
              assertClean(`${where}: printed requests`, printed(requests))
              assertClean(`${where}: requests as JSON`, JSON.stringify(requests))
              assertClean(`${where}: requests as strings`, requests.map(String).join("\n"))
              if (path.tag !== "InvalidRequestError") expect(requests.length, where).toBeGreaterThan(0)
            }).pipe(Effect.provide(Layer.merge(Testing.layer({ ...credential.options, ...path.options }), logs.layer)))
            if (path.tag !== "none") expect(logs.lines.length, where).toBeGreaterThan(0)
            for (const line of logs.lines) assertClean(`${where}: a log line`, line)
          }
        })
      )
    }
  })

  describe("spans and logs over real sockets", () => {
    const clients: ReadonlyArray<readonly [string, (options: OpenAiConfig.Options) => Layer.Layer<OpenAi.Services>]> = [
      ["undici", (options) => NodeOpenAi.layer(options)],
      ["fetch", (options) => OpenAi.layer(options).pipe(Layer.provide(FetchHttpClient.layer))]
    ]
    const fault = (value: string) => OpenAiConfig.override({ headers: { "x-mock-fault": value } })
    const faultStream = (value: string) =>
      Stream.runDrain(Chat.stream(request).pipe(OpenAiConfig.overrideStream({ headers: { "x-mock-fault": value } })))
    const calls: ReadonlyArray<readonly [string, Effect.Effect<unknown, OpenAiError.OpenAiError, OpenAi.Services>]> = [
      ["models", Models.list()],
      ["chat", chat],
      ["chat stream", stream],
      ...[401, 403, 404, 429, 500].map((status) => [`status ${status}`, chat.pipe(fault(`status=${status}`))] as const),
      ["an HTML 502", chat.pipe(fault("html=502"))],
      ["a dropped connection", chat.pipe(fault("drop"))],
      [
        "headers slower than the timeout",
        chat.pipe(fault("slow-headers=500"), OpenAiConfig.override({ timeout: "50 millis" }))
      ],
      ["truncated JSON", chat.pipe(fault("truncate-json"))],
      ["an empty body", chat.pipe(fault("empty-body"))],
      ["a wrong content type", chat.pipe(fault("content-type=text/plain"))],
      ["a reset mid-stream", faultStream("reset-mid-stream")],
      [
        "a stream gone quiet",
        faultStream("idle-stream=500").pipe(OpenAiConfig.override({ streamIdleTimeout: "50 millis" }))
      ]
    ]

    for (const [clientName, makeLayer] of clients) {
      it.scopedLive(`${clientName}: every span attribute and log line, every credential`, () =>
        Effect.gen(function* () {
          const mock = yield* MockServer.make()
          let spanCount = 0
          for (const credential of credentials(mock.baseUrl)) {
            for (const [name, call] of calls) {
              const recorder = makeSpanRecorder()
              const logs = makeLogRecorder()
              const where = `${clientName}, ${credential.name}, ${name}`
              const exit = yield* call.pipe(
                Effect.withSpan("secrets-test"),
                Effect.withTracer(recorder.tracer),
                Effect.exit,
                Effect.provide(Layer.merge(makeLayer({ ...credential.options, maxRetries: 0 }), logs.layer))
              )
              yield* checkExit(where, exit, undefined).pipe(Effect.provide(logs.layer))
              const texts = recorder.texts()
              expect(
                texts.some(([span]) => span.startsWith("http.client")),
                `${where}: an HTTP client span`
              ).toBe(true)
              for (const [span, text] of texts) assertClean(`${where}: span ${span}`, text)
              // the credential header is there, redacted: the check above looks at it
              const header = credential.name === "Azure key" ? "api-key" : "authorization"
              const sent = recorder.spans.flatMap((span) => {
                const value = span.attributes.get(`http.request.header.${header}`)
                return value === undefined ? [] : [String(value)]
              })
              if (name !== "a dropped connection")
                expect(sent, `${where}: ${header} in the span`).toContain("<redacted>")
              for (const line of logs.lines) assertClean(`${where}: a log line`, line)
              spanCount += texts.length
            }
          }
          expect(spanCount).toBeGreaterThan(0)
        })
      )
    }
  })

  describe("redirects to another origin", () => {
    for (const [clientName, makeLayer] of [
      ["undici", (options: OpenAiConfig.Options) => NodeOpenAi.layer(options)],
      ["fetch", (options: OpenAiConfig.Options) => OpenAi.layer(options).pipe(Layer.provide(FetchHttpClient.layer))]
    ] as const) {
      it.scopedLive(`${clientName}: the credentials never reach the other host`, () =>
        Effect.gen(function* () {
          const received: Array<{ readonly url: string | undefined; readonly headers: object }> = []
          const target = yield* server((req, res) => {
            received.push({ url: req.url, headers: req.headers })
            res.setHeader("content-type", "application/json")
            res.end(JSON.stringify(Testing.Fixtures.chatCompletion()))
          })
          for (const status of [301, 302, 303, 307, 308]) {
            const origin = yield* server((req, res) => {
              req.resume()
              res.statusCode = status
              res.setHeader("location", `${target.origin}${req.url}`)
              res.end()
            })
            for (const credential of credentials(`${origin.origin}/openai`)) {
              const where = `${clientName}, ${status}, ${credential.name}`
              const exit = yield* Effect.exit(
                chat.pipe(Effect.provide(makeLayer({ ...credential.options, maxRetries: 0 })))
              )
              const error = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
              expect(error, where).toMatchObject({ _tag: "UnexpectedStatusError", status })
              expect((error as OpenAiError.ApiError).meta.headers.location, where).toContain(target.origin)
              assertErrorClean(where, error, (exit as Exit.Failure<unknown, unknown>).cause)
              expect(received, `${where}: what the other origin received`).toEqual([])
            }
          }
        })
      )
    }
  })

  it("reports the checks", () => {
    console.log(`secrets: ${checks.count} places checked for the 3 secrets, none leaked`)
    expect(checks.count).toBeGreaterThan(0)
  })
})
