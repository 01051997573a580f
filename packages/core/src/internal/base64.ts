/**
 * Base64 of little-endian float32 values (the `encoding_format: "base64"` of
 * embeddings).
 *
 * Two results: `decodeBase64Float32Array` gives a `Float32Array` (a view of
 * the decoded bytes, what `encoding_format: "base64"` returns to the user),
 * `decodeBase64Float32` gives `number[]` (a base64 vector that arrived when
 * floats were asked for).
 *
 * The portable decoder (`decodeBase64`) runs everywhere. Where the platform
 * has a native decoder (`Buffer` on Node, Bun and Deno; `atob` elsewhere),
 * the text is checked with the same rules and the native decoder does the
 * work: the same values, several times faster.
 *
 * @internal
 */

const table = new Int16Array(128).fill(-1)
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i
// the URL-safe alphabet too
table["-".charCodeAt(0)] = 62
table["_".charCodeAt(0)] = 63

const sextet = (s: string, i: number): number => {
  const code = s.charCodeAt(i)
  return code < 128 ? table[code]! : -1
}

/** Decodes base64 into bytes; `undefined` when the text is not base64. */
export const decodeBase64 = (s: string): Uint8Array | undefined => {
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) === 61 /* = */) end--
  if (s.length - end > 2) return undefined
  const rest = end % 4
  if (rest === 1) return undefined
  const out = new Uint8Array(((end - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1))
  let o = 0
  let i = 0
  const whole = end - rest
  for (; i < whole; i += 4) {
    const a = sextet(s, i)
    const b = sextet(s, i + 1)
    const c = sextet(s, i + 2)
    const d = sextet(s, i + 3)
    if ((a | b | c | d) < 0) return undefined
    const n = (a << 18) | (b << 12) | (c << 6) | d
    out[o++] = n >> 16
    out[o++] = (n >> 8) & 255
    out[o++] = n & 255
  }
  if (rest > 0) {
    const a = sextet(s, i)
    const b = sextet(s, i + 1)
    const c = rest === 3 ? sextet(s, i + 2) : 0
    if ((a | b | c) < 0) return undefined
    const n = (a << 18) | (b << 12) | (c << 6)
    out[o++] = n >> 16
    if (rest === 3) out[o++] = (n >> 8) & 255
  }
  return out
}

/** The platform's byte order, probed once. */
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/**
 * The float32 values of little-endian bytes (`bytes.length` a multiple of 4),
 * as a `Float32Array`: on a little-endian platform a view of the same memory
 * when its offset is 4-byte aligned, else one copy into an aligned buffer (a
 * slice of a pooled `Buffer` may start anywhere); on a big-endian platform
 * the values are byte-swapped into a fresh array. `platformIsLittleEndian`
 * is for tests only.
 */
export const float32Array = (bytes: Uint8Array, platformIsLittleEndian: boolean = littleEndian): Float32Array => {
  const count = bytes.length >> 2
  if (platformIsLittleEndian) {
    return bytes.byteOffset % 4 === 0
      ? new Float32Array(bytes.buffer, bytes.byteOffset, count)
      : // `new Uint8Array(bytes)` copies (`Buffer#slice` would not)
        new Float32Array(new Uint8Array(bytes).buffer, 0, count)
  }
  const out = new Float32Array(count)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true)
  return out
}

/** The values of a `Float32Array` as numbers. */
const toNumbers = (floats: Float32Array): Array<number> => {
  const count = floats.length
  const out = new Array<number>(count)
  for (let i = 0; i < count; i++) out[i] = floats[i]!
  return out
}

/**
 * The number of bytes `s` holds if it is base64 as `decodeBase64` accepts it,
 * judged from its length only (at most two `=` at the end, not one character
 * too many); `-1` when its length alone rules it out.
 */
const expectedBytes = (s: string): number => {
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) === 61 /* = */) end--
  if (s.length - end > 2) return -1
  const rest = end % 4
  if (rest === 1) return -1
  return ((end - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1)
}

type NodeBuffer = Uint8Array & { write(s: string, offset: number, encoding: string): number }
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow?: (n: number) => NodeBuffer } }).Buffer

const hasBuffer =
  NodeBuffer !== undefined &&
  typeof NodeBuffer.allocUnsafeSlow === "function" &&
  typeof NodeBuffer.allocUnsafeSlow(4).write === "function"

/**
 * Decodes with `Buffer#write` into a buffer of its own (not pooled, so its
 * offset is 0), which the result then views. The native decoder skips
 * characters outside the alphabet instead of failing, so a text that is not
 * base64 yields fewer bytes than its length promises: only an exact count is
 * trusted (it never yields more, so the exact-size buffer cannot hide extra
 * bytes), anything else goes to the portable decoder, which decides.
 */
const decodeArrayWithBuffer = (s: string): Float32Array | undefined => {
  const expected = expectedBytes(s)
  if (expected < 0 || expected % 4 !== 0) return decodeBase64Float32ArrayPortable(s)
  const bytes = NodeBuffer!.allocUnsafeSlow!(expected)
  if (bytes.write(s, 0, "base64") !== expected) return decodeBase64Float32ArrayPortable(s)
  return float32Array(bytes)
}

/**
 * The bytes of `s` by `atob`, where there is no `Buffer`; `undefined` when
 * the portable decoder must decide (`atob` knows only the standard alphabet
 * and skips whitespace).
 */
const atobBytes = (atob: (s: string) => string, s: string): Uint8Array | undefined => {
  const expected = expectedBytes(s)
  if (expected < 0 || expected % 4 !== 0 || s.indexOf("-") !== -1 || s.indexOf("_") !== -1) return undefined
  let binary: string
  try {
    binary = atob(s)
  } catch {
    return undefined
  }
  if (binary.length !== expected) return undefined
  const bytes = new Uint8Array(expected)
  for (let i = 0; i < expected; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

const decodeArrayWithAtob = (atob: (s: string) => string, s: string): Float32Array | undefined => {
  const bytes = atobBytes(atob, s)
  return bytes === undefined ? decodeBase64Float32ArrayPortable(s) : float32Array(bytes)
}

const atob = (globalThis as { atob?: (s: string) => string }).atob

/**
 * Decodes base64 of little-endian float32 values into a `Float32Array` of its
 * own (see `float32Array`); `undefined` when it is not that. Uses the
 * platform's decoder where there is one, with the same result as
 * `decodeBase64Float32ArrayPortable`.
 */
export const decodeBase64Float32Array = (s: string): Float32Array | undefined =>
  hasBuffer
    ? decodeArrayWithBuffer(s)
    : typeof atob === "function"
      ? decodeArrayWithAtob(atob, s)
      : decodeBase64Float32ArrayPortable(s)

/** Decodes base64 of little-endian float32 values into a `Float32Array`, without platform APIs. */
export const decodeBase64Float32ArrayPortable = (s: string): Float32Array | undefined => {
  const bytes = decodeBase64(s)
  if (bytes === undefined || bytes.length % 4 !== 0) return undefined
  return float32Array(bytes)
}

/**
 * The `atob` path, for tests on platforms that also have `Buffer`.
 *
 * @internal
 */
export const decodeBase64Float32ArrayWithAtob = (s: string): Float32Array | undefined =>
  typeof atob === "function" ? decodeArrayWithAtob(atob, s) : decodeBase64Float32ArrayPortable(s)

/** A `Float32Array` decoder, giving numbers instead. */
const asNumbers =
  (decode: (s: string) => Float32Array | undefined) =>
  (s: string): Array<number> | undefined => {
    const floats = decode(s)
    return floats === undefined ? undefined : toNumbers(floats)
  }

/**
 * Decodes base64 of little-endian float32 values into numbers; `undefined`
 * when it is not that (`decodeBase64Float32Array`, read out).
 */
export const decodeBase64Float32: (s: string) => Array<number> | undefined = asNumbers(decodeBase64Float32Array)

/** Decodes base64 of little-endian float32 values into numbers, without platform APIs. */
export const decodeBase64Float32Portable: (s: string) => Array<number> | undefined = asNumbers(
  decodeBase64Float32ArrayPortable
)

/**
 * The `atob` path into numbers, for tests on platforms that also have `Buffer`.
 *
 * @internal
 */
export const decodeBase64Float32WithAtob: (s: string) => Array<number> | undefined = asNumbers(
  decodeBase64Float32ArrayWithAtob
)
