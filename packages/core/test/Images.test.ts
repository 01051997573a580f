import { describe, expect, it } from "@effect/vitest"
import { Testing, Uploadable } from "@effect-openai/core"
import * as Images from "@effect-openai/core/Images"
import { Effect, Layer, Stream } from "effect"

const TestLayer = Images.layer.pipe(Layer.provideMerge(Testing.layer()))

const png = (label: string) => new TextEncoder().encode(`\x89PNG ${label}`)

describe("Images", () => {
  it.effect("generate: POST /images/generations with a JSON body, decodes urls", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json({
          created: 1_700_000_000,
          data: [{ url: "https://images.test/otter.png", revised_prompt: "A cute baby sea otter, floating" }]
        })
      )
      const params = {
        model: "dall-e-3",
        prompt: "A cute baby sea otter",
        n: 1,
        size: "1024x1024",
        quality: "hd",
        style: "natural"
      } as const
      const images = yield* Images.generate(params)
      expect(images.data[0]?.url).toBe("https://images.test/otter.png")
      expect(images.data[0]?.revised_prompt).toBe("A cute baby sea otter, floating")
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.url}`).toBe("POST https://api.openai.test/v1/images/generations")
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual(params)
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("edit: multipart with image, mask and fields; decodes b64_json", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json({ created: 1_700_000_000, data: [{ b64_json: "aGVsbG8=" }] }))
      const images = yield* Images.edit({
        image: Uploadable.fromBytes(png("otter"), "otter.png"),
        mask: new File([png("mask")], "mask.png", { type: "image/png" }),
        prompt: "A cute baby sea otter wearing a beret",
        n: 2,
        size: "512x512",
        response_format: "b64_json",
        model: null
      })
      expect(images.data[0]?.b64_json).toBe("aGVsbG8=")
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.path}`).toBe("POST /v1/images/edits")
      expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/)
      expect(request.body).toEqual({
        image: { filename: "otter.png", contentType: "image/png", size: 11, text: "\x89PNG otter" },
        mask: { filename: "mask.png", contentType: "image/png", size: 10, text: "\x89PNG mask" },
        prompt: "A cute baby sea otter wearing a beret",
        n: "2",
        size: "512x512",
        response_format: "b64_json"
      })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("createVariation: multipart from a stream upload", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json({ created: 1_700_000_000, data: [{ url: "a" }, { url: "b" }] }))
      const images = yield* Images.createVariation({
        image: Uploadable.fromStream(Stream.make(png("one"), png(" two")), "otter.png"),
        n: 2,
        size: "256x256",
        user: "user-1234"
      })
      expect(images.data.map((i) => i.url)).toEqual(["a", "b"])
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.path}`).toBe("POST /v1/images/variations")
      expect(request.body.image).toEqual({
        filename: "otter.png",
        contentType: "image/png",
        size: 19,
        text: "\x89PNG one\x89PNG  two"
      })
      expect(request.body).toMatchObject({ n: "2", size: "256x256", user: "user-1234" })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("rejects bad input before sending, naming the field", () =>
    Effect.gen(function* () {
      const noImage = yield* Effect.flip(Images.edit({ prompt: "x" } as never))
      expect(noImage._tag === "InvalidRequestError" && noImage.field).toBe("image")
      const badSize = yield* Effect.flip(Images.createVariation({ image: new Blob(["x"]), size: "2x2" as never }))
      expect(badSize._tag === "InvalidRequestError" && badSize.field).toBe("size")
      const noPrompt = yield* Effect.flip(Images.generate({ n: 1 } as never))
      expect(noPrompt._tag === "InvalidRequestError" && noPrompt.field).toBe("prompt")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLayer))
  )
})
