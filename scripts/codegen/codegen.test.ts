import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Yaml from "yaml"
import * as Generated from "../../packages/core/src/generated/index.js"
import { areaForPath } from "./areas.js"
import { defaultOutDir, generate, repoRoot, targetSpecPath } from "./generate.js"

const latestSpecPath = Path.resolve(repoRoot, "../shared/openapi/openai-openapi-latest.yaml")
const hasTarget = Fs.existsSync(targetSpecPath)
const hasLatest = Fs.existsSync(latestSpecPath)
if (!hasTarget) console.warn(`codegen tests: skipping the staleness check, ${targetSpecPath} does not exist`)
if (!hasLatest) console.warn(`codegen tests: skipping the 3.1 check, ${latestSpecPath} does not exist`)

const tempDir = (prefix: string) => Fs.mkdtempSync(Path.join(Os.tmpdir(), prefix))

const specOperations = (path: string) => {
  const spec = Yaml.parse(Fs.readFileSync(path, "utf8")) as {
    readonly paths: Record<string, Record<string, { readonly operationId?: string }>>
    readonly components: { readonly schemas: Record<string, unknown> }
  }
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, op]) =>
      op.operationId === undefined ? [] : [{ operationId: op.operationId, method: method.toUpperCase(), path }]
    )
  )
  return { operations, schemas: Object.keys(spec.components.schemas) }
}

describe("codegen", () => {
  it.skipIf(!hasTarget)("the committed output is what the generator writes", () => {
    const outDir = tempDir("codegen-fresh-")
    try {
      generate({ specPath: targetSpecPath, outDir })
      const fresh = Fs.readdirSync(outDir).sort()
      const committed = Fs.readdirSync(defaultOutDir).sort()
      expect(committed, "files in packages/core/src/generated (run `pnpm codegen`)").toEqual(fresh)
      for (const file of fresh) {
        const expected = Fs.readFileSync(Path.join(outDir, file), "utf8")
        const actual = Fs.readFileSync(Path.join(defaultOutDir, file), "utf8")
        if (actual !== expected) {
          expect.fail(`packages/core/src/generated/${file} is stale or edited by hand: run \`pnpm codegen\``)
        }
      }
    } finally {
      Fs.rmSync(outDir, { recursive: true, force: true })
    }
  })

  it("exports the 149 component schemas and the 64 operations", () => {
    const { operations, schemaModules, inlineBodySchemas } = Generated.Operations
    const exported = Object.entries(Generated).flatMap(([module, exports]) =>
      module === "Operations"
        ? []
        : Object.entries(exports)
            .filter(([, value]) => Schema.isSchema(value))
            .map(([name]) => ({ name, module }))
    )
    expect(exported.map((e) => e.name).sort()).toEqual(Object.keys(schemaModules).sort())
    for (const { name, module } of exported) expect(schemaModules[name as keyof typeof schemaModules]).toBe(module)
    const components = exported.filter((e) => !inlineBodySchemas.includes(e.name as never))
    expect(components).toHaveLength(149)
    expect([...inlineBodySchemas].sort()).toEqual([
      "CreateBatchRequest",
      "CreateTranscriptionResponse",
      "CreateTranslationResponse"
    ])
    expect(Object.keys(operations)).toHaveLength(64)
    for (const [id, op] of Object.entries(operations)) expect(op.operationId).toBe(id)

    if (hasTarget) {
      const spec = specOperations(targetSpecPath)
      expect(components.map((e) => e.name).sort()).toEqual([...spec.schemas].sort())
      expect(
        Object.values(operations)
          .map(({ operationId, method, path }) => ({ operationId, method, path }))
          .sort((a, b) => a.operationId.localeCompare(b.operationId))
      ).toEqual([...spec.operations].sort((a, b) => a.operationId.localeCompare(b.operationId)))
    }
  })

  it("maps paths to areas", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["/chat/completions", "Chat"],
      ["/fine_tuning/jobs/{fine_tuning_job_id}/events", "FineTuning"],
      ["/threads/{thread_id}", "Threads"],
      ["/threads/{thread_id}/messages/{message_id}", "Messages"],
      ["/threads/runs", "Runs"],
      ["/threads/{thread_id}/runs/{run_id}/submit_tool_outputs", "Runs"],
      ["/threads/{thread_id}/runs/{run_id}/steps/{step_id}", "RunSteps"],
      ["/vector_stores/{vector_store_id}", "VectorStores"],
      ["/vector_stores/{vector_store_id}/files/{file_id}", "VectorStoreFiles"],
      ["/vector_stores/{vector_store_id}/file_batches/{batch_id}/files", "VectorStoreFileBatches"],
      ["/organization/audit_logs", "Organization"],
      ["/responses?beta=true", "Responses"],
      ["/content_provenance_checks", "ContentProvenanceChecks"]
    ]
    for (const [path, area] of cases) expect(areaForPath(path), path).toBe(area)
    const { operations } = Generated.Operations
    expect(operations.createThreadAndRun.area).toBe("Runs")
    expect(operations.listFilesInVectorStoreBatch.area).toBe("VectorStoreFileBatches")
  })

  it("decodes responses tolerantly", () => {
    const decode = Schema.decodeUnknownEither(Generated.Chat.CreateChatCompletionResponse)
    const response = {
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1715000000,
      model: "gpt-4o-2099-01-01",
      system_fingerprint: null,
      brand_new_field: { nested: true },
      choices: [
        {
          index: 0,
          finish_reason: "brand_new_reason",
          logprobs: null,
          message: { role: "assistant", content: "hi", refusal: null }
        }
      ]
    }
    const decoded = decode(response)
    if (Either.isLeft(decoded)) expect.fail(String(decoded.left))
    expect(decoded.right.choices[0]?.finish_reason).toBe("brand_new_reason")
    expect(decoded.right).not.toHaveProperty("brand_new_field")

    // A union told apart by an open `type` keeps the fields of the right variant, and takes unknown
    // variants with every field they carry.
    const assistant = Schema.decodeUnknownSync(Generated.Assistants.AssistantObject)({
      id: "asst_1",
      object: "assistant",
      created_at: 1,
      name: null,
      description: null,
      model: "gpt-4o",
      instructions: null,
      metadata: null,
      tools: [
        { type: "code_interpreter" },
        { type: "function", function: { name: "f", parameters: { type: "object" } } },
        { type: "web_search_preview", settings: {} }
      ]
    })
    expect(assistant.tools).toEqual([
      { type: "code_interpreter" },
      { type: "function", function: { name: "f", parameters: { type: "object" } } },
      { type: "web_search_preview", settings: {} }
    ])
  })

  it("decodes what the API leaves out or sends empty, and new variants of one-variant objects", () => {
    const job = Schema.decodeUnknownSync(Generated.FineTuning.FineTuningJob)({
      id: "ftjob-1",
      object: "fine_tuning.job",
      created_at: 1,
      model: "gpt-4o-mini",
      organization_id: "org-1",
      result_files: [],
      status: "queued",
      training_file: "file-1",
      validation_file: null,
      seed: 1,
      error: {},
      hyperparameters: {}
    })
    // `{}` where the spec says null; nullable fields left out; a field with a default left out
    expect(job.error).toBeNull()
    expect(job.fine_tuned_model).toBeNull()
    expect(job.hyperparameters?.n_epochs).toBe("auto")
    expect(
      Schema.decodeUnknownSync(Generated.FineTuning.FineTuningJob)({
        ...job,
        error: { code: null, message: null, param: null }
      }).error
    ).toBeNull()
    // a deprecated field left out
    const file = { id: "file-1", object: "file", bytes: 1, created_at: 1, filename: "a.jsonl", purpose: "batch" }
    expect(Schema.decodeUnknownSync(Generated.Files.OpenAIFile)(file).status).toBeUndefined()
    // a tool call of a type the spec does not know keeps its fields
    const custom = { id: "call_1", type: "custom", custom: { name: "grep", input: "x" } }
    expect(Schema.decodeUnknownSync(Generated.Shared.ChatCompletionMessageToolCall)(custom)).toEqual(custom)
    const call = { id: "call_2", type: "function", function: { name: "f", arguments: "{}" }, extra: 1 }
    expect(Schema.decodeUnknownSync(Generated.Shared.ChatCompletionMessageToolCall)(call)).toEqual({
      id: "call_2",
      type: "function",
      function: { name: "f", arguments: "{}" }
    })
    expect(Schema.decodeUnknownSync(Generated.Images.ImagesResponse)({ created: 1 }).data).toEqual([])
  })

  it("generates strict query schemas", () => {
    const listAssistants = Schema.decodeUnknownEither(Generated.Parameters.query.listAssistants)
    expect(Either.isRight(listAssistants({ limit: 20, order: "asc", after: "asst_1" }))).toBe(true)
    expect(Either.isLeft(listAssistants({ limit: 1.5 }))).toBe(true)
    expect(Either.isLeft(listAssistants({ order: "sideways" }))).toBe(true)
    expect(Object.keys(Generated.Parameters.query)).toContain("listVectorStoreFiles")
  })

  it("decodes an empty list page, whose cursors the API sends as null", () => {
    const empty = { object: "list", data: [], first_id: null, last_id: null, has_more: false }
    for (const schema of [
      Generated.Assistants.ListAssistantsResponse,
      Generated.Messages.ListMessagesResponse,
      Generated.Runs.ListRunsResponse,
      Generated.RunSteps.ListRunStepsResponse,
      Generated.VectorStores.ListVectorStoresResponse,
      Generated.Shared.ListVectorStoreFilesResponse,
      Generated.Batches.ListBatchesResponse
    ]) {
      expect(Either.isRight(Schema.decodeUnknownEither(schema as Schema.Schema<unknown, unknown>)(empty))).toBe(true)
    }
  })

  it("validates requests strictly", () => {
    const decode = Schema.decodeUnknownEither(Generated.Chat.CreateChatCompletionRequest)
    const valid = { model: "gpt-4o-2099-01-01", messages: [{ role: "user", content: "hi" }] }
    expect(Either.isRight(decode(valid))).toBe(true)
    const invalid = decode({ ...valid, messages: [{ role: "robot", content: "hi" }] })
    expect(Either.isLeft(invalid)).toBe(true)
    expect(Either.isLeft(decode({ ...valid, temperature: "hot" }))).toBe(true)
    expect(Either.isLeft(decode({ ...valid, n: 1.5 }))).toBe(true)
    // Corrected spec error: `batch` is a valid upload purpose.
    const file = new Uint8Array([1])
    expect(Schema.is(Generated.Files.CreateFileRequest)({ file, purpose: "batch" })).toBe(true)
    expect(Schema.is(Generated.Files.CreateFileRequest)({ file, purpose: "other" })).toBe(false)
  })

  it.skipIf(!hasLatest)("generates from the OpenAPI 3.1 spec without throwing", () => {
    const outDir = tempDir("codegen-latest-")
    try {
      const result = generate({ specPath: latestSpecPath, outDir, format: false })
      expect(result.operations).toBe(288)
      expect(result.componentSchemas).toBe(1422)
      expect(result.warnings).toEqual([])
      expect(Fs.readdirSync(outDir)).toContain("Responses.ts")
    } finally {
      Fs.rmSync(outDir, { recursive: true, force: true })
    }
  })
})
