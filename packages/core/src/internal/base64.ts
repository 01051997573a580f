/**
 * Base64 of little-endian float32 values (the `encoding_format: "base64"` of
 * embeddings).
 *
 * The portable decoder (`decodeBase64`) runs everywhere. Where the platform
 * has a native decoder (`Buffer` on Node, Bun and Deno; `atob` elsewhere),
 * `decodeBase64Float32` checks the text with the same rules, lets the native
 * decoder do the work and reads the floats through a `Float32Array` view: the
 * same numbers, several times faster.
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

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** The float32 values of little-endian bytes, as numbers. */
const floats = (bytes: Uint8Array): Array<number> => {
  const count = bytes.length / 4
  const out = new Array<number>(count)
  if (littleEndian) {
    // A view needs 4-byte alignment: copy the rare unaligned slice of a pooled buffer.
    const view =
      bytes.byteOffset % 4 === 0
        ? new Float32Array(bytes.buffer, bytes.byteOffset, count)
        : new Float32Array(bytes.slice().buffer, 0, count)
    for (let i = 0; i < count; i++) out[i] = view[i]!
    return out
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true)
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

/** A reused buffer for the native decoder, and its float view. */
let scratch: NodeBuffer | undefined
let scratchFloats: Float32Array | undefined

/**
 * Decodes with `Buffer#write`, into a reused buffer. The native decoder skips
 * characters outside the alphabet instead of failing, so a text that is not
 * base64 yields fewer bytes than its length promises: only an exact count is
 * trusted, anything else goes to the portable decoder, which decides.
 */
const decodeWithBuffer = (s: string): Array<number> | undefined => {
  const expected = expectedBytes(s)
  if (expected < 0 || expected % 4 !== 0) return decodeBase64Float32Portable(s)
  if (scratch === undefined || scratch.length < expected) {
    scratch = NodeBuffer!.allocUnsafeSlow!(Math.max(expected, 8192))
    scratchFloats = new Float32Array(scratch.buffer, scratch.byteOffset, scratch.length >> 2)
  }
  if (scratch.write(s, 0, "base64") !== expected) return decodeBase64Float32Portable(s)
  const count = expected / 4
  const view = scratchFloats!
  const out = new Array<number>(count)
  for (let i = 0; i < count; i++) out[i] = view[i]!
  return out
}

const useBuffer =
  littleEndian &&
  NodeBuffer !== undefined &&
  typeof NodeBuffer.allocUnsafeSlow === "function" &&
  typeof NodeBuffer.allocUnsafeSlow(4).write === "function"

/** `atob`, where there is no `Buffer`: it knows only the standard alphabet and skips whitespace. */
const decodeWithAtob = (atob: (s: string) => string, s: string): Array<number> | undefined => {
  const expected = expectedBytes(s)
  if (expected < 0 || expected % 4 !== 0 || s.indexOf("-") !== -1 || s.indexOf("_") !== -1) {
    return decodeBase64Float32Portable(s)
  }
  let binary: string
  try {
    binary = atob(s)
  } catch {
    return decodeBase64Float32Portable(s)
  }
  if (binary.length !== expected) return decodeBase64Float32Portable(s)
  const bytes = new Uint8Array(expected)
  for (let i = 0; i < expected; i++) bytes[i] = binary.charCodeAt(i)
  return floats(bytes)
}

const atob = (globalThis as { atob?: (s: string) => string }).atob

/**
 * Decodes base64 of little-endian float32 values into numbers; `undefined`
 * when it is not that. Uses the platform's decoder where there is one, with
 * the same result as `decodeBase64Float32Portable`.
 */
export const decodeBase64Float32 = (s: string): Array<number> | undefined =>
  useBuffer
    ? decodeWithBuffer(s)
    : typeof atob === "function"
      ? decodeWithAtob(atob, s)
      : decodeBase64Float32Portable(s)

/** Decodes base64 of little-endian float32 values into numbers, without platform APIs. */
export const decodeBase64Float32Portable = (s: string): Array<number> | undefined => {
  const bytes = decodeBase64(s)
  if (bytes === undefined || bytes.length % 4 !== 0) return undefined
  return floats(bytes)
}

/**
 * The `atob` path, for tests on platforms that also have `Buffer`.
 *
 * @internal
 */
export const decodeBase64Float32WithAtob = (s: string): Array<number> | undefined =>
  typeof atob === "function" ? decodeWithAtob(atob, s) : decodeBase64Float32Portable(s)
