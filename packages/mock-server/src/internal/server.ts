/**
 * The server: state, routes, faults and lifecycle.
 *
 * @internal
 */

import * as Http from "node:http"
import type * as Net from "node:net"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Api from "../index.js"
import * as BodyFaults from "./bodyFaults.js"
import * as Chat from "./chat.js"
import * as Embeddings from "./embeddings.js"
import { errorBody, errorForStatus, htmlErrorPage, InvalidParam } from "./errors.js"
import * as Faults from "./faults.js"
import { error, invalid, json, RequestInfo, type RequestInfoShape, Store } from "./kit.js"
import { RateLimiter } from "./rateLimit.js"
import { areaRoutes } from "./routes/index.js"
import * as Sse from "./sse.js"
import { estimateTokens } from "./text.js"

// ---------------------------------------------------------------------------
// models
// ---------------------------------------------------------------------------

const MODELS = [
  { id: "gpt-4o", object: "model", created: 1715367049, owned_by: "system" },
  { id: "gpt-4o-mini", object: "model", created: 1721172741, owned_by: "system" },
  { id: "gpt-3.5-turbo", object: "model", created: 1677610602, owned_by: "openai" },
  { id: "text-embedding-3-small", object: "model", created: 1705948997, owned_by: "system" },
  { id: "ft:gpt-3.5-turbo:mock-org::abc123", object: "model", created: 1700000000, owned_by: "mock-org" }
] as const

/** @internal */
export const modelIds: ReadonlyArray<string> = MODELS.map((m) => m.id)

// ---------------------------------------------------------------------------
// state
// ---------------------------------------------------------------------------

const DEFAULT_BATCH_BYTES = 65_536
const MAX_BATCH_BYTES = 16 * 1024 * 1024
const MAX_STREAM_CHUNKS = 10_000_000
const MAX_CONTENT_BYTES = 64 * 1024 * 1024
const DROP_GRACE_MS = 5_000

class State {
  requestCount = 0
  openConnections = 0
  totalConnections = 0
  activeStreams = 0
  readonly recorded: Array<Recorded> = []
  readonly faultCounter = new Faults.FaultCounter()
  readonly store = new Store()
  readonly limiter: RateLimiter
  readonly maxRecorded: number

  constructor(options: Api.MockServerOptions) {
    const rl = options.rateLimit
    this.limiter = new RateLimiter({
      requests: rl?.requests ?? 10_000,
      tokens: rl?.tokens ?? 30_000_000,
      windowMs: rl?.windowMs ?? 60_000,
      enforce: rl !== undefined
    })
    this.maxRecorded = Math.max(0, options.maxRecordedRequests ?? 1000)
  }

  record(request: Recorded) {
    if (this.maxRecorded === 0) return
    if (this.recorded.length >= this.maxRecorded) this.recorded.splice(0, this.recorded.length - this.maxRecorded + 1)
    this.recorded.push(request)
  }
}

/** A recorded request; `response` is filled in once the response's status and headers are known. */
type Recorded = { -readonly [K in keyof Api.RecordedRequest]: Api.RecordedRequest[K] }

const textDecoder = new TextDecoder()

/** A multipart body as a record: text fields as strings, files as `{ filename, contentType, size, text }`. */
const parseMultipart = (raw: Uint8Array, contentType: string) =>
  Effect.orElseSucceed(
    Effect.promise(async () => {
      const form = await new Response(raw as Uint8Array<ArrayBuffer>, {
        headers: { "content-type": contentType }
      }).formData()
      const out: Record<string, unknown> = {}
      for (const [key, value] of form.entries()) {
        const v =
          typeof value === "string"
            ? value
            : { filename: value.name, contentType: value.type, size: value.size, text: await value.text() }
        const previous = out[key]
        out[key] = previous === undefined ? v : Array.isArray(previous) ? [...previous, v] : [previous, v]
      }
      return out as unknown
    }),
    () => "<unparseable multipart body>" as unknown
  )

const parseBody = (text: string): unknown => {
  if (text.length === 0) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const redact = (headers: Readonly<Record<string, string | undefined>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue
    if (key === "authorization") out[key] = /^bearer\s/i.test(value) ? "Bearer <redacted>" : "<redacted>"
    else if (key === "api-key") out[key] = "<redacted>"
    else out[key] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

const isAuthorized = (headers: Readonly<Record<string, string | undefined>>): boolean => {
  const auth = headers["authorization"]
  if (auth !== undefined && /^bearer\s+\S+/i.test(auth.trim())) return true
  const apiKey = headers["api-key"]
  return apiKey !== undefined && apiKey.trim().length > 0
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

const modelOf = (body: unknown, path: string): string | undefined => {
  if (typeof body === "object" && body !== null && typeof (body as Record<string, unknown>)["model"] === "string") {
    return (body as Record<string, string>)["model"]
  }
  const azure = /^\/openai\/deployments\/([^/]+)\//.exec(path)
  if (azure !== null) return safeDecode(azure[1]!)
  const model = /^\/v1\/models\/(.+)$/.exec(path)
  if (model !== null) return safeDecode(model[1]!)
  return undefined
}

/** Reads a non-negative integer knob header; `undefined` when absent, an `InvalidParam` when malformed. */
const intHeader = (
  headers: Readonly<Record<string, string | undefined>>,
  name: string,
  min: number,
  max: number
): number | undefined | InvalidParam => {
  const raw = headers[name]
  if (raw === undefined) return undefined
  const value = Number(raw.trim())
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    return new InvalidParam(
      null,
      `Invalid header ${name}: expected an integer between ${min} and ${max}.`,
      "invalid_value"
    )
  }
  return value
}

// ---------------------------------------------------------------------------
// routes
// ---------------------------------------------------------------------------

const modelNotFound = (id: string) =>
  error(
    404,
    errorBody(
      `The model '${id}' does not exist or you do not have access to it.`,
      "invalid_request_error",
      null,
      "model_not_found"
    )
  )

const listModels = Effect.succeed(json(200, { object: "list", data: MODELS }))

const retrieveModel = Effect.map(HttpRouter.params, (params) => {
  const id = params["model"] ?? ""
  const model = MODELS.find((m) => m.id === id)
  return model === undefined ? modelNotFound(id) : json(200, model)
})

const deleteModel = Effect.map(HttpRouter.params, (params) => {
  const id = params["model"] ?? ""
  return id.startsWith("ft:") ? json(200, { id, object: "model", deleted: true }) : modelNotFound(id)
})

const sseHeaders = { "cache-control": "no-cache" }

const chatCompletions = (state: State, modelOverride?: string) =>
  Effect.gen(function* () {
    const info = yield* RequestInfo
    const request = Chat.parseChatRequest(info.body, modelOverride)
    if (request instanceof InvalidParam) return invalid(request)
    const streamChunksHeader = intHeader(info.headers, "x-mock-stream-chunks", 0, MAX_STREAM_CHUNKS)
    if (streamChunksHeader instanceof InvalidParam) return invalid(streamChunksHeader)
    const contentBytesHeader = intHeader(info.headers, "x-mock-content-bytes", 0, MAX_CONTENT_BYTES)
    if (contentBytesHeader instanceof InvalidParam) return invalid(contentBytesHeader)
    // large-body=<bytes>: real content (a JSON reply of that size, or that many bytes of ~300-byte chunks)
    const large = info.faults.largeBodyBytes
    const streamChunks =
      streamChunksHeader ?? (large === undefined ? undefined : Math.ceil(large / Chat.TARGET_EVENT_BYTES))
    const contentBytes = contentBytesHeader ?? large
    const batchBytes = intHeader(info.headers, "x-mock-batch-bytes", 1, MAX_BATCH_BYTES)
    if (batchBytes instanceof InvalidParam) return invalid(batchBytes)
    const ctx: Chat.ChatContext = {
      id: `chatcmpl-mock${String(info.n).padStart(6, "0")}`,
      toolCallId: `call_mock${String(info.n).padStart(6, "0")}`,
      created: Math.floor(Date.now() / 1000),
      streamChunks,
      contentBytes
    }
    if (!request.stream) return json(200, Chat.completionBody(request, ctx))
    const events = Chat.completionStream(request, ctx)
    const bytes = batchBytes ?? DEFAULT_BATCH_BYTES
    // a fault that cuts the body (idle-stream, reset-mid-stream, truncate-json) cuts after the first event
    const body: Stream.Stream<Uint8Array> = Faults.cutsBody(info.faults)
      ? fromChunks(() => [...Sse.batches(events.head, bytes), ...Sse.batches(events.tail, bytes)])
      : fromChunks(() => Sse.batches([...events.head, ...events.tail], bytes))
    const counted = Stream.acquireRelease(
      Effect.sync(() => {
        state.activeStreams++
      }),
      () =>
        Effect.sync(() => {
          state.activeStreams--
        })
    ).pipe(Stream.flatMap(() => body))
    return HttpServerResponse.stream(counted, {
      contentType: "text/event-stream; charset=utf-8",
      headers: sseHeaders
    })
  })

/** One write per element, so the node response's back-pressure applies between batches. */
const fromChunks = (make: () => Array<Uint8Array>): Stream.Stream<Uint8Array> =>
  Stream.suspend(() => Stream.fromIteratorSucceed(make().values(), 1))

const embeddings = (modelOverride?: string) =>
  Effect.map(RequestInfo, (info) => {
    const request = Embeddings.parseEmbeddingsRequest(info.body, modelOverride)
    return request instanceof InvalidParam ? invalid(request) : json(200, Embeddings.embeddingsBody(request))
  })

const requireApiVersion = <E, R>(
  handler: (deployment: string) => Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
) =>
  Effect.gen(function* () {
    const info = yield* RequestInfo
    const params = yield* HttpRouter.params
    if (!info.query.get("api-version")) {
      return invalid(
        new InvalidParam(
          "api-version",
          "Missing required query parameter: 'api-version'.",
          "missing_required_parameter"
        )
      )
    }
    return yield* handler(params["deployment"] ?? "")
  })

const makeRouter = (state: State) =>
  HttpRouter.empty.pipe(
    HttpRouter.get("/v1/models", listModels),
    HttpRouter.get("/v1/models/:model", retrieveModel),
    HttpRouter.del("/v1/models/:model", deleteModel),
    HttpRouter.post("/v1/chat/completions", chatCompletions(state)),
    HttpRouter.post("/v1/embeddings", embeddings()),
    HttpRouter.post(
      "/openai/deployments/:deployment/chat/completions",
      requireApiVersion((deployment) => chatCompletions(state, deployment))
    ),
    HttpRouter.post(
      "/openai/deployments/:deployment/embeddings",
      requireApiVersion((deployment) => embeddings(deployment))
    ),
    HttpRouter.get(
      "/openai/models",
      requireApiVersion(() => listModels)
    ),
    (router) => areaRoutes.reduce((all, area) => HttpRouter.concat(all, area), router)
  )

// ---------------------------------------------------------------------------
// the app: record, faults, auth, rate limits, then the router
// ---------------------------------------------------------------------------

const makeApp = (state: State) => {
  const router = makeRouter(state)
  return Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const start = Date.now()
    const n = ++state.requestCount
    const requestId = `req_${n}`
    const raw = new Uint8Array(yield* Effect.orElseSucceed(request.arrayBuffer, () => new ArrayBuffer(0)))
    const contentType = request.headers["content-type"] ?? ""
    const text = contentType.startsWith("multipart/") ? `<multipart ${raw.byteLength} bytes>` : textDecoder.decode(raw)
    const body = contentType.startsWith("multipart/") ? yield* parseMultipart(raw, contentType) : parseBody(text)
    const url = new URL(`http://127.0.0.1${request.url.startsWith("/") ? "" : "/"}${request.url}`)
    const headers = request.headers as Readonly<Record<string, string | undefined>>
    const recorded: Recorded = {
      requestId,
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: redact(headers),
      body,
      receivedAt: start,
      response: undefined
    }
    state.record(recorded)
    const tokens = text.length === 0 ? 1 : estimateTokens(text)
    const common = {
      "x-request-id": requestId,
      "openai-model": modelOf(body, url.pathname) ?? "unknown",
      "openai-organization": "mock-org",
      "openai-version": "2020-10-01"
    }
    let faults = Faults.none
    const finish = (
      response: HttpServerResponse.HttpServerResponse,
      rateLimitHeaders: Record<string, string> = state.limiter.peek(tokens)
    ) => {
      const withHeaders = HttpServerResponse.setHeaders(response, {
        ...common,
        ...rateLimitHeaders,
        "openai-processing-ms": String(Date.now() - start)
      })
      const final = Faults.touchesBody(faults)
        ? BodyFaults.apply(withHeaders, faults, NodeHttpServerRequest.toServerResponse(request), {
            padStreams: !url.pathname.endsWith("/chat/completions")
          })
        : withHeaders
      recorded.response = { status: final.status, headers: final.headers }
      return final
    }

    // faults
    const faultHeader = headers["x-mock-fault"]
    if (faultHeader !== undefined && faultHeader.trim() !== "") {
      const parsed = Faults.parse(faultHeader)
      if (typeof parsed === "string") {
        return finish(error(400, errorBody(parsed, "invalid_request_error", null, "invalid_mock_fault")))
      }
      if (state.faultCounter.applies(faultHeader, headers["x-mock-fault-times"], headers["x-mock-fault-key"])) {
        faults = parsed
      }
    }
    if (faults.drop) {
      NodeHttpServerRequest.toIncomingMessage(request).socket.destroy()
      // the socket's close interrupts this fiber; the sleep only bounds the wait
      return yield* Effect.zipRight(Effect.sleep(DROP_GRACE_MS), Effect.interrupt)
    }
    if (faults.slowHeadersMs !== undefined) yield* Effect.sleep(faults.slowHeadersMs)
    if (faults.status !== undefined || faults.html !== undefined) {
      const echoed: Record<string, string> = {}
      const echo = (from: string, to: string) => {
        const value = headers[from]
        if (value !== undefined) echoed[to] = value
      }
      echo("x-mock-retry-after", "retry-after")
      echo("x-mock-retry-after-ms", "retry-after-ms")
      echo("x-mock-should-retry", "x-should-retry")
      const response =
        faults.status !== undefined
          ? error(faults.status, errorForStatus(faults.status, headers["x-mock-error-code"]), echoed)
          : HttpServerResponse.text(htmlErrorPage(faults.html!), {
              status: faults.html!,
              contentType: "text/html",
              headers: echoed
            })
      return finish(response)
    }

    // auth
    if (!isAuthorized(headers)) {
      return finish(
        error(
          401,
          errorBody(
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the api-key header.",
            "invalid_request_error",
            null,
            "invalid_api_key"
          )
        )
      )
    }

    // rate limits
    const taken = state.limiter.take(tokens)
    if (!taken.ok) {
      return finish(
        error(
          429,
          errorBody(
            `Rate limit reached for ${taken.kind} (mock). Please try again in ${Math.ceil(taken.retryAfterMs)}ms.`,
            taken.kind,
            null,
            "rate_limit_exceeded"
          ),
          {
            "retry-after": String(Math.ceil(taken.retryAfterMs / 1000)),
            "retry-after-ms": String(Math.ceil(taken.retryAfterMs))
          }
        ),
        taken.headers
      )
    }

    const info: RequestInfoShape = { n, body, raw, headers, query: url.searchParams, faults, store: state.store }
    const response = yield* router.pipe(
      Effect.provideService(RequestInfo, info),
      Effect.catchTag("RouteNotFound", () =>
        Effect.succeed(
          error(
            404,
            errorBody(`Invalid URL (${request.method} ${url.pathname})`, "invalid_request_error", null, "unknown_url")
          )
        )
      )
    )
    return finish(response, taken.headers)
  })
}

// ---------------------------------------------------------------------------
// lifecycle
// ---------------------------------------------------------------------------

const CLOSE_BOUND_MS = 2_000

const waitUntil = (predicate: () => boolean, timeoutMs: number, describe: () => string): Promise<void> =>
  new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs
    const check = () => {
      if (predicate()) return resolve()
      if (Date.now() >= deadline) return reject(new Error(describe()))
      setTimeout(check, 5)
    }
    check()
  })

/** @internal */
export const make = (options: Api.MockServerOptions = {}): Effect.Effect<Api.MockServer, never, Scope.Scope> =>
  Effect.gen(function* () {
    const state = new State(options)
    const sockets = new Set<Net.Socket>()
    let nodeServer: Http.Server | undefined
    const server = yield* NodeHttpServer.make(
      () => {
        const s = Http.createServer()
        if (options.keepAliveTimeout !== undefined) s.keepAliveTimeout = options.keepAliveTimeout
        s.on("connection", (socket: Net.Socket) => {
          state.openConnections++
          state.totalConnections++
          sockets.add(socket)
          socket.once("close", () => {
            state.openConnections--
            sockets.delete(socket)
          })
        })
        nodeServer = s
        return s
      },
      { port: options.port ?? 0, host: "127.0.0.1" }
    ).pipe(Effect.orDie)

    // the handlers' waits (slow-headers, idle-stream) use the live clock, even under a TestClock
    yield* server.serve(makeApp(state)).pipe(Effect.withClock(Clock.make()))

    // runs before NodeHttpServer's own finalizer: stop listening, destroy every socket, wait for them to close
    yield* Effect.addFinalizer(() =>
      Effect.promise(async () => {
        const s = nodeServer
        if (s === undefined) return
        const closed = new Promise<void>((resolve) => {
          if (!s.listening) return resolve()
          s.close(() => resolve())
        })
        for (const socket of sockets) socket.destroy()
        await Promise.race([
          Promise.all([
            closed,
            waitUntil(
              () => sockets.size === 0,
              CLOSE_BOUND_MS,
              () => ""
            ).catch(() => {})
          ]),
          new Promise((resolve) => setTimeout(resolve, CLOSE_BOUND_MS).unref())
        ])
      })
    )

    const address = server.address
    const port = address._tag === "TcpAddress" ? address.port : 0
    const url = `http://127.0.0.1:${port}`
    const mock: Api.MockServer = {
      url,
      baseUrl: `${url}/v1`,
      openConnections: () => state.openConnections,
      totalConnections: () => state.totalConnections,
      activeStreams: () => state.activeStreams + state.store.activeStreams,
      requests: () => state.recorded.slice(),
      waitForOpenConnections: (n, timeoutMs = 2000) =>
        waitUntil(
          () => state.openConnections <= n,
          timeoutMs,
          () =>
            `mock server: ${state.openConnections} connections still open after ${timeoutMs}ms (wanted at most ${n})`
        )
    }
    return mock
  })

/** @internal */
export const layer = (
  tag: Context.Tag<Api.MockServer, Api.MockServer>,
  options?: Api.MockServerOptions
): Layer.Layer<Api.MockServer> => Layer.scoped(tag, make(options))

/** @internal */
export const start = async (options?: Api.MockServerOptions): Promise<Api.RunningMockServer> => {
  const scope = Effect.runSync(Scope.make())
  const server = await Effect.runPromise(Scope.extend(make(options), scope))
  let closing: Promise<void> | undefined
  return {
    ...server,
    close: () => {
      closing ??= Effect.runPromise(Scope.close(scope, Exit.void))
      return closing
    }
  }
}
