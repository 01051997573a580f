/**
 * Fast paths for the schema work of every call, derived once from a schema's
 * AST: decoding responses and encoding requests.
 *
 * `Schema.decodeUnknownEither` / `encodeUnknownEither` walk a value through
 * generic parsers that allocate an `Either` per value and an issue tree per
 * failed union member: a third of the CPU of a streamed chat chunk, and the
 * largest share of this client's own CPU per chat call. The functions built
 * here follow the same AST with the same rules (key order, optional keys,
 * defaults, excess properties, union member order, refinements,
 * transformations, declarations), with plain values instead of `Either`s, and
 * they fall back to the schema whenever they are not sure:
 *
 * - each compiled node returns the result, `No` when the schema's parser
 *   would certainly fail on that input, or `Unsure` when the fast path cannot
 *   tell (a missing required key, an asynchronous transformation…);
 * - nodes it does not model (index signatures, templates, tuples with fixed
 *   elements, nodes with parse-option or decoding-fallback annotations) run
 *   the schema's own parser for that node;
 * - at the top, anything but a result runs the schema again, so errors are
 *   exactly the schema's, and a valid input gives the same value.
 *
 * Where the platform compiles code at run time (`new Function`; some workers
 * forbid it), a struct becomes straight-line code with one property read per
 * key and the checks of plain fields inlined; elsewhere a loop does the same.
 *
 * Two parse modes are modelled: responses decode with the default options
 * (`errors: "first"`, excess properties dropped), requests encode with
 * `{ onExcessProperty: "preserve", errors: "all" }` (the pipeline's), whose
 * refinements decode their type side with those same options.
 *
 * @internal
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/** The schema's parser would fail on this input. */
export const No: unique symbol = Symbol.for("@effect-openai/core/fastDecode/No")
/** The fast path cannot tell: ask the schema. */
export const Unsure: unique symbol = Symbol.for("@effect-openai/core/fastDecode/Unsure")

type Result = unknown
type Fn = (input: unknown) => Result

/** The options the pipeline encodes requests with. */
export const requestOptions: AST.ParseOptions = { onExcessProperty: "preserve", errors: "all" }

/** One way of parsing: direction and options, with its own compiled nodes. */
interface Mode {
  readonly decoding: boolean
  /** Excess properties are kept (before the known ones, in input order). */
  readonly preserve: boolean
  /** What the schema hands to filters, transformations and declarations. */
  readonly options: AST.ParseOptions
  /** The schema's own parser for a node, with these options. */
  readonly parser: (ast: AST.AST) => (u: unknown) => unknown
  readonly compiled: WeakMap<AST.AST, Fn>
}

const decodeMode: Mode = {
  decoding: true,
  preserve: false,
  options: AST.defaultParseOption,
  parser: (ast) => ParseResult.decodeUnknownEither(Schema.make(ast)) as (u: unknown) => unknown,
  compiled: new WeakMap()
}
const requestDecodeMode: Mode = {
  decoding: true,
  preserve: true,
  options: requestOptions,
  parser: (ast) => ParseResult.decodeUnknownEither(Schema.make(ast), requestOptions) as (u: unknown) => unknown,
  compiled: new WeakMap()
}
const requestEncodeMode: Mode = {
  decoding: false,
  preserve: true,
  options: requestOptions,
  parser: (ast) => ParseResult.encodeUnknownEither(Schema.make(ast), requestOptions) as (u: unknown) => unknown,
  compiled: new WeakMap()
}
/** Where a refinement's type side is decoded, in each mode. */
const decodingOf = (mode: Mode): Mode => (mode === requestEncodeMode ? requestDecodeMode : mode)

const hasOwn = Object.prototype.hasOwnProperty

/** The outcome of one of the schema's own parsers, as a fast-path result. */
const fromParse = (result: unknown): Result => {
  if (!Either.isEither(result)) return Unsure
  return Either.isRight(result) ? result.right : No
}

/** The schema's own parser of a node: exact, just not faster. */
const delegate = (ast: AST.AST, mode: Mode): Fn => {
  const parse = mode.parser(ast)
  return (input) => fromParse(parse(input))
}

type SearchTree = {
  readonly keys: Record<PropertyKey, { readonly buckets: Record<string, ReadonlyArray<AST.AST>> }>
  readonly otherwise: ReadonlyArray<AST.AST>
}
/** How the schema's union parser orders its candidates (not part of its typed API). */
const getSearchTree = (ParseResult as unknown as { getSearchTree?: unknown }).getSearchTree as
  | ((members: ReadonlyArray<AST.AST>, isDecoding: boolean) => SearchTree)
  | undefined

const compile = (ast: AST.AST, mode: Mode): Fn => {
  let fn = mode.compiled.get(ast)
  if (fn === undefined) {
    // Set a forwarder first, so recursive schemas terminate.
    let inner: Fn | undefined
    mode.compiled.set(ast, (input) => inner!(input))
    inner = build(ast, mode)
    mode.compiled.set(ast, inner)
    fn = inner
  }
  return fn
}

/** Compiles `ast` on first use: nested schemas are only compiled when reached. */
const lazy = (ast: () => AST.AST, mode: Mode): Fn => {
  let fn: Fn | undefined
  return (input) => {
    if (fn === undefined) fn = compile(ast(), mode)
    return fn(input)
  }
}

const typeOf =
  (type: string): Fn =>
  (input) =>
    typeof input === type ? input : No

const isString = typeOf("string")
const isNumber = typeOf("number")
const isBoolean = typeOf("boolean")
const identity: Fn = (input) => input

const hasOwnOptions = (ast: AST.AST): boolean =>
  Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

const build = (ast: AST.AST, mode: Mode): Fn => {
  if (hasOwnOptions(ast)) return delegate(ast, mode)
  switch (ast._tag) {
    case "StringKeyword":
      return isString
    case "NumberKeyword":
      return isNumber
    case "BooleanKeyword":
      return isBoolean
    case "UnknownKeyword":
    case "AnyKeyword":
      return identity
    case "UndefinedKeyword":
      return (input) => (input === undefined ? input : No)
    case "Literal": {
      const literal = ast.literal
      return (input) => (input === literal ? input : No)
    }
    case "TypeLiteral":
      return typeLiteral(ast, mode)
    case "TupleType":
      return tupleType(ast, mode)
    case "Union":
      return union(ast, mode)
    case "Refinement":
      return refinement(ast, mode)
    case "Transformation":
      return transformation(ast, mode)
    case "Declaration": {
      const parse = (mode.decoding ? ast.decodeUnknown : ast.encodeUnknown)(...ast.typeParameters) as (
        u: unknown,
        o: AST.ParseOptions,
        a: AST.AST
      ) => unknown
      return (input) => fromParse(parse(input, mode.options, ast))
    }
    case "Suspend":
      return lazy(ast.f, mode)
    default:
      return delegate(ast, mode)
  }
}

const dropRightRefinement = (ast: AST.AST): AST.AST => (AST.isRefinement(ast) ? dropRightRefinement(ast.from) : ast)

const refinement = (ast: AST.Refinement, mode: Mode): Fn => {
  if (!mode.decoding) {
    // Encoding checks the type side (filters included), then encodes what lies under the filters.
    const from = lazy(() => AST.typeAST(ast), decodingOf(mode))
    const to = lazy(() => dropRightRefinement(ast.from), mode)
    return (input) => {
      const a = from(input)
      if (a === No || a === Unsure) return a
      return to(a)
    }
  }
  const from = lazy(() => ast.from, mode)
  return (input) => {
    const a = from(input)
    if (a === No || a === Unsure) return a
    return Option.isNone(ast.filter(a, mode.options, ast)) ? a : No
  }
}

/** Whether this platform compiles code at run time. */
let evalAllowed: boolean | undefined
const canEval = (): boolean => {
  if (evalAllowed === undefined) {
    try {
      evalAllowed = new Function("return true")() === true
    } catch {
      evalAllowed = false
    }
  }
  return evalAllowed
}

/** The members of a keyless union of plain checks, flattened (nested keyless unions keep their order). */
const simpleMembers = (ast: AST.AST, mode: Mode): Array<AST.AST> | undefined => {
  if (hasOwnOptions(ast)) return undefined
  switch (ast._tag) {
    case "StringKeyword":
    case "NumberKeyword":
    case "BooleanKeyword":
    case "UndefinedKeyword":
      return [ast]
    case "Literal":
      return ast.literal === null ||
        typeof ast.literal === "string" ||
        typeof ast.literal === "boolean" ||
        (typeof ast.literal === "number" && Number.isFinite(ast.literal))
        ? [ast]
        : undefined
    case "Union": {
      if (getSearchTree === undefined || Reflect.ownKeys(getSearchTree(ast.types, mode.decoding).keys).length > 0) {
        return undefined
      }
      const out: Array<AST.AST> = []
      for (const member of ast.types) {
        const inner = simpleMembers(member, mode)
        if (inner === undefined) return undefined
        out.push(...inner)
      }
      return out
    }
    default:
      return undefined
  }
}

/** A JavaScript condition that holds when `v` passes the plain check (which returns `v` itself). */
const conditionOf = (ast: AST.AST): string => {
  switch (ast._tag) {
    case "StringKeyword":
      return 'typeof v === "string"'
    case "NumberKeyword":
      return 'typeof v === "number"'
    case "BooleanKeyword":
      return 'typeof v === "boolean"'
    case "UndefinedKeyword":
      return "v === undefined"
    default:
      return `v === ${JSON.stringify((ast as AST.Literal).literal)}`
  }
}

/** A struct compiled to straight-line code; `undefined` where that is not possible. */
const compiledTypeLiteral = (ast: AST.TypeLiteral, mode: Mode, expected: ReadonlySet<PropertyKey>): Fn | undefined => {
  if (!canEval()) return undefined
  const fns: Array<Fn> = []
  const lines: Array<string> = []
  for (const ps of ast.propertySignatures) {
    if (typeof ps.name !== "string") return undefined
    const key = JSON.stringify(ps.name)
    const simple = simpleMembers(ps.type, mode)
    let check: string
    if (simple !== undefined) {
      check = `if (!(${simple.map(conditionOf).join(" || ")})) return No;`
    } else {
      fns.push(lazy(() => ps.type, mode))
      check = `v = f${fns.length - 1}(v); if (v === No || v === Unsure) return v;`
    }
    lines.push(
      `if (hasOwn.call(input, ${key})) { v = input[${key}]; ${check} output[${key}] = v; }${ps.isOptional ? "" : " else return Unsure;"}`
    )
  }
  const body = [
    '"use strict";',
    "return function (input) {",
    '  if (typeof input !== "object" || input === null || Array.isArray(input)) return No;',
    "  const output = {};",
    ...(mode.preserve
      ? [
          "  const keys = Reflect.ownKeys(input);",
          "  for (let i = 0; i < keys.length; i++) { const k = keys[i]; if (!expected.has(k)) output[k] = input[k]; }"
        ]
      : []),
    "  let v;",
    ...lines.map((line) => `  ${line}`),
    "  return output;",
    "};"
  ].join("\n")
  const names = fns.map((_, i) => `f${i}`)
  try {
    return new Function("No", "Unsure", "hasOwn", "expected", ...names, body)(
      No,
      Unsure,
      hasOwn,
      expected,
      ...fns
    ) as Fn
  } catch {
    return undefined
  }
}

const typeLiteral = (ast: AST.TypeLiteral, mode: Mode): Fn => {
  if (ast.indexSignatures.length > 0) return delegate(ast, mode)
  if (ast.propertySignatures.length === 0) {
    // `{}`: anything but null and undefined, returned as is.
    return (input) => (input === null || input === undefined ? No : input)
  }
  if (ast.propertySignatures.some((ps) => typeof ps.name === "number")) return delegate(ast, mode)
  const expected: ReadonlySet<PropertyKey> = new Set(ast.propertySignatures.map((ps) => ps.name))
  const fast = compiledTypeLiteral(ast, mode, expected)
  if (fast !== undefined) return fast
  const names = ast.propertySignatures.map((ps) => ps.name)
  const optional = ast.propertySignatures.map((ps) => ps.isOptional)
  const fns = ast.propertySignatures.map((ps) => lazy(() => ps.type, mode))
  const n = names.length
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return No
    const record = input as Record<PropertyKey, unknown>
    const output: Record<PropertyKey, unknown> = {}
    if (mode.preserve) {
      for (const key of Reflect.ownKeys(record)) if (!expected.has(key)) output[key] = record[key]
    }
    for (let i = 0; i < n; i++) {
      const name = names[i]!
      if (!hasOwn.call(record, name)) {
        if (optional[i]) continue
        // The schema parses `undefined` for it, and says "is missing" if that fails.
        return Unsure
      }
      const value = fns[i]!(record[name])
      if (value === No || value === Unsure) return value
      output[name] = value
    }
    return output
  }
}

const tupleType = (ast: AST.TupleType, mode: Mode): Fn => {
  // Only `Array(item)`: no fixed elements, one rest element.
  if (ast.elements.length > 0 || ast.rest.length !== 1) return delegate(ast, mode)
  const item = lazy(() => ast.rest[0]!.type, mode)
  return (input) => {
    if (!Array.isArray(input)) return No
    const output: Array<unknown> = []
    for (let i = 0; i < input.length; i++) {
      const value = item(input[i])
      if (value === No || value === Unsure) return value
      output.push(value)
    }
    return output
  }
}

/** Tries the candidates in the schema's order: the first that parses wins. */
const tryInOrder = (candidates: ReadonlyArray<Fn>, input: unknown): Result => {
  for (let i = 0; i < candidates.length; i++) {
    const value = candidates[i]!(input)
    if (value === No) continue
    return value // a value, or Unsure: an earlier member might parse, so stop there
  }
  return No
}

const union = (ast: AST.Union, mode: Mode): Fn => {
  if (getSearchTree === undefined) return delegate(ast, mode)
  const tree = getSearchTree(ast.types, mode.decoding)
  const keys = Reflect.ownKeys(tree.keys)
  const otherwise = tree.otherwise.map((member) => lazy(() => member, mode))
  if (keys.length === 0) return (input) => tryInOrder(otherwise, input)
  const buckets = new Map<AST.AST, Fn>()
  const fnOf = (member: AST.AST): Fn => {
    let fn = buckets.get(member)
    if (fn === undefined) {
      fn = lazy(() => member, mode)
      buckets.set(member, fn)
    }
    return fn
  }
  // Members whose literal tags match the input come first, then the others.
  return (input) => {
    if (typeof input !== "object" || input === null) return tryInOrder(otherwise, input)
    let candidates: Array<Fn> | undefined
    for (const key of keys) {
      if (!hasOwn.call(input, key)) continue
      const bucket = tree.keys[key]!.buckets
      const literal = String((input as Record<PropertyKey, unknown>)[key])
      if (!hasOwn.call(bucket, literal)) continue
      if (candidates === undefined) candidates = []
      for (const member of bucket[literal]!) candidates.push(fnOf(member))
    }
    if (candidates === undefined) return tryInOrder(otherwise, input)
    for (const fn of otherwise) candidates.push(fn)
    return tryInOrder(candidates, input)
  }
}

const transformation = (ast: AST.Transformation, mode: Mode): Fn => {
  const t = ast.transformation
  let transform: (a: unknown, input: unknown) => Result
  switch (t._tag) {
    case "FinalTransformation": {
      const f = (mode.decoding ? t.decode : t.encode) as (
        a: unknown,
        o: AST.ParseOptions,
        ast: AST.AST,
        i: unknown
      ) => unknown
      transform = (a, input) => fromParse(f(a, mode.options, ast, input))
      break
    }
    case "ComposeTransformation":
      transform = (a) => a
      break
    case "TypeLiteralTransformation": {
      const steps = t.propertySignatureTransformations.map((pst) =>
        mode.decoding ? { from: pst.from, to: pst.to, f: pst.decode } : { from: pst.to, to: pst.from, f: pst.encode }
      )
      // The schema rewrites the parsed object in place, key by key: `delete`
      // then assign, which moves the key last. When the next node is a struct
      // that has the key, it builds its own object in its own key order, so
      // where a kept key sits here does not show: it is assigned without the
      // `delete`, which would turn the object into a slow dictionary.
      const next = mode.decoding ? ast.to : ast.from
      const rebuilt = new Set(AST.isTypeLiteral(next) ? next.propertySignatures.map((ps) => ps.name) : [])
      transform = (a) => {
        const record = a as Record<PropertyKey, unknown>
        for (let i = 0; i < steps.length; i++) {
          const { f, from, to } = steps[i]!
          const had = hasOwn.call(record, from)
          const o = f(had ? Option.some(record[from]) : Option.none())
          if (Option.isSome(o)) {
            if (had && (from !== to || !rebuilt.has(to))) delete record[from]
            record[to] = o.value
          } else if (had) delete record[from]
        }
        return record
      }
      break
    }
  }
  const from = lazy(() => (mode.decoding ? ast.from : ast.to), mode)
  const to = lazy(() => (mode.decoding ? ast.to : ast.from), mode)
  return (input) => {
    const a = from(input)
    if (a === No || a === Unsure) return a
    const b = transform(a, input)
    if (b === No || b === Unsure) return b
    return to(b)
  }
}

/**
 * The decoder of a response schema (default options): the fast path, then the
 * schema's own decoder for anything the fast path did not decode.
 */
export const decoder = <A, I>(
  schema: Schema.Schema<A, I>
): ((u: unknown) => Either.Either<A, ParseResult.ParseError>) => {
  const slow = Schema.decodeUnknownEither(schema)
  const fast = compile(schema.ast, decodeMode)
  return (u) => {
    const value = fast(u)
    return value === No || value === Unsure ? slow(u) : Either.right(value as A)
  }
}

/**
 * The encoder of a request schema, with `requestOptions`: the fast path, then
 * the schema's own encoder for anything the fast path did not encode.
 */
export const requestEncoder = <A, I>(
  schema: Schema.Schema<A, I>
): ((u: unknown) => Either.Either<I, ParseResult.ParseError>) => {
  const slow = Schema.encodeUnknownEither(schema, requestOptions)
  const fast = compile(schema.ast, requestEncodeMode)
  return (u) => {
    const value = fast(u)
    return value === No || value === Unsure ? slow(u) : Either.right(value as I)
  }
}

/**
 * The fast paths alone (for tests): the result, `No` or `Unsure`.
 *
 * @internal
 */
export const fastPath = <A, I>(
  schema: Schema.Schema<A, I>,
  mode: "decode" | "encodeRequest" = "decode"
): ((u: unknown) => unknown) => compile(schema.ast, mode === "decode" ? decodeMode : requestEncodeMode)
