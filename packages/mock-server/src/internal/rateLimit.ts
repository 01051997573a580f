/**
 * The `x-ratelimit-*` headers and the optional fixed-window enforcement.
 *
 * @internal
 */
import { formatDuration } from "./text.js"

/** Rate-limit budgets; `enforce` turns 429s on. */
export interface RateLimitConfig {
  readonly requests: number
  readonly tokens: number
  readonly windowMs: number
  readonly enforce: boolean
}

/** The outcome of taking budget for one request. */
export type Take =
  | { readonly ok: true; readonly headers: Record<string, string> }
  | {
      readonly ok: false
      readonly kind: "requests" | "tokens"
      readonly retryAfterMs: number
      readonly headers: Record<string, string>
    }

/**
 * Without enforcement the headers describe a generous budget (10,000 requests
 * and 30M tokens a minute) that is never exhausted. With enforcement the budget
 * is a fixed window: when it runs out, requests get 429 until the window ends.
 */
export class RateLimiter {
  private windowStart = Date.now()
  private usedRequests = 0
  private usedTokens = 0

  constructor(readonly config: RateLimitConfig) {}

  private roll(now: number) {
    if (now >= this.windowStart + this.config.windowMs) {
      this.windowStart = now
      this.usedRequests = 0
      this.usedTokens = 0
    }
  }

  /** The headers for a response that did not consume budget (faults, auth failures, 404s before routing). */
  peek(tokens: number): Record<string, string> {
    const now = Date.now()
    this.roll(now)
    return this.headers(now, tokens)
  }

  /** Takes one request and `tokens` tokens from the budget. */
  take(tokens: number): Take {
    const now = Date.now()
    this.roll(now)
    const { config } = this
    if (config.enforce) {
      const kind =
        this.usedRequests + 1 > config.requests
          ? "requests"
          : this.usedTokens + tokens > config.tokens
            ? "tokens"
            : undefined
      if (kind !== undefined) {
        return {
          ok: false,
          kind,
          retryAfterMs: Math.max(1, this.windowStart + config.windowMs - now),
          headers: this.headers(now, 0)
        }
      }
      this.usedRequests += 1
      this.usedTokens += tokens
    }
    return { ok: true, headers: this.headers(now, tokens) }
  }

  private headers(now: number, tokens: number): Record<string, string> {
    const { config } = this
    if (!config.enforce) {
      return {
        "x-ratelimit-limit-requests": String(config.requests),
        "x-ratelimit-limit-tokens": String(config.tokens),
        "x-ratelimit-remaining-requests": String(config.requests - 1),
        "x-ratelimit-remaining-tokens": String(Math.max(0, config.tokens - tokens)),
        "x-ratelimit-reset-requests": formatDuration(config.windowMs / config.requests),
        "x-ratelimit-reset-tokens": formatDuration((tokens * config.windowMs) / config.tokens)
      }
    }
    const reset = formatDuration(this.windowStart + config.windowMs - now)
    return {
      "x-ratelimit-limit-requests": String(config.requests),
      "x-ratelimit-limit-tokens": String(config.tokens),
      "x-ratelimit-remaining-requests": String(Math.max(0, config.requests - this.usedRequests)),
      "x-ratelimit-remaining-tokens": String(Math.max(0, config.tokens - this.usedTokens)),
      "x-ratelimit-reset-requests": this.usedRequests === 0 ? "0s" : reset,
      "x-ratelimit-reset-tokens": this.usedTokens === 0 ? "0s" : reset
    }
  }
}
