/**
 * Attempt deadlines enforced by the transport.
 *
 * The pipeline times each attempt. By default it runs the attempt in a
 * child fiber raced against a timer (`internal/attempt.ts`): a fork, its
 * fiber-ref map and two scheduler hops per call, about a tenth of the CPU of
 * a chat call. A transport that can abort its own request (undici's
 * dispatcher can) is given the deadline instead, attached to the request:
 * when the timer fires, the transport aborts the request with
 * `DeadlineExceeded`, and the pipeline turns the failed attempt into the
 * same `TimeoutError` the race gives. The pipeline uses this only for a
 * client marked with `enforcesAttemptDeadlines` that it calls directly, on
 * the live clock, with no token provider and no client span (the span's
 * trace headers would make a new request, without the deadline); anything
 * else goes through the race.
 *
 * @internal
 */
import { maxTimerMillis } from "./attempt.js"

/** Marks an `HttpClient` that enforces the deadline attached to a request (see `of`). */
export const enforcesAttemptDeadlines: unique symbol = Symbol.for(
  "@effect-openai/core/HttpClient/enforcesAttemptDeadlines"
)

const RequestDeadline = Symbol.for("@effect-openai/core/HttpClientRequest/attemptDeadline")

/** What a transport aborts its request with when the deadline passes. */
export class DeadlineExceeded extends Error {
  constructor() {
    super("The attempt's deadline passed")
    this.name = "DeadlineExceeded"
  }
}

/** The deadline of one attempt: a native timer, started with the attempt. */
export class AttemptDeadline {
  /** The deadline passed (the request was, or will be, aborted). */
  fired = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private abort: ((cause: Error) => void) | undefined

  constructor(
    millis: number,
    /** No client span for this request (nothing records it): the transport sends it directly. */
    readonly untraced: boolean
  ) {
    if (millis <= maxTimerMillis) {
      this.timer = setTimeout(() => {
        this.timer = undefined
        this.fired = true
        const abort = this.abort
        this.abort = undefined
        abort?.(new DeadlineExceeded())
      }, millis)
      // The request's socket keeps the process alive; a timer left behind must not.
      this.timer.unref?.()
    }
  }

  /** For the transport: how to abort the request when the deadline passes (at once if it has). */
  onExpire(abort: (cause: Error) => void): void {
    if (this.fired) abort(new DeadlineExceeded())
    else this.abort = abort
  }

  /** The attempt is over (or abandoned): the deadline no longer applies. */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.abort = undefined
  }
}

/** Whether `client` enforces attempt deadlines. */
export const isEnforcedBy = (client: object): boolean =>
  (client as { readonly [enforcesAttemptDeadlines]?: boolean })[enforcesAttemptDeadlines] === true

/** Attaches `deadline` to `request` (a hidden property: a copy of the request has none). */
export const attach = <R extends object>(request: R, deadline: AttemptDeadline): R => {
  Object.defineProperty(request, RequestDeadline, { value: deadline })
  return request
}

/** The deadline attached to `request`, if any. */
export const of = (request: object): AttemptDeadline | undefined =>
  (request as { readonly [RequestDeadline]?: AttemptDeadline })[RequestDeadline]
