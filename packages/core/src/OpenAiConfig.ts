/**
 * How effect-openai reaches the API: key, base URL, organization and project,
 * default headers and query, the per-attempt timeout, the retry policy, the
 * stream idle timeout, and Azure OpenAI.
 *
 * @example
 * ```ts
 * import { OpenAiConfig } from "@effect-openai/core"
 * import { Redacted } from "effect"
 *
 * // explicit values
 * const explicit = OpenAiConfig.layer({ apiKey: Redacted.make("sk-..."), timeout: "30 seconds" })
 * // or from the environment: OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID
 * const fromEnv = OpenAiConfig.layerConfig()
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import { globalValue } from "effect/GlobalValue"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { definedOnly } from "./internal/params.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * Azure OpenAI settings. With these, requests go to
 * `{baseUrl}/deployments/{deployment}/…?api-version=…` for the model
 * endpoints, and authenticate with the `api-key` header or a bearer token
 * from `tokenProvider`.
 *
 * @since 0.1.0
 * @category models
 */
export interface AzureOptions {
  /** The `api-version` query parameter, for example `"2024-06-01"` */
  readonly apiVersion: string
  /** The deployment to call; when absent, the request's `model` names the deployment */
  readonly deployment?: string | undefined
  /** A Microsoft Entra ID token source, called before every attempt */
  readonly tokenProvider?: Effect.Effect<Redacted.Redacted<string>, OpenAiError> | undefined
}

/**
 * The options of `layer`, and of `override` (where every field is optional
 * and `headers`/`query` merge into the current ones).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The API key, sent as `Authorization: Bearer …` (or `api-key: …` on Azure) */
  readonly apiKey?: Redacted.Redacted<string> | undefined
  /** Default `https://api.openai.com/v1`; for Azure `https://{resource}.openai.azure.com/openai` */
  readonly baseUrl?: string | undefined
  /** Sent as `OpenAI-Organization` */
  readonly organization?: string | undefined
  /** Sent as `OpenAI-Project` */
  readonly project?: string | undefined
  /** Headers added to every request */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** Query parameters added to every request */
  readonly query?: Readonly<Record<string, string>> | undefined
  /** The limit for one attempt (until the full body, or a stream's headers). Default 10 minutes */
  readonly timeout?: Duration.DurationInput | undefined
  /** Retries of the default policy. Default 2; 0 turns retries off */
  readonly maxRetries?: number | undefined
  /**
   * Replaces the default retry policy. It receives each retryable error
   * (non-retryable ones are never retried). See `OpenAiClient.defaultRetrySchedule`.
   */
  readonly retrySchedule?: Schedule.Schedule<unknown, OpenAiError> | undefined
  /** Fails a stream that receives nothing for this long. Default: none */
  readonly streamIdleTimeout?: Duration.DurationInput | undefined
  /** Azure OpenAI */
  readonly azure?: AzureOptions | undefined
}

/**
 * The resolved configuration the request pipeline reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface Resolved {
  readonly apiKey: Redacted.Redacted<string> | undefined
  readonly baseUrl: string
  readonly organization: string | undefined
  readonly project: string | undefined
  readonly headers: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, string>>
  readonly timeout: Duration.Duration
  readonly maxRetries: number
  readonly retrySchedule: Schedule.Schedule<unknown, OpenAiError> | undefined
  readonly streamIdleTimeout: Duration.Duration | undefined
  readonly azure: AzureOptions | undefined
}

/**
 * The default base URL.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://api.openai.com/v1"

/**
 * The default per-attempt timeout: 10 minutes.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultTimeout: Duration.Duration = Duration.minutes(10)

/**
 * The configuration service.
 *
 * @since 0.1.0
 * @category tags
 */
export class OpenAiConfig extends Context.Tag("@effect-openai/core/OpenAiConfig")<OpenAiConfig, Resolved>() {}

const trimSlash = (url: string) => (url.endsWith("/") ? url.slice(0, -1) : url)

/**
 * Resolves options into a full configuration, filling in the defaults.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Resolved => ({
  apiKey: options.apiKey,
  baseUrl: trimSlash(options.baseUrl ?? defaultBaseUrl),
  organization: options.organization,
  project: options.project,
  headers: options.headers ?? {},
  query: options.query ?? {},
  timeout: options.timeout === undefined ? defaultTimeout : Duration.decode(options.timeout),
  maxRetries: options.maxRetries ?? 2,
  retrySchedule: options.retrySchedule,
  streamIdleTimeout: options.streamIdleTimeout === undefined ? undefined : Duration.decode(options.streamIdleTimeout),
  azure: options.azure
})

/**
 * A layer from explicit options.
 *
 * @example
 * ```ts
 * import { OpenAiConfig } from "@effect-openai/core"
 * import { Redacted } from "effect"
 *
 * const ConfigLive = OpenAiConfig.layer({
 *   apiKey: Redacted.make("sk-..."),
 *   organization: "org-123",
 *   headers: { "x-team": "search" },
 *   maxRetries: 5
 * })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<OpenAiConfig> => Layer.succeed(OpenAiConfig, make(options))

/**
 * A layer that reads the environment through `Config`: `OPENAI_API_KEY` (as
 * `Redacted`), `OPENAI_BASE_URL`, `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID`.
 * `options` sets everything else, and wins over the environment.
 *
 * @example
 * ```ts
 * import { OpenAiConfig } from "@effect-openai/core"
 *
 * const ConfigLive = OpenAiConfig.layerConfig({ timeout: "2 minutes" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: Options = {}): Layer.Layer<OpenAiConfig, ConfigError.ConfigError> =>
  Layer.effect(
    OpenAiConfig,
    Effect.gen(function* () {
      const apiKey = yield* Config.option(Config.redacted("OPENAI_API_KEY"))
      const baseUrl = yield* Config.option(Config.nonEmptyString("OPENAI_BASE_URL"))
      const organization = yield* Config.option(Config.nonEmptyString("OPENAI_ORG_ID"))
      const project = yield* Config.option(Config.nonEmptyString("OPENAI_PROJECT_ID"))
      return make({
        apiKey: Option.getOrUndefined(apiKey),
        baseUrl: Option.getOrUndefined(baseUrl),
        organization: Option.getOrUndefined(organization),
        project: Option.getOrUndefined(project),
        ...definedOnly(options)
      })
    })
  )

/**
 * A layer for Azure OpenAI. Reads `AZURE_OPENAI_API_KEY` (unless a
 * `tokenProvider` is given), `AZURE_OPENAI_ENDPOINT` (the resource URL) and
 * `OPENAI_API_VERSION` when they are not given in `options`.
 *
 * @example
 * ```ts
 * import { OpenAiConfig } from "@effect-openai/core"
 *
 * const AzureLive = OpenAiConfig.layerAzureConfig({ deployment: "my-gpt-4o" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAzureConfig = (
  options: Partial<AzureOptions> & Omit<Options, "azure"> & { readonly endpoint?: string | undefined } = {}
): Layer.Layer<OpenAiConfig, ConfigError.ConfigError> =>
  Layer.effect(
    OpenAiConfig,
    Effect.gen(function* () {
      const endpoint = options.endpoint ?? (yield* Config.nonEmptyString("AZURE_OPENAI_ENDPOINT"))
      const apiVersion = options.apiVersion ?? (yield* Config.nonEmptyString("OPENAI_API_VERSION"))
      const apiKey =
        options.apiKey ??
        (options.tokenProvider === undefined ? yield* Config.redacted("AZURE_OPENAI_API_KEY") : undefined)
      const { endpoint: _e, apiVersion: _v, deployment, tokenProvider, ...rest } = options
      return make({
        ...definedOnly(rest),
        apiKey,
        baseUrl: options.baseUrl ?? `${trimSlash(endpoint)}/openai`,
        azure: { apiVersion, deployment, tokenProvider }
      })
    })
  )

/**
 * Applies an override to a configuration: scalar fields replace,
 * `headers` and `query` merge.
 *
 * @since 0.1.0
 * @category combinators
 */
export const merge = (base: Resolved, patch: Options): Resolved => {
  if (Object.keys(patch).length === 0) return base
  const defined = definedOnly(patch)
  return {
    ...base,
    ...defined,
    baseUrl: defined.baseUrl === undefined ? base.baseUrl : trimSlash(defined.baseUrl),
    headers: defined.headers === undefined ? base.headers : { ...base.headers, ...defined.headers },
    query: defined.query === undefined ? base.query : { ...base.query, ...defined.query },
    timeout: defined.timeout === undefined ? base.timeout : Duration.decode(defined.timeout),
    streamIdleTimeout:
      defined.streamIdleTimeout === undefined ? base.streamIdleTimeout : Duration.decode(defined.streamIdleTimeout),
    azure: defined.azure === undefined ? base.azure : defined.azure
  } as Resolved
}

/**
 * The overrides in force for the current fiber.
 *
 * @since 0.1.0
 * @category fiber refs
 */
export const currentOverrides: FiberRef.FiberRef<Options> = globalValue(
  "@effect-openai/core/OpenAiConfig/currentOverrides",
  () => FiberRef.unsafeMake<Options>({})
)

const combine = (outer: Options, inner: Options): Options => ({
  ...outer,
  ...inner,
  ...(outer.headers !== undefined && inner.headers !== undefined
    ? { headers: { ...outer.headers, ...inner.headers } }
    : {}),
  ...(outer.query !== undefined && inner.query !== undefined ? { query: { ...outer.query, ...inner.query } } : {})
})

/**
 * Overrides the configuration for every call made inside one effect, like a
 * per-call config: a longer timeout for one slow job, another key, an extra
 * header, no retries.
 *
 * @example
 * ```ts
 * import { Chat, OpenAiConfig } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const slow = Chat.create({ model: "gpt-4o", messages: [{ role: "user", content: "Write a long essay" }] }).pipe(
 *   OpenAiConfig.override({ timeout: "5 minutes", maxRetries: 0, headers: { "x-trace": "essay" } })
 * )
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const override: {
  (patch: Options): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, patch: Options): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, patch: Options): Effect.Effect<A, E, R> =>
    Effect.locallyWith(self, currentOverrides, (outer) => combine(outer, patch))
)

/**
 * `override` for a stream: every request the stream makes uses the patch.
 *
 * @example
 * ```ts
 * import { Chat, OpenAiConfig } from "@effect-openai/core"
 *
 * const chunks = Chat.stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }).pipe(
 *   OpenAiConfig.overrideStream({ streamIdleTimeout: "20 seconds" })
 * )
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const overrideStream: {
  (patch: Options): <A, E, R>(self: Stream.Stream<A, E, R>) => Stream.Stream<A, E, R>
  <A, E, R>(self: Stream.Stream<A, E, R>, patch: Options): Stream.Stream<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Stream.Stream<A, E, R>, patch: Options): Stream.Stream<A, E, R> =>
    Stream.unwrapScoped(
      Effect.as(
        Effect.locallyScopedWith(currentOverrides, (outer) => combine(outer, patch)),
        self
      )
    )
)

/**
 * The configuration in force: the layer's, with the current overrides.
 *
 * @since 0.1.0
 * @category accessors
 */
export const current: Effect.Effect<Resolved, never, OpenAiConfig> = Effect.flatMap(OpenAiConfig, (base) =>
  Effect.map(FiberRef.get(currentOverrides), (patch) => merge(base, patch))
)
