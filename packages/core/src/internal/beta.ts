/**
 * The `OpenAI-Beta` headers of the beta API areas.
 *
 * @internal
 */

/** Assistants, threads, messages, runs, run steps and vector stores (v2). */
export const assistantsV2: Readonly<Record<string, string>> = { "OpenAI-Beta": "assistants=v2" }

/** The v1 assistant files and message files (legacy). */
export const assistantsV1: Readonly<Record<string, string>> = { "OpenAI-Beta": "assistants=v1" }
