/**
 * The fault matrix with @effect/platform-node's undici `HttpClient`: every
 * fault × JSON, SSE and multipart upload, over real sockets against the mock
 * server. See support/faults-matrix.ts and docs/RELIABILITY.md.
 */
import { registerMatrix } from "./support/faults-matrix.js"

registerMatrix("undici")
