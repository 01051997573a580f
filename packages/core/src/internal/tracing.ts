/**
 * When the platform's client span of a request can be left out.
 *
 * `@effect/platform`'s `HttpClient` opens a span for every request, with the
 * URL and every request and response header as attributes, and sends
 * `traceparent`/`b3` headers for it: about a quarter of the CPU of a chat
 * call. With Effect's built-in tracer and no enclosing span, that span is a
 * root that nothing records or exports, and its trace ids lead nowhere, so
 * the pipeline leaves it out. As soon as tracing is in use — another tracer
 * (OpenTelemetry…) or an enclosing span — every request gets its span as
 * before, with `authorization` and `api-key` redacted.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import type * as Tracer from "effect/Tracer"

let builtIn: Tracer.Tracer | undefined
/** Effect's own tracer: the tracer of the default services. */
const builtInTracer = (): Tracer.Tracer => {
  if (builtIn === undefined) builtIn = Effect.runSync(Effect.tracer)
  return builtIn
}

/** Whether a span opened in this fiber now would be recorded by nothing. */
export const unused = (fiber: Fiber.RuntimeFiber<unknown, unknown>): boolean =>
  fiber.currentSpan === undefined && fiber.currentTracer === builtInTracer()
