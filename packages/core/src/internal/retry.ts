/**
 * The default retry policy and the reading of `retry-after` headers.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { OpenAiError } from "../OpenAiError.js"

/** The longest server-requested wait that is honoured; longer ones fall back to the backoff. */
export const maxRetryAfter = Duration.seconds(60)

/**
 * Reads `retry-after-ms`, then `retry-after` (seconds, or an HTTP date
 * measured against the effect `Clock`).
 */
export const retryAfterFromHeaders = (
  headers: Readonly<Record<string, string>>
): Effect.Effect<Duration.Duration | undefined> =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    const ms = retryAfterMillis(headers, now)
    return ms === undefined ? undefined : Duration.millis(ms)
  })

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date (from `now`), in milliseconds. */
export const retryAfterMillis = (headers: Readonly<Record<string, string>>, now: number): number | undefined => {
  const ms = headers["retry-after-ms"]
  if (ms !== undefined) {
    const n = Number.parseFloat(ms)
    if (Number.isFinite(n) && n >= 0) return n
  }
  const value = headers["retry-after"]
  if (value === undefined) return undefined
  const seconds = Number(value)
  if (value.trim() !== "" && Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

const serverDelay = (error: OpenAiError): Duration.Duration | undefined => {
  const retryAfter = "retryAfter" in error ? error.retryAfter : undefined
  return retryAfter !== undefined && Duration.lessThanOrEqualTo(retryAfter, maxRetryAfter) ? retryAfter : undefined
}

/** The options of the default policy. */
export interface RetryOptions {
  readonly maxRetries?: number | undefined
  readonly initialDelay?: Duration.DurationInput | undefined
  readonly maxDelay?: Duration.DurationInput | undefined
}

/**
 * Exponential backoff from `initialDelay` (0.5 s) doubling up to `maxDelay`
 * (8 s), shortened by up to 25% of jitter, at most `maxRetries` (2) times; a
 * server-requested wait of up to 60 s replaces the backoff.
 */
export const defaultRetrySchedule = (options: RetryOptions = {}): Schedule.Schedule<unknown, OpenAiError> => {
  const maxDelay = Duration.decode(options.maxDelay ?? "8 seconds")
  return Schedule.exponential(options.initialDelay ?? "500 millis", 2).pipe(
    Schedule.modifyDelay((_, delay) => Duration.min(delay, maxDelay)),
    Schedule.jitteredWith({ min: 0.75, max: 1 }),
    Schedule.intersect(Schedule.recurs(options.maxRetries ?? 2)),
    Schedule.zipRight(Schedule.identity<OpenAiError>()),
    Schedule.modifyDelay((error, delay) => serverDelay(error) ?? delay)
  )
}

const cache = new Map<number, Schedule.Schedule<unknown, OpenAiError>>()

/** The default policy for a number of retries, built once. */
export const defaultForRetries = (maxRetries: number): Schedule.Schedule<unknown, OpenAiError> => {
  let schedule = cache.get(maxRetries)
  if (schedule === undefined) {
    schedule = defaultRetrySchedule({ maxRetries })
    cache.set(maxRetries, schedule)
  }
  return schedule
}
