import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { OpenAiClient, OpenAiConfig, Testing } from "@effect-openai/core"
import * as Assistants from "@effect-openai/core/Assistants"
import * as RunSteps from "@effect-openai/core/RunSteps"
import * as Runs from "@effect-openai/core/Runs"
import * as Threads from "@effect-openai/core/Threads"
import * as MockServer from "@effect-openai/mock-server"
import { Chunk, Clock, Effect, Exit, Fiber, Layer, Redacted, Stream, TestClock } from "effect"
import { eventually, waitForSleeps } from "./utils.js"

const TestLive = Runs.layer.pipe(Layer.provideMerge(Testing.layer()))

const weatherTool = {
  type: "function",
  function: {
    name: "get_current_weather",
    description: "Get the current weather in a given location",
    parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] }
  }
} as const

const toolCall = {
  id: "call_001",
  type: "function",
  function: { name: "get_current_weather", arguments: '{"location":"San Francisco, CA"}' }
}

const submitAction = { type: "submit_tool_outputs", submit_tool_outputs: { tool_calls: [toolCall] } }

/** A run as the API sends it (the spec's example). */
const run = (overrides: Record<string, unknown> = {}) => ({
  id: "run_abc123",
  object: "thread.run",
  created_at: 1_699_063_290,
  assistant_id: "asst_abc123",
  thread_id: "thread_abc123",
  status: "queued",
  started_at: null,
  expires_at: 1_699_063_890,
  cancelled_at: null,
  failed_at: null,
  completed_at: null,
  required_action: null,
  last_error: null,
  model: "gpt-4o",
  instructions: "You tell the weather.",
  tools: [weatherTool],
  metadata: {},
  incomplete_details: null,
  usage: null,
  temperature: 1,
  top_p: 1,
  max_prompt_tokens: null,
  max_completion_tokens: null,
  truncation_strategy: { type: "auto", last_messages: null },
  response_format: "auto",
  tool_choice: "auto",
  ...overrides
})

const page = (ids: ReadonlyArray<string>, hasMore: boolean) => ({
  object: "list",
  data: ids.map((id) => run({ id })),
  first_id: ids[0],
  last_id: ids[ids.length - 1],
  has_more: hasMore
})

const beta = "assistants=v2"

/** Checks the last request: method and path, the beta header, and the JSON body. */
const expectLastRequest = (methodAndPath: string, body: unknown) =>
  Effect.map(Testing.lastRequest, (request) => {
    expect(`${request.method} ${request.path}`).toBe(methodAndPath)
    expect(request.headers["openai-beta"]).toBe(beta)
    expect(request.body).toEqual(body)
  })

describe("Runs", () => {
  it.effect("create: POST /threads/{thread_id}/runs with the body as given, no thread_id, no stream", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(run()))
      const created = yield* Runs.create("thread_abc123", {
        assistant_id: "asst_abc123",
        additional_instructions: "Call the user Jane.",
        additional_messages: [{ role: "user", content: "Weather in Paris?" }],
        metadata: { source: "test" },
        stream: true as never
      })
      expect(created.status).toBe("queued")
      yield* expectLastRequest("POST /v1/threads/thread_abc123/runs", {
        assistant_id: "asst_abc123",
        additional_instructions: "Call the user Jane.",
        additional_messages: [{ role: "user", content: "Weather in Paris?" }],
        metadata: { source: "test" }
      })
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("createThreadAndRun: POST /threads/runs with the new thread's messages", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(run({ thread_id: "thread_new" })))
      const created = yield* Runs.createThreadAndRun({
        assistant_id: "asst_abc123",
        thread: { messages: [{ role: "user", content: "Explain deep learning to a 5 year old." }] },
        tool_choice: { type: "function", function: { name: "get_current_weather" } }
      })
      expect(created.thread_id).toBe("thread_new")
      yield* expectLastRequest("POST /v1/threads/runs", {
        assistant_id: "asst_abc123",
        thread: { messages: [{ role: "user", content: "Explain deep learning to a 5 year old." }] },
        tool_choice: { type: "function", function: { name: "get_current_weather" } }
      })
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("retrieve, update and cancel: their paths, methods and bodies", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(run({ status: "requires_action", required_action: submitAction })),
        Testing.json(run({ metadata: { user_id: "user_abc123" } })),
        Testing.json(run({ status: "cancelling" }))
      )
      const retrieved = yield* Runs.retrieve("thread_abc123", "run_abc123")
      expect(retrieved.required_action?.submit_tool_outputs.tool_calls[0]?.function.name).toBe("get_current_weather")
      const updated = yield* Runs.update("thread_abc123", "run_abc123", { metadata: { user_id: "user_abc123" } })
      expect(updated.metadata).toEqual({ user_id: "user_abc123" })
      expect((yield* Runs.cancel("thread_abc123", "run_abc123")).status).toBe("cancelling")
      const [get, modify, cancel] = yield* Testing.requests
      expect(`${get!.method} ${get!.path}`).toBe("GET /v1/threads/thread_abc123/runs/run_abc123")
      expect(get!.body).toBeUndefined()
      expect(`${modify!.method} ${modify!.path}`).toBe("POST /v1/threads/thread_abc123/runs/run_abc123")
      expect(modify!.body).toEqual({ metadata: { user_id: "user_abc123" } })
      expect(`${cancel!.method} ${cancel!.path}`).toBe("POST /v1/threads/thread_abc123/runs/run_abc123/cancel")
      expect(cancel!.body).toBeUndefined()
      yield* Testing.assertSentTimes(3, (r) => r.headers["openai-beta"] === beta)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("submitToolOutputs: POST …/submit_tool_outputs with every output, without stream", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(run({ id: "run_123", thread_id: "thread_123" })))
      const submitted = yield* Runs.submitToolOutputs("thread_123", "run_123", {
        tool_outputs: [
          { tool_call_id: "call_001", output: "70 degrees and sunny." },
          { tool_call_id: "call_002", output: "22 C" }
        ],
        stream: false as never
      })
      expect(submitted.status).toBe("queued")
      yield* expectLastRequest("POST /v1/threads/thread_123/runs/run_123/submit_tool_outputs", {
        tool_outputs: [
          { tool_call_id: "call_001", output: "70 degrees and sunny." },
          { tool_call_id: "call_002", output: "22 C" }
        ]
      })
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("list: one page with limit, order and cursors in the query", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(page(["run_3", "run_2"], true)))
      const first = yield* Runs.list("thread_abc123", { limit: 2, order: "desc", before: "run_9" })
      expect(first.data.map((r) => r.id)).toEqual(["run_3", "run_2"])
      expect(first.has_more).toBe(true)
      const request = yield* Testing.lastRequest
      expect(request.path).toBe("/v1/threads/thread_abc123/runs")
      expect(request.query).toEqual({ limit: "2", order: "desc", before: "run_9" })
      expect(request.headers["openai-beta"]).toBe(beta)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("listAll: follows last_id while has_more, lazily", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(page(["run_5", "run_4"], true)),
        Testing.json(page(["run_3", "run_2"], true)),
        Testing.json(page(["run_1"], false))
      )
      const firstThree = yield* Runs.listAll("thread_abc123", { limit: 2 }).pipe(Stream.take(3), Stream.runCollect)
      expect(Chunk.toReadonlyArray(firstThree).map((r) => r.id)).toEqual(["run_5", "run_4", "run_3"])
      yield* Testing.assertSentTimes(2)
      const rest = yield* Runs.listAll("thread_abc123", { limit: 2, after: "run_2" }).pipe(Stream.runCollect)
      expect(Chunk.toReadonlyArray(rest).map((r) => r.id)).toEqual(["run_1"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => r.query)).toEqual([
        { limit: "2" },
        { limit: "2", after: "run_4" },
        { limit: "2", after: "run_2" }
      ])
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("unknown fields pass through; unknown statuses and tools decode", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(run({ status: "paused_for_review", tools: [{ type: "web_browser" }], parallel_tool_calls: true }))
      )
      const created = yield* Runs.create("thread_abc123", { assistant_id: "asst_abc123", parallel_tool_calls: false })
      expect(created.status).toBe("paused_for_review")
      expect((yield* Testing.lastRequest).body).toEqual({ assistant_id: "asst_abc123", parallel_tool_calls: false })
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("invalid input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      const noAssistant = yield* Effect.flip(Runs.create("thread_abc123", {} as never))
      expect(noAssistant._tag === "InvalidRequestError" && noAssistant.field).toBe("assistant_id")
      const badTemperature = yield* Effect.flip(
        Runs.createThreadAndRun({ assistant_id: "asst_abc123", temperature: "hot" as never })
      )
      expect(badTemperature._tag === "InvalidRequestError" && badTemperature.field).toBe("temperature")
      const badOutput = yield* Effect.flip(
        Runs.submitToolOutputs("thread_abc123", "run_abc123", {
          tool_outputs: [{ tool_call_id: "call_001", output: 70 as never }]
        })
      )
      expect(badOutput._tag === "InvalidRequestError" && badOutput.field).toBe("tool_outputs[0].output")
      const badMetadata = yield* Effect.flip(
        Runs.update("thread_abc123", "run_abc123", { metadata: "user_abc123" as never })
      )
      expect(badMetadata._tag === "InvalidRequestError" && badMetadata.field).toBe("metadata")
      const noThread = yield* Effect.flip(Runs.retrieve("", "run_abc123"))
      expect(noThread._tag === "InvalidRequestError" && noThread.field).toBe("thread_id")
      const noRun = yield* Effect.flip(Runs.cancel("thread_abc123", ""))
      expect(noRun._tag === "InvalidRequestError" && noRun.field).toBe("run_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("API errors come back tagged", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.apiError(400, {
          message: 'Runs in status "queued" do not accept tool outputs.',
          type: "invalid_request_error"
        })
      )
      const error = yield* Effect.flip(
        Runs.submitToolOutputs("thread_abc123", "run_abc123", {
          tool_outputs: [{ tool_call_id: "call_001", output: "x" }]
        })
      )
      expect(error._tag).toBe("BadRequestError")
      expect(error.message).toContain("do not accept tool outputs")
    }).pipe(Effect.provide(TestLive))
  )
})

// ---------------------------------------------------------------------------
// polling, under the TestClock
// ---------------------------------------------------------------------------

/** A run state to read, with optional response headers. */
const state = (status: string, headers: Record<string, string> = {}) => Testing.json(run({ status }), { headers })

/** Advances the clock to the next poll each time the poller sleeps (with its deadline); returns the waits. */
const stepPolls = (times: number) =>
  Effect.gen(function* () {
    const waits: Array<number> = []
    for (let i = 0; i < times; i++) {
      yield* waitForSleeps(2) // the wait between polls, and the deadline
      const now = yield* Clock.currentTimeMillis
      const wake = Math.min(...(yield* TestClock.sleeps()))
      waits.push(wake - now)
      yield* TestClock.adjust(wake - now)
    }
    return waits
  })

describe("Runs polling", () => {
  it.effect("poll: reads until the run settles, waiting the interval or the server's openai-poll-after-ms", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        state("queued", { "openai-poll-after-ms": "300" }),
        state("in_progress"),
        state("cancelling"),
        state("completed")
      )
      const seen: Array<string> = []
      const fiber = yield* Effect.fork(
        Runs.poll("thread_abc123", "run_abc123", {
          interval: "2 seconds",
          onProgress: (r) => Effect.sync(() => seen.push(r.status))
        })
      )
      expect(yield* stepPolls(3)).toEqual([300, 2000, 2000])
      expect((yield* Fiber.join(fiber)).status).toBe("completed")
      expect(seen).toEqual(["queued", "in_progress", "cancelling", "completed"])
      const requests = yield* Testing.requests
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(
        Array(4).fill("GET /v1/threads/thread_abc123/runs/run_abc123")
      )
    }).pipe(Effect.provide(TestLive))
  )

  for (const status of ["requires_action", "failed", "cancelled", "expired", "incomplete", "paused_for_review"]) {
    it.effect(`poll stops at ${status}`, () =>
      Effect.gen(function* () {
        yield* Testing.enqueue(state(status))
        expect((yield* Runs.poll("thread_abc123", "run_abc123")).status).toBe(status)
        yield* Testing.assertSentTimes(1)
      }).pipe(Effect.provide(TestLive))
    )
  }

  it.effect("poll past its deadline fails with TimeoutError (deadline) and stops reading", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(state("queued"), state("queued"), state("queued"))
      const fiber = yield* Effect.fork(
        Effect.flip(Runs.poll("thread_abc123", "run_abc123", { interval: "1 second", timeout: "2500 millis" }))
      )
      yield* stepPolls(2)
      yield* waitForSleeps(2)
      yield* TestClock.adjust("500 millis")
      const error = yield* Fiber.join(fiber)
      expect(error._tag === "TimeoutError" && error.kind).toBe("deadline")
      expect(error.message).toContain("run_abc123")
      yield* Testing.assertSentTimes(3)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("interrupting a poll between reads stops it; during a read, aborts the request", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(state("queued"))
      const between = yield* Effect.fork(Runs.poll("thread_abc123", "run_abc123"))
      yield* waitForSleeps(2)
      expect(Exit.isInterrupted(yield* Fiber.interrupt(between))).toBe(true)
      yield* Testing.assertSentTimes(1)
      yield* Testing.enqueue(state("queued"), Testing.hang)
      const during = yield* Effect.fork(Runs.poll("thread_abc123", "run_abc123"))
      yield* stepPolls(1)
      yield* eventually(
        Effect.map(Testing.requests, (all) => all.length === 3),
        "the second read of the second poll"
      )
      expect(Exit.isInterrupted(yield* Fiber.interrupt(during))).toBe(true)
      const requests = yield* Testing.requests
      expect(requests[2]!.aborted).toBe(true)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("pollStates streams every state, the settled one last, within the deadline", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(state("queued"), state("in_progress"), state("requires_action"))
      const fiber = yield* Effect.fork(
        Runs.pollStates("thread_abc123", "run_abc123", { interval: "10 millis" }).pipe(
          Stream.map((r) => r.status),
          Stream.runCollect
        )
      )
      yield* stepPolls(2)
      expect(Chunk.toReadonlyArray(yield* Fiber.join(fiber))).toEqual(["queued", "in_progress", "requires_action"])
      yield* Testing.enqueue(state("queued"), state("queued"))
      const late = yield* Effect.fork(
        Effect.flip(Stream.runDrain(Runs.pollStates("thread_abc123", "run_abc123", { timeout: "1500 millis" })))
      )
      yield* stepPolls(1)
      yield* waitForSleeps(2)
      yield* TestClock.adjust("500 millis")
      const error = yield* Fiber.join(late)
      expect(error._tag === "TimeoutError" && error.kind).toBe("deadline")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("createAndPoll and submitToolOutputsAndPoll: the call, then reads until settled", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(run()),
        state("requires_action"),
        Testing.json(run({ status: "queued" })),
        state("completed")
      )
      const waiting = yield* Runs.createAndPoll("thread_abc123", { assistant_id: "asst_abc123" })
      expect(waiting.status).toBe("requires_action")
      const done = yield* Runs.submitToolOutputsAndPoll("thread_abc123", "run_abc123", {
        tool_outputs: [{ tool_call_id: "call_001", output: "21 C" }]
      })
      expect(done.status).toBe("completed")
      const requests = yield* Testing.requests
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        "POST /v1/threads/thread_abc123/runs",
        "GET /v1/threads/thread_abc123/runs/run_abc123",
        "POST /v1/threads/thread_abc123/runs/run_abc123/submit_tool_outputs",
        "GET /v1/threads/thread_abc123/runs/run_abc123"
      ])
      expect(Runs.isSettled(done)).toBe(true)
    }).pipe(Effect.provide(TestLive))
  )
})

// ---------------------------------------------------------------------------
// the mock server's runs routes, over a real socket
// ---------------------------------------------------------------------------

/** Runs the services on a fresh mock server (its own store), over fetch. */
const onMockServer = <A, E>(
  f: () => Effect.Effect<A, E, Runs.Runs | RunSteps.RunSteps | Assistants.Assistants | Threads.Threads>
) =>
  Effect.scoped(
    Effect.flatMap(MockServer.make(), (server) =>
      Effect.provide(
        f(),
        Layer.mergeAll(Runs.layer, RunSteps.layer, Assistants.layer, Threads.layer).pipe(
          Layer.provide(OpenAiClient.layer),
          Layer.provide(
            OpenAiConfig.layer({ apiKey: Redacted.make("sk-mock"), baseUrl: server.baseUrl, maxRetries: 0 })
          ),
          Layer.provide(FetchHttpClient.layer)
        )
      )
    )
  )

describe("Runs on the mock server", () => {
  it.live("a run with a function tool: queued → requires_action → (outputs) queued → completed, with its steps", () =>
    onMockServer(() =>
      Effect.gen(function* () {
        const assistant = yield* Assistants.create({ model: "gpt-4o", tools: [weatherTool] })
        const thread = yield* Threads.create({ messages: [{ role: "user", content: "Weather in Paris?" }] })
        const created = yield* Runs.create(thread.id, { assistant_id: assistant.id })
        expect(created).toMatchObject({ status: "queued", thread_id: thread.id, assistant_id: assistant.id })
        const early = yield* Effect.flip(
          Runs.submitToolOutputs(thread.id, created.id, { tool_outputs: [{ tool_call_id: "call_x", output: "x" }] })
        )
        expect(early._tag).toBe("BadRequestError")
        const waiting = yield* Runs.retrieve(thread.id, created.id)
        expect(waiting.status).toBe("requires_action")
        const call = waiting.required_action?.submit_tool_outputs.tool_calls[0]
        expect(call?.function.name).toBe("get_current_weather")
        const missing = yield* Effect.flip(Runs.submitToolOutputs(thread.id, created.id, { tool_outputs: [] }))
        expect(missing._tag === "BadRequestError" && missing.param).toBe("tool_outputs")
        const submitted = yield* Runs.submitToolOutputs(thread.id, created.id, {
          tool_outputs: [{ tool_call_id: call?.id ?? "", output: "21 C, sunny" }]
        })
        expect(submitted.status).toBe("queued")
        const done = yield* Runs.retrieve(thread.id, created.id)
        expect(done.status).toBe("completed")
        const steps = yield* RunSteps.listAll(thread.id, created.id, { order: "asc", limit: 1 }).pipe(Stream.runCollect)
        expect(Chunk.toReadonlyArray(steps).map((s) => `${s.type}:${s.status}`)).toEqual([
          "tool_calls:completed",
          "message_creation:completed"
        ])
        const toolStep = yield* RunSteps.retrieve(thread.id, created.id, Chunk.unsafeGet(steps, 0).id)
        expect(JSON.stringify(toolStep.step_details)).toContain("21 C, sunny")
        const cancelDone = yield* Effect.flip(Runs.cancel(thread.id, created.id))
        expect(cancelDone._tag).toBe("BadRequestError")
        const updated = yield* Runs.update(thread.id, created.id, { metadata: { reviewed: "yes" } })
        expect(updated.metadata).toEqual({ reviewed: "yes" })
        expect((yield* Runs.list(thread.id)).data.map((r) => r.id)).toEqual([created.id])
      })
    )
  )

  it.live("createThreadAndRun, cancel, and the 404s and 400s", () =>
    onMockServer(() =>
      Effect.gen(function* () {
        const assistant = yield* Assistants.create({ model: "gpt-4o" })
        const created = yield* Runs.createThreadAndRun({
          assistant_id: assistant.id,
          thread: { messages: [{ role: "user", content: "Hi" }] }
        })
        expect((yield* Threads.retrieve(created.thread_id)).id).toBe(created.thread_id)
        expect((yield* Runs.cancel(created.thread_id, created.id)).status).toBe("cancelling")
        expect((yield* Runs.retrieve(created.thread_id, created.id)).status).toBe("cancelled")
        const noThread = yield* Effect.flip(Runs.create("thread_nope", { assistant_id: assistant.id }))
        expect(noThread._tag).toBe("NotFoundError")
        const noAssistant = yield* Effect.flip(Runs.createThreadAndRun({ assistant_id: "asst_nope" }))
        expect(noAssistant._tag).toBe("NotFoundError")
        const noRun = yield* Effect.flip(Runs.retrieve(created.thread_id, "run_nope"))
        expect(noRun._tag).toBe("NotFoundError")
        const noStep = yield* Effect.flip(RunSteps.retrieve(created.thread_id, created.id, "step_nope"))
        expect(noStep._tag).toBe("NotFoundError")
      })
    )
  )
})
