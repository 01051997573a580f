/**
 * Reading a method's params before the pipeline sees them, and the options
 * objects of layers.
 *
 * An untyped caller can pass anything as params: `null`, a string, an
 * array. A method that read a field of such params would throw a
 * `TypeError` at the call. These helpers read only params that are an
 * object, and hand anything else to the pipeline as it is, which refuses it
 * with `InvalidRequestError` before sending: a body by its schema (field
 * `(root)`), a query by its shape check (field `(query)`).
 *
 * @internal
 */
import type { Operation } from "./client.js"

/** A non-null object that is no array. */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** A field of the params, or `undefined` when they are no object. */
export const field = (params: unknown, name: string): unknown => (isRecord(params) ? params[name] : undefined)

/**
 * The params of a list call as its query, as they are: the pipeline checks
 * the values it knows against the spec and sends the others unchanged, as it
 * does for body fields.
 */
export const query = (params: unknown): Operation["query"] => params as Operation["query"]

/** The fields of an options object that are set: `undefined` ones left out, so that they do not replace defaults. */
export const definedOnly = <A extends object>(options: A): Partial<A> => {
  const out: Partial<A> = {}
  for (const key in options) {
    if (options[key] !== undefined) out[key] = options[key]
  }
  return out
}

/** The body of a method that decides `stream` itself, whatever an untyped caller passed as `stream`. */
export const withStream = (params: unknown, stream: boolean): unknown => {
  if (!isRecord(params)) return params
  const { stream: _, ...rest } = params
  return stream ? { ...rest, stream: true } : rest
}
