/**
 * The tagged errors of effect-openai. Every failure of a call is one of
 * these, grouped in the unions `ApiError` (the API answered with an error
 * status) and `OpenAiError` (everything), so `Effect.catchTag` and
 * `Effect.catchTags` read naturally.
 *
 * No error ever holds the API key: requests are not stored on errors, only
 * their method and URL.
 *
 * @example
 * ```ts
 * import { Chat, OpenAiError } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Chat.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }).pipe(
 *   Effect.catchTags({
 *     RateLimitError: (e) => Effect.logWarning(`slow down: ${e.meta.rateLimit.resetRequests}`),
 *     AuthenticationError: (e) => Effect.logError(e.message)
 *   })
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import type { ResponseMeta } from "./ResponseMeta.js"

/**
 * The fields every API error carries.
 *
 * @since 0.1.0
 * @category models
 */
export interface ApiErrorFields {
  /** A readable summary: status, the API's message, and the request id */
  readonly message: string
  /** The HTTP status */
  readonly status: number
  /** `x-request-id` of the response */
  readonly requestId: string | undefined
  /** `error.type` from the body, for example `"invalid_request_error"` */
  readonly type: string | undefined
  /** `error.param` from the body: the request field the API objected to */
  readonly param: string | undefined
  /** `error.code` from the body, for example `"rate_limit_exceeded"` */
  readonly code: string | undefined
  /** The HTTP method of the request */
  readonly method: string
  /** The URL of the request (it never holds credentials) */
  readonly url: string
  /** The response metadata: rate limits, processing time, all headers */
  readonly meta: ResponseMeta
  /** The parsed error body, or its text (at most 4 KiB) when it was not JSON */
  readonly body: unknown
  /** How long the server asked us to wait (`retry-after-ms` or `retry-after`), if it did */
  readonly retryAfter: Duration.Duration | undefined
}

/**
 * 400: the request was malformed or missing a parameter (see `param`).
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequestError extends Data.TaggedError("BadRequestError")<ApiErrorFields> {}

/**
 * 401: the API key is missing, wrong or revoked.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationError extends Data.TaggedError("AuthenticationError")<ApiErrorFields> {}

/**
 * 403: the key may not use this resource (or this region).
 *
 * @since 0.1.0
 * @category errors
 */
export class PermissionDeniedError extends Data.TaggedError("PermissionDeniedError")<ApiErrorFields> {}

/**
 * 404: the resource (model, file, thread…) does not exist for this key.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFoundError extends Data.TaggedError("NotFoundError")<ApiErrorFields> {}

/**
 * 409: the resource is in a state that conflicts with the request.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConflictError extends Data.TaggedError("ConflictError")<ApiErrorFields> {}

/**
 * 422: the request was well formed but could not be processed.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnprocessableEntityError extends Data.TaggedError("UnprocessableEntityError")<ApiErrorFields> {}

/**
 * 429: a rate limit was hit. `meta.rateLimit` says which budget and when it
 * resets; retries wait for `retryAfter` when the server sends it.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitError extends Data.TaggedError("RateLimitError")<ApiErrorFields> {}

/**
 * 429 with `insufficient_quota`: the account is out of credit. Retrying does
 * not help, so it is never retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class QuotaExceededError extends Data.TaggedError("QuotaExceededError")<ApiErrorFields> {}

/**
 * 5xx: the API failed. Retried by default.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalServerError extends Data.TaggedError("InternalServerError")<ApiErrorFields> {}

/**
 * Any other non-2xx status (for example 408, or a 3xx that was not followed).
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedStatusError extends Data.TaggedError("UnexpectedStatusError")<ApiErrorFields> {}

/**
 * The request never got an answer: DNS, refused or reset connection, TLS.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionError extends Data.TaggedError("ConnectionError")<{
  readonly message: string
  readonly method: string
  readonly url: string
  /** The underlying transport error (never the request, which holds the key) */
  readonly cause?: unknown
}> {}

/**
 * An attempt took longer than the configured `timeout`, a stream went
 * quiet for longer than `streamIdleTimeout`, or a polling helper passed its
 * deadline.
 *
 * @since 0.1.0
 * @category errors
 */
export class TimeoutError extends Data.TaggedError("TimeoutError")<{
  readonly message: string
  readonly method: string
  readonly url: string
  /** `"request"`: the per-attempt timeout; `"idle"`: the stream idle timeout; `"deadline"`: the overall deadline of a polling helper or a loop */
  readonly kind: "request" | "idle" | "deadline"
  readonly timeout: Duration.Duration
}> {}

/**
 * The input did not match the request schema. Nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequestError extends Data.TaggedError("InvalidRequestError")<{
  readonly message: string
  /** The operation, for example `"createChatCompletion"` */
  readonly operation: string
  /** The first offending field, as a path like `"messages[0].role"` */
  readonly field: string
  /** Every problem found, each with its path */
  readonly issues: ReadonlyArray<{ readonly field: string; readonly message: string }>
}> {}

/**
 * A 2xx response whose body could not be read as the documented type.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError extends Data.TaggedError("ResponseDecodeError")<{
  readonly message: string
  readonly method: string
  readonly url: string
  readonly meta: ResponseMeta | undefined
  /** The field that did not match, as a path, when the body was JSON */
  readonly field: string | undefined
  readonly cause?: unknown
}> {}

/**
 * A stream failed after it started: an `error` event from the API, a
 * malformed event, or a connection that ended in the middle of an event.
 *
 * @since 0.1.0
 * @category errors
 */
export class StreamError extends Data.TaggedError("StreamError")<{
  readonly message: string
  /** `"error-event"`: the API sent an error; `"invalid-event"`: an event was not valid; `"truncated"`: the stream ended mid-event or before its end marker; `"transport"`: the connection failed mid-stream */
  readonly reason: "error-event" | "invalid-event" | "truncated" | "transport"
  readonly type: string | undefined
  readonly code: string | undefined
  readonly param: string | undefined
  readonly meta: ResponseMeta | undefined
  readonly cause?: unknown
}> {}

/**
 * The API answered with an error status.
 *
 * @since 0.1.0
 * @category models
 */
export type ApiError =
  | BadRequestError
  | AuthenticationError
  | PermissionDeniedError
  | NotFoundError
  | ConflictError
  | UnprocessableEntityError
  | RateLimitError
  | QuotaExceededError
  | InternalServerError
  | UnexpectedStatusError

/**
 * Every way a call can fail.
 *
 * @since 0.1.0
 * @category models
 */
export type OpenAiError =
  | ApiError
  | ConnectionError
  | TimeoutError
  | InvalidRequestError
  | ResponseDecodeError
  | StreamError

const apiErrorTags = new Set([
  "BadRequestError",
  "AuthenticationError",
  "PermissionDeniedError",
  "NotFoundError",
  "ConflictError",
  "UnprocessableEntityError",
  "RateLimitError",
  "QuotaExceededError",
  "InternalServerError",
  "UnexpectedStatusError"
])

/**
 * Is this an error status from the API?
 *
 * @since 0.1.0
 * @category guards
 */
export const isApiError = (u: unknown): u is ApiError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && apiErrorTags.has(u._tag)

/**
 * Would the default policy retry this error? `x-should-retry` from the server
 * decides first; then 408, 409, 429 (but not `insufficient_quota`), 5xx,
 * connection errors and per-attempt timeouts are retried.
 *
 * @example
 * ```ts
 * import { OpenAiError } from "@effect-openai/core"
 *
 * OpenAiError.isRetryable(new OpenAiError.ConnectionError({ message: "reset", method: "GET", url: "/models" })) // true
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isRetryable = (error: OpenAiError): boolean => {
  switch (error._tag) {
    case "ConnectionError":
      return true
    case "TimeoutError":
      return error.kind === "request"
    case "InvalidRequestError":
    case "ResponseDecodeError":
    case "StreamError":
      return false
    case "QuotaExceededError":
      return shouldRetryHeader(error) ?? false
    default: {
      const header = shouldRetryHeader(error)
      if (header !== undefined) return header
      const status = error.status
      return status === 408 || status === 409 || status === 429 || status >= 500
    }
  }
}

const shouldRetryHeader = (error: ApiError): boolean | undefined => {
  const value = error.meta.headers["x-should-retry"]
  return value === "true" ? true : value === "false" ? false : undefined
}

/** @internal */
export const statusErrors = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError
} as const
