/**
 * Every service in one layer. Give it an `HttpClient` (the Node package does
 * that for you) and a configuration, and every API area is ready to use.
 *
 * @example
 * ```ts
 * import { Chat, OpenAi } from "@effect-openai/core"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Layer } from "effect"
 *
 * const OpenAiLive = OpenAi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))
 *
 * Chat.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }).pipe(
 *   Effect.provide(OpenAiLive),
 *   Effect.runPromise
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as Assistants from "./Assistants.js"
import * as Audio from "./Audio.js"
import * as Batches from "./Batches.js"
import * as Chat from "./Chat.js"
import * as Completions from "./Completions.js"
import * as Embeddings from "./Embeddings.js"
import * as Files from "./Files.js"
import * as FineTuning from "./FineTuning.js"
import * as Images from "./Images.js"
import * as Legacy from "./Legacy.js"
import * as Messages from "./Messages.js"
import * as Models from "./Models.js"
import * as Moderations from "./Moderations.js"
import * as OpenAiClient from "./OpenAiClient.js"
import * as OpenAiConfig from "./OpenAiConfig.js"
import * as RunSteps from "./RunSteps.js"
import * as Runs from "./Runs.js"
import * as Threads from "./Threads.js"
import * as VectorStoreFileBatches from "./VectorStoreFileBatches.js"
import * as VectorStoreFiles from "./VectorStoreFiles.js"
import * as VectorStores from "./VectorStores.js"

/**
 * Every service this layer provides.
 *
 * @since 0.1.0
 * @category models
 */
export type Services =
  | OpenAiClient.OpenAiClient
  | Chat.Chat
  | Completions.Completions
  | Embeddings.Embeddings
  | Audio.Audio
  | Images.Images
  | Files.Files
  | FineTuning.FineTuning
  | Models.Models
  | Moderations.Moderations
  | Assistants.Assistants
  | Threads.Threads
  | Messages.Messages
  | Runs.Runs
  | RunSteps.RunSteps
  | VectorStores.VectorStores
  | VectorStoreFiles.VectorStoreFiles
  | VectorStoreFileBatches.VectorStoreFileBatches
  | Batches.Batches
  | Legacy.Legacy

/**
 * Every service, from the pipeline; needs an `HttpClient` and an `OpenAiConfig`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerServices: Layer.Layer<Services, never, HttpClient.HttpClient | OpenAiConfig.OpenAiConfig> =
  Layer.mergeAll(
    Chat.layer,
    Completions.layer,
    Embeddings.layer,
    Audio.layer,
    Images.layer,
    Files.layer,
    FineTuning.layer,
    Models.layer,
    Moderations.layer,
    Assistants.layer,
    Threads.layer,
    Messages.layer,
    Runs.layer,
    RunSteps.layer,
    VectorStores.layer,
    VectorStoreFiles.layer,
    VectorStoreFileBatches.layer,
    Batches.layer,
    Legacy.layer
  ).pipe(Layer.provideMerge(OpenAiClient.layer))

/**
 * Every service, configured with explicit options; needs an `HttpClient`.
 *
 * @example
 * ```ts
 * import { OpenAi } from "@effect-openai/core"
 * import { Redacted } from "effect"
 *
 * const OpenAiLive = OpenAi.layer({ apiKey: Redacted.make("sk-..."), maxRetries: 4 })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: OpenAiConfig.Options = {}): Layer.Layer<Services, never, HttpClient.HttpClient> =>
  layerServices.pipe(Layer.provide(OpenAiConfig.layer(options)))

/**
 * Every service, configured from the environment (`OPENAI_API_KEY`,
 * `OPENAI_BASE_URL`, `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`); needs an `HttpClient`.
 *
 * @example
 * ```ts
 * import { OpenAi } from "@effect-openai/core"
 *
 * const OpenAiLive = OpenAi.layerConfig({ timeout: "1 minute" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: OpenAiConfig.Options = {}
): Layer.Layer<Services, ConfigError.ConfigError, HttpClient.HttpClient> =>
  layerServices.pipe(Layer.provide(OpenAiConfig.layerConfig(options)))
