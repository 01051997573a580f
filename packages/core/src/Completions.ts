/**
 * Completions (legacy): complete a text prompt, whole or as a stream of
 * chunks. Most models answer through `Chat`; this endpoint serves
 * `gpt-3.5-turbo-instruct`, `davinci-002` and `babbage-002`. API reference:
 * "Completions".
 *
 * @example
 * ```ts
 * import { Completions } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const completion = yield* Completions.create({
 *     model: "gpt-3.5-turbo-instruct",
 *     prompt: "Say this is a test",
 *     max_tokens: 7
 *   })
 *   // { id: "cmpl-…", object: "text_completion", model: "gpt-3.5-turbo-instruct",
 *   //   choices: [{ text: "\n\nThis is indeed a test", index: 0, logprobs: null, finish_reason: "length" }],
 *   //   usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } }
 *
 *   yield* Completions.stream({ model: "gpt-3.5-turbo-instruct", prompt: "Count to 3" }).pipe(
 *     Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.choices[0]?.text ?? "")))
 *   )
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/Completions.js"
import * as Params from "./internal/params.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * The request of `create` and `stream`: `CreateCompletionRequest` of the spec
 * without `stream` (each method sets it). Fields the schema does not know are
 * sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Omit<Generated.CreateCompletionRequest, "stream"> & { readonly [extra: string]: unknown }

/**
 * The request schema, used to validate before sending.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateCompletionRequest = Generated.CreateCompletionRequest

/**
 * A completion: `{ id, object: "text_completion", created, model, choices: [{ text, index, logprobs, finish_reason }], usage }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Completion = Generated.CreateCompletionResponse
/**
 * @since 0.1.0
 * @category models
 */
export type Completion = Generated.CreateCompletionResponse

const { choices, ...completionFields } = Generated.CreateCompletionResponse.fields
const { finish_reason, logprobs, ...choiceFields } = choices.value.fields

/**
 * One chunk of a streamed completion. The spec says chunks share the shape of
 * `Completion`, but the API sends `finish_reason: null` until the last chunk,
 * and with `stream_options: { include_usage: true }` a last chunk with
 * `choices: []` and the `usage`; this schema accepts both.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CompletionChunk = Schema.Struct({
  ...completionFields,
  choices: Schema.Array(
    Schema.Struct({
      ...choiceFields,
      finish_reason: Schema.NullOr(finish_reason),
      logprobs
    })
  )
}).annotations({ identifier: "CompletionChunk" })
/**
 * @since 0.1.0
 * @category models
 */
export type CompletionChunk = typeof CompletionChunk.Type

/**
 * The Completions service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /completions` (createCompletion) */
  readonly create: (params: CreateParams) => Effect.Effect<Completion, OpenAiError>
  /**
   * `POST /completions` (createCompletion) with `stream: true`. Set
   * `stream_options: { include_usage: true }` to get a last chunk with the
   * usage and no choices. Interrupting the stream aborts the request.
   */
  readonly stream: (params: CreateParams) => Stream.Stream<CompletionChunk, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Completions extends Context.Tag("@effect-openai/core/Completions")<Completions, Service>() {}

const operation = (params: CreateParams, stream: boolean) =>
  ({
    operationId: "createCompletion",
    method: "POST",
    path: "/completions",
    body: { _tag: "Json", schema: CreateCompletionRequest, value: Params.withStream(params, stream) }
  }) as const

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => ({
  create: (params) => client.json(operation(params, false), Completion),
  stream: (params) => client.jsonStream(operation(params, true), CompletionChunk)
}))

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Completions, never, OpenAiClient> = Layer.effect(Completions, make)

/**
 * Completes a prompt.
 *
 * @example
 * ```ts
 * import { Completions } from "@effect-openai/core"
 *
 * const completion = Completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "Say this is a test" })
 * // { id: "cmpl-…", object: "text_completion", choices: [{ text: "This is a test.", finish_reason: "stop", … }], … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params: CreateParams): Effect.Effect<Completion, OpenAiError, Completions> =>
  Effect.flatMap(Completions, (s) => s.create(params))

/**
 * Streams a completion as chunks; `[DONE]` ends the stream.
 *
 * @example
 * ```ts
 * import { Completions } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const text = Completions.stream({ model: "gpt-3.5-turbo-instruct", prompt: "Count to 3:" }).pipe(
 *   Stream.map((chunk) => chunk.choices[0]?.text ?? ""),
 *   Stream.mkString
 * ) // " 1, 2, 3"
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const stream = (params: CreateParams): Stream.Stream<CompletionChunk, OpenAiError, Completions> =>
  Stream.unwrap(Effect.map(Completions, (s) => s.stream(params)))
