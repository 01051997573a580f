/**
 * Chat completions: send a conversation, get the model's reply, whole or as a
 * stream of chunks. API reference: "Chat".
 *
 * @example
 * ```ts
 * import { Chat } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const completion = yield* Chat.create({
 *     model: "gpt-4o-mini",
 *     messages: [{ role: "user", content: "Say hello" }]
 *   })
 *   // { id: "chatcmpl-…", object: "chat.completion", choices: [{ message: { role: "assistant", content: "Hello!" }, finish_reason: "stop", … }], usage: { … } }
 *   console.log(completion.choices[0]?.message.content)
 *
 *   yield* Chat.stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Count to 3" }] }).pipe(
 *     Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.choices[0]?.delta.content ?? "")))
 *   )
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/index.js"
import * as Params from "./internal/params.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * The request of `create` and `stream`: `CreateChatCompletionRequest` of the
 * spec without `stream` (each method sets it). Fields the schema does not
 * know are sent unchanged, so a parameter the API added last week works.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Omit<Generated.Chat.CreateChatCompletionRequest, "stream"> & {
  readonly [extra: string]: unknown
}

/**
 * A chat completion (`CreateChatCompletionResponse` of the spec).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ChatCompletion = Generated.Chat.CreateChatCompletionResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ChatCompletion = Generated.Chat.CreateChatCompletionResponse

/**
 * One chunk of a streamed chat completion (`CreateChatCompletionStreamResponse`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ChatCompletionChunk = Generated.Shared.CreateChatCompletionStreamResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ChatCompletionChunk = Generated.Shared.CreateChatCompletionStreamResponse

/**
 * The request schema, used to validate before sending.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateChatCompletionRequest = Generated.Chat.CreateChatCompletionRequest

/**
 * The Chat service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /chat/completions` (createChatCompletion) */
  readonly create: (params: CreateParams) => Effect.Effect<ChatCompletion, OpenAiError>
  /**
   * `POST /chat/completions` with `stream: true`. Set
   * `stream_options: { include_usage: true }` to get a last chunk with the
   * usage and no choices. Interrupting the stream aborts the request.
   */
  readonly stream: (params: CreateParams) => Stream.Stream<ChatCompletionChunk, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Chat extends Context.Tag("@effect-openai/core/Chat")<Chat, Service>() {}

const body = (params: CreateParams, stream: boolean) => ({
  _tag: "Json" as const,
  schema: CreateChatCompletionRequest,
  value: Params.withStream(params, stream)
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => ({
  create: (params) =>
    client.json(
      { operationId: "createChatCompletion", method: "POST", path: "/chat/completions", body: body(params, false) },
      ChatCompletion
    ),
  stream: (params) =>
    client.jsonStream(
      { operationId: "createChatCompletion", method: "POST", path: "/chat/completions", body: body(params, true) },
      ChatCompletionChunk
    )
}))

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Chat, never, OpenAiClient> = Layer.effect(Chat, make)

/**
 * Creates a chat completion.
 *
 * @example
 * ```ts
 * import { Chat } from "@effect-openai/core"
 *
 * const completion = Chat.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] })
 * // Effect<ChatCompletion, OpenAiError, Chat>
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params: CreateParams): Effect.Effect<ChatCompletion, OpenAiError, Chat> =>
  Effect.flatMap(Chat, (s) => s.create(params))

/**
 * Streams a chat completion as chunks.
 *
 * @example
 * ```ts
 * import { Chat } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const text = Chat.stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }).pipe(
 *   Stream.map((chunk) => chunk.choices[0]?.delta.content ?? ""),
 *   Stream.mkString
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const stream = (params: CreateParams): Stream.Stream<ChatCompletionChunk, OpenAiError, Chat> =>
  Stream.unwrap(Effect.map(Chat, (s) => s.stream(params)))
