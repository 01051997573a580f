/**
 * `pnpm demo`: runs every example, offline against the local mock server
 * unless OPENAI_API_KEY is set.
 */

import { run } from "./_runtime.js"
import { program as chat } from "./chat.js"
import { program as chatStream } from "./chat-stream.js"
import { program as embeddings } from "./embeddings.js"
import { program as errors } from "./errors.js"
import { program as models } from "./models.js"

await run("models", models)
await run("chat", chat)
await run("chat-stream", chatStream)
await run("embeddings", embeddings)
await run("errors", errors)
console.log("\nAll examples ran.")
