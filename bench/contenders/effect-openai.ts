/**
 * This client: `@effect-openai/core` through `NodeOpenAi.layer` (undici),
 * with a `ManagedRuntime` built once, outside the timed part. Every response
 * and every chunk is decoded with its schema.
 */
import { Chat, Embeddings, OpenAiConfig } from "@effect-openai/core"
import { NodeOpenAi } from "@effect-openai/node"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type { Contender, Instance } from "../types.js"

const contender: Contender = {
  name: "effect-openai",
  description: "this client: `Chat.create` / `Chat.stream` / `Embeddings.create` on `NodeOpenAi.layer` (undici)",
  packages: ["effect", "@effect/platform", "@effect/platform-node", "undici"],
  make: async ({ apiKey, baseUrl }): Promise<Instance> => {
    const runtime = ManagedRuntime.make(NodeOpenAi.layer({ apiKey: Redacted.make(apiKey), baseUrl, maxRetries: 0 }))
    // Build the layer now, so the first timed call does not pay for it.
    await runtime.runPromise(Effect.void)
    return {
      chat: (request) => runtime.runPromise(Chat.create(request)),
      stream: (request, chunks) =>
        runtime.runPromise(
          Chat.stream({ ...request, stream_options: { include_usage: true } }).pipe(
            OpenAiConfig.overrideStream({ headers: { "x-bench-chunks": String(chunks) } }),
            Stream.runCount
          )
        ),
      embed: (request) =>
        runtime.runPromise(Effect.map(Embeddings.create(request), (response) => response.data.map((e) => e.embedding))),
      close: () => runtime.dispose()
    }
  }
}

export default contender
