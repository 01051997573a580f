/**
 * Forward compatibility: what the API sends today (the latest spec, OpenAPI
 * 3.1) decodes with this project's schemas, generated from the 2024-05 spec.
 *
 * For each of the 64 operations, the response examples of the latest spec
 * and values generated from its response schema (with fields no spec knows
 * added) are queued on the test kit and decoded through the public service
 * call of the conformance cases, so the whole pipeline decodes them. Fields,
 * enum values and union variants added since 2024-05 must not break
 * decoding. Chat and completion chunks stream through with unknown fields,
 * values and event names.
 *
 * Documentation examples are often abridged: one that leaves out a field its
 * own (latest) schema requires is decoded as it is first, and only if that
 * fails, again with exactly those fields filled in. Which examples need that
 * is pinned below, so a tolerance rule that stops working fails the test.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chat, Completions, type OpenAi, type OpenAiError, Testing } from "@effect-openai/core"
import { Cause, Chunk, Effect, Exit, Stream } from "effect"
import { operationIds } from "../../packages/core/src/generated/Operations.js"
import { cases } from "../conformance/cases/index.js"
import { hasLatestSpec, type LatestSpec, latestSpecPath, load, type Sample } from "./support/compat-spec.js"

if (!hasLatestSpec) console.warn(`forward-compat: skipped, the latest spec is absent: ${latestSpecPath}`)

/**
 * Examples of the latest spec that leave out fields their own schema
 * requires, and so decode only once those are filled in (the API sends
 * them). Every other gap (nullable fields, defaults, deprecated fields) is
 * the generator's tolerance rules' job.
 */
const abridgedExamples: Readonly<Record<string, ReadonlyArray<string>>> = {
  createFineTuningJob: ['example "Default": seed', 'example "Validation file": seed'],
  cancelFineTuningJob: ['example "response": seed'],
  listMessages: ['example "response": data[0].status, data[1].status'],
  createMessage: ['example "response": status', "example of MessageObject: status"],
  getMessage: ['example "response": status', "example of MessageObject: status"],
  modifyMessage: ['example "response": status', "example of MessageObject: status"],
  listVectorStores: ['example "response": data[0].usage_bytes, data[0].status, data[1].usage_bytes, data[1].status'],
  createVectorStore: ['example "response": usage_bytes, status'],
  getVectorStore: ['example "response": name, usage_bytes, file_counts, status'],
  modifyVectorStore: ['example "response": usage_bytes, status'],
  listVectorStoreFiles: [
    'example "response": data[0].usage_bytes, data[0].status, data[1].usage_bytes, data[1].status'
  ],
  getVectorStoreFile: ['example "response": usage_bytes'],
  listFilesInVectorStoreBatch: [
    'example "response": data[0].usage_bytes, data[0].status, data[1].usage_bytes, data[1].status'
  ]
}

/** Responses whose body is not JSON decoded by a schema. */
const rawResponses: Readonly<Record<string, Testing.FakeResponse>> = {
  createSpeech: Testing.bytes([new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0])]),
  downloadFile: Testing.text('{"custom_id":"request-1"}\n', { contentType: "application/octet-stream" })
}

type Run = Effect.Effect<unknown, OpenAiError.OpenAiError, OpenAi.Services>

/** Runs a case against queued copies of one response (a case may make several calls). */
const decodeWith = (run: Run, response: Testing.FakeResponse) =>
  Effect.gen(function* () {
    const kit = yield* Testing.TestHttp
    yield* kit.reset
    for (let i = 0; i < 8; i++) yield* kit.enqueue(response)
    return yield* Effect.exit(run)
  })

const describeFailure = (exit: Exit.Exit<unknown, unknown>): string | undefined => {
  if (Exit.isSuccess(exit)) return undefined
  const error = Cause.squash(exit.cause) as { readonly _tag?: string; readonly message?: string }
  return `${error._tag ?? "defect"}: ${error.message ?? String(error)}`
}

/** The field a response decode error says is missing. */
const missingField = (exit: Exit.Exit<unknown, unknown>): string | undefined => {
  if (Exit.isSuccess(exit)) return undefined
  const error = Cause.squash(exit.cause) as {
    readonly _tag?: string
    readonly field?: string
    readonly message?: string
  }
  return error._tag === "ResponseDecodeError" && error.message?.endsWith("is missing") ? error.field : undefined
}

/** `target` with the value at `path` (`data[0].status`) copied from `source`. */
const withPath = (target: unknown, path: string, source: unknown): unknown => {
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== "")
  const copy = structuredClone(target) as Record<string, unknown>
  let to: Record<string, unknown> = copy
  let from = source as Record<string, unknown>
  keys.forEach((key, i) => {
    if (i === keys.length - 1) to[key] = from[key]
    else {
      to = to[key] as Record<string, unknown>
      from = from[key] as Record<string, unknown>
    }
  })
  return copy
}

const totals = { operations: 0, examples: 0, generated: 0, abridged: 0, chunks: 0 }

describe.skipIf(!hasLatestSpec)("forward compatibility with the latest spec", () => {
  const spec: LatestSpec | undefined = hasLatestSpec ? load() : undefined

  it("covers the 64 operations, each with a public call", () => {
    expect(operationIds).toHaveLength(64)
    for (const id of operationIds) {
      expect(spec!.operation(id), `${id} in the latest spec`).toBeDefined()
      expect(cases.some((c) => c.operationId === id)).toBe(true)
    }
  })

  for (const operationId of operationIds) {
    it.effect(operationId, () =>
      Effect.gen(function* () {
        const run = cases.find((c) => c.operationId === operationId)!.run as Run
        const raw = rawResponses[operationId]
        const failures: Array<string> = []
        const abridged: Array<string> = []
        totals.operations++
        if (raw !== undefined) {
          const failure = describeFailure(yield* decodeWith(run, raw))
          if (failure !== undefined) failures.push(`raw body: ${failure}`)
          totals.generated++
        }
        const samples: ReadonlyArray<Sample> = spec!.samples(operationId)
        if (raw === undefined) expect(samples.length).toBeGreaterThan(2)
        for (const sample of samples) {
          totals[sample.kind === "example" ? "examples" : "generated"]++
          const failure = describeFailure(yield* decodeWith(run, Testing.json(sample.body)))
          if (failure === undefined) continue
          if (sample.completed === undefined) {
            failures.push(`${sample.name}: ${failure}`)
            continue
          }
          // fill in, one by one, the missing fields the decoder names, and only those
          const { body, filled } = sample.completed
          let current = structuredClone(sample.body)
          const used: Array<string> = []
          let retry: string | undefined = failure
          for (let i = 0; i < 8 && retry !== undefined; i++) {
            const path = missingField(yield* decodeWith(run, Testing.json(current)))
            if (path === undefined || !filled.includes(path) || used.includes(path)) break
            current = withPath(current, path, body)
            used.push(path)
            retry = describeFailure(yield* decodeWith(run, Testing.json(current)))
          }
          if (retry !== undefined) failures.push(`${sample.name} (completed with ${used.join(", ")}): ${retry}`)
          abridged.push(`${sample.name}: ${used.join(", ")}`)
        }
        totals.abridged += abridged.length
        expect(failures).toEqual([])
        expect(abridged).toEqual(abridgedExamples[operationId] ?? [])
      }).pipe(Effect.provide(Testing.layer()))
    )
  }

  const streamRequest = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "Hi" }] }

  /** Plays `events` to `Chat.stream` and returns the chunks decoded. */
  const playChat = (events: ReadonlyArray<Testing.SseInput>) =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.sse(events))
      return Chunk.toReadonlyArray(yield* Stream.runCollect(Chat.stream(streamRequest)))
    }).pipe(Effect.provide(Testing.layer()))

  it.effect("chat chunks of the latest spec stream through, with unknown fields and values", () =>
    Effect.gen(function* () {
      const schema = { $ref: "#/components/schemas/CreateChatCompletionStreamResponse" }
      const generated = spec!.generate(schema, 60).map((s) => s.body)
      const example = spec!.exampleValues("createChatCompletion", /stream/i)
      expect(example.length).toBeGreaterThan(1)
      for (const events of [example, generated]) {
        const chunks = yield* playChat(events)
        expect(chunks).toHaveLength(events.length)
        totals.chunks += chunks.length
      }
      const base = Testing.Fixtures.chatCompletionChunk()
      const novel = [
        { ...base, service_tier: "flex", obfuscation: "x1", brand_new: { nested: [1] } },
        {
          ...base,
          choices: [{ index: 0, delta: { role: "developer", content: "", reasoning: "…" }, finish_reason: null }]
        },
        {
          ...base,
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index: 0, id: "call_1", type: "custom", custom: { name: "grep", input: "x" } }] },
              logprobs: null,
              finish_reason: null
            }
          ]
        },
        Testing.event("chat.completion.brand_new_event", { ...base, choices: [] }),
        { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "brand_new_reason" }] },
        // a comment line and a retry field inside the event: both ignored
        Testing.event("message", `${JSON.stringify({ ...base, choices: [] })}\n: keep-alive\nretry: 1000`)
      ]
      const chunks = yield* playChat(novel)
      totals.chunks += chunks.length
      expect(chunks).toHaveLength(novel.length)
      expect(chunks[1]?.choices[0]?.delta.role).toBe("developer")
      // a known field keeps its new value; unknown fields are dropped, as everywhere in responses
      expect(chunks[2]?.choices[0]?.delta.tool_calls?.[0]).toMatchObject({ type: "custom", id: "call_1" })
      expect(chunks[4]?.choices[0]?.finish_reason).toBe("brand_new_reason")
    })
  )

  it.effect("completion chunks of the latest spec stream through", () =>
    Effect.gen(function* () {
      const schema = { $ref: "#/components/schemas/CreateCompletionResponse" }
      const events = spec!.generate(schema, 40).map((s) => s.body)
      yield* Testing.enqueue(Testing.sse(events))
      const chunks = yield* Stream.runCollect(Completions.stream({ model: "gpt-3.5-turbo-instruct", prompt: "Hi" }))
      expect(chunks.length).toBe(events.length)
      totals.chunks += chunks.length
    }).pipe(Effect.provide(Testing.layer()))
  )

  it("reports the counts", () => {
    console.log(
      `forward-compat: ${totals.operations} operations, ${totals.examples} examples (${totals.abridged} abridged, completed) and ${totals.generated} generated bodies decoded, ${totals.chunks} stream chunks`
    )
    expect(totals.operations).toBe(64)
  })
})
