/**
 * The fault matrix with the platform-agnostic `FetchHttpClient` (undici's
 * WHATWG fetch, on an agent each cell closes): every fault × JSON, SSE and
 * multipart upload, over real sockets against the mock server. See
 * support/faults-matrix.ts and docs/RELIABILITY.md.
 */
import { registerMatrix } from "./support/faults-matrix.js"

registerMatrix("fetch")
