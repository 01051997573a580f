/**
 * The request pipeline that every service uses. It validates and encodes the
 * request, adds the base URL, auth and headers, applies the per-attempt
 * timeout and the retry policy, maps error statuses to tagged errors and
 * decodes the response with its schema. Services are thin descriptions of
 * operations on top of it; you need it directly only to call an endpoint this
 * library does not cover yet.
 *
 * @example
 * ```ts
 * import { OpenAiClient, OpenAiConfig } from "@effect-openai/core"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Layer } from "effect"
 *
 * const ClientLive = OpenAiClient.layer.pipe(
 *   Layer.provide(OpenAiConfig.layerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Schedule from "effect/Schedule"
import type * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as internal from "./internal/client.js"
import * as Deadline from "./internal/deadline.js"
import * as Redirect from "./internal/redirect.js"
import * as Retry from "./internal/retry.js"
import type { SseEvent } from "./internal/sse.js"
import { OpenAiConfig } from "./OpenAiConfig.js"
import type * as OpenAiError from "./OpenAiError.js"
import { RateLimiter } from "./RateLimiter.js"
import type { ResponseMeta } from "./ResponseMeta.js"

/**
 * One call of one operation: method, path template, parameters and body.
 *
 * @since 0.1.0
 * @category models
 */
export type Operation = internal.Operation

/**
 * A server-sent event, as read from the wire.
 *
 * @since 0.1.0
 * @category models
 */
export type { SseEvent }

/**
 * The pipeline.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Sends the operation and decodes the JSON response with `schema`. */
  readonly json: <A, I>(operation: Operation, schema: Schema.Schema<A, I>) => Effect.Effect<A, OpenAiError.OpenAiError>
  /** Sends the operation and returns the body as text (for `srt`, `vtt`, `text` formats). */
  readonly text: (operation: Operation) => Effect.Effect<string, OpenAiError.OpenAiError>
  /** Sends the operation and streams the body's bytes, never buffering it whole. */
  readonly bytes: (operation: Operation) => Stream.Stream<Uint8Array, OpenAiError.OpenAiError>
  /** Sends the operation and streams its server-sent events as they are. */
  readonly events: (operation: Operation) => Stream.Stream<SseEvent, OpenAiError.OpenAiError>
  /**
   * Sends the operation and streams each event's JSON data decoded with
   * `schema`. `[DONE]` ends the stream; an `error` event fails it with
   * `StreamError`, and so does a connection that closes before `[DONE]`.
   */
  readonly jsonStream: <A, I>(
    operation: Operation,
    schema: Schema.Schema<A, I>
  ) => Stream.Stream<A, OpenAiError.OpenAiError>
}

/**
 * The pipeline service.
 *
 * @since 0.1.0
 * @category tags
 */
export class OpenAiClient extends Context.Tag("@effect-openai/core/OpenAiClient")<OpenAiClient, Service>() {}

/**
 * Builds the pipeline from an `HttpClient` and the configuration, with the
 * `RateLimiter` in the context if there is one (every call through this
 * pipeline then shares it).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, HttpClient.HttpClient | OpenAiConfig> = Effect.gen(function* () {
  const http = yield* HttpClient.HttpClient
  const config = yield* OpenAiConfig
  const limiter = yield* Effect.serviceOption(RateLimiter)
  return internal.make(Redirect.refuseRedirects(http), config, Option.getOrUndefined(limiter))
})

/**
 * The pipeline as a layer; needs an `HttpClient` and an `OpenAiConfig`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<OpenAiClient, never, HttpClient.HttpClient | OpenAiConfig> = Layer.effect(
  OpenAiClient,
  make
)

/**
 * Runs an effect and also returns the metadata of the last response it
 * received: request id, model, processing time, rate-limit budget.
 *
 * @example
 * ```ts
 * import { Chat, OpenAiClient } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const { value, meta } = yield* OpenAiClient.withMeta(
 *     Chat.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] })
 *   )
 *   console.log(value.choices[0]?.message.content, meta.requestId, meta.rateLimit.remainingTokens)
 * })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const withMeta = <A, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<{ readonly value: A; readonly meta: ResponseMeta }, E, R> =>
  Effect.suspend(() => {
    let meta: ResponseMeta | undefined
    return Effect.locally(self, internal.currentMetaSink, (m) => {
      meta = m
    }).pipe(
      Effect.flatMap((value) =>
        meta === undefined
          ? Effect.dieMessage("OpenAiClient.withMeta: the effect made no OpenAI request")
          : Effect.succeed({ value, meta })
      )
    )
  })

/**
 * The default retry policy, to tune or to build on: exponential backoff from
 * `initialDelay` (0.5 s) doubling up to `maxDelay` (8 s) with up to 25%
 * jitter, at most `maxRetries` (2) times. A `retry-after-ms` or `retry-after`
 * of up to 60 s from the server replaces the backoff. Only retryable errors
 * reach it (see `OpenAiError.isRetryable`).
 *
 * @example
 * ```ts
 * import { OpenAiClient, OpenAiConfig } from "@effect-openai/core"
 * import { Schedule } from "effect"
 *
 * // five retries with the default backoff
 * OpenAiConfig.layer({ retrySchedule: OpenAiClient.defaultRetrySchedule({ maxRetries: 5 }) })
 * // or a schedule of your own: every second, three times
 * OpenAiConfig.layer({ retrySchedule: Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(3))) })
 * ```
 *
 * @since 0.1.0
 * @category retries
 */
export const defaultRetrySchedule: (options?: {
  readonly maxRetries?: number | undefined
  readonly initialDelay?: Duration.DurationInput | undefined
  readonly maxDelay?: Duration.DurationInput | undefined
}) => Schedule.Schedule<unknown, OpenAiError.OpenAiError> = Retry.defaultRetrySchedule

/**
 * For HTTP layers: set this property to `true` on an `HttpClient` that never
 * follows redirects by itself (undici's dispatcher does not; `fetch` does).
 * The pipeline refuses redirects on every other client by giving `fetch`
 * `redirect: "manual"` in each request's context, a copy of the whole
 * context per request; a client marked so is used as it is.
 * `UndiciHttpClient` of `@effect-openai/node` is marked.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { OpenAiClient } from "@effect-openai/core"
 *
 * declare const client: HttpClient.HttpClient // one that never follows a 3xx
 * const marked = Object.assign(client, { [OpenAiClient.neverFollowsRedirects]: true })
 * ```
 *
 * @since 0.1.0
 * @category transport
 */
export const neverFollowsRedirects: typeof Redirect.neverFollowsRedirects = Redirect.neverFollowsRedirects

/**
 * For HTTP layers: set this property to `true` on an `HttpClient` that
 * enforces the attempt deadline the pipeline attaches to a request (read it
 * with `attemptDeadline`). The pipeline then times attempts without a child
 * fiber: the transport aborts the request when the deadline passes, and the
 * attempt fails with the same `TimeoutError`. `UndiciHttpClient` of
 * `@effect-openai/node` is marked. Other clients are timed by the pipeline.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { OpenAiClient } from "@effect-openai/core"
 *
 * declare const client: HttpClient.HttpClient // one that calls `attemptDeadline(request)?.onExpire(abort)`
 * const marked = Object.assign(client, { [OpenAiClient.enforcesAttemptDeadlines]: true })
 * ```
 *
 * @since 0.1.0
 * @category transport
 */
export const enforcesAttemptDeadlines: typeof Deadline.enforcesAttemptDeadlines = Deadline.enforcesAttemptDeadlines

/**
 * The deadline of one attempt, as a transport sees it.
 *
 * @since 0.1.0
 * @category transport
 */
export interface AttemptDeadline {
  /** No client span for this request: nothing would record it. */
  readonly untraced: boolean
  /** How to abort the request when the deadline passes (called at once if it has passed). */
  readonly onExpire: (abort: (cause: Error) => void) => void
  /** The request was abandoned (interrupted): the deadline no longer applies. */
  readonly clear: () => void
}

/**
 * The attempt deadline attached to a request by the pipeline, if any (only
 * for clients marked with `enforcesAttemptDeadlines`).
 *
 * @example
 * ```ts
 * import type { HttpClientRequest } from "@effect/platform"
 * import { OpenAiClient } from "@effect-openai/core"
 *
 * declare const request: HttpClientRequest.HttpClientRequest
 * const controller = new AbortController()
 * OpenAiClient.attemptDeadline(request)?.onExpire((cause) => controller.abort(cause))
 * ```
 *
 * @since 0.1.0
 * @category transport
 */
export const attemptDeadline: (request: HttpClientRequest.HttpClientRequest) => AttemptDeadline | undefined =
  Deadline.of
