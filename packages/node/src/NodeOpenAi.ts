/**
 * effect-openai on Node: every service on undici (`UndiciHttpClient`), in one
 * layer.
 *
 * @example
 * ```ts
 * import { Chat } from "@effect-openai/core"
 * import { NodeOpenAi } from "@effect-openai/node"
 * import { Effect } from "effect"
 *
 * Chat.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }).pipe(
 *   Effect.provide(NodeOpenAi.layerConfig()), // reads OPENAI_API_KEY
 *   Effect.runPromise
 * )
 * ```
 *
 * @since 0.1.0
 */

import { OpenAi, OpenAiConfig } from "@effect-openai/core"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as UndiciHttpClient from "./UndiciHttpClient.js"

/**
 * Every service, with explicit options, on undici.
 *
 * @example
 * ```ts
 * import { NodeOpenAi } from "@effect-openai/node"
 * import { Redacted } from "effect"
 *
 * const OpenAiLive = NodeOpenAi.layer({ apiKey: Redacted.make("sk-..."), baseUrl: "http://127.0.0.1:8080/v1" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: OpenAiConfig.Options = {}): Layer.Layer<OpenAi.Services> =>
  OpenAi.layer(options).pipe(Layer.provide(UndiciHttpClient.layer))

/**
 * Every service, configured from the environment (`OPENAI_API_KEY`,
 * `OPENAI_BASE_URL`, `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`), on undici.
 *
 * @example
 * ```ts
 * import { NodeOpenAi } from "@effect-openai/node"
 *
 * const OpenAiLive = NodeOpenAi.layerConfig({ maxRetries: 5 })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: OpenAiConfig.Options = {}
): Layer.Layer<OpenAi.Services, ConfigError.ConfigError> =>
  OpenAi.layerConfig(options).pipe(Layer.provide(UndiciHttpClient.layer))

/**
 * Every service for Azure OpenAI, on undici. Reads `AZURE_OPENAI_ENDPOINT`,
 * `AZURE_OPENAI_API_KEY` and `OPENAI_API_VERSION` unless given.
 *
 * @example
 * ```ts
 * import { NodeOpenAi } from "@effect-openai/node"
 *
 * const AzureLive = NodeOpenAi.layerAzureConfig({ deployment: "my-gpt-4o" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAzureConfig = (
  options: Parameters<typeof OpenAiConfig.layerAzureConfig>[0] = {}
): Layer.Layer<OpenAi.Services, ConfigError.ConfigError> =>
  OpenAi.layerServices.pipe(
    Layer.provide(OpenAiConfig.layerAzureConfig(options)),
    Layer.provide(UndiciHttpClient.layer)
  )
