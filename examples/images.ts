/**
 * Images: generate (as a URL and as base64), then edit the generated image
 * with a mask and make variations of it, both uploaded as multipart.
 *
 *   npx tsx --conditions=source examples/images.ts
 */
import { Images, Uploadable } from "@effect-openai/core"
import { Console, Effect } from "effect"
import { isMain, run } from "./_runtime.js"

export const program = Effect.gen(function* () {
  const byUrl = yield* Images.generate({ model: "dall-e-3", prompt: "A cute baby sea otter", size: "1024x1024" })
  yield* Console.log("generated:", byUrl.data[0]?.url)
  yield* Console.log("revised prompt:", byUrl.data[0]?.revised_prompt)

  const inline = yield* Images.generate({
    model: "dall-e-2",
    prompt: "A sea otter",
    size: "256x256",
    response_format: "b64_json"
  })
  const png = Buffer.from(inline.data[0]?.b64_json ?? "", "base64")
  yield* Console.log("base64 image:", png.byteLength, "bytes, PNG signature:", png.subarray(1, 4).toString())

  const edited = yield* Images.edit({
    image: Uploadable.fromBytes(png, "otter.png"),
    mask: Uploadable.fromBytes(png, "mask.png"),
    prompt: "A cute baby sea otter wearing a beret",
    n: 2,
    size: "256x256"
  })
  yield* Console.log(
    "edits:",
    edited.data.map((image) => image.url)
  )

  const variations = yield* Images.createVariation({
    image: new File([png], "otter.png", { type: "image/png" }),
    n: 1,
    response_format: "b64_json"
  })
  yield* Console.log("variation:", variations.data[0]?.b64_json?.slice(0, 24), "…")
})

if (isMain(import.meta.url)) await run("images", program)
