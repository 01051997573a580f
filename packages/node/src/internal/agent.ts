/**
 * undici's `Agent`, loaded on its own.
 *
 * `import "undici"` loads all of undici (fetch, WebSocket, caches, mocks…):
 * about 110 modules and 70 ms of process start here, for a client that only
 * needs the connection pool. The agent's module is 23 of them. The version
 * of undici is pinned exactly in package.json, and a test checks that this
 * is the same class as `undici`'s exported `Agent`.
 *
 * @internal
 */
import { createRequire } from "node:module"
import type * as Undici from "undici"

const require = createRequire(import.meta.url)

export const Agent: typeof Undici.Agent = require("undici/lib/dispatcher/agent.js")
