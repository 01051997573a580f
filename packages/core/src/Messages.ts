/**
 * Messages: the messages of a thread. Add one, read it, update its
 * metadata, list them (one page, or all as a stream), delete one. Every call
 * sends `OpenAI-Beta: assistants=v2`. API reference: "Messages".
 *
 * @example
 * ```ts
 * import { Messages } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const message = yield* Messages.create("thread_abc123", { role: "user", content: "How does AI work?" })
 *   // { id: "msg_abc123", object: "thread.message", thread_id: "thread_abc123", role: "user",
 *   //   content: [{ type: "text", text: { value: "How does AI work?", annotations: [] } }], … }
 *   const all = yield* Stream.runCollect(Messages.listAll("thread_abc123", { order: "asc" }))
 *   yield* Messages.delete("thread_abc123", message.id) // { id: "msg_abc123", object: "thread.message.deleted", deleted: true }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/Messages.js"
import * as Shared from "./generated/Shared.js"
import { assistantsV2 } from "./internal/beta.js"
import { allPages } from "./internal/pagination.js"
import * as Params from "./internal/params.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * A message (`MessageObject` of the spec): `{ id, object: "thread.message",
 * created_at, thread_id, status, incomplete_details, completed_at,
 * incomplete_at, role, content, assistant_id, run_id, attachments, metadata }`.
 * `content` is a list of parts: `{ type: "text", text: { value, annotations } }`
 * or `{ type: "image_file", image_file: { file_id } }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Message = Shared.MessageObject
/**
 * @since 0.1.0
 * @category models
 */
export type Message = Shared.MessageObject

/**
 * One page of messages: `{ object: "list", data: Message[], first_id, last_id, has_more }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListMessagesResponse = Generated.ListMessagesResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ListMessagesResponse = Generated.ListMessagesResponse

/**
 * The answer to a delete: `{ id, object: "thread.message.deleted", deleted }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeleteMessageResponse = Generated.DeleteMessageResponse
/**
 * @since 0.1.0
 * @category models
 */
export type DeleteMessageResponse = Generated.DeleteMessageResponse

/**
 * The parameters of `create` (`CreateMessageRequest`): `role` (`"user"` or
 * `"assistant"`), `content`, and optionally `attachments` and `metadata`.
 * Fields the schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Shared.CreateMessageRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `update` (`ModifyMessageRequest`): `metadata`. Fields the
 * schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type UpdateParams = Generated.ModifyMessageRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `list` and `listAll`: the cursor, the page size, and a
 * run to filter by.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams {
  /** Page size, 1 to 100 (the API's default: 20) */
  readonly limit?: number | undefined
  /** By `created_at`: `"desc"` (the API's default, newest first) or `"asc"` */
  readonly order?: "asc" | "desc" | undefined
  /** The id of the message to list after */
  readonly after?: string | undefined
  /** The id of the message to list before */
  readonly before?: string | undefined
  /** Only the messages this run created */
  readonly run_id?: string | undefined
}

/**
 * The Messages service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /threads/{thread_id}/messages` (createMessage) */
  readonly create: (threadId: string, params: CreateParams) => Effect.Effect<Message, OpenAiError>
  /** `GET /threads/{thread_id}/messages/{message_id}` (getMessage) */
  readonly retrieve: (threadId: string, messageId: string) => Effect.Effect<Message, OpenAiError>
  /** `POST /threads/{thread_id}/messages/{message_id}` (modifyMessage) */
  readonly update: (threadId: string, messageId: string, params: UpdateParams) => Effect.Effect<Message, OpenAiError>
  /** `GET /threads/{thread_id}/messages` (listMessages): one page */
  readonly list: (threadId: string, params?: ListParams) => Effect.Effect<ListMessagesResponse, OpenAiError>
  /** `GET /threads/{thread_id}/messages` (listMessages): every message, fetching pages as the stream is pulled */
  readonly listAll: (threadId: string, params?: ListParams) => Stream.Stream<Message, OpenAiError>
  /** `DELETE /threads/{thread_id}/messages/{message_id}` (deleteMessage) */
  readonly delete: (threadId: string, messageId: string) => Effect.Effect<DeleteMessageResponse, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Messages extends Context.Tag("@effect-openai/core/Messages")<Messages, Service>() {}

const inThread = (threadId: string) => ({
  path: "/threads/{thread_id}/messages",
  pathParams: { thread_id: threadId }
})

const byId = (threadId: string, messageId: string) => ({
  path: "/threads/{thread_id}/messages/{message_id}",
  pathParams: { thread_id: threadId, message_id: messageId }
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  const list = (threadId: string, params?: ListParams) =>
    client.json(
      {
        operationId: "listMessages",
        method: "GET",
        ...inThread(threadId),
        query: Params.query(params),
        headers: assistantsV2
      },
      ListMessagesResponse
    )
  return {
    create: (threadId, params) =>
      client.json(
        {
          operationId: "createMessage",
          method: "POST",
          ...inThread(threadId),
          body: { _tag: "Json", schema: Shared.CreateMessageRequest, value: params },
          headers: assistantsV2
        },
        Message
      ),
    retrieve: (threadId, messageId) =>
      client.json(
        { operationId: "getMessage", method: "GET", ...byId(threadId, messageId), headers: assistantsV2 },
        Message
      ),
    update: (threadId, messageId, params) =>
      client.json(
        {
          operationId: "modifyMessage",
          method: "POST",
          ...byId(threadId, messageId),
          body: { _tag: "Json", schema: Generated.ModifyMessageRequest, value: params },
          headers: assistantsV2
        },
        Message
      ),
    list,
    listAll: (threadId, params) => allPages(params, (p) => list(threadId, p)),
    delete: (threadId, messageId) =>
      client.json(
        { operationId: "deleteMessage", method: "DELETE", ...byId(threadId, messageId), headers: assistantsV2 },
        DeleteMessageResponse
      )
  }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Messages, never, OpenAiClient> = Layer.effect(Messages, make)

/**
 * Adds a message to a thread.
 *
 * @example
 * ```ts
 * import { Messages } from "@effect-openai/core"
 *
 * const message = Messages.create("thread_abc123", {
 *   role: "user",
 *   content: "How does AI work? Explain it in simple terms.",
 *   attachments: [{ file_id: "file-abc123", tools: [{ type: "file_search" }] }]
 * })
 * // { id: "msg_abc123", object: "thread.message", thread_id: "thread_abc123", role: "user", status: "completed",
 * //   content: [{ type: "text", text: { value: "How does AI work? …", annotations: [] } }], attachments: [...], … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (threadId: string, params: CreateParams): Effect.Effect<Message, OpenAiError, Messages> =>
  Effect.flatMap(Messages, (s) => s.create(threadId, params))

/**
 * Reads a message of a thread.
 *
 * @example
 * ```ts
 * import { Messages } from "@effect-openai/core"
 *
 * const message = Messages.retrieve("thread_abc123", "msg_abc123")
 * // { id: "msg_abc123", object: "thread.message", role: "user", content: [{ type: "text", text: { value, annotations } }], … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (threadId: string, messageId: string): Effect.Effect<Message, OpenAiError, Messages> =>
  Effect.flatMap(Messages, (s) => s.retrieve(threadId, messageId))

/**
 * Modifies a message's `metadata`.
 *
 * @example
 * ```ts
 * import { Messages } from "@effect-openai/core"
 *
 * const message = Messages.update("thread_abc123", "msg_abc123", { metadata: { modified: "true" } })
 * // { id: "msg_abc123", object: "thread.message", metadata: { modified: "true" }, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const update = (
  threadId: string,
  messageId: string,
  params: UpdateParams
): Effect.Effect<Message, OpenAiError, Messages> =>
  Effect.flatMap(Messages, (s) => s.update(threadId, messageId, params))

/**
 * Lists one page of a thread's messages, optionally only those a run created.
 *
 * @example
 * ```ts
 * import { Messages } from "@effect-openai/core"
 *
 * const page = Messages.list("thread_abc123", { order: "asc", run_id: "run_abc123" })
 * // { object: "list", data: Message[], first_id: "msg_abc123", last_id: "msg_abc456", has_more: false }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (
  threadId: string,
  params?: ListParams
): Effect.Effect<ListMessagesResponse, OpenAiError, Messages> =>
  Effect.flatMap(Messages, (s) => s.list(threadId, params))

/**
 * Every message of a thread, as a lazy stream that fetches the next page
 * (`after` the last id) only when it is pulled past the current one.
 *
 * @example
 * ```ts
 * import { Messages } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const transcript = Messages.listAll("thread_abc123", { order: "asc" }).pipe(
 *   Stream.map((message) => `${message.role}: ${message.content.length} part(s)`),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listAll = (threadId: string, params?: ListParams): Stream.Stream<Message, OpenAiError, Messages> =>
  Stream.unwrap(Effect.map(Messages, (s) => s.listAll(threadId, params)))

const del = (threadId: string, messageId: string): Effect.Effect<DeleteMessageResponse, OpenAiError, Messages> =>
  Effect.flatMap(Messages, (s) => s.delete(threadId, messageId))

export {
  /**
   * Deletes a message of a thread.
   *
   * @example
   * ```ts
   * import { Messages } from "@effect-openai/core"
   *
   * const deleted = Messages.delete("thread_abc123", "msg_abc123")
   * // { id: "msg_abc123", object: "thread.message.deleted", deleted: true }
   * ```
   *
   * @since 0.1.0
   * @category accessors
   */
  del as delete
}
