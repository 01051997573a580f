import { describe, expect, it } from "@effect/vitest"
import { Embeddings, Testing } from "@effect-openai/core"
import { Effect, FastCheck as fc, Schema } from "effect"
import { expectTypeOf } from "vitest"
import {
  decodeBase64,
  decodeBase64Float32,
  decodeBase64Float32Array,
  decodeBase64Float32ArrayPortable,
  decodeBase64Float32ArrayWithAtob,
  float32Array
} from "../src/internal/base64.js"
import * as FastDecode from "../src/internal/fastDecode.js"

const toBase64 = (values: ArrayLike<number>) => Buffer.from(new Float32Array(values).buffer).toString("base64")

/** The same float32 values, bit for bit where it matters (`-0`, `NaN`). */
const sameFloats = (a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined) =>
  a === undefined || b === undefined
    ? a === b
    : a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]))

const fixture = (embeddings: ReadonlyArray<unknown>) => ({
  ...Testing.Fixtures.embeddings(),
  data: embeddings.map((embedding, index) => ({ object: "embedding", index, embedding }))
})

describe("Embeddings.create", () => {
  it.effect("sends POST /embeddings and returns float vectors", () =>
    Effect.gen(function* () {
      const fixture = Testing.Fixtures.embeddings({ count: 2, dimensions: 4 })
      yield* Testing.enqueue(Testing.json(fixture))
      const response = yield* Embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"] })
      expect(response.data.map((d) => d.embedding)).toEqual(fixture.data.map((d) => d.embedding))
      expect(Array.isArray(response.data[0]?.embedding)).toBe(true)
      expect(response.usage.total_tokens).toBe(4)
      const request = yield* Testing.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe("/v1/embeddings")
      expect(request.body).toEqual({ model: "text-embedding-3-small", input: ["a", "b"] })
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("with encoding_format: base64, returns each vector as a Float32Array of the same values", () =>
    Effect.gen(function* () {
      const floats = Testing.Fixtures.embeddings({ count: 3, dimensions: 16 })
      const base64 = { ...floats, data: floats.data.map((d) => ({ ...d, embedding: toBase64(d.embedding) })) }
      yield* Testing.enqueue(Testing.json(base64))
      const response = yield* Embeddings.create({ model: "m", input: ["x", "y", "z"], encoding_format: "base64" })
      for (const [i, d] of response.data.entries()) {
        expect(d.embedding).toBeInstanceOf(Float32Array)
        expect(Array.from(d.embedding)).toEqual(floats.data[i]!.embedding)
      }
      expect(response.data.map((d) => d.index)).toEqual([0, 1, 2])
      expect((yield* Testing.lastRequest).body.encoding_format).toBe("base64")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect('with encoding_format: "float", returns number[]', () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(fixture([[0.5, -1]])))
      const response = yield* Embeddings.create({ model: "m", input: "x", encoding_format: "float" })
      expect(response.data[0]?.embedding).toEqual([0.5, -1])
      expect((yield* Testing.lastRequest).body.encoding_format).toBe("float")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("tolerates a proxy that sends floats when base64 was asked for: still a Float32Array", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(fixture([[0.1, -2, 3.5], "AAAAPwAAgL8="])))
      const response = yield* Embeddings.create({ model: "m", input: ["x", "y"], encoding_format: "base64" })
      const [first, second] = response.data.map((d) => d.embedding)
      expect(first).toBeInstanceOf(Float32Array)
      expect(Array.from(first!)).toEqual([Math.fround(0.1), -2, 3.5])
      expect(second).toBeInstanceOf(Float32Array)
      expect(Array.from(second!)).toEqual([0.5, -1])
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("tolerates a proxy that sends base64 when floats were asked for: still number[]", () =>
    Effect.gen(function* () {
      for (const encoding_format of [undefined, "float"] as const) {
        yield* Testing.enqueue(Testing.json(fixture(["AAAAPwAAgL8=", [0.25]])))
        const response = yield* Embeddings.create({ model: "m", input: ["x", "y"], encoding_format })
        expect(response.data.map((d) => d.embedding)).toEqual([[0.5, -1], [0.25]])
        expect(response.data.every((d) => Array.isArray(d.embedding))).toBe(true)
      }
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("rejects an invalid encoding_format before sending", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Embeddings.create({ model: "m", input: "x", encoding_format: "hex" as never }))
      expect(error._tag).toBe("InvalidRequestError")
      if (error._tag === "InvalidRequestError") expect(error.field).toBe("encoding_format")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("a vector that is neither numbers nor base64 fails to decode", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json({ ...Testing.Fixtures.embeddings(), data: [{ object: "embedding", index: 0, embedding: "!!" }] })
      )
      const error = yield* Effect.flip(Embeddings.create({ model: "m", input: "x" }))
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("bad base64, or bytes that are not whole floats, is a ResponseDecodeError naming the field", () =>
    Effect.gen(function* () {
      const good = toBase64([1, 2])
      for (const bad of ["AAA$AAAA", "AAA=", "AAAAAAA=", "A"]) {
        for (const encoding_format of [undefined, "float", "base64"] as const) {
          yield* Testing.enqueue(Testing.json(fixture([good, good, [1, 2], bad])))
          const error = yield* Effect.flip(
            Embeddings.create({ model: "m", input: ["a", "b", "c", "d"], encoding_format })
          )
          expect(error._tag).toBe("ResponseDecodeError")
          if (error._tag === "ResponseDecodeError") {
            expect(error.field).toBe("data[3].embedding")
            expect(error.message).toContain("data[3].embedding")
          }
        }
      }
    }).pipe(Effect.provide(Testing.layer()))
  )
})

type Success<T> = T extends Effect.Effect<infer A, any, any> ? A : never

describe("Embeddings types", () => {
  it("the vectors' type follows encoding_format", () => {
    const model = "text-embedding-3-small"
    const plain = Embeddings.create({ model, input: "x" })
    const float = Embeddings.create({ model, input: "x", encoding_format: "float" })
    const base64 = Embeddings.create({ model, input: "x", encoding_format: "base64" })
    const either = Embeddings.create({ model, input: "x", encoding_format: "base64" as Embeddings.EncodingFormat })
    expectTypeOf<Success<typeof plain>>().toEqualTypeOf<Embeddings.CreateEmbeddingResponse>()
    expectTypeOf<Success<typeof float>>().toEqualTypeOf<Embeddings.CreateEmbeddingResponse>()
    expectTypeOf<Success<typeof base64>>().toEqualTypeOf<Embeddings.CreateEmbeddingResponseBase64>()
    expectTypeOf<Success<typeof either>>().toEqualTypeOf<
      Embeddings.CreateEmbeddingResponse | Embeddings.CreateEmbeddingResponseBase64
    >()
    expectTypeOf<Embeddings.CreateEmbeddingResponseBase64["data"][number]["embedding"]>().toEqualTypeOf<Float32Array>()
    expectTypeOf<Embeddings.CreateEmbeddingResponse["data"][number]["embedding"]>().toEqualTypeOf<
      ReadonlyArray<number>
    >()
    // what users write
    Effect.map(base64, (r) => r.data[0]!.embedding satisfies Float32Array)
    Effect.map(plain, (r) => r.data[0]!.embedding satisfies ReadonlyArray<number>)
  })
})

describe("the response schemas", () => {
  const response = (embedding: unknown) => ({
    object: "list",
    model: "m",
    data: [{ object: "embedding", index: 0, embedding }],
    usage: { prompt_tokens: 1, total_tokens: 1 }
  })

  it("both are exported and decode both wire forms, on the fast path", () => {
    for (const wire of [[0.5, -1], "AAAAPwAAgL8="]) {
      const base64 = FastDecode.fastPath(Embeddings.CreateEmbeddingResponseBase64)(response(wire))
      expect((base64 as Embeddings.CreateEmbeddingResponseBase64).data[0]?.embedding).toEqual(
        new Float32Array([0.5, -1])
      )
      const floats = FastDecode.fastPath(Embeddings.CreateEmbeddingResponse)(response(wire))
      expect((floats as Embeddings.CreateEmbeddingResponse).data[0]?.embedding).toEqual([0.5, -1])
      expect(
        Schema.decodeUnknownSync(Embeddings.CreateEmbeddingResponseBase64)(response(wire)).data[0]?.embedding
      ).toEqual(new Float32Array([0.5, -1]))
    }
  })

  it("Base64Vector decodes to a Float32Array", () => {
    expect(Schema.decodeSync(Embeddings.Base64Vector)("AAAAPwAAgL8=")).toEqual(new Float32Array([0.5, -1]))
    expect(Schema.decodeEither(Embeddings.Base64Vector)("AAA=")._tag).toBe("Left")
  })
})

describe("base64", () => {
  it.prop("decodes what Buffer encodes", [fc.uint8Array({ maxLength: 200 })], ([bytes]) => {
    const encoded = Buffer.from(bytes).toString("base64")
    expect(decodeBase64(encoded)).toEqual(new Uint8Array(bytes))
    expect(decodeBase64(encoded.replace(/=+$/, ""))).toEqual(new Uint8Array(bytes))
  })

  it.prop("float32 round trip, as numbers", [fc.array(fc.float({ noNaN: true }), { maxLength: 64 })], ([values]) => {
    expect(decodeBase64Float32(toBase64(values))).toEqual(Array.from(new Float32Array(values)))
  })

  it.prop(
    "float32 round trip, as a Float32Array: every value exactly, -0 and NaN included",
    [fc.float32Array({ maxLength: 64 })],
    ([values]) => {
      const text = Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64")
      for (const decode of [
        decodeBase64Float32Array,
        decodeBase64Float32ArrayPortable,
        decodeBase64Float32ArrayWithAtob
      ]) {
        const decoded = decode(text)
        expect(decoded).toBeInstanceOf(Float32Array)
        expect(sameFloats(decoded, values)).toBe(true)
      }
      const response = Schema.decodeUnknownSync(Embeddings.CreateEmbeddingResponseBase64)({
        object: "list",
        model: "m",
        data: [{ object: "embedding", index: 0, embedding: text }],
        usage: { prompt_tokens: 1, total_tokens: 1 }
      })
      expect(sameFloats(response.data[0]?.embedding, values)).toBe(true)
    }
  )

  const texts = fc.oneof(
    fc.string(),
    fc.base64String(),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString("base64")),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString("base64url")),
    fc.float32Array({ maxLength: 16 }).map((f) => Buffer.from(f.buffer).toString("base64")),
    fc
      .tuple(
        fc.float32Array({ maxLength: 8 }).map((f) => Buffer.from(f.buffer).toString("base64")),
        fc.nat(),
        fc.constantFrom("$", " ", "\n", "=", "-", "é", "\u0000")
      )
      .map(([s, i, c]) => s.slice(0, i % (s.length + 1)) + c + s.slice(i % (s.length + 1)))
  )

  it("the native Float32Array decoders (Buffer, atob) accept and refuse exactly what the portable one does", () => {
    fc.assert(
      fc.property(texts, (s) => {
        const portable = decodeBase64Float32ArrayPortable(s)
        expect(sameFloats(decodeBase64Float32Array(s), portable)).toBe(true)
        expect(sameFloats(decodeBase64Float32ArrayWithAtob(s), portable)).toBe(true)
        expect(sameFloats(decodeBase64Float32(s), portable)).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it("a Float32Array is a view of aligned bytes, and one copy of unaligned ones", () => {
    const values = Float32Array.from({ length: 1536 }, (_, i) => Math.sin(i) / 7)
    const le = new Uint8Array(values.buffer)
    // aligned: zero-copy
    const aligned = new Uint8Array(le.length + 4)
    aligned.set(le, 4)
    const view = float32Array(aligned.subarray(4))
    expect(view.buffer).toBe(aligned.buffer)
    expect(view.byteOffset).toBe(4)
    expect(sameFloats(view, values)).toBe(true)
    // unaligned, as a pooled Buffer slice may be: one copy, same values
    for (const offset of [1, 2, 3]) {
      const pooled = Buffer.alloc(le.length + offset)
      pooled.set(le, offset)
      const slice = pooled.subarray(offset)
      expect(slice.byteOffset % 4).not.toBe(0)
      const copy = float32Array(slice)
      expect(copy.buffer).not.toBe(pooled.buffer)
      expect(copy.byteOffset).toBe(0)
      expect(sameFloats(copy, values)).toBe(true)
    }
  })

  it("on a big-endian platform the bytes are swapped into a fresh array with the same values", () => {
    const values = Float32Array.from([0.5, -1, -0, 3.4e38, 1e-45, Number.POSITIVE_INFINITY, Math.fround(Math.PI)])
    const le = new Uint8Array(values.buffer)
    const swapped = float32Array(le, false)
    expect(swapped.buffer).not.toBe(le.buffer)
    expect(sameFloats(swapped, values)).toBe(true)
  })

  it("decodes a whole vector without copying it again, and refuses what is not base64 of float32", () => {
    const values = Float32Array.from({ length: 1536 }, (_, i) => Math.sin(i) / 7)
    const text = Buffer.from(values.buffer).toString("base64")
    const decoded = decodeBase64Float32Array(text)!
    expect(sameFloats(decoded, values)).toBe(true)
    expect(decoded.byteOffset % 4).toBe(0)
    expect(decoded.buffer.byteLength).toBe(values.byteLength) // its own buffer, nothing shared
    expect(decodeBase64Float32Array(text)!.buffer).not.toBe(decoded.buffer)
    expect(decodeBase64Float32Array(`${text.slice(0, 100)}$${text.slice(101)}`)).toBeUndefined()
    expect(decodeBase64Float32ArrayWithAtob(`${text.slice(0, 100)}$${text.slice(101)}`)).toBeUndefined()
    expect(decodeBase64Float32Array("AAA=")).toBeUndefined()
    expect(decodeBase64Float32Array("")).toEqual(new Float32Array(0))
  })

  it("rejects text that is not base64", () => {
    expect(decodeBase64("ab$d")).toBeUndefined()
    expect(decodeBase64("a")).toBeUndefined()
    expect(decodeBase64Float32("AAA=")).toBeUndefined() // 2 bytes: not a float32
  })
})
