/**
 * The secrets test's tools: three credentials, the configurations that use
 * them, a logger and a tracer that record everything, and the check that a
 * text holds none of the secrets.
 */
import * as Http from "node:http"
import * as Util from "node:util"
import type { OpenAiConfig } from "@effect-openai/core"
import { Cause, Effect, Inspectable, Layer, Logger, LogLevel, Redacted, Tracer } from "effect"

export const API_KEY = "sk-proj-SECRET-apikey-0123456789"
export const AZURE_KEY = "azure-SECRET-key-9876543210"
export const AAD_TOKEN = "eyJ0eXAi.SECRET-aad-token.sig"
const secrets = [API_KEY, AZURE_KEY, AAD_TOKEN]
/** Each secret holds this marker, so a partial copy is caught too */
const MARKER = "SECRET"

export interface Credential {
  readonly name: string
  readonly options: OpenAiConfig.Options
}

export const credentials = (baseUrl: string): ReadonlyArray<Credential> => [
  { name: "API key", options: { apiKey: Redacted.make(API_KEY), baseUrl } },
  {
    name: "Azure key",
    options: { apiKey: Redacted.make(AZURE_KEY), baseUrl, azure: { apiVersion: "2024-06-01", deployment: "gpt-4o" } }
  },
  {
    name: "Azure AD token",
    options: {
      apiKey: undefined,
      baseUrl,
      azure: {
        apiVersion: "2024-06-01",
        deployment: "gpt-4o",
        tokenProvider: Effect.sync(() => Redacted.make(AAD_TOKEN))
      }
    }
  }
]

/** How many places were checked for secrets. */
export const checks = { count: 0 }

/** Fails the test when `text` (from `where`) holds a secret or a piece of one. */
export const assertClean = (where: string, text: string): void => {
  checks.count++
  if (!text.includes(MARKER)) return
  const secret = secrets.find((s) => text.includes(s)) ?? "a piece of a secret"
  const at = text.indexOf(MARKER)
  throw new Error(`${where} holds ${secret}: …${text.slice(Math.max(0, at - 400), at + 40)}…`)
}

const inspect = (u: unknown) => Util.inspect(u, { depth: 12, showHidden: false, getters: false })

/** Every printed form of an error: message, string, stack, JSON, inspection. */
export const assertErrorClean = (where: string, error: unknown, cause: Cause.Cause<unknown>): void => {
  const e = error as { readonly message?: unknown; readonly stack?: unknown; readonly toJSON?: () => unknown }
  assertClean(`${where}: message`, String(e.message))
  assertClean(`${where}: String()`, String(error))
  assertClean(`${where}: stack`, String(e.stack))
  assertClean(
    `${where}: JSON.stringify`,
    JSON.stringify(error, (_k, v) => (typeof v === "bigint" ? String(v) : v)) ?? ""
  )
  assertClean(`${where}: toJSON`, inspect(e.toJSON?.()))
  assertClean(`${where}: Inspectable.toJSON`, inspect(Inspectable.toJSON(error)))
  assertClean(`${where}: util.inspect`, inspect(error))
  assertClean(`${where}: Cause.pretty`, Cause.pretty(cause, { renderErrorCause: true }))
  assertClean(`${where}: inspected cause`, inspect(cause))
}

/** Logs the error at every level, then its cause. */
export const logEverywhere = (error: unknown, cause: Cause.Cause<unknown>) =>
  Effect.all([
    Effect.logTrace("failed", error),
    Effect.logDebug(error),
    Effect.log(error),
    Effect.logInfo("failed:", error),
    Effect.logWarning(error),
    Effect.logError(cause),
    Effect.logFatal("failed", cause),
    Effect.logError(Cause.pretty(cause))
  ])

/** A logger that keeps everything it is given, at every level. */
export const makeLogRecorder = () => {
  const lines: Array<string> = []
  const logger = Logger.make<unknown, void>(({ annotations, cause, logLevel, message, spans }) => {
    lines.push(
      [
        logLevel.label,
        inspect(message),
        Cause.isEmpty(cause) ? "" : Cause.pretty(cause),
        inspect(annotations),
        inspect(spans)
      ].join(" ")
    )
  })
  const layer = Layer.merge(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(LogLevel.All))
  return { lines, layer }
}

/** A tracer that records every span it opens (on top of Effect's own). */
export const makeSpanRecorder = () => {
  const native = Effect.runSync(Effect.tracer)
  const spans: Array<Tracer.Span> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const span = native.span(name, parent, context, links, startTime, kind, options)
      spans.push(span)
      return span
    },
    context: (f, fiber) => native.context(f, fiber)
  })
  /**
   * Name, attributes, events and links of every span, as text. (Not the
   * `Exit` a span ends with, which a tracer keeps as an object: for the
   * platform's HTTP span it holds the response and so the request with its
   * headers; exporters send only its status.)
   */
  const texts = (): ReadonlyArray<readonly [string, string]> =>
    spans.map((span) => {
      const events = (span as { readonly events?: unknown }).events
      const attributes = [...span.attributes].map(([k, v]) => `${k}=${String(v)} ${inspect(v)}`).join("\n")
      return [span.name, [span.name, attributes, inspect(events), inspect(span.links)].join("\n")]
    })
  return { tracer, spans, texts }
}

export const printed = inspect

/** A server on 127.0.0.1 for the redirect tests; closed with the scope. */
export const server = (handler: Http.RequestListener) =>
  Effect.acquireRelease(
    Effect.async<{ readonly origin: string; readonly server: Http.Server }>((resume) => {
      const s = Http.createServer(handler)
      s.listen(0, "127.0.0.1", () => {
        const { port } = s.address() as { readonly port: number }
        resume(Effect.succeed({ origin: `http://127.0.0.1:${port}`, server: s }))
      })
    }),
    ({ server: s }) =>
      Effect.async<void>((resume) => {
        s.closeAllConnections()
        s.close(() => resume(Effect.void))
      })
  )
