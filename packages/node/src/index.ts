/**
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as NodeOpenAi from "./NodeOpenAi.js"
/**
 * @since 0.1.0
 */
export * as NodeSink from "./NodeSink.js"
/**
 * @since 0.1.0
 */
export * as NodeUploadable from "./NodeUploadable.js"
/**
 * @since 0.1.0
 */
export * as UndiciHttpClient from "./UndiciHttpClient.js"
