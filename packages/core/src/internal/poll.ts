/**
 * Polling a long-running object (run, batch, fine-tuning job, vector store
 * file) until it settles: a poll interval the server can stretch with
 * `openai-poll-after-ms`, an overall deadline, progress reporting, and
 * interruption (the effect is interruptible between and during requests).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { withMeta } from "../OpenAiClient.js"
import * as OpenAiError from "../OpenAiError.js"

/** The options every polling helper takes. */
export interface PollOptions<A> {
  /** The wait between two polls; the server's `openai-poll-after-ms` wins when it sends one. Default 1 second */
  readonly interval?: Duration.DurationInput | undefined
  /** The overall deadline; past it the helper fails with `TimeoutError` (kind `"deadline"`). Default 30 minutes */
  readonly timeout?: Duration.DurationInput | undefined
  /** Called with every state read, the first and the last included */
  readonly onProgress?: ((state: A) => Effect.Effect<void>) | undefined
}

export const defaultInterval = Duration.seconds(1)
export const defaultPollTimeout = Duration.minutes(30)

const pollAfter = (headers: Readonly<Record<string, string>>): Duration.Duration | undefined => {
  const value = headers["openai-poll-after-ms"]
  if (value === undefined) return undefined
  const ms = Number(value)
  return Number.isFinite(ms) && ms >= 0 ? Duration.millis(ms) : undefined
}

/**
 * Every state of the object, the first read included, until `isDone` holds
 * for one (which is emitted last). Waits `interval` (or the server's
 * `openai-poll-after-ms`) between reads. The stream has no deadline of its
 * own: `poll` adds it.
 */
export const states = <A, E, R>(
  read: Effect.Effect<A, E, R>,
  isDone: (state: A) => boolean,
  options: PollOptions<A> = {}
): Stream.Stream<A, E, R> => {
  const interval = Duration.decode(options.interval ?? defaultInterval)
  const next = (wait: Duration.Duration | undefined) =>
    Effect.zipRight(wait === undefined ? Effect.void : Effect.sleep(wait), withMeta(read)).pipe(
      Effect.tap(({ value }) => options.onProgress?.(value) ?? Effect.void),
      Effect.map(({ meta, value }) => {
        const done = isDone(value)
        return [value, done ? Option.none() : Option.some(pollAfter(meta.headers) ?? interval)] as const
      })
    )
  return Stream.paginateEffect(undefined as Duration.Duration | undefined, next)
}

/**
 * Reads the object until `isDone` holds, within the deadline; returns the
 * last state. Fails with `TimeoutError` (kind `"deadline"`) past it.
 */
export const poll = <A, E, R>(
  what: string,
  read: Effect.Effect<A, E, R>,
  isDone: (state: A) => boolean,
  options: PollOptions<A> = {}
): Effect.Effect<A, E | OpenAiError.TimeoutError, R> => {
  const timeout = Duration.decode(options.timeout ?? defaultPollTimeout)
  return states(read, isDone, options).pipe(
    Stream.runLast,
    Effect.map(Option.getOrThrow),
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () =>
        new OpenAiError.TimeoutError({
          message: `${what} did not finish within ${Duration.format(timeout)}`,
          method: "GET",
          url: what,
          kind: "deadline",
          timeout
        })
    })
  )
}
