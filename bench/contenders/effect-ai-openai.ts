/**
 * @effect/ai-openai 0.41: its generated client (`OpenAiClient.layer`,
 * `client.createChatCompletion`, `createEmbedding`) on
 * `NodeHttpClient.layerUndici`, and its `streamRequest` for chat chunks.
 *
 * Its generated module has no chat-chunk schema (its language model streams
 * the Responses API), so the chunks are decoded with `ChatCompletionChunk`
 * below: the spec's `CreateChatCompletionStreamResponse`, written in the style
 * of its generated code (`S.Struct`, closed literals). Its embedding schema is
 * `S.Array(S.Number)`, so a base64 response fails to decode.
 */
import * as OpenAiClient from "@effect/ai-openai/OpenAiClient"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as S from "effect/Schema"
import * as Stream from "effect/Stream"
import type { Contender, Instance } from "../types.js"

const TopLogprob = S.Struct({ token: S.String, logprob: S.Number, bytes: S.NullOr(S.Array(S.Int)) })
const TokenLogprob = S.Struct({ ...TopLogprob.fields, top_logprobs: S.Array(TopLogprob) })

const ChatCompletionChunk = S.Struct({
  id: S.String,
  choices: S.Array(
    S.Struct({
      delta: S.Struct({
        content: S.optionalWith(S.NullOr(S.String), { nullable: true }),
        function_call: S.optional(S.Struct({ arguments: S.optional(S.String), name: S.optional(S.String) })),
        tool_calls: S.optional(
          S.Array(
            S.Struct({
              index: S.Int,
              id: S.optional(S.String),
              type: S.optional(S.Literal("function")),
              function: S.optional(S.Struct({ name: S.optional(S.String), arguments: S.optional(S.String) }))
            })
          )
        ),
        role: S.optional(S.Literal("system", "user", "assistant", "tool")),
        refusal: S.optionalWith(S.NullOr(S.String), { nullable: true })
      }),
      logprobs: S.optionalWith(
        S.NullOr(
          S.Struct({ content: S.NullOr(S.Array(TokenLogprob)), refusal: S.optional(S.NullOr(S.Array(TokenLogprob))) })
        ),
        { nullable: true }
      ),
      finish_reason: S.NullOr(S.Literal("stop", "length", "tool_calls", "content_filter", "function_call")),
      index: S.Int
    })
  ),
  created: S.Int,
  model: S.String,
  service_tier: S.optionalWith(S.NullOr(S.Literal("scale", "default")), { nullable: true }),
  system_fingerprint: S.optional(S.String),
  object: S.Literal("chat.completion.chunk"),
  usage: S.optionalWith(S.NullOr(S.Struct({ completion_tokens: S.Int, prompt_tokens: S.Int, total_tokens: S.Int })), {
    nullable: true
  })
})

const contender: Contender = {
  name: "effect-ai-openai",
  description:
    "@effect/ai-openai: generated `OpenAiClient` (`createChatCompletion`, `createEmbedding`) and `streamRequest` for chunks, on `NodeHttpClient.layerUndici`",
  packages: ["@effect/ai-openai", "@effect/ai", "@effect/experimental", "effect", "@effect/platform"],
  make: async ({ apiKey, baseUrl }): Promise<Instance> => {
    const runtime = ManagedRuntime.make(
      OpenAiClient.layer({ apiKey: Redacted.make(apiKey), apiUrl: baseUrl }).pipe(
        Layer.provide(NodeHttpClient.layerUndici)
      )
    )
    const service = await runtime.runPromise(OpenAiClient.OpenAiClient)
    return {
      chat: (request) =>
        runtime.runPromise(
          service.client.createChatCompletion(request as Parameters<typeof service.client.createChatCompletion>[0])
        ),
      stream: (request, chunks) =>
        runtime.runPromise(
          service
            .streamRequest(
              HttpClientRequest.post("/chat/completions", {
                headers: { "x-bench-chunks": String(chunks) },
                body: HttpBody.unsafeJson({ ...request, stream: true, stream_options: { include_usage: true } })
              }),
              ChatCompletionChunk
            )
            .pipe(Stream.runCount)
        ),
      embed: (request) =>
        runtime.runPromise(
          Effect.map(service.createEmbedding(request as Parameters<typeof service.createEmbedding>[0]), (response) =>
            response.data.map((e) => e.embedding)
          )
        ),
      close: () => runtime.dispose()
    }
  }
}

export default contender
