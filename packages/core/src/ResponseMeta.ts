/**
 * What the API says about a response besides its body: the request id, the
 * model and organization that served it, processing time and the rate-limit
 * budget left. Every API error carries it, and `OpenAiClient.withMeta` reads
 * it after a successful call.
 *
 * @since 0.1.0
 */

/**
 * The `x-ratelimit-*` headers of a response, parsed.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimit {
  /** `x-ratelimit-limit-requests` */
  readonly limitRequests: number | undefined
  /** `x-ratelimit-limit-tokens` */
  readonly limitTokens: number | undefined
  /** `x-ratelimit-remaining-requests` */
  readonly remainingRequests: number | undefined
  /** `x-ratelimit-remaining-tokens` */
  readonly remainingTokens: number | undefined
  /** `x-ratelimit-reset-requests`, as sent (for example `"1s"` or `"6m0s"`) */
  readonly resetRequests: string | undefined
  /** `x-ratelimit-reset-tokens`, as sent */
  readonly resetTokens: string | undefined
  /** `x-ratelimit-reset-requests` in milliseconds */
  readonly resetRequestsMs: number | undefined
  /** `x-ratelimit-reset-tokens` in milliseconds */
  readonly resetTokensMs: number | undefined
}

/**
 * The metadata of one HTTP response.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponseMeta {
  /** The HTTP status */
  readonly status: number
  /** `x-request-id`: quote it when you contact OpenAI support */
  readonly requestId: string | undefined
  /** `openai-model` */
  readonly model: string | undefined
  /** `openai-organization` */
  readonly organization: string | undefined
  /** `openai-project` */
  readonly project: string | undefined
  /** `openai-version` */
  readonly version: string | undefined
  /** `openai-processing-ms` */
  readonly processingMs: number | undefined
  /** The `x-ratelimit-*` headers */
  readonly rateLimit: RateLimit
  /** All response headers, lower-cased */
  readonly headers: Readonly<Record<string, string>>
}

const num = (value: string | undefined): number | undefined => {
  if (value === undefined || value === "") return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

const durationUnits: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6
}
const durationPart = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g

/**
 * Parses the duration format of the `x-ratelimit-reset-*` headers
 * (`"1s"`, `"6m0s"`, `"20ms"`, `"1h2m3.5s"`) into milliseconds.
 *
 * @example
 * ```ts
 * import { ResponseMeta } from "@effect-openai/core"
 *
 * ResponseMeta.parseResetDuration("6m0s") // 360000
 * ```
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseResetDuration = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (trimmed === "") return undefined
  const plain = Number(trimmed)
  if (Number.isFinite(plain)) return plain * 1000
  let total = 0
  let consumed = 0
  for (const match of trimmed.matchAll(durationPart)) {
    total += Number(match[1]) * (durationUnits[match[2]!] ?? 0)
    consumed += match[0].length
  }
  return consumed === trimmed.length ? total : undefined
}

/**
 * Builds the metadata from a status and lower-cased headers.
 *
 * @example
 * ```ts
 * import { ResponseMeta } from "@effect-openai/core"
 *
 * const meta = ResponseMeta.fromHeaders(200, { "x-request-id": "req_1", "x-ratelimit-remaining-requests": "59" })
 * meta.rateLimit.remainingRequests // 59
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromHeaders = (status: number, headers: Readonly<Record<string, string>>): ResponseMeta => ({
  status,
  requestId: headers["x-request-id"],
  model: headers["openai-model"],
  organization: headers["openai-organization"],
  project: headers["openai-project"],
  version: headers["openai-version"],
  processingMs: num(headers["openai-processing-ms"]),
  rateLimit: {
    limitRequests: num(headers["x-ratelimit-limit-requests"]),
    limitTokens: num(headers["x-ratelimit-limit-tokens"]),
    remainingRequests: num(headers["x-ratelimit-remaining-requests"]),
    remainingTokens: num(headers["x-ratelimit-remaining-tokens"]),
    resetRequests: headers["x-ratelimit-reset-requests"],
    resetTokens: headers["x-ratelimit-reset-tokens"],
    resetRequestsMs: parseResetDuration(headers["x-ratelimit-reset-requests"]),
    resetTokensMs: parseResetDuration(headers["x-ratelimit-reset-tokens"])
  },
  headers
})
