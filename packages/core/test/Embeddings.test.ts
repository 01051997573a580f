import { describe, expect, it } from "@effect/vitest"
import { Embeddings, Testing } from "@effect-openai/core"
import { Effect, FastCheck as fc } from "effect"
import { decodeBase64, decodeBase64Float32 } from "../src/internal/base64.js"

const toBase64 = (values: ReadonlyArray<number>) => Buffer.from(new Float32Array(values).buffer).toString("base64")

describe("Embeddings.create", () => {
  it.effect("sends POST /embeddings and returns float vectors", () =>
    Effect.gen(function* () {
      const fixture = Testing.Fixtures.embeddings({ count: 2, dimensions: 4 })
      yield* Testing.enqueue(Testing.json(fixture))
      const response = yield* Embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"] })
      expect(response.data.map((d) => d.embedding)).toEqual(fixture.data.map((d) => d.embedding))
      expect(response.usage.total_tokens).toBe(4)
      const request = yield* Testing.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe("/v1/embeddings")
      expect(request.body).toEqual({ model: "text-embedding-3-small", input: ["a", "b"] })
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("decodes base64 vectors to the same numbers, with no effort from the user", () =>
    Effect.gen(function* () {
      const floats = Testing.Fixtures.embeddings({ count: 3, dimensions: 16 })
      const base64 = { ...floats, data: floats.data.map((d) => ({ ...d, embedding: toBase64(d.embedding) })) }
      yield* Testing.enqueue(Testing.json(base64))
      const response = yield* Embeddings.create({ model: "m", input: ["x", "y", "z"], encoding_format: "base64" })
      expect(response.data.map((d) => d.embedding)).toEqual(floats.data.map((d) => d.embedding))
      expect((yield* Testing.lastRequest).body.encoding_format).toBe("base64")
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
})

describe("base64", () => {
  it.prop("decodes what Buffer encodes", [fc.uint8Array({ maxLength: 200 })], ([bytes]) => {
    const encoded = Buffer.from(bytes).toString("base64")
    expect(decodeBase64(encoded)).toEqual(new Uint8Array(bytes))
    expect(decodeBase64(encoded.replace(/=+$/, ""))).toEqual(new Uint8Array(bytes))
  })

  it.prop("float32 round trip", [fc.array(fc.float({ noNaN: true }), { maxLength: 64 })], ([values]) => {
    expect(decodeBase64Float32(toBase64(values))).toEqual(Array.from(new Float32Array(values)))
  })

  it("rejects text that is not base64", () => {
    expect(decodeBase64("ab$d")).toBeUndefined()
    expect(decodeBase64("a")).toBeUndefined()
    expect(decodeBase64Float32("AAA=")).toBeUndefined() // 2 bytes: not a float32
  })
})
