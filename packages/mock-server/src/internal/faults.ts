/**
 * Fault injection, chosen per request by the `x-mock-fault` header.
 *
 * @internal
 */

/** The longest any injected wait lasts, in milliseconds. */
export const MAX_WAIT_MS = 60_000

/** The largest `large-body=<bytes>`: 256 MiB. */
export const MAX_LARGE_BODY_BYTES = 256 * 1024 * 1024

/** The faults a request asked for (several may be combined with commas). */
export interface Faults {
  /** `drop`: the socket is destroyed before any response byte */
  readonly drop: boolean
  /** `slow-headers=<ms>` */
  readonly slowHeadersMs: number | undefined
  /** `status=<code>` */
  readonly status: number | undefined
  /** `html=<code>` */
  readonly html: number | undefined
  /** `idle-stream=<ms>`: the body goes silent after its first part */
  readonly idleStreamMs: number | undefined
  /** `reset-mid-body` / `reset-mid-stream`: part of the body, then the socket is destroyed */
  readonly resetMidBody: boolean
  /** `truncate-json`: part of the body, then a clean end */
  readonly truncateBody: boolean
  /** `empty-body`: the status and headers, no body */
  readonly emptyBody: boolean
  /** `content-type=<type>`: the response's content type replaced */
  readonly contentType: string | undefined
  /** `large-body=<bytes>`: the body made at least that large */
  readonly largeBodyBytes: number | undefined
}

/** No fault. */
export const none: Faults = {
  drop: false,
  slowHeadersMs: undefined,
  status: undefined,
  html: undefined,
  idleStreamMs: undefined,
  resetMidBody: false,
  truncateBody: false,
  emptyBody: false,
  contentType: undefined,
  largeBodyBytes: undefined
}

/** Whether a fault changes the body the route produced (applied after routing). */
export const touchesBody = (faults: Faults): boolean =>
  faults.idleStreamMs !== undefined ||
  faults.resetMidBody ||
  faults.truncateBody ||
  faults.emptyBody ||
  faults.contentType !== undefined ||
  faults.largeBodyBytes !== undefined

/** Whether the body is cut somewhere (idle pause, reset or truncation). */
export const cutsBody = (faults: Faults): boolean =>
  faults.idleStreamMs !== undefined || faults.resetMidBody || faults.truncateBody

const parseInteger = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined
  return Number(value.trim())
}

const parseStatus = (value: string | undefined): number | undefined => {
  const n = parseInteger(value)
  return n !== undefined && n >= 200 && n <= 599 ? n : undefined
}

const EXPECTED =
  "drop, status=<code>, html=<code>, slow-headers=<ms>, idle-stream=<ms>, reset-mid-body, reset-mid-stream, truncate-json, empty-body, content-type=<type> or large-body=<bytes>"

/**
 * Parses `drop`, `status=<code>`, `html=<code>`, `slow-headers=<ms>`,
 * `idle-stream=<ms>`, `reset-mid-body` (alias `reset-mid-stream`),
 * `truncate-json`, `empty-body`, `content-type=<type>`, `large-body=<bytes>`,
 * or a comma-separated list of them. Returns an error message for anything
 * else.
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
      case "reset-mid-body":
      case "reset-mid-stream":
        if (value !== undefined) break
        faults = { ...faults, resetMidBody: true }
        continue
      case "truncate-json":
        if (value !== undefined) break
        faults = { ...faults, truncateBody: true }
        continue
      case "empty-body":
        if (value !== undefined) break
        faults = { ...faults, emptyBody: true }
        continue
      case "content-type": {
        const type = value?.trim()
        if (type === undefined || type === "" || !/^[\x21-\x7e][\x20-\x7e]*$/.test(type)) break
        faults = { ...faults, contentType: type }
        continue
      }
      case "large-body": {
        const bytes = parseInteger(value)
        if (bytes === undefined || bytes > MAX_LARGE_BODY_BYTES) break
        faults = { ...faults, largeBodyBytes: bytes }
        continue
      }
    }
    return `Invalid x-mock-fault '${item}': expected ${EXPECTED}.`
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
