/**
 * Models: list the models available to your key, read one, and delete a
 * fine-tuned model you own. API reference: "Models".
 *
 * @example
 * ```ts
 * import { Models } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const { data } = yield* Models.list()
 *   // [{ id: "gpt-4o-mini", object: "model", created: 1721172741, owned_by: "system" }, …]
 *   const model = yield* Models.retrieve("gpt-4o-mini")
 *   const deleted = yield* Models.delete("ft:gpt-4o-mini:acme::abc123")
 *   // { id: "ft:gpt-4o-mini:acme::abc123", object: "model", deleted: true }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Generated from "./generated/Models.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * A model: `{ id, object: "model", created, owned_by }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Model = Generated.Model
/**
 * @since 0.1.0
 * @category models
 */
export type Model = Generated.Model

/**
 * The list of models: `{ object: "list", data: Model[] }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListModelsResponse = Generated.ListModelsResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ListModelsResponse = Generated.ListModelsResponse

/**
 * The answer to a delete: `{ id, object: "model", deleted }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeleteModelResponse = Generated.DeleteModelResponse
/**
 * @since 0.1.0
 * @category models
 */
export type DeleteModelResponse = Generated.DeleteModelResponse

/**
 * The Models service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /models` (listModels) */
  readonly list: () => Effect.Effect<ListModelsResponse, OpenAiError>
  /** `GET /models/{model}` (retrieveModel) */
  readonly retrieve: (model: string) => Effect.Effect<Model, OpenAiError>
  /** `DELETE /models/{model}` (deleteModel): only fine-tuned models you own */
  readonly delete: (model: string) => Effect.Effect<DeleteModelResponse, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Models extends Context.Tag("@effect-openai/core/Models")<Models, Service>() {}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => ({
  list: () => client.json({ operationId: "listModels", method: "GET", path: "/models" }, ListModelsResponse),
  retrieve: (model) =>
    client.json({ operationId: "retrieveModel", method: "GET", path: "/models/{model}", pathParams: { model } }, Model),
  delete: (model) =>
    client.json(
      { operationId: "deleteModel", method: "DELETE", path: "/models/{model}", pathParams: { model } },
      DeleteModelResponse
    )
}))

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Models, never, OpenAiClient> = Layer.effect(Models, make)

/**
 * Lists the models available to your key.
 *
 * @example
 * ```ts
 * import { Models } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const ids = Models.list().pipe(Effect.map(({ data }) => data.map((m) => m.id)))
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (): Effect.Effect<ListModelsResponse, OpenAiError, Models> =>
  Effect.flatMap(Models, (s) => s.list())

/**
 * Reads one model.
 *
 * @example
 * ```ts
 * import { Models } from "@effect-openai/core"
 *
 * const model = Models.retrieve("gpt-4o-mini") // { id: "gpt-4o-mini", object: "model", created, owned_by }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (model: string): Effect.Effect<Model, OpenAiError, Models> =>
  Effect.flatMap(Models, (s) => s.retrieve(model))

const del = (model: string): Effect.Effect<DeleteModelResponse, OpenAiError, Models> =>
  Effect.flatMap(Models, (s) => s.delete(model))

export {
  /**
   * Deletes a fine-tuned model you own.
   *
   * @example
   * ```ts
   * import { Models } from "@effect-openai/core"
   *
   * const deleted = Models.delete("ft:gpt-4o-mini:acme::abc123") // { id, object: "model", deleted: true }
   * ```
   *
   * @since 0.1.0
   * @category accessors
   */
  del as delete
}
