/**
 * The bench server: a minimal OpenAI-shaped server on `node:http`, as cheap as
 * possible so that client overhead shows. Every body is precomputed.
 *
 *   node --import tsx bench/server.ts   # prints the port on stdout when ready
 *
 * - `POST /v1/chat/completions`: a ~1 KB `chat.completion`; with
 *   `"stream":true` in the body, a `text/event-stream` of `x-bench-chunks`
 *   chunks (default 20,000) of ~300 bytes, a usage chunk and `[DONE]`, written
 *   in 64 KiB batches that wait for `drain`.
 * - `POST /v1/embeddings`: 256 vectors of 1,536 floats, as JSON numbers or, with
 *   `"encoding_format":"base64"`, as base64 of float32.
 *
 * It runs in its own process (started by `bench/index.ts`) and exits when its
 * stdin closes, so it never outlives the harness.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { chatCompletion, embeddingBody, streamText } from "./fixtures.js"

const BATCH = 64 * 1024
const DEFAULT_CHUNKS = 20_000

const commonHeaders = {
  "x-request-id": "req_0123456789abcdef0123456789abcdef",
  "openai-organization": "bench-org",
  "openai-processing-ms": "42",
  "openai-version": "2020-10-01"
}

const chatBody = Buffer.from(JSON.stringify(chatCompletion))
const chatHeaders = {
  ...commonHeaders,
  "content-type": "application/json",
  "content-length": String(chatBody.length)
}

const streamHeaders = {
  ...commonHeaders,
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache"
}

/** Precomputed streams, as 64 KiB batches, by chunk count. */
const streams = new Map<number, ReadonlyArray<Buffer>>()
const batches = (n: number): ReadonlyArray<Buffer> => {
  let cached = streams.get(n)
  if (cached === undefined) {
    const all = Buffer.from(streamText(n))
    const out: Array<Buffer> = []
    for (let off = 0; off < all.length; off += BATCH) out.push(all.subarray(off, off + BATCH))
    cached = out
    streams.set(n, cached)
  }
  return cached
}

const embeddings = new Map<"float" | "base64", Buffer>()
const embedding = (encoding: "float" | "base64"): Buffer => {
  let cached = embeddings.get(encoding)
  if (cached === undefined) {
    cached = Buffer.from(embeddingBody(encoding))
    embeddings.set(encoding, cached)
  }
  return cached
}

const writeStream = async (res: Http.ServerResponse, parts: ReadonlyArray<Buffer>): Promise<void> => {
  res.writeHead(200, streamHeaders)
  for (const part of parts) {
    if (res.destroyed) return
    if (!res.write(part)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done)
          res.off("close", done)
          resolve()
        }
        res.on("drain", done)
        res.on("close", done)
      })
    }
  }
  res.end()
}

const notFound = (res: Http.ServerResponse) => {
  const body = JSON.stringify({
    error: { message: "not found", type: "invalid_request_error", param: null, code: null }
  })
  res.writeHead(404, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
  res.end(body)
}

const server = Http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks: Array<Buffer> = []
  req.on("data", (c: Buffer) => chunks.push(c))
  req.on("end", () => {
    const url = req.url ?? ""
    if (req.method !== "POST") return notFound(res)
    const body = chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString()
    if (url === "/v1/chat/completions") {
      if (body.includes('"stream":true')) {
        const header = req.headers["x-bench-chunks"]
        const n = typeof header === "string" ? Number.parseInt(header, 10) : DEFAULT_CHUNKS
        void writeStream(res, batches(Number.isFinite(n) && n >= 2 ? n : DEFAULT_CHUNKS))
        return
      }
      res.writeHead(200, chatHeaders)
      res.end(chatBody)
      return
    }
    if (url === "/v1/embeddings") {
      const buf = embedding(body.includes('"encoding_format":"base64"') ? "base64" : "float")
      res.writeHead(200, { ...commonHeaders, "content-type": "application/json", "content-length": buf.length })
      res.end(buf)
      return
    }
    notFound(res)
  })
})
server.headersTimeout = 0
server.requestTimeout = 0

// Warm the caches of the default sizes before saying we are ready.
batches(DEFAULT_CHUNKS)
batches(2_000)

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`)
})

const stop = () => {
  server.closeAllConnections()
  server.close()
  process.exit(0)
}
process.stdin.on("end", stop)
process.stdin.on("close", stop)
process.stdin.resume()
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
