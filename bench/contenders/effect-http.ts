/**
 * The floor of any client on `@effect/platform`: its `HttpClient` on the
 * undici layer (`NodeHttpClient.layerUndici`, the one `NodeOpenAi.layer`
 * uses), with `JSON.parse` and the same blank-line SSE split as raw undici.
 * No schemas, no config, no retries. It separates what `@effect/platform`
 * costs from what effect-openai's own pipeline adds.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import type { Contender, Instance } from "../types.js"

const contender: Contender = {
  name: "effect-http",
  description:
    "floor of @effect/platform: `HttpClient` on `NodeHttpClient.layerUndici` + `JSON.parse`, same SSE split as undici (no schemas)",
  packages: ["effect", "@effect/platform", "@effect/platform-node", "undici"],
  make: async ({ apiKey, baseUrl }): Promise<Instance> => {
    const runtime = ManagedRuntime.make(NodeHttpClient.layerUndici)
    const client = await runtime.runPromise(
      Effect.map(HttpClient.HttpClient, (c) =>
        c.pipe(
          HttpClient.mapRequest(HttpClientRequest.prependUrl(baseUrl)),
          HttpClient.mapRequest(HttpClientRequest.bearerToken(apiKey)),
          HttpClient.filterStatusOk
        )
      )
    )
    const post = (path: string, body: unknown, headers?: Record<string, string>) =>
      client.execute(
        HttpClientRequest.post(path).pipe(
          HttpClientRequest.bodyText(JSON.stringify(body), "application/json"),
          headers === undefined ? (r) => r : HttpClientRequest.setHeaders(headers)
        )
      )

    return {
      chat: (request) =>
        runtime.runPromise(
          Effect.flatMap(post("/chat/completions", request), (response) =>
            Effect.map(response.text, (text) => JSON.parse(text) as unknown)
          )
        ),
      stream: (request, chunks) =>
        runtime.runPromise(
          Stream.unwrap(
            Effect.map(
              post(
                "/chat/completions",
                { ...request, stream: true, stream_options: { include_usage: true } },
                { "x-bench-chunks": String(chunks) }
              ),
              (response) => {
                const decoder = new TextDecoder()
                let buffer = ""
                // `[DONE]` is the last event the server sends; later reads are ignored.
                let done = false
                return response.stream.pipe(
                  Stream.mapChunks((reads) => {
                    const out: Array<unknown> = []
                    for (const read of reads) {
                      if (done) break
                      buffer += decoder.decode(read, { stream: true })
                      const events = buffer.split("\n\n")
                      buffer = events.pop() ?? ""
                      for (const event of events) {
                        if (!event.startsWith("data: ")) continue
                        const data = event.slice(6)
                        if (data === "[DONE]") {
                          done = true
                          break
                        }
                        out.push(JSON.parse(data))
                      }
                    }
                    return Chunk.unsafeFromArray(out)
                  })
                )
              }
            )
          ).pipe(Stream.runCount)
        ),
      embed: (request) =>
        runtime.runPromise(
          Effect.flatMap(post("/embeddings", request), (response) =>
            Effect.map(response.text, (text) => {
              const body = JSON.parse(text) as { data: Array<{ embedding: Array<number> | string }> }
              return body.data.map(({ embedding }) => {
                if (typeof embedding !== "string") return embedding
                const bytes = Buffer.from(embedding, "base64")
                return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
              })
            })
          )
        ),
      close: () => runtime.dispose()
    }
  }
}

export default contender
