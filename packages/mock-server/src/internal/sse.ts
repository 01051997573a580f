/**
 * Server-sent events: encoding and write batching.
 *
 * @internal
 */

/** One SSE event repeated `repeat` times in a row. */
export interface Segment {
  readonly bytes: Buffer
  readonly repeat: number
}

const DONE = Buffer.from("data: [DONE]\n\n")

/** Encodes one `data: <json>\n\n` event. */
export const event = (data: unknown): Buffer => Buffer.from(`data: ${JSON.stringify(data)}\n\n`)

/** The final `data: [DONE]\n\n` event. */
export const done: Segment = { bytes: DONE, repeat: 1 }

/** A segment sent once. */
export const once = (bytes: Buffer): Segment => ({ bytes, repeat: 1 })

/**
 * Groups segments into writes of about `batchBytes` bytes (never more, unless
 * a single event is larger). A long run of one repeated event is concatenated
 * into a full batch once, and that buffer is reused for every full batch, so a
 * stream of N identical chunks costs O(batchBytes) of copying, not O(N).
 */
export const batches = (segments: ReadonlyArray<Segment>, batchBytes: number): Array<Uint8Array> => {
  const out: Array<Uint8Array> = []
  let pending: Array<Buffer> = []
  let pendingLen = 0
  const flush = () => {
    if (pendingLen === 0) return
    out.push(pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingLen))
    pending = []
    pendingLen = 0
  }
  const push = (bytes: Buffer) => {
    if (pendingLen > 0 && pendingLen + bytes.length > batchBytes) flush()
    pending.push(bytes)
    pendingLen += bytes.length
  }
  for (const segment of segments) {
    const len = segment.bytes.length
    let remaining = segment.repeat
    // top up the batch in progress
    while (remaining > 0 && (pendingLen === 0 || pendingLen + len <= batchBytes)) {
      push(segment.bytes)
      remaining--
    }
    if (remaining === 0) continue
    flush()
    const perBatch = Math.max(1, Math.floor(batchBytes / len))
    const fullBatches = Math.floor(remaining / perBatch)
    if (fullBatches > 0) {
      const full = perBatch === 1 ? segment.bytes : Buffer.concat(new Array<Buffer>(perBatch).fill(segment.bytes))
      for (let i = 0; i < fullBatches; i++) out.push(full)
      remaining -= fullBatches * perBatch
    }
    for (let i = 0; i < remaining; i++) push(segment.bytes)
  }
  flush()
  return out
}
