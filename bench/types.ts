/**
 * The contracts of `pnpm bench`: what a contender offers, what a workload
 * does with it, and the line a run prints.
 *
 * A contender is one module in `bench/contenders/` whose default export is a
 * `Contender`. The harness finds contenders by listing that folder, so a new
 * client (openai 6.x, @effect/ai-openai…) is one new file there.
 */

/**
 * A chat request as the API takes it (wire names). A type, not an interface,
 * so it fits clients whose params carry an index signature.
 */
export type ChatRequest = {
  readonly model: string
  readonly messages: ReadonlyArray<{ readonly role: "system" | "user" | "assistant"; readonly content: string }>
  readonly temperature?: number
  readonly max_tokens?: number
}

/** An embeddings request as the API takes it. */
export type EmbedRequest = {
  readonly model: string
  readonly input: ReadonlyArray<string>
  readonly encoding_format: "float" | "base64"
}

/**
 * One built client. Every operation is optional: a workload whose operation a
 * contender lacks is reported as unsupported for it, not as a failure.
 */
export interface Instance {
  /** One non-streaming chat completion; resolves to the decoded completion. */
  readonly chat?: (request: ChatRequest) => Promise<unknown>
  /**
   * One streamed chat completion of `chunks` content chunks (sent to the
   * bench server as the `x-bench-chunks` header), with `include_usage`.
   * Resolves to the number of chunks received, the usage chunk included.
   */
  readonly stream?: (request: ChatRequest, chunks: number) => Promise<number>
  /**
   * One embeddings call; resolves to the vectors as numbers, decoded (base64
   * included), so every contender hands the user the same thing.
   */
  readonly embed?: (request: EmbedRequest) => Promise<ReadonlyArray<ArrayLike<number>>>
  /** Releases sockets and runtimes. */
  readonly close: () => Promise<void>
}

export interface ContenderOptions {
  /** Base URL with `/v1`, e.g. `http://127.0.0.1:1234/v1`. */
  readonly baseUrl: string
  readonly apiKey: string
}

export interface Contender {
  /** The name used on the command line and in the table. */
  readonly name: string
  /** What it is, one line, for the docs. */
  readonly description: string
  /** The npm packages whose versions the results should record. */
  readonly packages: ReadonlyArray<string>
  /** Builds the client: not timed (except by the `startup` workload). */
  readonly make: (options: ContenderOptions) => Promise<Instance>
}

/** What a workload measured. */
export interface Measurement {
  /** Wall time of the timed part. */
  readonly ms: number
  /** Operations in the timed part (requests, or chunks for `stream`). */
  readonly ops: number
  /** The unit of `ops`, for the table. */
  readonly unit: string
  /** Anything else worth keeping in the raw results. */
  readonly extra?: Readonly<Record<string, number | string>>
}

export interface WorkloadContext {
  readonly instance: Instance
  /** `performance.now()` when the contender's module was imported and built. */
  readonly readyAt: number
  /** Called right before and after the timed part (CPU profiling hooks). */
  readonly timed: <A>(f: () => Promise<A>) => Promise<{ readonly ms: number; readonly value: A }>
}

export interface Workload {
  readonly name: string
  readonly description: string
  /** The operation the contender must have. */
  readonly needs: "chat" | "stream" | "embed"
  /** In the default `pnpm bench` set. */
  readonly byDefault: boolean
  readonly run: (context: WorkloadContext) => Promise<Measurement>
}

/** The JSON line a run prints on stdout. */
export interface RunResult {
  readonly contender: string
  readonly workload: string
  readonly ok: boolean
  readonly ms?: number
  readonly ops?: number
  readonly unit?: string
  readonly opsPerSec?: number
  /** CPU time (user + system) of the run's process over the timed part. */
  readonly cpuMs?: number
  readonly peakRssMb: number
  readonly extra?: Readonly<Record<string, number | string>>
  /** Set when the contender lacks the workload's operation. */
  readonly unsupported?: boolean
  readonly error?: string
  /** Versions of the contender's packages, and of Node. */
  readonly versions?: Readonly<Record<string, string>>
}
