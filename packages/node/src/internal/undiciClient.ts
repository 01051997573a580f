/**
 * An `HttpClient` straight on undici's dispatcher.
 *
 * `@effect/platform-node`'s undici client goes through `undici.request`: an
 * `AbortController` per request (and another in `HttpClient.make`), a Node
 * `Readable` per body, a promise per step, a `FinalizationRegistry` entry per
 * response and `Effect.cached` + `Effect.runSync` per `text`. This one hands
 * undici a handler (`Dispatcher.dispatch`) and keeps the body in an array of
 * reads:
 *
 * - the request is sent from one `Effect.async`, whose canceler aborts it;
 * - the response's reads are kept until someone consumes them; past
 *   `highWaterMark` bytes unconsumed, the socket is paused (backpressure);
 * - `text` resolves at the end of the body, at once when it has already
 *   ended; `stream` hands out every read buffered since the last pull, in one
 *   chunk, and resumes the socket when it runs dry;
 * - interrupting a `text` or closing a `stream` before the end aborts the
 *   request, so the socket is closed, never left half-read.
 *
 * When the fiber traces requests (the tracer is enabled and
 * `HttpClient.currentTracerDisabledWhen` does not exclude the request), the
 * request goes through `HttpClient.make` instead, with the same transport:
 * the platform's client span, trace headers and abort-on-interrupt, exactly
 * as with the platform's clients.
 *
 * @internal
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import { OpenAiClient } from "@effect-openai/core"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as Undici from "undici"
import { nodeStream } from "./lazyModules.js"

/** Unconsumed bytes kept before the socket is paused. */
export const highWaterMark = 256 * 1024

/** The error the request is aborted with when its consumer goes away. */
class Aborted extends Error {
  constructor() {
    super("The response was abandoned before its end")
    this.name = "AbortError"
  }
}

/**
 * The body of one response, as undici delivers it. Exactly one consumer
 * (`text`, `stream`…) reads it; later ones see what the first one left.
 */
class Body {
  private reads: Array<Buffer> = []
  private size = 0
  ended = false
  error: Error | undefined = undefined
  /** Called when a read, the end or an error arrives and someone waits. */
  waiter: (() => void) | undefined = undefined
  /** Pause the socket past `highWaterMark` unconsumed bytes (off while `text` collects). */
  bounded = true
  controller: Undici.Dispatcher.DispatchController | undefined = undefined

  push(read: Buffer): void {
    this.reads.push(read)
    this.size += read.length
    if (this.bounded && this.size >= highWaterMark) this.controller?.pause()
    this.wake()
  }

  end(): void {
    this.ended = true
    this.wake()
  }

  fail(error: Error): void {
    if (this.ended) return
    this.error = error
    this.ended = true
    this.wake()
  }

  wake(): void {
    const waiter = this.waiter
    if (waiter !== undefined) {
      this.waiter = undefined
      waiter()
    }
  }

  /** Everything buffered, and the socket resumed. */
  take(): Array<Buffer> {
    const reads = this.reads
    this.reads = []
    this.size = 0
    const controller = this.controller
    if (controller?.paused && !this.ended) controller.resume()
    return reads
  }

  /** Aborts the request if the body has not ended; a waiting consumer fails with `error`. */
  abort(cause?: Error): void {
    if (this.ended) return
    // Made only when needed: every closed stream calls this, mostly after the end.
    const error = cause ?? new Aborted()
    this.ended = true
    this.error = error
    this.reads = []
    this.controller?.abort(error)
    this.wake()
  }
}

const concat = (reads: ReadonlyArray<Buffer>): Buffer =>
  reads.length === 1 ? reads[0]! : Buffer.concat(reads as Array<Buffer>)

/** UTF-8 decoding as `Response.text()` does it: one leading BOM is dropped. */
const decodeText = (reads: ReadonlyArray<Buffer>): string => {
  if (reads.length === 0) return ""
  const text = concat(reads).toString("utf8")
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  private cachedHeaders: Headers.Headers | undefined
  private cachedText: Effect.Effect<string, HttpClientError.ResponseError> | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    private readonly rawHeaders: Undici.Dispatcher.ResponseData["headers"],
    private readonly body: Body
  ) {
    super()
  }

  get statusText(): string | undefined {
    return undefined
  }

  get headers(): Headers.Headers {
    if (this.cachedHeaders === undefined) this.cachedHeaders = Headers.fromInput(this.rawHeaders)
    return this.cachedHeaders
  }

  get cookies(): Cookies.Cookies {
    const header = this.rawHeaders["set-cookie"]
    if (header === undefined) return Cookies.empty
    return Cookies.fromSetCookie(Array.isArray(header) ? header : [header])
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  private decodeError(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  /** The whole body, once. */
  private get bytes(): Effect.Effect<Array<Buffer>, HttpClientError.ResponseError> {
    const body = this.body
    // Once the body has ended: its reads, or its error.
    const outcome = (): Effect.Effect<Array<Buffer>, HttpClientError.ResponseError> =>
      body.error === undefined ? Effect.succeed(body.take()) : Effect.fail(this.decodeError(body.error))
    return Effect.suspend(() => {
      if (body.ended) return outcome()
      body.bounded = false
      return Effect.async<Array<Buffer>, HttpClientError.ResponseError>((resume) => {
        const check = () => {
          if (!body.ended) {
            body.waiter = check
            return
          }
          resume(outcome())
        }
        if (body.controller?.paused) body.controller.resume()
        check()
        return Effect.sync(() => body.abort())
      })
    })
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    if (this.cachedText === undefined) {
      let result: string | undefined
      const bytes = this.bytes
      this.cachedText = Effect.suspend(() =>
        result !== undefined
          ? Effect.succeed(result)
          : Effect.map(bytes, (reads) => {
              result = decodeText(reads)
              return result
            })
      )
    }
    return this.cachedText
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({ try: () => (text === "" ? null : JSON.parse(text)), catch: (cause) => this.decodeError(cause) })
    )
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return Effect.map(this.bytes, (reads) => {
      const bytes = concat(reads)
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    })
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => UrlParams.fromInput(new URLSearchParams(text)),
        catch: (cause) => this.decodeError(cause)
      })
    )
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.flatMap(this.arrayBuffer, (buffer) =>
      Effect.tryPromise({
        try: () => new Response(buffer, { headers: this.headers as Record<string, string> }).formData(),
        catch: (cause) => this.decodeError(cause)
      })
    )
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    const body = this.body
    const pull = Effect.async<Chunk.Chunk<Uint8Array>, Option.Option<HttpClientError.ResponseError>>((resume) => {
      const check = () => {
        const reads = body.take()
        if (reads.length > 0) return resume(Effect.succeed(Chunk.unsafeFromArray(reads)))
        if (body.ended) {
          return resume(
            Effect.fail(body.error === undefined ? Option.none() : Option.some(this.decodeError(body.error)))
          )
        }
        body.waiter = check
      }
      check()
      return Effect.sync(() => {
        body.waiter = undefined
        body.abort()
      })
    })
    return Stream.ensuring(
      Stream.repeatEffectChunkOption(pull),
      Effect.sync(() => body.abort())
    )
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}

/** Where to send a request: undici wants the origin and the path apart. */
const target = (
  request: HttpClientRequest.HttpClientRequest
): { readonly origin: string; readonly path: string } | HttpClientError.RequestError => {
  const url = request.url
  // The common case, an absolute http(s) URL without extra params or hash, is split by hand.
  if (request.urlParams.length === 0 && request.hash._tag === "None" && url.indexOf("#") === -1) {
    const scheme = url.startsWith("https://") ? 8 : url.startsWith("http://") ? 7 : -1
    if (scheme !== -1) {
      const slash = url.indexOf("/", scheme)
      const query = url.indexOf("?", scheme)
      const end = slash === -1 ? (query === -1 ? url.length : query) : query === -1 ? slash : Math.min(slash, query)
      if (end > scheme && url.indexOf("@", scheme) === -1) {
        const rest = url.slice(end)
        return { origin: url.slice(0, end), path: rest === "" ? "/" : rest[0] === "?" ? `/${rest}` : rest }
      }
    }
  }
  const parsed = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
  if (parsed._tag === "Left")
    return new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: parsed.left })
  return { origin: parsed.right.origin, path: parsed.right.pathname + parsed.right.search + parsed.right.hash }
}

type DispatchBody = Exclude<Undici.Dispatcher.DispatchOptions["body"], undefined>

const bodyOf = (body: HttpClientRequest.HttpClientRequest["body"]): Effect.Effect<DispatchBody> | DispatchBody => {
  switch (body._tag) {
    case "Empty":
      return null
    case "Uint8Array":
      return body.body
    case "Raw":
      return body.body as DispatchBody
    case "FormData":
      return body.formData as unknown as DispatchBody
    case "Stream":
      return Effect.flatMap(nodeStream, (NodeStream) =>
        NodeStream.toReadable(body.stream)
      ) as Effect.Effect<DispatchBody>
  }
}

/** Sends one request; the response arrives with its headers, the body follows. */
const send = (
  dispatcher: Undici.Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  origin: string,
  path: string,
  body: DispatchBody,
  signal: AbortSignal | undefined,
  deadline: OpenAiClient.AttemptDeadline | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> =>
  Effect.async<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError>((resume) => {
    const state = new Body()
    let started = false
    /** The request failed before its headers: the attempt fails with a transport error. */
    const failBeforeStart = (cause: unknown) => {
      state.ended = true
      resume(Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause })))
    }
    const handler: Undici.Dispatcher.DispatchHandler = {
      onRequestStart: (controller) => {
        state.controller = controller
        if (state.ended) controller.abort(state.error ?? new Aborted())
      },
      onResponseStart: (controller, statusCode, headers) => {
        if (statusCode < 200 || started) return // 1xx informational responses
        started = true
        state.controller = controller
        resume(Effect.succeed(new UndiciResponse(request, statusCode, headers, state)))
      },
      onResponseData: (_controller, read) => {
        if (!state.ended) state.push(read)
      },
      onResponseEnd: () => state.end(),
      onResponseError: (_controller, error) => {
        if (started) state.fail(error)
        else if (!state.ended) failBeforeStart(error)
      }
    }
    const onAbort = () => state.abort()
    try {
      signal?.addEventListener("abort", onAbort, { once: true })
      dispatcher.dispatch(
        {
          origin,
          path,
          method: request.method as Undici.Dispatcher.HttpMethod,
          headers: request.headers,
          body,
          // The pipeline times attempts and streams itself.
          headersTimeout: 60 * 60 * 1000,
          bodyTimeout: 0
        },
        handler
      )
    } catch (cause) {
      failBeforeStart(cause)
    }
    // The attempt's deadline (see `OpenAiClient.enforcesAttemptDeadlines`): abort whatever is left.
    deadline?.onExpire((cause) => {
      if (started) return state.abort(cause)
      if (state.ended) return
      state.abort(cause)
      failBeforeStart(cause)
    })
    return Effect.sync(() => {
      if (started) return
      deadline?.clear()
      state.abort()
    })
  })

const sendRequest = (
  dispatcher: Undici.Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  origin: string,
  path: string,
  signal: AbortSignal | undefined,
  deadline: OpenAiClient.AttemptDeadline | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> => {
  const body = bodyOf(request.body)
  return Effect.isEffect(body)
    ? Effect.flatMap(body, (b) => send(dispatcher, request, origin, path, b, signal, deadline))
    : send(dispatcher, request, origin, path, body as DispatchBody, signal, deadline)
}

/** An `HttpClient` on `dispatcher` (see the module's description). */
export const make = (dispatcher: Undici.Dispatcher): HttpClient.HttpClient => {
  // With tracing, the platform's `make` wraps the same transport (spans, trace headers, abort on interrupt).
  const traced = HttpClient.make((request, url, signal) =>
    sendRequest(dispatcher, request, url.origin, url.pathname + url.search + url.hash, signal, undefined)
  )
  const client = HttpClient.makeWith<HttpClientError.HttpClientError, never, HttpClientError.HttpClientError, never>(
    (effect) =>
      Effect.flatMap(effect, (request) =>
        Effect.withFiberRuntime((fiber) => {
          // A request carrying the pipeline's deadline says whether it is traced; others ask the fiber.
          const deadline = OpenAiClient.attemptDeadline(request)
          const tracing =
            deadline === undefined
              ? fiber.getFiberRef(FiberRef.currentTracerEnabled) &&
                !fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)(request)
              : !deadline.untraced
          if (tracing) return traced.execute(request)
          const where = target(request)
          if (where instanceof HttpClientError.RequestError) return Effect.fail(where)
          return sendRequest(dispatcher, request, where.origin, where.path, undefined, deadline)
        })
      ),
    Effect.succeed
  )
  // undici's dispatcher follows no redirect: the pipeline has nothing to refuse; and it aborts a
  // request at its attempt's deadline: the pipeline needs no child fiber to time it.
  return Object.assign(client, {
    [OpenAiClient.neverFollowsRedirects]: true,
    [OpenAiClient.enforcesAttemptDeadlines]: true
  })
}
