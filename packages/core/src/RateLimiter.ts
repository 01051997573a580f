/**
 * A client-side rate limiter: request and token budgets per model, shared by
 * every fiber that uses the layer, that adapt to the `x-ratelimit-*` headers
 * of the responses.
 *
 * Without it, a batch job that runs 200 calls at once gets 429s and lives on
 * retries. With it, each call waits for its budget before it is sent: the
 * configured one (requests and tokens a minute), or the one the API reports
 * (`x-ratelimit-limit-*`, `-remaining-*`, `-reset-*`). When a response says a
 * budget is spent, or a 429 arrives anyway (another process shares the
 * organization's budget), every call to that model waits until the reset
 * instead of hammering into more 429s.
 *
 * The pipeline picks the limiter up when its layer is built. Provide it under
 * the client's layer:
 *
 * @example
 * ```ts
 * import { NodeOpenAi } from "@effect-openai/node"
 * import { RateLimiter } from "@effect-openai/core"
 * import { Layer } from "effect"
 *
 * const OpenAiLive = NodeOpenAi.layerConfig().pipe(
 *   Layer.provide(RateLimiter.layer({ requestsPerMinute: 500, tokensPerMinute: 200_000 }))
 * )
 * ```
 *
 * `RateLimiter.layer()` with no budget at all learns them from the headers:
 * the first call to a model goes alone, and the others wait for its
 * response to know their budget.
 * Any value of the {@link Service} interface can replace the built-in one,
 * for example a limiter shared by several processes.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { definedOnly } from "./internal/params.js"
import * as internal from "./internal/rateLimiter.js"
import type * as ResponseMeta from "./ResponseMeta.js"

/**
 * What the pipeline tells the limiter about a request before it is sent.
 *
 * @since 0.1.0
 * @category models
 */
export interface Request {
  /** The spec's operationId, for example `"createChatCompletion"` */
  readonly operationId: string
  /** The `model` of the body, if it has one */
  readonly model: string | undefined
  /** The body as the caller gave it (`undefined` for calls without a body) */
  readonly body: unknown
}

/**
 * A rate limiter. The pipeline calls `acquire` before every attempt (retries
 * included, and outside the attempt's timeout), then `observe` once the
 * attempt has its response (errors included), or with `undefined` when the
 * attempt ended without one (a connection error, a timeout, an interrupt).
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Waits until the request may be sent, and takes its share of the budget */
  readonly acquire: (request: Request) => Effect.Effect<void>
  /** Learns from the response to the request, or that there was none */
  readonly observe: (request: Request, meta: ResponseMeta.ResponseMeta | undefined) => Effect.Effect<void>
}

/**
 * The limiter the pipeline uses, when there is one.
 *
 * @since 0.1.0
 * @category tags
 */
export class RateLimiter extends Context.Tag("@effect-openai/core/RateLimiter")<RateLimiter, Service>() {}

/**
 * Budgets a minute. A missing budget is learned from the responses'
 * `x-ratelimit-limit-*` headers. While a model has no budget at all, its
 * first call goes alone and the others wait for its response; a response
 * without those headers leaves the model unlimited.
 *
 * @since 0.1.0
 * @category models
 */
export interface Budget {
  /** Requests a minute */
  readonly requestsPerMinute?: number | undefined
  /** Tokens a minute, as estimated by `estimateTokens` */
  readonly tokensPerMinute?: number | undefined
}

/**
 * The options of the built-in limiter.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Budget {
  /**
   * Budgets of single models, over the ones above. OpenAI's limits are per
   * model; each model (and each call without a model) has its own budget.
   */
  readonly models?: Readonly<Record<string, Budget>> | undefined
  /**
   * Follow the `x-ratelimit-*` headers: learn missing budgets, lower the
   * budget left to what the API reports, wait for the reset when it is spent
   * (default `true`). A 429 pauses the model's calls in any case.
   */
  readonly followHeaders?: boolean | undefined
  /** The tokens a request counts against `tokensPerMinute` (default: {@link estimateTokens}) */
  readonly estimateTokens?: ((request: Request) => number) | undefined
}

/**
 * The default estimate of a request's tokens, the way OpenAI counts them
 * against a budget: the prompt (about four characters a token, over every
 * string of the body; token arrays count one a token; `data:` URLs are left
 * out) plus what the completion may use (`max_completion_tokens` or
 * `max_tokens`, times `best_of` or `n`). Files count nothing.
 *
 * @example
 * ```ts
 * import { RateLimiter } from "@effect-openai/core"
 *
 * RateLimiter.estimateTokens({
 *   operationId: "createChatCompletion",
 *   model: "gpt-4o-mini",
 *   body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello there!" }], max_tokens: 100 }
 * })
 * // 107: 27 characters of strings ("gpt-4o-mini", "user", "Hello there!") ≈ 7, plus max_tokens 100
 * ```
 *
 * @since 0.1.0
 * @category estimates
 */
export const estimateTokens: (request: Request) => number = internal.estimateTokens

/**
 * Builds the built-in limiter. Each use of the effect builds a new one, with
 * its own budgets.
 *
 * @example
 * ```ts
 * import { RateLimiter } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const limiter = yield* RateLimiter.make({ requestsPerMinute: 60 })
 *   yield* limiter.acquire({ operationId: "listModels", model: undefined, body: undefined })
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service> =>
  Effect.sync(() =>
    internal.make(options, (model, budget, waitMs) =>
      Effect.logDebug(
        `Rate limit: waiting ${Duration.format(Duration.millis(Math.ceil(waitMs)))} for the ${budget} budget of ${model ?? "calls without a model"}`
      ).pipe(Effect.annotateLogs({ model: model ?? "", budget, waitMs: Math.ceil(waitMs) }))
    )
  )

/**
 * The built-in limiter as a layer: one limiter for every client built on it.
 *
 * @example
 * ```ts
 * import { OpenAi, RateLimiter } from "@effect-openai/core"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Layer } from "effect"
 *
 * const OpenAiLive = OpenAi.layerConfig().pipe(
 *   Layer.provide(FetchHttpClient.layer),
 *   Layer.provide(RateLimiter.layer({ tokensPerMinute: 90_000, models: { "gpt-4o": { tokensPerMinute: 30_000 } } }))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<RateLimiter> => Layer.effect(RateLimiter, make(options))

/**
 * The built-in limiter with its budgets read through `Config`:
 * `OPENAI_RATE_LIMIT_RPM` and `OPENAI_RATE_LIMIT_TPM` (both optional).
 * `options` sets everything else, and its budgets win over the environment.
 *
 * @example
 * ```ts
 * import { RateLimiter } from "@effect-openai/core"
 *
 * // OPENAI_RATE_LIMIT_TPM=200000
 * const LimiterLive = RateLimiter.layerConfig()
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: Options = {}): Layer.Layer<RateLimiter, ConfigError.ConfigError> =>
  Layer.effect(
    RateLimiter,
    Effect.gen(function* () {
      const rpm = yield* Config.option(Config.number("OPENAI_RATE_LIMIT_RPM"))
      const tpm = yield* Config.option(Config.number("OPENAI_RATE_LIMIT_TPM"))
      return yield* make({
        requestsPerMinute: Option.getOrUndefined(rpm),
        tokensPerMinute: Option.getOrUndefined(tpm),
        ...definedOnly(options)
      })
    })
  )
