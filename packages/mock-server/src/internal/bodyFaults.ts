/**
 * The faults that change the body a route produced, whatever the route:
 * `idle-stream`, `reset-mid-body`, `truncate-json`, `empty-body`,
 * `content-type` and `large-body`.
 *
 * Where the body is cut:
 * - a body of known size (JSON, text, bytes) at half its bytes;
 * - a streamed body (SSE): `idle-stream` pauses after the first write (the
 *   first event); `reset-mid-body` and `truncate-json` cut in the middle of
 *   the second write (or of the only one), so the client has received whole
 *   events and then half of one.
 *
 * @internal
 */
import type * as Http from "node:http"
import type * as HttpBody from "@effect/platform/HttpBody"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { Faults } from "./faults.js"

/** How long a reset response waits for the socket's close to interrupt it. */
const RESET_GRACE_MS = 5_000
/** How long a reset waits for the bytes before the cut to leave the process. */
const FLUSH_BOUND_MS = 1_000
/** The size of one SSE comment line of `large-body` padding. */
const PAD_LINE_BYTES = 65_536

/** The name of the field `large-body` adds to a JSON object. */
export const PADDING_FIELD = "x_mock_padding"

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09

/**
 * A JSON object grown to at least `target` bytes with a string field
 * (`x_mock_padding`) before its closing brace; anything else unchanged.
 */
export const padJson = (bytes: Uint8Array, target: number): Uint8Array => {
  if (bytes.length >= target) return bytes
  let end = bytes.length - 1
  while (end >= 0 && isSpace(bytes[end])) end--
  if (end < 1 || bytes[end] !== 0x7d) return bytes
  let previous = end - 1
  while (previous >= 0 && isSpace(bytes[previous])) previous--
  const head = Buffer.from(`${bytes[previous] === 0x7b ? "" : ","}\n  "${PADDING_FIELD}": "`)
  const tail = Buffer.from('"\n}')
  const fill = Math.max(0, target - (end + head.length + tail.length))
  return Buffer.concat([bytes.subarray(0, end), head, Buffer.alloc(fill, 0x61), tail])
}

/** SSE comment lines (`:aaa…\n`) of about `total` bytes, which an SSE decoder skips. */
const sseCommentPadding = (total: number): Stream.Stream<Uint8Array> =>
  Stream.suspend(() => {
    const line = Buffer.alloc(PAD_LINE_BYTES, 0x61)
    line[0] = 0x3a
    line[PAD_LINE_BYTES - 1] = 0x0a
    const lines = Math.ceil(total / PAD_LINE_BYTES)
    return Stream.fromIterable(Array.from({ length: lines }, () => line)).pipe(Stream.rechunk(1))
  })

/** Resolves once the response's buffered bytes were handed to the kernel (bounded). */
const flushed = (response: Http.ServerResponse): Promise<void> =>
  new Promise((resolve) => {
    const deadline = Date.now() + FLUSH_BOUND_MS
    const check = () => {
      if (response.writableLength === 0 || Date.now() >= deadline) return resolve()
      setTimeout(check, 2)
    }
    check()
  })

/** Destroys the socket once what was written left; the socket's close then interrupts the response. */
const resetSocket = (response: Http.ServerResponse): Effect.Effect<never> =>
  Effect.promise(() => flushed(response)).pipe(
    Effect.zipRight(
      Effect.sync(() => {
        if (response.socket !== null) response.socket.destroy()
        else response.destroy()
      })
    ),
    Effect.zipRight(Effect.sleep(RESET_GRACE_MS)),
    Effect.zipRight(Effect.interrupt)
  )

const halves = (bytes: Uint8Array): readonly [Uint8Array, Uint8Array] => {
  const half = Math.floor(bytes.length / 2)
  return [bytes.subarray(0, half), bytes.subarray(half)]
}

/** What happens at the cut: an optional pause, then a reset, a clean end, or the rest. */
const atCut = (faults: Faults, response: Http.ServerResponse): Stream.Stream<never> => {
  const pause = faults.idleStreamMs === undefined ? Stream.empty : Stream.execute(Effect.sleep(faults.idleStreamMs))
  return faults.resetMidBody ? Stream.concat(pause, Stream.execute(resetSocket(response))) : pause
}

/** A streamed body cut as described in the module's comment. */
const cutStream = (
  stream: Stream.Stream<Uint8Array, unknown>,
  faults: Faults,
  response: Http.ServerResponse
): Stream.Stream<Uint8Array, unknown> => {
  const cut = atCut(faults, response)
  if (!faults.resetMidBody && !faults.truncateBody) {
    // idle only: pause after the first write, then the rest
    return Stream.zipWithIndex(stream).pipe(
      Stream.flatMap(([bytes, i]) => (i === 0 ? Stream.concat(Stream.succeed(bytes), cut) : Stream.succeed(bytes)))
    )
  }
  return Stream.suspend(() => {
    let held: Uint8Array | undefined
    let ended = false
    const cutInside = (before: ReadonlyArray<Uint8Array>, split: Uint8Array) => {
      ended = true
      const [head] = halves(split)
      return Stream.concat(Stream.fromIterable([...before, head]).pipe(Stream.rechunk(1)), cut)
    }
    return stream.pipe(
      Stream.map(Option.some),
      Stream.concat(Stream.succeed(Option.none<Uint8Array>())),
      Stream.zipWithIndex,
      Stream.takeWhile(() => !ended),
      Stream.flatMap(([item, i]): Stream.Stream<Uint8Array> => {
        if (ended) return Stream.empty
        if (i === 0) {
          if (Option.isNone(item)) {
            ended = true
            return cut
          }
          held = item.value
          return Stream.empty
        }
        return Option.isSome(item) ? cutInside([held!], item.value) : cutInside([], held!)
      })
    )
  })
}

const withoutBodyHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const key in headers) if (key !== "content-length" && key !== "content-type") out[key] = headers[key]!
  return out
}

/**
 * Applies the body faults to a response. `padStreams: false` when the route
 * already honoured `large-body` with real content (the chat stream).
 */
export const apply = (
  response: HttpServerResponse.HttpServerResponse,
  faults: Faults,
  nodeResponse: Http.ServerResponse,
  options: { readonly padStreams: boolean }
): HttpServerResponse.HttpServerResponse => {
  const body: HttpBody.HttpBody = response.body
  if (body._tag !== "Uint8Array" && body._tag !== "Stream") return response
  const contentType = faults.contentType ?? body.contentType
  const init = {
    status: response.status,
    statusText: response.statusText,
    cookies: response.cookies,
    headers: withoutBodyHeaders(response.headers),
    contentType
  }
  if (faults.emptyBody) {
    return HttpServerResponse.uint8Array(new Uint8Array(0), {
      ...init,
      headers: { ...init.headers, "content-length": "0" }
    })
  }
  const target = faults.largeBodyBytes
  if (body._tag === "Uint8Array") {
    const bytes = target !== undefined && body.contentType.includes("json") ? padJson(body.body, target) : body.body
    if (!faults.resetMidBody && !faults.truncateBody && faults.idleStreamMs === undefined) {
      return HttpServerResponse.uint8Array(bytes, init)
    }
    const [head, rest] = halves(bytes)
    if (faults.truncateBody && !faults.resetMidBody && faults.idleStreamMs === undefined) {
      return HttpServerResponse.uint8Array(head, init)
    }
    const cut = atCut(faults, nodeResponse)
    const tail = faults.truncateBody || faults.resetMidBody ? Stream.empty : Stream.succeed(rest)
    return HttpServerResponse.stream(Stream.concat(Stream.concat(Stream.succeed(head), cut), tail), {
      ...init,
      contentLength: faults.truncateBody && !faults.resetMidBody ? head.length : bytes.length
    })
  }
  let stream = body.stream
  if (target !== undefined && options.padStreams && contentType.includes("event-stream")) {
    stream = Stream.concat(sseCommentPadding(target), stream)
  }
  if (faults.idleStreamMs !== undefined || faults.resetMidBody || faults.truncateBody) {
    stream = cutStream(stream, faults, nodeResponse)
  }
  return HttpServerResponse.stream(stream, {
    ...init,
    ...(body.contentLength !== undefined && stream === body.stream ? { contentLength: body.contentLength } : {})
  })
}
