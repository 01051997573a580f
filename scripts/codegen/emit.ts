/**
 * JSON Schema → `effect/Schema` source text. Each emitted node yields its
 * code and its TypeScript type (the type is written out only for recursive
 * schemas, which need an explicit annotation).
 */
import type { Node, Spec } from "./spec.js"
import { asArray, asNode, asString, componentRefName, isNode, pascalCase, resolvePointer } from "./spec.js"

export interface Out {
  readonly code: string
  /** The decoded TypeScript type. */
  readonly type: string
  /**
   * The encoded TypeScript type, when it differs from `type` (a response
   * field that decodes a missing value to a default is optional here).
   */
  readonly encoded?: string
  /** Whether `null` is already accepted. */
  readonly nullable: boolean
  /**
   * Set on a union with filtered variants: its inferred type is too large
   * for declaration files, so a schema that is such a union gets its type
   * written out.
   */
  readonly filteredUnion?: true
}

export interface EmitEnv {
  readonly spec: Spec
  /** The schema node of a component (or synthesized) schema, by spec name. */
  readonly schemaNode: (name: string) => unknown
  /** The exported identifier of a schema, by spec name. */
  readonly identOf: (name: string) => string
  readonly isTolerant: (name: string) => boolean
}

export interface Ctx {
  readonly env: EmitEnv
  /** Spec name of the schema being emitted (`$recursiveRef: "#"` points here). */
  readonly component: string
  readonly tolerant: boolean
  /** Schemas (spec names) to reference through `Schema.suspend`: the current recursive group. */
  readonly suspend: ReadonlySet<string>
  /** Every schema referenced by the code. */
  readonly deps: Set<string>
  /** The schemas referenced directly (not behind `Schema.suspend`): must be defined first. */
  readonly eagerDeps: Set<string>
  /** Helpers used from `../internal/schema.js`. */
  readonly helpers: Set<"OpenEnum" | "Binary">
  /** Module-level helper constants used (see `moduleConstants`). */
  readonly constants: Set<ModuleConstant>
  /** Collects the schemas referenced anywhere but as a member of a union (shared by every schema). */
  readonly plainRefs: Set<string>
  /**
   * Value lists of the discriminated unions of the current module, shared by
   * its schemas: list text → const name. The names used are added to `lists`.
   */
  readonly knownLists: Map<string, string>
  readonly lists: Set<string>
  readonly warnings: Array<string>
  /** Refs being inlined by `allOf` merging, to stop on cycles. */
  readonly inlining: ReadonlyArray<string>
  readonly depth: number
}

export interface Hint {
  /** The property this schema is the value of. */
  readonly propName?: string
  /** Set for the members of a union, which tells them apart itself. */
  readonly unionMember?: boolean
}

/**
 * Helper constants a generated module defines for itself when it uses them.
 * `emptyAsNull`: an object the API sends empty (`{}`, or every field `null`)
 * where the spec says the value is `null` when there is nothing to say (the
 * fine-tuning job's `error` is sent as `{}`).
 */
export const moduleConstants = {
  emptyAsNull:
    "const emptyAsNull = Schema.transform(Schema.Record({ key: Schema.String, value: Schema.Null }), Schema.Null, {\n" +
    "  strict: true,\n  decode: () => null,\n  encode: () => ({})\n})"
} as const

export type ModuleConstant = keyof typeof moduleConstants

const out = (code: string, type: string, nullable = false, encoded?: string): Out =>
  encoded === undefined || encoded === type ? { code, type, nullable } : { code, type, nullable, encoded }

/** The encoded type of an output. */
export const encodedOf = (o: Out): string => o.encoded ?? o.type
const UNKNOWN = out("Schema.Unknown", "unknown")
const NEVER = out("Schema.Never", "never")
const NULL = out("Schema.Null", "null", true)
const STRING = out("Schema.String", "string")
const NUMBER = out("Schema.Number", "number")
const INT = out("Schema.Int", "number")
const BOOLEAN = out("Schema.Boolean", "boolean")

const RESERVED_WORDS = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await"
  ).split(" ")
)

export const isIdentifier = (s: string): boolean => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)

export const toIdentifier = (s: string): string => {
  let id = s.replace(/[^A-Za-z0-9_$]/g, "_")
  if (!/^[A-Za-z_$]/.test(id)) id = `_${id}`
  return RESERVED_WORDS.has(id) ? `${id}_` : id
}

const propKey = (key: string): string => (isIdentifier(key) ? key : JSON.stringify(key))
const propAccess = (key: string): string => (isIdentifier(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

/** A JSDoc block (with a trailing newline), or "" when there is nothing to say. */
export const jsDoc = (description: string | undefined, deprecated: boolean): string => {
  const lines: Array<string> = []
  if (description !== undefined && description.trim().length > 0) {
    lines.push(...description.trim().split(/\r?\n/))
  }
  if (deprecated) lines.push("@deprecated")
  if (lines.length === 0) return ""
  const body = lines.map((line) => ` * ${line.replace(/\*\//g, "*\\/")}`.trimEnd()).join("\n")
  return `/**\n${body}\n */\n`
}

const nullOr = (o: Out): Out =>
  o.nullable ? o : out(`Schema.NullOr(${o.code})`, `${o.type} | null`, true, `${encodedOf(o)} | null`)

/**
 * `null` in a response: also from an empty object (`{}`, or every field
 * `null`) when the object has required fields, as the API sends for
 * "nothing" in some places where the spec says `null`.
 */
const tolerantNullOr = (o: Out, node: unknown, ctx: Ctx): Out => {
  if (o.nullable || !ctx.tolerant || !hasRequiredFields(ctx, node)) return nullOr(o)
  ctx.constants.add("emptyAsNull")
  return out(
    `Schema.Union(${o.code}, Schema.Null, emptyAsNull)`,
    `${o.type} | null`,
    true,
    `${encodedOf(o)} | null | { readonly [x: string]: null }`
  )
}

const typeList = (node: Node): Array<string> => {
  const type = node["type"]
  if (typeof type === "string") return [type]
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string")
  return []
}

/** Keywords that give a node a shape; a node with none of them only constrains. */
const SHAPE_KEYS = [
  "$ref",
  "$recursiveRef",
  "$dynamicRef",
  "type",
  "properties",
  "additionalProperties",
  "items",
  "allOf",
  "anyOf",
  "oneOf",
  "enum",
  "const"
]

export const isConstraintOnly = (u: unknown): boolean => isNode(u) && SHAPE_KEYS.every((key) => !(key in u))

const isNullSchema = (u: unknown): boolean => {
  if (!isNode(u)) return false
  const type = u["type"]
  const en = asArray(u["enum"])
  return (
    type === "null" ||
    (Array.isArray(type) && type.length === 1 && type[0] === "null") ||
    (en !== undefined && en.length === 1 && en[0] === null) ||
    ("const" in u && u["const"] === null)
  )
}

/** Separates "may be null" (in all its 3.0 and 3.1 spellings) from the rest of a node. */
export const splitNull = (node: Node): { readonly core: Node; readonly nullable: boolean } => {
  let nullable = node["nullable"] === true
  const core: Record<string, unknown> = { ...node }
  delete core["nullable"]
  const type = node["type"]
  if (Array.isArray(type) && type.includes("null")) {
    nullable = true
    const rest = type.filter((t) => t !== "null")
    core["type"] = rest.length === 0 ? "null" : rest.length === 1 ? rest[0] : rest
  }
  const en = asArray(node["enum"])
  if (en?.includes(null)) {
    nullable = true
    const rest = en.filter((v) => v !== null)
    if (rest.length === 0) {
      delete core["enum"]
      core["type"] = "null"
    } else core["enum"] = rest
  }
  if ("const" in node && node["const"] === null) {
    nullable = true
    delete core["const"]
    core["type"] = "null"
  }
  for (const key of ["anyOf", "oneOf"]) {
    const members = asArray(node[key])
    if (members?.some(isNullSchema)) {
      nullable = true
      const rest = members.filter((m) => !isNullSchema(m))
      if (rest.length === 0) {
        delete core[key]
        core["type"] = "null"
      } else core[key] = rest
    }
  }
  if (core["type"] === "null") nullable = true
  return { core, nullable }
}

/** A node with its `$ref`s followed. */
const resolved = (ctx: Ctx, u: unknown): Node | undefined => {
  let node = asNode(u)
  for (let i = 0; i < 16 && node !== undefined; i++) {
    const ref = refTarget(ctx, node)
    if (ref === undefined) break
    node = asNode(ref.target)
  }
  return node
}

/**
 * Whether a node (after `$ref`s) is an object that `{}` does not decode: it
 * has a required field that is not nullable and has no default.
 */
const hasRequiredFields = (ctx: Ctx, u: unknown): boolean => {
  const node = resolved(ctx, u)
  if (node === undefined || !isObjectLike(ctx, node)) return false
  const core = splitNull(node).core
  const props = asNode(core["properties"]) ?? {}
  return (asArray(core["required"]) ?? []).some(
    (key) =>
      typeof key === "string" &&
      !isNullableNode(ctx, props[key]) &&
      asNode(props[key])?.["default"] === undefined &&
      asNode(props[key])?.["deprecated"] !== true
  )
}

const unionOf = (outs: ReadonlyArray<Out>): Out => {
  const codes = [...new Set(outs.map((o) => o.code))]
  const types = [...new Set(outs.map((o) => o.type))]
  const encoded = [...new Set(outs.map(encodedOf))]
  const nullable = outs.some((o) => o.nullable)
  if (codes.length === 0) return NEVER
  if (codes.length === 1) return out(codes[0]!, types.join(" | "), nullable, encoded.join(" | "))
  return out(`Schema.Union(${codes.join(", ")})`, types.join(" | "), nullable, encoded.join(" | "))
}

const enumOut = (values: ReadonlyArray<unknown>, ctx: Ctx, hint: Hint): Out => {
  const vs = [...new Set(values.filter((v) => v !== null))]
  if (vs.length === 0) return NULL
  if (vs.every((v): v is string => typeof v === "string")) {
    const literals = vs.map((v) => JSON.stringify(v))
    if (ctx.tolerant || hint.propName === "model") return openEnum(vs, ctx)
    return out(`Schema.Literal(${literals.join(", ")})`, literals.join(" | "))
  }
  if (vs.every((v) => typeof v === "number" || typeof v === "boolean" || typeof v === "string")) {
    const literals = vs.map((v) => JSON.stringify(v))
    return out(`Schema.Literal(${literals.join(", ")})`, literals.join(" | "))
  }
  ctx.warnings.push(`${ctx.component}: enum of non-scalar values, typed as unknown`)
  return UNKNOWN
}

const openEnum = (values: ReadonlyArray<string>, ctx: Ctx): Out => {
  ctx.helpers.add("OpenEnum")
  const literals = values.map((v) => JSON.stringify(v))
  return out(`OpenEnum(${literals.join(", ")})`, `${literals.join(" | ")} | (string & {})`)
}

const refOut = (name: string, ctx: Ctx, hint: Hint): Out => {
  const id = ctx.env.identOf(name)
  ctx.deps.add(name)
  if (hint.unionMember !== true) ctx.plainRefs.add(name)
  if (ctx.suspend.has(name)) {
    return out(`Schema.suspend((): Schema.Schema<${id}, ${id}Encoded> => ${id})`, id, false, `${id}Encoded`)
  }
  ctx.eagerDeps.add(name)
  return out(id, id, false, `${id}Encoded`)
}

/** Emits any schema node. */
export const emitSchema = (u: unknown, ctx: Ctx, hint: Hint): Out => {
  if (u === undefined || u === true) return UNKNOWN
  if (u === false) return NEVER
  const node = asNode(u)
  if (node === undefined) return UNKNOWN
  if (ctx.depth > 64) {
    ctx.warnings.push(`${ctx.component}: schema nested too deeply, typed as unknown`)
    return UNKNOWN
  }
  const ref = asString(node["$ref"])
  if (ref !== undefined) {
    const name = componentRefName(ref)
    const o =
      name !== undefined
        ? refOut(name, ctx, hint)
        : emitSchema(resolvePointer(ctx.env.spec, ref), { ...ctx, depth: ctx.depth + 1 }, hint)
    return node["nullable"] === true ? tolerantNullOr(o, node, ctx) : o
  }
  if (node["$recursiveRef"] !== undefined || node["$dynamicRef"] !== undefined) return refOut(ctx.component, ctx, hint)
  const { core, nullable } = splitNull(node)
  const o = emitCore(core, { ...ctx, depth: ctx.depth + 1 }, hint)
  return nullable ? tolerantNullOr(o, core, ctx) : o
}

const without = (node: Node, keys: ReadonlyArray<string>): Node => {
  const copy: Record<string, unknown> = { ...node }
  for (const key of keys) delete copy[key]
  return copy
}

const hasProperties = (node: Node): boolean => {
  const props = asNode(node["properties"])
  return props !== undefined && Object.keys(props).length > 0
}

/**
 * The limits of a request field (`minimum`, `maximum`, `exclusiveMinimum`,
 * `exclusiveMaximum`, `minLength`, `maxLength`, `pattern`, `minItems`,
 * `maxItems`), as schema filters, so bad input fails before it is sent.
 * Responses are never constrained: the API may widen a limit any day.
 */
const constrain = (n: Node, o: Out, ctx: Ctx): Out => {
  if (ctx.tolerant) return o
  const filters: Array<string> = []
  const num = (key: string) => (typeof n[key] === "number" ? (n[key] as number) : undefined)
  // a bound past the safe integers (the int64 limits of `seed`) says nothing a JavaScript number can break
  const bound = (key: string) => {
    const value = num(key)
    return value !== undefined && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : undefined
  }
  const min = bound("minimum")
  const max = bound("maximum")
  // OpenAPI 3.0 marks exclusivity with a boolean, 3.1 with the bound itself
  if (min !== undefined)
    filters.push(n["exclusiveMinimum"] === true ? `Schema.greaterThan(${min})` : `Schema.greaterThanOrEqualTo(${min})`)
  if (max !== undefined)
    filters.push(n["exclusiveMaximum"] === true ? `Schema.lessThan(${max})` : `Schema.lessThanOrEqualTo(${max})`)
  const exMin = bound("exclusiveMinimum")
  const exMax = bound("exclusiveMaximum")
  if (exMin !== undefined) filters.push(`Schema.greaterThan(${exMin})`)
  if (exMax !== undefined) filters.push(`Schema.lessThan(${exMax})`)
  const minLength = num("minLength")
  const maxLength = num("maxLength")
  if (minLength !== undefined) filters.push(`Schema.minLength(${minLength})`)
  if (maxLength !== undefined) filters.push(`Schema.maxLength(${maxLength})`)
  if (typeof n["pattern"] === "string") filters.push(`Schema.pattern(new RegExp(${JSON.stringify(n["pattern"])}))`)
  const minItems = num("minItems")
  const maxItems = num("maxItems")
  if (minItems !== undefined) filters.push(`Schema.minItems(${minItems})`)
  if (maxItems !== undefined) filters.push(`Schema.maxItems(${maxItems})`)
  return filters.length === 0 ? o : { ...o, code: `${o.code}.pipe(${filters.join(", ")})` }
}

const emitCore = (n: Node, ctx: Ctx, hint: Hint): Out => {
  if ("const" in n && n["const"] !== undefined) return enumOut([n["const"]], ctx, hint)
  const en = asArray(n["enum"])
  if (en !== undefined) return enumOut(en, ctx, hint)
  if (asArray(n["allOf"]) !== undefined) return emitAllOf(n, ctx, hint)
  const union = asArray(n["oneOf"]) ?? asArray(n["anyOf"])
  if (union !== undefined) {
    const rest = without(n, ["oneOf", "anyOf", "discriminator"])
    // `anyOf: [{ required: [a] }, { required: [b] }]` next to the properties: constraints only.
    if (union.every(isConstraintOnly)) return emitCore(rest, ctx, hint)
    if (hasProperties(rest)) {
      return emitAllOf({ allOf: [rest, { oneOf: union, discriminator: n["discriminator"] }] }, ctx, hint)
    }
    return emitUnion(union, asString(asNode(n["discriminator"])?.["propertyName"]), ctx, hint)
  }
  const types = typeList(n)
  if (types.length > 1) return unionOf(types.map((type) => emitCore({ ...n, type }, ctx, hint)))
  switch (types[0]) {
    case "null":
      return NULL
    case "object":
      return emitObject(n, ctx, hint)
    case "array":
      return constrain(n, emitArray(n, ctx), ctx)
    case "string":
      if (n["format"] === "binary") {
        ctx.helpers.add("Binary")
        return out("Binary", "Uploadable")
      }
      return constrain(n, STRING, ctx)
    case "integer":
      return ctx.tolerant ? NUMBER : constrain(n, INT, ctx)
    case "number":
      return constrain(n, NUMBER, ctx)
    case "boolean":
      return BOOLEAN
    case undefined:
      if (n["properties"] !== undefined || n["additionalProperties"] !== undefined) return emitObject(n, ctx, hint)
      if (n["items"] !== undefined) return emitArray(n, ctx)
      return UNKNOWN
    default:
      ctx.warnings.push(`${ctx.component}: unknown type ${JSON.stringify(types[0])}, typed as unknown`)
      return UNKNOWN
  }
}

const emitArray = (n: Node, ctx: Ctx): Out => {
  const items = n["items"]
  const item = Array.isArray(items) ? UNKNOWN : emitSchema(items, ctx, {})
  return out(`Schema.Array(${item.code})`, `ReadonlyArray<${item.type}>`, false, `ReadonlyArray<${encodedOf(item)}>`)
}

const record = (value: Out): Out =>
  out(
    `Schema.Record({ key: Schema.String, value: ${value.code} })`,
    `{ readonly [x: string]: ${value.type} }`,
    false,
    `{ readonly [x: string]: ${encodedOf(value)} }`
  )

/** Whether a property schema (after `$ref`s) is an array. */
const isArrayNode = (ctx: Ctx, u: unknown): boolean => {
  const node = resolved(ctx, u)
  if (node === undefined) return false
  const types = typeList(splitNull(node).core)
  return types.length === 1 && types[0] === "array"
}

/** Whether a property schema (after `$ref`s) allows `null`. */
const isNullableNode = (ctx: Ctx, u: unknown): boolean => {
  let node = asNode(u)
  for (let i = 0; i < 16 && node !== undefined; i++) {
    if (node["nullable"] === true) return true
    const ref = refTarget(ctx, node)
    if (ref === undefined) break
    node = asNode(ref.target)
  }
  return node !== undefined && splitNull(node).nullable
}

/**
 * How a required field of a response decodes when the API leaves it out
 * (tolerance): a nullable field as `null`, a field with a `default` (a
 * scalar, or an empty array) as that default. The decoded type is
 * unchanged. Returns the default's code, or undefined when the field stays
 * required.
 */
const missingDefault = (ctx: Ctx, schema: unknown, field: Out): string | undefined => {
  if (field.nullable || isNullableNode(ctx, schema)) return "null"
  const value = asNode(schema)?.["default"]
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return JSON.stringify(value)
  }
  if (Array.isArray(value) && value.length === 0 && isArrayNode(ctx, schema)) return "[]"
  return undefined
}

const emitObject = (n: Node, ctx: Ctx, hint: Hint): Out => {
  const props = Object.entries(asNode(n["properties"]) ?? {})
  const required = new Set((asArray(n["required"]) ?? []).filter((r): r is string => typeof r === "string"))
  const addl = n["additionalProperties"]
  const index = addl === undefined || addl === false ? undefined : emitSchema(addl, ctx, {})
  if (props.length === 0) return record(index ?? UNKNOWN)
  const fields: Array<string> = []
  const types: Array<string> = []
  const encodedTypes: Array<string> = []
  for (const [key, schema] of props) {
    const node = asNode(schema)
    // Tolerance: a deprecated field may stop coming, so in a response it is optional.
    const isRequired = required.has(key) && !(ctx.tolerant && node?.["deprecated"] === true)
    let field = emitSchema(schema, ctx, { propName: key })
    // Tolerance: the API sends `null` for many optional fields the spec does not mark nullable.
    if (!isRequired && ctx.tolerant) field = tolerantNullOr(field, schema, ctx)
    const fallback = isRequired && ctx.tolerant ? missingDefault(ctx, schema, field) : undefined
    const doc = jsDoc(asString(node?.["description"]), node?.["deprecated"] === true)
    const code = !isRequired
      ? `Schema.optional(${field.code})`
      : fallback !== undefined
        ? `Schema.optionalWith(${field.code}, { default: () => ${fallback} })`
        : field.code
    fields.push(`${doc}${propKey(key)}: ${code}`)
    const optional = isRequired ? "" : "?"
    const orUndefined = isRequired ? "" : " | undefined"
    types.push(`readonly ${propKey(key)}${optional}: ${field.type}${orUndefined}`)
    encodedTypes.push(
      fallback !== undefined
        ? `readonly ${propKey(key)}?: ${encodedOf(field)} | undefined`
        : `readonly ${propKey(key)}${optional}: ${encodedOf(field)}${orUndefined}`
    )
  }
  const typeText = `{ ${types.join("; ")} }`
  const encodedText = `{ ${encodedTypes.join("; ")} }`
  const struct =
    index === undefined
      ? out(`Schema.Struct({\n${fields.join(",\n")}\n})`, typeText, false, encodedText)
      : out(
          `Schema.Struct({\n${fields.join(",\n")}\n}, Schema.Record({ key: Schema.String, value: ${index.code} }))`,
          `${typeText} & { readonly [x: string]: ${index.type} }`,
          false,
          `${encodedText} & { readonly [x: string]: ${encodedOf(index)} }`
        )
  return hint.unionMember === true ? struct : openTyped(struct, n, required, ctx)
}

/**
 * Tolerance: an object of a response with a required one-value `type`
 * (`{ type: "function", function: … }`) is a union of one variant, and the
 * API adds variants (`{ type: "custom", custom: … }` tool calls). Another
 * `type` decodes as an unknown variant that keeps every field, as in the
 * unions of several variants; its static type is `never`.
 */
const openTyped = (struct: Out, n: Node, required: ReadonlySet<string>, ctx: Ctx): Out => {
  if (!ctx.tolerant || !required.has("type")) return struct
  const value = fixedString(ctx, asNode(n["properties"])?.["type"])
  if (value === undefined) return struct
  const v = JSON.stringify(value)
  return out(
    `Schema.Union(${struct.code}.pipe(Schema.filter((x) => x.type === ${v})), Schema.Struct({ type: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.Unknown })).pipe(Schema.filter((x) => x.type !== ${v})) as unknown as Schema.Schema<never>)`,
    struct.type,
    false,
    encodedOf(struct)
  )
}

/** The target of a `$ref` node, or undefined. */
const refTarget = (
  ctx: Ctx,
  node: Node
): { readonly key: string; readonly name?: string; readonly target: unknown } | undefined => {
  const ref = asString(node["$ref"])
  if (ref === undefined) return undefined
  const name = componentRefName(ref)
  return name !== undefined
    ? { key: name, name, target: ctx.env.schemaNode(name) }
    : { key: ref, target: resolvePointer(ctx.env.spec, ref) }
}

/** Whether a node is an object (after `$ref`s), so `allOf` can merge it. */
const isObjectLike = (ctx: Ctx, u: unknown, seen: ReadonlySet<string> = new Set()): boolean => {
  const node = asNode(u)
  if (node === undefined) return false
  const ref = refTarget(ctx, node)
  if (ref !== undefined) return !seen.has(ref.key) && isObjectLike(ctx, ref.target, new Set([...seen, ref.key]))
  const { core } = splitNull(node)
  const allOf = asArray(core["allOf"])
  if (allOf !== undefined) return allOf.every((m) => isConstraintOnly(m) || isObjectLike(ctx, m, seen))
  const union = asArray(core["oneOf"]) ?? asArray(core["anyOf"])
  if (union !== undefined && !union.every(isConstraintOnly)) return false
  const types = typeList(core)
  if (types.length > 0) return types.length === 1 && types[0] === "object"
  return core["properties"] !== undefined || core["additionalProperties"] !== undefined
}

/** How much a property schema says: a later `allOf` member wins unless it says less. */
const specificity = (u: unknown): number => {
  const node = asNode(u)
  if (node === undefined) return 0
  if ("$ref" in node || "enum" in node || "const" in node) return 3
  if ("properties" in node || "items" in node || "anyOf" in node || "oneOf" in node || "allOf" in node) return 2
  return "type" in node ? 1 : 0
}

interface Merged {
  readonly properties: Map<string, unknown>
  readonly required: Set<string>
  additionalProperties: unknown
  nullable: boolean
}

const absorbObject = (
  ctx: Ctx,
  merged: Merged,
  others: Array<unknown>,
  node: Node,
  inlining: ReadonlyArray<string>
) => {
  const { core } = splitNull(node)
  for (const member of asArray(core["allOf"]) ?? []) absorb(ctx, merged, others, member, inlining)
  for (const [key, value] of Object.entries(asNode(core["properties"]) ?? {})) {
    const previous = merged.properties.get(key)
    if (previous === undefined || specificity(value) >= specificity(previous)) merged.properties.set(key, value)
  }
  for (const r of asArray(core["required"]) ?? []) if (typeof r === "string") merged.required.add(r)
  const addl = core["additionalProperties"]
  if (addl !== undefined && addl !== false && merged.additionalProperties === undefined) {
    merged.additionalProperties = addl
  }
}

const absorb = (ctx: Ctx, merged: Merged, others: Array<unknown>, u: unknown, inlining: ReadonlyArray<string>) => {
  const node = asNode(u)
  if (node === undefined) {
    if (u !== true) others.push(u)
    return
  }
  if (isConstraintOnly(node)) {
    if (node["nullable"] === true) merged.nullable = true
    for (const r of asArray(node["required"]) ?? []) if (typeof r === "string") merged.required.add(r)
    return
  }
  const ref = refTarget(ctx, node)
  if (ref !== undefined) {
    if (inlining.includes(ref.key) || !isObjectLike(ctx, ref.target) || !isNode(ref.target)) others.push(u)
    else absorbObject(ctx, merged, others, ref.target, [...inlining, ref.key])
    if (node["nullable"] === true) merged.nullable = true
    return
  }
  if (isObjectLike(ctx, node)) absorbObject(ctx, merged, others, node, inlining)
  else others.push(u)
}

/** The variants of a union node (after `$ref`s), when every variant is an object. */
const objectVariants = (
  ctx: Ctx,
  u: unknown
): { readonly members: ReadonlyArray<unknown>; readonly discriminator: string | undefined } | undefined => {
  const node = resolved(ctx, u)
  if (node === undefined) return undefined
  const { core } = splitNull(node)
  const members = asArray(core["oneOf"]) ?? asArray(core["anyOf"])
  if (members === undefined || !members.every((m) => isObjectLike(ctx, m))) return undefined
  return { members, discriminator: asString(asNode(core["discriminator"])?.["propertyName"]) }
}

/** `allOf`: object members are merged into one struct; one union member distributes over the rest. */
const emitAllOf = (n: Node, ctx: Ctx, hint: Hint): Out => {
  const merged: Merged = {
    properties: new Map(),
    required: new Set(),
    additionalProperties: undefined,
    nullable: false
  }
  const others: Array<unknown> = []
  for (const member of asArray(n["allOf"]) ?? []) absorb(ctx, merged, others, member, ctx.inlining)
  absorb(ctx, merged, others, without(n, ["allOf", "discriminator"]), ctx.inlining)
  const objectNode: Node = {
    type: "object",
    properties: Object.fromEntries(merged.properties),
    required: [...merged.required],
    ...(merged.additionalProperties !== undefined ? { additionalProperties: merged.additionalProperties } : {})
  }
  const hasFields = merged.properties.size > 0 || merged.additionalProperties !== undefined
  let o: Out
  if (others.length === 0) o = emitObject(objectNode, ctx, hint)
  else if (others.length === 1 && !hasFields) o = emitSchema(others[0], ctx, hint)
  else {
    const variants = others.length === 1 ? objectVariants(ctx, others[0]) : undefined
    if (variants !== undefined) {
      o = emitUnion(
        variants.members.map((member) => ({ allOf: [member, objectNode] })),
        variants.discriminator,
        ctx,
        hint
      )
    } else {
      ctx.warnings.push(`${ctx.component}: allOf with members that cannot be merged; kept the object members`)
      o = hasFields ? emitObject(objectNode, ctx, hint) : emitSchema(others[0], ctx, hint)
    }
  }
  return merged.nullable || n["nullable"] === true ? tolerantNullOr(o, objectNode, ctx) : o
}

interface PropInfo {
  readonly schema: unknown
  /** Whether this property is emitted as an open (tolerant) enum. */
  readonly open: boolean
}

interface ObjectInfo {
  readonly props: Map<string, PropInfo>
  readonly required: Set<string>
}

/**
 * The properties of a union member, and whether each would be emitted as an
 * open enum: a member that is a `$ref` is emitted in its own schema, with that
 * schema's tolerance; anything inlined takes the tolerance of the inliner.
 */
const objectInfo = (
  ctx: Ctx,
  u: unknown,
  tolerant: boolean,
  inline: boolean,
  seen: ReadonlySet<string> = new Set()
): ObjectInfo | undefined => {
  const node = asNode(u)
  if (node === undefined) return undefined
  const ref = refTarget(ctx, node)
  if (ref !== undefined) {
    if (seen.has(ref.key)) return undefined
    const owner = !inline && ref.name !== undefined ? ctx.env.isTolerant(ref.name) : tolerant
    return objectInfo(ctx, ref.target, owner, inline, new Set([...seen, ref.key]))
  }
  const { core } = splitNull(node)
  const info: ObjectInfo = { props: new Map(), required: new Set() }
  const allOf = asArray(core["allOf"])
  if (allOf !== undefined) {
    for (const member of allOf) {
      if (isConstraintOnly(member)) continue
      const sub = objectInfo(ctx, member, tolerant, true, seen)
      if (sub === undefined) return undefined
      for (const [key, prop] of sub.props) {
        const previous = info.props.get(key)
        if (previous === undefined || specificity(prop.schema) >= specificity(previous.schema))
          info.props.set(key, prop)
      }
      for (const r of sub.required) info.required.add(r)
    }
  } else if (!isObjectLike(ctx, core)) {
    return undefined
  }
  for (const [key, schema] of Object.entries(asNode(core["properties"]) ?? {})) {
    const target = asNode(schema)
    const targetRef = target === undefined ? undefined : refTarget(ctx, target)
    const open = key === "model" || (targetRef?.name !== undefined ? ctx.env.isTolerant(targetRef.name) : tolerant)
    const previous = info.props.get(key)
    if (previous === undefined || specificity(schema) >= specificity(previous.schema))
      info.props.set(key, { schema, open })
  }
  for (const r of asArray(core["required"]) ?? []) if (typeof r === "string") info.required.add(r)
  return info
}

/** The single string a property is fixed to (`const`, or a one-value enum), if any. */
const fixedString = (ctx: Ctx, u: unknown, seen: ReadonlySet<string> = new Set()): string | undefined => {
  const node = asNode(u)
  if (node === undefined) return undefined
  const ref = refTarget(ctx, node)
  if (ref !== undefined)
    return seen.has(ref.key) ? undefined : fixedString(ctx, ref.target, new Set([...seen, ref.key]))
  const { core } = splitNull(node)
  if (typeof core["const"] === "string") return core["const"]
  const en = asArray(core["enum"])
  return en !== undefined && en.length === 1 && typeof en[0] === "string" ? en[0] : undefined
}

interface Discriminator {
  readonly key: string
  readonly values: ReadonlyArray<string>
  readonly open: boolean
}

const findDiscriminator = (
  ctx: Ctx,
  infos: ReadonlyArray<ObjectInfo>,
  preferred: string | undefined
): Discriminator | undefined => {
  const first = infos[0]
  if (first === undefined) return undefined
  const candidates = [...new Set([...(preferred !== undefined ? [preferred] : []), ...first.props.keys()])]
  for (const key of candidates) {
    const values = infos.map((info) => {
      const prop = info.props.get(key)
      return prop === undefined ? undefined : fixedString(ctx, prop.schema)
    })
    if (values.every((v): v is string => v !== undefined) && new Set(values).size === values.length) {
      return { key, values, open: infos.some((info) => info.props.get(key)?.open === true) }
    }
  }
  return undefined
}

/** `anyOf: [string, enum]` (also through `$ref`s and nested unions): the enum's values, and whether any string goes. */
const stringPattern = (
  ctx: Ctx,
  u: unknown,
  seen: ReadonlySet<string> = new Set()
): { readonly values: ReadonlyArray<string>; readonly open: boolean } | undefined => {
  const node = asNode(u)
  if (node === undefined || node["nullable"] === true) return undefined
  const ref = refTarget(ctx, node)
  if (ref !== undefined)
    return seen.has(ref.key) ? undefined : stringPattern(ctx, ref.target, new Set([...seen, ref.key]))
  const members = asArray(node["anyOf"]) ?? asArray(node["oneOf"])
  if (members !== undefined) return combinePatterns(ctx, members, seen)
  const type = node["type"]
  if (type !== undefined && type !== "string") return undefined
  const en = asArray(node["enum"])
  if (en !== undefined) {
    return en.every((v): v is string => typeof v === "string") ? { values: en, open: false } : undefined
  }
  if (typeof node["const"] === "string") return { values: [node["const"]], open: false }
  return type === "string" && node["format"] !== "binary" ? { values: [], open: true } : undefined
}

const combinePatterns = (
  ctx: Ctx,
  members: ReadonlyArray<unknown>,
  seen: ReadonlySet<string>
): { readonly values: ReadonlyArray<string>; readonly open: boolean } | undefined => {
  const values: Array<string> = []
  let open = false
  for (const member of members) {
    const p = stringPattern(ctx, member, seen)
    if (p === undefined) return undefined
    values.push(...p.values)
    open ||= p.open
  }
  return { values: [...new Set(values)], open }
}

/**
 * `oneOf` / `anyOf`. In a union of objects told apart by a property
 * (`type: "function"`) that is an open enum, Effect cannot pick the variant
 * by the value, and the first variant that fits would win and drop the
 * fields of the right one. So each variant is filtered to accept its own
 * value, or a value no variant knows (which then decodes with the first
 * variant that fits instead of failing).
 */
const emitUnion = (members: ReadonlyArray<unknown>, discriminator: string | undefined, ctx: Ctx, hint: Hint): Out => {
  const pattern = combinePatterns(ctx, members, new Set())
  if (pattern?.open && pattern.values.length > 0) return openEnum(pattern.values, ctx)
  if (members.length === 1) return emitSchema(members[0], ctx, hint)
  const outs = members.map((member) => emitSchema(member, ctx, { ...hint, unionMember: true }))
  const infos = members.map((member) => objectInfo(ctx, member, ctx.tolerant, false))
  if (!infos.every((info): info is ObjectInfo => info !== undefined)) return unionOf(outs)
  const disc = findDiscriminator(ctx, infos, discriminator)
  // Most required fields first, so a variant is not decoded by a looser one that drops its fields.
  if (disc === undefined) return unionOf(sortBySpecificity(outs, infos).map((i) => outs[i]!))
  if (!disc.open) return unionOf(outs)
  const listText = `[${disc.values.map((v) => JSON.stringify(v)).join(", ")}]`
  let list = ctx.knownLists.get(listText)
  if (list === undefined) {
    const base = `known${pascalCase(disc.key)}`
    const taken = new Set(ctx.knownLists.values())
    list = base
    for (let i = 2; taken.has(list); i++) list = `${base}${i}`
    ctx.knownLists.set(listText, list)
  }
  ctx.lists.add(list)
  const order = sortBySpecificity(outs, infos)
  const value = `x${propAccess(disc.key)}`
  const known = order.map((i) => {
    const o = outs[i]!
    // in a response, an unknown value goes to the last variant, which keeps every field;
    // in a request, it decodes with the first variant that fits
    const accepts = ctx.tolerant
      ? `${value} === ${JSON.stringify(disc.values[i])}`
      : `${value} === ${JSON.stringify(disc.values[i])} || !${list}.includes(${value})`
    return { ...o, code: `${o.code}.pipe(Schema.filter((x) => ${accepts}))` }
  })
  // A variant the API added after the spec: it decodes with every field it has,
  // so nothing is lost. Its static type is left out (`never`) so that the known
  // variants keep their field types; code reading it checks the discriminator first.
  const key = JSON.stringify(disc.key)
  const unknownVariant = out(
    `Schema.Struct({ ${key}: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.Unknown })).pipe(Schema.filter((x) => !${list}.includes(${value}))) as unknown as Schema.Schema<never>`,
    "never",
    false
  )
  const union = unionOf(ctx.tolerant ? [...known, unknownVariant] : known)
  return { ...union, filteredUnion: true }
}

/** Member indices, most required fields first (then most fields, then spec order). */
const sortBySpecificity = (outs: ReadonlyArray<Out>, infos: ReadonlyArray<ObjectInfo>): Array<number> =>
  outs
    .map((_, i) => ({ required: infos[i]!.required.size, size: infos[i]!.props.size, i }))
    .sort((a, b) => b.required - a.required || b.size - a.size || a.i - b.i)
    .map((entry) => entry.i)
