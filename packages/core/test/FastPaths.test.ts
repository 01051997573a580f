/**
 * The fast paths of the request pipeline give exactly what the slow paths
 * give: schema decoding and encoding (`internal/fastDecode.ts`) and base64
 * embeddings (`internal/base64.ts`).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Chat from "../src/Chat.js"
import * as Embeddings from "../src/Embeddings.js"
import * as Generated from "../src/generated/index.js"
import * as Base64 from "../src/internal/base64.js"
import * as FastDecode from "../src/internal/fastDecode.js"

/** A value with its keys in order and its prototypes (and `undefined` values kept), to compare exactly. */
const shape = (u: unknown): unknown => {
  if (Array.isArray(u)) return u.map(shape)
  if (typeof u === "object" && u !== null) {
    return [Object.getPrototypeOf(u), Reflect.ownKeys(u).map((k) => [k, shape((u as Record<PropertyKey, unknown>)[k])])]
  }
  return u
}

type Outcome = "value" | "no" | "unsure"

/** The fast path agrees with the schema: the same value, `No` only where the schema fails, or `Unsure`. */
const agrees = (schema: Schema.Schema<any, any>, input: unknown, mode: "decode" | "encodeRequest"): Outcome => {
  const fast = FastDecode.fastPath(schema, mode)(structuredClone(input))
  const slow =
    mode === "decode"
      ? Schema.decodeUnknownEither(schema)(structuredClone(input))
      : Schema.encodeUnknownEither(schema, FastDecode.requestOptions)(structuredClone(input))
  if (fast === FastDecode.Unsure) return "unsure"
  if (fast === FastDecode.No) {
    expect(Either.isLeft(slow), "the fast path said No where the schema succeeds").toBe(true)
    return "no"
  }
  expect(Either.isRight(slow), "the fast path succeeded where the schema fails").toBe(true)
  expect(shape(fast)).toStrictEqual(shape((slow as Either.Right<unknown, unknown>).right))
  return "value"
}

const schemas: Array<[string, Schema.Schema<any, any>]> = []
for (const [area, module] of Object.entries(Generated)) {
  for (const [name, value] of Object.entries(module as Record<string, unknown>)) {
    if (Schema.isSchema(value)) schemas.push([`${area}.${name}`, value as Schema.Schema<any, any>])
  }
}
schemas.push(["Chat.ChatCompletionChunk", Chat.ChatCompletionChunk])
schemas.push(["Embeddings.CreateEmbeddingResponse", Embeddings.CreateEmbeddingResponse])

/** A damaged copy: a key removed, a value of the wrong type, or an extra key, somewhere inside. */
const damage = (u: unknown, seed: number): unknown => {
  if (Array.isArray(u)) {
    return u.length === 0 ? [seed] : u.map((x, i) => (i === seed % u.length ? damage(x, seed + 1) : x))
  }
  if (typeof u === "object" && u !== null) {
    const keys = Object.keys(u)
    const copy: Record<string, unknown> = { ...(u as Record<string, unknown>) }
    if (keys.length === 0 || seed % 4 === 3) {
      copy[`extra_${seed}`] = seed
      return copy
    }
    const key = keys[seed % keys.length]!
    if (seed % 4 === 0) delete copy[key]
    else if (seed % 4 === 1) copy[key] = seed % 2 === 0 ? null : "x"
    else copy[key] = damage(copy[key], seed + 1)
    return copy
  }
  return seed % 2 === 0 ? undefined : typeof u === "string" ? 1 : "s"
}

/** Runs `check` on arbitrary inputs of every schema that has an arbitrary; returns how many schemas ran. */
const forEverySchema = (
  arbitraryOf: (schema: Schema.Schema<any, any>) => FastCheck.Arbitrary<unknown>,
  check: (schema: Schema.Schema<any, any>, input: unknown, seed: number) => void
): number => {
  let checked = 0
  for (const [name, schema] of schemas) {
    let arbitrary: FastCheck.Arbitrary<unknown>
    try {
      arbitrary = arbitraryOf(schema)
    } catch {
      continue // no arbitrary for it (uploads…)
    }
    try {
      FastCheck.assert(
        FastCheck.property(arbitrary, FastCheck.nat(), (input, seed) => check(schema, input, seed)),
        { numRuns: 25 }
      )
    } catch (error) {
      throw new Error(`${name}: ${String(error)}`)
    }
    checked++
  }
  return checked
}

describe("FastDecode", () => {
  it("decodes like the schema: arbitrary valid and damaged inputs of every generated schema", () => {
    const outcomes: Record<Outcome, number> = { value: 0, no: 0, unsure: 0 }
    const checked = forEverySchema(
      (schema) => Arbitrary.make(Schema.encodedSchema(schema)),
      (schema, input, seed) => {
        outcomes[agrees(schema, input, "decode")]++
        agrees(schema, damage(input, seed), "decode")
      }
    )
    expect(checked).toBeGreaterThan(100)
    // the fast path does the work for most valid inputs
    expect(outcomes.value).toBeGreaterThan(outcomes.unsure * 4)
  })

  it("encodes requests like the schema (unknown fields kept, all issues): every generated schema", () => {
    const outcomes: Record<Outcome, number> = { value: 0, no: 0, unsure: 0 }
    const checked = forEverySchema(
      // encoded-side values: the type side's arbitraries of the request schemas (limits, patterns) are too slow to draw
      (schema) => Arbitrary.make(Schema.encodedSchema(schema)),
      (schema, input, seed) => {
        outcomes[agrees(schema, input, "encodeRequest")]++
        agrees(schema, damage(input, seed), "encodeRequest")
        agrees(schema, damage(input, seed + 3), "encodeRequest")
      }
    )
    expect(checked).toBeGreaterThan(100)
    expect(outcomes.value).toBeGreaterThan((outcomes.unsure + outcomes.no) * 2)
  })

  it("agrees with the schema on any JSON", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.jsonValue(), (input) => {
        agrees(Chat.ChatCompletion, input, "decode")
        agrees(Chat.ChatCompletionChunk, input, "decode")
        agrees(Embeddings.CreateEmbeddingResponse, input, "decode")
        agrees(Chat.CreateChatCompletionRequest, input, "encodeRequest")
      }),
      { numRuns: 200 }
    )
  })

  it("takes the fast path for the common shapes", () => {
    const chunk = {
      id: "c",
      object: "chat.completion.chunk",
      created: 1,
      model: "m",
      system_fingerprint: "fp",
      choices: [{ index: 0, delta: { content: "hi" }, logprobs: null, finish_reason: null }],
      usage: null
    }
    expect(agrees(Chat.ChatCompletionChunk, chunk, "decode")).toBe("value")
    const usage = { ...chunk, choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }
    expect(agrees(Chat.ChatCompletionChunk, usage, "decode")).toBe("value")
    const completion = {
      id: "c",
      object: "chat.completion",
      created: 1,
      model: "m",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "hi", refusal: null },
          logprobs: null,
          finish_reason: "stop"
        }
      ],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }
    }
    expect(agrees(Chat.ChatCompletion, completion, "decode")).toBe("value")
    const embeddings = (embedding: unknown) => ({
      object: "list",
      model: "m",
      data: [{ object: "embedding", index: 0, embedding }],
      usage: { prompt_tokens: 1, total_tokens: 1 }
    })
    expect(agrees(Embeddings.CreateEmbeddingResponse, embeddings([0.5, -1]), "decode")).toBe("value")
    expect(agrees(Embeddings.CreateEmbeddingResponse, embeddings("AAAAPwAAgL8="), "decode")).toBe("value")
    const request = {
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" }
      ],
      temperature: 0.7,
      max_tokens: 256,
      a_parameter_from_next_week: { x: 1 }
    }
    expect(agrees(Chat.CreateChatCompletionRequest, request, "encodeRequest")).toBe("value")
    // unknown fields first, in input order, then the known ones in schema order, as the schema does
    const encoded = FastDecode.requestEncoder(Chat.CreateChatCompletionRequest)(request)
    expect(Object.keys(Either.getOrThrow(encoded) as object)).toEqual([
      "a_parameter_from_next_week",
      "messages",
      "model",
      "max_tokens",
      "temperature"
    ])
  })

  it("rewrites keys like the schema: defaults, renames, optional to required (values and key order)", () => {
    const Keyed = Schema.Struct({
      a: Schema.String,
      defaulted: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
      renamed: Schema.optional(Schema.Number).pipe(Schema.fromKey("wire_name")),
      required: Schema.optionalToRequired(Schema.String, Schema.String, {
        decode: Option.getOrElse(() => "missing"),
        encode: Option.some
      }),
      z: Schema.optional(Schema.Boolean)
    })
    const Nested = Schema.Struct({ items: Schema.Array(Keyed), last: Keyed })
    const item = FastCheck.record(
      {
        a: FastCheck.string(),
        defaulted: FastCheck.option(FastCheck.string(), { nil: null }),
        wire_name: FastCheck.integer(),
        renamed: FastCheck.integer(),
        required: FastCheck.string(),
        z: FastCheck.boolean(),
        extra: FastCheck.string()
      },
      { requiredKeys: ["a"] }
    )
    // the keys in any order: where a key sits in the input must not change the output's order
    const shuffled = FastCheck.tuple(item, FastCheck.nat()).map(([record, seed]) => {
      const entries = Object.entries(record)
      for (let i = entries.length - 1; i > 0; i--) {
        const j = (seed + i * 7) % (i + 1)
        ;[entries[i], entries[j]] = [entries[j]!, entries[i]!]
      }
      return Object.fromEntries(entries)
    })
    const outcomes: Record<Outcome, number> = { value: 0, no: 0, unsure: 0 }
    FastCheck.assert(
      FastCheck.property(FastCheck.array(shuffled, { maxLength: 3 }), shuffled, (items, last) => {
        outcomes[agrees(Keyed, last, "decode")]++
        outcomes[agrees(Nested, { items, last }, "decode")]++
        agrees(Keyed, last, "encodeRequest")
      }),
      { numRuns: 300 }
    )
    expect(outcomes.value).toBeGreaterThan(outcomes.unsure + outcomes.no)
  })

  it("keeps the schema's errors: an invalid value fails with the schema's own issue", () => {
    const bad = { id: 1, object: "chat.completion.chunk", created: 1, model: "m", choices: [] }
    const fast = FastDecode.decoder(Chat.ChatCompletionChunk)(bad)
    const slow = Schema.decodeUnknownEither(Chat.ChatCompletionChunk)(bad)
    expect(String(Either.flip(fast).pipe(Either.getOrThrow))).toBe(String(Either.flip(slow).pipe(Either.getOrThrow)))
    const request = { model: "m", messages: [{ role: "user" }], temperature: 9 }
    const fastEncode = FastDecode.requestEncoder(Chat.CreateChatCompletionRequest)(request)
    const slowEncode = Schema.encodeUnknownEither(Chat.CreateChatCompletionRequest, FastDecode.requestOptions)(request)
    expect(String(Either.flip(fastEncode).pipe(Either.getOrThrow))).toBe(
      String(Either.flip(slowEncode).pipe(Either.getOrThrow))
    )
  })
})

describe("base64 embeddings", () => {
  const same = (a: ReadonlyArray<number> | undefined, b: ReadonlyArray<number> | undefined) =>
    a === undefined || b === undefined ? a === b : a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

  const texts = FastCheck.oneof(
    FastCheck.string(),
    FastCheck.base64String(),
    FastCheck.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString("base64")),
    FastCheck.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString("base64url")),
    FastCheck.float32Array({ maxLength: 16 }).map((f) => Buffer.from(f.buffer).toString("base64")),
    FastCheck.tuple(
      FastCheck.float32Array({ maxLength: 8 }).map((f) => Buffer.from(f.buffer).toString("base64")),
      FastCheck.nat(),
      FastCheck.constantFrom("$", " ", "\n", "=", "-", "é", "\u0000")
    ).map(([s, i, c]) => s.slice(0, i % (s.length + 1)) + c + s.slice(i % (s.length + 1)))
  )

  it("the native decoders (Buffer, atob) give exactly what the portable decoder gives", () => {
    FastCheck.assert(
      FastCheck.property(texts, (s) => {
        const portable = Base64.decodeBase64Float32Portable(s)
        expect(same(Base64.decodeBase64Float32(s), portable)).toBe(true)
        expect(same(Base64.decodeBase64Float32WithAtob(s), portable)).toBe(true)
      }),
      { numRuns: 3000 }
    )
  })

  it("decodes a whole vector, and refuses what is not base64 of float32", () => {
    const values = Float32Array.from({ length: 1536 }, (_, i) => Math.sin(i) / 7)
    const text = Buffer.from(values.buffer).toString("base64")
    expect(Base64.decodeBase64Float32(text)).toEqual(Array.from(values))
    expect(Base64.decodeBase64Float32WithAtob(text)).toEqual(Array.from(values))
    expect(Base64.decodeBase64Float32(`${text.slice(0, 100)}$${text.slice(101)}`)).toBeUndefined()
    expect(Base64.decodeBase64Float32("AAA=")).toBeUndefined()
  })
})
