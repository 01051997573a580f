import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-openai/core"
import * as Legacy from "@effect-openai/core/Legacy"
import { Chunk, Effect, Layer, Stream } from "effect"

const TestLive = Legacy.layer.pipe(Layer.provideMerge(Testing.layer()))

/** The field an `InvalidRequestError` names (or the tag of any other failure). */
const invalidField = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (e) => ("field" in e && e._tag === "InvalidRequestError" ? e.field : e._tag))

const edit = (text: string, finishReason = "stop") => ({
  object: "edit",
  created: 1_589_478_378,
  choices: [{ text, index: 0, finish_reason: finishReason }],
  usage: { prompt_tokens: 25, completion_tokens: 32, total_tokens: 57 }
})

const file = (id: string, purpose = "fine-tune") => ({
  id,
  object: "file",
  bytes: 140,
  created_at: 1_614_807_352,
  filename: "train.jsonl",
  purpose,
  status: "processed",
  status_details: null
})

const event = (message: string, level = "info") => ({
  object: "fine-tune-event",
  created_at: 1_614_807_352,
  level,
  message
})

const fineTune = (overrides: Record<string, unknown> = {}) => ({
  id: "ft-AF1WoRqd3aJAHsqc9NY7iL8F",
  object: "fine-tune",
  model: "curie",
  created_at: 1_614_807_352,
  updated_at: 1_614_807_352,
  fine_tuned_model: null,
  organization_id: "org-123",
  status: "pending",
  hyperparams: { batch_size: null, learning_rate_multiplier: null, n_epochs: 4, prompt_loss_weight: 0.01 },
  training_files: [file("file-abc123")],
  validation_files: [],
  result_files: [],
  events: [event("Created fine-tune: ft-AF1WoRqd3aJAHsqc9NY7iL8F")],
  ...overrides
})

const assistantFile = (id: string) => ({
  id,
  object: "assistant.file",
  created_at: 1_699_055_364,
  assistant_id: "asst_abc123"
})

const messageFile = (id: string) => ({
  id,
  object: "thread.message.file",
  created_at: 1_699_061_776,
  message_id: "msg_abc123"
})

const cursorPage = (data: ReadonlyArray<{ readonly id: string }>, hasMore: boolean) => ({
  object: "list",
  data,
  first_id: data[0]?.id ?? null,
  last_id: data[data.length - 1]?.id ?? null,
  has_more: hasMore
})

describe("Legacy", () => {
  it.effect("createEdit: POST /edits with the JSON body; decodes choices and usage", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(edit("What day of the week is it?\n")))
      const fixed = yield* Legacy.createEdit({
        model: "text-davinci-edit-001",
        input: "What day of the wek is it?",
        instruction: "Fix the spelling mistakes",
        temperature: 0
      })
      expect(fixed.choices[0]?.text).toBe("What day of the week is it?\n")
      expect(fixed.usage.total_tokens).toBe(57)
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.url}`).toBe("POST https://api.openai.test/v1/edits")
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.headers["openai-beta"]).toBeUndefined()
      expect(request.body).toEqual({
        model: "text-davinci-edit-001",
        input: "What day of the wek is it?",
        instruction: "Fix the spelling mistakes",
        temperature: 0
      })
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("createEdit: bad input fails before sending, naming the field; unknown fields pass through", () =>
    Effect.gen(function* () {
      expect(yield* invalidField(Legacy.createEdit({ model: "m", instruction: "x", temperature: 3 }))).toBe(
        "temperature"
      )
      expect(yield* invalidField(Legacy.createEdit({ model: "m" } as never))).toBe("instruction")
      expect(yield* invalidField(Legacy.createEdit({ model: "m", instruction: "x", n: 21 }))).toBe("n")
      yield* Testing.assertNothingSent

      yield* Testing.enqueue(Testing.json(edit("x", "content_filter")))
      const filtered = yield* Legacy.createEdit({ model: "m", instruction: "x", user: "u-1" })
      expect(filtered.choices[0]?.finish_reason).toBe("content_filter")
      expect((yield* Testing.lastRequest).body.user).toBe("u-1")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("fine-tunes: create, list, retrieve, cancel and list events", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(fineTune()),
        Testing.json({ object: "list", data: [fineTune({ events: undefined })] }),
        Testing.json(fineTune({ status: "running" })),
        Testing.json(fineTune({ status: "cancelled" })),
        Testing.json({ object: "list", data: [event("Created fine-tune"), event("Fine-tune cancelled", "warn")] })
      )
      const job = yield* Legacy.createFineTune({
        training_file: "file-abc123",
        model: "curie",
        n_epochs: 2,
        compute_classification_metrics: true,
        classification_betas: [0.5, 1],
        suffix: "support"
      })
      expect(job.hyperparams.batch_size).toBeNull()
      expect(job.training_files[0]?.id).toBe("file-abc123")
      expect(job.events?.[0]?.message).toContain("Created fine-tune")
      expect((yield* Legacy.listFineTunes()).data[0]?.events).toBeUndefined()
      expect((yield* Legacy.retrieveFineTune(job.id)).status).toBe("running")
      expect((yield* Legacy.cancelFineTune(job.id)).status).toBe("cancelled")
      expect((yield* Legacy.listFineTuneEvents(job.id)).data.map((e) => e.level)).toEqual(["info", "warn"])

      const [create, list, retrieve, cancel, events] = yield* Testing.requests
      expect(`${create!.method} ${create!.path}`).toBe("POST /v1/fine-tunes")
      expect(create!.body).toEqual({
        training_file: "file-abc123",
        model: "curie",
        n_epochs: 2,
        compute_classification_metrics: true,
        classification_betas: [0.5, 1],
        suffix: "support"
      })
      expect(`${list!.method} ${list!.url}`).toBe("GET https://api.openai.test/v1/fine-tunes")
      expect(`${retrieve!.method} ${retrieve!.path}`).toBe("GET /v1/fine-tunes/ft-AF1WoRqd3aJAHsqc9NY7iL8F")
      expect(`${cancel!.method} ${cancel!.path}`).toBe("POST /v1/fine-tunes/ft-AF1WoRqd3aJAHsqc9NY7iL8F/cancel")
      expect(cancel!.body).toBeUndefined()
      expect(`${events!.method} ${events!.url}`).toBe(
        "GET https://api.openai.test/v1/fine-tunes/ft-AF1WoRqd3aJAHsqc9NY7iL8F/events"
      )
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("createFineTune: bad input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      expect(yield* invalidField(Legacy.createFineTune({ model: "curie" } as never))).toBe("training_file")
      expect(yield* invalidField(Legacy.createFineTune({ training_file: "file-1", n_epochs: 0 }))).toBe("n_epochs")
      expect(yield* invalidField(Legacy.createFineTune({ training_file: "file-1", suffix: "x".repeat(41) }))).toBe(
        "suffix"
      )
      expect(yield* invalidField(Legacy.retrieveFineTune(""))).toBe("fine_tune_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("streamFineTuneEvents: GET …/events?stream=true as SSE, decoded, ending at [DONE]", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.sse([
          event("Created fine-tune: ft-1"),
          event("Fine-tune started"),
          event("Completed epoch 1/1"),
          event("Fine-tune succeeded")
        ])
      )
      const events = yield* Stream.runCollect(Legacy.streamFineTuneEvents("ft-1"))
      expect(Chunk.toReadonlyArray(events).map((e) => e.message)).toEqual([
        "Created fine-tune: ft-1",
        "Fine-tune started",
        "Completed epoch 1/1",
        "Fine-tune succeeded"
      ])
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.url}`).toBe(
        "GET https://api.openai.test/v1/fine-tunes/ft-1/events?stream=true"
      )
      expect(request.headers.accept).toBe("text/event-stream")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("streamFineTuneEvents: a stream cut before [DONE] or an error event fails with StreamError", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.sse([event("Fine-tune started")], { end: "close" }),
        Testing.sse([event("Fine-tune started"), { error: { message: "job vanished", type: "server_error" } }])
      )
      const cut = yield* Effect.flip(Stream.runDrain(Legacy.streamFineTuneEvents("ft-1")))
      expect(cut._tag === "StreamError" && cut.reason).toBe("truncated")
      const failed = yield* Effect.flip(Stream.runDrain(Legacy.streamFineTuneEvents("ft-1")))
      expect(failed._tag === "StreamError" && failed.reason).toBe("error-event")
      expect(failed.message).toContain("job vanished")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("engines: list and retrieve; created and owner may be missing", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json({
          object: "list",
          data: [
            { id: "davinci", object: "engine", created: null, owner: "openai", ready: true },
            { id: "local-llama", object: "engine", ready: false }
          ]
        }),
        Testing.json({ id: "davinci", object: "engine", created: null, owner: "openai", ready: true })
      )
      const engines = yield* Legacy.listEngines()
      expect(engines.data.map((e) => [e.id, e.owner, e.ready])).toEqual([
        ["davinci", "openai", true],
        ["local-llama", undefined, false]
      ])
      expect((yield* Legacy.retrieveEngine("davinci")).owner).toBe("openai")
      const [list, retrieve] = yield* Testing.requests
      expect(`${list!.method} ${list!.url}`).toBe("GET https://api.openai.test/v1/engines")
      expect(`${retrieve!.method} ${retrieve!.path}`).toBe("GET /v1/engines/davinci")
      expect(yield* invalidField(Legacy.retrieveEngine(""))).toBe("engine_id")
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("assistant files: create, retrieve, list and delete, each with OpenAI-Beta: assistants=v1", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(assistantFile("file-abc123")),
        Testing.json(assistantFile("file-abc123")),
        Testing.json(cursorPage([assistantFile("file-abc123")], false)),
        Testing.json({ id: "file-abc123", object: "assistant.file.deleted", deleted: true })
      )
      const created = yield* Legacy.createAssistantFile("asst_abc123", { file_id: "file-abc123" })
      expect(created.assistant_id).toBe("asst_abc123")
      expect((yield* Legacy.retrieveAssistantFile("asst_abc123", "file-abc123")).object).toBe("assistant.file")
      const page = yield* Legacy.listAssistantFiles("asst_abc123", { limit: 2, order: "asc", before: "file-z" })
      expect(page.data.map((f) => f.id)).toEqual(["file-abc123"])
      expect((yield* Legacy.deleteAssistantFile("asst_abc123", "file-abc123")).deleted).toBe(true)

      const sent = yield* Testing.requests
      expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
        "POST https://api.openai.test/v1/assistants/asst_abc123/files",
        "GET https://api.openai.test/v1/assistants/asst_abc123/files/file-abc123",
        "GET https://api.openai.test/v1/assistants/asst_abc123/files?limit=2&order=asc&before=file-z",
        "DELETE https://api.openai.test/v1/assistants/asst_abc123/files/file-abc123"
      ])
      expect(sent.map((r) => r.headers["openai-beta"])).toEqual(Array(4).fill("assistants=v1"))
      expect(sent[0]!.body).toEqual({ file_id: "file-abc123" })
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("listAssistantFilesAll follows the cursor lazily", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(cursorPage([assistantFile("file-1"), assistantFile("file-2")], true)))
      const first = yield* Stream.runCollect(
        Legacy.listAssistantFilesAll("asst_abc123", { limit: 2 }).pipe(Stream.take(1))
      )
      expect(Chunk.size(first)).toBe(1)
      yield* Testing.assertSentTimes(1)
      yield* Testing.enqueue(
        Testing.json(cursorPage([assistantFile("file-1"), assistantFile("file-2")], true)),
        Testing.json(cursorPage([assistantFile("file-3")], false))
      )
      const all = yield* Stream.runCollect(Legacy.listAssistantFilesAll("asst_abc123", { limit: 2 }))
      expect(Chunk.toReadonlyArray(all).map((f) => f.id)).toEqual(["file-1", "file-2", "file-3"])
      const sent = yield* Testing.requests
      expect(sent.slice(1).map((r) => r.query)).toEqual([{ limit: "2" }, { limit: "2", after: "file-2" }])
      expect(sent.every((r) => r.headers["openai-beta"] === "assistants=v1")).toBe(true)
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("assistant files: bad input fails before sending, naming the field", () =>
    Effect.gen(function* () {
      expect(yield* invalidField(Legacy.createAssistantFile("asst_abc123", {} as never))).toBe("file_id")
      expect(yield* invalidField(Legacy.listAssistantFiles(""))).toBe("assistant_id")
      expect(yield* invalidField(Legacy.deleteAssistantFile("asst_abc123", ""))).toBe("file_id")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLive))
  )

  it.effect("message files: retrieve, list and list all, with OpenAI-Beta: assistants=v1", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(
        Testing.json(messageFile("file-abc123")),
        Testing.json(cursorPage([messageFile("file-abc123")], false)),
        Testing.json(cursorPage([messageFile("file-1")], true)),
        Testing.json(cursorPage([messageFile("file-2")], false))
      )
      const one = yield* Legacy.retrieveMessageFile("thread_abc123", "msg_abc123", "file-abc123")
      expect(one).toEqual(messageFile("file-abc123"))
      expect((yield* Legacy.listMessageFiles("thread_abc123", "msg_abc123", { order: "desc" })).has_more).toBe(false)
      const all = yield* Stream.runCollect(Legacy.listMessageFilesAll("thread_abc123", "msg_abc123"))
      expect(Chunk.toReadonlyArray(all).map((f) => f.id)).toEqual(["file-1", "file-2"])

      const sent = yield* Testing.requests
      expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
        "GET https://api.openai.test/v1/threads/thread_abc123/messages/msg_abc123/files/file-abc123",
        "GET https://api.openai.test/v1/threads/thread_abc123/messages/msg_abc123/files?order=desc",
        "GET https://api.openai.test/v1/threads/thread_abc123/messages/msg_abc123/files",
        "GET https://api.openai.test/v1/threads/thread_abc123/messages/msg_abc123/files?after=file-1"
      ])
      expect(sent.every((r) => r.headers["openai-beta"] === "assistants=v1")).toBe(true)
      expect(yield* invalidField(Legacy.retrieveMessageFile("thread_abc123", "", "file-abc123"))).toBe("message_id")
      yield* Testing.assertSentTimes(4)
    }).pipe(Effect.provide(TestLive))
  )
})
