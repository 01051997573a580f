import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as RunSteps from "@effect-openai/core/RunSteps"
import { Chunk, Effect, Layer, Stream } from "effect"

const TestLive = RunSteps.layer.pipe(Layer.provideMerge(Testing.layer()))

/** A run step as the API sends it (the spec's example). */
const step = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  object: "thread.run.step",
  created_at: 1_699_063_291,
  run_id: "run_abc123",
  assistant_id: "asst_abc123",
  thread_id: "thread_abc123",
  type: "message_creation",
  status: "completed",
  cancelled_at: null,
  completed_at: 1_699_063_291,
  expired_at: null,
  failed_at: null,
  last_error: null,
  step_details: { type: "message_creation", message_creation: { message_id: "msg_abc123" } },
  metadata: null,
  usage: { prompt_tokens: 123, completion_tokens: 456, total_tokens: 579 },
  ...overrides
})

const toolStep = step("step_tools", {
  type: "tool_calls",
  step_details: {
    type: "tool_calls",
    tool_calls: [
      {
        id: "call_001",
        type: "function",
        function: { name: "get_current_weather", arguments: "{}", output: "70 degrees and sunny." }
      }
    ]
  }
})

const page = (ids: ReadonlyArray<string>, hasMore: boolean) => ({
  object: "list",
  data: ids.map((id) => step(id)),
  first_id: ids[0],
  last_id: ids[ids.length - 1],
  has_more: hasMore
})

describe("RunSteps", () => {
  it.effect("list: GET …/runs/{run_id}/steps with the query and the beta header", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json({ ...page(["step_abc123"], false), data: [step("step_abc123"), toolStep] }))
      const result = yield* RunSteps.list("thread_abc123", "run_abc123", { limit: 5, order: "asc" })
      expect(result.data.map((s) => s.type)).toEqual(["message_creation", "tool_calls"])
      const details = result.data[1]?.step_details
      expect(details?.type === "tool_calls" && "tool_calls" in details && details.tool_calls[0]).toMatchObject({
        function: { output: "70 degrees and sunny." }
      })
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.path}`).toBe("GET /v1/threads/thread_abc123/runs/run_abc123/steps")
      expect(request.query).toEqual({ limit: "5", order: "asc" })
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("listAll: follows last_id while has_more", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(page(["step_1", "step_2"], true)), Testing.json(page(["step_3"], false)))
      const all = yield* RunSteps.listAll("thread_abc123", "run_abc123", { order: "asc" }).pipe(Stream.runCollect)
      expect(Chunk.toReadonlyArray(all).map((s) => s.id)).toEqual(["step_1", "step_2", "step_3"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => r.query)).toEqual([{ order: "asc" }, { order: "asc", after: "step_2" }])
      yield* Testing.assertSentTimes(2, (r) => r.headers["openai-beta"] === "assistants=v2")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("retrieve: GET …/steps/{step_id}", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(step("step_abc123")))
      const retrieved = yield* RunSteps.retrieve("thread_abc123", "run_abc123", "step_abc123")
      expect(retrieved.step_details).toEqual({
        type: "message_creation",
        message_creation: { message_id: "msg_abc123" }
      })
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.path}`).toBe(
        "GET /v1/threads/thread_abc123/runs/run_abc123/steps/step_abc123"
      )
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("an empty path parameter fails before sending, naming it", () =>
    Effect.gen(function* () {
      const noStep = yield* Effect.flip(RunSteps.retrieve("thread_abc123", "run_abc123", ""))
      expect(noStep._tag === "InvalidRequestError" && noStep.field).toBe("step_id")
      const noRun = yield* Effect.flip(RunSteps.list("thread_abc123", ""))
      expect(noRun._tag === "InvalidRequestError" && noRun.field).toBe("run_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLive))
  )
})
