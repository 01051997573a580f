/**
 * The workloads of `pnpm bench`. Each runs in a fresh process, on one
 * contender, and times only its measured part (after its warm-up).
 */
import { chatRequest, EMBED_DIMENSIONS, EMBED_INPUTS, embedRequest } from "./fixtures.js"
import type { Instance, Workload } from "./types.js"

const CHAT_WARMUP = 2_000
const CHAT_SEQ = 2_000
const CHAT_C32 = 5_000
const CONCURRENCY = 32
const STREAM_CHUNKS = 20_000
/** Full streams run before the timed one: the JIT settles over ~40,000 chunks (one short stream left it half-warm). */
const STREAM_WARMUP_STREAMS = 2
const EMBED_REQUESTS = 20

const checkCompletion = (completion: unknown): void => {
  const content = (completion as { choices?: Array<{ message?: { content?: unknown } }> }).choices?.[0]?.message
    ?.content
  if (typeof content !== "string" || content.length < 100) throw new Error("chat: unexpected completion")
}

/** The stream yields `chunks` content chunks plus the usage chunk. */
const checkStream = (received: number, chunks: number): void => {
  if (received !== chunks + 1) throw new Error(`stream: received ${received} chunks, expected ${chunks + 1}`)
}

const checkVectors = (vectors: ReadonlyArray<ArrayLike<number>>): void => {
  if (vectors.length !== EMBED_INPUTS) throw new Error(`embed: ${vectors.length} vectors, expected ${EMBED_INPUTS}`)
  const first = vectors[0]!
  if (first.length !== EMBED_DIMENSIONS || typeof first[0] !== "number") throw new Error("embed: bad vector")
}

const sequentialChats = async (instance: Instance, n: number): Promise<void> => {
  const chat = instance.chat!
  let last: unknown
  for (let i = 0; i < n; i++) last = await chat(chatRequest)
  checkCompletion(last)
}

const concurrentChats = async (instance: Instance, n: number, concurrency: number): Promise<void> => {
  const chat = instance.chat!
  let next = 0
  let last: unknown
  const worker = async () => {
    while (next < n) {
      next++
      last = await chat(chatRequest)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  checkCompletion(last)
}

const embedWorkload = (encoding: "float" | "base64"): Workload => ({
  name: `embed-${encoding}`,
  description: `${EMBED_REQUESTS} requests × ${EMBED_INPUTS} inputs × ${EMBED_DIMENSIONS} floats, ${encoding === "float" ? "as JSON numbers" : "base64 on the wire, decoded for the user"} (after 3 warm-up requests)`,
  needs: "embed",
  byDefault: false,
  run: async ({ instance, timed }) => {
    const embed = instance.embed!
    const request = embedRequest(encoding)
    for (let i = 0; i < 3; i++) checkVectors(await embed(request))
    const { ms } = await timed(async () => {
      for (let i = 0; i < EMBED_REQUESTS; i++) checkVectors(await embed(request))
    })
    return { ms, ops: EMBED_REQUESTS, unit: "req" }
  }
})

/**
 * A start-time workload: `bench/startup.mjs` (plain, or bundled) times the
 * start itself; this checks the one chat call that follows.
 */
const startupWorkload = (name: string, description: string): Workload => ({
  name,
  description,
  needs: "chat",
  byDefault: false,
  run: async ({ instance, readyAt }) => {
    checkCompletion(await instance.chat!(chatRequest))
    return { ms: readyAt, ops: 1, unit: "start" }
  }
})

export const workloads: ReadonlyArray<Workload> = [
  {
    name: "chat-seq",
    description: `${CHAT_SEQ.toLocaleString("en-US")} sequential non-streaming chat completions (~1 KB body), after a warm-up of ${CHAT_WARMUP.toLocaleString("en-US")}`,
    needs: "chat",
    byDefault: true,
    run: async ({ instance, timed }) => {
      await sequentialChats(instance, CHAT_WARMUP)
      const { ms } = await timed(() => sequentialChats(instance, CHAT_SEQ))
      return { ms, ops: CHAT_SEQ, unit: "req" }
    }
  },
  {
    name: "chat-c32",
    description: `${CHAT_C32.toLocaleString("en-US")} chat completions, at most ${CONCURRENCY} in flight, after a warm-up of ${CHAT_WARMUP.toLocaleString("en-US")}`,
    needs: "chat",
    byDefault: false,
    run: async ({ instance, timed }) => {
      await concurrentChats(instance, CHAT_WARMUP, CONCURRENCY)
      const { ms } = await timed(() => concurrentChats(instance, CHAT_C32, CONCURRENCY))
      return { ms, ops: CHAT_C32, unit: "req" }
    }
  },
  {
    name: "stream",
    description: `one stream of ${STREAM_CHUNKS.toLocaleString("en-US")} chat chunks (~300 B each, 64 KiB writes, include_usage), after a warm-up of ${STREAM_WARMUP_STREAMS} such streams`,
    needs: "stream",
    byDefault: true,
    run: async ({ instance, timed }) => {
      const stream = instance.stream!
      for (let i = 0; i < STREAM_WARMUP_STREAMS; i++) {
        checkStream(await stream(chatRequest, STREAM_CHUNKS), STREAM_CHUNKS)
      }
      const { ms, value } = await timed(() => stream(chatRequest, STREAM_CHUNKS))
      checkStream(value, STREAM_CHUNKS)
      return { ms, ops: value, unit: "chunk" }
    }
  },
  embedWorkload("float"),
  embedWorkload("base64"),
  startupWorkload(
    "startup",
    "process start until the first request can be sent (imports plus client or layer build), then one chat call; plain `node` on the built packages (`bench/startup.mjs`)"
  ),
  startupWorkload(
    "startup-bundled",
    "`startup` with the start script and everything it imports bundled by esbuild (one ESM chunk per contender, shared code split out), as a bundled application or serverless function starts"
  )
]

export const workloadByName = (name: string): Workload | undefined => workloads.find((w) => w.name === name)
