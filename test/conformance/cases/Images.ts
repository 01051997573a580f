/**
 * Images: the spec's request examples of createImage (JSON), createImageEdit
 * and createImageVariation (multipart, with PNG uploads).
 */
import { Uploadable } from "@effect-openai/core"
import * as Images from "@effect-openai/core/Images"
import type { Case } from "../case.js"

/** The first bytes of a PNG (signature and IHDR); Prism checks the fields, not the image. */
const png = (filename: string) =>
  Uploadable.fromBytes(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    filename
  )

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createImage",
    run: Images.generate({ model: "dall-e-3", prompt: "A cute baby sea otter", n: 1, size: "1024x1024" })
  },
  {
    operationId: "createImageEdit",
    run: Images.edit({
      image: png("otter.png"),
      mask: png("mask.png"),
      prompt: "A cute baby sea otter wearing a beret",
      n: 2,
      size: "1024x1024"
    })
  },
  {
    operationId: "createImageVariation",
    run: Images.createVariation({ image: png("otter.png"), n: 2, size: "1024x1024" })
  }
]
