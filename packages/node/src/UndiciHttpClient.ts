/**
 * An `HttpClient` straight on undici's dispatcher: what `NodeOpenAi.layer`
 * sends requests with.
 *
 * It behaves as `@effect/platform-node`'s `NodeHttpClient.layerUndici` does
 * (same transport errors, same client span and trace headers when the fiber
 * traces requests, interrupting aborts the request) with less work per
 * request: no `AbortController`, no Node `Readable` and no promise per
 * response. Bodies are kept as undici delivers them, up to 256 KiB unread
 * before the socket is paused, so a slow consumer of a large stream holds
 * the server back instead of buffering it.
 *
 * @example
 * ```ts
 * import { OpenAi } from "@effect-openai/core"
 * import { UndiciHttpClient } from "@effect-openai/node"
 * import { Layer } from "effect"
 * import { Agent } from "undici"
 *
 * // every service, on a dispatcher of your own (proxy, TLS options, pool size…)
 * const layer = OpenAi.layerConfig().pipe(
 *   Layer.provide(UndiciHttpClient.layerDispatcher(new Agent({ connections: 16 })))
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Undici from "undici"
import { Agent } from "./internal/agent.js"
import * as internal from "./internal/undiciClient.js"

/**
 * An `HttpClient` on `dispatcher` (an undici `Agent`, `Pool`, `ProxyAgent`…).
 *
 * @example
 * ```ts
 * import { UndiciHttpClient } from "@effect-openai/node"
 * import { Agent } from "undici"
 *
 * const client = UndiciHttpClient.make(new Agent())
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (dispatcher: Undici.Dispatcher) => HttpClient.HttpClient = internal.make

/**
 * The `HttpClient` on a dispatcher you own (its lifetime is yours).
 *
 * @example
 * ```ts
 * import { UndiciHttpClient } from "@effect-openai/node"
 * import { ProxyAgent } from "undici"
 *
 * const layer = UndiciHttpClient.layerDispatcher(new ProxyAgent("http://proxy.internal:3128"))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerDispatcher = (dispatcher: Undici.Dispatcher): Layer.Layer<HttpClient.HttpClient> =>
  Layer.succeed(HttpClient.HttpClient, internal.make(dispatcher))

/**
 * The `HttpClient` on a fresh undici `Agent` (keep-alive pool), destroyed
 * with the layer: its sockets are closed when the layer's scope ends.
 *
 * @example
 * ```ts
 * import { OpenAi } from "@effect-openai/core"
 * import { UndiciHttpClient } from "@effect-openai/node"
 * import { Layer } from "effect"
 *
 * const layer = OpenAi.layerConfig().pipe(Layer.provide(UndiciHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.scoped(
  HttpClient.HttpClient,
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => new Agent()),
      (agent) => Effect.promise(() => agent.destroy())
    ),
    internal.make
  )
)
