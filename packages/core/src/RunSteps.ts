/**
 * Run steps: what a run did, step by step: the messages it wrote
 * (`message_creation`) and the tools it called (`tool_calls`, with their
 * arguments and outputs). Every request sends `OpenAI-Beta: assistants=v2`.
 * API reference: "Assistants › Run steps".
 *
 * @example
 * ```ts
 * import { RunSteps } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const page = yield* RunSteps.list("thread_abc123", "run_abc123", { order: "asc" })
 *   // { object: "list", data: [{ id: "step_abc123", object: "thread.run.step", type: "tool_calls", status: "completed", step_details: { type: "tool_calls", tool_calls: [...] }, … }], has_more: false, … }
 *   const toolSteps = yield* RunSteps.listAll("thread_abc123", "run_abc123").pipe(
 *     Stream.filter((step) => step.type === "tool_calls"),
 *     Stream.runCollect
 *   )
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/RunSteps.js"
import * as Shared from "./generated/Shared.js"
import { assistantsV2 } from "./internal/beta.js"
import { allPages } from "./internal/pagination.js"
import * as Params from "./internal/params.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"
import type * as Runs from "./Runs.js"

/**
 * A run step (`RunStepObject` of the spec): `{ id, object: "thread.run.step",
 * run_id, thread_id, assistant_id, type, status, step_details, last_error,
 * usage, … }`. `step_details` is `{ type: "message_creation",
 * message_creation: { message_id } }` or `{ type: "tool_calls", tool_calls: [...] }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RunStep = Shared.RunStepObject
/**
 * @since 0.1.0
 * @category models
 */
export type RunStep = Shared.RunStepObject

/**
 * One page of run steps: `{ object: "list", data: RunStep[], first_id, last_id, has_more }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListRunStepsResponse = Generated.ListRunStepsResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ListRunStepsResponse = Generated.ListRunStepsResponse

/**
 * The parameters of `list` and `listAll`: `limit`, `order`, `after`, `before`.
 *
 * @since 0.1.0
 * @category models
 */
export type ListParams = Runs.ListParams

/**
 * The RunSteps service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /threads/{thread_id}/runs/{run_id}/steps` (listRunSteps): one page */
  readonly list: (
    threadId: string,
    runId: string,
    params?: ListParams
  ) => Effect.Effect<ListRunStepsResponse, OpenAiError>
  /** `GET /threads/{thread_id}/runs/{run_id}/steps` (listRunSteps): every step, page after page, lazily */
  readonly listAll: (threadId: string, runId: string, params?: ListParams) => Stream.Stream<RunStep, OpenAiError>
  /** `GET /threads/{thread_id}/runs/{run_id}/steps/{step_id}` (getRunStep) */
  readonly retrieve: (threadId: string, runId: string, stepId: string) => Effect.Effect<RunStep, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class RunSteps extends Context.Tag("@effect-openai/core/RunSteps")<RunSteps, Service>() {}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  const list = (threadId: string, runId: string, params?: ListParams) =>
    client.json(
      {
        operationId: "listRunSteps",
        method: "GET",
        path: "/threads/{thread_id}/runs/{run_id}/steps",
        pathParams: { thread_id: threadId, run_id: runId },
        query: Params.query(params),
        headers: assistantsV2
      },
      ListRunStepsResponse
    )
  return {
    list,
    listAll: (threadId, runId, params) => allPages(params, (p) => list(threadId, runId, p)),
    retrieve: (threadId, runId, stepId) =>
      client.json(
        {
          operationId: "getRunStep",
          method: "GET",
          path: "/threads/{thread_id}/runs/{run_id}/steps/{step_id}",
          pathParams: { thread_id: threadId, run_id: runId, step_id: stepId },
          headers: assistantsV2
        },
        RunStep
      )
  }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<RunSteps, never, OpenAiClient> = Layer.effect(RunSteps, make)

/**
 * One page of a run's steps, newest first unless `order: "asc"`.
 *
 * @example
 * ```ts
 * import { RunSteps } from "@effect-openai/core"
 *
 * const page = RunSteps.list("thread_abc123", "run_abc123", { limit: 5 })
 * // { object: "list", data: RunStep[], first_id: "step_abc123", last_id: "step_abc456", has_more: false }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (
  threadId: string,
  runId: string,
  params?: ListParams
): Effect.Effect<ListRunStepsResponse, OpenAiError, RunSteps> =>
  Effect.flatMap(RunSteps, (s) => s.list(threadId, runId, params))

/**
 * Every step of a run, as a lazy stream that fetches the next page only
 * when it is pulled past the current one.
 *
 * @example
 * ```ts
 * import { RunSteps } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const toolSteps = RunSteps.listAll("thread_abc123", "run_abc123", { order: "asc" }).pipe(
 *   Stream.filter((step) => step.type === "tool_calls"),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listAll = (
  threadId: string,
  runId: string,
  params?: ListParams
): Stream.Stream<RunStep, OpenAiError, RunSteps> =>
  Stream.unwrap(Effect.map(RunSteps, (s) => s.listAll(threadId, runId, params)))

/**
 * Reads one step of a run.
 *
 * @example
 * ```ts
 * import { RunSteps } from "@effect-openai/core"
 *
 * const step = RunSteps.retrieve("thread_abc123", "run_abc123", "step_abc123")
 * // { id: "step_abc123", object: "thread.run.step", type: "message_creation", status: "completed",
 * //   step_details: { type: "message_creation", message_creation: { message_id: "msg_abc123" } }, usage: { … }, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (
  threadId: string,
  runId: string,
  stepId: string
): Effect.Effect<RunStep, OpenAiError, RunSteps> => Effect.flatMap(RunSteps, (s) => s.retrieve(threadId, runId, stepId))
