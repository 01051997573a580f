import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as Completions from "@effect-openai/core/Completions"
import { Chunk, Effect, Layer, Stream } from "effect"

const TestLayer = Completions.layer.pipe(Layer.provideMerge(Testing.layer()))

const completion = {
  id: "cmpl-test",
  object: "text_completion",
  created: 1_700_000_000,
  model: "gpt-3.5-turbo-instruct",
  system_fingerprint: "fp_test",
  choices: [{ text: "\n\nThis is indeed a test", index: 0, logprobs: null, finish_reason: "length" }],
  usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 }
}

const chunk = (text: string, finishReason: string | null = null) => ({
  id: "cmpl-test",
  object: "text_completion",
  created: 1_700_000_000,
  model: "gpt-3.5-turbo-instruct",
  choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }]
})

describe("Completions", () => {
  it.effect("create: POST /completions with the JSON body, no stream flag", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(completion))
      const result = yield* Completions.create({
        model: "gpt-3.5-turbo-instruct",
        prompt: "Say this is a test",
        max_tokens: 7,
        temperature: 0,
        stream: true,
        brand_new_parameter: 1
      })
      expect(result.choices[0]?.text).toBe("\n\nThis is indeed a test")
      expect(result.usage?.total_tokens).toBe(12)
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.url}`).toBe("POST https://api.openai.test/v1/completions")
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.headers.accept).toBe("application/json")
      expect(request.body).toEqual({
        model: "gpt-3.5-turbo-instruct",
        prompt: "Say this is a test",
        max_tokens: 7,
        temperature: 0,
        brand_new_parameter: 1
      })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("stream: sends stream and stream_options, decodes chunks until [DONE], usage chunk last", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.sse([
          { ...chunk("1,"), usage: null },
          { ...chunk(" 2,"), usage: null },
          { ...chunk(" 3", "stop"), usage: null },
          { ...chunk(""), choices: [], usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 } }
        ])
      )
      const chunks = Chunk.toReadonlyArray(
        yield* Stream.runCollect(
          Completions.stream({
            model: "gpt-3.5-turbo-instruct",
            prompt: "Count to 3:",
            stream_options: { include_usage: true }
          })
        )
      )
      expect(chunks.map((c) => c.choices[0]?.text ?? "").join("")).toBe("1, 2, 3")
      expect(chunks.map((c) => c.choices[0]?.finish_reason)).toEqual([null, null, "stop", undefined])
      expect(chunks[3]?.usage?.total_tokens).toBe(7)
      const request = yield* Testing.lastRequest
      expect(request.headers.accept).toBe("text/event-stream")
      expect(request.body).toEqual({
        model: "gpt-3.5-turbo-instruct",
        prompt: "Count to 3:",
        stream: true,
        stream_options: { include_usage: true }
      })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("stream: a connection closed before [DONE] fails with StreamError", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.sse([chunk("partial")], { end: "close" }))
      const error = yield* Completions.stream({ model: "gpt-3.5-turbo-instruct", prompt: "Hi" }).pipe(
        Stream.runDrain,
        Effect.flip
      )
      expect(error._tag).toBe("StreamError")
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("rejects bad input before sending, naming the field", () =>
    Effect.gen(function* () {
      const noPrompt = yield* Effect.flip(Completions.create({ model: "gpt-3.5-turbo-instruct" } as never))
      expect(noPrompt._tag === "InvalidRequestError" && noPrompt.field).toBe("prompt")
      const badTokens = yield* Effect.flip(
        Completions.stream({ model: "davinci-002", prompt: "x", max_tokens: "many" as never }).pipe(Stream.runDrain)
      )
      expect(badTokens._tag === "InvalidRequestError" && badTokens.field).toBe("max_tokens")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLayer))
  )
})
