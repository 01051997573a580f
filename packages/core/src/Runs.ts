/**
 * Runs: execute an assistant on a thread, follow the run, answer its tool
 * calls, cancel it. Also `createThreadAndRun`, which creates the thread and
 * starts the run in one call. Every request sends `OpenAI-Beta: assistants=v2`.
 * API reference: "Assistants › Runs".
 *
 * The plain calls return the run object as it is now. To follow a run:
 * - stream it: `stream`, `createThreadAndRunStream` and
 *   `submitToolOutputsStream` return a `Stream` of typed
 *   `AssistantStreamEvent`s, and `AssistantStream.runTools` answers its tool
 *   calls until it ends;
 * - or poll it: `poll`, `createAndPoll`, `submitToolOutputsAndPoll` and
 *   `pollStates`, with an interval the server can stretch
 *   (`openai-poll-after-ms`), an overall deadline and progress reports.
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
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
// AssistantStream imports this module too (for the Runs tag); each side uses the other only inside functions.
import * as AssistantStream from "./AssistantStream.js"
import * as Generated from "./generated/Runs.js"
import * as Shared from "./generated/Shared.js"
import { assistantsV2 } from "./internal/beta.js"
import { allPages } from "./internal/pagination.js"
import * as Params from "./internal/params.js"
import * as Poll from "./internal/poll.js"
import { OpenAiClient, type Operation as OpenAiClientOperation } from "./OpenAiClient.js"
import { type OpenAiError, TimeoutError } from "./OpenAiError.js"

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
 * An assistant stream event (see `AssistantStream`): `{ event, data }`,
 * narrowed by `event`.
 *
 * @since 0.1.0
 * @category models
 */
export type AssistantStreamEvent = AssistantStream.AssistantStreamEvent

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
  /** `POST /threads/{thread_id}/runs` (createRun) with `stream: true`; interrupting the stream aborts the request */
  readonly stream: (threadId: string, params: CreateParams) => Stream.Stream<AssistantStreamEvent, OpenAiError>
  /** `POST /threads/runs` (createThreadAndRun) with `stream: true` */
  readonly createThreadAndRunStream: (
    params: CreateThreadAndRunParams
  ) => Stream.Stream<AssistantStreamEvent, OpenAiError>
  /** `POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs` with `stream: true` */
  readonly submitToolOutputsStream: (
    threadId: string,
    runId: string,
    params: SubmitToolOutputsParams
  ) => Stream.Stream<AssistantStreamEvent, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Runs extends Context.Tag("@effect-openai/core/Runs")<Runs, Service>() {}

/** A JSON body whose `stream` the method decides, whatever an untyped caller passed. */
const jsonBody = (schema: Schema.Schema<any, any>, params: unknown, stream: boolean) => ({
  _tag: "Json" as const,
  schema,
  value: Params.withStream(params, stream)
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  const createRun = (threadId: string, params: CreateParams, stream: boolean): OpenAiClientOperation => ({
    operationId: "createRun",
    method: "POST",
    path: "/threads/{thread_id}/runs",
    pathParams: { thread_id: threadId },
    body: jsonBody(CreateRunRequest, params, stream),
    headers: assistantsV2
  })
  const createThreadAndRun = (params: CreateThreadAndRunParams, stream: boolean): OpenAiClientOperation => ({
    operationId: "createThreadAndRun",
    method: "POST",
    path: "/threads/runs",
    body: jsonBody(CreateThreadAndRunRequest, params, stream),
    headers: assistantsV2
  })
  /** A call on one run: `/threads/{thread_id}/runs/{run_id}` and what follows. */
  const onRun = (
    operationId: string,
    method: "GET" | "POST",
    threadId: string,
    runId: string,
    suffix: string,
    body?: OpenAiClientOperation["body"]
  ): OpenAiClientOperation => ({
    operationId,
    method,
    path: `/threads/{thread_id}/runs/{run_id}${suffix}`,
    pathParams: { thread_id: threadId, run_id: runId },
    body,
    headers: assistantsV2
  })
  const submit = (threadId: string, runId: string, params: SubmitToolOutputsParams, stream: boolean) =>
    onRun(
      "submitToolOuputsToRun",
      "POST",
      threadId,
      runId,
      "/submit_tool_outputs",
      jsonBody(SubmitToolOutputsRunRequest, params, stream)
    )
  const events = (operation: OpenAiClientOperation) => AssistantStream.fromSse(client.events(operation))
  const list = (threadId: string, params?: ListParams) =>
    client.json(
      {
        operationId: "listRuns",
        method: "GET",
        path: "/threads/{thread_id}/runs",
        pathParams: { thread_id: threadId },
        query: Params.query(params),
        headers: assistantsV2
      },
      ListRunsResponse
    )
  return {
    create: (threadId, params) => client.json(createRun(threadId, params, false), Run),
    createThreadAndRun: (params) => client.json(createThreadAndRun(params, false), Run),
    retrieve: (threadId, runId) => client.json(onRun("getRun", "GET", threadId, runId, ""), Run),
    update: (threadId, runId, params) =>
      client.json(
        onRun("modifyRun", "POST", threadId, runId, "", { _tag: "Json", schema: ModifyRunRequest, value: params }),
        Run
      ),
    list,
    listAll: (threadId, params) => allPages(params, (p) => list(threadId, p)),
    cancel: (threadId, runId) => client.json(onRun("cancelRun", "POST", threadId, runId, "/cancel"), Run),
    submitToolOutputs: (threadId, runId, params) => client.json(submit(threadId, runId, params, false), Run),
    stream: (threadId, params) => events(createRun(threadId, params, true)),
    createThreadAndRunStream: (params) => events(createThreadAndRun(params, true)),
    submitToolOutputsStream: (threadId, runId, params) => events(submit(threadId, runId, params, true))
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

/**
 * Creates a run with `stream: true`: its events as they happen, typed
 * (`AssistantStream`). The stream ends when the run completes, fails, is
 * cancelled or expires, or when it stops at `thread.run.requires_action`
 * (answer with `submitToolOutputsStream`, or let `AssistantStream.runTools`
 * do it). Interrupting it aborts the request.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Runs.stream("thread_abc123", { assistant_id: "asst_abc123" }).pipe(
 *   Stream.runForEach((e) => Effect.log(e.event))
 * )
 * // thread.run.created, thread.run.queued, thread.run.in_progress, thread.run.step.created, …,
 * // thread.message.delta (data: { id, delta: { content: [{ type: "text", text: { value: "Hel" } }] } }), …, thread.run.completed
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const stream = (
  threadId: string,
  params: CreateParams
): Stream.Stream<AssistantStreamEvent, OpenAiError, Runs> =>
  Stream.unwrap(Effect.map(Runs, (s) => s.stream(threadId, params)))

/**
 * Creates a thread and a run on it with `stream: true`; the first event is
 * `thread.created` with the new thread.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const events = Runs.createThreadAndRunStream({
 *   assistant_id: "asst_abc123",
 *   thread: { messages: [{ role: "user", content: "Hello" }] }
 * })
 * // Stream: { event: "thread.created", data: Thread }, { event: "thread.run.created", data: Run }, …
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const createThreadAndRunStream = (
  params: CreateThreadAndRunParams
): Stream.Stream<AssistantStreamEvent, OpenAiError, Runs> =>
  Stream.unwrap(Effect.map(Runs, (s) => s.createThreadAndRunStream(params)))

/**
 * Answers the tool calls of a run in `requires_action` with `stream: true`:
 * the run's next events, until it ends or asks again.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const events = Runs.submitToolOutputsStream("thread_abc123", "run_abc123", {
 *   tool_outputs: [{ tool_call_id: "call_001", output: "70 degrees and sunny." }]
 * })
 * // Stream: thread.run.queued, thread.run.in_progress, thread.run.step.completed, …, thread.run.completed
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const submitToolOutputsStream = (
  threadId: string,
  runId: string,
  params: SubmitToolOutputsParams
): Stream.Stream<AssistantStreamEvent, OpenAiError, Runs> =>
  Stream.unwrap(Effect.map(Runs, (s) => s.submitToolOutputsStream(threadId, runId, params)))

/**
 * The options of the polling helpers: `interval` between reads (default 1
 * second; the server's `openai-poll-after-ms` wins), the overall `timeout`
 * (default 30 minutes; past it `TimeoutError` with kind `"deadline"`), and
 * `onProgress`, called with every state read.
 *
 * @since 0.1.0
 * @category models
 */
export type PollOptions = Poll.PollOptions<Run>

const moving = new Set<string>(["queued", "in_progress", "cancelling"])

/**
 * Has the run stopped moving? True for `completed`, `failed`, `cancelled`,
 * `expired`, `incomplete`, and `requires_action` (it waits for you), and for
 * any status this library does not know; false for `queued`, `in_progress`
 * and `cancelling`.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * Runs.isSettled(run) // run.status === "requires_action" → true
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const isSettled = (run: Run): boolean => !moving.has(run.status)

const deadline = (runId: string, timeout: Duration.Duration) =>
  new TimeoutError({
    message: `run ${runId} did not settle within ${Duration.format(timeout)}`,
    method: "GET",
    url: `run ${runId}`,
    kind: "deadline",
    timeout
  })

/**
 * Retrieves the run until it settles (see `isSettled`) and returns it then.
 * Waits `interval` between reads, or the server's `openai-poll-after-ms`;
 * fails with `TimeoutError` (kind `"deadline"`) past `timeout`.
 * Interruptible: interrupting it aborts the request in flight.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const run = Runs.poll("thread_abc123", "run_abc123", {
 *   interval: "500 millis",
 *   timeout: "5 minutes",
 *   onProgress: (run) => Effect.log(run.status)
 * })
 * // { id: "run_abc123", status: "completed" | "requires_action" | "failed" | …, … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const poll = (
  threadId: string,
  runId: string,
  options: PollOptions = {}
): Effect.Effect<Run, OpenAiError, Runs> =>
  Effect.flatMap(Runs, (s) => Poll.poll(`run ${runId}`, s.retrieve(threadId, runId), isSettled, options))

/**
 * Every state of the run while it is polled, the first read included and
 * the settled one last, with the same interval and deadline as `poll`.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const statuses = Runs.pollStates("thread_abc123", "run_abc123", { interval: "1 second" }).pipe(
 *   Stream.map((run) => run.status),
 *   Stream.runCollect
 * )
 * // ["queued", "in_progress", "completed"]
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const pollStates = (
  threadId: string,
  runId: string,
  options: PollOptions = {}
): Stream.Stream<Run, OpenAiError, Runs> =>
  Stream.unwrap(
    Effect.map(Runs, (s) => {
      const timeout = Duration.decode(options.timeout ?? Poll.defaultPollTimeout)
      return Poll.states(s.retrieve(threadId, runId), isSettled, options).pipe(
        Stream.interruptWhen(Effect.zipRight(Effect.sleep(timeout), Effect.fail(deadline(runId, timeout))))
      )
    })
  )

/**
 * Creates a run, then polls it until it settles.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const run = Runs.createAndPoll("thread_abc123", { assistant_id: "asst_abc123" }, { timeout: "2 minutes" })
 * // { id: "run_abc123", status: "completed", usage: { … }, … } (or "requires_action": answer with submitToolOutputsAndPoll)
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const createAndPoll = (
  threadId: string,
  params: CreateParams,
  options?: PollOptions
): Effect.Effect<Run, OpenAiError, Runs> =>
  Effect.flatMap(create(threadId, params), (run) => poll(threadId, run.id, options))

/**
 * Submits tool outputs, then polls the run until it settles again.
 *
 * @example
 * ```ts
 * import { Runs } from "@effect-openai/core"
 *
 * const run = Runs.submitToolOutputsAndPoll("thread_abc123", "run_abc123", {
 *   tool_outputs: [{ tool_call_id: "call_001", output: "21 C" }]
 * })
 * // { id: "run_abc123", status: "completed", … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const submitToolOutputsAndPoll = (
  threadId: string,
  runId: string,
  params: SubmitToolOutputsParams,
  options?: PollOptions
): Effect.Effect<Run, OpenAiError, Runs> =>
  Effect.flatMap(submitToolOutputs(threadId, runId, params), () => poll(threadId, runId, options))
