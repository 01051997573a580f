/**
 * Text helpers shared by the routes.
 *
 * @internal
 */

const LOREM =
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore " +
  "magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo " +
  "consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. "

let fillerCache = LOREM

/** `bytes` ASCII characters of lorem ipsum (so characters === bytes). */
export const filler = (bytes: number): string => {
  const n = Math.max(0, Math.floor(bytes))
  while (fillerCache.length < n) fillerCache = fillerCache + fillerCache
  return fillerCache.slice(0, n)
}

/** A rough token count: one token per four characters, at least one. */
export const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4))

const PIECES = /\s*[\p{L}\p{N}_']+|\s*[^\p{L}\p{N}_'\s]+|\s+/gu

/** Splits text into word-like pieces that concatenate back to the input. */
export const splitWords = (text: string): Array<string> => text.match(PIECES) ?? []

/** Splits text into `parts` pieces of about the same length (fewer for short text). */
export const splitEven = (text: string, parts: number): Array<string> => {
  if (text.length === 0) return []
  const size = Math.max(1, Math.ceil(text.length / parts))
  const out: Array<string> = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out
}

/** FNV-1a, 32 bits. */
export const hash32 = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Formats milliseconds the way OpenAI's rate-limit reset headers do: "20ms", "1s", "6m0s", "1m30.5s". */
export const formatDuration = (ms: number): string => {
  const total = Math.max(0, Math.ceil(ms))
  if (total < 1000) return `${total}ms`
  const minutes = Math.floor(total / 60_000)
  const seconds = (total - minutes * 60_000) / 1000
  const s = `${Number(seconds.toFixed(3))}s`
  return minutes > 0 ? `${minutes}m${s}` : s
}
