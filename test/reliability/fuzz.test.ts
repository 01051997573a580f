/**
 * Fuzzed input: for every method of every service, fast-check generates the
 * arguments — request parameters derived from the request schema
 * (`Arbitrary.make`) and hostile ones (wrong types, missing fields, `null`,
 * `NaN`/`Infinity`, huge strings, deep nesting, unknown enum values,
 * `__proto__`/`constructor` keys, cycles, bigints, dates), path ids (empty,
 * `..`, slashes, numbers, lone surrogates) and list parameters — and runs
 * the call on the test kit with a generic answer queued.
 *
 * Each run ends in one of two ways, never in a thrown exception or a defect:
 * - a request was sent, and it is exactly what was asked for: the body the
 *   params describe (nothing dropped, nothing turned into `null`), valid
 *   against the request schema; the path with each id encoded as one
 *   segment; the list parameters in the query, valid for the spec's query;
 * - an `InvalidRequestError` whose issues name the offending field, and
 *   nothing was sent.
 * Composite helpers (polling, upload then attach) are checked for the
 * second half: never a defect, and nothing sent for invalid input.
 */
import { describe, expect, it } from "@effect/vitest"
import { OpenAiError, Testing } from "@effect-openai/core"
import { Cause, Chunk, Effect, Either, Exit, FastCheck as fc, ManagedRuntime, Option, Schema, Stream } from "effect"
import { operations } from "../../packages/core/src/generated/Operations.js"
import { query as querySchemas } from "../../packages/core/src/generated/Parameters.js"
import { idArbitrary, listArbitrary, type Mutated, mutate, paramsArbitrary } from "./support/fuzz-arbitrary.js"
import { services, type Target } from "./support/fuzz-targets.js"

fc.configureGlobal({ ...fc.readConfigureGlobal(), baseSize: "xsmall" })

/** Runs per method (a third of them with every argument valid). */
const RUNS = 60
/** Methods without any argument only repeat the same call. */
const RUNS_WITHOUT_ARGUMENTS = 3

const legacyPaths: Readonly<Record<string, string>> = {
  createEdit: "/edits",
  createFineTune: "/fine-tunes",
  listFineTunes: "/fine-tunes",
  retrieveFineTune: "/fine-tunes/{fine_tune_id}",
  cancelFineTune: "/fine-tunes/{fine_tune_id}/cancel",
  listFineTuneEvents: "/fine-tunes/{fine_tune_id}/events",
  listEngines: "/engines",
  retrieveEngine: "/engines/{engine_id}",
  createAssistantFile: "/assistants/{assistant_id}/files",
  retrieveAssistantFile: "/assistants/{assistant_id}/files/{file_id}",
  listAssistantFiles: "/assistants/{assistant_id}/files",
  deleteAssistantFile: "/assistants/{assistant_id}/files/{file_id}",
  retrieveMessageFile: "/threads/{thread_id}/messages/{message_id}/files/{file_id}",
  listMessageFiles: "/threads/{thread_id}/messages/{message_id}/files"
}

const pathTemplate = (operationId: string): string =>
  (operations as Readonly<Record<string, { readonly path: string }>>)[operationId]?.path ?? legacyPaths[operationId]!

const responseFor = (target: Target): Testing.FakeResponse => {
  switch (target.response) {
    case "list":
      return Testing.json({ object: "list", data: [], first_id: null, last_id: null, has_more: false })
    case "sse":
      return Testing.sse([])
    case "bytes":
      return Testing.bytes([new Uint8Array([1, 2, 3])])
    case "text":
      return Testing.text("ok")
    case "json":
      return Testing.json({})
  }
}

interface Input {
  readonly ids: ReadonlyArray<unknown>
  readonly params: Mutated | undefined
  readonly file: unknown
}

const noMutation = (value: unknown): Mutated => ({ value, mutation: "none", path: "" })

const inputArbitrary = (target: Target): fc.Arbitrary<Input> => {
  // composite helpers get hostile ids, and params that are no object (see `rootExamples`), not mutated params
  const params: fc.Arbitrary<Mutated | undefined> =
    target.body !== undefined
      ? (() => {
          const valid = paramsArbitrary(target.body)
          return target.composite === true
            ? valid.map(noMutation)
            : fc.oneof(valid.map(noMutation), mutate(valid), mutate(valid))
        })()
      : target.list === true
        ? listArbitrary
        : fc.constant(undefined)
  const file =
    target.fileArgument === undefined
      ? fc.constant(undefined)
      : target.fileArgument === "one"
        ? fc.constantFrom<unknown>(new File(["{}"], "data.jsonl"), null, 42, "not a file", {})
        : fc.constantFrom<unknown>([new File(["{}"], "data.jsonl")], [new File(["a"], "a.txt"), "b", null])
  return fc.record({ ids: fc.tuple(...target.ids.map(() => idArbitrary)), params, file })
}

const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && Object.getPrototypeOf(u) === Object.prototype

/** What the method sends for `params`: the params, with `stream` set or removed as the method decides. */
const expectedBody = (target: Target, params: unknown): unknown => {
  if (target.stream === undefined || !isPlainObject(params)) return params
  const { stream: _, ...rest } = params
  return target.stream === "set" ? { ...rest, stream: true } : rest
}

/** `sent` is exactly the JSON `expected` describes (fields set to `undefined` being absent). */
const jsonEqual = (sent: unknown, expected: unknown): boolean => {
  if (expected === null || typeof expected !== "object") return sent === expected
  if (Array.isArray(expected)) {
    return Array.isArray(sent) && sent.length === expected.length && expected.every((v, i) => jsonEqual(sent[i], v))
  }
  if (typeof sent !== "object" || sent === null || Array.isArray(sent)) return false
  const expectedObject = expected as Record<string, unknown>
  const keys = Object.keys(expectedObject).filter((k) => expectedObject[k] !== undefined)
  const sentObject = sent as Record<string, unknown>
  return (
    Object.keys(sentObject).length === keys.length &&
    keys.every((k) => Object.hasOwn(sentObject, k) && jsonEqual(sentObject[k], expectedObject[k]))
  )
}

const isFile = (u: unknown) =>
  u instanceof Blob || u instanceof Uint8Array || (isPlainObject(u) && u._tag === "UploadSource")

/** The form fields a multipart body of `value` has: `name[]` for arrays, `name[key]` for objects. */
const formFields = (value: Record<string, unknown>): Record<string, Array<unknown>> => {
  const out: Record<string, Array<unknown>> = Object.create(null)
  const push = (name: string, v: unknown) => {
    out[name] = [...(out[name] ?? []), v]
  }
  const add = (name: string, u: unknown): void => {
    if (u === undefined || u === null) return
    if (isFile(u)) push(name, "<file>")
    else if (Array.isArray(u)) for (const item of u) add(`${name}[]`, item)
    else if (typeof u === "object")
      for (const key of Object.keys(u)) add(`${name}[${key}]`, (u as Record<string, unknown>)[key])
    else push(name, String(u))
  }
  for (const key of Object.keys(value)) add(key, value[key])
  return out
}

const related = (field: string, path: string): boolean => {
  const head = (s: string) => s.split(/[.[]/)[0]
  return path === "(root)" || field === "(root)" || head(field) === head(path)
}

/** Every method also gets params that are no object at all, and ids that are no string. */
const rootExamples = (target: Target): Array<[Input]> => {
  const ids = target.ids.map((_, i) => `id_${i}`)
  const file = target.fileArgument === "many" ? [new File(["{}"], "data.jsonl")] : new File(["{}"], "data.jsonl")
  const takesParams = target.body !== undefined || target.list === true
  const roots: ReadonlyArray<unknown> = [null, 42, "params", [], () => 1, new Date(0)]
  const paramExamples: Array<[Input]> = takesParams
    ? roots.map((value) => [{ ids, params: { value, mutation: "params replaced", path: "(root)" }, file }])
    : []
  const validParams =
    target.body !== undefined
      ? noMutation(fc.sample(paramsArbitrary(target.body), { numRuns: 1, seed: 1 })[0])
      : target.list === true
        ? noMutation({})
        : undefined
  const idExamples: Array<[Input]> = target.ids.map((_, i) => [
    { ids: ids.map((id, j) => (i === j ? null : id)), params: validParams, file }
  ])
  return [...paramExamples, ...idExamples]
}

const runsBy: Record<string, number> = {}
const outcomes = { sent: 0, invalid: 0 }

/** One run: the call, then the checks. Returns a description of what is wrong, if anything. */
const runOnce = (target: Target, input: Input) =>
  Effect.gen(function* () {
    const kit = yield* Testing.TestHttp
    yield* kit.reset
    for (let i = 0; i < 4; i++) yield* kit.enqueue(responseFor(target))
    const instance = (yield* target.tag) as Record<string, (...args: ReadonlyArray<unknown>) => unknown>
    const args: Array<unknown> = [...input.ids]
    if (target.fileArgument !== undefined) args.push(input.file)
    if (input.params !== undefined) args.push(input.params.value)
    let call: unknown
    try {
      call = instance[target.method]!(...args)
    } catch (error) {
      return `the call threw: ${String(error)}`
    }
    const effect =
      Stream.StreamTypeId in (call as object)
        ? Stream.runDrain(call as Stream.Stream<unknown, OpenAiError.OpenAiError>)
        : (call as Effect.Effect<unknown, OpenAiError.OpenAiError>)
    const exit = yield* Effect.exit(Effect.timeout(effect, "10 seconds"))
    const sent = yield* kit.requests
    if (Exit.isFailure(exit) && !Chunk.isEmpty(Cause.defects(exit.cause)))
      return `a defect: ${Cause.pretty(exit.cause)}`
    const error = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
    if (Exit.isFailure(exit) && error === undefined) return "interrupted"
    if (error instanceof OpenAiError.InvalidRequestError) {
      outcomes.invalid++
      if (sent.length > 0) return `InvalidRequestError (${error.field}) but ${sent.length} request(s) sent`
      if (error.field === "") return "InvalidRequestError without a field"
      const odd = target.ids.filter(
        (_, i) => typeof input.ids[i] !== "string" || !/^[a-z]{2,8}_[A-Za-z0-9]+$/.test(input.ids[i] as string)
      )
      const fileOk = target.fileArgument === undefined || input.file instanceof File || Array.isArray(input.file)
      if (odd.length === 0 && input.params?.mutation !== "params replaced" && input.params?.path === "" && fileOk) {
        return `valid input refused: ${error.message}`
      }
      const suspects = [
        ...odd,
        ...(input.params === undefined ? [] : [input.params.path || "(any)"]),
        ...(target.fileArgument !== undefined && !(input.file instanceof File) ? ["file", "(any)"] : [])
      ]
      const named = error.issues.some(
        (issue) => suspects.includes(issue.field) || suspects.some((s) => s === "(any)" || related(issue.field, s))
      )
      return named
        ? undefined
        : `InvalidRequestError names ${error.issues.map((i) => i.field).join(", ")}, not ${suspects.join(" or ")}`
    }
    if (error !== undefined && (error as { _tag?: string })._tag === "TimeoutException") return "the call hung"
    if (target.composite === true) return undefined
    outcomes.sent++
    if (sent.length !== 1) return `${sent.length} requests sent, expected 1`
    const request = sent[0]!
    let path = `/v1${pathTemplate(target.operationId)}`
    target.ids.forEach((name, i) => {
      path = path.replace(`{${name}}`, encodeURIComponent(input.ids[i] as string))
    })
    if (request.path !== path) return `sent to ${request.path}, expected ${path}`
    if (target.list === true && input.params !== undefined) {
      // every query value comes from the params as given; the ones the spec declares are valid for it
      // (list params that are no object are read the way the services read them: spread)
      const params = { ...(input.params.value as object) } as Record<string, unknown>
      for (const [key, value] of Object.entries(request.query)) {
        if (key === "after" && target.method.endsWith("All")) continue
        const asked = params[key]
        if (value !== String(asked)) return `query ${key}=${value}, asked ${String(asked)}`
      }
      const schema = (querySchemas as Readonly<Record<string, Schema.Struct<any> | undefined>>)[target.operationId]
      if (schema !== undefined) {
        const known = Object.keys(request.query).filter((key) => key in schema.fields)
        const sentKnown = Object.fromEntries(known.map((key) => [key, params[key]]))
        if (Either.isLeft(Schema.decodeUnknownEither(schema as unknown as Schema.Schema<any, any>)(sentKnown))) {
          return `query sent although invalid: ${JSON.stringify(sentKnown)}`
        }
      }
    }
    if (target.body !== undefined && input.params !== undefined) {
      const expected = expectedBody(target, input.params.value)
      if (target.multipart === true) {
        if (!Schema.is(target.body)(expected)) return "a multipart body sent although invalid"
        const fields = formFields(expected as Record<string, unknown>)
        const recorded = request.body as Record<string, unknown>
        for (const [name, values] of Object.entries(fields)) {
          const got = ([] as Array<unknown>).concat(recorded[name])
          const same =
            got.length === values.length &&
            values.every((v, i) => (v === "<file>" ? isPlainObject(got[i]) : got[i] === v))
          if (!same) return `form field ${name}: sent ${JSON.stringify(got)}, expected ${JSON.stringify(values)}`
        }
        if (Object.keys(recorded).length !== Object.keys(fields).length) return "extra form fields sent"
      } else {
        if (!jsonEqual(request.body, expected)) return "the body sent differs from the params"
        const decoded = Schema.decodeUnknownEither(target.body)(request.body)
        if (Either.isLeft(decoded)) return `the body sent is not valid: ${String(decoded.left).slice(0, 300)}`
      }
    }
    return undefined
  })

describe("fuzzed input", () => {
  const runtime = ManagedRuntime.make(Testing.layer())

  it.effect("covers every method of every service", () =>
    Effect.gen(function* () {
      for (const service of services) {
        const instance = (yield* service.tag) as object
        expect(Object.keys(instance).sort(), service.name).toEqual(service.targets.map((t) => t.method).sort())
      }
    }).pipe(Effect.provide(Testing.layer()))
  )

  for (const service of services) {
    it(`${service.name}: every run sends a valid request or fails with InvalidRequestError`, async () => {
      for (const target of service.targets) {
        const hasArguments = target.ids.length > 0 || target.body !== undefined || target.list === true
        const numRuns = hasArguments ? RUNS : RUNS_WITHOUT_ARGUMENTS
        await fc.assert(
          fc.asyncProperty(inputArbitrary(target), async (input) => {
            const problem = await runtime.runPromise(runOnce(target, input))
            if (problem !== undefined) {
              const shown =
                input.params === undefined ? "" : ` (params: ${input.params.mutation} at ${input.params.path})`
              throw new Error(`${target.service}.${target.method}${shown}: ${problem}`)
            }
          }),
          { numRuns, seed: 20_240_501, endOnFailure: true, examples: rootExamples(target) }
        )
        runsBy[service.name] = (runsBy[service.name] ?? 0) + numRuns
      }
    })
  }

  it("reports the runs", async () => {
    await runtime.dispose()
    const total = Object.values(runsBy).reduce((a, b) => a + b, 0)
    console.log(
      `fuzz: ${total} runs (${outcomes.sent} sent valid, ${outcomes.invalid} InvalidRequestError) — ${Object.entries(
        runsBy
      )
        .map(([name, n]) => `${name} ${n}`)
        .join(", ")}`
    )
    expect(total).toBeGreaterThan(0)
  })
})
