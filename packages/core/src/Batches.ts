/**
 * Batches: run a JSONL file of chat completion or embedding requests
 * asynchronously, within 24 hours and at half the price; read, list and
 * cancel batches. API reference: "Batch".
 *
 * @example
 * ```ts
 * import { Batches, Files, Uploadable } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const input = yield* Files.create({
 *     file: Uploadable.fromBytes(new TextEncoder().encode(jsonl), "requests.jsonl"),
 *     purpose: "batch"
 *   })
 *   const batch = yield* Batches.create({
 *     input_file_id: input.id,
 *     endpoint: "/v1/chat/completions",
 *     completion_window: "24h"
 *   })
 *   // { id: "batch_abc123", object: "batch", endpoint: "/v1/chat/completions", status: "validating", input_file_id: "file-abc123", … }
 *   const done = yield* Batches.poll(batch.id, { interval: "30 seconds", timeout: "24 hours" })
 *   // { …, status: "completed", output_file_id: "file-cvaTdG", request_counts: { total: 100, completed: 95, failed: 5 } }
 *   const results = yield* Files.contentText(done.output_file_id!) // '{"id":"batch_req_1","custom_id":"request-1",…}\n…'
 * })
 *
 * declare const jsonl: string
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { constFalse } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/Batches.js"
import { allPages } from "./internal/pagination.js"
import * as Params from "./internal/params.js"
import * as Poll from "./internal/poll.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * A batch: `{ id, object: "batch", endpoint, input_file_id, completion_window, status, output_file_id, error_file_id, request_counts, … }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Batch = Generated.Batch
/**
 * @since 0.1.0
 * @category models
 */
export type Batch = Generated.Batch

/**
 * A page of batches: `{ object: "list", data: Batch[], first_id, last_id, has_more }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListBatchesResponse = Generated.ListBatchesResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ListBatchesResponse = Generated.ListBatchesResponse

/**
 * The parameters of `create`: `{ input_file_id, endpoint, completion_window: "24h", metadata? }`.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Generated.CreateBatchRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `list` and `listAll`: `after` (the last id of the
 * previous page) and `limit` (1 to 100, default 20).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams {
  /** The id after which the page starts */
  readonly after?: string | undefined
  /** How many batches per page */
  readonly limit?: number | undefined
}

/**
 * The options of `poll` and `pollStates`: `interval` between reads (default
 * 1 second; the server's `openai-poll-after-ms` wins when it sends one),
 * `timeout`, the overall deadline (default 30 minutes; past it the call fails
 * with `TimeoutError`, kind `"deadline"`), and `onProgress`, called with
 * every state read.
 *
 * @since 0.1.0
 * @category polling
 */
export type PollOptions = Poll.PollOptions<Batch>

/**
 * The statuses a batch never leaves: `completed`, `failed`, `expired`,
 * `cancelled`.
 *
 * @since 0.1.0
 * @category polling
 */
export const terminalStatuses: ReadonlySet<string> = new Set(["completed", "failed", "expired", "cancelled"])

/**
 * Whether the batch has settled (its status is one of `terminalStatuses`).
 *
 * @since 0.1.0
 * @category polling
 */
export const isTerminal = (batch: { readonly status: string }): boolean => terminalStatuses.has(batch.status)

/**
 * The Batches service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /batches` (createBatch) */
  readonly create: (params: CreateParams) => Effect.Effect<Batch, OpenAiError>
  /** `GET /batches/{batch_id}` (retrieveBatch) */
  readonly retrieve: (batchId: string) => Effect.Effect<Batch, OpenAiError>
  /** `GET /batches` (listBatches): one page */
  readonly list: (params?: ListParams) => Effect.Effect<ListBatchesResponse, OpenAiError>
  /** `GET /batches` (listBatches): every batch, page after page, lazily */
  readonly listAll: (params?: ListParams) => Stream.Stream<Batch, OpenAiError>
  /** `POST /batches/{batch_id}/cancel` (cancelBatch) */
  readonly cancel: (batchId: string) => Effect.Effect<Batch, OpenAiError>
  /** `GET /batches/{batch_id}` until the batch settles, within the deadline: the settled batch */
  readonly poll: (batchId: string, options?: PollOptions) => Effect.Effect<Batch, OpenAiError>
  /** `GET /batches/{batch_id}` until the batch settles, within the deadline: every state read, the settled one last */
  readonly pollStates: (batchId: string, options?: PollOptions) => Stream.Stream<Batch, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Batches extends Context.Tag("@effect-openai/core/Batches")<Batches, Service>() {}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  const list = (params?: ListParams) =>
    client.json(
      {
        operationId: "listBatches",
        method: "GET",
        path: "/batches",
        query: Params.query(params)
      },
      ListBatchesResponse
    )
  const retrieve = (batchId: string) =>
    client.json(
      { operationId: "retrieveBatch", method: "GET", path: "/batches/{batch_id}", pathParams: { batch_id: batchId } },
      Batch
    )
  const what = (batchId: string) => `batch ${batchId}`
  return {
    create: (params) =>
      client.json(
        {
          operationId: "createBatch",
          method: "POST",
          path: "/batches",
          body: { _tag: "Json", schema: Generated.CreateBatchRequest, value: params }
        },
        Batch
      ),
    retrieve,
    list,
    listAll: (params) => allPages(params, list),
    cancel: (batchId) =>
      client.json(
        {
          operationId: "cancelBatch",
          method: "POST",
          path: "/batches/{batch_id}/cancel",
          pathParams: { batch_id: batchId }
        },
        Batch
      ),
    poll: (batchId, options) => Poll.poll(what(batchId), retrieve(batchId), isTerminal, options),
    pollStates: (batchId, options = {}) =>
      Poll.states(retrieve(batchId), isTerminal, options).pipe(
        // the deadline: a poll that never reads fails with the same TimeoutError at the same time
        Stream.interruptWhen(Poll.poll(what(batchId), Effect.never, constFalse, { timeout: options.timeout }))
      )
  }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Batches, never, OpenAiClient> = Layer.effect(Batches, make)

/**
 * Creates a batch from an uploaded `batch` file of requests.
 *
 * @example
 * ```ts
 * import { Batches } from "@effect-openai/core"
 *
 * const batch = Batches.create({
 *   input_file_id: "file-abc123",
 *   endpoint: "/v1/chat/completions",
 *   completion_window: "24h",
 *   metadata: { customer_id: "user_123456789" }
 * }) // { id: "batch_abc123", object: "batch", status: "validating", … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (params: CreateParams): Effect.Effect<Batch, OpenAiError, Batches> =>
  Effect.flatMap(Batches, (s) => s.create(params))

/**
 * Reads one batch.
 *
 * @example
 * ```ts
 * import { Batches } from "@effect-openai/core"
 *
 * const batch = Batches.retrieve("batch_abc123")
 * // { id: "batch_abc123", status: "completed", output_file_id: "file-cvaTdG", request_counts: { total: 100, completed: 95, failed: 5 }, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (batchId: string): Effect.Effect<Batch, OpenAiError, Batches> =>
  Effect.flatMap(Batches, (s) => s.retrieve(batchId))

/**
 * One page of your organization's batches, newest first.
 *
 * @example
 * ```ts
 * import { Batches } from "@effect-openai/core"
 *
 * const page = Batches.list({ limit: 2 })
 * // { object: "list", data: Batch[], first_id: "batch_abc123", last_id: "batch_abc456", has_more: true }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (params?: ListParams): Effect.Effect<ListBatchesResponse, OpenAiError, Batches> =>
  Effect.flatMap(Batches, (s) => s.list(params))

/**
 * Every batch, fetching the next page only when the stream is pulled past
 * the current one.
 *
 * @example
 * ```ts
 * import { Batches } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const inFlight = Batches.listAll().pipe(
 *   Stream.filter((batch) => batch.status === "in_progress"),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listAll = (params?: ListParams): Stream.Stream<Batch, OpenAiError, Batches> =>
  Stream.unwrap(Effect.map(Batches, (s) => s.listAll(params)))

/**
 * Cancels a batch: it goes to `cancelling`, then `cancelled` (up to 10
 * minutes later), keeping the results of the requests already done.
 *
 * @example
 * ```ts
 * import { Batches } from "@effect-openai/core"
 *
 * const batch = Batches.cancel("batch_abc123") // { id: "batch_abc123", status: "cancelling", cancelling_at: 1711475133, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const cancel = (batchId: string): Effect.Effect<Batch, OpenAiError, Batches> =>
  Effect.flatMap(Batches, (s) => s.cancel(batchId))

/**
 * Reads the batch until it settles (`completed`, `failed`, `expired` or
 * `cancelled`) and returns it. Waits `interval` between reads, or the
 * server's `openai-poll-after-ms`; calls `onProgress` with every state;
 * fails with `TimeoutError` (kind `"deadline"`) past `timeout`. Interrupting
 * it stops the polling and aborts the request in flight.
 *
 * @example
 * ```ts
 * import { Batches } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const done = Batches.poll("batch_abc123", {
 *   interval: "30 seconds",
 *   timeout: "24 hours",
 *   onProgress: (b) => Effect.log(`${b.status}: ${b.request_counts?.completed}/${b.request_counts?.total}`)
 * }) // { id: "batch_abc123", status: "completed", output_file_id: "file-cvaTdG", request_counts: { total: 100, completed: 95, failed: 5 }, … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const poll = (batchId: string, options?: PollOptions): Effect.Effect<Batch, OpenAiError, Batches> =>
  Effect.flatMap(Batches, (s) => s.poll(batchId, options))

/**
 * The progress of a batch as a stream: every state read while polling, the
 * settled one last, with the interval, `openai-poll-after-ms` and deadline
 * of `poll`. Stop pulling (or interrupt) to stop polling.
 *
 * @example
 * ```ts
 * import { Batches } from "@effect-openai/core"
 * import { Console, Stream } from "effect"
 *
 * const progress = Batches.pollStates("batch_abc123", { interval: "10 seconds" }).pipe(
 *   Stream.runForEach((b) => Console.log(b.status, b.request_counts))
 * ) // validating, in_progress { total: 100, completed: 50, failed: 0 }, finalizing, completed
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const pollStates = (batchId: string, options?: PollOptions): Stream.Stream<Batch, OpenAiError, Batches> =>
  Stream.unwrap(Effect.map(Batches, (s) => s.pollStates(batchId, options)))
