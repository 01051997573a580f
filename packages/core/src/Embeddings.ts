/**
 * Embeddings: turn text (or tokens) into vectors. API reference: "Embeddings".
 *
 * The vectors' type follows `encoding_format`, in the type too: floats (the
 * default, or `"float"`) come back as `number[]` (`CreateEmbeddingResponse`);
 * with `"base64"` the API sends each vector as base64 of little-endian
 * float32 bytes (about a quarter of the JSON size) and this module hands it
 * back as a `Float32Array` (`CreateEmbeddingResponseBase64`), a view of the
 * decoded bytes: compact, and no array of numbers to build.
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
 *   // data: [{ object: "embedding", index: 0, embedding: Float32Array(1536) [0.0023, -0.0093, …] }, …]
 *   // usage: { prompt_tokens: 4, total_tokens: 4 }
 *   const floats = yield* Embeddings.create({ model: "text-embedding-3-small", input: "third text" })
 *   // floats.data[0].embedding: [0.0023, -0.0093, …] (number[])
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
import { decodeBase64Float32, decodeBase64Float32Array } from "./internal/base64.js"
import { OpenAiClient, type Operation } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * The wire formats of the vectors: `float` (the default) or `base64`.
 *
 * @since 0.1.0
 * @category models
 */
export type EncodingFormat = "float" | "base64"

/**
 * The request of `create`. `encoding_format` decides the type of the vectors
 * (see `CreateResult`). Fields the schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams<F extends EncodingFormat | undefined = EncodingFormat | undefined> = Omit<
  Generated.CreateEmbeddingRequest,
  "encoding_format"
> & { readonly encoding_format?: F } & { readonly [extra: string]: unknown }

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
 * A vector as a `Float32Array` (the type of `Base64Vector`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Float32Vector: Schema.Schema<Float32Array> = Schema.declare(
  (u: unknown): u is Float32Array => u instanceof Float32Array,
  { identifier: "Float32Vector" }
)

/** A vector sent as base64 of float32 values, decoded by `decode` into `to`'s type; never encoded back. */
const fromBase64 = <A>(to: Schema.Schema<A>, decode: (s: string) => A | undefined): Schema.Schema<A, string> =>
  Schema.transformOrFail(Schema.String, to, {
    strict: true,
    decode: (s, _, ast) => {
      const vector = decode(s)
      return vector === undefined
        ? ParseResult.fail(new ParseResult.Type(ast, s, "not base64 of float32 values"))
        : ParseResult.succeed(vector)
    },
    encode: (_, __, ast, vector) =>
      ParseResult.fail(new ParseResult.Forbidden(ast, vector, "encoding vectors to base64 is not supported"))
  })

/**
 * A vector sent as base64 of little-endian float32 bytes, decoded to a
 * `Float32Array`: a view of the decoded bytes (copied once if they are not
 * 4-byte aligned, byte-swapped on a big-endian platform). The text is checked
 * (alphabet, padding, a whole number of floats).
 *
 * @example
 * ```ts
 * import { Embeddings } from "@effect-openai/core"
 * import { Schema } from "effect"
 *
 * Schema.decodeSync(Embeddings.Base64Vector)("AAAAPwAAgL8=") // Float32Array(2) [0.5, -1]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Base64Vector: Schema.Schema<Float32Array, string> = fromBase64(Float32Vector, decodeBase64Float32Array)

/** Base64 that arrived when floats were asked for (a proxy that ignored `encoding_format`): as numbers. */
const Base64AsFloats: Schema.Schema<ReadonlyArray<number>, string> = fromBase64(FloatVector, decodeBase64Float32)

/** Floats that arrived when base64 was asked for (a proxy that ignored `encoding_format`): as a `Float32Array`. */
const FloatsAsFloat32: Schema.Schema<Float32Array, ReadonlyArray<number>> = Schema.transform(
  FloatVector,
  Float32Vector,
  { strict: true, decode: (vector) => Float32Array.from(vector), encode: (vector) => Array.from(vector) }
)

/**
 * One embedding of a float response: `{ object: "embedding", index, embedding: number[] }`.
 * A base64 vector (from a proxy that ignored `encoding_format`) is decoded
 * to numbers too.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Embedding = Schema.Struct({
  index: Schema.Number,
  embedding: Schema.Union(FloatVector, Base64AsFloats),
  object: Schema.String
}).annotations({ identifier: "Embedding" })
/**
 * @since 0.1.0
 * @category models
 */
export type Embedding = typeof Embedding.Type

/**
 * One embedding of a base64 response: `{ object: "embedding", index, embedding: Float32Array }`.
 * A vector of numbers (from a proxy that ignored `encoding_format`) becomes
 * a `Float32Array` too.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EmbeddingBase64 = Schema.Struct({
  index: Schema.Number,
  embedding: Schema.Union(Base64Vector, FloatsAsFloat32),
  object: Schema.String
}).annotations({ identifier: "EmbeddingBase64" })
/**
 * @since 0.1.0
 * @category models
 */
export type EmbeddingBase64 = typeof EmbeddingBase64.Type

/**
 * The response of `create` without `encoding_format` or with `"float"`
 * (`CreateEmbeddingResponse` of the spec): every `embedding` is a `number[]`.
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
 * The response of `create` with `encoding_format: "base64"`: every
 * `embedding` is a `Float32Array`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateEmbeddingResponseBase64 = Schema.Struct({
  ...Generated.CreateEmbeddingResponse.fields,
  data: Schema.Array(EmbeddingBase64)
}).annotations({ identifier: "CreateEmbeddingResponseBase64" })
/**
 * @since 0.1.0
 * @category models
 */
export type CreateEmbeddingResponseBase64 = typeof CreateEmbeddingResponseBase64.Type

/**
 * What `create` returns for `encoding_format` `F`:
 * `CreateEmbeddingResponseBase64` (`Float32Array` vectors) for `"base64"`,
 * else `CreateEmbeddingResponse` (`number[]` vectors).
 *
 * @example
 * ```ts
 * import type { Embeddings } from "@effect-openai/core"
 *
 * type A = Embeddings.CreateResult<"base64"> // CreateEmbeddingResponseBase64
 * type B = Embeddings.CreateResult<undefined> // CreateEmbeddingResponse
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CreateResult<F extends EncodingFormat | undefined> = F extends "base64"
  ? CreateEmbeddingResponseBase64
  : CreateEmbeddingResponse

/**
 * The Embeddings service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /embeddings` (createEmbedding); the vectors' type follows `encoding_format` */
  readonly create: <F extends EncodingFormat | undefined = undefined>(
    params: CreateParams<F>
  ) => Effect.Effect<CreateResult<F>, OpenAiError>
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
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  const create = (params: CreateParams): Effect.Effect<any, OpenAiError> => {
    const operation: Operation = {
      operationId: "createEmbedding",
      method: "POST",
      path: "/embeddings",
      body: { _tag: "Json", schema: Generated.CreateEmbeddingRequest, value: params }
    }
    // `?.`: a `null` from untyped code reaches the pipeline, which names it, instead of throwing here
    return (params as CreateParams | null)?.encoding_format === "base64"
      ? client.json(operation, CreateEmbeddingResponseBase64)
      : client.json(operation, CreateEmbeddingResponse)
  }
  return { create }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Embeddings, never, OpenAiClient> = Layer.effect(Embeddings, make)

/**
 * Creates embeddings. The vectors follow `encoding_format`, in the type too:
 * `number[]` by default or with `"float"` (`CreateEmbeddingResponse`), a
 * `Float32Array` with `"base64"` (`CreateEmbeddingResponseBase64`).
 *
 * @example
 * ```ts
 * import { Embeddings } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const vector = Embeddings.create({ model: "text-embedding-3-small", input: "hello" }).pipe(
 *   Effect.map((r) => r.data[0]!.embedding) // number[] of 1536 floats
 * )
 * const compact = Embeddings.create({ model: "text-embedding-3-small", input: "hello", encoding_format: "base64" }).pipe(
 *   Effect.map((r) => r.data[0]!.embedding) // Float32Array(1536)
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = <F extends EncodingFormat | undefined = undefined>(
  params: CreateParams<F>
): Effect.Effect<CreateResult<F>, OpenAiError, Embeddings> => Effect.flatMap(Embeddings, (s) => s.create(params))
