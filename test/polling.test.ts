/**
 * The polling helpers against the mock server's lifecycles, over a real
 * socket: batches, fine-tuning jobs, vector store files and file batches
 * advance one step per retrieve and send `openai-poll-after-ms: 50`, so the
 * helpers (with a 10 second interval) finish in a few hundred milliseconds;
 * `x-mock-outcome` picks the failure modes; interrupting a poll mid-request
 * closes its socket.
 */
import { describe, expect, it } from "@effect/vitest"
import {
  Batches,
  Files,
  FineTuning,
  type OpenAi,
  OpenAiClient,
  OpenAiConfig,
  Uploadable,
  VectorStoreFileBatches,
  VectorStoreFiles,
  VectorStores
} from "@effect-openai/core"
import * as MockServer from "@effect-openai/mock-server"
import { NodeOpenAi } from "@effect-openai/node"
import { Chunk, Effect, Fiber, Redacted, Stream } from "effect"

const withServer = <A, E>(
  body: (server: MockServer.MockServer) => Effect.Effect<A, E, OpenAi.Services>,
  options: MockServer.MockServerOptions = {}
) =>
  Effect.scoped(
    Effect.flatMap(MockServer.make(options), (server) =>
      body(server).pipe(
        Effect.provide(NodeOpenAi.layer({ apiKey: Redacted.make("sk-mock"), baseUrl: server.baseUrl, maxRetries: 0 }))
      )
    )
  )

/** The server's hint beats this interval: a test that ignored it would take 10 s a step. */
const slow = { interval: "10 seconds", timeout: "20 seconds" } as const

const outcome = (value: string) => OpenAiConfig.override({ headers: { "x-mock-outcome": value } })

const upload = (name: string, text: string, purpose: "batch" | "fine-tune" | "assistants") =>
  Files.create({ file: Uploadable.fromBytes(new TextEncoder().encode(text), name), purpose })

const chatLine = (id: string, content: string | undefined) =>
  JSON.stringify({
    custom_id: id,
    method: "POST",
    url: "/v1/chat/completions",
    body: { model: "gpt-4o-mini", messages: content === undefined ? [] : [{ role: "user", content }] }
  })

describe("polling against the mock server's lifecycles", () => {
  it.live("a batch: validating → in_progress → finalizing → completed, with its output and error files", () =>
    withServer(() =>
      Effect.gen(function* () {
        const lines = [
          chatLine("q1", "What is Effect?"),
          chatLine("q2", "What is a Stream?"),
          chatLine("bad", undefined)
        ]
        const input = yield* upload("requests.jsonl", `${lines.join("\n")}\n`, "batch")
        const batch = yield* Batches.create({
          input_file_id: input.id,
          endpoint: "/v1/chat/completions",
          completion_window: "24h"
        })
        const states = Chunk.toReadonlyArray(yield* Stream.runCollect(Batches.pollStates(batch.id, slow)))
        expect(states.map((b) => `${b.status} ${b.request_counts?.completed}/${b.request_counts?.failed}`)).toEqual([
          "in_progress 1/0",
          "finalizing 2/1",
          "completed 2/1"
        ])
        const done = states[states.length - 1]!
        const answers = (yield* Files.contentText(done.output_file_id!))
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l))
        expect(answers.map((a) => [a.custom_id, a.response.status_code])).toEqual([
          ["q1", 200],
          ["q2", 200]
        ])
        expect(answers[0].response.body.choices[0].message.content).toBe("Echo: What is Effect?")
        const errors = (yield* Files.contentText(done.error_file_id!))
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l))
        expect(errors.map((e) => [e.custom_id, e.response.status_code])).toEqual([["bad", 400]])
        const { meta } = yield* OpenAiClient.withMeta(Batches.retrieve(batch.id))
        expect(meta.headers["openai-poll-after-ms"]).toBe("50")
      })
    )
  )

  it.live("batch failure modes: x-mock-outcome failed or expired, an input that is not JSONL, cancel", () =>
    withServer(() =>
      Effect.gen(function* () {
        const input = yield* upload("in.jsonl", `${chatLine("a", "x")}\n${chatLine("b", "y")}\n`, "batch")
        const params = { input_file_id: input.id, endpoint: "/v1/chat/completions", completion_window: "24h" } as const
        const failed = yield* Batches.poll((yield* Batches.create(params).pipe(outcome("failed"))).id, slow)
        expect([failed.status, failed.errors?.data?.[0]?.code]).toEqual(["failed", "invalid_file"])
        const expired = yield* Batches.poll((yield* Batches.create(params).pipe(outcome("expired"))).id, slow)
        expect([expired.status, expired.request_counts?.completed]).toEqual(["expired", 1])
        expect((yield* Files.contentText(expired.output_file_id!)).trim().split("\n").length).toBe(1)

        const notJson = yield* upload("bad.jsonl", `${chatLine("a", "x")}\n{oops\n`, "batch")
        const invalid = yield* Batches.poll((yield* Batches.create({ ...params, input_file_id: notJson.id })).id, slow)
        expect(invalid.errors?.data?.map((e) => [e.code, e.line])).toEqual([["invalid_json_line", 2]])

        const running = yield* Batches.create(params)
        expect((yield* Batches.cancel(running.id)).status).toBe("cancelling")
        expect((yield* Batches.poll(running.id, slow)).status).toBe("cancelled")
      })
    )
  )

  it.live("a fine-tuning job: validating_files → queued → running → succeeded, with events and checkpoints", () =>
    withServer(() =>
      Effect.gen(function* () {
        const training = yield* upload("train.jsonl", '{"messages":[]}\n'.repeat(10), "fine-tune")
        const job = yield* FineTuning.createJob({ model: "gpt-4o-mini", training_file: training.id, suffix: "marv" })
        expect(job.status).toBe("validating_files")
        const seen: Array<string> = []
        const done = yield* FineTuning.pollJob(job.id, {
          ...slow,
          onProgress: (j) => Effect.sync(() => seen.push(j.status))
        })
        expect(seen).toEqual(["queued", "running", "succeeded"])
        expect(done.fine_tuned_model).toMatch(/^ft:gpt-4o-mini:org-mock:marv:/)
        expect(done.result_files.length).toBe(1)
        const events = yield* FineTuning.listEventsAll(job.id).pipe(Stream.runCollect)
        expect(Chunk.toReadonlyArray(events)[0]?.message).toBe("The job has successfully completed")
        expect((yield* FineTuning.listCheckpoints(job.id)).data.length).toBe(3)

        const failing = yield* FineTuning.createJob({ model: "gpt-4o-mini", training_file: training.id }).pipe(
          outcome("failed")
        )
        const failed = yield* FineTuning.pollJob(failing.id, slow)
        expect([failed.status, failed.error?.code]).toEqual(["failed", "invalid_training_file"])
      })
    )
  )

  it.live("vector store files and file batches: uploadAndPoll, a failed batch, a cancelled batch", () =>
    withServer((server) =>
      Effect.gen(function* () {
        const store = yield* VectorStores.create({ name: "docs" })
        const file = Uploadable.fromBytes(new TextEncoder().encode("# FAQ\n"), "faq.md")
        const attached = yield* VectorStoreFiles.uploadAndPoll(store.id, file, slow)
        expect([attached.status, attached.usage_bytes]).toEqual(["completed", 6])

        const docs = ["a", "b", "c"].map((n) => Uploadable.fromBytes(new TextEncoder().encode(n), `${n}.txt`))
        const batch = yield* VectorStoreFileBatches.uploadAndPoll(store.id, docs, { ...slow, concurrency: 2 })
        expect([batch.status, batch.file_counts.completed, batch.file_counts.total]).toEqual(["completed", 3, 3])
        const uploads = server.requests().filter((r) => r.method === "POST" && r.path === "/v1/files")
        expect(uploads.length).toBe(4)

        const ids = (yield* Files.list({ purpose: "assistants" })).data.map((f) => f.id)
        const failed = yield* VectorStoreFileBatches.createAndPoll(store.id, { file_ids: ids }, slow).pipe(
          outcome("failed")
        )
        expect([failed.status, failed.file_counts.failed]).toEqual(["failed", 4])
        const bad = (yield* VectorStoreFiles.list(store.id, { filter: "failed" })).data[0]
        expect(bad?.last_error?.code).toBe("invalid_file")

        const pending = yield* VectorStoreFileBatches.create(store.id, { file_ids: ids.slice(0, 2) })
        expect((yield* VectorStoreFileBatches.cancel(store.id, pending.id)).status).toBe("cancelling")
        const cancelled = yield* VectorStoreFileBatches.poll(store.id, pending.id, slow)
        expect([cancelled.status, cancelled.file_counts.cancelled]).toEqual(["cancelled", 2])
      })
    )
  )

  it.live("interrupting a poll while its request waits for headers closes the socket on the server", () =>
    withServer(
      (server) =>
        Effect.gen(function* () {
          const training = yield* upload("train.jsonl", "{}\n", "fine-tune")
          const job = yield* FineTuning.createJob({ model: "gpt-4o-mini", training_file: training.id })
          yield* Effect.promise(() => server.waitForOpenConnections(0, 5_000)) // the idle keep-alive sockets close
          const fiber = yield* Effect.fork(
            FineTuning.pollJob(job.id, slow).pipe(
              OpenAiConfig.override({ headers: { "x-mock-fault": "slow-headers=10000" } })
            )
          )
          for (let i = 0; i < 1000 && server.openConnections() === 0; i++) yield* Effect.sleep("5 millis")
          expect(server.openConnections()).toBe(1)
          yield* Fiber.interrupt(fiber)
          yield* Effect.promise(() => server.waitForOpenConnections(0, 5_000))
          expect(server.openConnections()).toBe(0)
        }),
      { keepAliveTimeout: 50 }
    )
  )
})
