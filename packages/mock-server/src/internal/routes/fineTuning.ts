/**
 * Fine-tuning jobs: create (on an uploaded file), list, retrieve, cancel,
 * and each job's events and checkpoints. Jobs stay `queued` until
 * cancelled: there is no training to simulate.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { errorBody } from "../errors.js"
import {
  badParam,
  bodyRecord,
  error,
  handle,
  json,
  notFound,
  now,
  page,
  type RequestInfo,
  type RequestInfoShape,
  type Store
} from "../kit.js"

const JOBS = "fine_tuning_jobs"
const EVENTS = "fine_tuning_events"
const CHECKPOINTS = "fine_tuning_checkpoints"

const terminal = new Set(["succeeded", "failed", "cancelled"])

const addEvent = (store: Store, jobId: string, message: string, level = "info") => {
  const id = store.nextId("ftevent", "-")
  store.put(EVENTS, id, {
    object: "fine_tuning.job.event",
    id,
    fine_tuning_job_id: jobId,
    created_at: now(),
    level,
    message,
    data: null,
    type: "message"
  })
}

/** The list shape of jobs and events: no `first_id`/`last_id`. */
const shortPage = (items: ReadonlyArray<Record<string, unknown>>, query: URLSearchParams) => {
  const { object, data, has_more } = page(items, query)
  return { object, data, has_more }
}

/** A file of the store that can train: it must exist. */
const missingFile = (store: Store, body: Record<string, unknown>, field: "training_file" | "validation_file") => {
  const id = body[field]
  if (field === "validation_file" && (id === undefined || id === null)) return undefined
  if (typeof id !== "string" || id === "") return badParam(field, `Missing required parameter: '${field}'.`)
  return store.get("files", id) === undefined ? badParam(field, `invalid ${field}: ${id} (no such file)`) : undefined
}

/** A handler for the job of the path, or a 404. */
const withJob = (
  f: (info: RequestInfoShape, job: Record<string, unknown>, id: string) => HttpServerResponse.HttpServerResponse
) =>
  handle((info, params) => {
    const id = params.fine_tuning_job_id ?? ""
    const job = info.store.get(JOBS, id)
    return job === undefined ? notFound("fine-tuning job", id) : f(info, job, id)
  })

export const fineTuning: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/fine_tuning/jobs",
    handle((info) => {
      const body = bodyRecord(info.body)
      if (typeof body.model !== "string" || body.model === "") {
        return badParam("model", "Missing required parameter: 'model'.")
      }
      const invalid = missingFile(info.store, body, "training_file") ?? missingFile(info.store, body, "validation_file")
      if (invalid !== undefined) return invalid
      const id = info.store.nextId("ftjob", "-")
      const hyperparameters = bodyRecord(body.hyperparameters)
      const job = info.store.put(JOBS, id, {
        object: "fine_tuning.job",
        id,
        model: body.model,
        created_at: now(),
        error: null,
        fine_tuned_model: null,
        finished_at: null,
        hyperparameters: { n_epochs: hyperparameters.n_epochs ?? "auto" },
        organization_id: "org-mock",
        result_files: [],
        status: "queued",
        trained_tokens: null,
        training_file: body.training_file,
        validation_file: body.validation_file ?? null,
        integrations: body.integrations ?? null,
        seed: typeof body.seed === "number" ? body.seed : 42,
        estimated_finish: null,
        user_provided_suffix: body.suffix ?? null
      })
      addEvent(info.store, id, `Created fine-tuning job: ${id}`)
      addEvent(info.store, id, `Validating training file: ${String(body.training_file)}`)
      addEvent(info.store, id, "Files validated, moving job to queued state")
      return json(200, job)
    })
  ),
  HttpRouter.get(
    "/v1/fine_tuning/jobs",
    handle((info) => json(200, shortPage(info.store.list(JOBS), info.query)))
  ),
  HttpRouter.get(
    "/v1/fine_tuning/jobs/:fine_tuning_job_id",
    withJob((_, job) => json(200, job))
  ),
  HttpRouter.post(
    "/v1/fine_tuning/jobs/:fine_tuning_job_id/cancel",
    withJob((info, job, id) => {
      if (terminal.has(String(job.status))) {
        return error(
          400,
          errorBody(`Job ${id} is already ${String(job.status)} and cannot be cancelled.`, "invalid_request_error")
        )
      }
      addEvent(info.store, id, "Fine-tuning job cancelled")
      return json(200, info.store.update(JOBS, id, { status: "cancelled", finished_at: now() }))
    })
  ),
  HttpRouter.get(
    "/v1/fine_tuning/jobs/:fine_tuning_job_id/events",
    withJob((info, _, id) => {
      const events = info.store
        .list(EVENTS, (e) => e.fine_tuning_job_id === id)
        .map(({ fine_tuning_job_id: _, ...e }) => e)
      return json(200, shortPage(events, info.query))
    })
  ),
  HttpRouter.get(
    "/v1/fine_tuning/jobs/:fine_tuning_job_id/checkpoints",
    withJob((info, _, id) => {
      const query = new URLSearchParams(info.query)
      if (!query.has("limit")) query.set("limit", "10")
      return json(
        200,
        page(
          info.store.list(CHECKPOINTS, (c) => c.fine_tuning_job_id === id),
          query
        )
      )
    })
  )
)
