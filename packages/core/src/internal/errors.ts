/**
 * Turning failed responses, transport failures and schema failures into the
 * tagged errors of `OpenAiError`.
 *
 * @internal
 */
import type * as Duration from "effect/Duration"
import * as ParseResult from "effect/ParseResult"
import * as OpenAiError from "../OpenAiError.js"
import type { ResponseMeta } from "../ResponseMeta.js"

/** How much of a non-JSON error body is kept on the error. */
export const maxErrorBodyText = 4096

/** Renders a schema path the way a reader writes it: `messages[0].role`. */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`
    else out += out === "" ? String(key) : `.${String(key)}`
  }
  return out
}

/** The issues of a parse error, each with its path. */
export const parseIssues = (
  error: ParseResult.ParseError,
  prefix: ReadonlyArray<PropertyKey> = []
): ReadonlyArray<{ readonly field: string; readonly message: string }> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    field: formatPath([...prefix, ...issue.path]) || "(root)",
    message: issue.message
  }))

/** A request that failed its schema: nothing is sent. */
export const invalidRequest = (
  operation: string,
  issues: ReadonlyArray<{ readonly field: string; readonly message: string }>
): OpenAiError.InvalidRequestError => {
  const first = issues[0] ?? { field: "(root)", message: "invalid" }
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""
  return new OpenAiError.InvalidRequestError({
    message: `Invalid request for ${operation}: ${first.field}: ${first.message}${more}`,
    operation,
    field: first.field,
    issues
  })
}

const stringOrUndefined = (u: unknown): string | undefined =>
  typeof u === "string" ? u : typeof u === "number" ? String(u) : undefined

/** The `error` object of an OpenAI error body, if the body has one. */
export const errorObject = (body: unknown): Record<string, unknown> | undefined => {
  if (typeof body !== "object" || body === null) return undefined
  const error = (body as { error?: unknown }).error
  if (typeof error === "object" && error !== null) return error as Record<string, unknown>
  return undefined
}

/** Parses an error body: JSON when it is JSON, else its text (bounded). */
export const parseErrorBody = (text: string): unknown => {
  const trimmed = text.trimStart()
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(text)
    } catch {
      // not JSON after all: keep the text
    }
  }
  return text.length > maxErrorBodyText ? `${text.slice(0, maxErrorBodyText)}…` : text
}

/** The tagged error for an error status. */
export const apiError = (options: {
  readonly status: number
  readonly method: string
  readonly url: string
  readonly meta: ResponseMeta
  readonly body: unknown
  readonly retryAfter: Duration.Duration | undefined
}): OpenAiError.ApiError => {
  const { body, status } = options
  const error = errorObject(body)
  const type = stringOrUndefined(error?.type)
  const code = stringOrUndefined(error?.code)
  const param = stringOrUndefined(error?.param)
  const apiMessage =
    stringOrUndefined(error?.message) ??
    (typeof body === "string" && body.trim() !== "" ? firstLine(body) : `HTTP ${status}`)
  const requestId = options.meta.requestId
  const fields: OpenAiError.ApiErrorFields = {
    message: `${status} ${apiMessage}${requestId === undefined ? "" : ` (request ${requestId})`}`,
    status,
    requestId,
    type,
    code,
    param,
    method: options.method,
    url: options.url,
    meta: options.meta,
    body,
    retryAfter: options.retryAfter
  }
  if (status === 429) {
    return code === "insufficient_quota" || type === "insufficient_quota"
      ? new OpenAiError.QuotaExceededError(fields)
      : new OpenAiError.RateLimitError(fields)
  }
  const known = OpenAiError.statusErrors[status as keyof typeof OpenAiError.statusErrors]
  if (known !== undefined) return new known(fields)
  if (status >= 500) return new OpenAiError.InternalServerError(fields)
  return new OpenAiError.UnexpectedStatusError(fields)
}

const firstLine = (text: string): string => {
  const title = /<title>([^<]*)<\/title>/i.exec(text)
  const line = (title?.[1] ?? text).trim().split(/\r?\n/, 1)[0] ?? ""
  return line.length > 200 ? `${line.slice(0, 200)}…` : line
}

/** Describes a transport failure without the request (which holds the key). */
export const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause
    const code = (cause as { code?: unknown }).code ?? (inner as { code?: unknown } | undefined)?.code
    const innerMessage = inner instanceof Error ? inner.message : undefined
    return [cause.message, innerMessage, typeof code === "string" ? code : undefined]
      .filter((s): s is string => s !== undefined && s !== "")
      .join(": ")
  }
  return String(cause)
}
