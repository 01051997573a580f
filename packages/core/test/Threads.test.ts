import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as Threads from "@effect-openai/core/Threads"
import { Effect, Layer } from "effect"

const TestLive = Threads.layer.pipe(Layer.provideMerge(Testing.layer()))

const thread = (overrides: Record<string, unknown> = {}) => ({
  id: "thread_abc123",
  object: "thread",
  created_at: 1_699_012_949,
  metadata: {},
  tool_resources: {},
  ...overrides
})

describe("Threads", () => {
  it.effect("create: POST /threads with the first messages, tool resources and metadata", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(thread({ tool_resources: { file_search: { vector_store_ids: ["vs_1"] } } })))
      const params = {
        messages: [
          { role: "user", content: "Hello, what is AI?" },
          {
            role: "user",
            content: "Summarise the attached report.",
            attachments: [{ file_id: "file-abc123", tools: [{ type: "file_search" }] }],
            metadata: { source: "upload" }
          }
        ],
        tool_resources: { file_search: { vector_store_ids: ["vs_1"] } },
        metadata: { user: "abc123" }
      } as const
      const created = yield* Threads.create(params)
      expect(created.tool_resources?.file_search?.vector_store_ids).toEqual(["vs_1"])
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.url}`).toBe("POST https://api.openai.test/v1/threads")
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
      expect(request.body).toEqual(params)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("create: without parameters sends an empty JSON object", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(thread()))
      expect((yield* Threads.create()).id).toBe("thread_abc123")
      const request = yield* Testing.lastRequest
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
      expect(request.body).toEqual({})
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("retrieve, update and delete: method, path, beta header and body", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(thread({ tool_resources: { code_interpreter: { file_ids: [] } } })),
        Testing.json(thread({ metadata: { modified: "true", user: "abc123" } })),
        Testing.json({ id: "thread_abc123", object: "thread.deleted", deleted: true })
      )
      expect((yield* Threads.retrieve("thread_abc123")).tool_resources?.code_interpreter?.file_ids).toEqual([])
      const updated = yield* Threads.update("thread_abc123", { metadata: { modified: "true", user: "abc123" } })
      expect(updated.metadata).toEqual({ modified: "true", user: "abc123" })
      expect((yield* Threads.delete("thread_abc123")).object).toBe("thread.deleted")
      const [retrieve, update, del] = yield* Testing.requests
      expect(`${retrieve!.method} ${retrieve!.url}`).toBe("GET https://api.openai.test/v1/threads/thread_abc123")
      expect(`${update!.method} ${update!.path}`).toBe("POST /v1/threads/thread_abc123")
      expect(update!.body).toEqual({ metadata: { modified: "true", user: "abc123" } })
      expect(`${del!.method} ${del!.path}`).toBe("DELETE /v1/threads/thread_abc123")
      yield* Testing.assertSentTimes(3, (r) => r.headers["openai-beta"] === "assistants=v2")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("invalid input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      const badRole = yield* Effect.flip(
        Threads.create({ messages: [{ role: "system", content: "Be brief." }] } as never)
      )
      expect(badRole._tag === "InvalidRequestError" && badRole.field).toBe("messages[0].role")
      const noContent = yield* Effect.flip(
        Threads.create({ messages: [{ role: "user", content: "ok" }, { role: "user" }] } as never)
      )
      expect(noContent._tag === "InvalidRequestError" && noContent.field).toBe("messages[1].content")
      const badMetadata = yield* Effect.flip(Threads.update("thread_abc123", { metadata: "nope" as never }))
      expect(badMetadata._tag === "InvalidRequestError" && badMetadata.field).toBe("metadata")
      const emptyId = yield* Effect.flip(Threads.delete(""))
      expect(emptyId._tag === "InvalidRequestError" && emptyId.field).toBe("thread_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLive))
  )
})
