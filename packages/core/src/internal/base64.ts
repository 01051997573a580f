/**
 * Base64 of little-endian float32 values (the `encoding_format: "base64"` of
 * embeddings) decoded without any platform API, so it runs everywhere.
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

/** Decodes base64 of little-endian float32 values into numbers. */
export const decodeBase64Float32 = (s: string): Array<number> | undefined => {
  const bytes = decodeBase64(s)
  if (bytes === undefined || bytes.length % 4 !== 0) return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const count = bytes.length / 4
  const out = new Array<number>(count)
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true)
  return out
}
