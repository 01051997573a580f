/**
 * Moderations: classify whether text is potentially harmful. API reference:
 * "Moderations".
 *
 * @example
 * ```ts
 * import { Moderations } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const moderation = yield* Moderations.create({ input: "I want to kill them." })
 *   // { id: "modr-…", model: "text-moderation-007",
 *   //   results: [{ flagged: true, categories: { violence: true, harassment: false, … },
 *   //               category_scores: { violence: 0.997, harassment: 0.005, … } }] }
 *   console.log(moderation.results[0]?.flagged)
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Generated from "./generated/Moderations.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * The request of `create`: `{ input, model? }`, `input` a string or an array
 * of strings. Fields the schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Generated.CreateModerationRequest & { readonly [extra: string]: unknown }

/**
 * The request schema, used to validate before sending.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateModerationRequest = Generated.CreateModerationRequest

/**
 * A moderation: `{ id, model, results: [{ flagged, categories, category_scores }] }`, one result per input.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Moderation = Generated.CreateModerationResponse
/**
 * @since 0.1.0
 * @category models
 */
export type Moderation = Generated.CreateModerationResponse

/**
 * The Moderations service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /moderations` (createModeration) */
  readonly create: (params: CreateParams) => Effect.Effect<Moderation, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Moderations extends Context.Tag("@effect-openai/core/Moderations")<Moderations, Service>() {}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => ({
  create: (params) =>
    client.json(
      {
        operationId: "createModeration",
        method: "POST",
        path: "/moderations",
        body: { _tag: "Json", schema: CreateModerationRequest, value: params }
      },
      Moderation
    )
}))

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Moderations, never, OpenAiClient> = Layer.effect(Moderations, make)

/**
 * Classifies text, one result per input.
 *
 * @example
 * ```ts
 * import { Moderations } from "@effect-openai/core"
 *
 * const moderation = Moderations.create({ input: ["first text", "second text"], model: "text-moderation-stable" })
 * // { id: "modr-…", model: "text-moderation-stable", results: [{ flagged: false, … }, { flagged: false, … }] }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params: CreateParams): Effect.Effect<Moderation, OpenAiError, Moderations> =>
  Effect.flatMap(Moderations, (s) => s.create(params))
