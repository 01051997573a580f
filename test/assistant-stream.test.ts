/**
 * Assistant streams over real sockets against the mock server, with both
 * HTTP layers (undici and fetch): run lifecycles as typed events, the tool
 * loop end to end (a failing tool, an unknown tool, the round bound), run
 * outcomes and polling, and interruption at each phase (before the headers,
 * mid-stream, during polling, during tool handling) leaving no socket open
 * and no stream running on the server.
 */

import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Assistants, OpenAi, OpenAiConfig, Threads } from "@effect-openai/core"
import * as AssistantStream from "@effect-openai/core/AssistantStream"
import * as Runs from "@effect-openai/core/Runs"
import * as MockServer from "@effect-openai/mock-server"
import { NodeOpenAi } from "@effect-openai/node"
import { Chunk, Data, Deferred, Effect, Exit, Fiber, Layer, Redacted, Stream } from "effect"

type Services = OpenAi.Services

const clients: ReadonlyArray<readonly [string, (options: OpenAiConfig.Options) => Layer.Layer<Services>]> = [
  ["undici", (options) => NodeOpenAi.layer(options)],
  ["fetch", (options) => OpenAi.layer(options).pipe(Layer.provide(FetchHttpClient.layer))]
]

/**
 * Runs `body` on a fresh mock server with a client layer pointed at it; once
 * the client is closed (its layer's scope, the undici pool with it), checks
 * that the server has no open socket and no stream running. The server keeps
 * idle sockets for 500 ms: under a second, Node advertises `Keep-Alive:
 * timeout=0`, so neither undici nor fetch pools them, and a socket still open
 * is one that is still in use.
 */
const onServer = <A, E>(
  makeLayer: (options: OpenAiConfig.Options) => Layer.Layer<Services>,
  body: (server: MockServer.MockServer) => Effect.Effect<A, E, Services>
) =>
  Effect.scoped(
    Effect.gen(function* () {
      const server = yield* MockServer.make({ keepAliveTimeout: 500 })
      const value = yield* body(server).pipe(
        Effect.provide(makeLayer({ apiKey: Redacted.make("sk-mock"), baseUrl: server.baseUrl, maxRetries: 0 }))
      )
      yield* Effect.promise(() => server.waitForOpenConnections(0, 3000))
      expect(server.openConnections()).toBe(0)
      expect(server.activeStreams()).toBe(0)
      return value
    })
  )

const tool = (name: string) => ({
  type: "function" as const,
  function: {
    name,
    description: `The ${name.replace("get_", "")} in a city`,
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
  }
})

/** An assistant with these tools and a thread where the user asked "Paris". */
const setup = (tools: ReadonlyArray<ReturnType<typeof tool>>, instructions = "You help.") =>
  Effect.gen(function* () {
    const assistant = yield* Assistants.create({ model: "gpt-4o", instructions, tools: [...tools] })
    const thread = yield* Threads.create({ messages: [{ role: "user", content: "Paris" }] })
    return { assistantId: assistant.id, threadId: thread.id }
  })

const streamRun = (ids: { readonly assistantId: string; readonly threadId: string }) =>
  Runs.stream(ids.threadId, { assistant_id: ids.assistantId })

const weather = (args: unknown) => Effect.succeed(`21 C in ${(args as { city: string }).city}`)
const time = () => Effect.succeed("12:00")

class WeatherDown extends Data.TaggedError("WeatherDown")<{ readonly city: string }> {}

const header = (name: string, value: string) => OpenAiConfig.overrideStream({ headers: { [name]: value } })

/** Waits in real time, bounded, until `check` holds. */
const until = (check: () => boolean, what: string) =>
  Effect.gen(function* () {
    for (let i = 0; i < 600 && !check(); i++) yield* Effect.sleep("5 millis")
    if (!check()) return yield* Effect.dieMessage(`not reached: ${what}`)
  })

const paths = (server: MockServer.MockServer) => server.requests().map((r) => `${r.method} ${r.path}`)

for (const [name, makeLayer] of clients) {
  describe(`assistant streams over a socket with ${name}`, () => {
    it.live("a run streams its lifecycle as typed events, the reply in text deltas", () =>
      onServer(makeLayer, (server) =>
        Effect.gen(function* () {
          const { assistantId } = yield* setup([])
          const events = Chunk.toReadonlyArray(
            yield* Stream.runCollect(
              Runs.createThreadAndRunStream({
                assistant_id: assistantId,
                thread: { messages: [{ role: "user", content: "Hi there" }] }
              })
            )
          )
          const names = events.map((e) => e.event)
          expect(names.filter((n) => n !== "thread.message.delta")).toEqual([
            "thread.created",
            "thread.run.created",
            "thread.run.queued",
            "thread.run.in_progress",
            "thread.run.step.created",
            "thread.run.step.in_progress",
            "thread.message.created",
            "thread.message.in_progress",
            "thread.message.completed",
            "thread.run.step.completed",
            "thread.run.completed"
          ])
          const text = events.map((e) => (e.event === "thread.message.delta" ? AssistantStream.deltaText(e.data) : ""))
          expect(names.filter((n) => n === "thread.message.delta").length).toBeGreaterThan(2)
          expect(text.join("")).toBe("You said: Hi there")
          expect(server.requests()[2]?.body).toMatchObject({ stream: true })
        })
      )
    )

    it.live("the tool loop runs a run to its end: both tools answered, outputs submitted, the same stream", () =>
      onServer(makeLayer, (server) =>
        Effect.gen(function* () {
          const ids = yield* setup([tool("get_weather"), tool("get_time")])
          const seen: Array<string> = []
          const final = yield* streamRun(ids).pipe(
            AssistantStream.runTools({ handlers: { get_weather: weather, get_time: time } }),
            Stream.tap((e) => Effect.sync(() => seen.push(e.event))),
            AssistantStream.collect
          )
          expect(final.run.status).toBe("completed")
          expect(seen.filter((e) => e === "thread.run.requires_action").length).toBe(1)
          const reply = final.messages[0]?.content[0]
          expect(reply?.type === "text" && "text" in reply ? reply.text.value : "").toBe(
            "You said: Paris (tool outputs: 21 C in Paris; 12:00)"
          )
          expect(final.steps.map((s) => s.type)).toEqual(["tool_calls", "message_creation"])
          expect(paths(server).slice(2)).toEqual([
            `POST /v1/threads/${ids.threadId}/runs`,
            `POST /v1/threads/${ids.threadId}/runs/${final.run.id}/submit_tool_outputs`
          ])
          expect(server.requests()[3]?.body).toMatchObject({ stream: true })
        })
      )
    )

    it.live("a failing tool fails the loop typed; the run still waits for outputs", () =>
      onServer(makeLayer, () =>
        Effect.gen(function* () {
          const ids = yield* setup([tool("get_weather")])
          const error = yield* Effect.flip(
            AssistantStream.runToCompletion(streamRun(ids), {
              handlers: {
                get_weather: (args) => Effect.fail(new WeatherDown({ city: (args as { city: string }).city }))
              }
            })
          )
          expect(error._tag).toBe("ToolHandlerError")
          if (error._tag !== "ToolHandlerError") return
          expect(error.cause).toEqual(new WeatherDown({ city: "Paris" }))
          expect(error.toolName).toBe("get_weather")
          expect((yield* Runs.retrieve(ids.threadId, error.runId)).status).toBe("requires_action")
        })
      )
    )

    it.live("an unknown tool fails the loop with UnknownToolError naming it", () =>
      onServer(makeLayer, (server) =>
        Effect.gen(function* () {
          const ids = yield* setup([tool("get_weather"), tool("get_time")])
          const error = yield* Effect.flip(
            AssistantStream.runToCompletion(streamRun(ids), { handlers: { get_weather: weather } })
          )
          expect(error._tag === "UnknownToolError" && [error.toolName, error.known]).toEqual([
            "get_time",
            ["get_weather"]
          ])
          expect(paths(server).some((p) => p.endsWith("/submit_tool_outputs"))).toBe(false)
        })
      )
    )

    it.live("the round bound stops a run that keeps asking for tools", () =>
      onServer(makeLayer, (server) =>
        Effect.gen(function* () {
          const ids = yield* setup([tool("get_weather")], "Check the weather again and again. [mock:tool-rounds=100]")
          const error = yield* Effect.flip(
            AssistantStream.runToCompletion(streamRun(ids), { handlers: { get_weather: weather }, maxRounds: 3 })
          )
          expect(error._tag === "ToolRoundsExceededError" && error.maxRounds).toBe(3)
          expect(paths(server).filter((p) => p.endsWith("/submit_tool_outputs")).length).toBe(3)
        })
      )
    )

    it.live("failed, cancelled and expired runs, by header or by instructions", () =>
      onServer(makeLayer, () =>
        Effect.gen(function* () {
          const ids = yield* setup([tool("get_weather")])
          const outcome = (value: string) =>
            AssistantStream.collect(streamRun(ids).pipe(header("x-mock-run-outcome", value)))
          const failed = yield* outcome("failed")
          expect(failed.run.status).toBe("failed")
          expect(failed.run.last_error?.code).toBe("server_error")
          expect((yield* outcome("cancelled")).run.status).toBe("cancelled")
          expect((yield* outcome("expired")).run.status).toBe("expired")
          const marked = yield* setup([], "[mock:expired]")
          expect((yield* AssistantStream.collect(streamRun(marked))).run.status).toBe("expired")
          // after tool outputs: the header on the submission
          const lateFail = yield* streamRun(ids).pipe(
            AssistantStream.runTools({ handlers: { get_weather: weather } }),
            header("x-mock-run-outcome", "failed"),
            AssistantStream.collect
          )
          expect(lateFail.run.status).toBe("failed")
        })
      )
    )

    it.live("polling follows a run until it settles, reporting each state", () =>
      onServer(makeLayer, () =>
        Effect.gen(function* () {
          const ids = yield* setup([tool("get_weather")], "[mock:polls=2]")
          const seen: Array<string> = []
          const waiting = yield* Runs.createAndPoll(
            ids.threadId,
            { assistant_id: ids.assistantId },
            { interval: "20 millis", onProgress: (run) => Effect.sync(() => seen.push(run.status)) }
          )
          expect(waiting.status).toBe("requires_action")
          expect(seen).toEqual(["in_progress", "in_progress", "requires_action"])
          const call = waiting.required_action?.submit_tool_outputs.tool_calls[0]
          const done = yield* Runs.submitToolOutputsAndPoll(
            ids.threadId,
            waiting.id,
            { tool_outputs: [{ tool_call_id: call?.id ?? "", output: "21 C" }] },
            { interval: "20 millis" }
          )
          expect(done.status).toBe("completed")
        })
      )
    )

    describe("interrupting leaves no socket open and no stream running", () => {
      it.live("before the headers", () =>
        onServer(makeLayer, (server) =>
          Effect.gen(function* () {
            const ids = yield* setup([])
            const fiber = yield* Effect.fork(
              Stream.runDrain(streamRun(ids).pipe(header("x-mock-fault", "slow-headers=5000")))
            )
            yield* until(() => server.requests().length === 3, "the run request reached the server")
            expect(server.openConnections()).toBeGreaterThan(0)
            expect(Exit.isInterrupted(yield* Fiber.interrupt(fiber))).toBe(true)
          })
        )
      )

      it.live("mid-stream", () =>
        onServer(makeLayer, (server) =>
          Effect.gen(function* () {
            const ids = yield* setup([])
            let received = 0
            const fiber = yield* streamRun(ids).pipe(
              header("x-mock-fault", "idle-stream=10000"),
              Stream.runForEach(() => Effect.sync(() => received++)),
              Effect.fork
            )
            yield* until(() => received > 0 && server.activeStreams() === 1, "the first event")
            expect(received).toBe(1)
            expect(Exit.isInterrupted(yield* Fiber.interrupt(fiber))).toBe(true)
          })
        )
      )

      it.live("during polling", () =>
        onServer(makeLayer, (server) =>
          Effect.gen(function* () {
            const ids = yield* setup([], "[mock:polls=1000]")
            const fiber = yield* Effect.fork(
              Runs.createAndPoll(ids.threadId, { assistant_id: ids.assistantId }, { interval: "30 millis" })
            )
            yield* until(() => paths(server).filter((p) => p.startsWith("GET")).length >= 3, "three polls")
            expect(Exit.isInterrupted(yield* Fiber.interrupt(fiber))).toBe(true)
          })
        )
      )

      it.live("during tool handling", () =>
        onServer(makeLayer, (server) =>
          Effect.gen(function* () {
            const ids = yield* setup([tool("get_weather")])
            const started = yield* Deferred.make<void>()
            const fiber = yield* Effect.fork(
              Stream.runDrain(
                streamRun(ids).pipe(
                  AssistantStream.runTools({
                    handlers: { get_weather: () => Effect.zipRight(Deferred.succeed(started, undefined), Effect.never) }
                  })
                )
              )
            )
            yield* Deferred.await(started)
            expect(Exit.isInterrupted(yield* Fiber.interrupt(fiber))).toBe(true)
            expect(paths(server).some((p) => p.endsWith("/submit_tool_outputs"))).toBe(false)
          })
        )
      )
    })
  })
}
