/**
 * `POST /v1/embeddings`: deterministic pseudo-random unit vectors.
 *
 * @internal
 */
import { InvalidParam } from "./errors.js"
import { estimateTokens, hash32, prng } from "./text.js"

/** A validated embeddings request. */
export interface EmbeddingsRequest {
  readonly model: string
  /** One hash key and token count per input. */
  readonly inputs: ReadonlyArray<{ readonly key: string; readonly tokens: number }>
  readonly dimensions: number
  readonly base64: boolean
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)
const isTokenArray = (u: unknown): u is ReadonlyArray<number> =>
  Array.isArray(u) && u.length > 0 && u.every((x) => typeof x === "number" && Number.isInteger(x) && x >= 0)

const invalidInput = () =>
  new InvalidParam(
    "input",
    "Invalid 'input': expected a non-empty string, an array of non-empty strings, an array of integers, or an array of arrays of integers.",
    "invalid_value"
  )

/** Validates an embeddings body, or names the offending field. Azure passes the deployment as `modelOverride`. */
export const parseEmbeddingsRequest = (body: unknown, modelOverride?: string): EmbeddingsRequest | InvalidParam => {
  if (!isRecord(body)) return new InvalidParam(null, "The request body must be a JSON object.", "invalid_type")
  const model = modelOverride ?? body["model"]
  if (model === undefined) {
    return new InvalidParam("model", "Missing required parameter: 'model'.", "missing_required_parameter")
  }
  if (typeof model !== "string" || model.length === 0) {
    return new InvalidParam("model", "Invalid type for 'model': expected a non-empty string.", "invalid_type")
  }
  const input = body["input"]
  if (input === undefined) {
    return new InvalidParam("input", "Missing required parameter: 'input'.", "missing_required_parameter")
  }
  let inputs: Array<{ key: string; tokens: number }>
  if (typeof input === "string") {
    if (input.length === 0) return invalidInput()
    inputs = [{ key: input, tokens: estimateTokens(input) }]
  } else if (isTokenArray(input)) {
    inputs = [{ key: `tokens:${input.join(",")}`, tokens: input.length }]
  } else if (Array.isArray(input) && input.length > 0) {
    inputs = []
    for (const item of input) {
      if (typeof item === "string" && item.length > 0) inputs.push({ key: item, tokens: estimateTokens(item) })
      else if (isTokenArray(item)) inputs.push({ key: `tokens:${item.join(",")}`, tokens: item.length })
      else return invalidInput()
    }
  } else {
    return invalidInput()
  }
  const dimensions = body["dimensions"] ?? 1536
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > 8192) {
    return new InvalidParam(
      "dimensions",
      "Invalid 'dimensions': expected an integer between 1 and 8192.",
      "invalid_value"
    )
  }
  const format = body["encoding_format"] ?? "float"
  if (format !== "float" && format !== "base64") {
    return new InvalidParam(
      "encoding_format",
      "Invalid 'encoding_format': expected 'float' or 'base64'.",
      "invalid_value"
    )
  }
  return { model, inputs, dimensions, base64: format === "base64" }
}

/** The unit-length Float32 vector for a hash key: the same key always gives the same vector. */
export const vectorFor = (key: string, dimensions: number): Float32Array => {
  const next = prng(hash32(key))
  const v = new Float32Array(dimensions)
  let norm = 0
  for (let i = 0; i < dimensions; i++) {
    const x = next() * 2 - 1
    v[i] = x
    norm += x * x
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1
  for (let i = 0; i < dimensions; i++) v[i] = v[i]! * scale
  return v
}

/** Base64 of the little-endian Float32 bytes, as the API sends with `encoding_format: "base64"`. */
export const toBase64 = (v: Float32Array): string => {
  const buf = Buffer.allocUnsafe(v.length * 4)
  for (let i = 0; i < v.length; i++) buf.writeFloatLE(v[i]!, i * 4)
  return buf.toString("base64")
}

/** The `{ object: "list", data, model, usage }` body. */
export const embeddingsBody = (request: EmbeddingsRequest): unknown => {
  let tokens = 0
  const data = request.inputs.map((input, index) => {
    tokens += input.tokens
    const v = vectorFor(input.key, request.dimensions)
    return { object: "embedding", index, embedding: request.base64 ? toBase64(v) : Array.from(v) }
  })
  return { object: "list", data, model: request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }
}
