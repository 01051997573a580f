/**
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Accumulator from "./Accumulator.js"
/**
 * @since 0.1.0
 */
export * as AssistantStream from "./AssistantStream.js"
/**
 * @since 0.1.0
 */
export * as Assistants from "./Assistants.js"
/**
 * @since 0.1.0
 */
export * as Audio from "./Audio.js"
/**
 * @since 0.1.0
 */
export * as Batches from "./Batches.js"
/**
 * @since 0.1.0
 */
export * as Chat from "./Chat.js"
/**
 * @since 0.1.0
 */
export * as Completions from "./Completions.js"
/**
 * @since 0.1.0
 */
export * as Embeddings from "./Embeddings.js"
/**
 * @since 0.1.0
 */
export * as Files from "./Files.js"
/**
 * @since 0.1.0
 */
export * as FineTuning from "./FineTuning.js"
/**
 * @since 0.1.0
 */
export * as Generated from "./generated/index.js"
/**
 * @since 0.1.0
 */
export * as Images from "./Images.js"
/**
 * @since 0.1.0
 */
export * as Legacy from "./Legacy.js"
/**
 * @since 0.1.0
 */
export * as Messages from "./Messages.js"
/**
 * @since 0.1.0
 */
export * as Models from "./Models.js"
/**
 * @since 0.1.0
 */
export * as Moderations from "./Moderations.js"
/**
 * @since 0.1.0
 */
export * as OpenAi from "./OpenAi.js"
/**
 * @since 0.1.0
 */
export * as OpenAiClient from "./OpenAiClient.js"
/**
 * @since 0.1.0
 */
export * as OpenAiConfig from "./OpenAiConfig.js"
/**
 * @since 0.1.0
 */
export * as OpenAiError from "./OpenAiError.js"
/**
 * @since 0.1.0
 */
export * as RateLimiter from "./RateLimiter.js"
/**
 * @since 0.1.0
 */
export * as ResponseMeta from "./ResponseMeta.js"
/**
 * @since 0.1.0
 */
export * as RunSteps from "./RunSteps.js"
/**
 * @since 0.1.0
 */
export * as Runs from "./Runs.js"
/**
 * @since 0.1.0
 */
export * as Testing from "./Testing.js"
/**
 * @since 0.1.0
 */
export * as Threads from "./Threads.js"
/**
 * @since 0.1.0
 */
export * as Uploadable from "./Uploadable.js"
/**
 * @since 0.1.0
 */
export * as VectorStoreFileBatches from "./VectorStoreFileBatches.js"
/**
 * @since 0.1.0
 */
export * as VectorStoreFiles from "./VectorStoreFiles.js"
/**
 * @since 0.1.0
 */
export * as VectorStores from "./VectorStores.js"
