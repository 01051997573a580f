/**
 * The latest OpenAPI spec (the API as it is today) and the response samples
 * of the forward-compatibility test: for each operation, the response
 * examples the spec gives (`x-oaiMeta` examples of the operation and of its
 * response schema: JSON strings) and values generated from the response
 * schema.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Yaml from "yaml"
import { fillMissingRequired, makeSampler, parseLooseJson } from "./compat-sample.js"

const repoRoot = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../../..")

/** `$OPENAI_LATEST_OPENAPI_SPEC`, else `../shared/openapi/openai-openapi-latest.yaml` next to the repository. */
export const latestSpecPath: string = (() => {
  const fromEnv = process.env.OPENAI_LATEST_OPENAPI_SPEC
  return fromEnv !== undefined && fromEnv !== ""
    ? Path.resolve(fromEnv)
    : Path.resolve(repoRoot, "../shared/openapi/openai-openapi-latest.yaml")
})()

export const hasLatestSpec: boolean = Fs.existsSync(latestSpecPath)

/** Generated samples per response schema, besides one "full" and one "minimal". */
export const RANDOM_SAMPLES = 20

export interface Sample {
  readonly name: string
  readonly kind: "example" | "generated"
  readonly body: unknown
  /** An abridged example completed with the fields its own schema requires, and the paths filled */
  readonly completed?: { readonly body: unknown; readonly filled: ReadonlyArray<string> } | undefined
}

type Node = Record<string, any>

export interface LatestSpec {
  readonly root: Node
  /** The operation of the latest spec, by operationId */
  readonly operation: (operationId: string) => Node | undefined
  /** The JSON response schema of an operation's success response */
  readonly responseSchema: (operationId: string) => unknown
  /** The examples and generated samples of an operation's JSON response */
  readonly samples: (operationId: string) => ReadonlyArray<Sample>
  /** Generated samples of any schema (for the stream chunks) */
  readonly generate: (schema: unknown, count: number) => ReadonlyArray<Sample>
  /** Every JSON value of an operation's examples whose title matches */
  readonly exampleValues: (operationId: string, title: RegExp) => ReadonlyArray<unknown>
}

const examplesOf = (op: Node | undefined): ReadonlyArray<Node> => {
  const examples = op?.["x-oaiMeta"]?.examples
  return Array.isArray(examples) ? examples : examples !== undefined ? [examples] : []
}

export const load = (): LatestSpec => {
  const root = Yaml.parse(Fs.readFileSync(latestSpecPath, "utf8"), { maxAliasCount: -1 }) as Node
  const byId = new Map<string, Node>()
  for (const item of Object.values<Node>(root.paths ?? {})) {
    for (const op of Object.values<Node>(item)) {
      if (typeof op?.operationId === "string") byId.set(op.operationId, op)
    }
  }
  const sampler = makeSampler(root)
  const responseSchema = (operationId: string): unknown => {
    const responses = byId.get(operationId)?.responses ?? {}
    const success = Object.entries<Node>(responses).find(([status]) => status.startsWith("2"))?.[1]
    return success?.content?.["application/json"]?.schema
  }
  const generate = (schema: unknown, count: number): ReadonlyArray<Sample> => [
    {
      name: "generated full",
      kind: "generated",
      body: sampler.sample(schema, { seed: 1, mode: "full", extraFields: true })
    },
    { name: "generated minimal", kind: "generated", body: sampler.sample(schema, { seed: 2, mode: "minimal" }) },
    ...Array.from({ length: count }, (_, i) => ({
      name: `generated random #${i}`,
      kind: "generated" as const,
      body: sampler.sample(schema, { seed: 1000 + i, mode: "random", extraFields: true })
    }))
  ]
  const example = (name: string, schema: unknown, body: unknown): Sample => {
    const fill = fillMissingRequired(root, schema, body, (s) => sampler.sample(s, { seed: 7, mode: "minimal" }))
    return {
      name,
      kind: "example",
      body,
      completed: fill.filled.length === 0 ? undefined : { body: fill.value, filled: fill.filled }
    }
  }
  const samples = (operationId: string): ReadonlyArray<Sample> => {
    const schema = responseSchema(operationId)
    if (schema === undefined || (schema as Node).type === "string") return []
    const out: Array<Sample> = []
    for (const ex of examplesOf(byId.get(operationId))) {
      if (typeof ex.response !== "string") continue
      const values = parseLooseJson(ex.response)
      if (values.length === 1) out.push(example(`example "${ex.title ?? "response"}"`, schema, values[0]))
    }
    const ref = (schema as Node).$ref
    if (typeof ref === "string") {
      const component = root.components?.schemas?.[ref.split("/").pop()!]
      const text = component?.["x-oaiMeta"]?.example
      if (typeof text === "string") {
        const values = parseLooseJson(text)
        if (values.length === 1) out.push(example(`example of ${ref.split("/").pop()}`, schema, values[0]))
      }
    }
    return [...out, ...generate(schema, RANDOM_SAMPLES)]
  }
  const exampleValues = (operationId: string, title: RegExp): ReadonlyArray<unknown> =>
    examplesOf(byId.get(operationId))
      .filter((ex) => typeof ex.response === "string" && title.test(String(ex.title ?? "")))
      .flatMap((ex) => parseLooseJson(ex.response))
  return { root, operation: (id) => byId.get(id), responseSchema, samples, generate, exampleValues }
}
