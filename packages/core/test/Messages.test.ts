import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as Messages from "@effect-openai/core/Messages"
import { Chunk, Effect, Layer, Stream } from "effect"

const TestLive = Messages.layer.pipe(Layer.provideMerge(Testing.layer()))

const message = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  object: "thread.message",
  created_at: 1_713_226_573,
  thread_id: "thread_abc123",
  status: "completed",
  incomplete_details: null,
  completed_at: 1_713_226_573,
  incomplete_at: null,
  role: "user",
  content: [{ type: "text", text: { value: "How does AI work? Explain it in simple terms.", annotations: [] } }],
  assistant_id: null,
  run_id: null,
  attachments: [],
  metadata: {},
  ...overrides
})

const page = (ids: ReadonlyArray<string>, hasMore: boolean) => ({
  object: "list",
  data: ids.map((id) => message(id)),
  first_id: ids[0],
  last_id: ids[ids.length - 1],
  has_more: hasMore
})

describe("Messages", () => {
  it.effect("create: POST /threads/{thread_id}/messages with the beta header and the JSON body", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(
          message("msg_abc123", { attachments: [{ file_id: "file-abc123", tools: [{ type: "file_search" }] }] })
        )
      )
      const params = {
        role: "user",
        content: "How does AI work? Explain it in simple terms.",
        attachments: [{ file_id: "file-abc123", tools: [{ type: "file_search" }] }],
        metadata: { source: "chat" }
      } as const
      const created = yield* Messages.create("thread_abc123", params)
      expect(created.thread_id).toBe("thread_abc123")
      expect(created.content[0]?.type).toBe("text")
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.url}`).toBe("POST https://api.openai.test/v1/threads/thread_abc123/messages")
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
      expect(request.body).toEqual(params)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("retrieve, update and delete: method, path, beta header and body", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(message("msg_abc123")),
        Testing.json(message("msg_abc123", { metadata: { modified: "true" } })),
        Testing.json({ id: "msg_abc123", object: "thread.message.deleted", deleted: true })
      )
      expect((yield* Messages.retrieve("thread_abc123", "msg_abc123")).role).toBe("user")
      const updated = yield* Messages.update("thread_abc123", "msg_abc123", { metadata: { modified: "true" } })
      expect(updated.metadata).toEqual({ modified: "true" })
      expect((yield* Messages.delete("thread_abc123", "msg_abc123")).deleted).toBe(true)
      const [retrieve, update, del] = yield* Testing.requests
      expect(`${retrieve!.method} ${retrieve!.url}`).toBe(
        "GET https://api.openai.test/v1/threads/thread_abc123/messages/msg_abc123"
      )
      expect(`${update!.method} ${update!.path}`).toBe("POST /v1/threads/thread_abc123/messages/msg_abc123")
      expect(update!.body).toEqual({ metadata: { modified: "true" } })
      expect(`${del!.method} ${del!.path}`).toBe("DELETE /v1/threads/thread_abc123/messages/msg_abc123")
      yield* Testing.assertSentTimes(3, (r) => r.headers["openai-beta"] === "assistants=v2")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("list: one page, with limit, order, after, before and run_id in the query", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(page(["msg_1", "msg_2"], false)))
      const result = yield* Messages.list("thread_abc123", {
        limit: 2,
        order: "asc",
        after: "msg_0",
        before: "msg_9",
        run_id: "run_abc123"
      })
      expect(result.data.map((m) => m.id)).toEqual(["msg_1", "msg_2"])
      const request = yield* Testing.lastRequest
      expect(request.method).toBe("GET")
      expect(request.url).toBe(
        "https://api.openai.test/v1/threads/thread_abc123/messages?limit=2&order=asc&after=msg_0&before=msg_9&run_id=run_abc123"
      )
      expect(request.headers["openai-beta"]).toBe("assistants=v2")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("listAll: follows the cursor, keeping the other parameters", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(page(["msg_1", "msg_2"], true)),
        Testing.json(page(["msg_3", "msg_4"], true)),
        Testing.json(page(["msg_5"], false))
      )
      const all = yield* Stream.runCollect(Messages.listAll("thread_abc123", { limit: 2, run_id: "run_1" }))
      expect(Chunk.toReadonlyArray(all).map((m) => m.id)).toEqual(["msg_1", "msg_2", "msg_3", "msg_4", "msg_5"])
      const queries = (yield* Testing.requests).map((r) => r.query)
      expect(queries).toEqual([
        { limit: "2", run_id: "run_1" },
        { limit: "2", run_id: "run_1", after: "msg_2" },
        { limit: "2", run_id: "run_1", after: "msg_4" }
      ])
      yield* Testing.assertSentTimes(3, (r) => r.path === "/v1/threads/thread_abc123/messages")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("content: text with annotations and image files decode with their fields", () =>
    Effect.gen(function* () {
      const content = [
        {
          type: "text",
          text: {
            value: "See 【4:0†source】",
            annotations: [
              {
                type: "file_citation",
                text: "【4:0†source】",
                file_citation: { file_id: "file-abc123", quote: "a quote" },
                start_index: 4,
                end_index: 16
              }
            ]
          }
        },
        { type: "image_file", image_file: { file_id: "file-img123" } }
      ]
      yield* Testing.enqueue(Testing.json(message("msg_abc123", { role: "assistant", content })))
      const decoded = yield* Messages.retrieve("thread_abc123", "msg_abc123")
      expect(decoded.content).toEqual(content)
    }).pipe(Effect.provide(TestLive))
  )

  // The API sends content types this spec does not know (`image_url`, `refusal`):
  // they decode with every field they carry, nothing dropped.
  it.effect("content: a part type the spec does not know decodes with all its fields", () =>
    Effect.gen(function* () {
      const content = [
        { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "auto" } },
        { type: "text", text: { value: "a cat", annotations: [] } }
      ]
      yield* Testing.enqueue(Testing.json(message("msg_abc123", { content })))
      const decoded = yield* Messages.retrieve("thread_abc123", "msg_abc123")
      expect(decoded.content).toEqual(content)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("list: an empty thread's page, with null first_id and last_id as the API sends, decodes", () =>
    Effect.gen(function* () {
      const emptyPage = { object: "list", data: [], first_id: null, last_id: null, has_more: false }
      yield* Testing.enqueue(Testing.json(emptyPage), Testing.json(emptyPage))
      const empty = yield* Messages.list("thread_abc123")
      expect(empty).toEqual(emptyPage)
      expect(Chunk.size(yield* Stream.runCollect(Messages.listAll("thread_abc123")))).toBe(0)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("invalid input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      const badRole = yield* Effect.flip(Messages.create("thread_abc123", { role: "system", content: "x" } as never))
      expect(badRole._tag === "InvalidRequestError" && badRole.field).toBe("role")
      const noContent = yield* Effect.flip(Messages.create("thread_abc123", { role: "user" } as never))
      expect(noContent._tag === "InvalidRequestError" && noContent.field).toBe("content")
      const badAttachment = yield* Effect.flip(
        Messages.create("thread_abc123", {
          role: "user",
          content: "x",
          attachments: [{ file_id: 42 }]
        } as never)
      )
      expect(badAttachment._tag === "InvalidRequestError" && badAttachment.field).toBe("attachments[0].file_id")
      const emptyMessage = yield* Effect.flip(Messages.retrieve("thread_abc123", ""))
      expect(emptyMessage._tag === "InvalidRequestError" && emptyMessage.field).toBe("message_id")
      const emptyThread = yield* Effect.flip(Messages.list(""))
      expect(emptyThread._tag === "InvalidRequestError" && emptyThread.field).toBe("thread_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLive))
  )
})
