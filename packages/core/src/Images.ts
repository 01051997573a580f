/**
 * Images: generate images from a prompt, edit an image (with an optional
 * mask), and make variations of an image. Edits and variations upload the
 * image as `multipart/form-data`, streamed. API reference: "Images".
 *
 * @example
 * ```ts
 * import { Images, Uploadable } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const generated = yield* Images.generate({ model: "dall-e-3", prompt: "A cute baby sea otter", size: "1024x1024" })
 *   // { created: 1589478378, data: [{ url: "https://…", revised_prompt: "A cute baby sea otter floating…" }] }
 *
 *   const edited = yield* Images.edit({
 *     image: Uploadable.fromBytes(png, "otter.png"),
 *     mask: Uploadable.fromBytes(mask, "mask.png"),
 *     prompt: "A cute baby sea otter wearing a beret",
 *     response_format: "b64_json"
 *   })
 *   // { created: 1589478378, data: [{ b64_json: "iVBORw0KGgo…" }] }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Generated from "./generated/Images.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * One image: `{ url }` or `{ b64_json }` (by `response_format`), with
 * `revised_prompt` when the model rewrote the prompt.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Image = Generated.Image
/**
 * @since 0.1.0
 * @category models
 */
export type Image = Generated.Image

/**
 * What every call returns: `{ created, data: Image[] }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ImagesResponse = Generated.ImagesResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ImagesResponse = Generated.ImagesResponse

/**
 * The parameters of `generate`: `{ prompt, model?, n?, quality?, response_format?, size?, style?, user? }`.
 * Fields the schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type GenerateParams = Generated.CreateImageRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `edit`: `{ image, prompt, mask?, model?, n?, size?, response_format?, user? }`.
 * `image` and `mask` take a `Blob`, a `File`, or an `Uploadable`.
 *
 * @since 0.1.0
 * @category models
 */
export type EditParams = Generated.CreateImageEditRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `createVariation`: `{ image, model?, n?, response_format?, size?, user? }`.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateVariationParams = Generated.CreateImageVariationRequest & { readonly [extra: string]: unknown }

/**
 * The Images service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /images/generations` (createImage) */
  readonly generate: (params: GenerateParams) => Effect.Effect<ImagesResponse, OpenAiError>
  /** `POST /images/edits` (createImageEdit), multipart, streamed */
  readonly edit: (params: EditParams) => Effect.Effect<ImagesResponse, OpenAiError>
  /** `POST /images/variations` (createImageVariation), multipart, streamed */
  readonly createVariation: (params: CreateVariationParams) => Effect.Effect<ImagesResponse, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Images extends Context.Tag("@effect-openai/core/Images")<Images, Service>() {}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => ({
  generate: (params) =>
    client.json(
      {
        operationId: "createImage",
        method: "POST",
        path: "/images/generations",
        body: { _tag: "Json", schema: Generated.CreateImageRequest, value: params }
      },
      ImagesResponse
    ),
  edit: (params) =>
    client.json(
      {
        operationId: "createImageEdit",
        method: "POST",
        path: "/images/edits",
        body: { _tag: "Multipart", schema: Generated.CreateImageEditRequest, value: params }
      },
      ImagesResponse
    ),
  createVariation: (params) =>
    client.json(
      {
        operationId: "createImageVariation",
        method: "POST",
        path: "/images/variations",
        body: { _tag: "Multipart", schema: Generated.CreateImageVariationRequest, value: params }
      },
      ImagesResponse
    )
}))

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Images, never, OpenAiClient> = Layer.effect(Images, make)

/**
 * Generates images from a prompt.
 *
 * @example
 * ```ts
 * import { Images } from "@effect-openai/core"
 *
 * const images = Images.generate({ model: "dall-e-3", prompt: "A cute baby sea otter", n: 1, size: "1024x1024" })
 * // { created: 1589478378, data: [{ url: "https://…", revised_prompt: "…" }] }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const generate = (params: GenerateParams): Effect.Effect<ImagesResponse, OpenAiError, Images> =>
  Effect.flatMap(Images, (s) => s.generate(params))

/**
 * Edits or extends an image given a prompt; the transparent areas of `mask`
 * (or of `image`, without a mask) say where.
 *
 * @example
 * ```ts
 * import { Images } from "@effect-openai/core"
 *
 * const images = Images.edit({
 *   image: new File([png], "otter.png", { type: "image/png" }),
 *   prompt: "A cute baby sea otter wearing a beret",
 *   n: 2,
 *   size: "1024x1024"
 * })
 * // { created: 1589478378, data: [{ url: "https://…" }, { url: "https://…" }] }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const edit = (params: EditParams): Effect.Effect<ImagesResponse, OpenAiError, Images> =>
  Effect.flatMap(Images, (s) => s.edit(params))

/**
 * Makes variations of an image.
 *
 * @example
 * ```ts
 * import { Images, Uploadable } from "@effect-openai/core"
 *
 * const images = Images.createVariation({ image: Uploadable.fromBytes(png, "otter.png"), response_format: "b64_json" })
 * // { created: 1589478378, data: [{ b64_json: "iVBORw0KGgo…" }] }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const createVariation = (params: CreateVariationParams): Effect.Effect<ImagesResponse, OpenAiError, Images> =>
  Effect.flatMap(Images, (s) => s.createVariation(params))
