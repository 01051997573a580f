/**
 * Test your OpenAI code without the network. `Testing.layer` swaps the
 * `HttpClient` for a fake one: you queue responses (JSON, SSE streams, error
 * statuses, connection failures), run your program, then assert on the
 * requests it sent. Everything else (validation, retries, decoding, errors)
 * is the real pipeline.
 *
 * @example
 * ```ts
 * import { Chat, Testing } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const test = Effect.gen(function* () {
 *   yield* Testing.enqueue(Testing.json(Testing.Fixtures.chatCompletion({ choices: [{ message: { content: "Paris" } }] })))
 *   const answer = yield* Chat.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Capital of France?" }] })
 *   // answer.choices[0].message.content === "Paris"
 *   yield* Testing.assertSent((r) => r.path === "/v1/chat/completions" && r.body.model === "gpt-4o-mini")
 * }).pipe(Effect.provide(Testing.layer()))
 * ```
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as OpenAi from "./OpenAi.js"
import type * as OpenAiConfig from "./OpenAiConfig.js"

// ---------------------------------------------------------------------------
// fake responses
// ---------------------------------------------------------------------------

/**
 * Options shared by every fake response.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponseOptions {
  /** Default 200 (or the error status) */
  readonly status?: number | undefined
  /** Extra response headers, for example `x-ratelimit-remaining-requests` or `retry-after` */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * One server-sent event to play: a JSON value (sent as `data: …`), or an
 * event with a name, or raw text for the `data` field.
 *
 * @since 0.1.0
 * @category models
 */
export type SseInput =
  | unknown
  | { readonly _tag: "SseEvent"; readonly event?: string | undefined; readonly data: unknown }

/**
 * A queued fake response.
 *
 * @since 0.1.0
 * @category models
 */
export type FakeResponse =
  | { readonly _tag: "Json"; readonly status: number; readonly body: unknown; readonly headers: Record<string, string> }
  | {
      readonly _tag: "Text"
      readonly status: number
      readonly body: string
      readonly contentType: string
      readonly headers: Record<string, string>
    }
  | {
      readonly _tag: "Bytes"
      readonly status: number
      readonly chunks: ReadonlyArray<Uint8Array>
      readonly headers: Record<string, string>
    }
  | {
      readonly _tag: "Sse"
      readonly status: number
      readonly events: ReadonlyArray<SseInput>
      readonly end: "done" | "close" | "hang"
      readonly headers: Record<string, string>
    }
  | { readonly _tag: "ConnectionError"; readonly message: string }
  | { readonly _tag: "Hang" }

const headersOf = (options: ResponseOptions | undefined) => ({ ...options?.headers })

/**
 * A JSON response (status 200 unless given).
 *
 * @example
 * ```ts
 * import { Testing } from "@effect-openai/core"
 *
 * Testing.json({ object: "list", data: [] }, { headers: { "x-request-id": "req_42" } })
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const json = (body: unknown, options?: ResponseOptions): FakeResponse => ({
  _tag: "Json",
  status: options?.status ?? 200,
  body,
  headers: headersOf(options)
})

/**
 * A text response, for example an `srt` transcription or an HTML error page.
 *
 * @since 0.1.0
 * @category responses
 */
export const text = (
  body: string,
  options?: ResponseOptions & { readonly contentType?: string | undefined }
): FakeResponse => ({
  _tag: "Text",
  status: options?.status ?? 200,
  body,
  contentType: options?.contentType ?? "text/plain; charset=utf-8",
  headers: headersOf(options)
})

/**
 * A binary response delivered in the given chunks (speech, file content).
 *
 * @since 0.1.0
 * @category responses
 */
export const bytes = (chunks: ReadonlyArray<Uint8Array>, options?: ResponseOptions): FakeResponse => ({
  _tag: "Bytes",
  status: options?.status ?? 200,
  chunks,
  headers: headersOf(options)
})

/**
 * An OpenAI error response: `{ "error": { message, type, param, code } }`.
 *
 * @example
 * ```ts
 * import { Testing } from "@effect-openai/core"
 *
 * Testing.apiError(429, { message: "Rate limit reached", code: "rate_limit_exceeded" }, { headers: { "retry-after": "2" } })
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const apiError = (
  status: number,
  error: {
    readonly message?: string | undefined
    readonly type?: string | undefined
    readonly param?: string | null | undefined
    readonly code?: string | null | undefined
  } = {},
  options?: Omit<ResponseOptions, "status">
): FakeResponse =>
  json(
    {
      error: {
        message: error.message ?? `Test error ${status}`,
        type: error.type ?? (status >= 500 ? "server_error" : "invalid_request_error"),
        param: error.param ?? null,
        code: error.code ?? null
      }
    },
    { status, headers: options?.headers }
  )

/**
 * A server-sent event stream. Each input is sent as one event (`data:` its
 * JSON). `end` says how it finishes: `"done"` sends `data: [DONE]` (the
 * default), `"close"` just closes (a truncated stream), `"hang"` never ends
 * (for idle timeouts and interruption).
 *
 * @example
 * ```ts
 * import { Testing } from "@effect-openai/core"
 *
 * Testing.sse(Testing.Fixtures.chatCompletionChunks("Hello there"))
 * Testing.sse([Testing.event("error", { error: { message: "overloaded" } })], { end: "close" })
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const sse = (
  events: ReadonlyArray<SseInput>,
  options?: ResponseOptions & { readonly end?: "done" | "close" | "hang" | undefined }
): FakeResponse => ({
  _tag: "Sse",
  status: options?.status ?? 200,
  events,
  end: options?.end ?? "done",
  headers: headersOf(options)
})

/**
 * A named server-sent event, for `sse`.
 *
 * @since 0.1.0
 * @category responses
 */
export const event = (name: string, data: unknown): SseInput => ({ _tag: "SseEvent", event: name, data })

/**
 * A connection that fails before any response (refused, reset).
 *
 * @since 0.1.0
 * @category responses
 */
export const connectionError = (message = "connection reset by the test kit"): FakeResponse => ({
  _tag: "ConnectionError",
  message
})

/**
 * A server that never answers: the request waits until it is interrupted
 * (by a timeout, for example). Pair it with `TestClock`.
 *
 * @since 0.1.0
 * @category responses
 */
export const hang: FakeResponse = { _tag: "Hang" }

// ---------------------------------------------------------------------------
// recorded requests
// ---------------------------------------------------------------------------

const redactedNames = new Set(["authorization", "api-key"])

/**
 * A request the program sent. `headers` has `authorization` and `api-key`
 * redacted; the real value is in `authorization` as a `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export class RecordedRequest extends Inspectable.Class {
  /** Whether the response body was cancelled before the fake finished sending it */
  aborted = false
  constructor(
    readonly method: string,
    readonly url: string,
    /** The URL's path, for example `/v1/chat/completions` */
    readonly path: string,
    readonly query: Readonly<Record<string, string>>,
    readonly headers: Readonly<Record<string, string>>,
    /** The credential sent (`authorization` or `api-key`), kept redacted */
    readonly authorization: Redacted.Redacted<string> | undefined,
    /** The JSON body parsed, or the text, or `undefined` */
    readonly body: any
  ) {
    super()
  }
  toJSON() {
    return {
      _id: "RecordedRequest",
      method: this.method,
      url: this.url,
      headers: this.headers,
      body: this.body,
      aborted: this.aborted
    }
  }
}

const decoder = new TextDecoder()

const recordBody = (request: HttpClientRequest.HttpClientRequest): unknown => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return undefined
    case "Uint8Array": {
      const text = decoder.decode(body.body)
      if (body.contentType.includes("json")) {
        try {
          return JSON.parse(text)
        } catch {
          return text
        }
      }
      return text
    }
    default:
      return `<${body._tag} body>`
  }
}

/**
 * A file field of a recorded multipart request.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedFile {
  readonly filename: string
  readonly contentType: string
  readonly size: number
  /** The file's content as text (UTF-8) */
  readonly text: string
}

const formDataRecord = (form: FormData): Promise<Record<string, unknown>> => {
  const out: Record<string, unknown> = Object.create(null)
  const pending: Array<Promise<void>> = []
  form.forEach((value, key) => {
    const store = (v: unknown) => {
      const previous = out[key]
      out[key] = previous === undefined ? v : Array.isArray(previous) ? [...previous, v] : [previous, v]
    }
    if (typeof value === "string") store(value)
    else {
      const slot = {} as { value?: RecordedFile }
      store(slot)
      pending.push(
        value.text().then((text) => {
          slot.value = { filename: value.name, contentType: value.type, size: value.size, text }
        })
      )
    }
  })
  return Promise.all(pending).then(() => {
    for (const key in out) {
      const v = out[key]
      out[key] = Array.isArray(v) ? v.map(unslot) : unslot(v)
    }
    return out
  })
}

const unslot = (v: unknown) =>
  typeof v === "object" && v !== null && "value" in v ? (v as { value: unknown }).value : v

/** Reads a streamed body (a multipart upload) so the test can assert on it. */
const recordStreamBody = (request: HttpClientRequest.HttpClientRequest): Effect.Effect<unknown> => {
  const body = request.body
  if (body._tag === "FormData") return Effect.promise(() => formDataRecord(body.formData))
  if (body._tag !== "Stream") return Effect.succeed(recordBody(request))
  return Stream.runCollect(body.stream).pipe(
    Effect.flatMap((chunks) => {
      const parts = Chunk.toReadonlyArray(chunks)
      const total = parts.reduce((n, p) => n + p.byteLength, 0)
      const bytes = new Uint8Array(total)
      let offset = 0
      for (const p of parts) {
        bytes.set(p, offset)
        offset += p.byteLength
      }
      if (!body.contentType.startsWith("multipart/form-data")) return Effect.succeed<unknown>(decoder.decode(bytes))
      return Effect.promise(() =>
        new Response(bytes, { headers: { "content-type": body.contentType } }).formData().then(formDataRecord)
      )
    }),
    Effect.orElseSucceed(() => "<unreadable stream body>")
  )
}

const record = (request: HttpClientRequest.HttpClientRequest, url: URL, body: unknown): RecordedRequest => {
  const headers: Record<string, string> = {}
  let authorization: Redacted.Redacted<string> | undefined
  for (const name in request.headers) {
    const value = request.headers[name]!
    if (redactedNames.has(name)) {
      authorization = Redacted.make(value)
      headers[name] = "<redacted>"
    } else {
      headers[name] = value
    }
  }
  const query: Record<string, string> = {}
  url.searchParams.forEach((value, key) => {
    query[key] = value
  })
  return new RecordedRequest(request.method, url.toString(), url.pathname, query, headers, authorization, body)
}

// ---------------------------------------------------------------------------
// the fake HttpClient
// ---------------------------------------------------------------------------

/**
 * The test kit's state: the queue of responses and the recorded requests.
 *
 * @since 0.1.0
 * @category models
 */
export interface TestHttpService {
  /** Adds responses to the end of the queue; each request takes the first */
  readonly enqueue: (...responses: ReadonlyArray<FakeResponse>) => Effect.Effect<void>
  /** Every request sent so far, oldest first */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /** Responses still queued */
  readonly pending: Effect.Effect<number>
  /** Forgets the queue and the recorded requests */
  readonly reset: Effect.Effect<void>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class TestHttp extends Context.Tag("@effect-openai/core/Testing/TestHttp")<TestHttp, TestHttpService>() {}

const encoder = new TextEncoder()

const sseBytes = (input: SseInput): Uint8Array => {
  if (typeof input === "object" && input !== null && (input as { _tag?: unknown })._tag === "SseEvent") {
    const e = input as { readonly event?: string | undefined; readonly data: unknown }
    const data = typeof e.data === "string" ? e.data : JSON.stringify(e.data)
    return encoder.encode(`${e.event === undefined ? "" : `event: ${e.event}\n`}data: ${data}\n\n`)
  }
  return encoder.encode(`data: ${typeof input === "string" ? input : JSON.stringify(input)}\n\n`)
}

let requestCounter = 0

const toWeb = (
  fake: Exclude<FakeResponse, { _tag: "ConnectionError" | "Hang" }>,
  recorded: RecordedRequest
): Response => {
  const headers: Record<string, string> = { "x-request-id": `req_test_${++requestCounter}`, ...fake.headers }
  switch (fake._tag) {
    case "Json":
      return new Response(JSON.stringify(fake.body), {
        status: fake.status,
        headers: { "content-type": "application/json", ...headers }
      })
    case "Text":
      return new Response(fake.body, { status: fake.status, headers: { "content-type": fake.contentType, ...headers } })
    case "Bytes":
    case "Sse": {
      const chunks =
        fake._tag === "Bytes"
          ? fake.chunks
          : [...fake.events.map(sseBytes), ...(fake.end === "done" ? [encoder.encode("data: [DONE]\n\n")] : [])]
      const hang = fake._tag === "Sse" && fake.end === "hang"
      let index = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks[index++]
          if (next !== undefined) controller.enqueue(next)
          else if (!hang) controller.close()
          else return new Promise<void>(() => {})
        },
        cancel() {
          recorded.aborted = true
        }
      })
      const contentType = fake._tag === "Sse" ? "text/event-stream" : "application/octet-stream"
      return new Response(body, { status: fake.status, headers: { "content-type": contentType, ...headers } })
    }
  }
}

/**
 * The fake `HttpClient` and its state, without any OpenAI service: for
 * composing your own layers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient | TestHttp> = Layer.effectContext(
  Effect.sync(() => {
    let queue: Array<FakeResponse> = []
    let recorded: Array<RecordedRequest> = []
    const client = HttpClient.make((request, url) =>
      Effect.flatMap(recordStreamBody(request), (body) => {
        const entry = record(request, url, body)
        recorded.push(entry)
        const next = queue.shift()
        if (next === undefined) {
          return Effect.dieMessage(
            `Testing: no response queued for ${request.method} ${url.pathname} (request ${recorded.length}). Queue one with Testing.enqueue.`
          )
        }
        if (next._tag === "ConnectionError") {
          return Effect.fail(
            new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error(next.message) })
          )
        }
        if (next._tag === "Hang") {
          return Effect.onInterrupt(Effect.never, () =>
            Effect.sync(() => {
              entry.aborted = true
            })
          )
        }
        return Effect.succeed(HttpClientResponse.fromWeb(request, toWeb(next, entry)))
      })
    )
    const service: TestHttpService = {
      enqueue: (...responses) =>
        Effect.sync(() => {
          queue.push(...responses)
        }),
      requests: Effect.sync(() => recorded.slice()),
      pending: Effect.sync(() => queue.length),
      reset: Effect.sync(() => {
        queue = []
        recorded = []
      })
    }
    return Context.make(TestHttp, service).pipe(Context.add(HttpClient.HttpClient, client))
  })
)

/**
 * The test configuration: a fake key (`sk-test`), base URL
 * `https://api.openai.test/v1`, and no retries (so a queued error reaches
 * your code at once; pass `maxRetries` to test retries under `TestClock`).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultOptions: OpenAiConfig.Options = {
  apiKey: Redacted.make("sk-test"),
  baseUrl: "https://api.openai.test/v1",
  maxRetries: 0
}

/**
 * Every OpenAI service on the fake `HttpClient`, plus `TestHttp`.
 *
 * @example
 * ```ts
 * import { Models, Testing } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * Effect.gen(function* () {
 *   yield* Testing.enqueue(Testing.json(Testing.Fixtures.modelList(["gpt-4o"])))
 *   const { data } = yield* Models.list()
 * }).pipe(Effect.provide(Testing.layer({ maxRetries: 2 })))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: OpenAiConfig.Options = {}): Layer.Layer<OpenAi.Services | TestHttp> =>
  OpenAi.layer({ ...defaultOptions, ...options }).pipe(Layer.provideMerge(layerHttpClient))

// ---------------------------------------------------------------------------
// accessors and assertions
// ---------------------------------------------------------------------------

/**
 * Queues responses; each request takes the first one left.
 *
 * @since 0.1.0
 * @category accessors
 */
export const enqueue = (...responses: ReadonlyArray<FakeResponse>): Effect.Effect<void, never, TestHttp> =>
  Effect.flatMap(TestHttp, (t) => t.enqueue(...responses))

/**
 * The requests sent so far, oldest first.
 *
 * @since 0.1.0
 * @category accessors
 */
export const requests: Effect.Effect<ReadonlyArray<RecordedRequest>, never, TestHttp> = Effect.flatMap(
  TestHttp,
  (t) => t.requests
)

/**
 * The last request sent (dies when none was).
 *
 * @since 0.1.0
 * @category accessors
 */
export const lastRequest: Effect.Effect<RecordedRequest, never, TestHttp> = Effect.flatMap(requests, (all) => {
  const last = all[all.length - 1]
  return last === undefined
    ? Effect.die(new AssertionError({ message: "Testing: no request was sent" }))
    : Effect.succeed(last)
})

/**
 * A failed test-kit assertion (raised as a defect, so tests fail loudly).
 *
 * @since 0.1.0
 * @category errors
 */
export class AssertionError extends Data.TaggedError("AssertionError")<{ readonly message: string }> {}

const describe = (all: ReadonlyArray<RecordedRequest>) =>
  all.length === 0 ? "no requests were sent" : `sent: ${all.map((r) => `${r.method} ${r.path}`).join(", ")}`

/**
 * Asserts that at least one request matches.
 *
 * @example
 * ```ts
 * import { Testing } from "@effect-openai/core"
 *
 * Testing.assertSent((r) => r.method === "POST" && r.body.stream === true, "a streaming chat request")
 * ```
 *
 * @since 0.1.0
 * @category assertions
 */
export const assertSent = (
  predicate: (request: RecordedRequest) => boolean,
  description = "a matching request"
): Effect.Effect<void, never, TestHttp> =>
  Effect.flatMap(requests, (all) =>
    all.some(predicate)
      ? Effect.void
      : Effect.die(new AssertionError({ message: `Expected ${description} to be sent; ${describe(all)}` }))
  )

/**
 * Asserts that exactly `times` requests (matching `predicate`, if given)
 * were sent.
 *
 * @example
 * ```ts
 * import { Testing } from "@effect-openai/core"
 *
 * Testing.assertSentTimes(3, (r) => r.path.endsWith("/chat/completions")) // one call and two retries
 * ```
 *
 * @since 0.1.0
 * @category assertions
 */
export const assertSentTimes = (
  times: number,
  predicate: (request: RecordedRequest) => boolean = () => true
): Effect.Effect<void, never, TestHttp> =>
  Effect.flatMap(requests, (all) => {
    const count = all.filter(predicate).length
    return count === times
      ? Effect.void
      : Effect.die(
          new AssertionError({ message: `Expected ${times} matching request(s), got ${count}; ${describe(all)}` })
        )
  })

/**
 * Asserts that no request was sent (for example after invalid input).
 *
 * @since 0.1.0
 * @category assertions
 */
export const assertNothingSent: Effect.Effect<void, never, TestHttp> = assertSentTimes(0)

// ---------------------------------------------------------------------------
// fixtures
// ---------------------------------------------------------------------------

/**
 * A deep partial: every field optional, arrays merged element by element.
 *
 * @since 0.1.0
 * @category models
 */
export type Overrides<A> =
  A extends ReadonlyArray<infer E>
    ? ReadonlyArray<Overrides<E>>
    : A extends object
      ? { readonly [K in keyof A]?: Overrides<A[K]> | undefined } & { readonly [extra: string]: unknown }
      : A

const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Merges overrides into a fixture: objects field by field, arrays element
 * by element, anything else replaced.
 *
 * @since 0.1.0
 * @category fixtures
 */
export const merge = <A>(base: A, overrides: unknown): A => {
  if (overrides === undefined) return base
  if (Array.isArray(base) && Array.isArray(overrides)) {
    return overrides.map((item, i) => (i < base.length ? merge(base[i], item) : item)) as A
  }
  if (isPlainObject(base) && isPlainObject(overrides)) {
    const out: Record<string, unknown> = { ...base }
    for (const key in overrides) out[key] = merge(base[key], overrides[key])
    return out as A
  }
  return overrides as A
}

interface ChatCompletionFixture {
  readonly id: string
  readonly object: string
  readonly created: number
  readonly model: string
  readonly system_fingerprint: string
  readonly choices: ReadonlyArray<{
    readonly index: number
    readonly message: {
      readonly role: string
      readonly content: string | null
      readonly tool_calls?: ReadonlyArray<unknown>
    }
    readonly logprobs: unknown
    readonly finish_reason: string
  }>
  readonly usage: { readonly prompt_tokens: number; readonly completion_tokens: number; readonly total_tokens: number }
}

interface ChunkFixture {
  readonly id: string
  readonly object: string
  readonly created: number
  readonly model: string
  readonly system_fingerprint: string
  readonly choices: ReadonlyArray<{
    readonly index: number
    readonly delta: Record<string, unknown>
    readonly logprobs: unknown
    readonly finish_reason: string | null
  }>
  readonly usage?: unknown
}

/**
 * Wire-shaped example responses, each with overrides.
 *
 * @since 0.1.0
 * @category fixtures
 */
export const Fixtures = {
  /**
   * A chat completion (`object: "chat.completion"`) answering "Hello from the test kit".
   */
  chatCompletion: (overrides?: Overrides<ChatCompletionFixture>): ChatCompletionFixture =>
    merge<ChatCompletionFixture>(
      {
        id: "chatcmpl-test",
        object: "chat.completion",
        created: 1_700_000_000,
        model: "gpt-4o-mini",
        system_fingerprint: "fp_test",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: "Hello from the test kit" },
            logprobs: null,
            finish_reason: "stop"
          }
        ],
        usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 }
      },
      overrides
    ),
  /**
   * One chat completion chunk (`object: "chat.completion.chunk"`).
   */
  chatCompletionChunk: (overrides?: Overrides<ChunkFixture>): ChunkFixture =>
    merge<ChunkFixture>(
      {
        id: "chatcmpl-test",
        object: "chat.completion.chunk",
        created: 1_700_000_000,
        model: "gpt-4o-mini",
        system_fingerprint: "fp_test",
        choices: [{ index: 0, delta: { content: "" }, logprobs: null, finish_reason: null }]
      },
      overrides
    ),
  /**
   * The chunks of a streamed answer, as the API sends them: a role chunk,
   * one chunk per word of `content`, a finish chunk, and with
   * `includeUsage` a last chunk with the usage and no choices.
   */
  chatCompletionChunks: (
    content: string,
    options: { readonly includeUsage?: boolean; readonly model?: string; readonly finishReason?: string } = {}
  ): ReadonlyArray<ChunkFixture> => {
    const base = Fixtures.chatCompletionChunk(options.model === undefined ? undefined : { model: options.model })
    const usage = options.includeUsage ? { usage: null } : {}
    const chunk = (delta: Record<string, unknown>, finish: string | null = null): ChunkFixture => ({
      ...base,
      ...usage,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }]
    })
    const words = content.match(/\S+\s*/g) ?? []
    const chunks: Array<ChunkFixture> = [chunk({ role: "assistant", content: "" })]
    for (const word of words) chunks.push(chunk({ content: word }))
    chunks.push(chunk({}, options.finishReason ?? "stop"))
    if (options.includeUsage) {
      const tokens = words.length
      chunks.push({
        ...base,
        choices: [],
        usage: { prompt_tokens: 9, completion_tokens: tokens, total_tokens: 9 + tokens }
      })
    }
    return chunks
  },
  /**
   * An embeddings response with `count` vectors of `dimensions` floats
   * (deterministic values).
   */
  embeddings: (
    options: { readonly count?: number; readonly dimensions?: number; readonly model?: string } = {}
  ): {
    readonly object: "list"
    readonly data: ReadonlyArray<{
      readonly object: "embedding"
      readonly index: number
      readonly embedding: Array<number>
    }>
    readonly model: string
    readonly usage: { readonly prompt_tokens: number; readonly total_tokens: number }
  } => {
    const count = options.count ?? 1
    const dimensions = options.dimensions ?? 8
    return {
      object: "list",
      data: Array.from({ length: count }, (_, index) => ({
        object: "embedding" as const,
        index,
        embedding: Array.from({ length: dimensions }, (_, d) => Math.fround(Math.sin(index * 31 + d) / 10))
      })),
      model: options.model ?? "text-embedding-3-small",
      usage: { prompt_tokens: count * 2, total_tokens: count * 2 }
    }
  },
  /**
   * A model object.
   */
  model: (overrides?: Overrides<{ id: string; object: string; created: number; owned_by: string }>) =>
    merge({ id: "gpt-4o-mini", object: "model", created: 1_700_000_000, owned_by: "system" }, overrides),
  /**
   * A model list with the given ids.
   */
  modelList: (ids: ReadonlyArray<string> = ["gpt-4o-mini", "gpt-4o"]) => ({
    object: "list" as const,
    data: ids.map((id) => Fixtures.model({ id }))
  }),
  /**
   * The answer to a model delete.
   */
  deletedModel: (id = "ft:gpt-4o-mini:test::abc123") => ({ id, object: "model", deleted: true })
}
