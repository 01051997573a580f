import { describe, expect, it } from "@effect/vitest"
import * as MockServer from "@effect-openai/mock-server"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { Agent, FormData, fetch, type RequestInit, type Response } from "undici"

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

const AUTH = { authorization: "Bearer sk-test-123", "content-type": "application/json" }

/** A private undici pool per test, destroyed with the test's scope, so sockets never leak between tests. */
const agent = Effect.acquireRelease(
  Effect.sync(() => new Agent({ keepAliveTimeout: 1_000 })),
  (a) => Effect.promise(() => a.destroy())
)

const setup = (options?: MockServer.MockServerOptions) =>
  Effect.gen(function* () {
    const server = yield* MockServer.make(options)
    const dispatcher = yield* agent
    const call = (path: string, init: RequestInit = {}) =>
      Effect.promise(() => fetch(`${server.url}${path}`, { ...init, dispatcher }))
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      call(path, { method: "POST", headers: { ...AUTH, ...headers }, body: JSON.stringify(body) })
    const get = (path: string, headers: Record<string, string> = {}) => call(path, { headers: { ...AUTH, ...headers } })
    return { server, dispatcher, call, post, get }
  })

const json = (res: Response) => Effect.promise(() => res.json() as Promise<any>)
const text = (res: Response) => Effect.promise(() => res.text())

/** Splits an SSE body into its `data:` payloads. */
const sseData = (body: string): Array<string> =>
  body
    .split("\n\n")
    .filter((event) => event.length > 0)
    .map((event) => {
      expect(event.startsWith("data: ")).toBe(true)
      return event.slice("data: ".length)
    })

const chunksOf = (body: string): { chunks: Array<any>; done: boolean } => {
  const data = sseData(body)
  const done = data[data.length - 1] === "[DONE]"
  return { chunks: data.filter((d) => d !== "[DONE]").map((d) => JSON.parse(d)), done }
}

const chatBody = (content: string, extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "You are terse." },
    { role: "user", content }
  ],
  ...extra
})

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather",
    parameters: {
      type: "object",
      properties: { location: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["location", "unit"]
    }
  }
}

/** Reads from a body until at least one complete SSE event arrived (bounded by the reader's own events). */
const readFirstEvent = (reader: ReadableStreamDefaultReader<Uint8Array>) =>
  Effect.promise(async () => {
    const decoder = new TextDecoder()
    let seen = ""
    for (let i = 0; i < 1000 && !seen.includes("\n\n"); i++) {
      const { value, done } = await reader.read()
      if (done) break
      seen += decoder.decode(value, { stream: true })
    }
    return seen
  })

// ---------------------------------------------------------------------------
// routes
// ---------------------------------------------------------------------------

describe("MockServer routes", () => {
  it.scoped("serves on 127.0.0.1 with a /v1 base URL", () =>
    Effect.gen(function* () {
      const { server } = yield* setup()
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(server.baseUrl).toBe(`${server.url}/v1`)
    })
  )

  it.scoped("GET /v1/models lists the fixed models, with the OpenAI response headers", () =>
    Effect.gen(function* () {
      const { get } = yield* setup()
      const res = yield* get("/v1/models")
      expect(res.status).toBe(200)
      expect(res.headers.get("content-type")).toBe("application/json")
      expect(res.headers.get("x-request-id")).toBe("req_1")
      expect(res.headers.get("openai-organization")).toBe("mock-org")
      expect(res.headers.get("openai-version")).toBe("2020-10-01")
      expect(res.headers.get("openai-model")).not.toBeNull()
      expect(Number(res.headers.get("openai-processing-ms"))).toBeGreaterThanOrEqual(0)
      expect(res.headers.get("x-ratelimit-limit-requests")).toBe("10000")
      expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("9999")
      expect(res.headers.get("x-ratelimit-limit-tokens")).toBe("30000000")
      expect(res.headers.get("x-ratelimit-remaining-tokens")).toMatch(/^\d+$/)
      expect(res.headers.get("x-ratelimit-reset-requests")).toMatch(/^[\d.]+(ms|s)$|m/)
      expect(res.headers.get("x-ratelimit-reset-tokens")).toMatch(/(ms|s)$/)
      const body = yield* json(res)
      expect(body.object).toBe("list")
      expect(body.data.map((m: any) => m.id)).toEqual(MockServer.modelIds)
      expect(body.data[0]).toEqual({ id: "gpt-4o", object: "model", created: expect.any(Number), owned_by: "system" })
      const second = yield* get("/v1/models")
      expect(second.headers.get("x-request-id")).toBe("req_2")
      yield* text(second)
    })
  )

  it.scoped("GET /v1/models/{model} finds a model, including a fine-tuned id, and 404s an unknown one", () =>
    Effect.gen(function* () {
      const { get } = yield* setup()
      const found = yield* get("/v1/models/gpt-4o")
      expect(found.status).toBe(200)
      expect(found.headers.get("openai-model")).toBe("gpt-4o")
      expect((yield* json(found)).id).toBe("gpt-4o")
      const ft = yield* get(`/v1/models/${encodeURIComponent("ft:gpt-3.5-turbo:mock-org::abc123")}`)
      expect((yield* json(ft)).owned_by).toBe("mock-org")
      const raw = yield* get("/v1/models/ft:gpt-3.5-turbo:mock-org::abc123")
      expect((yield* json(raw)).id).toBe("ft:gpt-3.5-turbo:mock-org::abc123")
      const missing = yield* get("/v1/models/gpt-9")
      expect(missing.status).toBe(404)
      expect(yield* json(missing)).toEqual({
        error: {
          message: expect.stringContaining("gpt-9"),
          type: "invalid_request_error",
          param: null,
          code: "model_not_found"
        }
      })
    })
  )

  it.scoped("DELETE /v1/models/{model} deletes ft: models only", () =>
    Effect.gen(function* () {
      const { call } = yield* setup()
      const ok = yield* call("/v1/models/ft:gpt-3.5-turbo:mock-org::abc123", { method: "DELETE", headers: AUTH })
      expect(ok.status).toBe(200)
      expect(yield* json(ok)).toEqual({ id: "ft:gpt-3.5-turbo:mock-org::abc123", object: "model", deleted: true })
      const base = yield* call("/v1/models/gpt-4o", { method: "DELETE", headers: AUTH })
      expect(base.status).toBe(404)
      expect((yield* json(base)).error.code).toBe("model_not_found")
    })
  )

  it.scoped("POST /v1/chat/completions echoes the last user message and honours n", () =>
    Effect.gen(function* () {
      const { post, server } = yield* setup()
      const res = yield* post("/v1/chat/completions", chatBody("Say hello", { n: 2 }))
      expect(res.status).toBe(200)
      expect(res.headers.get("openai-model")).toBe("gpt-4o-mini")
      const body = yield* json(res)
      expect(body).toMatchObject({
        id: expect.stringMatching(/^chatcmpl-/),
        object: "chat.completion",
        created: expect.any(Number),
        model: "gpt-4o-mini",
        system_fingerprint: expect.any(String)
      })
      expect(body.choices).toHaveLength(2)
      expect(body.choices[1]).toEqual({
        index: 1,
        message: { role: "assistant", content: "Echo: Say hello", refusal: null },
        logprobs: null,
        finish_reason: "stop"
      })
      expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens)
      const [recorded] = server.requests()
      expect(recorded?.method).toBe("POST")
      expect(recorded?.path).toBe("/v1/chat/completions")
      expect(recorded?.headers["authorization"]).toBe("Bearer <redacted>")
      expect(JSON.stringify(recorded)).not.toContain("sk-test-123")
      expect(recorded?.body).toEqual(chatBody("Say hello", { n: 2 }))
    })
  )

  it.scoped("a default chat body is realistic (~1 KB) and x-mock-content-bytes sizes the content", () =>
    Effect.gen(function* () {
      const { post } = yield* setup()
      const small = yield* text(yield* post("/v1/chat/completions", chatBody("hi")))
      expect(small.length).toBeGreaterThan(500)
      expect(small.length).toBeLessThan(1500)
      const big = yield* json(yield* post("/v1/chat/completions", chatBody("hi"), { "x-mock-content-bytes": "100000" }))
      expect(big.choices[0].message.content).toHaveLength(100000)
    })
  )

  it.scoped("chat validation names the bad field", () =>
    Effect.gen(function* () {
      const { post } = yield* setup()
      const noModel = yield* post("/v1/chat/completions", { messages: [{ role: "user", content: "x" }] })
      expect(noModel.status).toBe(400)
      expect((yield* json(noModel)).error).toMatchObject({ type: "invalid_request_error", param: "model" })
      const badModel = yield* post("/v1/chat/completions", { model: 4, messages: [{ role: "user", content: "x" }] })
      expect((yield* json(badModel)).error.param).toBe("model")
      const empty = yield* post("/v1/chat/completions", { model: "gpt-4o", messages: [] })
      expect(empty.status).toBe(400)
      expect((yield* json(empty)).error.param).toBe("messages")
      const notArray = yield* post("/v1/chat/completions", { model: "gpt-4o", messages: "hi" })
      expect((yield* json(notArray)).error.param).toBe("messages")
    })
  )

  it.scoped("chat with tools answers with one call to the first function tool", () =>
    Effect.gen(function* () {
      const { post } = yield* setup()
      const body = yield* json(
        yield* post("/v1/chat/completions", chatBody("Weather in Paris?", { tools: [weatherTool] }))
      )
      const choice = body.choices[0]
      expect(choice.finish_reason).toBe("tool_calls")
      expect(choice.message.content).toBeNull()
      expect(choice.message.tool_calls).toHaveLength(1)
      const call = choice.message.tool_calls[0]
      expect(call).toMatchObject({ id: expect.stringMatching(/^call_/), type: "function" })
      expect(call.function.name).toBe("get_weather")
      expect(JSON.parse(call.function.arguments)).toEqual({ location: "Weather in Paris?", unit: "celsius" })
      // after the tool answered, the reply is text again
      const followUp = yield* json(
        yield* post("/v1/chat/completions", {
          model: "gpt-4o",
          tools: [weatherTool],
          messages: [
            { role: "user", content: "Weather in Paris?" },
            { role: "assistant", content: null, tool_calls: [call] },
            { role: "tool", tool_call_id: call.id, content: "22C and sunny" }
          ]
        })
      )
      expect(followUp.choices[0].finish_reason).toBe("stop")
      expect(followUp.choices[0].message.content).toBe("Echo: 22C and sunny")
    })
  )

  it.scoped("chat streams a role chunk, several content deltas, a finish chunk and [DONE]", () =>
    Effect.gen(function* () {
      const { post, server } = yield* setup()
      const res = yield* post("/v1/chat/completions", chatBody("Stream me a short answer please", { stream: true }))
      expect(res.status).toBe(200)
      expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/)
      expect(res.headers.get("x-request-id")).toMatch(/^req_/)
      const { chunks, done } = chunksOf(yield* text(res))
      expect(done).toBe(true)
      expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0].id)).toBe(true)
      expect(chunks.every((c) => !("usage" in c))).toBe(true)
      expect(chunks[0].choices[0].delta.role).toBe("assistant")
      const content = chunks.slice(1, -1).map((c) => c.choices[0].delta.content)
      expect(content.length).toBeGreaterThan(3)
      expect(content.join("")).toBe("Echo: Stream me a short answer please")
      expect(chunks[chunks.length - 1].choices[0]).toEqual({
        index: 0,
        delta: {},
        logprobs: null,
        finish_reason: "stop"
      })
      expect(server.activeStreams()).toBe(0)
    })
  )

  it.scoped("stream_options.include_usage adds usage: null to each chunk and a final usage chunk", () =>
    Effect.gen(function* () {
      const { post } = yield* setup()
      const res = yield* post(
        "/v1/chat/completions",
        chatBody("count tokens", { stream: true, stream_options: { include_usage: true } })
      )
      const { chunks, done } = chunksOf(yield* text(res))
      expect(done).toBe(true)
      const last = chunks[chunks.length - 1]
      expect(last.choices).toEqual([])
      expect(last.usage).toMatchObject({
        prompt_tokens: expect.any(Number),
        completion_tokens: expect.any(Number),
        total_tokens: expect.any(Number)
      })
      expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true)
    })
  )

  it.scoped("tool calls stream as delta.tool_calls with the arguments split over several deltas", () =>
    Effect.gen(function* () {
      const { post } = yield* setup()
      const res = yield* post(
        "/v1/chat/completions",
        chatBody("Weather in Oslo?", { stream: true, tools: [weatherTool] })
      )
      const { chunks } = chunksOf(yield* text(res))
      const first = chunks[0].choices[0].delta.tool_calls[0]
      expect(first).toMatchObject({ index: 0, id: expect.stringMatching(/^call_/), type: "function" })
      expect(first.function.name).toBe("get_weather")
      const argDeltas = chunks
        .slice(1)
        .flatMap((c) => c.choices[0].delta.tool_calls ?? [])
        .map((t: any) => {
          expect(t.index).toBe(0)
          expect(t.id).toBeUndefined()
          return t.function.arguments as string
        })
      expect(argDeltas.length).toBeGreaterThan(1)
      expect(JSON.parse(first.function.arguments + argDeltas.join(""))).toEqual({
        location: "Weather in Oslo?",
        unit: "celsius"
      })
      expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe("tool_calls")
    })
  )

  it.scoped(
    "x-mock-stream-chunks makes N content chunks of about 300 bytes; x-mock-batch-bytes does not change them",
    () =>
      Effect.gen(function* () {
        const { post } = yield* setup()
        const req = chatBody("bench", { stream: true, stream_options: { include_usage: true } })
        const big = yield* text(yield* post("/v1/chat/completions", req, { "x-mock-stream-chunks": "2000" }))
        const events = sseData(big)
        // role + 2000 content + finish + usage + [DONE]
        expect(events).toHaveLength(2004)
        const contentEvents = events.slice(1, 2001)
        for (const e of contentEvents) expect(Math.abs(e.length + 8 - 300)).toBeLessThanOrEqual(8)
        const small = yield* text(
          yield* post("/v1/chat/completions", req, { "x-mock-stream-chunks": "2000", "x-mock-batch-bytes": "1000" })
        )
        const strip = (s: string) => s.replace(/chatcmpl-mock\d+/g, "ID").replace(/"created":\d+/g, "")
        expect(strip(small)).toBe(strip(big))
      })
  )

  it.scoped("POST /v1/embeddings returns deterministic unit vectors; base64 decodes to the same floats", () =>
    Effect.gen(function* () {
      const { post } = yield* setup()
      const floatBody = yield* json(
        yield* post("/v1/embeddings", { model: "text-embedding-3-small", input: ["hello", "world"] })
      )
      expect(floatBody).toMatchObject({
        object: "list",
        model: "text-embedding-3-small",
        usage: { prompt_tokens: expect.any(Number), total_tokens: expect.any(Number) }
      })
      expect(floatBody.data).toHaveLength(2)
      const [hello, world] = floatBody.data
      expect(hello).toMatchObject({ object: "embedding", index: 0 })
      expect(hello.embedding).toHaveLength(1536)
      const norm = Math.sqrt(hello.embedding.reduce((s: number, x: number) => s + x * x, 0))
      expect(norm).toBeCloseTo(1, 4)
      expect(world.embedding).not.toEqual(hello.embedding)

      const again = yield* json(yield* post("/v1/embeddings", { model: "text-embedding-3-small", input: "hello" }))
      expect(again.data[0].embedding).toEqual(hello.embedding)

      const b64 = yield* json(
        yield* post("/v1/embeddings", { model: "text-embedding-3-small", input: "hello", encoding_format: "base64" })
      )
      expect(typeof b64.data[0].embedding).toBe("string")
      const bytes = Buffer.from(b64.data[0].embedding, "base64")
      const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4))
      expect(decoded).toEqual(hello.embedding)

      const small = yield* json(
        yield* post("/v1/embeddings", { model: "text-embedding-3-small", input: [[1, 2, 3], [4]], dimensions: 8 })
      )
      expect(small.data.map((d: any) => d.embedding.length)).toEqual([8, 8])
      expect(small.usage.prompt_tokens).toBe(4)
      const tokens = yield* json(yield* post("/v1/embeddings", { model: "m", input: [1, 2, 3], dimensions: 8 }))
      expect(tokens.data[0].embedding).toEqual(small.data[0].embedding)
    })
  )

  it.scoped("embeddings validation names the bad field", () =>
    Effect.gen(function* () {
      const { post } = yield* setup()
      for (const input of [undefined, "", [], [{}], 42, [1.5]]) {
        const res = yield* post("/v1/embeddings", { model: "text-embedding-3-small", input })
        expect(res.status).toBe(400)
        expect((yield* json(res)).error.param).toBe("input")
      }
      const noModel = yield* post("/v1/embeddings", { input: "x" })
      expect(noModel.status).toBe(400)
      expect((yield* json(noModel)).error.param).toBe("model")
      const badFormat = yield* post("/v1/embeddings", { model: "m", input: "x", encoding_format: "hex" })
      expect((yield* json(badFormat)).error.param).toBe("encoding_format")
    })
  )

  it.scoped("Azure routes need api-version, take an api-key header and use the deployment as the model", () =>
    Effect.gen(function* () {
      const { call } = yield* setup()
      const azure = { "api-key": "azure-key", "content-type": "application/json" }
      const body = JSON.stringify({ messages: [{ role: "user", content: "hi" }] })
      const missing = yield* call("/openai/deployments/my-gpt4o/chat/completions", {
        method: "POST",
        headers: azure,
        body
      })
      expect(missing.status).toBe(400)
      expect((yield* json(missing)).error.param).toBe("api-version")
      const ok = yield* call("/openai/deployments/my-gpt4o/chat/completions?api-version=2024-06-01", {
        method: "POST",
        headers: azure,
        body
      })
      expect(ok.status).toBe(200)
      expect(ok.headers.get("openai-model")).toBe("my-gpt4o")
      const completion = yield* json(ok)
      expect(completion.model).toBe("my-gpt4o")
      expect(completion.choices[0].message.content).toBe("Echo: hi")
      const emb = yield* call("/openai/deployments/emb-small/embeddings?api-version=2024-06-01", {
        method: "POST",
        headers: azure,
        body: JSON.stringify({ input: "hi", dimensions: 4 })
      })
      expect((yield* json(emb)).model).toBe("emb-small")
      const models = yield* call("/openai/models?api-version=2024-06-01", { headers: azure })
      expect((yield* json(models)).object).toBe("list")
    })
  )

  it.scoped("requires an API key: 401 invalid_api_key without one", () =>
    Effect.gen(function* () {
      const { call, server } = yield* setup()
      for (const headers of [{}, { authorization: "Bearer " }, { authorization: "Basic abc" }, { "api-key": "" }]) {
        const res = yield* call("/v1/models", { headers })
        expect(res.status).toBe(401)
        expect(res.headers.get("x-request-id")).toMatch(/^req_/)
        expect(yield* json(res)).toEqual({
          error: { message: expect.any(String), type: "invalid_request_error", param: null, code: "invalid_api_key" }
        })
      }
      const viaApiKey = yield* call("/v1/models", { headers: { "api-key": "k" } })
      expect(viaApiKey.status).toBe(200)
      yield* text(viaApiKey)
      expect(server.requests().at(-1)?.headers["api-key"]).toBe("<redacted>")
    })
  )

  it.scoped("an unknown route is an OpenAI-shaped 404", () =>
    Effect.gen(function* () {
      const { get, post } = yield* setup()
      const res = yield* get("/v1/nope?x=1")
      expect(res.status).toBe(404)
      expect((yield* json(res)).error).toMatchObject({
        type: "invalid_request_error",
        message: "Invalid URL (GET /v1/nope)"
      })
      const wrongMethod = yield* post("/v1/models", {})
      expect(wrongMethod.status).toBe(404)
      yield* text(wrongMethod)
    })
  )

  it.scoped("enforced rate limits answer 429 with retry-after once the window's budget is spent", () =>
    Effect.gen(function* () {
      const { get } = yield* setup({ rateLimit: { requests: 2, windowMs: 60_000 } })
      const first = yield* get("/v1/models")
      expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("1")
      yield* text(first)
      const second = yield* get("/v1/models")
      expect(second.headers.get("x-ratelimit-remaining-requests")).toBe("0")
      expect(second.headers.get("x-ratelimit-reset-requests")).toMatch(/^(\d+m)?[\d.]+s$/)
      yield* text(second)
      const third = yield* get("/v1/models")
      expect(third.status).toBe(429)
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0)
      expect(Number(third.headers.get("retry-after-ms"))).toBeGreaterThan(0)
      expect((yield* json(third)).error).toMatchObject({ type: "requests", code: "rate_limit_exceeded" })
    })
  )
})

// ---------------------------------------------------------------------------
// faults
// ---------------------------------------------------------------------------

describe("MockServer faults", () => {
  it.scoped("status=<code> answers an OpenAI-shaped error with echoed retry headers", () =>
    Effect.gen(function* () {
      const { get } = yield* setup()
      const res = yield* get("/v1/models", {
        "x-mock-fault": "status=503",
        "x-mock-retry-after": "2",
        "x-mock-retry-after-ms": "1500",
        "x-mock-should-retry": "true"
      })
      expect(res.status).toBe(503)
      expect(res.headers.get("retry-after")).toBe("2")
      expect(res.headers.get("retry-after-ms")).toBe("1500")
      expect(res.headers.get("x-should-retry")).toBe("true")
      expect(res.headers.get("x-request-id")).toMatch(/^req_/)
      expect(res.headers.get("x-ratelimit-remaining-requests")).not.toBeNull()
      expect((yield* json(res)).error).toMatchObject({ type: "server_error", param: null, code: null })

      const expected: Record<number, { type: string; code: string | null }> = {
        400: { type: "invalid_request_error", code: null },
        401: { type: "invalid_request_error", code: "invalid_api_key" },
        404: { type: "invalid_request_error", code: null },
        409: { type: "invalid_request_error", code: "conflict" },
        422: { type: "invalid_request_error", code: null },
        429: { type: "requests", code: "rate_limit_exceeded" },
        500: { type: "server_error", code: null }
      }
      for (const [status, error] of Object.entries(expected)) {
        const r = yield* get("/v1/models", { "x-mock-fault": `status=${status}` })
        expect(r.status).toBe(Number(status))
        expect((yield* json(r)).error).toMatchObject(error)
      }
      const quota = yield* get("/v1/models", {
        "x-mock-fault": "status=429",
        "x-mock-error-code": "insufficient_quota"
      })
      expect(quota.status).toBe(429)
      expect((yield* json(quota)).error).toMatchObject({ type: "insufficient_quota", code: "insufficient_quota" })
    })
  )

  it.scoped("a bad x-mock-fault value is a 400", () =>
    Effect.gen(function* () {
      const { get } = yield* setup()
      const res = yield* get("/v1/models", { "x-mock-fault": "explode" })
      expect(res.status).toBe(400)
      expect((yield* json(res)).error.message).toContain("x-mock-fault")
    })
  )

  it.scoped("html=<code> answers an HTML page", () =>
    Effect.gen(function* () {
      const { post } = yield* setup()
      const res = yield* post("/v1/chat/completions", chatBody("x"), { "x-mock-fault": "html=502" })
      expect(res.status).toBe(502)
      expect(res.headers.get("content-type")).toBe("text/html")
      expect(yield* text(res)).toContain("<html>")
    })
  )

  it.scoped("drop destroys the socket without a response", () =>
    Effect.gen(function* () {
      const { server, dispatcher } = yield* setup()
      const result = yield* Effect.promise(() =>
        fetch(`${server.baseUrl}/models`, { headers: { ...AUTH, "x-mock-fault": "drop" }, dispatcher }).then(
          (r) => `status ${r.status}`,
          (e: unknown) => e
        )
      )
      expect(result).toBeInstanceOf(TypeError)
      yield* Effect.promise(() => server.waitForOpenConnections(0))
      expect(server.requests()).toHaveLength(1)
    })
  )

  it.scoped("slow-headers=<ms> delays the response, and stops waiting when the client goes away", () =>
    Effect.gen(function* () {
      const { server, get, dispatcher } = yield* setup()
      const start = Date.now()
      const res = yield* get("/v1/models", { "x-mock-fault": "slow-headers=200" })
      expect(res.status).toBe(200)
      expect(Date.now() - start).toBeGreaterThanOrEqual(190)
      yield* text(res)

      const controller = new AbortController()
      const pending = fetch(`${server.baseUrl}/models`, {
        headers: { ...AUTH, "x-mock-fault": "slow-headers=30000" },
        signal: controller.signal,
        dispatcher
      }).catch((e: unknown) => e)
      yield* Effect.promise(async () => {
        for (let i = 0; i < 200 && server.requests().length < 2; i++) await new Promise((r) => setTimeout(r, 5))
      })
      controller.abort()
      expect(yield* Effect.promise(() => pending)).toBeInstanceOf(Error)
      // the aborted request's socket is gone; the kept-alive one closes with the agent
      yield* Effect.promise(() => dispatcher.close())
      yield* Effect.promise(() => server.waitForOpenConnections(0))
    })
  )

  it.scoped("idle-stream=<ms> sends the first chunk, goes quiet, then finishes", () =>
    Effect.gen(function* () {
      const { post } = yield* setup()
      const res = yield* post("/v1/chat/completions", chatBody("idle please", { stream: true }), {
        "x-mock-fault": "idle-stream=300"
      })
      const reader = res.body!.getReader()
      const first = yield* readFirstEvent(reader)
      expect(first).toContain(`"role":"assistant"`)
      const after = Date.now()
      const rest = yield* Effect.promise(async () => {
        const decoder = new TextDecoder()
        let out = ""
        for (let i = 0; i < 10_000; i++) {
          const { value, done } = await reader.read()
          if (done) break
          out += decoder.decode(value, { stream: true })
        }
        return out
      })
      expect(Date.now() - after).toBeGreaterThanOrEqual(250)
      const { chunks, done } = chunksOf(first + rest)
      expect(done).toBe(true)
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Echo: idle please")
    })
  )

  it.scoped("x-mock-fault-times with x-mock-fault-key fails the first N requests only", () =>
    Effect.gen(function* () {
      const { get } = yield* setup()
      const fault = { "x-mock-fault": "status=500", "x-mock-fault-times": "2", "x-mock-fault-key": "retry-test" }
      const statuses: Array<number> = []
      for (let i = 0; i < 4; i++) {
        const res = yield* get("/v1/models", fault)
        statuses.push(res.status)
        yield* text(res)
      }
      expect(statuses).toEqual([500, 500, 200, 200])
      const other = yield* get("/v1/models", { ...fault, "x-mock-fault-key": "other" })
      expect(other.status).toBe(500)
      yield* text(other)
      // without times the fault applies every time
      for (let i = 0; i < 3; i++) {
        const res = yield* get("/v1/models", { "x-mock-fault": "status=500" })
        expect(res.status).toBe(500)
        yield* text(res)
      }
    })
  )
})

describe("MockServer body faults (any route)", () => {
  /** Reads a body to its end, or to the error that ended it. */
  const readAll = (res: Response) =>
    Effect.promise(async () => {
      const reader = res.body!.getReader()
      const decoder = new TextDecoder()
      let received = ""
      for (let i = 0; i < 100_000; i++) {
        const step = await reader.read().then(
          (r) => r,
          (error: unknown) => ({ error })
        )
        if ("error" in step) return { received, error: step.error }
        if (step.done) return { received, error: undefined }
        received += decoder.decode(step.value, { stream: true })
      }
      throw new Error("body did not end")
    })

  const upload = (dispatcher: Agent, baseUrl: string, fault: string) => {
    const form = new FormData()
    form.append("purpose", "batch")
    form.append("file", new Blob(['{"custom_id":"1"}\n']), "requests.jsonl")
    return Effect.promise(() =>
      fetch(`${baseUrl}/files`, {
        method: "POST",
        headers: { authorization: AUTH.authorization, "x-mock-fault": fault },
        body: form,
        dispatcher
      })
    )
  }

  it.scoped("reset-mid-body sends half of a JSON body, then destroys the socket", () =>
    Effect.gen(function* () {
      const { server, get, dispatcher } = yield* setup()
      const full = yield* text(yield* get("/v1/models"))
      const res = yield* get("/v1/models", { "x-mock-fault": "reset-mid-body" })
      expect(res.status).toBe(200)
      expect(res.headers.get("content-length")).toBe(String(full.length))
      const { received, error } = yield* readAll(res)
      expect(error).toBeInstanceOf(Error)
      expect(received).toBe(full.slice(0, Math.floor(full.length / 2)))
      expect(server.requests()[1]?.response?.status).toBe(200)
      yield* Effect.promise(() => dispatcher.close())
      yield* Effect.promise(() => server.waitForOpenConnections(0))
    })
  )

  it.scoped("reset-mid-stream sends the first event and half of the next write, then destroys the socket", () =>
    Effect.gen(function* () {
      const { server, post } = yield* setup()
      const res = yield* post("/v1/chat/completions", chatBody("cut me please", { stream: true }), {
        "x-mock-fault": "reset-mid-stream"
      })
      expect(res.status).toBe(200)
      const { received, error } = yield* readAll(res)
      expect(error).toBeInstanceOf(Error)
      const events = received.split("\n\n")
      expect(events.length).toBeGreaterThanOrEqual(2)
      expect(events[0]).toContain(`"role":"assistant"`)
      expect(received).not.toContain("[DONE]")
      yield* Effect.promise(() => server.waitForOpenConnections(0))
      expect(server.activeStreams()).toBe(0)
    })
  )

  it.scoped("truncate-json ends a JSON body cleanly after half of it; on a stream, mid-event without [DONE]", () =>
    Effect.gen(function* () {
      const { get, post } = yield* setup()
      const full = yield* text(yield* get("/v1/models"))
      const res = yield* get("/v1/models", { "x-mock-fault": "truncate-json" })
      expect(res.status).toBe(200)
      const body = yield* text(res)
      expect(res.headers.get("content-length")).toBe(String(body.length))
      expect(body).toBe(full.slice(0, Math.floor(full.length / 2)))
      expect(() => JSON.parse(body)).toThrow()
      const sse = yield* readAll(
        yield* post("/v1/chat/completions", chatBody("truncate", { stream: true }), {
          "x-mock-fault": "truncate-json"
        })
      )
      expect(sse.error).toBeUndefined()
      expect(sse.received).toContain(`"role":"assistant"`)
      expect(sse.received).not.toContain("[DONE]")
      expect(sse.received.endsWith("\n\n")).toBe(false)
    })
  )

  it.scoped("empty-body keeps the status and content type; content-type=<type> replaces the type only", () =>
    Effect.gen(function* () {
      const { get, post } = yield* setup()
      const empty = yield* get("/v1/models", { "x-mock-fault": "empty-body" })
      expect(empty.status).toBe(200)
      expect(empty.headers.get("content-type")).toBe("application/json")
      expect(yield* text(empty)).toBe("")
      const emptyStream = yield* post("/v1/chat/completions", chatBody("x", { stream: true }), {
        "x-mock-fault": "empty-body"
      })
      expect(emptyStream.headers.get("content-type")).toContain("text/event-stream")
      expect(yield* text(emptyStream)).toBe("")
      const typed = yield* get("/v1/models", { "x-mock-fault": "content-type=text/plain; charset=utf-8" })
      expect(typed.headers.get("content-type")).toBe("text/plain; charset=utf-8")
      expect((yield* json(typed)).object).toBe("list")
    })
  )

  it.scoped("large-body=<bytes>: real chat content, real chunks, or a padding field on any JSON", () =>
    Effect.gen(function* () {
      const { get, post } = yield* setup()
      const chat = yield* json(
        yield* post("/v1/chat/completions", chatBody("big"), { "x-mock-fault": "large-body=200000" })
      )
      expect(chat.choices[0].message.content).toHaveLength(200_000)
      const stream = yield* text(
        yield* post("/v1/chat/completions", chatBody("big", { stream: true }), { "x-mock-fault": "large-body=200000" })
      )
      const { chunks, done } = chunksOf(stream)
      expect(done).toBe(true)
      expect(stream.length).toBeGreaterThanOrEqual(200_000)
      expect(chunks.length).toBeGreaterThan(600)
      const models = yield* get("/v1/models", { "x-mock-fault": "large-body=100000" })
      const modelsText = yield* text(models)
      expect(modelsText.length).toBe(100_000)
      expect(JSON.parse(modelsText).object).toBe("list")
      expect(JSON.parse(modelsText).x_mock_padding).toMatch(/^a+$/)
    })
  )

  it.scoped("body faults and status faults apply to uploads (/v1/files) too", () =>
    Effect.gen(function* () {
      const { server, dispatcher } = yield* setup()
      const large = yield* upload(dispatcher, server.baseUrl, "large-body=50000")
      const file = yield* json(large)
      expect(file.object).toBe("file")
      expect(file.x_mock_padding.length).toBeGreaterThan(40_000)
      const failed = yield* upload(dispatcher, server.baseUrl, "status=503")
      expect(failed.status).toBe(503)
      yield* text(failed)
      const truncated = yield* text(yield* upload(dispatcher, server.baseUrl, "truncate-json"))
      expect(truncated.startsWith("{")).toBe(true)
      expect(() => JSON.parse(truncated)).toThrow()
      const reset = yield* upload(dispatcher, server.baseUrl, "reset-mid-body")
      expect((yield* readAll(reset)).error).toBeInstanceOf(Error)
      expect(server.requests().map((r) => [r.path, r.response?.status])).toEqual([
        ["/v1/files", 200],
        ["/v1/files", 503],
        ["/v1/files", 200],
        ["/v1/files", 200]
      ])
    })
  )

  it.scoped("recorded requests carry receivedAt and the response (none for a dropped socket)", () =>
    Effect.gen(function* () {
      const { server, get } = yield* setup({ rateLimit: { requests: 1, windowMs: 60_000 } })
      const before = Date.now()
      yield* text(yield* get("/v1/models"))
      yield* text(yield* get("/v1/models"))
      yield* Effect.promise(() =>
        get("/v1/models", { "x-mock-fault": "drop" })
          .pipe(Effect.runPromise)
          .catch(() => {})
      )
      const [ok, limited, dropped] = server.requests()
      expect(ok?.receivedAt).toBeGreaterThanOrEqual(before - 1)
      expect(ok?.response?.status).toBe(200)
      expect(limited?.response?.status).toBe(429)
      expect(Number(limited?.response?.headers["retry-after-ms"])).toBeGreaterThan(0)
      expect(limited?.response?.headers["x-ratelimit-remaining-requests"]).toBe("0")
      expect(dropped?.response).toBeUndefined()
    })
  )

  it.scoped(
    "idle-stream on a JSON body sends half, pauses, then the rest; on another SSE route, after the first event",
    () =>
      Effect.gen(function* () {
        const { get, post } = yield* setup()
        const res = yield* get("/v1/models", { "x-mock-fault": "idle-stream=50" })
        expect(JSON.parse(yield* text(res)).object).toBe("list")
        const completions = yield* text(
          yield* post(
            "/v1/completions",
            { model: "gpt-3.5-turbo-instruct", prompt: "idle", stream: true },
            { "x-mock-fault": "idle-stream=50" }
          )
        )
        expect(completions.endsWith("data: [DONE]\n\n")).toBe(true)
      })
  )

  it.scoped("large-body on another SSE route prepends comment lines an SSE reader skips", () =>
    Effect.gen(function* () {
      const { post } = yield* setup()
      const body = yield* text(
        yield* post(
          "/v1/completions",
          { model: "gpt-3.5-turbo-instruct", prompt: "big", stream: true },
          { "x-mock-fault": "large-body=200000" }
        )
      )
      expect(body.length).toBeGreaterThanOrEqual(200_000)
      expect(body.startsWith(":")).toBe(true)
      const events = body
        .split("\n")
        .filter((line) => !line.startsWith(":"))
        .join("\n")
      expect(chunksOf(events.replace(/^\n+/, "")).done).toBe(true)
    })
  )

  it.scoped("bad body-fault values are 400s", () =>
    Effect.gen(function* () {
      const { get } = yield* setup()
      for (const value of ["large-body=abc", "large-body=999999999999", "reset-mid-body=3", "content-type="]) {
        const res = yield* get("/v1/models", { "x-mock-fault": value })
        expect(res.status).toBe(400)
        expect((yield* json(res)).error.code).toBe("invalid_mock_fault")
      }
    })
  )
})

// ---------------------------------------------------------------------------
// resources
// ---------------------------------------------------------------------------

describe("MockServer resources", () => {
  it.scoped("a client abort mid-stream stops the stream and closes the socket", () =>
    Effect.gen(function* () {
      const { server, dispatcher } = yield* setup()
      const controller = new AbortController()
      const res = yield* Effect.promise(() =>
        fetch(`${server.baseUrl}/chat/completions`, {
          method: "POST",
          headers: { ...AUTH, "x-mock-stream-chunks": "5000000", "x-mock-batch-bytes": "4096" },
          body: JSON.stringify(chatBody("long", { stream: true })),
          signal: controller.signal,
          dispatcher
        })
      )
      const reader = res.body!.getReader()
      const first = yield* readFirstEvent(reader)
      expect(first).toContain("chat.completion.chunk")
      expect(server.activeStreams()).toBe(1)
      expect(server.openConnections()).toBe(1)
      controller.abort()
      yield* Effect.promise(() => reader.read().catch(() => undefined))
      yield* Effect.promise(() => server.waitForOpenConnections(0))
      yield* Effect.promise(async () => {
        for (let i = 0; i < 400 && server.activeStreams() > 0; i++) await new Promise((r) => setTimeout(r, 5))
      })
      expect(server.activeStreams()).toBe(0)
      // (undici may open a spare socket after an abort, so totalConnections() can be 2 here)
      expect(server.requests()).toHaveLength(1)
    })
  )

  it.scoped("an abort during idle-stream ends the stream at once", () =>
    Effect.gen(function* () {
      const { server, dispatcher } = yield* setup()
      const controller = new AbortController()
      const res = yield* Effect.promise(() =>
        fetch(`${server.baseUrl}/chat/completions`, {
          method: "POST",
          headers: { ...AUTH, "x-mock-fault": "idle-stream=30000" },
          body: JSON.stringify(chatBody("wait", { stream: true })),
          signal: controller.signal,
          dispatcher
        })
      )
      yield* readFirstEvent(res.body!.getReader())
      expect(server.activeStreams()).toBe(1)
      controller.abort()
      yield* Effect.promise(() => server.waitForOpenConnections(0, 1000))
      yield* Effect.promise(async () => {
        for (let i = 0; i < 200 && server.activeStreams() > 0; i++) await new Promise((r) => setTimeout(r, 5))
      })
      expect(server.activeStreams()).toBe(0)
    })
  )

  it.scoped("keep-alive sockets are counted until the client closes them", () =>
    Effect.gen(function* () {
      const { server, get, dispatcher } = yield* setup()
      for (let i = 0; i < 3; i++) yield* text(yield* get("/v1/models"))
      // undici returns a socket to its pool a tick after the body ends, so a back-to-back request may open a second one
      expect(server.totalConnections()).toBeGreaterThanOrEqual(1)
      expect(server.totalConnections()).toBeLessThanOrEqual(2)
      expect(server.openConnections()).toBe(server.totalConnections())
      const waited = yield* Effect.promise(() =>
        server.waitForOpenConnections(0, 50).then(
          () => "ok",
          (e) => e
        )
      )
      expect(waited).toBeInstanceOf(Error)
      yield* Effect.promise(() => dispatcher.close())
      yield* Effect.promise(() => server.waitForOpenConnections(0))
    })
  )

  it.effect("closing the scope destroys open sockets and stops listening", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const server = yield* Scope.extend(MockServer.make(), scope)
      const dispatcher = new Agent()
      const res = yield* Effect.promise(() =>
        fetch(`${server.baseUrl}/chat/completions`, {
          method: "POST",
          headers: { ...AUTH, "x-mock-fault": "idle-stream=30000" },
          body: JSON.stringify(chatBody("hang", { stream: true })),
          dispatcher
        })
      )
      const reader = res.body!.getReader()
      yield* readFirstEvent(reader)
      expect(server.openConnections()).toBe(1)
      const start = Date.now()
      yield* Scope.close(scope, Exit.void)
      expect(Date.now() - start).toBeLessThan(1000)
      expect(server.openConnections()).toBe(0)
      const rest = yield* Effect.promise(() =>
        reader.read().then(
          () => "read",
          (e: unknown) => e
        )
      )
      expect(rest).toBeInstanceOf(Error)
      const after = yield* Effect.promise(() =>
        fetch(`${server.baseUrl}/models`, { headers: AUTH, dispatcher }).then(
          () => "connected",
          (e: unknown) => e
        )
      )
      expect(after).toBeInstanceOf(TypeError)
      yield* Effect.promise(() => dispatcher.destroy())
      yield* Effect.promise(async () => {
        for (let i = 0; i < 200 && server.activeStreams() > 0; i++) await new Promise((r) => setTimeout(r, 5))
      })
      expect(server.activeStreams()).toBe(0)
    })
  )

  it.effect("start() and close() work outside a scope", () =>
    Effect.promise(async () => {
      const server = await MockServer.start()
      const dispatcher = new Agent()
      try {
        const res = await fetch(`${server.baseUrl}/models`, { headers: AUTH, dispatcher })
        expect(res.status).toBe(200)
        await res.text()
      } finally {
        await server.close()
        await dispatcher.destroy()
      }
      expect(server.openConnections()).toBe(0)
      await expect(fetch(`${server.baseUrl}/models`, { headers: AUTH })).rejects.toThrow()
    })
  )

  it.effect("layer provides the MockServer service", () =>
    Effect.gen(function* () {
      const server = yield* MockServer.MockServer
      expect(server.baseUrl).toMatch(/\/v1$/)
    }).pipe(Effect.provide(MockServer.layer()))
  )
})
