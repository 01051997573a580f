/**
 * What a route needs: the parsed request, JSON and error responses, and the
 * in-memory store of resources (files, assistants, threads, …) that lives as
 * long as the server. Area routes in `routes/` build on this.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { type ErrorBody, errorBody, InvalidParam } from "./errors.js"
import type * as Faults from "./faults.js"

export interface RequestInfoShape {
  /** The request's number on this server (1, 2, …) */
  readonly n: number
  /** The JSON body parsed; for multipart, a record of fields (files as `{ filename, contentType, size, text }`); else the text */
  readonly body: unknown
  /** The raw body bytes */
  readonly raw: Uint8Array
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly query: URLSearchParams
  readonly faults: Faults.Faults
  readonly store: Store
}

export class RequestInfo extends Context.Tag("@effect-openai/mock-server/RequestInfo")<
  RequestInfo,
  RequestInfoShape
>() {}

export const json = (
  status: number,
  body: unknown,
  headers?: Record<string, string>
): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(JSON.stringify(body, null, 2), { status, contentType: "application/json", headers })

export const error = (status: number, body: ErrorBody, headers?: Record<string, string>) => json(status, body, headers)

export const invalid = (e: InvalidParam) => error(400, errorBody(e.message, "invalid_request_error", e.param, e.code))

/** A 400 naming the parameter. */
export const badParam = (param: string, message: string) => invalid(new InvalidParam(param, message, null))

/** A 404 for a missing resource. */
export const notFound = (kind: string, id: string) =>
  error(404, errorBody(`No ${kind} found with id '${id}'.`, "invalid_request_error", null, null))

/** The path parameters of the route. */
export const params = HttpRouter.params

/** Seconds since the epoch. */
export const now = () => Math.floor(Date.now() / 1000)

/** The body as a record (empty when it is not an object). */
export const bodyRecord = (body: unknown): Record<string, unknown> =>
  typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {}

/**
 * Resources by collection (`"files"`, `"assistants"`, …) and id, in
 * insertion order, with ids like `file-mock000001`.
 */
export class Store {
  /** SSE responses of the area routes being written now (see `sseResponse`); part of the server's `activeStreams()` */
  activeStreams = 0
  private readonly collections = new Map<string, Map<string, Record<string, unknown>>>()
  private counter = 0

  private collection(name: string) {
    let c = this.collections.get(name)
    if (c === undefined) {
      c = new Map()
      this.collections.set(name, c)
    }
    return c
  }

  /** A fresh id with the given prefix, e.g. `nextId("asst")` → `asst_mock000001`. */
  nextId(prefix: string, separator = "_"): string {
    return `${prefix}${separator}mock${String(++this.counter).padStart(6, "0")}`
  }

  put<A extends Record<string, unknown>>(collection: string, id: string, value: A): A {
    this.collection(collection).set(id, value)
    return value
  }

  get(collection: string, id: string): Record<string, unknown> | undefined {
    return this.collection(collection).get(id)
  }

  update(collection: string, id: string, patch: Record<string, unknown>): Record<string, unknown> | undefined {
    const current = this.get(collection, id)
    if (current === undefined) return undefined
    const next = { ...current, ...patch }
    this.put(collection, id, next)
    return next
  }

  delete(collection: string, id: string): boolean {
    return this.collection(collection).delete(id)
  }

  /** Every value, oldest first, optionally filtered. */
  list(collection: string, filter: (value: Record<string, unknown>) => boolean = () => true) {
    return [...this.collection(collection).values()].filter(filter)
  }
}

/**
 * A `text/event-stream` response whose body counts in `store.activeStreams`
 * while it is written: from its first byte until it ends or the client aborts.
 */
export const sseResponse = (store: Store, body: Stream.Stream<Uint8Array>): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.stream(
    Stream.acquireRelease(
      Effect.sync(() => {
        store.activeStreams++
      }),
      () =>
        Effect.sync(() => {
          store.activeStreams--
        })
    ).pipe(Stream.flatMap(() => body)),
    { contentType: "text/event-stream; charset=utf-8", headers: { "cache-control": "no-cache" } }
  )

/**
 * A cursor page the way the API lists: `limit` (default 20), `order`
 * (`desc` by default: newest first), `after` and `before` ids.
 */
export const page = (items: ReadonlyArray<Record<string, unknown>>, query: URLSearchParams) => {
  const limit = Math.min(Math.max(Number(query.get("limit") ?? 20) || 20, 1), 100)
  const ordered = query.get("order") === "asc" ? [...items] : [...items].reverse()
  let start = 0
  const after = query.get("after")
  if (after !== null) {
    const i = ordered.findIndex((item) => item.id === after)
    start = i < 0 ? ordered.length : i + 1
  }
  let end = ordered.length
  const before = query.get("before")
  if (before !== null) {
    const i = ordered.findIndex((item) => item.id === before)
    if (i >= 0) end = i
  }
  const data = ordered.slice(start, end).slice(0, limit)
  return {
    object: "list",
    data,
    first_id: (data[0]?.id as string | undefined) ?? null,
    last_id: (data[data.length - 1]?.id as string | undefined) ?? null,
    has_more: start + data.length < end
  }
}

/** Runs a handler with the request info. */
export const handle = <E, R>(
  f: (
    info: RequestInfoShape,
    params: Readonly<Record<string, string | undefined>>
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, E, R> | HttpServerResponse.HttpServerResponse
) =>
  Effect.gen(function* () {
    const info = yield* RequestInfo
    const p = yield* HttpRouter.params
    const result = f(info, p)
    return Effect.isEffect(result) ? yield* result : result
  })
