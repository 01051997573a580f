/**
 * Every legacy call against the local mock server over a real socket:
 * edits, fine-tunes (with the streamed event list), engines, and the v1
 * assistant files and message files with `OpenAI-Beta: assistants=v1` as the
 * server saw it.
 */

import { describe, expect, it } from "@effect/vitest"
import { Files, type OpenAi, OpenAiClient, OpenAiConfig } from "@effect-openai/core"
import * as Legacy from "@effect-openai/core/Legacy"
import * as MockServer from "@effect-openai/mock-server"
import { NodeOpenAi } from "@effect-openai/node"
import { Chunk, Effect, Layer, Redacted, Schema, Stream } from "effect"

/** Runs `body` with a fresh mock server and the Legacy service on undici pointed at it. */
const withServer = <A, E>(
  body: (server: MockServer.MockServer) => Effect.Effect<A, E, OpenAi.Services | Legacy.Legacy>
) =>
  Effect.scoped(
    Effect.flatMap(MockServer.make(), (server) =>
      body(server).pipe(
        Effect.provide(
          Legacy.layer.pipe(
            Layer.provideMerge(
              NodeOpenAi.layer({ apiKey: Redacted.make("sk-mock"), baseUrl: server.baseUrl, maxRetries: 0 })
            )
          )
        )
      )
    )
  )

const upload = (text: string, filename: string, purpose: "fine-tune" | "assistants") =>
  Files.create({ file: new File([text], filename), purpose })

const WithId = Schema.Struct({ id: Schema.String })

/** A plain POST through the pipeline, to set up assistants, threads and messages. */
const setup = (path: string, body: unknown, beta: string) =>
  Effect.flatMap(OpenAiClient.OpenAiClient, (client) =>
    client.json(
      {
        operationId: "setup",
        method: "POST",
        path,
        body: { _tag: "Json", schema: Schema.Unknown, value: body },
        headers: { "OpenAI-Beta": beta }
      },
      WithId
    )
  )

describe("Legacy over a socket", () => {
  it.live("edits", () =>
    withServer((server) =>
      Effect.gen(function* () {
        const edit = yield* Legacy.createEdit({
          model: "text-davinci-edit-001",
          input: "What day of the wek is it?",
          instruction: "Fix the spelling mistakes",
          n: 2
        })
        expect(edit.object).toBe("edit")
        expect(edit.choices.map((c) => [c.index, c.text, c.finish_reason])).toEqual([
          [0, "What day of the week is it?\n", "stop"],
          [1, "What day of the week is it?\n", "stop"]
        ])
        expect(edit.usage.total_tokens).toBe(edit.usage.prompt_tokens + edit.usage.completion_tokens)
        const invalid = yield* Effect.flip(Legacy.createEdit({ model: "m", instruction: "x", top_p: 2 }))
        expect(invalid._tag === "InvalidRequestError" && invalid.field).toBe("top_p")
        expect(server.requests().map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/edits"])
        expect(server.requests()[0]?.body).toMatchObject({ instruction: "Fix the spelling mistakes", n: 2 })
      })
    )
  )

  it.live("fine-tunes: create, list, events so far, the event stream to [DONE], retrieve, cancel", () =>
    withServer((server) =>
      Effect.gen(function* () {
        const training = yield* upload('{"prompt":"a","completion":"b"}\n', "train.jsonl", "fine-tune")
        const job = yield* Legacy.createFineTune({
          training_file: training.id,
          model: "curie",
          n_epochs: 2,
          suffix: "demo"
        })
        expect(job).toMatchObject({ object: "fine-tune", model: "curie", status: "pending", fine_tuned_model: null })
        expect(job.hyperparams).toMatchObject({ batch_size: null, n_epochs: 2 })
        expect(job.training_files.map((f) => f.id)).toEqual([training.id])
        expect((yield* Legacy.listFineTunes()).data.map((j) => [j.id, j.events])).toEqual([[job.id, undefined]])
        expect((yield* Legacy.listFineTuneEvents(job.id)).data.map((e) => e.message)).toEqual([
          `Created fine-tune: ${job.id}`
        ])

        const events = Chunk.toReadonlyArray(yield* Stream.runCollect(Legacy.streamFineTuneEvents(job.id)))
        const messages = events.map((e) => e.message)
        expect(messages[0]).toBe(`Created fine-tune: ${job.id}`)
        expect(messages).toContain("Completed epoch 2/2")
        expect(messages[messages.length - 1]).toBe("Fine-tune succeeded")
        expect(events.every((e) => e.object === "fine-tune-event" && e.level === "info")).toBe(true)

        const done = yield* Legacy.retrieveFineTune(job.id)
        expect(done.status).toBe("succeeded")
        expect(done.fine_tuned_model).toMatch(/^curie:ft-mock-org:demo-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$/)
        expect(done.events?.length).toBe(events.length)
        const results = done.result_files[0]!
        expect(results.purpose).toBe("fine-tune-results")
        expect(yield* Files.contentText(results.id)).toMatch(/^step,elapsed_tokens/)
        const finished = yield* Effect.flip(Legacy.cancelFineTune(job.id))
        expect(finished._tag).toBe("BadRequestError")

        const second = yield* Legacy.createFineTune({ training_file: training.id })
        expect((yield* Legacy.cancelFineTune(second.id)).status).toBe("cancelled")
        const replay = Chunk.toReadonlyArray(yield* Stream.runCollect(Legacy.streamFineTuneEvents(second.id)))
        expect(replay.map((e) => e.message)).toEqual([`Created fine-tune: ${second.id}`, "Fine-tune cancelled"])

        const missing = yield* Effect.flip(Legacy.createFineTune({ training_file: "file-nope" }))
        expect(missing._tag === "BadRequestError" && missing.param).toBe("training_file")
        expect((yield* Effect.flip(Legacy.retrieveFineTune("ft-nope")))._tag).toBe("NotFoundError")

        const streamed = server.requests().filter((r) => r.path.endsWith("/events") && r.query.stream === "true")
        expect(streamed.map((r) => r.headers.accept)).toEqual(["text/event-stream", "text/event-stream"])
        expect(
          server.requests().some((r) => r.path === `/v1/fine-tunes/${second.id}/cancel` && r.method === "POST")
        ).toBe(true)
      })
    )
  )

  it.live("engines", () =>
    withServer(() =>
      Effect.gen(function* () {
        const engines = yield* Legacy.listEngines()
        expect(engines.data.map((e) => e.id)).toContain("davinci")
        expect(engines.data.every((e) => e.object === "engine" && e.ready)).toBe(true)
        expect(yield* Legacy.retrieveEngine("text-davinci-edit-001")).toMatchObject({ owner: "openai", ready: true })
        expect((yield* Effect.flip(Legacy.retrieveEngine("no-such-engine")))._tag).toBe("NotFoundError")
      })
    )
  )

  it.live("v1 assistant files: attach, retrieve, page, list all, detach; OpenAI-Beta: assistants=v1 on the wire", () =>
    withServer((server) =>
      Effect.gen(function* () {
        const files = yield* Effect.forEach(["a.md", "b.md", "c.md"], (name) => upload(name, name, "assistants"))
        const assistant = yield* setup("/assistants", { model: "gpt-4o", name: "v1 bot" }, "assistants=v1")
        for (const file of files) {
          const attached = yield* Legacy.createAssistantFile(assistant.id, { file_id: file.id })
          expect(attached).toMatchObject({ id: file.id, object: "assistant.file", assistant_id: assistant.id })
        }
        const ids = files.map((f) => f.id)
        expect((yield* Legacy.retrieveAssistantFile(assistant.id, ids[1]!)).id).toBe(ids[1])
        const first = yield* Legacy.listAssistantFiles(assistant.id, { limit: 2, order: "asc" })
        expect([first.data.map((f) => f.id), first.has_more, first.last_id]).toEqual([ids.slice(0, 2), true, ids[1]])
        const all = yield* Stream.runCollect(Legacy.listAssistantFilesAll(assistant.id, { limit: 2, order: "asc" }))
        expect(Chunk.toReadonlyArray(all).map((f) => f.id)).toEqual(ids)

        const deleted = yield* Legacy.deleteAssistantFile(assistant.id, ids[0]!)
        expect(deleted).toEqual({ id: ids[0], object: "assistant.file.deleted", deleted: true })
        expect((yield* Legacy.listAssistantFiles(assistant.id)).data.map((f) => f.id)).toEqual([ids[2], ids[1]])
        expect((yield* Files.retrieve(ids[0]!)).id).toBe(ids[0])

        const unknownFile = yield* Effect.flip(Legacy.createAssistantFile(assistant.id, { file_id: "file-nope" }))
        expect(unknownFile._tag === "BadRequestError" && unknownFile.param).toBe("file_id")
        const unknownAssistant = yield* Effect.flip(Legacy.listAssistantFiles("asst_nope"))
        expect(unknownAssistant._tag).toBe("NotFoundError")
        const v2 = yield* Effect.flip(
          Legacy.listAssistantFiles(assistant.id).pipe(
            OpenAiConfig.override({ headers: { "OpenAI-Beta": "assistants=v2" } })
          )
        )
        expect(v2._tag === "BadRequestError" && v2.code).toBe("invalid_beta")

        const v1Calls = server.requests().filter((r) => r.path.startsWith(`/v1/assistants/${assistant.id}/files`))
        expect(v1Calls.length).toBe(11)
        expect(v1Calls.slice(0, -1).every((r) => r.headers["openai-beta"] === "assistants=v1")).toBe(true)
        expect(v1Calls[0]?.body).toEqual({ file_id: ids[0] })
        expect(v1Calls.map((r) => r.method)).toContain("DELETE")
      })
    )
  )

  it.live("v1 message files: retrieve, page, list all; OpenAI-Beta: assistants=v1 on the wire", () =>
    withServer((server) =>
      Effect.gen(function* () {
        const [one, two] = yield* Effect.forEach(["x.txt", "y.txt"], (name) => upload(name, name, "assistants"))
        const thread = yield* setup("/threads", {}, "assistants=v2")
        const message = yield* setup(
          `/threads/${thread.id}/messages`,
          {
            role: "user",
            content: "Summarize these",
            attachments: [one!, two!].map((f) => ({ file_id: f.id, tools: [{ type: "file_search" }] }))
          },
          "assistants=v2"
        )
        const file = yield* Legacy.retrieveMessageFile(thread.id, message.id, two!.id)
        expect(file).toMatchObject({ id: two!.id, object: "thread.message.file", message_id: message.id })
        const page = yield* Legacy.listMessageFiles(thread.id, message.id, { order: "asc" })
        expect([page.data.map((f) => f.id), page.has_more]).toEqual([[one!.id, two!.id], false])
        const all = yield* Stream.runCollect(Legacy.listMessageFilesAll(thread.id, message.id, { limit: 1 }))
        expect(Chunk.toReadonlyArray(all).map((f) => f.id)).toEqual([two!.id, one!.id])
        expect((yield* Effect.flip(Legacy.retrieveMessageFile(thread.id, message.id, "file-nope")))._tag).toBe(
          "NotFoundError"
        )
        expect((yield* Effect.flip(Legacy.listMessageFiles("thread_nope", message.id)))._tag).toBe("NotFoundError")

        const v1Calls = server.requests().filter((r) => /\/messages\/[^/]+\/files/.test(r.path))
        expect(v1Calls.length).toBe(6)
        expect(v1Calls.every((r) => r.headers["openai-beta"] === "assistants=v1")).toBe(true)
        expect(v1Calls[0]?.path).toBe(`/v1/threads/${thread.id}/messages/${message.id}/files/${two!.id}`)
        expect(v1Calls.slice(2, 4).map((r) => r.query)).toEqual([{ limit: "1" }, { limit: "1", after: two!.id }])
      })
    )
  )
})
