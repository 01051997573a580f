/**
 * An incremental, dependency-free decoder for `text/event-stream` bodies,
 * following the WHATWG HTML "event stream interpretation" rules.
 *
 * Cost model: every decoded character is scanned a bounded number of times.
 * Each push decodes the chunk once (streaming `TextDecoder`), then finds line
 * ends with `indexOf` on the fresh text only; the positions of the next CR and
 * of the next LF are cached, so CR-free streams pay one failed `indexOf("\r")`
 * per push. Lines are never materialised as strings: fields are recognised by
 * char codes and only values are sliced. The unfinished last line is kept as
 * the only carried-over text (joined by rope concatenation, so a huge line
 * arriving in many chunks is not recopied per chunk), and it is known to hold
 * no line end, so it is never rescanned.
 *
 * It does not interpret `[DONE]` or JSON: that is the caller's job.
 *
 * @internal
 */

export interface SseEvent {
  /** The `event` field, "message" when absent or empty. */
  readonly event: string
  /** The data lines joined with "\n". */
  readonly data: string
  /** The last event id seen so far (it persists across events, as in WHATWG). */
  readonly id: string | undefined
}

export interface SseDecoder {
  /** Feed the next bytes; returns the events completed by them (possibly none). */
  readonly push: (chunk: Uint8Array) => ReadonlyArray<SseEvent>
  /**
   * The input ended. `pending` is true when bytes of an unfinished event (or an
   * unfinished line) were left: the stream was truncated. As the WHATWG rules
   * say, an unfinished event is discarded, not dispatched.
   */
  readonly end: () => { readonly events: ReadonlyArray<SseEvent>; readonly pending: boolean }
}

const LF = 10
const CR = 13
const COLON = 58
const SPACE = 32

const NONE: ReadonlyArray<SseEvent> = Object.freeze([])

export const makeDecoder = (): SseDecoder => {
  // `TextDecoder` drops one leading BOM (ignoreBOM defaults to false), also
  // when it is split across chunks, and keeps split UTF-8 sequences for later.
  const textDecoder = new TextDecoder("utf-8")

  /** The unfinished last line (contains no CR or LF). */
  let tail = ""
  /** The previous text ended with a CR: a LF starting the next text belongs to it. */
  let crPending = false
  /** Whether a `data` field was seen in the current event (the WHATWG data buffer is non-empty). */
  let hasData = false
  /** The data buffer, without its trailing "\n". */
  let data = ""
  /** The event type buffer. */
  let eventType = ""
  /** The last event id buffer. */
  let lastId: string | undefined
  /** A field line of the current event was seen since the last blank line. */
  let open = false
  /** Events completed during the current call (allocated lazily). */
  let out: Array<SseEvent> | undefined

  const dispatch = (): void => {
    open = false
    if (hasData) {
      const event: SseEvent = { event: eventType === "" ? "message" : eventType, data, id: lastId }
      if (out === undefined) out = [event]
      else out.push(event)
      hasData = false
      data = ""
    }
    eventType = ""
  }

  /** Value of the field whose name ends at `nameEnd` in the line `s[start, end)`. */
  const valueOf = (s: string, nameEnd: number, end: number): string => {
    if (nameEnd === end) return "" // no colon: the whole line is the field name
    let v = nameEnd + 1
    if (v < end && s.charCodeAt(v) === SPACE) v++
    return s.slice(v, end)
  }

  /** Process the complete line `s[start, end)` (without its line end). */
  const processLine = (s: string, start: number, end: number): void => {
    if (start === end) {
      dispatch()
      return
    }
    const c0 = s.charCodeAt(start)
    if (c0 === COLON) return // comment
    open = true
    const len = end - start
    if (c0 === 100 /* d */) {
      if (
        len >= 4 &&
        s.charCodeAt(start + 1) === 97 /* a */ &&
        s.charCodeAt(start + 2) === 116 /* t */ &&
        s.charCodeAt(start + 3) === 97 /* a */ &&
        (len === 4 || s.charCodeAt(start + 4) === COLON)
      ) {
        const value = valueOf(s, start + 4, end)
        if (hasData) data = data + "\n" + value
        else {
          data = value
          hasData = true
        }
      }
    } else if (c0 === 101 /* e */) {
      if (
        len >= 5 &&
        s.charCodeAt(start + 1) === 118 /* v */ &&
        s.charCodeAt(start + 2) === 101 /* e */ &&
        s.charCodeAt(start + 3) === 110 /* n */ &&
        s.charCodeAt(start + 4) === 116 /* t */ &&
        (len === 5 || s.charCodeAt(start + 5) === COLON)
      ) {
        eventType = valueOf(s, start + 5, end)
      }
    } else if (c0 === 105 /* i */) {
      if (len >= 2 && s.charCodeAt(start + 1) === 100 /* d */ && (len === 2 || s.charCodeAt(start + 2) === COLON)) {
        const value = valueOf(s, start + 2, end)
        if (value.indexOf("\0") === -1) lastId = value
      }
    }
    // `retry` and unknown fields are ignored.
  }

  /** Position after the line end at `end`; records a CR ending the text. */
  const advance = (s: string, end: number, n: number): number => {
    if (s.charCodeAt(end) === CR) {
      if (end + 1 === n) {
        crPending = true
        return n
      }
      if (s.charCodeAt(end + 1) === LF) return end + 2
    }
    return end + 1
  }

  /** Consume the complete lines of `s`; keep the unfinished one in `tail`. */
  const feed = (s: string): void => {
    const n = s.length
    if (n === 0) return
    let pos = 0
    if (crPending) {
      crPending = false
      if (s.charCodeAt(0) === LF) pos = 1
    }
    let lf = s.indexOf("\n", pos)
    let cr = s.indexOf("\r", pos)
    if (lf === -1 && cr === -1) {
      // No line end: the whole text extends the unfinished line (a rope, no copy).
      tail = pos === 0 ? tail + s : tail + s.slice(pos)
      return
    }
    if (tail !== "") {
      // The first line began in an earlier chunk.
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr
      const line = tail + s.slice(pos, end)
      tail = ""
      processLine(line, 0, line.length)
      pos = advance(s, end, n)
    }
    for (;;) {
      if (lf !== -1 && lf < pos) lf = s.indexOf("\n", pos)
      if (cr !== -1 && cr < pos) cr = s.indexOf("\r", pos)
      let end: number
      if (cr === -1) {
        if (lf === -1) break
        end = lf
        // Fast path for the dominant shape: `data: ...\n\n` with no event in progress.
        if (
          !open &&
          s.charCodeAt(lf + 1) === LF &&
          s.charCodeAt(pos) === 100 /* d */ &&
          s.charCodeAt(pos + 1) === 97 /* a */ &&
          s.charCodeAt(pos + 2) === 116 /* t */ &&
          s.charCodeAt(pos + 3) === 97 /* a */ &&
          s.charCodeAt(pos + 4) === COLON &&
          pos + 4 < lf
        ) {
          const v = s.charCodeAt(pos + 5) === SPACE && pos + 5 < lf ? pos + 6 : pos + 5
          const event: SseEvent = {
            event: eventType === "" ? "message" : eventType,
            data: s.slice(v, lf),
            id: lastId
          }
          if (out === undefined) out = [event]
          else out.push(event)
          eventType = ""
          pos = lf + 2
          continue
        }
      } else {
        end = lf !== -1 && lf < cr ? lf : cr
      }
      processLine(s, pos, end)
      pos = advance(s, end, n)
    }
    tail = pos < n ? s.slice(pos) : ""
  }

  const take = (): ReadonlyArray<SseEvent> => {
    const events = out
    out = undefined
    return events === undefined ? NONE : events
  }

  return {
    push: (chunk) => {
      feed(textDecoder.decode(chunk, { stream: true }))
      return take()
    },
    end: () => {
      // Flush the text decoder: an incomplete UTF-8 sequence becomes U+FFFD.
      feed(textDecoder.decode())
      const pending = open || hasData || tail !== ""
      const events = take()
      tail = ""
      crPending = false
      hasData = false
      data = ""
      eventType = ""
      open = false
      return { events, pending }
    }
  }
}
