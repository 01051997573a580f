/**
 * The inputs of the fuzz test: request parameters derived from the request
 * schemas (`Arbitrary.make`), and hostile ones made from them by one
 * mutation (a wrong type, a missing field, `null`, `NaN`, a huge string,
 * deep nesting, an unknown enum value, a `__proto__` key, a cycle...), path
 * ids and list parameters, valid or not.
 */
import { Uploadable } from "@effect-openai/core"
import { Arbitrary, FastCheck as fc, Schema } from "effect"
import { Binary } from "../../../packages/core/src/internal/schema.js"

/** A file for `format: binary` fields: bytes, a `File`, or an upload made from bytes. */
const fileArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.uint8Array({ maxLength: 16 }),
  fc
    .uint8Array({ maxLength: 16 })
    .map((bytes) => new File([new Uint8Array(bytes)], "upload.png", { type: "image/png" })),
  fc.uint8Array({ maxLength: 16 }).map((bytes) => Uploadable.fromBytes(bytes, "audio.mp3"))
)

const BinaryForTests = Binary.annotations({ arbitrary: () => () => fileArbitrary as fc.Arbitrary<any> })

/**
 * JSON as a caller would write it: `Arbitrary.make` fills `unknown` fields
 * with any value (`undefined` array items, `NaN`), which the pipeline
 * rightly refuses; the valid inputs are made plain JSON here.
 */
const plainJson = (u: unknown): unknown => {
  if (typeof u === "number") return Number.isFinite(u) ? u : 0
  if (u === undefined || typeof u === "bigint" || typeof u === "symbol" || typeof u === "function") return null
  if (typeof u !== "object" || u === null || isFileLike(u)) return u
  if (Array.isArray(u)) return u.map(plainJson)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(u)) {
    const value = (u as Record<string, unknown>)[key]
    if (key !== "__proto__" && value !== undefined) out[key] = plainJson(value)
  }
  return out
}

const isFileLike = (u: object): boolean =>
  u instanceof Blob || u instanceof Uint8Array || (u as { _tag?: unknown })._tag === "UploadSource"

/** `Arbitrary.make` of a request schema, with files for its binary fields, as plain JSON. */
export const paramsArbitrary = (schema: Schema.Schema<any, any>): fc.Arbitrary<Record<string, unknown>> => {
  const fields = (schema as unknown as { readonly fields?: Record<string, Schema.Struct.Field> }).fields
  const isBinary = (f: Schema.Struct.Field) => f === Binary || (f as { readonly from?: unknown }).from === Binary
  const struct =
    fields === undefined || !Object.values(fields).some(isBinary)
      ? schema
      : Schema.Struct(
          Object.fromEntries(
            Object.entries(fields).map(([k, f]) => [
              k,
              f === Binary ? BinaryForTests : isBinary(f) ? Schema.optional(BinaryForTests) : f
            ])
          )
        )
  return (Arbitrary.make(struct) as fc.Arbitrary<unknown>).map(plainJson) as fc.Arbitrary<Record<string, unknown>>
}

const deep = (depth: number): unknown => {
  let value: unknown = "bottom"
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { nested: value } : [value]
  return value
}

/** Values that have no business in a request, or in this place of it. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    10n,
    "",
    "\uD800 lone surrogate",
    "brand_new_enum_value",
    [],
    {},
    true
  ),
  fc.constant(null).map(() => "x".repeat(200_000)),
  fc.constant(null).map(() => deep(3_000)),
  fc.constant(null).map(() => deep(40)),
  fc.constant(null).map(() => () => "a function"),
  fc.constant(null).map(() => Symbol("symbol")),
  fc.constant(null).map(() => new Date(0)),
  fc.constant(null).map(() => new Map([["k", "v"]])),
  fc.constant(null).map(() => new Uint8Array([1, 2])),
  fc.constant(null).map(() => {
    const cyclic: Record<string, unknown> = { name: "cyclic" }
    cyclic.self = cyclic
    return cyclic
  }),
  fc.constant(null).map(() => JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as unknown),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 })
)

/** A path into a value: its keys and array indices. */
type Path = ReadonlyArray<string | number>

const isContainer = (u: unknown): u is Record<string, unknown> | Array<unknown> =>
  typeof u === "object" && u !== null && (Array.isArray(u) || Object.getPrototypeOf(u) === Object.prototype)

/** Every path of a value down to `maxDepth`, the root included. */
const pathsOf = (value: unknown, maxDepth = 6): Array<Path> => {
  const out: Array<Path> = [[]]
  const walk = (u: unknown, path: Path) => {
    if (path.length >= maxDepth || !isContainer(u)) return
    const entries: Array<[string | number, unknown]> = Array.isArray(u) ? u.map((v, i) => [i, v]) : Object.entries(u)
    for (const [key, child] of entries) {
      out.push([...path, key])
      walk(child, [...path, key])
    }
  }
  walk(value, [])
  return out
}

export const formatPath = (path: Path): string =>
  path.reduce<string>((s, key) => (typeof key === "number" ? `${s}[${key}]` : s === "" ? key : `${s}.${key}`), "") ||
  "(root)"

export interface Mutated {
  readonly value: unknown
  /** What was done, for the report */
  readonly mutation: string
  /** The path of the value that was changed, added or removed */
  readonly path: string
}

const copy = (u: unknown): unknown => {
  if (!isContainer(u)) return u
  if (Array.isArray(u)) return u.map(copy)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(u))
    Object.defineProperty(out, key, { value: copy(u[key]), enumerable: true, writable: true, configurable: true })
  return out
}

/** Sets (or deletes) the value at `path` of a copy of `value`; an own `__proto__` key is set as data. */
const setAt = (value: unknown, path: Path, next: { readonly set: unknown } | "delete"): unknown => {
  if (path.length === 0) return next === "delete" ? undefined : next.set
  const root = copy(value)
  let parent = root as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (next === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1)
    else delete parent[last]
  } else {
    Object.defineProperty(parent, last, { value: next.set, enumerable: true, writable: true, configurable: true })
  }
  return root
}

const extraKeys = ["__proto__", "constructor", "toString", "brand_new_field", "stream"] as const

/**
 * One hostile change of a valid value: replace, delete or add a field, or
 * replace the whole value (with no string when `rootStrings` is false).
 */
export const mutate = (base: fc.Arbitrary<unknown>, rootStrings = true): fc.Arbitrary<Mutated> =>
  fc
    .tuple(base, fc.nat(), hostileValue, fc.constantFrom("replace", "delete", "extra", "root"), fc.nat(4))
    .map(([value, n, hostile, action, k]) => {
      if (action === "root" && (rootStrings || typeof hostile !== "string")) {
        return { value: hostile, mutation: "params replaced", path: "(root)" }
      }
      const paths = pathsOf(value)
      if (action === "extra") {
        const objects = paths.filter((p) => {
          let u: unknown = value
          for (const key of p) u = (u as Record<string | number, unknown>)[key]
          return isContainer(u) && !Array.isArray(u)
        })
        const at = objects[n % objects.length] ?? []
        const key = extraKeys[k % extraKeys.length]!
        return {
          value: setAt(value, [...at, key], { set: hostile }),
          mutation: `extra key ${key}`,
          path: formatPath([...at, key])
        }
      }
      const nonRoot = paths.filter((p) => p.length > 0)
      const at = nonRoot[n % Math.max(nonRoot.length, 1)] ?? []
      return action === "delete" && at.length > 0
        ? { value: setAt(value, at, "delete"), mutation: "field removed", path: formatPath(at) }
        : { value: setAt(value, at, { set: hostile }), mutation: "value replaced", path: formatPath(at) }
    })

/** A path id: a plausible one, any string, or something that is no id at all. */
export const idArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z]{2,8}_[A-Za-z0-9]{1,16}$/) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 24, unit: "grapheme" }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      "",
      ".",
      "..",
      "a/../b",
      "a/b",
      "?x=1",
      "#frag",
      "%2e%2e",
      " ",
      "\uD800",
      42,
      null,
      undefined,
      {},
      ["id"],
      10n
    )
  }
)

/** List parameters: a plausible page request, or one hostile change of it. */
export const listArbitrary: fc.Arbitrary<Mutated> = (() => {
  const valid = fc.record(
    {
      limit: fc.integer({ min: 1, max: 100 }),
      order: fc.constantFrom("asc", "desc"),
      after: fc.stringMatching(/^[a-z]{2,8}_[A-Za-z0-9]{1,12}$/),
      before: fc.stringMatching(/^[a-z]{2,8}_[A-Za-z0-9]{1,12}$/)
    },
    { requiredKeys: [] }
  )
  // `listAll` spreads its params: a string would become `?0=…&1=…` (see the report), so none at the root
  return fc.oneof(
    valid.map((value) => ({ value, mutation: "none", path: "" })),
    mutate(valid, false)
  )
})()
