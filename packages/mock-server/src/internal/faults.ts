/**
 * Fault injection, chosen per request by the `x-mock-fault` header.
 *
 * @internal
 */

/** The longest any injected wait lasts, in milliseconds. */
export const MAX_WAIT_MS = 60_000

/** The faults a request asked for (several may be combined with commas). */
export interface Faults {
  readonly drop: boolean
  readonly slowHeadersMs: number | undefined
  readonly status: number | undefined
  readonly html: number | undefined
  readonly idleStreamMs: number | undefined
}

/** No fault. */
export const none: Faults = {
  drop: false,
  slowHeadersMs: undefined,
  status: undefined,
  html: undefined,
  idleStreamMs: undefined
}

const parseInteger = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined
  return Number(value.trim())
}

const parseStatus = (value: string | undefined): number | undefined => {
  const n = parseInteger(value)
  return n !== undefined && n >= 200 && n <= 599 ? n : undefined
}

/**
 * Parses `drop`, `status=<code>`, `html=<code>`, `slow-headers=<ms>`,
 * `idle-stream=<ms>`, or a comma-separated list of them. Returns an error
 * message for anything else.
 */
export const parse = (header: string): Faults | string => {
  let faults: { -readonly [K in keyof Faults]: Faults[K] } = { ...none }
  for (const raw of header.split(",")) {
    const item = raw.trim()
    if (item === "") continue
    const eq = item.indexOf("=")
    const name = (eq === -1 ? item : item.slice(0, eq)).trim().toLowerCase()
    const value = eq === -1 ? undefined : item.slice(eq + 1)
    switch (name) {
      case "drop":
        faults = { ...faults, drop: true }
        continue
      case "status": {
        const status = parseStatus(value)
        if (status === undefined) break
        faults = { ...faults, status }
        continue
      }
      case "html": {
        const html = parseStatus(value)
        if (html === undefined) break
        faults = { ...faults, html }
        continue
      }
      case "slow-headers": {
        const ms = parseInteger(value)
        if (ms === undefined) break
        faults = { ...faults, slowHeadersMs: Math.min(ms, MAX_WAIT_MS) }
        continue
      }
      case "idle-stream": {
        const ms = parseInteger(value)
        if (ms === undefined) break
        faults = { ...faults, idleStreamMs: Math.min(ms, MAX_WAIT_MS) }
        continue
      }
    }
    return `Invalid x-mock-fault '${item}': expected drop, status=<code>, html=<code>, slow-headers=<ms> or idle-stream=<ms>.`
  }
  return faults
}

/**
 * Counts requests per fault key. With `x-mock-fault-times: N` the fault applies
 * to the first N requests carrying the same `x-mock-fault-key` (or, without a
 * key, the same `x-mock-fault` value); later ones are served normally.
 */
export class FaultCounter {
  private readonly counts = new Map<string, number>()

  /** Whether the fault applies to this request; counts it. */
  applies(fault: string, times: string | undefined, key: string | undefined): boolean {
    if (times === undefined) return true
    const limit = parseInteger(times)
    if (limit === undefined) return true
    const k = key ?? `fault:${fault}`
    const count = (this.counts.get(k) ?? 0) + 1
    this.counts.set(k, count)
    return count <= limit
  }
}
