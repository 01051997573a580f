/**
 * The fault matrix with this project's `UndiciHttpClient` (the client of
 * `NodeOpenAi.layer`): every fault × JSON, SSE and multipart upload, over
 * real sockets against the mock server. See support/faults-matrix.ts and
 * docs/RELIABILITY.md.
 */
import { registerMatrix } from "./support/faults-matrix.js"

registerMatrix("node")
