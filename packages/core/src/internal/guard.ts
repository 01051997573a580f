/**
 * The checks of a request that its body schema cannot make, run before
 * anything else so that bad input fails with `InvalidRequestError` (naming
 * the field) and is never sent, never thrown and never altered on the way:
 *
 * - path ids: non-empty strings, not `.` or `..` (a URL would resolve those
 *   to another resource: `DELETE /threads/t/messages/..` is
 *   `DELETE /threads/t`), well-formed Unicode (`encodeURIComponent` throws on
 *   a lone surrogate);
 * - the query: strings, finite numbers, booleans (or arrays of them), valid
 *   for the spec's query parameters of the operation (`limit` an integer,
 *   `order` `asc` or `desc`);
 * - the body, fields the schema does not know included (they are sent as
 *   they are): JSON data only. `JSON.stringify` throws on a bigint or a
 *   cycle and silently turns `NaN` into `null`, drops functions and
 *   `undefined` array items, and a `__proto__` key is lost on the way; a
 *   `Date` or a `Map` would not arrive as what it was. Files are allowed in
 *   multipart bodies.
 *
 * @internal
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { query as querySchemas } from "../generated/Parameters.js"
import type * as OpenAiError from "../OpenAiError.js"
import type { Operation } from "./client.js"
import * as Errors from "./errors.js"

/** Deeper bodies are refused (the API takes far less): no stack overflow on the way. */
export const maxDepth = 256

type Issue = { readonly field: string; readonly message: string }

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const wellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (s) => (s as unknown as { isWellFormed: () => boolean }).isWellFormed()
    : (s) => !loneSurrogate.test(s)

const notWellFormed = "is not well-formed Unicode (it has a lone surrogate)"

const kindOf = (u: unknown): string => {
  if (u === null) return "null"
  if (typeof u === "number") return Number.isNaN(u) ? "NaN" : String(u)
  if (typeof u !== "object") return typeof u
  const name = (Object.getPrototypeOf(u) as { constructor?: { name?: unknown } } | null)?.constructor?.name
  return typeof name === "string" && name !== "" ? name : "object"
}

const isUploadSource = (u: object): u is Record<string, unknown> => (u as { _tag?: unknown })._tag === "UploadSource"

const isFile = (u: object): boolean =>
  (typeof Blob !== "undefined" && u instanceof Blob) ||
  u instanceof Uint8Array ||
  u instanceof ArrayBuffer ||
  isUploadSource(u)

/** What is wrong with an upload made by hand (the helpers of `Uploadable` make valid ones). */
const uploadSourceIssue = (u: Record<string, unknown>): string | undefined => {
  const { contentType, filename, size, stream } = u
  if (typeof filename !== "string" || !wellFormed(filename)) return "An upload needs a `filename` string"
  if (contentType !== undefined && (typeof contentType !== "string" || !wellFormed(contentType))) {
    return "An upload's `contentType` must be a string"
  }
  if (size !== undefined && (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)) {
    return "An upload's `size` must be a whole number of bytes"
  }
  if (typeof stream !== "object" || stream === null || !(Stream.StreamTypeId in stream)) {
    return "An upload needs a `stream` of bytes (use `Uploadable.fromBytes` or `fromStream`)"
  }
  return undefined
}

const isPlain = (u: object): boolean => {
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/** The first problem of a body value, walking it depth first. */
const bodyIssue = (value: unknown, multipart: boolean): Issue | undefined => {
  const path: Array<PropertyKey> = []
  const ancestors = new Set<object>()
  const at = (message: string): Issue => ({ field: Errors.formatPath(path) || "(root)", message })
  const optionalAt = (message: string | undefined) => (message === undefined ? undefined : at(message))
  const walk = (u: unknown, inArray: boolean): Issue | undefined => {
    switch (typeof u) {
      case "string":
        return wellFormed(u) ? undefined : at(notWellFormed)
      case "number":
        return Number.isFinite(u) ? undefined : at(`Expected a finite number, actual ${kindOf(u)}`)
      case "boolean":
        return undefined
      case "undefined":
        return inArray ? at("Expected a JSON value, actual undefined") : undefined
      case "bigint":
      case "symbol":
      case "function":
        return at(`Expected JSON data, actual a ${typeof u}`)
    }
    if (u === null) return undefined
    const object = u as object
    if (multipart && isFile(object)) return isUploadSource(object) ? optionalAt(uploadSourceIssue(object)) : undefined
    if (ancestors.has(object)) return at("Expected JSON data, actual a cycle (the value contains itself)")
    if (path.length >= maxDepth) return at(`Expected JSON data nested at most ${maxDepth} levels deep`)
    const isArray = Array.isArray(object)
    if (!isArray && !isPlain(object)) {
      return at(`Expected JSON data (a string, number, boolean, null, array or plain object), actual ${kindOf(u)}`)
    }
    ancestors.add(object)
    let issue: Issue | undefined
    if (isArray) {
      const array = object as ReadonlyArray<unknown>
      for (let i = 0; i < array.length && issue === undefined; i++) {
        path.push(i)
        issue = walk(array[i], true)
        path.pop()
      }
    } else {
      for (const key of Object.keys(object)) {
        path.push(key)
        issue =
          key === "__proto__"
            ? at("A `__proto__` key cannot be sent: JavaScript objects lose it")
            : !wellFormed(key)
              ? at(`The key ${notWellFormed}`)
              : multipart && /["\\\r\n]/.test(key)
                ? at("A form field name cannot hold a quote, a backslash or a line break")
                : walk((object as Record<string, unknown>)[key], false)
        path.pop()
        if (issue !== undefined) break
      }
    }
    ancestors.delete(object)
    return issue
  }
  return walk(value, false)
}

const pathIssue = (name: string, value: unknown): Issue | undefined => {
  if (typeof value !== "string") return { field: name, message: `Expected a string, actual ${kindOf(value)}` }
  if (value === "") return { field: name, message: "must not be empty" }
  if (value === "." || value === "..") return { field: name, message: `must not be "${value}"` }
  return wellFormed(value) ? undefined : { field: name, message: notWellFormed }
}

const queryValueIssue = (name: string, value: unknown): Issue | undefined => {
  const item = (u: unknown): string | undefined =>
    typeof u === "string"
      ? wellFormed(u)
        ? undefined
        : notWellFormed
      : typeof u === "number"
        ? Number.isFinite(u)
          ? undefined
          : `Expected a finite number, actual ${kindOf(u)}`
        : typeof u === "boolean"
          ? undefined
          : `Expected a string, number or boolean, actual ${kindOf(u)}`
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const message = item(value[i])
      if (message !== undefined) return { field: `${name}[${i}]`, message }
    }
    return undefined
  }
  const message = item(value)
  return message === undefined ? undefined : { field: name, message }
}

const queryDecoders = new Map<string, (u: unknown) => Either.Either<unknown, ParseResult.ParseError>>()
const queryDecoder = (operationId: string) => {
  let decode = queryDecoders.get(operationId)
  if (decode === undefined) {
    const schema = (querySchemas as Readonly<Record<string, Schema.Schema<any, any> | undefined>>)[operationId]
    if (schema === undefined) return undefined
    decode = Schema.decodeUnknownEither(schema, { errors: "all" })
    queryDecoders.set(operationId, decode)
  }
  return decode
}

/**
 * The problems of an operation's path ids, query and body that its schema
 * does not catch, as the error to fail with, or `undefined` when there are
 * none.
 */
export const check = (operation: Operation): Either.Either<never, OpenAiError.InvalidRequestError> | undefined => {
  const issues: Array<Issue> = []
  const params = operation.pathParams
  if (params !== undefined) {
    for (const name in params) {
      const issue = pathIssue(name, params[name])
      if (issue !== undefined) issues.push(issue)
    }
  }
  const query = operation.query as unknown
  if (query !== undefined && (typeof query !== "object" || query === null || Array.isArray(query))) {
    issues.push({ field: "(query)", message: `Expected the list parameters as an object, actual ${kindOf(query)}` })
  } else if (query !== undefined) {
    const defined: Record<string, unknown> = {}
    let valid = true
    for (const name in query as Record<string, unknown>) {
      const value = (query as Record<string, unknown>)[name]
      if (value === undefined || value === null) continue
      const issue = queryValueIssue(name, value)
      if (issue !== undefined) {
        issues.push(issue)
        valid = false
      } else defined[name] = value
    }
    const decode = valid ? queryDecoder(operation.operationId) : undefined
    if (decode !== undefined) {
      const decoded = decode(defined)
      if (Either.isLeft(decoded)) issues.push(...Errors.parseIssues(decoded.left))
    }
  }
  const body = operation.body
  if (body !== undefined) {
    const issue = bodyIssue(body.value, body._tag === "Multipart")
    if (issue !== undefined) issues.push(issue)
  }
  return issues.length === 0 ? undefined : Either.left(Errors.invalidRequest(operation.operationId, issues))
}
