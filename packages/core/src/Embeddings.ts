/**
 * Embeddings: turn text (or tokens) into vectors. API reference: "Embeddings".
 *
 * With `encoding_format: "base64"` the API sends each vector as base64 of
 * little-endian float32 bytes (about a quarter of the JSON size); this module
 * decodes it for you, so `embedding` is always a `number[]`.
 *
 * @example
 * ```ts
 * import { Embeddings } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const { data, usage } = yield* Embeddings.create({
 *     model: "text-embedding-3-small",
 *     input: ["first text", "second text"],
 *     encoding_format: "base64"
 *   })
 *   // data: [{ object: "embedding", index: 0, embedding: [0.0023, -0.0093, …] }, …]
 *   // usage: { prompt_tokens: 4, total_tokens: 4 }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Generated from "./generated/Embeddings.js"
import { decodeBase64Float32 } from "./internal/base64.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * The request of `create`. Fields the schema does not know are sent
 * unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Generated.CreateEmbeddingRequest & { readonly [extra: string]: unknown }

const isNumberArray = (u: unknown): u is ReadonlyArray<number> => {
  if (!Array.isArray(u)) return false
  for (let i = 0; i < u.length; i++) if (typeof u[i] !== "number") return false
  return true
}

/**
 * A vector of floats, checked in one tight loop (as fast as a plain loop
 * over the array, unlike a per-element schema).
 *
 * @since 0.1.0
 * @category schemas
 */
export const FloatVector: Schema.Schema<ReadonlyArray<number>> = Schema.declare(isNumberArray, {
  identifier: "FloatVector"
})

/**
 * A vector sent as base64 of little-endian float32 bytes, decoded to numbers.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Base64Vector: Schema.Schema<ReadonlyArray<number>, string> = Schema.transformOrFail(
  Schema.String,
  FloatVector,
  {
    strict: true,
    decode: (s, _, ast) => {
      const vector = decodeBase64Float32(s)
      return vector === undefined
        ? ParseResult.fail(new ParseResult.Type(ast, s, "not base64 of float32 values"))
        : ParseResult.succeed(vector)
    },
    encode: (_, __, ast, vector) =>
      ParseResult.fail(new ParseResult.Forbidden(ast, vector, "encoding vectors to base64 is not supported"))
  }
)

/**
 * One embedding: `{ object: "embedding", index, embedding: number[] }`,
 * whatever `encoding_format` carried it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Embedding = Schema.Struct({
  index: Schema.Number,
  embedding: Schema.Union(FloatVector, Base64Vector),
  object: Schema.String
}).annotations({ identifier: "Embedding" })
/**
 * @since 0.1.0
 * @category models
 */
export type Embedding = typeof Embedding.Type

/**
 * The response of `create` (`CreateEmbeddingResponse` of the spec, with the
 * vectors decoded).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateEmbeddingResponse = Schema.Struct({
  ...Generated.CreateEmbeddingResponse.fields,
  data: Schema.Array(Embedding)
}).annotations({ identifier: "CreateEmbeddingResponse" })
/**
 * @since 0.1.0
 * @category models
 */
export type CreateEmbeddingResponse = typeof CreateEmbeddingResponse.Type

/**
 * The Embeddings service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /embeddings` (createEmbedding) */
  readonly create: (params: CreateParams) => Effect.Effect<CreateEmbeddingResponse, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Embeddings extends Context.Tag("@effect-openai/core/Embeddings")<Embeddings, Service>() {}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => ({
  create: (params) =>
    client.json(
      {
        operationId: "createEmbedding",
        method: "POST",
        path: "/embeddings",
        body: { _tag: "Json", schema: Generated.CreateEmbeddingRequest, value: params }
      },
      CreateEmbeddingResponse
    )
}))

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Embeddings, never, OpenAiClient> = Layer.effect(Embeddings, make)

/**
 * Creates embeddings.
 *
 * @example
 * ```ts
 * import { Embeddings } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const vector = Embeddings.create({ model: "text-embedding-3-small", input: "hello" }).pipe(
 *   Effect.map((r) => r.data[0]!.embedding) // number[] of 1536 floats
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params: CreateParams): Effect.Effect<CreateEmbeddingResponse, OpenAiError, Embeddings> =>
  Effect.flatMap(Embeddings, (s) => s.create(params))
