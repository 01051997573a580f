/**
 * The request pipeline: every call of every service goes through `make`.
 *
 * build (path, query, body) → validate → base URL, auth, organization,
 * project, beta and default headers/query → per-attempt timeout → retry
 * policy → status check and error mapping → decode → metadata.
 *
 * @internal
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import { constTrue } from "effect/Function"
import { globalValue } from "effect/GlobalValue"
import type * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as OpenAiConfig from "../OpenAiConfig.js"
import * as OpenAiError from "../OpenAiError.js"
import type * as RateLimiter from "../RateLimiter.js"
import * as ResponseMeta from "../ResponseMeta.js"
import * as Attempt from "./attempt.js"
import * as Deadline from "./deadline.js"
import * as Errors from "./errors.js"
import * as FastDecode from "./fastDecode.js"
import * as Guard from "./guard.js"
import * as Multipart from "./multipart.js"
import * as Params from "./params.js"
import * as Retry from "./retry.js"
import * as Sse from "./sse.js"
import * as Tracing from "./tracing.js"

/** A query value; `undefined` is left out, arrays repeat the key. */
export type QueryValue = string | number | boolean | undefined | null | ReadonlyArray<string | number>

/** A JSON request body, validated by its schema before anything is sent. */
export interface JsonBody {
  readonly _tag: "Json"
  readonly schema: Schema.Schema<any, any>
  readonly value: unknown
}

/** A `multipart/form-data` body: validated by its schema, then streamed. */
export interface MultipartBody {
  readonly _tag: "Multipart"
  readonly schema: Schema.Schema<any, any>
  readonly value: unknown
}

/** One call of one operation. */
export interface Operation {
  /** The spec's operationId, used in errors and spans */
  readonly operationId: string
  readonly method: "GET" | "POST" | "DELETE"
  /** A path template relative to the base URL, for example `/models/{model}` */
  readonly path: string
  /** Values of the `{placeholders}` of `path`; each must be a non-empty string */
  readonly pathParams?: Readonly<Record<string, unknown>> | undefined
  readonly query?: Readonly<Record<string, QueryValue>> | undefined
  readonly body?: JsonBody | MultipartBody | undefined
  /** Extra headers for this operation, for example `OpenAI-Beta` */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/** Receives the metadata of each response, set by `withMeta`. */
export const currentMetaSink: FiberRef.FiberRef<((meta: ResponseMeta.ResponseMeta) => void) | undefined> = globalValue(
  "@effect-openai/core/OpenAiClient/currentMetaSink",
  () => FiberRef.unsafeMake<((meta: ResponseMeta.ResponseMeta) => void) | undefined>(undefined)
)

const azureDeploymentPaths = new Set([
  "/chat/completions",
  "/completions",
  "/embeddings",
  "/audio/speech",
  "/audio/transcriptions",
  "/audio/translations",
  "/images/generations",
  "/images/edits",
  "/images/variations"
])

const encoders = new WeakMap<Schema.Schema<any, any>, (u: unknown) => Either.Either<unknown, ParseResult.ParseError>>()
/**
 * The encoder of a request schema, built once: unknown fields are kept, every
 * issue is reported (`FastDecode.requestOptions`). The fast path, then the
 * schema for anything unusual.
 */
const encoderFor = (schema: Schema.Schema<any, any>) => {
  let encode = encoders.get(schema)
  if (encode === undefined) {
    encode = FastDecode.requestEncoder(schema)
    encoders.set(schema, encode)
  }
  return encode
}

const decoders = new WeakMap<Schema.Schema<any, any>, (u: unknown) => Either.Either<unknown, ParseResult.ParseError>>()
/** The decoder of a response schema, built once: the fast path, then the schema for anything unusual. */
export const decoderFor = <A, I>(
  schema: Schema.Schema<A, I>
): ((u: unknown) => Either.Either<A, ParseResult.ParseError>) => {
  let decode = decoders.get(schema)
  if (decode === undefined) {
    decode = FastDecode.decoder(schema) as (u: unknown) => Either.Either<unknown, ParseResult.ParseError>
    decoders.set(schema, decode)
  }
  return decode as (u: unknown) => Either.Either<A, ParseResult.ParseError>
}

/** A request ready to be sent, with what errors need to describe it. */
interface Prepared {
  readonly method: Operation["method"]
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: string | Multipart.MultipartBody | undefined
  readonly config: OpenAiConfig.Resolved
}

const validatePath = (operation: Operation): Either.Either<string, OpenAiError.InvalidRequestError> => {
  const params = operation.pathParams
  if (params === undefined) return Either.right(operation.path)
  let path = operation.path
  for (const name in params) {
    const value = params[name]
    if (typeof value !== "string" || value === "") {
      return Either.left(
        Errors.invalidRequest(operation.operationId, [
          {
            field: name,
            message: typeof value === "string" ? "must not be empty" : `Expected a string, got ${typeof value}`
          }
        ])
      )
    }
    path = path.replace(`{${name}}`, encodeURIComponent(value))
  }
  return Either.right(path)
}

const appendQuery = (search: URLSearchParams, query: Readonly<Record<string, QueryValue>>) => {
  for (const key in query) {
    const value = query[key]
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item))
    else search.set(key, String(value))
  }
}

const hasKeys = (record: Readonly<Record<string, unknown>>): boolean => {
  for (const _ in record) return true
  return false
}

const lowerCaseInto = (target: Record<string, string>, source: Readonly<Record<string, string>> | undefined) => {
  if (source === undefined) return
  for (const key in source) target[key.toLowerCase()] = source[key]!
}

const prepare = (
  operation: Operation,
  config: OpenAiConfig.Resolved
): Either.Either<Prepared, OpenAiError.InvalidRequestError> => {
  const path = validatePath(operation)
  if (Either.isLeft(path)) return Either.left(path.left)
  let body: string | Multipart.MultipartBody | undefined
  let encodedBody: unknown
  if (operation.body !== undefined) {
    const encoded = encoderFor(operation.body.schema)(operation.body.value)
    if (Either.isLeft(encoded)) {
      return Either.left(Errors.invalidRequest(operation.operationId, Errors.parseIssues(encoded.left)))
    }
    encodedBody = encoded.right
    body =
      operation.body._tag === "Json"
        ? JSON.stringify(encodedBody)
        : Multipart.encode(encodedBody as Readonly<Record<string, unknown>>)
  }
  let urlPath = path.right
  const azure = config.azure
  if (azure !== undefined && azureDeploymentPaths.has(urlPath)) {
    const model = (encodedBody as { model?: unknown } | undefined)?.model
    const deployment = azure.deployment ?? (typeof model === "string" ? model : undefined)
    if (deployment === undefined || deployment === "") {
      return Either.left(
        Errors.invalidRequest(operation.operationId, [
          { field: "model", message: "Azure OpenAI needs a deployment: set azure.deployment or the request's model" }
        ])
      )
    }
    urlPath = `/deployments/${encodeURIComponent(deployment)}${urlPath}`
  }
  let qs = ""
  if (hasKeys(config.query) || operation.query !== undefined || azure !== undefined) {
    const search = new URLSearchParams()
    appendQuery(search, config.query)
    if (operation.query !== undefined) appendQuery(search, operation.query)
    if (azure !== undefined) search.set("api-version", azure.apiVersion)
    qs = search.toString()
  }
  const url = `${config.baseUrl}${urlPath}${qs === "" ? "" : `?${qs}`}`

  const headers: Record<string, string> = {}
  if (config.apiKey !== undefined) {
    if (azure !== undefined) headers["api-key"] = Redacted.value(config.apiKey)
    else headers.authorization = `Bearer ${Redacted.value(config.apiKey)}`
  }
  if (config.organization !== undefined) headers["openai-organization"] = config.organization
  if (config.project !== undefined) headers["openai-project"] = config.project
  if (typeof body === "string") headers["content-type"] = "application/json"
  lowerCaseInto(headers, operation.headers)
  lowerCaseInto(headers, config.headers)
  return Either.right({ method: operation.method, url, headers, body, config })
}

const redactedHeaderNames = (names: ReadonlyArray<string | RegExp>) => [...names, "api-key"]

/** Azure's `api-key` header joins the names the platform redacts (spans, logged requests). */
const redactApiKey: Attempt.Local = { ref: Headers.currentRedactedNames, update: redactedHeaderNames }
/** No client span for the request: see `Tracing.unused`. */
const noClientSpan: Attempt.Local = { ref: HttpClient.currentTracerDisabledWhen, update: () => constTrue }
const noLocals: ReadonlyArray<Attempt.Local> = []
const onlyRedact = [redactApiKey]
const onlyNoSpan = [noClientSpan]
const both = [redactApiKey, noClientSpan]

/**
 * The fiber refs an attempt sets. The `api-key` redaction only matters when
 * that header is sent (the bearer `authorization` is redacted by default).
 */
const localsFor = (prepared: Prepared, fiber: Fiber.RuntimeFiber<unknown, unknown>): ReadonlyArray<Attempt.Local> => {
  const redact = prepared.headers["api-key"] !== undefined
  const noSpan = Tracing.unused(fiber)
  return redact ? (noSpan ? both : onlyRedact) : noSpan ? onlyNoSpan : noLocals
}

const toRequest = (prepared: Prepared, accept: string, token: Redacted.Redacted<string> | undefined) => {
  const headers =
    token === undefined ? prepared.headers : { ...prepared.headers, authorization: `Bearer ${Redacted.value(token)}` }
  if (headers.accept === undefined) headers.accept = accept
  const request = HttpClientRequest.make(prepared.method)(prepared.url, { headers })
  const body = prepared.body
  if (body === undefined) return request
  if (typeof body === "string") return HttpClientRequest.bodyText(request, body, "application/json")
  return HttpClientRequest.bodyStream(request, body.stream, {
    contentType: body.contentType,
    contentLength: body.contentLength
  })
}

const transportError = (prepared: Prepared, error: HttpClientError.HttpClientError): OpenAiError.ConnectionError =>
  new OpenAiError.ConnectionError({
    message: `Connection error on ${prepared.method} ${prepared.url}: ${Errors.describeCause(error.cause ?? error)}`,
    method: prepared.method,
    url: prepared.url,
    cause: error.cause
  })

const metaOf = (response: HttpClientResponse.HttpClientResponse): ResponseMeta.ResponseMeta =>
  ResponseMeta.fromHeaders(response.status, response.headers)

const publishMeta = (meta: ResponseMeta.ResponseMeta) =>
  Effect.flatMap(FiberRef.get(currentMetaSink), (sink) => {
    if (sink !== undefined) sink(meta)
    return Effect.void
  })

/** Reads an error response into its tagged error. */
const failFromResponse = (
  prepared: Prepared,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<never, OpenAiError.OpenAiError> => {
  const meta = metaOf(response)
  return Effect.flatMap(
    Effect.all([Effect.orElseSucceed(response.text, () => ""), Retry.retryAfterFromHeaders(response.headers)]),
    ([text, retryAfter]) =>
      Effect.zipRight(
        publishMeta(meta),
        Effect.fail(
          Errors.apiError({
            status: response.status,
            method: prepared.method,
            url: prepared.url,
            meta,
            body: Errors.parseErrorBody(text),
            retryAfter
          })
        )
      )
  )
}

/** The configured pipeline. */
export interface Client {
  readonly json: <A, I>(operation: Operation, schema: Schema.Schema<A, I>) => Effect.Effect<A, OpenAiError.OpenAiError>
  readonly text: (operation: Operation) => Effect.Effect<string, OpenAiError.OpenAiError>
  readonly bytes: (operation: Operation) => Stream.Stream<Uint8Array, OpenAiError.OpenAiError>
  readonly events: (operation: Operation) => Stream.Stream<Sse.SseEvent, OpenAiError.OpenAiError>
  readonly jsonStream: <A, I>(
    operation: Operation,
    schema: Schema.Schema<A, I>
  ) => Stream.Stream<A, OpenAiError.OpenAiError>
}

/** The marker of the end of an event stream. */
const Done: unique symbol = Symbol.for("@effect-openai/core/Sse/Done")

/** One attempt under the rate limiter: what it is told, and whether it has heard of the response yet. */
interface Limited {
  readonly request: RateLimiter.Request
  observed: boolean
}

/** What the rate limiter is told about an operation. */
const limiterRequest = (operation: Operation): RateLimiter.Request => {
  const body = operation.body?.value
  const model = Params.field(body, "model")
  return { operationId: operation.operationId, model: typeof model === "string" ? model : undefined, body }
}

export const make = (
  httpClient: HttpClient.HttpClient,
  baseConfig: OpenAiConfig.Resolved,
  limiter?: RateLimiter.Service | undefined
): Client => {
  const withRetries = <A>(
    attempt: Effect.Effect<A, OpenAiError.OpenAiError>,
    config: OpenAiConfig.Resolved
  ): Effect.Effect<A, OpenAiError.OpenAiError> => {
    const schedule =
      config.retrySchedule ?? (config.maxRetries > 0 ? Retry.defaultForRetries(config.maxRetries) : undefined)
    return schedule === undefined ? attempt : Effect.retry(attempt, { schedule, while: OpenAiError.isRetryable })
  }

  const timeoutError = (prepared: Prepared, timeout: Duration.Duration, kind: "request" | "idle") =>
    new OpenAiError.TimeoutError({
      message:
        kind === "request"
          ? `${prepared.method} ${prepared.url} took longer than the ${formatDuration(timeout)} timeout`
          : `The stream from ${prepared.method} ${prepared.url} sent nothing for ${formatDuration(timeout)}`,
      method: prepared.method,
      url: prepared.url,
      kind,
      timeout
    })

  /** The client enforces the deadlines attached to requests (`internal/deadline.ts`). */
  const enforcesDeadlines = Deadline.isEnforcedBy(httpClient)

  /** Sends one attempt and checks its status; `read` consumes the body within the attempt. */
  const attempt = <A>(
    prepared: Prepared,
    accept: string,
    read: (response: HttpClientResponse.HttpClientResponse) => Effect.Effect<A, OpenAiError.OpenAiError>,
    locals: ReadonlyArray<Attempt.Local>,
    fiber: Fiber.RuntimeFiber<unknown, unknown>,
    limited: Limited | undefined
  ): Effect.Effect<A, OpenAiError.OpenAiError> => {
    const tokenProvider = prepared.config.azure?.tokenProvider
    const timeout = prepared.config.timeout
    const handle = (response: HttpClientResponse.HttpClientResponse) =>
      response.status >= 200 && response.status < 300 ? read(response) : failFromResponse(prepared, response)
    const execute =
      limiter === undefined || limited === undefined
        ? (request: HttpClientRequest.HttpClientRequest) => httpClient.execute(request)
        : (request: HttpClientRequest.HttpClientRequest) =>
            Effect.onExit(httpClient.execute(request), (exit) => {
              limited.observed = true
              return limiter.observe(limited.request, Exit.isSuccess(exit) ? metaOf(exit.value) : undefined)
            })
    const send = (request: HttpClientRequest.HttpClientRequest) =>
      Effect.flatMap(
        Effect.mapError(execute(request), (error) => transportError(prepared, error)),
        handle
      )
    if (enforcesDeadlines && tokenProvider === undefined && locals === onlyNoSpan && Attempt.onLiveClock(fiber)) {
      // The transport aborts the request at the deadline: no child fiber, no race.
      return Effect.suspend(() => {
        const deadline = new Deadline.AttemptDeadline(Duration.toMillis(timeout), true)
        return Effect.matchCauseEffect(send(Deadline.attach(toRequest(prepared, accept, undefined), deadline)), {
          onFailure: (cause) => {
            deadline.clear()
            return deadline.fired && !Cause.isInterruptedOnly(cause)
              ? Effect.fail(timeoutError(prepared, timeout, "request"))
              : Effect.failCause(cause)
          },
          onSuccess: (value) => {
            deadline.clear()
            return Effect.succeed(value)
          }
        })
      })
    }
    const once =
      tokenProvider === undefined
        ? send(toRequest(prepared, accept, undefined))
        : Effect.flatMap(tokenProvider, (token) => send(toRequest(prepared, accept, token)))
    return Attempt.run(once, {
      duration: timeout,
      onTimeout: () => timeoutError(prepared, timeout, "request"),
      locals
    })
  }

  const run = <A>(
    operation: Operation,
    accept: string,
    read: (
      prepared: Prepared,
      response: HttpClientResponse.HttpClientResponse
    ) => Effect.Effect<A, OpenAiError.OpenAiError>
  ): Effect.Effect<A, OpenAiError.OpenAiError> =>
    Effect.withFiberRuntime((fiber) => {
      const config = OpenAiConfig.merge(baseConfig, fiber.getFiberRef(OpenAiConfig.currentOverrides))
      const prepared = Guard.check(operation) ?? prepare(operation, config)
      if (Either.isLeft(prepared)) return Effect.fail(prepared.left)
      const once = (limited: Limited | undefined) =>
        attempt(
          prepared.right,
          accept,
          (response) => read(prepared.right, response),
          localsFor(prepared.right, fiber),
          fiber,
          limited
        )
      if (limiter === undefined) return withRetries(once(undefined), config)
      const request = limiterRequest(operation)
      // Each attempt waits for its budget outside its own timeout. The limiter hears of every attempt
      // that took budget, even one that ended before its request was sent.
      const limitedOnce = Effect.uninterruptibleMask((restore) => {
        const limited: Limited = { request, observed: false }
        return Effect.zipRight(
          restore(limiter.acquire(request)),
          Effect.onExit(restore(once(limited)), () =>
            limited.observed ? Effect.void : limiter.observe(request, undefined)
          )
        )
      })
      return withRetries(limitedOnce, config)
    })

  const readBody = (prepared: Prepared, response: HttpClientResponse.HttpClientResponse) =>
    Effect.mapError(response.text, (error) => transportError(prepared, error))

  const json = <A, I>(operation: Operation, schema: Schema.Schema<A, I>) => {
    const decode = decoderFor(schema)
    return run(operation, "application/json", (prepared, response) =>
      Effect.withFiberRuntime<A, OpenAiError.OpenAiError>((fiber) =>
        Effect.matchEffect(response.text, {
          onFailure: (error) => Effect.fail(transportError(prepared, error)),
          onSuccess: (text) => {
            let parsed: unknown
            try {
              parsed = JSON.parse(text)
            } catch (cause) {
              return Effect.fail(
                new OpenAiError.ResponseDecodeError({
                  message: `The response of ${operation.operationId} was not JSON (content-type ${response.headers["content-type"] ?? "none"}, ${text.length} bytes)`,
                  method: prepared.method,
                  url: prepared.url,
                  meta: metaOf(response),
                  field: undefined,
                  cause
                })
              )
            }
            const decoded = decode(parsed)
            if (Either.isLeft(decoded)) {
              const issues = Errors.parseIssues(decoded.left)
              return Effect.fail(
                new OpenAiError.ResponseDecodeError({
                  message: `The response of ${operation.operationId} did not match its schema: ${issues[0]?.field}: ${issues[0]?.message}`,
                  method: prepared.method,
                  url: prepared.url,
                  meta: metaOf(response),
                  field: issues[0]?.field,
                  cause: decoded.left
                })
              )
            }
            // The metadata is read from the headers only when someone asked for it (`withMeta`).
            const sink = fiber.getFiberRef(currentMetaSink)
            if (sink !== undefined) sink(metaOf(response))
            return Effect.succeed(decoded.right)
          }
        })
      )
    )
  }

  const text = (operation: Operation) =>
    run(operation, "*/*", (prepared, response) =>
      Effect.zipLeft(readBody(prepared, response), publishMeta(metaOf(response)))
    )

  const bytes = (operation: Operation) =>
    Stream.unwrap(Effect.map(openStreamEffect(operation, "application/octet-stream"), (opened) => opened.body))

  /** Opens a streaming response (retried as a whole until the headers arrive), then its body. */
  const openStreamEffect = (operation: Operation, accept: string) =>
    run(operation, accept, (prepared, response) =>
      Effect.as(publishMeta(metaOf(response)), { prepared, response })
    ).pipe(
      Effect.map(({ prepared, response }) => {
        const meta = metaOf(response)
        const body = Stream.mapError(
          response.stream,
          (error) =>
            new OpenAiError.StreamError({
              message: `The stream from ${prepared.method} ${prepared.url} failed: ${Errors.describeCause(error.cause ?? error)}`,
              reason: "transport",
              type: undefined,
              code: undefined,
              param: undefined,
              meta,
              cause: error.cause
            })
        )
        const idle = prepared.config.streamIdleTimeout
        return {
          prepared,
          meta,
          body: idle === undefined ? body : Stream.timeoutFail(body, () => timeoutError(prepared, idle, "idle"), idle)
        }
      })
    )

  const events = (operation: Operation) =>
    Stream.unwrap(
      Effect.map(openStreamEffect(operation, "text/event-stream"), ({ body, meta }) =>
        Stream.suspend(() => {
          const decoder = Sse.makeDecoder()
          return body.pipe(
            Stream.mapChunks((chunk) => {
              const out: Array<Sse.SseEvent> = []
              for (const bytes of chunk) for (const event of decoder.push(bytes)) out.push(event)
              return Chunk.unsafeFromArray(out)
            }),
            Stream.concat(
              Stream.suspend(() => {
                const { events, pending } = decoder.end()
                return pending ? Stream.fail(truncated(meta)) : Stream.fromIterable(events)
              })
            )
          )
        })
      )
    )

  const jsonStream = <A, I>(operation: Operation, schema: Schema.Schema<A, I>) => {
    const decode = decoderFor(schema)
    return Stream.unwrap(
      Effect.map(openStreamEffect(operation, "text/event-stream"), ({ body, meta }) =>
        Stream.suspend(() => body.pipe(Stream.pipeThroughChannel(jsonEvents(Sse.makeDecoder(), decode, meta))))
      )
    )
  }

  return { json, text, bytes, events, jsonStream }
}

/** A channel from the reads of a body to its decoded items. */
type Decoding<A> = Channel.Channel<
  Chunk.Chunk<A>,
  Chunk.Chunk<Uint8Array>,
  OpenAiError.OpenAiError,
  OpenAiError.OpenAiError,
  unknown,
  unknown
>

/**
 * Decodes the reads of an event stream into items, in one channel stage: the
 * SSE decoder, then each event's JSON and schema. It ends at `[DONE]` (so the
 * response is released without reading further), fails with the first
 * `StreamError` (the items of that read are dropped with it), and fails with
 * a truncation error when the body ends before `[DONE]`, after the items it
 * did send.
 */
const jsonEvents = <A>(
  decoder: Sse.SseDecoder,
  decode: (u: unknown) => Either.Either<A, ParseResult.ParseError>,
  meta: ResponseMeta.ResponseMeta
): Decoding<A> => {
  /** Decodes events into `out`: `Done` at `[DONE]`, a `StreamError` on a bad event, else `undefined`. */
  const toItems = (
    events: ReadonlyArray<Sse.SseEvent>,
    out: Array<A>
  ): typeof Done | OpenAiError.StreamError | undefined => {
    for (let i = 0; i < events.length; i++) {
      const item = eventToItem(events[i]!, decode, meta)
      if (item === Done) return Done
      if (item instanceof OpenAiError.StreamError) return item
      out.push(item as A)
    }
    return undefined
  }
  const emit = (out: Array<A>) => Channel.write(Chunk.unsafeFromArray(out))
  type Loop = Decoding<A>
  const loop: Loop = Channel.readWithCause({
    onInput: (reads: Chunk.Chunk<Uint8Array>): Loop => {
      const out: Array<A> = []
      for (const bytes of reads) {
        const end = toItems(decoder.push(bytes), out)
        if (end === Done) return out.length === 0 ? Channel.void : emit(out)
        if (end !== undefined) return Channel.fail(end)
      }
      return out.length === 0 ? loop : Channel.zipRight(emit(out), loop)
    },
    onFailure: Channel.failCause,
    onDone: (): Loop => {
      const out: Array<A> = []
      const end = toItems(decoder.end().events, out)
      if (end !== undefined && end !== Done) return Channel.fail(end)
      const rest = out.length === 0 ? Channel.void : emit(out)
      return end === Done ? rest : Channel.zipRight(rest, Channel.fail(truncated(meta)))
    }
  })
  return loop
}

const truncated = (meta: ResponseMeta.ResponseMeta) =>
  new OpenAiError.StreamError({
    message: "The stream ended before its end marker: the connection closed mid-stream",
    reason: "truncated",
    type: undefined,
    code: undefined,
    param: undefined,
    meta
  })

const eventToItem = <A>(
  event: Sse.SseEvent,
  decode: (u: unknown) => Either.Either<A, ParseResult.ParseError>,
  meta: ResponseMeta.ResponseMeta
): A | typeof Done | OpenAiError.StreamError => {
  const data = event.data
  if (data === "[DONE]") return Done
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch (cause) {
    return new OpenAiError.StreamError({
      message: `A stream event was not JSON: ${data.length > 200 ? `${data.slice(0, 200)}…` : data}`,
      reason: "invalid-event",
      type: undefined,
      code: undefined,
      param: undefined,
      meta,
      cause
    })
  }
  const error =
    event.event === "error"
      ? (Errors.errorObject(parsed) ?? (parsed as Record<string, unknown>))
      : Errors.errorObject(parsed)
  if (error !== undefined) {
    const str = (u: unknown) => (typeof u === "string" ? u : undefined)
    return new OpenAiError.StreamError({
      message: `The API sent an error mid-stream: ${str(error.message) ?? data}`,
      reason: "error-event",
      type: str(error.type),
      code: str(error.code),
      param: str(error.param),
      meta
    })
  }
  const decoded = decode(parsed)
  if (Either.isLeft(decoded)) {
    const issues = Errors.parseIssues(decoded.left)
    return new OpenAiError.StreamError({
      message: `A stream event did not match its schema: ${issues[0]?.field}: ${issues[0]?.message}`,
      reason: "invalid-event",
      type: undefined,
      code: undefined,
      param: undefined,
      meta,
      cause: decoded.left
    })
  }
  return decoded.right
}

const formatDuration = (duration: Duration.Duration): string => Duration.format(duration)
