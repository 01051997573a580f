/**
 * A local OpenAI-compatible mock server over a real socket on 127.0.0.1, for
 * the examples, the integration tests and the benchmarks.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as internal from "./internal/server.js"

/**
 * One request as the server received it. `authorization` and `api-key` header
 * values are redacted.
 *
 * @example
 * ```ts
 * const [last] = server.requests().slice(-1)
 * console.log(last?.method, last?.path, last?.body) // "POST" "/v1/chat/completions" { model: "gpt-4o", ... }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedRequest {
  /** `x-request-id` of the response, e.g. `"req_3"`. */
  readonly requestId: string
  readonly method: string
  /** The path without the query string, e.g. `"/v1/chat/completions"`. */
  readonly path: string
  /** Query parameters (the last value wins when repeated). */
  readonly query: Readonly<Record<string, string>>
  /** Lower-cased header names; `authorization` becomes `"Bearer <redacted>"`, `api-key` `"<redacted>"`. */
  readonly headers: Readonly<Record<string, string>>
  /** The parsed JSON body; `undefined` when empty, the raw text when it is not JSON. */
  readonly body: unknown
  /** When the request arrived (`Date.now()` on the server, in milliseconds). */
  readonly receivedAt: number
  /**
   * The response's status and headers, once the server built them; `undefined`
   * while the request is being handled, or when the socket was dropped
   * (`x-mock-fault: drop`).
   */
  readonly response: RecordedResponse | undefined
}

/**
 * The status and headers of the response to a recorded request.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedResponse {
  readonly status: number
  /** Lower-cased header names, e.g. `retry-after-ms` of a 429. */
  readonly headers: Readonly<Record<string, string>>
}

/**
 * Rate-limit budgets. Passing them turns enforcement on: when a fixed window's
 * budget runs out, requests get a 429 (`rate_limit_exceeded`) with
 * `retry-after` / `retry-after-ms` until the window ends.
 *
 * @example
 * ```ts
 * const server = yield* MockServer.make({ rateLimit: { requests: 2, windowMs: 1000 } })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimitOptions {
  /** Requests per window (default 10,000). */
  readonly requests?: number
  /** Tokens per window, a token being about four bytes of request body (default 30,000,000). */
  readonly tokens?: number
  /** Window length in milliseconds (default 60,000). */
  readonly windowMs?: number
}

/**
 * Options of {@link make} and {@link start}.
 *
 * @example
 * ```ts
 * const server = yield* MockServer.make({ port: 0, keepAliveTimeout: 1000 })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MockServerOptions {
  /** TCP port on 127.0.0.1; default 0 (an ephemeral port). */
  readonly port?: number
  /** Milliseconds an idle keep-alive socket stays open on the server (Node's default: 5000). */
  readonly keepAliveTimeout?: number
  /** Enforce rate limits; without it the `x-ratelimit-*` headers show a budget that never runs out. */
  readonly rateLimit?: RateLimitOptions
  /** How many requests {@link MockServer.requests} keeps, newest last (default 1000). */
  readonly maxRecordedRequests?: number
}

/**
 * A running mock server.
 *
 * @example
 * ```ts
 * import * as MockServer from "@effect-openai/mock-server"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const server = yield* MockServer.make()
 *   const res = yield* Effect.promise(() =>
 *     fetch(`${server.baseUrl}/models`, { headers: { authorization: "Bearer sk-test" } })
 *   )
 *   console.log(res.status, server.totalConnections()) // 200 1
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MockServer {
  /** `"http://127.0.0.1:PORT"` */
  readonly url: string
  /** `url + "/v1"`: what a client uses as its base URL. */
  readonly baseUrl: string
  /** Sockets currently open, counted on the server (keep-alive sockets included). */
  readonly openConnections: () => number
  /** Sockets accepted since the server started. */
  readonly totalConnections: () => number
  /** SSE responses still being written. */
  readonly activeStreams: () => number
  /** The recorded requests, oldest first. */
  readonly requests: () => ReadonlyArray<RecordedRequest>
  /**
   * Resolves once `openConnections() <= n`; rejects after `timeoutMs`
   * (default 2000).
   */
  readonly waitForOpenConnections: (n: number, timeoutMs?: number) => Promise<void>
}

/**
 * A {@link MockServer} started with {@link start}, closed with `close()`.
 *
 * @example
 * ```ts
 * const server = await MockServer.start()
 * try { console.log(server.baseUrl) } finally { await server.close() }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RunningMockServer extends MockServer {
  /** Stops listening, destroys every socket and resolves when all are closed. */
  readonly close: () => Promise<void>
}

/**
 * The service tag of a {@link MockServer}, provided by {@link layer}.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const server = yield* MockServer.MockServer
 *   console.log(server.baseUrl)
 * }).pipe(Effect.provide(MockServer.layer()))
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export const MockServer: Context.Tag<MockServer, MockServer> = Context.GenericTag<MockServer>(
  "@effect-openai/mock-server/MockServer"
)

/**
 * Starts a server on 127.0.0.1; it stops (every socket destroyed) when the
 * scope closes.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const server = yield* MockServer.make()
 *   console.log(server.baseUrl) // http://127.0.0.1:54321/v1
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options?: MockServerOptions) => Effect.Effect<MockServer, never, Scope.Scope> = internal.make

/**
 * A layer that runs a server for the layer's lifetime.
 *
 * @example
 * ```ts
 * it.layer(MockServer.layer())("with a mock server", (it) => {
 *   it.effect("lists models", () => Effect.gen(function*() {
 *     const server = yield* MockServer.MockServer
 *     // ... call `${server.baseUrl}/models`
 *   }))
 * })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: (options?: MockServerOptions) => Layer.Layer<MockServer> = (options) =>
  internal.layer(MockServer, options)

/**
 * Starts a server for code outside Effect (benchmarks, scripts); call `close()`
 * when done.
 *
 * @example
 * ```ts
 * const server = await MockServer.start()
 * const res = await fetch(`${server.baseUrl}/models`, { headers: { authorization: "Bearer sk-test" } })
 * await server.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start: (options?: MockServerOptions) => Promise<RunningMockServer> = internal.start

/**
 * The ids `GET /v1/models` lists (the `ft:` one can be deleted).
 *
 * @example
 * ```ts
 * console.log(MockServer.modelIds) // ["gpt-4o", "gpt-4o-mini", ...]
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const modelIds: ReadonlyArray<string> = internal.modelIds
