import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as Assistants from "@effect-openai/core/Assistants"
import { Chunk, Effect, Layer, Stream } from "effect"

const TestLive = Assistants.layer.pipe(Layer.provideMerge(Testing.layer()))

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "The weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
  }
} as const

const assistant = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  object: "assistant",
  created_at: 1_699_009_709,
  name: "Weather bot",
  description: null,
  model: "gpt-4o",
  instructions: "You tell the weather.",
  tools: [weatherTool],
  tool_resources: {},
  metadata: {},
  top_p: 1,
  temperature: 1,
  response_format: "auto",
  ...overrides
})

const page = (ids: ReadonlyArray<string>, hasMore: boolean) => ({
  object: "list",
  data: ids.map((id) => assistant(id)),
  first_id: ids[0],
  last_id: ids[ids.length - 1],
  has_more: hasMore
})

describe("Assistants", () => {
  it.effect("create: POST /assistants with the beta header and the JSON body; extra fields pass through", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(assistant("asst_abc123")))
      const params = {
        model: "gpt-4o",
        name: "Weather bot",
        instructions: "You tell the weather.",
        tools: [weatherTool],
        metadata: { team: "weather" },
        reasoning_effort: "low"
      }
      const created = yield* Assistants.create(params)
      expect(created.id).toBe("asst_abc123")
      expect(created.tools[0]).toEqual(weatherTool)
      const request = yield* Testing.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe("https://api.openai.test/v1/assistants")
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual(params)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("retrieve, update and delete: method, path, beta header and body", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(assistant("asst_abc123")),
        Testing.json(assistant("asst_abc123", { instructions: "Answer in French.", tools: [{ type: "file_search" }] })),
        Testing.json({ id: "asst_abc123", object: "assistant.deleted", deleted: true })
      )
      expect((yield* Assistants.retrieve("asst_abc123")).name).toBe("Weather bot")
      const updated = yield* Assistants.update("asst_abc123", {
        instructions: "Answer in French.",
        tools: [{ type: "file_search" }]
      })
      expect(updated.tools).toEqual([{ type: "file_search" }])
      expect(yield* Assistants.delete("asst_abc123")).toEqual({
        id: "asst_abc123",
        object: "assistant.deleted",
        deleted: true
      })
      const [retrieve, update, del] = yield* Testing.requests
      expect(`${retrieve!.method} ${retrieve!.url}`).toBe("GET https://api.openai.test/v1/assistants/asst_abc123")
      expect(retrieve!.body).toBeUndefined()
      expect(`${update!.method} ${update!.path}`).toBe("POST /v1/assistants/asst_abc123")
      expect(update!.body).toEqual({ instructions: "Answer in French.", tools: [{ type: "file_search" }] })
      expect(`${del!.method} ${del!.path}`).toBe("DELETE /v1/assistants/asst_abc123")
      yield* Testing.assertSentTimes(3, (r) => r.headers["openai-beta"] === "assistants=v2")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("list: one page, with limit, order, after and before in the query", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(page(["asst_1", "asst_2"], true)), Testing.json(page(["asst_1"], false)))
      const first = yield* Assistants.list({ limit: 2, order: "asc", after: "asst_0", before: "asst_9" })
      expect(first.data.map((a) => a.id)).toEqual(["asst_1", "asst_2"])
      expect(first.has_more).toBe(true)
      expect((yield* Assistants.list()).has_more).toBe(false)
      const [withParams, bare] = yield* Testing.requests
      expect(withParams!.method).toBe("GET")
      expect(withParams!.url).toBe("https://api.openai.test/v1/assistants?limit=2&order=asc&after=asst_0&before=asst_9")
      expect(withParams!.headers["openai-beta"]).toBe("assistants=v2")
      expect(bare!.url).toBe("https://api.openai.test/v1/assistants")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("listAll: follows the cursor lazily, page by page", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(page(["asst_1", "asst_2"], true)),
        Testing.json(page(["asst_3"], false)),
        Testing.json(page(["asst_1", "asst_2"], true))
      )
      const all = yield* Stream.runCollect(Assistants.listAll({ limit: 2, order: "asc" }))
      expect(Chunk.toReadonlyArray(all).map((a) => a.id)).toEqual(["asst_1", "asst_2", "asst_3"])
      const [first, second] = yield* Testing.requests
      expect(first!.query).toEqual({ limit: "2", order: "asc" })
      expect(second!.query).toEqual({ limit: "2", order: "asc", after: "asst_2" })
      // taking only what the first page holds sends no second request
      const two = yield* Stream.runCollect(Assistants.listAll({ limit: 2 }).pipe(Stream.take(2)))
      expect(Chunk.size(two)).toBe(2)
      yield* Testing.assertSentTimes(3, (r) => r.path === "/v1/assistants")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("a tool type the spec does not know decodes, and the known ones keep their fields", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(assistant("asst_new", { tools: [{ type: "browser" }, weatherTool, { type: "code_interpreter" }] }))
      )
      const decoded = yield* Assistants.retrieve("asst_new")
      expect(decoded.tools.map((t) => t.type)).toEqual(["browser", "function", "code_interpreter"])
      expect(decoded.tools[1]).toEqual(weatherTool)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("invalid input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      const noModel = yield* Effect.flip(Assistants.create({ name: "x" } as never))
      expect(noModel._tag === "InvalidRequestError" && noModel.field).toBe("model")
      const badTool = yield* Effect.flip(
        Assistants.create({
          model: "gpt-4o",
          tools: [{ type: "function", function: { description: "no name" } }]
        } as never)
      )
      expect(badTool._tag === "InvalidRequestError" && badTool.field).toMatch(/^tools\[0\]/)
      const badTemperature = yield* Effect.flip(Assistants.update("asst_abc123", { temperature: "hot" as never }))
      expect(badTemperature._tag === "InvalidRequestError" && badTemperature.field).toBe("temperature")
      const emptyId = yield* Effect.flip(Assistants.retrieve(""))
      expect(emptyId._tag === "InvalidRequestError" && emptyId.field).toBe("assistant_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLive))
  )
})
