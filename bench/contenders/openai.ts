/**
 * openai-node 6.x (the last line that supports Node 20): `chat.completions.create`,
 * with `stream: true` for chunks (`for await` over its `Stream`), and
 * `embeddings.create`. It sends requests through the global `fetch`. For
 * base64 embeddings it is called without `encoding_format`: it then asks for
 * base64 itself and decodes every vector to a `number[]` (the documented way
 * to get base64 on the wire with openai-node; an explicit `"base64"` would hand
 * the strings back undecoded). Responses are not validated.
 */
import OpenAI from "openai"
import type { Contender, Instance } from "../types.js"

const contender: Contender = {
  name: "openai",
  description:
    "openai-node: `chat.completions.create` (`stream: true` for chunks), `embeddings.create` (base64 decoded by the library); global `fetch`, no validation",
  packages: ["openai"],
  make: async ({ apiKey, baseUrl }): Promise<Instance> => {
    const client = new OpenAI({ apiKey, baseURL: baseUrl, maxRetries: 0 })
    return {
      chat: (request) => client.chat.completions.create({ ...request, messages: [...request.messages] }),
      stream: async (request, chunks) => {
        const stream = await client.chat.completions.create(
          { ...request, messages: [...request.messages], stream: true, stream_options: { include_usage: true } },
          { headers: { "x-bench-chunks": String(chunks) } }
        )
        let n = 0
        for await (const _ of stream) n++
        return n
      },
      embed: async (request) => {
        const response = await client.embeddings.create(
          request.encoding_format === "base64"
            ? { model: request.model, input: [...request.input] }
            : { model: request.model, input: [...request.input], encoding_format: "float" }
        )
        return response.data.map((e) => e.embedding)
      },
      close: async () => undefined
    }
  }
}

export default contender
