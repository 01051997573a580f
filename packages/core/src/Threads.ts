/**
 * Threads: the conversations an assistant runs on. Create one (optionally
 * with its first messages), read it, update its metadata and tool
 * resources, delete it. Every call sends `OpenAI-Beta: assistants=v2`. API
 * reference: "Threads".
 *
 * @example
 * ```ts
 * import { Threads } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const thread = yield* Threads.create({ messages: [{ role: "user", content: "Hello, what is AI?" }] })
 *   // { id: "thread_abc123", object: "thread", created_at: 1699012949, metadata: {}, tool_resources: {} }
 *   yield* Threads.update(thread.id, { metadata: { user: "abc123" } })
 *   yield* Threads.delete(thread.id) // { id: "thread_abc123", object: "thread.deleted", deleted: true }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Shared from "./generated/Shared.js"
import * as Generated from "./generated/Threads.js"
import { assistantsV2 } from "./internal/beta.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"
import * as Runs from "./Runs.js"

/**
 * A thread (`ThreadObject` of the spec): `{ id, object: "thread", created_at,
 * tool_resources, metadata }`. Its messages are read with `Messages.list`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Thread = Shared.ThreadObject
/**
 * @since 0.1.0
 * @category models
 */
export type Thread = Shared.ThreadObject

/**
 * The answer to a delete: `{ id, object: "thread.deleted", deleted }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeleteThreadResponse = Generated.DeleteThreadResponse
/**
 * @since 0.1.0
 * @category models
 */
export type DeleteThreadResponse = Generated.DeleteThreadResponse

/**
 * The parameters of `create` (`CreateThreadRequest`), all optional:
 * `messages` to start with (`{ role, content, attachments?, metadata? }`),
 * `tool_resources`, `metadata`. Fields the schema does not know are sent
 * unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Shared.CreateThreadRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `update` (`ModifyThreadRequest`): `tool_resources` and
 * `metadata`. Fields the schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type UpdateParams = Generated.ModifyThreadRequest & { readonly [extra: string]: unknown }

/**
 * The Threads service. Creating a thread and running it in one call is
 * `Runs.createThreadAndRun`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /threads` (createThread) */
  readonly create: (params?: CreateParams) => Effect.Effect<Thread, OpenAiError>
  /** `GET /threads/{thread_id}` (getThread) */
  readonly retrieve: (threadId: string) => Effect.Effect<Thread, OpenAiError>
  /** `POST /threads/{thread_id}` (modifyThread) */
  readonly update: (threadId: string, params: UpdateParams) => Effect.Effect<Thread, OpenAiError>
  /** `DELETE /threads/{thread_id}` (deleteThread) */
  readonly delete: (threadId: string) => Effect.Effect<DeleteThreadResponse, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Threads extends Context.Tag("@effect-openai/core/Threads")<Threads, Service>() {}

const byId = (threadId: string) => ({ path: "/threads/{thread_id}", pathParams: { thread_id: threadId } })

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => ({
  create: (params = {}) =>
    client.json(
      {
        operationId: "createThread",
        method: "POST",
        path: "/threads",
        body: { _tag: "Json", schema: Shared.CreateThreadRequest, value: params },
        headers: assistantsV2
      },
      Thread
    ),
  retrieve: (threadId) =>
    client.json({ operationId: "getThread", method: "GET", ...byId(threadId), headers: assistantsV2 }, Thread),
  update: (threadId, params) =>
    client.json(
      {
        operationId: "modifyThread",
        method: "POST",
        ...byId(threadId),
        body: { _tag: "Json", schema: Generated.ModifyThreadRequest, value: params },
        headers: assistantsV2
      },
      Thread
    ),
  delete: (threadId) =>
    client.json(
      { operationId: "deleteThread", method: "DELETE", ...byId(threadId), headers: assistantsV2 },
      DeleteThreadResponse
    )
}))

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Threads, never, OpenAiClient> = Layer.effect(Threads, make)

/**
 * Creates a thread, empty or with its first messages.
 *
 * @example
 * ```ts
 * import { Threads } from "@effect-openai/core"
 *
 * const empty = Threads.create()
 * const thread = Threads.create({
 *   messages: [
 *     { role: "user", content: "Hello, what is AI?" },
 *     { role: "user", content: "How does AI work? Explain it in simple terms." }
 *   ]
 * })
 * // { id: "thread_abc123", object: "thread", created_at: 1699014083, metadata: {}, tool_resources: {} }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params?: CreateParams): Effect.Effect<Thread, OpenAiError, Threads> =>
  Effect.flatMap(Threads, (s) => s.create(params))

/**
 * Reads a thread.
 *
 * @example
 * ```ts
 * import { Threads } from "@effect-openai/core"
 *
 * const thread = Threads.retrieve("thread_abc123")
 * // { id: "thread_abc123", object: "thread", created_at, metadata: {}, tool_resources: { code_interpreter: { file_ids: [] } } }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (threadId: string): Effect.Effect<Thread, OpenAiError, Threads> =>
  Effect.flatMap(Threads, (s) => s.retrieve(threadId))

/**
 * Modifies a thread's `metadata` and `tool_resources`.
 *
 * @example
 * ```ts
 * import { Threads } from "@effect-openai/core"
 *
 * const thread = Threads.update("thread_abc123", { metadata: { modified: "true", user: "abc123" } })
 * // { id: "thread_abc123", object: "thread", metadata: { modified: "true", user: "abc123" }, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const update = (threadId: string, params: UpdateParams): Effect.Effect<Thread, OpenAiError, Threads> =>
  Effect.flatMap(Threads, (s) => s.update(threadId, params))

const del = (threadId: string): Effect.Effect<DeleteThreadResponse, OpenAiError, Threads> =>
  Effect.flatMap(Threads, (s) => s.delete(threadId))

export {
  /**
   * Deletes a thread.
   *
   * @example
   * ```ts
   * import { Threads } from "@effect-openai/core"
   *
   * const deleted = Threads.delete("thread_abc123") // { id: "thread_abc123", object: "thread.deleted", deleted: true }
   * ```
   *
   * @since 0.1.0
   * @category accessors
   */
  del as delete
}

/**
 * Creates a thread and runs it in one request (`POST /threads/runs`,
 * createThreadAndRun). It is `Runs.createThreadAndRun`, here where
 * openai-node keeps it.
 *
 * @example
 * ```ts
 * import { Threads } from "@effect-openai/core"
 *
 * const run = Threads.createAndRun({
 *   assistant_id: "asst_abc123",
 *   thread: { messages: [{ role: "user", content: "Explain deep learning to a 5 year old." }] }
 * }) // { id: "run_abc123", object: "thread.run", thread_id: "thread_abc123", status: "queued", … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const createAndRun = (params: Runs.CreateThreadAndRunParams): Effect.Effect<Runs.Run, OpenAiError, Runs.Runs> =>
  Runs.createThreadAndRun(params)
