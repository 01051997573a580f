import { describe, expect, it } from "@effect/vitest"
import { OpenAiClient, Testing } from "@effect-openai/core"
import * as AssistantStream from "@effect-openai/core/AssistantStream"
import * as Runs from "@effect-openai/core/Runs"
import { Chunk, Data, Deferred, Effect, Either, Exit, Fiber, Stream } from "effect"
import { eventually, runObject as run } from "./utils.js"

// ---------------------------------------------------------------------------
// fixtures: each event's data as the API sends it
// ---------------------------------------------------------------------------

const thread = { id: "thread_1", object: "thread", created_at: 1_700_000_000, metadata: {}, tool_resources: {} }

const call = (id: string, name: string, args: string) => ({ id, type: "function", function: { name, arguments: args } })

const requiresAction = (...calls: ReadonlyArray<ReturnType<typeof call>>) =>
  run("requires_action", {
    required_action: { type: "submit_tool_outputs", submit_tool_outputs: { tool_calls: calls } }
  })

const step = (status: string) => ({
  id: "step_1",
  object: "thread.run.step",
  created_at: 1_700_000_000,
  assistant_id: "asst_1",
  thread_id: "thread_1",
  run_id: "run_1",
  type: "message_creation",
  status,
  step_details: { type: "message_creation", message_creation: { message_id: "msg_1" } },
  last_error: null,
  expired_at: null,
  cancelled_at: null,
  failed_at: null,
  completed_at: null,
  metadata: null,
  usage: null
})

const stepDelta = {
  id: "step_1",
  object: "thread.run.step.delta",
  delta: {
    step_details: { type: "tool_calls", tool_calls: [{ index: 0, type: "function", function: { arguments: "{" } }] }
  }
}

const message = (status: string, text?: string) => ({
  id: "msg_1",
  object: "thread.message",
  created_at: 1_700_000_000,
  thread_id: "thread_1",
  status,
  incomplete_details: null,
  completed_at: null,
  incomplete_at: null,
  role: "assistant",
  content: text === undefined ? [] : [{ type: "text", text: { value: text, annotations: [] } }],
  assistant_id: "asst_1",
  run_id: "run_1",
  attachments: [],
  metadata: {}
})

const messageDelta = (value: string) => ({
  id: "msg_1",
  object: "thread.message.delta",
  delta: { content: [{ index: 0, type: "text", text: { value } }] }
})

const ev = Testing.event
const done = ev("done", "[DONE]")

/** Every known event of the API, in a plausible order. */
const everyEvent = [
  ev("thread.created", thread),
  ...[
    "created",
    "queued",
    "in_progress",
    "requires_action",
    "completed",
    "incomplete",
    "failed",
    "cancelling",
    "cancelled",
    "expired"
  ].map((s) => ev(`thread.run.${s}`, run(s))),
  ...["created", "in_progress", "completed", "failed", "cancelled", "expired"].map((s) =>
    ev(`thread.run.step.${s}`, step(s))
  ),
  ev("thread.run.step.delta", stepDelta),
  ...["created", "in_progress", "completed", "incomplete"].map((s) => ev(`thread.message.${s}`, message(s, "Hi"))),
  ev("thread.message.delta", messageDelta("Hel"))
]

const collectAll = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

/** Runs `body` on the fake HTTP layer, with its requests. */
const provide = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provide(effect, Testing.layer())

describe("AssistantStream: decoding", () => {
  it.effect("decodes every event of the API with its typed data; `done` ends the stream", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          Testing.sse([...everyEvent, done, ev("thread.run.created", run("queued"))], { end: "close" })
        )
        const events = yield* collectAll(Runs.stream("thread_1", { assistant_id: "asst_1" }))
        expect(events.map((e) => e.event)).toEqual(everyEvent.map((e) => (e as { event: string }).event))
        for (const e of events) {
          // each branch narrows `data` to its type: these lines only compile because of it
          switch (e.event) {
            case "thread.created":
              expect(e.data.object).toBe("thread")
              break
            case "thread.message.delta":
              expect(AssistantStream.deltaText(e.data)).toBe("Hel")
              break
            case "thread.run.step.delta":
              expect(e.data.delta.step_details?.type).toBe("tool_calls")
              break
            case "thread.message.created":
            case "thread.message.in_progress":
            case "thread.message.completed":
            case "thread.message.incomplete":
              expect(e.data.role).toBe("assistant")
              expect(`thread.message.${e.data.status}`).toBe(e.event)
              break
            case "unknown":
              throw new Error(`unexpected unknown event ${e.name}`)
            default:
              if (e.event.startsWith("thread.run.step.")) expect(e.data.object).toBe("thread.run.step")
              else expect(e.data.object).toBe("thread.run")
              expect(e.event.endsWith(e.data.status)).toBe(true)
          }
        }
        const request = yield* Testing.lastRequest
        expect(`${request.method} ${request.path}`).toBe("POST /v1/threads/thread_1/runs")
        expect(request.body).toEqual({ assistant_id: "asst_1", stream: true })
        expect(request.headers.accept).toBe("text/event-stream")
        expect(request.headers["openai-beta"]).toBe("assistants=v2")
        expect(request.aborted).toBe(true) // nothing after `done` is read
      })
    )
  )

  it.effect("`data: [DONE]` without an event name ends the stream too", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(Testing.sse([ev("thread.run.queued", run("queued"))]))
        const events = yield* collectAll(Runs.stream("thread_1", { assistant_id: "asst_1" }))
        expect(events.map((e) => e.event)).toEqual(["thread.run.queued"])
      })
    )
  )

  it.effect("unknown events pass through as `unknown` with their name and data; the stream goes on", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          Testing.sse([
            ev("thread.run.paused", { id: "run_1", reason: "review" }),
            ev("thread.run.annotated", "not json"),
            ev("thread.run.completed", run("completed"))
          ])
        )
        const events = yield* collectAll(Runs.stream("thread_1", { assistant_id: "asst_1" }))
        expect(events[0]).toEqual({
          event: "unknown",
          name: "thread.run.paused",
          data: { id: "run_1", reason: "review" }
        })
        expect(events[1]).toEqual({ event: "unknown", name: "thread.run.annotated", data: "not json" })
        const last = events[2]!
        expect(last.event === "thread.run.completed" && last.data.status).toBe("completed")
      })
    )
  )

  it.effect("an error event fails the stream with StreamError (error-event) after the events before it", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          Testing.sse(
            [
              ev("thread.run.created", run("queued")),
              ev("error", {
                message: "The server had an error",
                type: "server_error",
                code: "overloaded",
                param: null
              }),
              ev("thread.run.completed", run("completed"))
            ],
            { end: "close", headers: { "x-request-id": "req_stream_1" } }
          )
        )
        const seen: Array<string> = []
        const error = yield* Runs.stream("thread_1", { assistant_id: "asst_1" }).pipe(
          Stream.runForEach((e) => Effect.sync(() => seen.push(e.event))),
          Effect.flip
        )
        expect(seen).toEqual(["thread.run.created"])
        expect(error._tag).toBe("StreamError")
        if (error._tag !== "StreamError") return
        expect(error.reason).toBe("error-event")
        expect(error.message).toContain("The server had an error")
        expect([error.type, error.code]).toEqual(["server_error", "overloaded"])
        expect(error.meta?.requestId).toBe("req_stream_1")
      })
    )
  )

  it.effect("an unnamed `{ error }` event is an error event too", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(Testing.sse([{ error: { message: "quota", type: "insufficient_quota" } }]))
        const error = yield* Effect.flip(collectAll(Runs.stream("thread_1", { assistant_id: "asst_1" })))
        expect(error._tag === "StreamError" && [error.reason, error.type]).toEqual([
          "error-event",
          "insufficient_quota"
        ])
      })
    )
  )

  it.effect("a stream cut before `done` fails with StreamError (truncated), after every event it sent", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          Testing.sse([ev("thread.run.created", run("queued")), ev("thread.message.delta", messageDelta("Hi"))], {
            end: "close"
          })
        )
        const seen: Array<string> = []
        const error = yield* Runs.stream("thread_1", { assistant_id: "asst_1" }).pipe(
          Stream.runForEach((e) => Effect.sync(() => seen.push(e.event))),
          Effect.flip
        )
        expect(seen).toEqual(["thread.run.created", "thread.message.delta"])
        expect(error._tag === "StreamError" && error.reason).toBe("truncated")
      })
    )
  )

  it.effect("a known event whose data is not JSON or not its schema fails with StreamError (invalid-event)", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          Testing.sse([ev("thread.run.created", "{oops")]),
          Testing.sse([ev("thread.run.created", { ...run("queued"), id: 42 })])
        )
        const notJson = yield* Effect.flip(collectAll(Runs.stream("thread_1", { assistant_id: "asst_1" })))
        expect(notJson._tag === "StreamError" && notJson.reason).toBe("invalid-event")
        const badShape = yield* Effect.flip(collectAll(Runs.stream("thread_1", { assistant_id: "asst_1" })))
        expect(badShape._tag === "StreamError" && badShape.reason).toBe("invalid-event")
        expect(badShape.message).toContain("id")
      })
    )
  )

  it("decode reads one raw event (error and done included)", () => {
    const raw = (event: string, data: string) => ({ event, data, id: undefined })
    expect(AssistantStream.decode(raw("done", "[DONE]"))).toEqual(Either.right({ event: "done", data: "[DONE]" }))
    const error = AssistantStream.decode(raw("error", '{"message":"boom","type":"server_error"}'))
    expect(error).toEqual(
      Either.right({
        event: "error",
        data: { message: "boom", type: "server_error", code: undefined, param: undefined }
      })
    )
    const run1 = AssistantStream.decode(raw("thread.run.queued", JSON.stringify(run("queued"))))
    expect(Either.isRight(run1) && run1.right.event).toBe("thread.run.queued")
  })

  it.effect("createThreadAndRunStream and submitToolOutputsStream: their requests with stream: true", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          Testing.sse([ev("thread.created", thread), ev("thread.run.created", run("queued"))]),
          Testing.sse([ev("thread.run.queued", run("queued"))])
        )
        const first = yield* collectAll(
          Runs.createThreadAndRunStream({
            assistant_id: "asst_1",
            thread: { messages: [{ role: "user", content: "Hi" }] }
          })
        )
        expect(first.map((e) => e.event)).toEqual(["thread.created", "thread.run.created"])
        yield* collectAll(
          Runs.submitToolOutputsStream("thread_1", "run_1", { tool_outputs: [{ tool_call_id: "call_1", output: "x" }] })
        )
        const [create, submit] = yield* Testing.requests
        expect(`${create!.method} ${create!.path}`).toBe("POST /v1/threads/runs")
        expect(create!.body).toEqual({
          assistant_id: "asst_1",
          thread: { messages: [{ role: "user", content: "Hi" }] },
          stream: true
        })
        expect(`${submit!.method} ${submit!.path}`).toBe("POST /v1/threads/thread_1/runs/run_1/submit_tool_outputs")
        expect(submit!.body).toEqual({ tool_outputs: [{ tool_call_id: "call_1", output: "x" }], stream: true })
      })
    )
  )

  it.effect("interrupting the stream aborts the request", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(Testing.sse([ev("thread.run.created", run("queued"))], { end: "hang" }))
        const first = yield* collectAll(Runs.stream("thread_1", { assistant_id: "asst_1" }).pipe(Stream.take(1)))
        expect(first.length).toBe(1)
        expect((yield* Testing.lastRequest).aborted).toBe(true)
      })
    )
  )

  it.effect("errors keep an outer withMeta working", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          Testing.sse([ev("thread.run.completed", run("completed"))], { headers: { "x-request-id": "req_m" } })
        )
        const { meta } = yield* OpenAiClient.withMeta(collectAll(Runs.stream("thread_1", { assistant_id: "asst_1" })))
        expect(meta.requestId).toBe("req_m")
      })
    )
  )

  it.effect("textDeltas and collect", () =>
    provide(
      Effect.gen(function* () {
        const events = [
          ev("thread.run.created", run("queued")),
          ev("thread.message.created", message("in_progress")),
          ev("thread.message.delta", messageDelta("Hel")),
          ev("thread.message.delta", messageDelta("lo")),
          ev("thread.message.completed", message("completed", "Hello")),
          ev("thread.run.step.completed", step("completed")),
          ev("thread.run.completed", run("completed"))
        ]
        yield* Testing.enqueue(Testing.sse(events), Testing.sse(events), Testing.sse([ev("thread.created", thread)]))
        const text = yield* Runs.stream("thread_1", { assistant_id: "asst_1" }).pipe(
          AssistantStream.textDeltas,
          Stream.mkString
        )
        expect(text).toBe("Hello")
        const final = yield* AssistantStream.collect(Runs.stream("thread_1", { assistant_id: "asst_1" }))
        expect(final.run.status).toBe("completed")
        expect(final.messages.map((m) => m.content)).toEqual([
          [{ type: "text", text: { value: "Hello", annotations: [] } }]
        ])
        expect(final.steps.map((s) => s.status)).toEqual(["completed"])
        const noRun = yield* Effect.flip(AssistantStream.collect(Runs.stream("thread_1", { assistant_id: "asst_1" })))
        expect(noRun._tag === "StreamError" && noRun.reason).toBe("invalid-event")
      })
    )
  )
})

// ---------------------------------------------------------------------------
// the tool loop
// ---------------------------------------------------------------------------

class WeatherDown extends Data.TaggedError("WeatherDown")<{ readonly city: string }> {}

const weather = (args: unknown) => Effect.succeed(`21 C in ${(args as { city: string }).city}`)

/** The first stream of a run that asks for tools, and the stream that finishes it. */
const asking = (...calls: ReadonlyArray<ReturnType<typeof call>>) =>
  Testing.sse([
    ev("thread.run.created", run("queued")),
    ev("thread.run.in_progress", run("in_progress")),
    ev("thread.run.requires_action", requiresAction(...calls)),
    done
  ])
const finishing = Testing.sse([
  ev("thread.run.queued", run("queued")),
  ev("thread.message.completed", message("completed", "It is 21 C")),
  ev("thread.run.completed", run("completed"))
])

const start = Runs.stream("thread_1", { assistant_id: "asst_1" })

describe("AssistantStream: the tool loop", () => {
  it.effect("answers every call (arguments parsed), submits the outputs and continues the same stream", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          asking(call("call_1", "get_weather", '{"city":"Paris"}'), call("call_2", "get_time", "")),
          finishing
        )
        const seenArgs: Array<unknown> = []
        const events = yield* collectAll(
          AssistantStream.runTools(start, {
            handlers: {
              get_weather: weather,
              get_time: (args, c) => Effect.sync(() => seenArgs.push(args, c.id)).pipe(Effect.as("12:00"))
            }
          })
        )
        expect(events.map((e) => e.event)).toEqual([
          "thread.run.created",
          "thread.run.in_progress",
          "thread.run.requires_action",
          "thread.run.queued",
          "thread.message.completed",
          "thread.run.completed"
        ])
        expect(seenArgs).toEqual([{}, "call_2"])
        const submit = (yield* Testing.requests)[1]!
        expect(submit.path).toBe("/v1/threads/thread_1/runs/run_1/submit_tool_outputs")
        expect(submit.body).toEqual({
          tool_outputs: [
            { tool_call_id: "call_1", output: "21 C in Paris" },
            { tool_call_id: "call_2", output: "12:00" }
          ],
          stream: true
        })
      })
    )
  )

  it.effect("runToCompletion returns the final run and the new messages", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(asking(call("call_1", "get_weather", '{"city":"Oslo"}')), finishing)
        const final = yield* start.pipe(AssistantStream.runToCompletion({ handlers: { get_weather: weather } }))
        expect(final.run.status).toBe("completed")
        expect(final.messages.map((m) => m.id)).toEqual(["msg_1"])
      })
    )
  )

  it.effect("a failing handler fails the stream typed, with the tool and call; nothing is submitted", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(asking(call("call_1", "get_weather", '{"city":"Paris"}')))
        const error = yield* Effect.flip(
          collectAll(
            start.pipe(
              AssistantStream.runTools({
                handlers: {
                  get_weather: (args) => Effect.fail(new WeatherDown({ city: (args as { city: string }).city }))
                }
              })
            )
          )
        )
        expect(error._tag).toBe("ToolHandlerError")
        if (error._tag !== "ToolHandlerError") return
        // the handler's own error, typed: `cause` is a WeatherDown
        expect(error.cause.city).toBe("Paris")
        expect([error.toolName, error.callId, error.runId, error.threadId]).toEqual([
          "get_weather",
          "call_1",
          "run_1",
          "thread_1"
        ])
        expect(error.message).toContain("WeatherDown")
        yield* Testing.assertSentTimes(1)
      })
    )
  )

  it.effect("an unknown tool fails with UnknownToolError naming it, before any handler runs", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(asking(call("call_1", "get_weather", "{}"), call("call_2", "launch_rockets", "{}")))
        let ran = 0
        const error = yield* Effect.flip(
          collectAll(
            start.pipe(AssistantStream.runTools({ handlers: { get_weather: () => Effect.sync(() => String(++ran)) } }))
          )
        )
        expect(error._tag === "UnknownToolError" && [error.toolName, error.callId, error.known]).toEqual([
          "launch_rockets",
          "call_2",
          ["get_weather"]
        ])
        expect(error.message).toContain('"launch_rockets"')
        expect(ran).toBe(0)
        yield* Testing.assertSentTimes(1)
      })
    )
  )

  it.effect("arguments that are not JSON fail with ToolArgumentsError; `toString` is not a handler", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          asking(call("call_1", "get_weather", "{city: Paris")),
          asking(call("call_1", "toString", "{}"))
        )
        const bad = yield* Effect.flip(
          collectAll(start.pipe(AssistantStream.runTools({ handlers: { get_weather: weather } })))
        )
        expect(bad._tag === "ToolArgumentsError" && bad.arguments).toBe("{city: Paris")
        const inherited = yield* Effect.flip(
          collectAll(start.pipe(AssistantStream.runTools({ handlers: { get_weather: weather } })))
        )
        expect(inherited._tag === "UnknownToolError" && inherited.toolName).toBe("toString")
      })
    )
  )

  it.effect("maxRounds stops a run that keeps asking, with ToolRoundsExceededError", () =>
    provide(
      Effect.gen(function* () {
        const again = Testing.sse([
          ev("thread.run.requires_action", requiresAction(call("call_1", "get_weather", "{}")))
        ])
        yield* Testing.enqueue(again, again, again, again)
        const error = yield* Effect.flip(
          collectAll(
            start.pipe(AssistantStream.runTools({ handlers: { get_weather: () => Effect.succeed("x") }, maxRounds: 2 }))
          )
        )
        expect(error._tag === "ToolRoundsExceededError" && [error.maxRounds, error.runId]).toEqual([2, "run_1"])
        yield* Testing.assertSentTimes(3) // the create and two submissions
      })
    )
  )

  for (const [concurrency, expected] of [
    [1, 1],
    [2, 2],
    ["unbounded", 3]
  ] as const) {
    it.effect(`runs the handlers of a round ${concurrency} at a time`, () =>
      provide(
        Effect.gen(function* () {
          yield* Testing.enqueue(
            asking(call("call_1", "f", "{}"), call("call_2", "f", "{}"), call("call_3", "f", "{}")),
            finishing
          )
          let active = 0
          let most = 0
          const f = () =>
            Effect.gen(function* () {
              active++
              most = Math.max(most, active)
              for (let i = 0; i < 5; i++) yield* Effect.yieldNow()
              active--
              return "ok"
            })
          yield* Stream.runDrain(start.pipe(AssistantStream.runTools({ handlers: { f }, concurrency })))
          expect(most).toBe(expected)
        })
      )
    )
  }

  it.effect("interrupting during tool handling interrupts the handlers and submits nothing", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(asking(call("call_1", "slow", "{}")))
        const started = yield* Deferred.make<void>()
        const interrupted = yield* Deferred.make<void>()
        const fiber = yield* Effect.fork(
          Stream.runDrain(
            start.pipe(
              AssistantStream.runTools({
                handlers: {
                  slow: () =>
                    Deferred.succeed(started, undefined).pipe(
                      Effect.zipRight(Effect.never),
                      Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined))
                    )
                }
              })
            )
          )
        )
        yield* Deferred.await(started)
        const exit = yield* Fiber.interrupt(fiber)
        expect(Exit.isInterrupted(exit)).toBe(true)
        yield* Deferred.await(interrupted)
        yield* Testing.assertSentTimes(1)
      })
    )
  )

  it.effect("an API error of the submission reaches the user as it is", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          asking(call("call_1", "get_weather", "{}")),
          Testing.apiError(400, { message: "Runs in status expired do not accept tool outputs." })
        )
        const error = yield* Effect.flip(
          Stream.runDrain(
            start.pipe(AssistantStream.runTools({ handlers: { get_weather: () => Effect.succeed("x") } }))
          )
        )
        expect(error._tag).toBe("BadRequestError")
      })
    )
  )

  it.effect("interrupting while the submission streams aborts it", () =>
    provide(
      Effect.gen(function* () {
        yield* Testing.enqueue(
          asking(call("call_1", "get_weather", "{}")),
          Testing.sse([ev("thread.run.queued", run("queued"))], { end: "hang" })
        )
        let seen = 0
        const fiber = yield* Effect.fork(
          Stream.runForEach(
            start.pipe(AssistantStream.runTools({ handlers: { get_weather: () => Effect.succeed("x") } })),
            () => Effect.sync(() => seen++)
          )
        )
        yield* eventually(
          Effect.sync(() => seen === 4),
          "the first event of the submission"
        )
        yield* Fiber.interrupt(fiber)
        const requests = yield* Testing.requests
        expect(requests.length).toBe(2)
        expect(requests[1]!.aborted).toBe(true)
      })
    )
  )
})
