/**
 * Loading an OpenAPI document and reading its JSON Schema nodes, for both the
 * 3.0 and the 3.1 dialects used by OpenAI's specs.
 */
import * as Fs from "node:fs"
import * as Yaml from "yaml"

/** A JSON Schema / OpenAPI object node, read loosely. */
export type Node = { readonly [key: string]: unknown }

export interface Spec {
  readonly root: Node
  readonly fileName: string
  /** The component schemas, in the order of the document (patches may replace entries). */
  readonly components: Map<string, unknown>
}

const SCHEMA_REF_PREFIX = "#/components/schemas/"

export const isNode = (u: unknown): u is Node => typeof u === "object" && u !== null && !Array.isArray(u)

export const asNode = (u: unknown): Node | undefined => (isNode(u) ? u : undefined)

export const asArray = (u: unknown): ReadonlyArray<unknown> | undefined => (Array.isArray(u) ? u : undefined)

export const asString = (u: unknown): string | undefined => (typeof u === "string" ? u : undefined)

export const loadSpec = (path: string, fileName: string): Spec => {
  const root: unknown = Yaml.parse(Fs.readFileSync(path, "utf8"), { maxAliasCount: -1 })
  if (!isNode(root)) throw new Error(`${path}: not an OpenAPI document`)
  const schemas = asNode(asNode(root["components"])?.["schemas"]) ?? {}
  return { root, fileName, components: new Map(Object.entries(schemas)) }
}

/** Unescapes one JSON Pointer token. */
const unescapeToken = (token: string): string => decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~")

/** The component name a `$ref` points at, when it points at `#/components/schemas/<name>`. */
export const componentRefName = (ref: string): string | undefined =>
  ref.startsWith(SCHEMA_REF_PREFIX) && !ref.slice(SCHEMA_REF_PREFIX.length).includes("/")
    ? unescapeToken(ref.slice(SCHEMA_REF_PREFIX.length))
    : undefined

/** Follows a local JSON Pointer (`#/a/b`) from the document root. */
export const resolvePointer = (spec: Spec, ref: string): unknown => {
  if (!ref.startsWith("#")) throw new Error(`unsupported non-local $ref: ${ref}`)
  let current: unknown = spec.root
  for (const token of ref
    .slice(1)
    .split("/")
    .filter((t) => t.length > 0)) {
    const key = unescapeToken(token)
    if (Array.isArray(current)) current = current[Number(key)]
    else if (isNode(current)) current = current[key]
    else return undefined
  }
  return current
}

/** Follows `$ref`s (of any local kind) until a node without one is reached. */
export const deref = (spec: Spec, node: unknown, limit = 32): unknown => {
  let current = node
  for (let i = 0; i < limit && isNode(current) && typeof current["$ref"] === "string"; i++) {
    current = resolvePointer(spec, current["$ref"])
  }
  return current
}

/** Keys whose values are data, not schemas: never walked for references. */
const DATA_KEYS = new Set(["example", "examples", "default", "const", "enum", "x-oaiMeta", "discriminator"])
/** Keys whose values map names to schemas. */
const MAP_KEYS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"])

/**
 * The component schemas a node refers to, directly or through nested
 * schemas. `$recursiveRef` and `$dynamicRef` count as references to `self`.
 */
export const collectRefs = (
  spec: Spec,
  node: unknown,
  self: string | undefined,
  out = new Set<string>()
): Set<string> => {
  const seenPointers = new Set<string>()
  const walk = (u: unknown): void => {
    if (Array.isArray(u)) {
      for (const item of u) walk(item)
      return
    }
    if (!isNode(u)) return
    for (const [key, value] of Object.entries(u)) {
      if (key === "$ref" && typeof value === "string") {
        const name = componentRefName(value)
        if (name !== undefined) out.add(name)
        else if (!seenPointers.has(value)) {
          seenPointers.add(value)
          walk(resolvePointer(spec, value))
        }
      } else if ((key === "$recursiveRef" || key === "$dynamicRef") && self !== undefined) {
        out.add(self)
      } else if (MAP_KEYS.has(key)) {
        if (isNode(value)) for (const v of Object.values(value)) walk(v)
      } else if (!DATA_KEYS.has(key)) {
        walk(value)
      }
    }
  }
  walk(node)
  return out
}

/** `createChatCompletion` → `CreateChatCompletion`, `fine_tuning` → `FineTuning`. */
export const pascalCase = (s: string): string => {
  const out = s
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("")
  if (out.length === 0) return "Root"
  return /^[0-9]/.test(out) ? `Api${out}` : out
}
