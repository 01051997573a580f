/**
 * The payloads of `pnpm bench`, shared by the server and the workloads:
 * realistic bodies, built once.
 */
import type { ChatRequest, EmbedRequest } from "./types.js"

export const MODEL = "gpt-4o-mini"
const SERVED_MODEL = "gpt-4o-mini-2024-07-18"
const FINGERPRINT = "fp_0ba0d124f1"

/** The request every chat workload sends (~300 bytes of JSON). */
export const chatRequest: ChatRequest = {
  model: MODEL,
  messages: [
    { role: "system", content: "You are a concise assistant. Answer in plain prose." },
    { role: "user", content: "In a short paragraph, why do HTTP clients reuse connections with keep-alive?" }
  ],
  temperature: 0.7,
  max_tokens: 256
}

const answer =
  "HTTP clients reuse connections because opening a new one is expensive: every fresh TCP connection costs a " +
  "round trip for the handshake, and with TLS one or two more, before a single byte of the request can be sent. " +
  "Keep-alive lets the client send the next request on a socket that is already open and warmed up, so the " +
  "congestion window has grown and no handshake is repeated. Under load this cuts latency, saves CPU on both " +
  "ends and avoids exhausting ephemeral ports. Pooling agents such as undici's keep a few idle sockets per " +
  "origin and hand them out in turn, closing them only after an idle timeout. The cost is small: a little " +
  "memory for each idle socket and some care when the server closes it first."

/** A non-streaming `chat.completion`, ~1 KB of JSON, with `refusal: null` as the API sends it. */
export const chatCompletion = {
  id: "chatcmpl-AbCdEfGhIjKlMnOpQrStUvWxYz012",
  object: "chat.completion",
  created: 1_721_000_000,
  model: SERVED_MODEL,
  system_fingerprint: FINGERPRINT,
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: answer, refusal: null },
      logprobs: null,
      finish_reason: "stop"
    }
  ],
  usage: { prompt_tokens: 41, completion_tokens: 142, total_tokens: 183 }
}

const words = answer.split(" ")

const chunk = (delta: Record<string, string>, finish: string | null) => ({
  id: "chatcmpl-AbCdEfGhIjKlMnOpQrStUvWxYz012",
  object: "chat.completion.chunk",
  created: 1_721_000_000,
  model: SERVED_MODEL,
  system_fingerprint: FINGERPRINT,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  usage: null
})

/** The SSE text of a stream of `n` chunks (n ≥ 2), the usage chunk and `[DONE]`. */
export const streamText = (n: number): string => {
  const parts: Array<string> = []
  for (let i = 0; i < n; i++) {
    const body =
      i === 0
        ? chunk({ role: "assistant", content: "" }, null)
        : i === n - 1
          ? chunk({}, "stop")
          : // A steady ~300-byte chunk whatever the word: pad the content.
            chunk({ content: ` ${words[i % words.length]} (token ${i})`.padEnd(26, " ") }, null)
    parts.push(`data: ${JSON.stringify(body)}\n\n`)
  }
  const usage = {
    id: "chatcmpl-AbCdEfGhIjKlMnOpQrStUvWxYz012",
    object: "chat.completion.chunk",
    created: 1_721_000_000,
    model: SERVED_MODEL,
    system_fingerprint: FINGERPRINT,
    choices: [],
    usage: { prompt_tokens: 41, completion_tokens: n, total_tokens: 41 + n }
  }
  parts.push(`data: ${JSON.stringify(usage)}\n\n`)
  parts.push("data: [DONE]\n\n")
  return parts.join("")
}

/** Embedding workloads: inputs per request and vector size. */
export const EMBED_INPUTS = 256
export const EMBED_DIMENSIONS = 1536

export const embedRequest = (encoding_format: "float" | "base64"): EmbedRequest => ({
  model: "text-embedding-3-small",
  input: Array.from({ length: EMBED_INPUTS }, (_, i) => `document ${i}: the quick brown fox jumps over the lazy dog`),
  encoding_format
})

/** Deterministic pseudo-random unit-ish floats, stored as float32 as the API does. */
const vector = (seed: number): Float32Array => {
  const v = new Float32Array(EMBED_DIMENSIONS)
  let x = (seed * 2_654_435_761) >>> 0
  for (let i = 0; i < v.length; i++) {
    x = (x * 1_664_525 + 1_013_904_223) >>> 0
    v[i] = (x / 4_294_967_296 - 0.5) * 0.08
  }
  return v
}

/** The `create embedding` response body, floats as JSON numbers or base64 of float32. */
export const embeddingBody = (encoding: "float" | "base64"): string =>
  JSON.stringify({
    object: "list",
    data: Array.from({ length: EMBED_INPUTS }, (_, i) => {
      const v = vector(i)
      return {
        object: "embedding",
        index: i,
        embedding:
          encoding === "float"
            ? Array.from(v, (x) => Number(x.toPrecision(8)))
            : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")
      }
    }),
    model: "text-embedding-3-small",
    usage: { prompt_tokens: EMBED_INPUTS * 12, total_tokens: EMBED_INPUTS * 12 }
  })
