/**
 * A small sample generator for the JSON Schema dialect of OpenAPI 3.1 (and
 * 3.0's `nullable`), for the forward-compatibility test: it produces values
 * of a response schema of the latest spec, the way the API would send them.
 *
 * Every choice (which optional fields, which `oneOf` variant, which enum
 * value, `null` or not) comes from a seeded generator, so a sample is
 * reproducible from its seed. `mode: "full"` takes every optional field,
 * `"minimal"` only the required ones, `"random"` decides field by field.
 */
import { prng } from "../../../packages/mock-server/src/internal/text.js"
import { resolvePointer as resolveSpecPointer, type Spec } from "../../../scripts/codegen/spec.js"

/** A JSON Schema node, read loosely. */
type Node = { readonly [key: string]: unknown }

const isNode = (u: unknown): u is Node => typeof u === "object" && u !== null && !Array.isArray(u)
const asArray = (u: unknown): ReadonlyArray<unknown> | undefined => (Array.isArray(u) ? u : undefined)

export interface SampleOptions {
  readonly seed: number
  readonly mode: "full" | "minimal" | "random"
  /** Adds a field no spec knows to every object with declared properties (random mode: some of them). */
  readonly extraFields?: boolean | undefined
}

/** Follows a local JSON pointer from the document root (the generator's own reader). */
export const resolvePointer = (root: unknown, ref: string): unknown =>
  resolveSpecPointer({ root: root as Spec["root"], fileName: "", components: new Map() }, ref)

/** The types a node allows, `null` apart. */
const typesOf = (node: Node): { readonly types: ReadonlyArray<string>; readonly nullable: boolean } => {
  const type = node["type"]
  const list = typeof type === "string" ? [type] : (asArray(type)?.filter((t) => typeof t === "string") ?? [])
  const types = list as Array<string>
  return { types: types.filter((t) => t !== "null"), nullable: node["nullable"] === true || types.includes("null") }
}

const MAX_DEPTH = 14

/**
 * A sampler over one spec document: `sample(schema, options)` returns a value.
 */
export const makeSampler = (root: unknown) => {
  const sample = (schema: unknown, options: SampleOptions): unknown => {
    const random = prng(options.seed)
    const chance = (p: number) => random() < p
    const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)]!
    let extraCounter = 0

    const gen = (u: unknown, depth: number): unknown => {
      if (!isNode(u)) return u === false ? null : {}
      if (depth > 3 * MAX_DEPTH) return null
      if (typeof u["$ref"] === "string") return gen(resolvePointer(root, u["$ref"]), depth + 1)
      // deep down (recursive schemas): the shortest way out
      const recursing = depth > MAX_DEPTH
      const { types, nullable } = typesOf(u)
      if (nullable && (recursing || (options.mode === "random" && chance(0.2)))) return null
      if ("const" in u) return u["const"]
      const en = asArray(u["enum"])
      if (en !== undefined && en.length > 0) {
        const values = en.filter((v) => v !== null)
        return values.length === 0 ? null : options.mode === "full" ? values[0] : pick(values)
      }
      const allOf = asArray(u["allOf"])
      if (allOf !== undefined) return gen(mergeAllOf(root, u, allOf), depth + 1)
      const union = asArray(u["oneOf"]) ?? asArray(u["anyOf"])
      if (union !== undefined && union.length > 0) {
        const members = union.filter((m) => !(isNode(m) && (m["type"] === "null" || m["const"] === null)))
        const hasNull = members.length < union.length
        if (hasNull && (recursing || (options.mode === "random" && chance(0.2)))) return null
        if (members.length === 0) return null
        const rest: Record<string, unknown> = { ...u }
        delete rest["oneOf"]
        delete rest["anyOf"]
        delete rest["discriminator"]
        const member = recursing ? shallowest(members) : options.mode === "full" ? members[0] : pick(members)
        const hasOwnShape = isNode(rest["properties"]) || rest["type"] !== undefined
        return gen(hasOwnShape ? { allOf: [rest, member] } : member, depth + 1)
      }
      const type =
        types.length > 0
          ? options.mode === "full"
            ? types[0]!
            : pick(types)
          : isNode(u["properties"]) || u["additionalProperties"] !== undefined
            ? "object"
            : u["items"] !== undefined
              ? "array"
              : undefined
      const example = exampleOf(u)
      switch (type) {
        case "string":
          if (example !== undefined && typeof example === "string" && chance(0.5)) return example
          return stringFor(u, random)
        case "integer":
          if (typeof example === "number" && chance(0.5)) return example
          return typeof u["minimum"] === "number" ? u["minimum"] : Math.floor(random() * 1000)
        case "number":
          if (typeof example === "number" && chance(0.5)) return example
          return typeof u["minimum"] === "number" ? u["minimum"] : Math.round(random() * 1e6) / 1e3
        case "boolean":
          return chance(0.5)
        case "null":
          return null
        case "array": {
          const min = typeof u["minItems"] === "number" ? u["minItems"] : 0
          const count = recursing ? min : options.mode === "minimal" ? min : Math.max(min, 1 + Math.floor(random() * 2))
          return Array.from({ length: count }, () => gen(u["items"], depth + 1))
        }
        case "object":
          return object(u, depth, recursing)
        default:
          // no type: any JSON value
          if (example !== undefined) return example
          return options.mode === "minimal" ? {} : { any: "value" }
      }
    }

    const object = (u: Node, depth: number, recursing: boolean) => {
      const props = isNode(u["properties"]) ? u["properties"] : {}
      const required = new Set((asArray(u["required"]) ?? []).filter((r): r is string => typeof r === "string"))
      const out: Record<string, unknown> = {}
      for (const [key, schema] of Object.entries(props)) {
        const take =
          required.has(key) || (!recursing && (options.mode === "full" || (options.mode === "random" && chance(0.6))))
        if (take) out[key] = gen(schema, depth + 1)
      }
      const addl = u["additionalProperties"]
      if (Object.keys(props).length === 0 && addl !== false && options.mode !== "minimal" && !recursing) {
        out.key_1 = isNode(addl) ? gen(addl, depth + 1) : "value"
      }
      if (
        options.extraFields === true &&
        Object.keys(props).length > 0 &&
        !isNode(addl) &&
        (options.mode !== "random" || chance(0.3))
      ) {
        out[`future_field_${++extraCounter}`] = { added: "after the spec", n: [1, 2] }
      }
      return out
    }

    /** The member with the fewest references, to end a recursion. */
    const shallowest = (members: ReadonlyArray<unknown>) =>
      [...members].sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length)[0]

    return gen(schema, 0)
  }
  return { sample }
}

/** `allOf`: the properties and required fields of every object member, merged. */
export const mergeAllOf = (root: unknown, u: Node, members: ReadonlyArray<unknown>): unknown => {
  const resolved = members.map((m) => {
    let node = m
    for (let i = 0; i < 16 && isNode(node) && typeof node["$ref"] === "string"; i++) {
      node = resolvePointer(root, node["$ref"])
    }
    return node
  })
  const objects = resolved.filter(
    (m): m is Node =>
      isNode(m) &&
      (isNode(m["properties"]) || m["type"] === "object" || asArray(m["allOf"]) !== undefined) &&
      asArray(m["oneOf"]) === undefined &&
      asArray(m["anyOf"]) === undefined
  )
  const others = resolved.filter((m) => !objects.includes(m as Node))
  const properties: Record<string, unknown> = {}
  const required: Array<unknown> = []
  const collect = (node: Node) => {
    for (const inner of asArray(node["allOf"]) ?? []) {
      const r = isNode(inner) && typeof inner["$ref"] === "string" ? resolvePointer(root, inner["$ref"]) : inner
      if (isNode(r)) collect(r)
    }
    Object.assign(properties, isNode(node["properties"]) ? node["properties"] : {})
    required.push(...(asArray(node["required"]) ?? []))
  }
  for (const o of objects) collect(o)
  const rest: Record<string, unknown> = { ...u }
  delete rest["allOf"]
  if (isNode(rest["properties"])) collect(rest as Node)
  const merged = { type: "object", properties, required }
  if (others.length === 0) return merged
  // a union or a scalar among the members: it decides, with the merged fields next to it
  return { ...(others[0] as Node), ...(Object.keys(properties).length > 0 ? { properties, required } : {}) }
}

const exampleOf = (node: Node): unknown => {
  if ("example" in node) return node["example"]
  const examples = asArray(node["examples"])
  return examples?.[0]
}

const stringFor = (node: Node, random: () => number): string => {
  switch (node["format"]) {
    case "date-time":
      return "2026-08-21T20:48:10Z"
    case "uri":
      return "https://example.com/resource"
    case "binary":
    case "byte":
      return "c2FtcGxl"
    default:
      return `sample-${Math.floor(random() * 1e6).toString(36)}`
  }
}

/**
 * Parses an example of the spec's `x-oaiMeta`: JSON as people write it in
 * docs, with trailing commas, `//` comments and `...` lines. Returns every
 * JSON value it holds (a streaming example holds one per event), or none.
 */
export const parseLooseJson = (text: string): ReadonlyArray<unknown> => {
  const cleaned = stripComments(text)
    .split(/\r?\n/)
    .filter((line) => !/^\s*(\.\.\.|…)\s*,?\s*$/.test(line))
    .join("\n")
    .replace(/,(\s*[}\]])/g, "$1")
  try {
    return [JSON.parse(cleaned)]
  } catch {
    // several values one after another (a stream), or something else
  }
  const values: Array<unknown> = []
  for (const block of cleaned.split(/\n\s*\n/)) {
    const trimmed = block.replace(/^\s*(data|event):.*$/gm, (line) => line.replace(/^\s*data:\s*/, "")).trim()
    if (trimmed === "" || trimmed === "[DONE]") continue
    try {
      values.push(JSON.parse(trimmed))
    } catch {
      return values.length > 0 ? values : []
    }
  }
  return values
}

const stripComments = (text: string): string => {
  let out = ""
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (inString) {
      out += c
      if (c === "\\") {
        out += text[i + 1] ?? ""
        i++
      } else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
      out += c
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++
      out += "\n"
    } else out += c
  }
  return out
}

/**
 * Fills in the fields an example leaves out although its own schema (of the
 * same spec) requires them: documentation examples are often abridged.
 * Returns the completed value and the paths it filled; everything the
 * example has is kept as it is.
 */
export const fillMissingRequired = (
  root: unknown,
  schema: unknown,
  value: unknown,
  fillWith: (schema: unknown) => unknown
): { readonly value: unknown; readonly filled: ReadonlyArray<string> } => {
  const filled: Array<string> = []
  const deref = (u: unknown): unknown => {
    let node = u
    for (let i = 0; i < 16 && isNode(node) && typeof node["$ref"] === "string"; i++) {
      node = resolvePointer(root, node["$ref"])
    }
    return node
  }
  const typeValues = (u: unknown): ReadonlyArray<unknown> => {
    const node = deref(u)
    if (!isNode(node)) return []
    if ("const" in node) return [node["const"]]
    return asArray(node["enum"]) ?? []
  }
  const objectShape = (u: unknown): Node | undefined => {
    const node = deref(u)
    if (!isNode(node)) return undefined
    const allOf = asArray(node["allOf"])
    if (allOf !== undefined) return objectShape(mergeAllOf(root, node, allOf))
    return isNode(node["properties"]) ? node : undefined
  }
  /** The member of a union that describes `v`: by its `type`, else the first object member. */
  const member = (members: ReadonlyArray<unknown>, v: Record<string, unknown>): unknown => {
    const objects = members.filter((m) => objectShape(m) !== undefined || isNode(deref(m)))
    const byType = objects.find((m) => {
      const props = objectShape(m)?.["properties"]
      return isNode(props) && typeValues(props["type"]).includes(v.type)
    })
    return byType ?? objects.find((m) => objectShape(m) !== undefined)
  }
  const fill = (u: unknown, v: unknown, path: string): unknown => {
    const node = deref(u)
    if (!isNode(node) || v === null || typeof v !== "object") return v
    const union = asArray(node["oneOf"]) ?? asArray(node["anyOf"])
    if (Array.isArray(v)) {
      const items = node["items"] ?? union?.map(deref).find((m) => isNode(m) && m["items"] !== undefined)
      const itemSchema = isNode(items) && items["items"] !== undefined ? items["items"] : items
      return itemSchema === undefined ? v : v.map((item, i) => fill(itemSchema, item, `${path}[${i}]`))
    }
    const record = v as Record<string, unknown>
    if (union !== undefined && !isNode(node["properties"])) {
      const chosen = member(union, record)
      return chosen === undefined ? v : fill(chosen, v, path)
    }
    const shape = objectShape(node)
    if (shape === undefined) return v
    const props = shape["properties"] as Node
    const out: Record<string, unknown> = { ...record }
    for (const key of asArray(shape["required"]) ?? []) {
      if (typeof key === "string" && !(key in out) && key in props) {
        out[key] = fillWith(props[key])
        filled.push(path === "" ? key : `${path}.${key}`)
      }
    }
    for (const key of Object.keys(out)) {
      if (key in props) out[key] = fill(props[key], out[key], path === "" ? key : `${path}.${key}`)
    }
    return out
  }
  return { value: fill(schema, value, ""), filled }
}
