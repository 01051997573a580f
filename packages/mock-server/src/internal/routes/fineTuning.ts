/**
 * Fine-tuning jobs: create (on an uploaded file), list, retrieve, cancel,
 * and each job's events and checkpoints.
 *
 * A job plays the API's lifecycle, one step per retrieve (deterministic, no
 * timers): `validating_files` → `queued` → `running` → `succeeded`, appending
 * the API's events at each step; on success it gets its checkpoints (one per
 * epoch), `fine_tuned_model` (`ft:<model>:org-mock::<suffix>`),
 * `trained_tokens` and a result file. Every retrieve sends
 * `openai-poll-after-ms` (see `batches.ts`). Cancelling is immediate.
 *
 * Failure mode: `x-mock-outcome: failed` on the create request fails the job
 * at validation, with `error: { code: "invalid_training_file", … }`.
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
import { estimateTokens, hash32 } from "../text.js"
import { outcomeOf, pollAfter } from "./batches.js"

const JOBS = "fine_tuning_jobs"
const EVENTS = "fine_tuning_events"
const CHECKPOINTS = "fine_tuning_checkpoints"
/** The jobs asked to fail (`x-mock-outcome: failed`): never sent */
const FAILING = "fine_tuning_failing"

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

/** The job's epochs: its `n_epochs`, 3 when `"auto"`. */
const epochsOf = (job: Record<string, unknown>) => {
  const n = (job.hyperparameters as { n_epochs?: unknown } | undefined)?.n_epochs
  return typeof n === "number" && n > 0 ? n : 3
}

/** Training succeeds: events, one checkpoint per epoch, the model, the tokens and a result file. */
const succeed = (store: Store, job: Record<string, unknown>, id: string): Record<string, unknown> => {
  const epochs = epochsOf(job)
  const steps = epochs * 10
  const suffix = job.user_provided_suffix ?? ""
  const model = `ft:${String(job.model)}:org-mock:${String(suffix)}:${hash32(id).toString(36).padStart(7, "0").slice(0, 7)}`
  const training = String(store.get("files", String(job.training_file))?.content ?? "")
  const tokens = estimateTokens(training) * epochs
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const step = epoch * 10
    const loss = Number((1.5 / (epoch + 1)).toFixed(4))
    addEvent(store, id, `Step ${step}/${steps}: training loss=${loss}`)
    const checkpointId = store.nextId("ftckpt")
    store.put(CHECKPOINTS, checkpointId, {
      object: "fine_tuning.job.checkpoint",
      id: checkpointId,
      created_at: now(),
      fine_tuned_model_checkpoint: `${model}:ckpt-step-${step}`,
      fine_tuning_job_id: id,
      metrics: { step, train_loss: loss, train_mean_token_accuracy: Number((1 - loss / 2).toFixed(4)) },
      step_number: step
    })
  }
  const resultId = store.nextId("file", "-")
  const content = `step,train_loss\n${Array.from({ length: epochs }, (_, i) => `${(i + 1) * 10},${(1.5 / (i + 2)).toFixed(4)}`).join("\n")}\n`
  store.put("files", resultId, {
    id: resultId,
    object: "file",
    bytes: Buffer.byteLength(content),
    created_at: now(),
    filename: "step_metrics.csv",
    purpose: "fine-tune-results",
    status: "processed",
    status_details: null,
    content
  })
  addEvent(store, id, `New fine-tuned model created: ${model}`)
  addEvent(store, id, "The job has successfully completed")
  return {
    ...job,
    status: "succeeded",
    fine_tuned_model: model,
    trained_tokens: tokens,
    finished_at: now(),
    estimated_finish: null,
    result_files: [resultId]
  }
}

/** The job one step further along its lifecycle (the same job when it has settled). */
const advance = (store: Store, job: Record<string, unknown>, id: string): Record<string, unknown> => {
  switch (job.status) {
    case "validating_files": {
      if (store.get(FAILING, id) !== undefined) {
        const message = `The job failed due to an invalid training file (x-mock-outcome: failed).`
        addEvent(store, id, message, "error")
        return {
          ...job,
          status: "failed",
          finished_at: now(),
          error: { code: "invalid_training_file", message, param: "training_file" }
        }
      }
      addEvent(store, id, "Files validated, moving job to queued state")
      return { ...job, status: "queued" }
    }
    case "queued":
      addEvent(store, id, "Fine-tuning job started")
      return { ...job, status: "running", estimated_finish: now() + 600 }
    case "running":
      return succeed(store, job, id)
    default:
      return job
  }
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
        status: "validating_files",
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
      if (outcomeOf(info, ["failed"]) !== undefined) info.store.put(FAILING, id, { id })
      return json(200, job)
    })
  ),
  HttpRouter.get(
    "/v1/fine_tuning/jobs",
    handle((info) => json(200, shortPage(info.store.list(JOBS), info.query)))
  ),
  HttpRouter.get(
    "/v1/fine_tuning/jobs/:fine_tuning_job_id",
    withJob((info, job, id) => json(200, info.store.put(JOBS, id, advance(info.store, job, id)), pollAfter(info)))
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
