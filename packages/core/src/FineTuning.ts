/**
 * Fine-tuning: create a job that trains a model on an uploaded JSONL file,
 * list, read and cancel jobs, and follow a job through its events and
 * checkpoints. API reference: "Fine-tuning" (`fine_tuning.jobs`).
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const job = yield* FineTuning.createJob({ model: "gpt-3.5-turbo", training_file: "file-abc123" })
 *   // { id: "ftjob-abc123", object: "fine_tuning.job", model: "gpt-3.5-turbo-0125", status: "validating_files", fine_tuned_model: null, … }
 *   const events = yield* FineTuning.listEventsAll(job.id).pipe(Stream.take(10), Stream.runCollect)
 *   // [{ id: "ft-event-…", object: "fine_tuning.job.event", level: "info", message: "Job started", created_at }, …]
 *   const done = yield* FineTuning.pollJob(job.id, { interval: "1 minute", timeout: "6 hours" })
 *   // { id: "ftjob-abc123", status: "succeeded", fine_tuned_model: "ft:gpt-3.5-turbo-0125:acme::8aBcD", … }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { constFalse } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/FineTuning.js"
import { allPages } from "./internal/pagination.js"
import * as Params from "./internal/params.js"
import * as Poll from "./internal/poll.js"
import { OpenAiClient } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * A fine-tuning job: `{ id, object: "fine_tuning.job", model, status, training_file, fine_tuned_model, hyperparameters, … }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FineTuningJob = Generated.FineTuningJob
/**
 * @since 0.1.0
 * @category models
 */
export type FineTuningJob = Generated.FineTuningJob

/**
 * An event of a job: `{ id, object: "fine_tuning.job.event", created_at, level, message }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FineTuningJobEvent = Generated.FineTuningJobEvent
/**
 * @since 0.1.0
 * @category models
 */
export type FineTuningJobEvent = Generated.FineTuningJobEvent

/**
 * A checkpoint of a job: `{ id, object: "fine_tuning.job.checkpoint", fine_tuned_model_checkpoint, step_number, metrics, … }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FineTuningJobCheckpoint = Generated.FineTuningJobCheckpoint
/**
 * @since 0.1.0
 * @category models
 */
export type FineTuningJobCheckpoint = Generated.FineTuningJobCheckpoint

/**
 * A page of jobs: `{ object: "list", data: FineTuningJob[], has_more }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListJobsResponse = Generated.ListPaginatedFineTuningJobsResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ListJobsResponse = Generated.ListPaginatedFineTuningJobsResponse

/**
 * A page of events: `{ object: "list", data: FineTuningJobEvent[], has_more }`.
 * The 2024-05 spec's schema omits `has_more`, which the API (and the spec's
 * own example) sends; it is kept here so that `listEventsAll` can follow it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListEventsResponse = Schema.Struct({
  ...Generated.ListFineTuningJobEventsResponse.fields,
  has_more: Schema.optional(Schema.Boolean)
}).annotations({ identifier: "ListFineTuningJobEventsResponse" })
/**
 * @since 0.1.0
 * @category models
 */
export type ListEventsResponse = typeof ListEventsResponse.Type

/**
 * A page of checkpoints: `{ object: "list", data: FineTuningJobCheckpoint[], first_id, last_id, has_more }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListCheckpointsResponse = Generated.ListFineTuningJobCheckpointsResponse
/**
 * @since 0.1.0
 * @category models
 */
export type ListCheckpointsResponse = Generated.ListFineTuningJobCheckpointsResponse

/**
 * The parameters of `createJob`: `{ model, training_file, validation_file?, hyperparameters?, suffix?, integrations?, seed? }`.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateJobParams = Generated.CreateFineTuningJobRequest & { readonly [extra: string]: unknown }

/**
 * The cursor parameters of every list: `after` (the last id of the previous
 * page) and `limit` (the page size).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams {
  /** The id after which the page starts */
  readonly after?: string | undefined
  /** How many items per page (the API's default: 20 jobs or events, 10 checkpoints) */
  readonly limit?: number | undefined
}

/**
 * The options of `pollJob` and `pollJobStates`: `interval` between reads
 * (default 1 second; the server's `openai-poll-after-ms` wins when it sends
 * one), `timeout`, the overall deadline (default 30 minutes; past it the call
 * fails with `TimeoutError`, kind `"deadline"`), and `onProgress`, called
 * with every state read.
 *
 * @since 0.1.0
 * @category polling
 */
export type PollOptions = Poll.PollOptions<FineTuningJob>

/**
 * The statuses a job never leaves: `succeeded`, `failed`, `cancelled`.
 *
 * @since 0.1.0
 * @category polling
 */
export const terminalStatuses: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"])

/**
 * Whether the job has settled (its status is one of `terminalStatuses`).
 *
 * @since 0.1.0
 * @category polling
 */
export const isTerminal = (job: { readonly status: string }): boolean => terminalStatuses.has(job.status)

/**
 * The FineTuning service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /fine_tuning/jobs` (createFineTuningJob) */
  readonly createJob: (params: CreateJobParams) => Effect.Effect<FineTuningJob, OpenAiError>
  /** `GET /fine_tuning/jobs` (listPaginatedFineTuningJobs): one page */
  readonly listJobs: (params?: ListParams) => Effect.Effect<ListJobsResponse, OpenAiError>
  /** `GET /fine_tuning/jobs` (listPaginatedFineTuningJobs): every job, page after page, lazily */
  readonly listJobsAll: (params?: ListParams) => Stream.Stream<FineTuningJob, OpenAiError>
  /** `GET /fine_tuning/jobs/{fine_tuning_job_id}` (retrieveFineTuningJob) */
  readonly retrieveJob: (jobId: string) => Effect.Effect<FineTuningJob, OpenAiError>
  /** `POST /fine_tuning/jobs/{fine_tuning_job_id}/cancel` (cancelFineTuningJob) */
  readonly cancelJob: (jobId: string) => Effect.Effect<FineTuningJob, OpenAiError>
  /** `GET /fine_tuning/jobs/{fine_tuning_job_id}/events` (listFineTuningEvents): one page */
  readonly listEvents: (jobId: string, params?: ListParams) => Effect.Effect<ListEventsResponse, OpenAiError>
  /** `GET /fine_tuning/jobs/{fine_tuning_job_id}/events` (listFineTuningEvents): every event, lazily */
  readonly listEventsAll: (jobId: string, params?: ListParams) => Stream.Stream<FineTuningJobEvent, OpenAiError>
  /** `GET /fine_tuning/jobs/{fine_tuning_job_id}/checkpoints` (listFineTuningJobCheckpoints): one page */
  readonly listCheckpoints: (jobId: string, params?: ListParams) => Effect.Effect<ListCheckpointsResponse, OpenAiError>
  /** `GET /fine_tuning/jobs/{fine_tuning_job_id}/checkpoints` (listFineTuningJobCheckpoints): every checkpoint, lazily */
  readonly listCheckpointsAll: (
    jobId: string,
    params?: ListParams
  ) => Stream.Stream<FineTuningJobCheckpoint, OpenAiError>
  /** `GET /fine_tuning/jobs/{fine_tuning_job_id}` until the job settles, within the deadline: the settled job */
  readonly pollJob: (jobId: string, options?: PollOptions) => Effect.Effect<FineTuningJob, OpenAiError>
  /** `GET /fine_tuning/jobs/{fine_tuning_job_id}` until the job settles, within the deadline: every state read, the settled one last */
  readonly pollJobStates: (jobId: string, options?: PollOptions) => Stream.Stream<FineTuningJob, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class FineTuning extends Context.Tag("@effect-openai/core/FineTuning")<FineTuning, Service>() {}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  const job = (operationId: string, method: "GET" | "POST", suffix: string, jobId: string) =>
    client.json(
      {
        operationId,
        method,
        path: `/fine_tuning/jobs/{fine_tuning_job_id}${suffix}`,
        pathParams: { fine_tuning_job_id: jobId }
      },
      FineTuningJob
    )
  const jobList =
    <A, I>(operationId: string, suffix: string, schema: Schema.Schema<A, I>) =>
    (jobId: string, params?: ListParams) =>
      client.json(
        {
          operationId,
          method: "GET",
          path: `/fine_tuning/jobs/{fine_tuning_job_id}/${suffix}`,
          pathParams: { fine_tuning_job_id: jobId },
          query: Params.query(params)
        },
        schema
      )
  const listJobs = (params?: ListParams) =>
    client.json(
      {
        operationId: "listPaginatedFineTuningJobs",
        method: "GET",
        path: "/fine_tuning/jobs",
        query: Params.query(params)
      },
      ListJobsResponse
    )
  const listEvents = jobList("listFineTuningEvents", "events", ListEventsResponse)
  const listCheckpoints = jobList("listFineTuningJobCheckpoints", "checkpoints", ListCheckpointsResponse)
  const retrieveJob = (jobId: string) => job("retrieveFineTuningJob", "GET", "", jobId)
  const what = (jobId: string) => `fine-tuning job ${jobId}`
  return {
    createJob: (params) =>
      client.json(
        {
          operationId: "createFineTuningJob",
          method: "POST",
          path: "/fine_tuning/jobs",
          body: { _tag: "Json", schema: Generated.CreateFineTuningJobRequest, value: params }
        },
        FineTuningJob
      ),
    listJobs,
    listJobsAll: (params) => allPages(params, listJobs),
    retrieveJob,
    cancelJob: (jobId) => job("cancelFineTuningJob", "POST", "/cancel", jobId),
    listEvents,
    listEventsAll: (jobId, params) => allPages(params, (p) => listEvents(jobId, p)),
    listCheckpoints,
    listCheckpointsAll: (jobId, params) => allPages(params, (p) => listCheckpoints(jobId, p)),
    pollJob: (jobId, options) => Poll.poll(what(jobId), retrieveJob(jobId), isTerminal, options),
    pollJobStates: (jobId, options = {}) =>
      Poll.states(retrieveJob(jobId), isTerminal, options).pipe(
        // the deadline: a poll that never reads fails with the same TimeoutError at the same time
        Stream.interruptWhen(Poll.poll(what(jobId), Effect.never, constFalse, { timeout: options.timeout }))
      )
  }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<FineTuning, never, OpenAiClient> = Layer.effect(FineTuning, make)

/**
 * Creates a fine-tuning job on an uploaded `fine-tune` file.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 *
 * const job = FineTuning.createJob({
 *   model: "gpt-3.5-turbo",
 *   training_file: "file-abc123",
 *   hyperparameters: { n_epochs: 2 },
 *   suffix: "support-bot"
 * }) // { id: "ftjob-abc123", object: "fine_tuning.job", status: "validating_files", … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const createJob = (params: CreateJobParams): Effect.Effect<FineTuningJob, OpenAiError, FineTuning> =>
  Effect.flatMap(FineTuning, (s) => s.createJob(params))

/**
 * One page of your organization's fine-tuning jobs, newest first.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 *
 * const page = FineTuning.listJobs({ limit: 10 }) // { object: "list", data: FineTuningJob[], has_more: true }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listJobs = (params?: ListParams): Effect.Effect<ListJobsResponse, OpenAiError, FineTuning> =>
  Effect.flatMap(FineTuning, (s) => s.listJobs(params))

/**
 * Every fine-tuning job, fetching the next page only when the stream is
 * pulled past the current one.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const running = FineTuning.listJobsAll().pipe(
 *   Stream.filter((job) => job.status === "running"),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listJobsAll = (params?: ListParams): Stream.Stream<FineTuningJob, OpenAiError, FineTuning> =>
  Stream.unwrap(Effect.map(FineTuning, (s) => s.listJobsAll(params)))

/**
 * Reads one fine-tuning job.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 *
 * const job = FineTuning.retrieveJob("ftjob-abc123")
 * // { id: "ftjob-abc123", status: "succeeded", fine_tuned_model: "ft:gpt-3.5-turbo:acme::8aBcD", trained_tokens: 5768, … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieveJob = (jobId: string): Effect.Effect<FineTuningJob, OpenAiError, FineTuning> =>
  Effect.flatMap(FineTuning, (s) => s.retrieveJob(jobId))

/**
 * Cancels a running fine-tuning job.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 *
 * const job = FineTuning.cancelJob("ftjob-abc123") // { id: "ftjob-abc123", status: "cancelled", … }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const cancelJob = (jobId: string): Effect.Effect<FineTuningJob, OpenAiError, FineTuning> =>
  Effect.flatMap(FineTuning, (s) => s.cancelJob(jobId))

/**
 * One page of a job's events, newest first.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 *
 * const page = FineTuning.listEvents("ftjob-abc123", { limit: 2 })
 * // { object: "list", data: [{ object: "fine_tuning.job.event", level: "info", message: "Fine tuning job successfully completed", … }], has_more: true }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listEvents = (
  jobId: string,
  params?: ListParams
): Effect.Effect<ListEventsResponse, OpenAiError, FineTuning> =>
  Effect.flatMap(FineTuning, (s) => s.listEvents(jobId, params))

/**
 * Every event of a job, page after page, lazily.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const log = FineTuning.listEventsAll("ftjob-abc123").pipe(
 *   Stream.runForEach((event) => Effect.log(`${event.level}: ${event.message}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listEventsAll = (
  jobId: string,
  params?: ListParams
): Stream.Stream<FineTuningJobEvent, OpenAiError, FineTuning> =>
  Stream.unwrap(Effect.map(FineTuning, (s) => s.listEventsAll(jobId, params)))

/**
 * One page of a job's checkpoints, newest first.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 *
 * const page = FineTuning.listCheckpoints("ftjob-abc123")
 * // { object: "list", data: [{ fine_tuned_model_checkpoint: "ft:gpt-3.5-turbo:acme::8aBcD:ckpt-step-2000", step_number: 2000, metrics: { train_loss, … }, … }], has_more: false }
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listCheckpoints = (
  jobId: string,
  params?: ListParams
): Effect.Effect<ListCheckpointsResponse, OpenAiError, FineTuning> =>
  Effect.flatMap(FineTuning, (s) => s.listCheckpoints(jobId, params))

/**
 * Every checkpoint of a job, page after page, lazily.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const models = FineTuning.listCheckpointsAll("ftjob-abc123").pipe(
 *   Stream.map((checkpoint) => checkpoint.fine_tuned_model_checkpoint),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listCheckpointsAll = (
  jobId: string,
  params?: ListParams
): Stream.Stream<FineTuningJobCheckpoint, OpenAiError, FineTuning> =>
  Stream.unwrap(Effect.map(FineTuning, (s) => s.listCheckpointsAll(jobId, params)))

/**
 * Reads the job until it settles (`succeeded`, `failed` or `cancelled`) and
 * returns it. Waits `interval` between reads, or the server's
 * `openai-poll-after-ms`; calls `onProgress` with every state; fails with
 * `TimeoutError` (kind `"deadline"`) past `timeout`. Interrupting it stops
 * the polling and aborts the request in flight.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const job = FineTuning.pollJob("ftjob-abc123", {
 *   interval: "1 minute",
 *   timeout: "6 hours",
 *   onProgress: (job) => Effect.log(job.status)
 * }) // { id: "ftjob-abc123", status: "succeeded", fine_tuned_model: "ft:gpt-3.5-turbo-0125:acme::8aBcD", trained_tokens: 5768, … }
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const pollJob = (jobId: string, options?: PollOptions): Effect.Effect<FineTuningJob, OpenAiError, FineTuning> =>
  Effect.flatMap(FineTuning, (s) => s.pollJob(jobId, options))

/**
 * The progress of a job as a stream: every state read while polling, the
 * settled one last, with the interval, `openai-poll-after-ms` and deadline of
 * `pollJob`. Stop pulling (or interrupt) to stop polling.
 *
 * @example
 * ```ts
 * import { FineTuning } from "@effect-openai/core"
 * import { Console, Stream } from "effect"
 *
 * const progress = FineTuning.pollJobStates("ftjob-abc123", { interval: "1 minute" }).pipe(
 *   Stream.runForEach((job) => Console.log(job.status))
 * ) // validating_files, queued, running, succeeded
 * ```
 *
 * @since 0.1.0
 * @category polling
 */
export const pollJobStates = (
  jobId: string,
  options?: PollOptions
): Stream.Stream<FineTuningJob, OpenAiError, FineTuning> =>
  Stream.unwrap(Effect.map(FineTuning, (s) => s.pollJobStates(jobId, options)))
