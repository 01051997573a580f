/**
 * Assistants: create, read, update, list and delete assistants, a model with
 * instructions and tools (code interpreter, file search, functions) that runs
 * on threads. Every call sends `OpenAI-Beta: assistants=v2`. API reference:
 * "Assistants".
 *
 * @example
 * ```ts
 * import { Assistants } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const assistant = yield* Assistants.create({
 *     model: "gpt-4o",
 *     name: "Math Tutor",
 *     instructions: "You are a personal math tutor.",
 *     tools: [{ type: "code_interpreter" }]
 *   })
 *   // { id: "asst_abc123", object: "assistant", name: "Math Tutor", model: "gpt-4o", tools: [{ type: "code_interpreter" }], … }
 *   yield* Assistants.update(assistant.id, { metadata: { team: "tutoring" } })
 *   const all = yield* Stream.runCollect(Assistants.listAll({ order: "asc" }))
 *   yield* Assistants.delete(assistant.id) // { id: "asst_abc123", object: "assistant.deleted", deleted: true }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/Assistants.js"
import { assistantsV2 } from "./internal/beta.js"
import { allPages } from "./internal/pagination.js"
import * as Params from "./internal/params.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * An assistant (`AssistantObject` of the spec): `{ id, object: "assistant",
 * created_at, name, description, model, instructions, tools, tool_resources,
 * metadata, temperature, top_p, response_format }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Assistant = Generated.AssistantObject
/**
 * @since 0.1.0
 * @category models
 */
export type Assistant = Generated.AssistantObject

/**
 * One page of assistants: `{ object: "list", data: Assistant[], first_id, last_id, has_more }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListAssistantsResponse = Generated.ListAssistantsResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ListAssistantsResponse = Generated.ListAssistantsResponse

/**
 * The answer to a delete: `{ id, object: "assistant.deleted", deleted }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeleteAssistantResponse = Generated.DeleteAssistantResponse
/**
 * @since 0.1.0
 * @category models
 */
export type DeleteAssistantResponse = Generated.DeleteAssistantResponse

/**
 * The parameters of `create` (`CreateAssistantRequest`): `model` and
 * optionally `name`, `description`, `instructions`, `tools`,
 * `tool_resources`, `metadata`, `temperature`, `top_p`, `response_format`.
 * Fields the schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Generated.CreateAssistantRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `update` (`ModifyAssistantRequest`): any field of
 * `create`, all optional. Fields the schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type UpdateParams = Generated.ModifyAssistantRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `list` and `listAll`: the cursor and the page size.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams {
  /** Page size, 1 to 100 (the API's default: 20) */
  readonly limit?: number | undefined
  /** By `created_at`: `"desc"` (the API's default, newest first) or `"asc"` */
  readonly order?: "asc" | "desc" | undefined
  /** The id of the assistant to list after */
  readonly after?: string | undefined
  /** The id of the assistant to list before */
  readonly before?: string | undefined
}

/**
 * The Assistants service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /assistants` (createAssistant) */
  readonly create: (params: CreateParams) => Effect.Effect<Assistant, OpenAiError>
  /** `GET /assistants/{assistant_id}` (getAssistant) */
  readonly retrieve: (assistantId: string) => Effect.Effect<Assistant, OpenAiError>
  /** `POST /assistants/{assistant_id}` (modifyAssistant) */
  readonly update: (assistantId: string, params: UpdateParams) => Effect.Effect<Assistant, OpenAiError>
  /** `GET /assistants` (listAssistants): one page */
  readonly list: (params?: ListParams) => Effect.Effect<ListAssistantsResponse, OpenAiError>
  /** `GET /assistants` (listAssistants): every assistant, fetching pages as the stream is pulled */
  readonly listAll: (params?: ListParams) => Stream.Stream<Assistant, OpenAiError>
  /** `DELETE /assistants/{assistant_id}` (deleteAssistant) */
  readonly delete: (assistantId: string) => Effect.Effect<DeleteAssistantResponse, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Assistants extends Context.Tag("@effect-openai/core/Assistants")<Assistants, Service>() {}

const byId = (assistantId: string) => ({
  path: "/assistants/{assistant_id}",
  pathParams: { assistant_id: assistantId }
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  const list = (params?: ListParams) =>
    client.json(
      {
        operationId: "listAssistants",
        method: "GET",
        path: "/assistants",
        query: Params.query(params),
        headers: assistantsV2
      },
      ListAssistantsResponse
    )
  return {
    create: (params) =>
      client.json(
        {
          operationId: "createAssistant",
          method: "POST",
          path: "/assistants",
          body: { _tag: "Json", schema: Generated.CreateAssistantRequest, value: params },
          headers: assistantsV2
        },
        Assistant
      ),
    retrieve: (assistantId) =>
      client.json(
        { operationId: "getAssistant", method: "GET", ...byId(assistantId), headers: assistantsV2 },
        Assistant
      ),
    update: (assistantId, params) =>
      client.json(
        {
          operationId: "modifyAssistant",
          method: "POST",
          ...byId(assistantId),
          body: { _tag: "Json", schema: Generated.ModifyAssistantRequest, value: params },
          headers: assistantsV2
        },
        Assistant
      ),
    list,
    listAll: (params) => allPages(params, list),
    delete: (assistantId) =>
      client.json(
        { operationId: "deleteAssistant", method: "DELETE", ...byId(assistantId), headers: assistantsV2 },
        DeleteAssistantResponse
      )
  }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Assistants, never, OpenAiClient> = Layer.effect(Assistants, make)

/**
 * Creates an assistant.
 *
 * @example
 * ```ts
 * import { Assistants } from "@effect-openai/core"
 *
 * const assistant = Assistants.create({
 *   model: "gpt-4o",
 *   name: "Weather bot",
 *   tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } }]
 * })
 * // { id: "asst_abc123", object: "assistant", name: "Weather bot", tools: [{ type: "function", function: { name: "get_weather", … } }], … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params: CreateParams): Effect.Effect<Assistant, OpenAiError, Assistants> =>
  Effect.flatMap(Assistants, (s) => s.create(params))

/**
 * Reads an assistant.
 *
 * @example
 * ```ts
 * import { Assistants } from "@effect-openai/core"
 *
 * const assistant = Assistants.retrieve("asst_abc123") // { id: "asst_abc123", object: "assistant", model, instructions, tools, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (assistantId: string): Effect.Effect<Assistant, OpenAiError, Assistants> =>
  Effect.flatMap(Assistants, (s) => s.retrieve(assistantId))

/**
 * Modifies an assistant; the fields not sent stay as they are.
 *
 * @example
 * ```ts
 * import { Assistants } from "@effect-openai/core"
 *
 * const updated = Assistants.update("asst_abc123", { instructions: "Answer in French.", tools: [{ type: "file_search" }] })
 * // { id: "asst_abc123", object: "assistant", instructions: "Answer in French.", tools: [{ type: "file_search" }], … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const update = (assistantId: string, params: UpdateParams): Effect.Effect<Assistant, OpenAiError, Assistants> =>
  Effect.flatMap(Assistants, (s) => s.update(assistantId, params))

/**
 * Lists one page of assistants.
 *
 * @example
 * ```ts
 * import { Assistants } from "@effect-openai/core"
 *
 * const page = Assistants.list({ limit: 20, order: "desc" })
 * // { object: "list", data: Assistant[], first_id: "asst_abc123", last_id: "asst_abc456", has_more: false }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (params?: ListParams): Effect.Effect<ListAssistantsResponse, OpenAiError, Assistants> =>
  Effect.flatMap(Assistants, (s) => s.list(params))

/**
 * Every assistant, as a lazy stream that fetches the next page (`after` the
 * last id) only when it is pulled past the current one.
 *
 * @example
 * ```ts
 * import { Assistants } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const names = Assistants.listAll({ limit: 100 }).pipe(
 *   Stream.map((assistant) => assistant.name),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listAll = (params?: ListParams): Stream.Stream<Assistant, OpenAiError, Assistants> =>
  Stream.unwrap(Effect.map(Assistants, (s) => s.listAll(params)))

const del = (assistantId: string): Effect.Effect<DeleteAssistantResponse, OpenAiError, Assistants> =>
  Effect.flatMap(Assistants, (s) => s.delete(assistantId))

export {
  /**
   * Deletes an assistant.
   *
   * @example
   * ```ts
   * import { Assistants } from "@effect-openai/core"
   *
   * const deleted = Assistants.delete("asst_abc123") // { id: "asst_abc123", object: "assistant.deleted", deleted: true }
   * ```
   *
   * @since 0.1.0
   * @category accessors
   */
  del as delete
}
