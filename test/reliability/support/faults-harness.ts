/**
 * The harness of the fault matrix: a client layer on an undici `Agent` the
 * cell owns (undici `HttpClient`, or `FetchHttpClient` on undici's fetch with
 * that agent), attempt counting on the client, the three kinds of call, and
 * the checks every cell shares (no defect, no socket left open, no unhandled
 * rejection).
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Chat, Files, OpenAi, OpenAiClient, type OpenAiConfig, type OpenAiError, Uploadable } from "@effect-openai/core"
import * as MockServer from "@effect-openai/mock-server"
import { UndiciHttpClient } from "@effect-openai/node"
import { Cause, Effect, Exit, Layer, Option, Redacted, Stream } from "effect"
import { Agent, fetch as undiciFetch } from "undici"

/** The two HTTP layers every cell runs with. */
/** `node`: this project's `UndiciHttpClient` (what `NodeOpenAi.layer` uses); `undici`: `@effect/platform-node`'s; `fetch`: `FetchHttpClient`. */
export type ClientKind = "node" | "undici" | "fetch"

/** The kinds of call the matrix crosses with each fault. */
export type CallKind = "json" | "sse" | "upload"

export const callKinds: ReadonlyArray<CallKind> = ["json", "sse", "upload"]

export const callLabel: Record<CallKind, string> = {
  json: "JSON (Chat.create)",
  sse: "SSE (Chat.stream)",
  upload: "upload (Files.create, Uploadable.fromStream)"
}

/** The path each kind of call hits on the server. */
export const callPath: Record<CallKind, string> = {
  json: "/v1/chat/completions",
  sse: "/v1/chat/completions",
  upload: "/v1/files"
}

/** What a call returned, summarised. */
export interface CallValue {
  /** The reply's text (chat), or the uploaded file's `filename:bytes` */
  readonly text: string
  /** Stream chunks received (SSE only; also counted when the stream then fails) */
  readonly chunks: number
}

export const UPLOAD_LINES = ['{"custom_id":"1"}\n', '{"custom_id":"2"}\n', '{"custom_id":"3"}\n']
export const UPLOAD_BYTES = UPLOAD_LINES.join("").length
export const PROMPT = "matrix"

/** One call of the given kind; `received` counts the stream chunks that reached the caller. */
export const call = (
  kind: CallKind,
  received: { chunks: number }
): Effect.Effect<CallValue, OpenAiError.OpenAiError, OpenAi.Services> => {
  const messages = [{ role: "user" as const, content: PROMPT }]
  switch (kind) {
    case "json":
      return Effect.map(Chat.create({ model: "gpt-4o-mini", messages }), (c) => ({
        text: c.choices[0]?.message.content ?? "",
        chunks: 0
      }))
    case "sse":
      return Chat.stream({ model: "gpt-4o-mini", messages }).pipe(
        Stream.runFold("", (text, chunk) => {
          received.chunks++
          return text + (chunk.choices[0]?.delta.content ?? "")
        }),
        Effect.map((text) => ({ text, chunks: received.chunks }))
      )
    case "upload": {
      // re-runnable: a retry sends the same bytes again
      const lines = Stream.fromIterable(UPLOAD_LINES).pipe(Stream.encodeText)
      return Effect.map(
        Files.create({ file: Uploadable.fromStream(lines, "matrix.jsonl"), purpose: "batch" }),
        (file) => ({ text: `${file.filename}:${file.bytes}`, chunks: 0 })
      )
    }
  }
}

/** Counts the attempts the client sends (retries included). */
export interface AttemptCounter {
  attempts: number
}

/**
 * The client layer: every service, on an `HttpClient` built on `agent`
 * (closing the agent closes every pooled socket), counting attempts.
 */
export const clientLayer = (
  kind: ClientKind,
  agent: Agent,
  counter: AttemptCounter,
  options: OpenAiConfig.Options
): Layer.Layer<OpenAi.Services> => {
  const http: Layer.Layer<HttpClient.HttpClient> =
    kind === "node"
      ? UndiciHttpClient.layerDispatcher(agent)
      : kind === "undici"
        ? NodeHttpClient.layerUndiciWithoutDispatcher.pipe(
            Layer.provide(Layer.succeed(NodeHttpClient.Dispatcher, agent))
          )
        : FetchHttpClient.layer.pipe(
            Layer.provide(
              Layer.succeed(FetchHttpClient.Fetch, ((input: string, init: object) =>
                undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof globalThis.fetch)
            )
          )
  const counting = Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      // `tapRequest` hands the same request on, so the node client's capabilities (no redirects
      // followed, attempt deadlines enforced) still hold: keep its marks, so that the matrix runs
      // the pipeline exactly as `NodeOpenAi.layer` does.
      Object.assign(
        HttpClient.tapRequest(client, () =>
          Effect.sync(() => {
            counter.attempts++
          })
        ),
        kind === "node"
          ? {
              [OpenAiClient.neverFollowsRedirects]: true,
              [OpenAiClient.enforcesAttemptDeadlines]: true
            }
          : {}
      )
    )
  ).pipe(Layer.provide(http))
  return OpenAi.layer(options).pipe(Layer.provide(counting))
}

/** A fresh undici agent, destroyed when the scope closes (whatever happened). */
export const scopedAgent = Effect.acquireRelease(
  Effect.sync(() => new Agent({ keepAliveTimeout: 2_000 })),
  (agent) => Effect.promise(() => agent.destroy().catch(() => undefined))
)

/** A base URL nothing listens on (a server's, after it closed). */
export const refusedBaseUrl = Effect.scoped(Effect.map(MockServer.make(), (server) => server.baseUrl))

/** Records unhandled rejections and uncaught exceptions while installed. */
export const makeProcessRecorder = () => {
  const seen: Array<string> = []
  const onRejection = (reason: unknown) => {
    seen.push(`unhandledRejection: ${String(reason)}`)
  }
  const onException = (error: unknown) => {
    seen.push(`uncaughtException: ${String(error)}`)
  }
  return {
    seen,
    install: () => {
      process.on("unhandledRejection", onRejection)
      process.on("uncaughtException", onException)
    },
    uninstall: () => {
      process.off("unhandledRejection", onRejection)
      process.off("uncaughtException", onException)
    }
  }
}

/** How an exit ended, with any defect or interruption called out. */
export type Ended =
  | { readonly _tag: "Success"; readonly value: CallValue }
  | { readonly _tag: "Failure"; readonly error: OpenAiError.OpenAiError }
  | { readonly _tag: "Defect"; readonly cause: string }

export const ended = (exit: Exit.Exit<CallValue, OpenAiError.OpenAiError>): Ended => {
  if (Exit.isSuccess(exit)) return { _tag: "Success", value: exit.value }
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure) && Cause.defects(exit.cause).length === 0 && !Cause.isInterrupted(exit.cause)) {
    return { _tag: "Failure", error: failure.value }
  }
  return { _tag: "Defect", cause: Cause.pretty(exit.cause) }
}

export const apiKey = Redacted.make("sk-matrix")

/** Polls `predicate` every 5 ms, at most `timeoutMs`. */
export const waitFor = (predicate: () => boolean, timeoutMs: number) =>
  Effect.promise(async () => {
    const deadline = Date.now() + timeoutMs
    while (!predicate() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
    return predicate()
  })
