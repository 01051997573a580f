/**
 * Micro-benchmark of the SSE decoder against a naive `split("\n\n")` baseline.
 *
 *   npx tsx --conditions=source bench/sse.ts
 *
 * One stream of 20,000 chat-chunk-like `data: {json}\n\n` events (~300 bytes
 * each) is cut into 64 KiB reads and decoded `iterations` times per round; the
 * figure printed is the median events/s over `rounds` rounds.
 */
import { pathToFileURL } from "node:url"
import { makeDecoder, type SseEvent } from "../packages/core/src/internal/sse.js"

export interface SseBenchOptions {
  readonly events?: number
  readonly readSize?: number
  readonly iterations?: number
  readonly rounds?: number
}

export interface SseBenchResult {
  readonly name: string
  readonly eventsPerSecond: number
  readonly mbPerSecond: number
}

const chunkJson = (i: number): string =>
  JSON.stringify({
    id: "chatcmpl-9Xk2abcDEFghiJKLmnoPQRstuVW",
    object: "chat.completion.chunk",
    created: 1_718_000_000 + (i % 1000),
    model: "gpt-4o-2024-05-13",
    system_fingerprint: "fp_abc123def4",
    choices: [
      {
        index: 0,
        delta: { content: ` token${i} with some text é€😀`.padEnd(64, ".") },
        logprobs: null,
        finish_reason: null
      }
    ]
  })

/** The stream, as 64 KiB reads. */
export const makeStream = (events: number, readSize: number): { reads: Array<Uint8Array>; bytes: number } => {
  let text = ""
  for (let i = 0; i < events; i++) text += `data: ${chunkJson(i)}\n\n`
  const buf = new TextEncoder().encode(text)
  const reads: Array<Uint8Array> = []
  for (let off = 0; off < buf.length; off += readSize) reads.push(buf.subarray(off, off + readSize))
  return { reads, bytes: buf.length }
}

type Decode = (reads: ReadonlyArray<Uint8Array>) => number

const decodeWithDecoder: Decode = (reads) => {
  const decoder = makeDecoder()
  let n = 0
  for (const read of reads) n += decoder.push(read).length
  return n + decoder.end().events.length
}

/** The naive baseline: append, split on "\n\n", keep the last piece, strip "data: ". */
const decodeNaive: Decode = (reads) => {
  const textDecoder = new TextDecoder()
  let buffer = ""
  let n = 0
  const out: Array<SseEvent> = []
  for (const read of reads) {
    buffer += textDecoder.decode(read, { stream: true })
    const parts = buffer.split("\n\n")
    buffer = parts.pop() ?? ""
    for (const part of parts) {
      if (part.startsWith("data: ")) out.push({ event: "message", data: part.slice(6), id: undefined })
    }
    n += out.length
    out.length = 0
  }
  return n
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

export const run = (options: SseBenchOptions = {}): ReadonlyArray<SseBenchResult> => {
  const events = options.events ?? 20_000
  const readSize = options.readSize ?? 64 * 1024
  const iterations = options.iterations ?? 10
  const rounds = options.rounds ?? 7
  const { reads, bytes } = makeStream(events, readSize)
  const candidates: ReadonlyArray<readonly [string, Decode]> = [
    ["sse decoder", decodeWithDecoder],
    ["naive split", decodeNaive]
  ]
  for (const [name, decode] of candidates) {
    const n = decode(reads)
    if (n !== events) throw new Error(`${name}: decoded ${n} events, expected ${events}`)
    for (let i = 0; i < 3; i++) decode(reads) // warm up
  }
  const samples = new Map<string, Array<number>>(candidates.map(([name]) => [name, []]))
  // Interleave the candidates so drift in machine load hits both alike.
  for (let r = 0; r < rounds; r++) {
    for (const [name, decode] of candidates) {
      const start = performance.now()
      for (let i = 0; i < iterations; i++) decode(reads)
      const seconds = (performance.now() - start) / 1000
      samples.get(name)!.push(seconds / iterations)
    }
  }
  return candidates.map(([name]) => {
    const seconds = median(samples.get(name)!)
    return { name, eventsPerSecond: events / seconds, mbPerSecond: bytes / seconds / 1e6 }
  })
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href

if (isMain) {
  const events = 20_000
  const { bytes, reads } = makeStream(events, 64 * 1024)
  console.log(
    `SSE: ${events} events, ${(bytes / events).toFixed(0)} B/event, ${reads.length} reads of 64 KiB, median of 7 rounds`
  )
  for (const r of run({ events })) {
    console.log(
      `  ${r.name.padEnd(12)} ${Math.round(r.eventsPerSecond).toLocaleString("en-US").padStart(12)} events/s  ${r.mbPerSecond.toFixed(0).padStart(5)} MB/s`
    )
  }
}
