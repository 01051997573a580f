/**
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Chat from "./Chat.js"
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
export * as Generated from "./generated/index.js"
/**
 * @since 0.1.0
 */
export * as Models from "./Models.js"
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
export * as ResponseMeta from "./ResponseMeta.js"
/**
 * @since 0.1.0
 */
export * as Testing from "./Testing.js"
/**
 * @since 0.1.0
 */
export * as Uploadable from "./Uploadable.js"
