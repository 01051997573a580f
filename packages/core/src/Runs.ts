/**
 * Runs: execute an assistant on a thread, follow the run, answer its tool
 * calls, cancel it. Also `createThreadAndRun`, which creates the thread and
 * starts the run in one call. Every request sends `OpenAI-Beta: assistants=v2`.
 * API reference: "Assistants › Runs".
 *
 * These are the non-streaming calls: each returns the run object as it is
 * now; retrieve it again to follow its `status`.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   let run = yield* Runs.create("thread_abc123", { assistant_id: "asst_abc123" })
 *   // { id: "run_abc123", object: "thread.run", thread_id: "thread_abc123", status: "queued", required_action: null, … }
 *   run = yield* Runs.retrieve("thread_abc123", run.id)
 *   if (run.status === "requires_action") {
 *     const calls = run.required_action?.submit_tool_outputs.tool_calls ?? []
 *     run = yield* Runs.submitToolOutputs("thread_abc123", run.id, {
 *       tool_outputs: calls.map((call) => ({ tool_call_id: call.id, output: "70 degrees and sunny" }))
 *     })
 *   }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/Runs.js"
import * as Shared from "./generated/Shared.js"
import { assistantsV2 } from "./internal/beta.js"
import { paginate } from "./internal/pagination.js"
import { OpenAiClient, type Operation as OpenAiClientOperation } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * A run (`RunObject` of the spec): `{ id, object: "thread.run", thread_id,
 * assistant_id, status, required_action, last_error, model, instructions,
 * tools, usage, … }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Run = Shared.RunObject
/**
 * @since 0.1.0
 * @category models
 */
export type Run = Shared.RunObject

/**
 * A tool call the run waits for (`RunToolCallObject`): `{ id, type:
 * "function", function: { name, arguments } }`, found in
 * `run.required_action.submit_tool_outputs.tool_calls`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RunToolCall = Shared.RunToolCallObject
/**
 * @since 0.1.0
 * @category models
 */
export type RunToolCall = Shared.RunToolCallObject

/**
 * One page of runs: `{ object: "list", data: Run[], first_id, last_id, has_more }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListRunsResponse = Generated.ListRunsResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ListRunsResponse = Generated.ListRunsResponse

/**
 * The request schemas, used to validate before sending.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateRunRequest = Generated.CreateRunRequest
/**
 * @since 0.1.0
 * @category schemas
 */
export const CreateThreadAndRunRequest = Generated.CreateThreadAndRunRequest
/**
 * @since 0.1.0
 * @category schemas
 */
export const ModifyRunRequest = Generated.ModifyRunRequest
/**
 * @since 0.1.0
 * @category schemas
 */
export const SubmitToolOutputsRunRequest = Generated.SubmitToolOutputsRunRequest

/**
 * The parameters of `create`: `CreateRunRequest` without `stream`. The thread
 * is the path's `threadId`, never a body field. Fields the schema does not
 * know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateParams = Omit<Generated.CreateRunRequest, "stream"> & { readonly [extra: string]: unknown }

/**
 * The parameters of `createThreadAndRun`: `CreateThreadAndRunRequest`
 * without `stream`; `thread` (messages, tool resources, metadata) is
 * optional, an empty thread is created without it.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateThreadAndRunParams = Omit<Generated.CreateThreadAndRunRequest, "stream"> & {
  readonly [extra: string]: unknown
}

/**
 * The parameters of `update`: `{ metadata }`.
 *
 * @since 0.1.0
 * @category models
 */
export type UpdateParams = Generated.ModifyRunRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `submitToolOutputs`: `{ tool_outputs: [{ tool_call_id, output }] }`,
 * without `stream`.
 *
 * @since 0.1.0
 * @category models
 */
export type SubmitToolOutputsParams = Omit<Generated.SubmitToolOutputsRunRequest, "stream"> & {
  readonly [extra: string]: unknown
}

/**
 * The parameters of a cursor-paginated list (runs, run steps): page size
 * (`limit`, 1 to 100, default 20), `order` by `created_at` (`desc` by
 * default) and the `after` / `before` cursors (object ids).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams {
  readonly limit?: number | undefined
  readonly order?: "asc" | "desc" | undefined
  readonly after?: string | undefined
  readonly before?: string | undefined
}

/**
 * The Runs service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /threads/{thread_id}/runs` (createRun) */
  readonly create: (threadId: string, params: CreateParams) => Effect.Effect<Run, OpenAiError>
  /** `POST /threads/runs` (createThreadAndRun) */
  readonly createThreadAndRun: (params: CreateThreadAndRunParams) => Effect.Effect<Run, OpenAiError>
  /** `GET /threads/{thread_id}/runs/{run_id}` (getRun) */
  readonly retrieve: (threadId: string, runId: string) => Effect.Effect<Run, OpenAiError>
  /** `POST /threads/{thread_id}/runs/{run_id}` (modifyRun) */
  readonly update: (threadId: string, runId: string, params: UpdateParams) => Effect.Effect<Run, OpenAiError>
  /** `GET /threads/{thread_id}/runs` (listRuns): one page */
  readonly list: (threadId: string, params?: ListParams) => Effect.Effect<ListRunsResponse, OpenAiError>
  /** `GET /threads/{thread_id}/runs` (listRuns): every run, page after page, lazily */
  readonly listAll: (threadId: string, params?: ListParams) => Stream.Stream<Run, OpenAiError>
  /** `POST /threads/{thread_id}/runs/{run_id}/cancel` (cancelRun) */
  readonly cancel: (threadId: string, runId: string) => Effect.Effect<Run, OpenAiError>
  /** `POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs` (submitToolOuputsToRun, sic) */
  readonly submitToolOutputs: (
    threadId: string,
    runId: string,
    params: SubmitToolOutputsParams
  ) => Effect.Effect<Run, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Runs extends Context.Tag("@effect-openai/core/Runs")<Runs, Service>() {}

/** A JSON body without `stream`: these are the non-streaming calls, whatever an untyped caller passed. */
const nonStreaming = (schema: Schema.Schema<any, any>, params: { readonly [key: string]: unknown }) => {
  const { stream: _, ...value } = params
  return { _tag: "Json" as const, schema, value }
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  /** A call on one run: `/threads/{thread_id}/runs/{run_id}` and what follows. */
  const onRun = (
    operationId: string,
    method: "GET" | "POST",
    threadId: string,
    runId: string,
    suffix: string,
    body?: OpenAiClientOperation["body"]
  ) =>
    client.json(
      {
        operationId,
        method,
        path: `/threads/{thread_id}/runs/{run_id}${suffix}`,
        pathParams: { thread_id: threadId, run_id: runId },
        body,
        headers: assistantsV2
      },
      Run
    )
  const list = (threadId: string, params: ListParams = {}) =>
    client.json(
      {
        operationId: "listRuns",
        method: "GET",
        path: "/threads/{thread_id}/runs",
        pathParams: { thread_id: threadId },
        query: { ...params },
        headers: assistantsV2
      },
      ListRunsResponse
    )
  return {
    create: (threadId, params) =>
      client.json(
        {
          operationId: "createRun",
          method: "POST",
          path: "/threads/{thread_id}/runs",
          pathParams: { thread_id: threadId },
          body: nonStreaming(CreateRunRequest, params),
          headers: assistantsV2
        },
        Run
      ),
    createThreadAndRun: (params) =>
      client.json(
        {
          operationId: "createThreadAndRun",
          method: "POST",
          path: "/threads/runs",
          body: nonStreaming(CreateThreadAndRunRequest, params),
          headers: assistantsV2
        },
        Run
      ),
    retrieve: (threadId, runId) => onRun("getRun", "GET", threadId, runId, ""),
    update: (threadId, runId, params) =>
      onRun("modifyRun", "POST", threadId, runId, "", { _tag: "Json", schema: ModifyRunRequest, value: params }),
    list,
    listAll: (threadId, params = {}) => paginate((after) => list(threadId, { ...params, after }), params.after),
    cancel: (threadId, runId) => onRun("cancelRun", "POST", threadId, runId, "/cancel"),
    submitToolOutputs: (threadId, runId, params) =>
      onRun(
        "submitToolOuputsToRun",
        "POST",
        threadId,
        runId,
        "/submit_tool_outputs",
        nonStreaming(SubmitToolOutputsRunRequest, params)
      )
  }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Runs, never, OpenAiClient> = Layer.effect(Runs, make)

/**
 * Starts a run of an assistant on a thread. The run starts `queued`.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const run = Runs.create("thread_abc123", {
 *   assistant_id: "asst_abc123",
 *   additional_instructions: "Call the user Jane."
 * })
 * // { id: "run_abc123", object: "thread.run", status: "queued", thread_id: "thread_abc123", assistant_id: "asst_abc123", … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (threadId: string, params: CreateParams): Effect.Effect<Run, OpenAiError, Runs> =>
  Effect.flatMap(Runs, (s) => s.create(threadId, params))

/**
 * Creates a thread (with its first messages) and starts a run on it, in one
 * call. The new thread's id is the run's `thread_id`.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const run = Runs.createThreadAndRun({
 *   assistant_id: "asst_abc123",
 *   thread: { messages: [{ role: "user", content: "Explain deep learning to a 5 year old." }] }
 * })
 * // { id: "run_abc123", object: "thread.run", thread_id: "thread_abc123", status: "queued", … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const createThreadAndRun = (params: CreateThreadAndRunParams): Effect.Effect<Run, OpenAiError, Runs> =>
  Effect.flatMap(Runs, (s) => s.createThreadAndRun(params))

/**
 * Reads a run: its `status`, and the `required_action` when it waits for tool outputs.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const run = Runs.retrieve("thread_abc123", "run_abc123")
 * // { id: "run_abc123", status: "completed", completed_at: 1699075073, usage: { prompt_tokens: 123, completion_tokens: 456, total_tokens: 579 }, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (threadId: string, runId: string): Effect.Effect<Run, OpenAiError, Runs> =>
  Effect.flatMap(Runs, (s) => s.retrieve(threadId, runId))

/**
 * Changes a run's metadata.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const run = Runs.update("thread_abc123", "run_abc123", { metadata: { user_id: "user_abc123" } })
 * // { id: "run_abc123", metadata: { user_id: "user_abc123" }, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const update = (threadId: string, runId: string, params: UpdateParams): Effect.Effect<Run, OpenAiError, Runs> =>
  Effect.flatMap(Runs, (s) => s.update(threadId, runId, params))

/**
 * One page of a thread's runs, newest first unless `order: "asc"`.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const page = Runs.list("thread_abc123", { limit: 10 })
 * // { object: "list", data: Run[], first_id: "run_abc123", last_id: "run_abc456", has_more: false }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (threadId: string, params?: ListParams): Effect.Effect<ListRunsResponse, OpenAiError, Runs> =>
  Effect.flatMap(Runs, (s) => s.list(threadId, params))

/**
 * Every run of a thread, as a lazy stream that fetches the next page only
 * when it is pulled past the current one.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const completed = Runs.listAll("thread_abc123").pipe(Stream.filter((run) => run.status === "completed"))
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listAll = (threadId: string, params?: ListParams): Stream.Stream<Run, OpenAiError, Runs> =>
  Stream.unwrap(Effect.map(Runs, (s) => s.listAll(threadId, params)))

/**
 * Cancels a run that is `queued`, `in_progress` or `requires_action`; it
 * goes to `cancelling`, then `cancelled`.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const run = Runs.cancel("thread_abc123", "run_abc123") // { id: "run_abc123", status: "cancelling", … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const cancel = (threadId: string, runId: string): Effect.Effect<Run, OpenAiError, Runs> =>
  Effect.flatMap(Runs, (s) => s.cancel(threadId, runId))

/**
 * Answers the tool calls of a run whose status is `requires_action`, all of
 * them in one request; the run goes on (`queued`).
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const run = Runs.submitToolOutputs("thread_123", "run_123", {
 *   tool_outputs: [{ tool_call_id: "call_001", output: "70 degrees and sunny." }]
 * })
 * // { id: "run_123", status: "queued", required_action: null, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const submitToolOutputs = (
  threadId: string,
  runId: string,
  params: SubmitToolOutputsParams
): Effect.Effect<Run, OpenAiError, Runs> => Effect.flatMap(Runs, (s) => s.submitToolOutputs(threadId, runId, params))
