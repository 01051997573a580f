/**
 * The built-in rate limiter (`RateLimiter.make`): for each model, a bucket of
 * requests and one of tokens that refill continuously, a pause until a reset
 * the API announced, and a gate that serves waiting calls in order.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import type { Budget, Options, Request, Service } from "../RateLimiter.js"
import type * as ResponseMeta from "../ResponseMeta.js"
import { isRecord } from "./params.js"
import { retryAfterMillis } from "./retry.js"

const minute = 60_000
/** The longest pause a 429 or a spent budget imposes; the next response says whether it is over. */
const maxPauseMs = 60_000
const maxDepth = 64

/**
 * One budget (requests or tokens) of one model: it refills continuously at
 * its limit a minute, and is full again at the reset the API announced. An
 * unknown limit does not limit.
 */
class Bucket {
  limit: number | undefined
  available: number
  /** When the API said the budget is whole again */
  fullAt: number | undefined = undefined
  at = Number.NEGATIVE_INFINITY

  constructor(readonly configured: number | undefined) {
    this.limit = configured
    this.available = configured ?? Number.POSITIVE_INFINITY
  }

  refill(now: number): void {
    if (this.limit !== undefined) {
      if (this.fullAt !== undefined && now >= this.fullAt) {
        this.available = this.limit
        this.fullAt = undefined
      } else if (now > this.at && this.at !== Number.NEGATIVE_INFINITY) {
        this.available = Math.min(this.limit, this.available + ((now - this.at) * this.limit) / minute)
      }
    }
    if (now > this.at) this.at = now
  }

  /** Milliseconds from the last refill until `cost` is available; a cost over the whole budget waits for a full one. */
  waitFor(cost: number): number {
    if (this.limit === undefined) return 0
    const need = Math.min(cost, this.limit)
    // within rounding of the refill arithmetic counts as there
    if (this.available >= need - 1e-6) return 0
    const byRate = ((need - this.available) * minute) / this.limit
    return this.fullAt === undefined ? byRate : Math.min(byRate, this.fullAt - this.at)
  }

  take(cost: number): void {
    if (this.limit !== undefined) this.available -= Math.min(cost, this.limit)
  }

  /**
   * Learns from a response: the limit (never above the configured one), the
   * budget left (never more than what is left here, where later calls are
   * already counted) and when it is whole again. Returns the reset to wait
   * for when the budget is spent.
   */
  learn(now: number, limit: number | undefined, remaining: number | undefined, resetMs: number | undefined) {
    if (limit !== undefined && limit > 0) {
      const next = this.configured === undefined ? limit : Math.min(this.configured, limit)
      if (this.limit === undefined) this.available = next
      this.limit = next
    }
    if (this.limit === undefined) return undefined
    this.refill(now)
    if (remaining === undefined) return undefined
    this.available = Math.min(this.available, remaining)
    if (resetMs !== undefined) this.fullAt = now + resetMs
    return remaining <= 0 && resetMs !== undefined ? resetMs : undefined
  }
}

class ModelState {
  readonly requests: Bucket
  readonly tokens: Bucket
  pausedUntil = 0
  /** A response (with or without headers) was seen */
  observed = false
  /** The first call is out to learn the budget; the others wait for its response */
  probing = false
  readonly gate = Effect.unsafeMakeSemaphore(1)
  /** Done (and replaced) whenever a response brings news, to wake the call waiting at the gate */
  news = Deferred.unsafeMake<void>(FiberId.none)
  announce(): void {
    const news = this.news
    this.news = Deferred.unsafeMake<void>(FiberId.none)
    Deferred.unsafeDone(news, Exit.void)
  }
  constructor(budget: Budget) {
    this.requests = new Bucket(budget.requestsPerMinute)
    this.tokens = new Bucket(budget.tokensPerMinute)
  }
}

const positive = (name: string, value: number | undefined): number | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "number" || !(value > 0) || value === Number.POSITIVE_INFINITY) {
    throw new TypeError(`RateLimiter: ${name} must be a positive number, got ${String(value)}`)
  }
  return value
}

const budgetOf = (name: string, budget: Budget | undefined, base: Budget): Budget => ({
  requestsPerMinute: positive(`${name}requestsPerMinute`, budget?.requestsPerMinute) ?? base.requestsPerMinute,
  tokensPerMinute: positive(`${name}tokensPerMinute`, budget?.tokensPerMinute) ?? base.tokensPerMinute
})

export const estimateTokens = (request: Request): number => {
  const body = request.body
  if (!isRecord(body)) return 0
  let characters = 0
  let tokens = 0
  const walk = (value: unknown, inArray: boolean, depth: number): void => {
    if (typeof value === "string") {
      if (!value.startsWith("data:")) characters += value.length
    } else if (typeof value === "number") {
      if (inArray) tokens += 1
    } else if (depth < maxDepth && Array.isArray(value)) {
      for (const item of value) walk(item, true, depth + 1)
    } else if (depth < maxDepth && isRecord(value) && Object.getPrototypeOf(value) === Object.prototype) {
      for (const key in value) walk(value[key], false, depth + 1)
    }
  }
  walk(body, false, 0)
  const completion = body.max_completion_tokens ?? body.max_tokens
  const choices = body.best_of ?? body.n
  const reserved =
    typeof completion === "number" && completion > 0
      ? completion * (typeof choices === "number" && choices > 1 ? choices : 1)
      : 0
  return Math.ceil(characters / 4) + tokens + reserved
}

export const make = (
  options: Options,
  onWait: (model: string | undefined, budget: "requests" | "tokens" | "paused", waitMs: number) => Effect.Effect<void>
): Service => {
  const base = budgetOf("", options, {})
  const perModel = new Map<string, Budget>()
  for (const [model, budget] of Object.entries(options.models ?? {})) {
    perModel.set(model, budgetOf(`models["${model}"].`, budget, base))
  }
  const followHeaders = options.followHeaders !== false
  const estimate = options.estimateTokens ?? estimateTokens
  const states = new Map<string, ModelState>()
  const stateOf = (model: string | undefined): ModelState => {
    const key = model ?? ""
    let state = states.get(key)
    if (state === undefined) {
      state = new ModelState(perModel.get(key) ?? base)
      states.set(key, state)
    }
    return state
  }

  const acquire = (request: Request): Effect.Effect<void> => {
    const state = stateOf(request.model)
    const cost = Math.max(0, estimate(request))
    const attempt: Effect.Effect<void> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      if (followHeaders && !state.observed && state.requests.limit === undefined && state.tokens.limit === undefined) {
        // Nothing known yet: one call goes first, and its headers say what the others may do.
        if (!state.probing) {
          state.probing = true
          return Effect.void
        }
        return Effect.zipRight(
          Deferred.await(state.news),
          Effect.suspend(() => attempt)
        )
      }
      state.requests.refill(now)
      state.tokens.refill(now)
      const paused = state.pausedUntil - now
      const requests = state.requests.waitFor(1)
      const tokens = state.tokens.waitFor(cost)
      const wait = Math.max(paused, requests, tokens)
      if (wait <= 0) {
        state.requests.take(1)
        state.tokens.take(cost)
        return Effect.void
      }
      const budget = wait === paused ? "paused" : wait === requests ? "requests" : "tokens"
      // a response may bring the reset sooner (or later): look again then
      return onWait(request.model, budget, wait).pipe(
        Effect.zipRight(Effect.raceFirst(Effect.sleep(Duration.millis(Math.ceil(wait))), Deferred.await(state.news))),
        Effect.zipRight(Effect.suspend(() => attempt))
      )
    })
    return state.gate.withPermits(1)(attempt)
  }

  const observe = (request: Request, meta: ResponseMeta.ResponseMeta | undefined): Effect.Effect<void> =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      const state = stateOf(request.model)
      state.probing = false
      if (meta === undefined) {
        // no response: the next call waiting tries to learn the budget
        state.announce()
        return
      }
      state.observed = true
      const limits = meta.rateLimit
      let pause: number | undefined
      if (followHeaders) {
        const requests = state.requests.learn(
          now,
          limits.limitRequests,
          limits.remainingRequests,
          limits.resetRequestsMs
        )
        const tokens = state.tokens.learn(now, limits.limitTokens, limits.remainingTokens, limits.resetTokensMs)
        pause = Math.max(requests ?? 0, tokens ?? 0) || undefined
      }
      if (meta.status === 429) {
        const spent =
          limits.remainingRequests === 0
            ? limits.resetRequestsMs
            : limits.remainingTokens === 0
              ? limits.resetTokensMs
              : undefined
        pause = Math.max(pause ?? 0, retryAfterMillis(meta.headers, now) ?? spent ?? 1000)
      }
      if (pause !== undefined) state.pausedUntil = Math.max(state.pausedUntil, now + Math.min(pause, maxPauseMs))
      state.announce()
    })

  return { acquire, observe }
}
