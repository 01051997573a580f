import { describe, expect, it } from "@effect/vitest"
import { Chat, OpenAiConfig, Testing } from "@effect-openai/core"
import { Chunk, Effect, Fiber, Redacted, Stream, TestClock } from "effect"
import { eventually, waitForSleeps } from "./utils.js"

const params = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "Hello" }] }

describe("Chat.create", () => {
  it.effect("sends POST /chat/completions with auth, organization, project and the JSON body", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.chatCompletion()))
      const completion = yield* Chat.create({ ...params, temperature: 0.2 })
      expect(completion.choices[0]?.message.content).toBe("Hello from the test kit")
      const request = yield* Testing.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe("https://api.openai.test/v1/chat/completions")
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.headers.accept).toBe("application/json")
      expect(request.headers["openai-organization"]).toBe("org-test")
      expect(request.headers["openai-project"]).toBe("proj-test")
      expect(request.headers["x-team"]).toBe("search")
      expect(request.headers.authorization).toBe("<redacted>")
      expect(Redacted.value(request.authorization!)).toBe("Bearer sk-test")
      expect(request.body).toEqual({ ...params, temperature: 0.2 })
      expect(request.body.stream).toBeUndefined()
    }).pipe(
      Effect.provide(Testing.layer({ organization: "org-test", project: "proj-test", headers: { "X-Team": "search" } }))
    )
  )

  it.effect("passes fields the schema does not know through unchanged", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(Testing.Fixtures.chatCompletion()))
      yield* Chat.create({ ...params, brand_new_parameter: { level: 3 } })
      const request = yield* Testing.lastRequest
      expect(request.body.brand_new_parameter).toEqual({ level: 3 })
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("decodes a response with an unknown field and an unknown enum value", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(
          Testing.Fixtures.chatCompletion({
            service_tier: "scale",
            brand_new_field: [1, 2, 3],
            choices: [{ finish_reason: "brand_new_reason", message: { role: "assistant", refusal: null } }]
          })
        )
      )
      const completion = yield* Chat.create(params)
      expect(completion.choices[0]?.finish_reason).toBe("brand_new_reason")
      expect(completion.object).toBe("chat.completion")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("rejects bad input before any byte is sent, naming the field", () =>
    Effect.gen(function* () {
      const error = yield* Chat.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "ok" }, { role: "wizard", content: "bad" } as never]
      }).pipe(Effect.flip)
      expect(error._tag).toBe("InvalidRequestError")
      if (error._tag !== "InvalidRequestError") return
      expect(error.field).toMatch(/^messages\[1\]/)
      expect(error.message).toContain("messages[1]")
      expect(error.operation).toBe("createChatCompletion")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("enforces the spec's limits before sending: temperature ≤ 2, n ≥ 1", () =>
    Effect.gen(function* () {
      const hot = yield* Chat.create({ ...params, temperature: 5 }).pipe(Effect.flip)
      expect(hot._tag === "InvalidRequestError" && hot.field).toBe("temperature")
      const none = yield* Chat.create({ ...params, n: 0 }).pipe(Effect.flip)
      expect(none._tag === "InvalidRequestError" && none.field).toBe("n")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("rejects a missing required field, naming it", () =>
    Effect.gen(function* () {
      const error = yield* Chat.create({ model: "gpt-4o-mini" } as never).pipe(Effect.flip)
      expect(error._tag).toBe("InvalidRequestError")
      if (error._tag === "InvalidRequestError") expect(error.field).toBe("messages")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(Testing.layer()))
  )
})

describe("Chat.stream", () => {
  it.effect("streams chunks until [DONE], sending stream: true", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.sse(Testing.Fixtures.chatCompletionChunks("one two three")))
      const chunks = yield* Stream.runCollect(Chat.stream(params))
      const text = Chunk.toReadonlyArray(chunks)
        .map((c) => c.choices[0]?.delta.content ?? "")
        .join("")
      expect(text).toBe("one two three")
      expect(Chunk.last(chunks).pipe((o) => o._tag === "Some" && o.value.choices[0]?.finish_reason)).toBe("stop")
      const request = yield* Testing.lastRequest
      expect(request.body.stream).toBe(true)
      expect(request.headers.accept).toBe("text/event-stream")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("honours stream_options.include_usage: a last chunk with usage and no choices", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.sse(Testing.Fixtures.chatCompletionChunks("a b", { includeUsage: true })))
      const chunks = Chunk.toReadonlyArray(
        yield* Stream.runCollect(Chat.stream({ ...params, stream_options: { include_usage: true } }))
      )
      const last = chunks[chunks.length - 1]!
      expect(last.choices).toEqual([])
      expect(last.usage).toEqual({ prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 })
      expect(chunks[0]?.usage).toBeNull()
      const request = yield* Testing.lastRequest
      expect(request.body.stream_options).toEqual({ include_usage: true })
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("fails with StreamError when the API sends an error event mid-stream", () =>
    Effect.gen(function* () {
      const chunks = Testing.Fixtures.chatCompletionChunks("partial answer")
      yield* Testing.enqueue(
        Testing.sse([...chunks.slice(0, 2), { error: { message: "The server had an error", type: "server_error" } }])
      )
      const error = yield* Stream.runCollect(Chat.stream(params)).pipe(Effect.flip)
      expect(error._tag).toBe("StreamError")
      if (error._tag !== "StreamError") return
      expect(error.reason).toBe("error-event")
      expect(error.type).toBe("server_error")
      expect(error.message).toContain("The server had an error")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("fails with StreamError when the connection closes before [DONE]", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.sse(Testing.Fixtures.chatCompletionChunks("cut short"), { end: "close" }))
      const received: Array<unknown> = []
      const error = yield* Chat.stream(params).pipe(
        Stream.runForEach((c) => Effect.sync(() => received.push(c))),
        Effect.flip
      )
      expect(error._tag).toBe("StreamError")
      if (error._tag === "StreamError") expect(error.reason).toBe("truncated")
      expect(received.length).toBe(4) // nothing received is lost
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("an unknown delta field and finish reason pass through", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.sse([
          Testing.Fixtures.chatCompletionChunk({
            choices: [{ delta: { content: "x", reasoning: "hmm" }, finish_reason: "new_reason" }],
            new_top_level: true
          })
        ])
      )
      const chunks = Chunk.toReadonlyArray(yield* Stream.runCollect(Chat.stream(params)))
      expect(chunks[0]?.choices[0]?.finish_reason).toBe("new_reason")
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("interrupting the stream cancels the response body", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.sse(Testing.Fixtures.chatCompletionChunks("never ending"), { end: "hang" }))
      const fiber = yield* Chat.stream(params).pipe(Stream.runDrain, Effect.fork)
      yield* eventually(
        Effect.map(Testing.requests, (r) => r.length === 1),
        "the request"
      )
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 10)))
      yield* Fiber.interrupt(fiber)
      const request = yield* Testing.lastRequest
      expect(request.aborted).toBe(true)
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("taking the first chunks and stopping cancels the body", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.sse(Testing.Fixtures.chatCompletionChunks("a b c d e f"), { end: "hang" }))
      const first = yield* Chat.stream(params).pipe(Stream.take(2), Stream.runCollect)
      expect(Chunk.size(first)).toBe(2)
      expect((yield* Testing.lastRequest).aborted).toBe(true)
    }).pipe(Effect.provide(Testing.layer()))
  )

  it.effect("an idle stream fails with TimeoutError after streamIdleTimeout", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.sse(Testing.Fixtures.chatCompletionChunks("slow"), { end: "hang" }))
      const received: Array<unknown> = []
      const fiber = yield* Chat.stream(params).pipe(
        Stream.runForEach((c) => Effect.sync(() => received.push(c))),
        OpenAiConfig.override({ streamIdleTimeout: "20 seconds" }),
        Effect.flip,
        Effect.fork
      )
      yield* eventually(
        Effect.sync(() => received.length === 3),
        "three chunks"
      )
      yield* waitForSleeps(1)
      yield* TestClock.adjust("19 seconds")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 second")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("TimeoutError")
      if (error._tag === "TimeoutError") expect(error.kind).toBe("idle")
      expect((yield* Testing.lastRequest).aborted).toBe(true)
    }).pipe(Effect.provide(Testing.layer()))
  )
})
