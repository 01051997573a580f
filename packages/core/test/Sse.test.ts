import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { makeDecoder, type SseEvent } from "../src/internal/sse.js"

const encoder = new TextEncoder()
const bytes = (s: string): Uint8Array => encoder.encode(s)

interface Decoded {
  readonly events: ReadonlyArray<SseEvent>
  readonly pending: boolean
}

const decodeChunks = (chunks: ReadonlyArray<Uint8Array>): Decoded => {
  const decoder = makeDecoder()
  const events: Array<SseEvent> = []
  for (const chunk of chunks) events.push(...decoder.push(chunk))
  const last = decoder.end()
  events.push(...last.events)
  return { events, pending: last.pending }
}

const decodeStrings = (...chunks: ReadonlyArray<string>): Decoded => decodeChunks(chunks.map(bytes))

/** Cut `buf` at the given positions (taken modulo its length + 1). */
const split = (buf: Uint8Array, cuts: ReadonlyArray<number>): Array<Uint8Array> => {
  const positions = cuts.map((c) => c % (buf.length + 1)).sort((a, b) => a - b)
  const chunks: Array<Uint8Array> = []
  let from = 0
  for (const p of positions) {
    chunks.push(buf.subarray(from, p))
    from = p
  }
  chunks.push(buf.subarray(from))
  return chunks
}

const ev = (data: string, event = "message", id: string | undefined = undefined): SseEvent => ({ event, data, id })

/** A deliberately naive reading of the WHATWG rules, used as an oracle on arbitrary input. */
const reference = (input: string): Decoded => {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const lines = text.split(/\r\n|\r|\n/)
  const unfinished = lines.pop() ?? ""
  const events: Array<SseEvent> = []
  let data: string | undefined
  let event = ""
  let id: string | undefined
  let open = false
  for (const line of lines) {
    if (line === "") {
      if (data !== undefined) events.push({ event: event === "" ? "message" : event, data, id })
      data = undefined
      event = ""
      open = false
      continue
    }
    if (line.startsWith(":")) continue
    open = true
    const colon = line.indexOf(":")
    const name = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? "" : line.slice(colon + 1)
    if (value.startsWith(" ")) value = value.slice(1)
    if (name === "data") data = data === undefined ? value : data + "\n" + value
    else if (name === "event") event = value
    else if (name === "id" && !value.includes("\0")) id = value
  }
  return { events, pending: open || unfinished !== "" }
}

describe("Sse", () => {
  describe("fields", () => {
    it("decodes a single data event", () => {
      expect(decodeStrings("data: hello\n\n")).toEqual({ events: [ev("hello")], pending: false })
    })

    it("joins multi-line data with \\n", () => {
      expect(decodeStrings("data: a\ndata: b\ndata:\ndata: c\n\n").events).toEqual([ev("a\nb\n\nc")])
    })

    it("sets the event type, which resets after each event", () => {
      expect(decodeStrings("event: thread.run.created\ndata: {}\n\ndata: x\n\n").events).toEqual([
        ev("{}", "thread.run.created"),
        ev("x")
      ])
    })

    it("uses 'message' for an empty event type", () => {
      expect(decodeStrings("event:\ndata: x\n\n").events).toEqual([ev("x")])
    })

    it("keeps the last event id across events", () => {
      expect(decodeStrings("id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\nid\ndata: d\n\n").events).toEqual([
        ev("a", "message", "1"),
        ev("b", "message", "1"),
        ev("c", "message", "2"),
        ev("d", "message", "")
      ])
    })

    it("takes an id from an event that is not dispatched", () => {
      expect(decodeStrings("id: 7\n\ndata: a\n\n").events).toEqual([ev("a", "message", "7")])
    })

    it("ignores an id containing NUL", () => {
      expect(decodeStrings("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n").events).toEqual([
        ev("a", "message", "1"),
        ev("b", "message", "1")
      ])
    })

    it("ignores comments", () => {
      expect(decodeStrings(": keep-alive\n\n:\ndata: a\n: inside\ndata: b\n\n").events).toEqual([ev("a\nb")])
    })

    it("reads a line without a colon as a field with an empty value", () => {
      expect(decodeStrings("data\ndata\n\n").events).toEqual([ev("\n")])
      expect(decodeStrings("data\n\n").events).toEqual([ev("")])
    })

    it("removes only one space after the colon, and none when absent", () => {
      expect(decodeStrings("data:x\n\ndata:  y\n\nevent:e\ndata: z \n\n").events).toEqual([
        ev("x"),
        ev(" y"),
        ev("z ", "e")
      ])
    })

    it("keeps colons inside values", () => {
      expect(decodeStrings('data: {"a":"b: c"}\n\n').events).toEqual([ev('{"a":"b: c"}')])
    })

    it("ignores retry and unknown fields, and names that only start like known ones", () => {
      expect(decodeStrings("retry: 1000\nfoo: bar\ndatum: x\nevents: y\nidx: 3\ndata: a\n\n").events).toEqual([ev("a")])
    })

    it("does not dispatch an empty data buffer", () => {
      expect(decodeStrings("event: ping\n\ndata: a\n\n\n\nevent: x\nretry: 5\n\n").events).toEqual([ev("a")])
    })

    it("does not interpret [DONE] or JSON", () => {
      expect(decodeStrings("data: [DONE]\n\ndata: {oops\n\n").events).toEqual([ev("[DONE]"), ev("{oops")])
    })
  })

  describe("line ends", () => {
    it("accepts LF, CR and CRLF, also mixed", () => {
      const expected = [ev("a\nb", "e"), ev("c")]
      expect(decodeStrings("event: e\ndata: a\ndata: b\n\ndata: c\n\n").events).toEqual(expected)
      expect(decodeStrings("event: e\rdata: a\rdata: b\r\rdata: c\r\r").events).toEqual(expected)
      expect(decodeStrings("event: e\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n").events).toEqual(expected)
      expect(decodeStrings("event: e\rdata: a\r\ndata: b\n\r\ndata: c\r\n\n").events).toEqual(expected)
    })

    it("treats CR | LF split across chunks as one line end", () => {
      expect(decodeStrings("data: a\r", "\ndata: b\r", "\n\r", "\n").events).toEqual([ev("a\nb")])
      expect(decodeStrings("data: a\r", "\n", "\r", "\n").events).toEqual([ev("a")])
    })

    it("treats CR then CR across chunks as two line ends", () => {
      expect(decodeStrings("data: a\r", "\r").events).toEqual([ev("a")])
    })

    it("keeps CR pending across an empty decoded chunk", () => {
      const euro = bytes("€") // 3 bytes
      const decoder = makeDecoder()
      expect(decoder.push(bytes("data: a\r"))).toEqual([])
      expect(decoder.push(new Uint8Array(0))).toEqual([])
      expect(decoder.push(bytes("\n\r\ndata: "))).toEqual([ev("a")])
      expect(decoder.push(euro.subarray(0, 1))).toEqual([])
      expect(decoder.push(euro.subarray(1))).toEqual([])
      expect(decoder.push(bytes("\r\r"))).toEqual([ev("€")])
      expect(decoder.end()).toEqual({ events: [], pending: false })
    })
  })

  describe("bytes", () => {
    it("drops a UTF-8 BOM at the very start, also when split", () => {
      const bom = new Uint8Array([0xef, 0xbb, 0xbf])
      const body = bytes("data: a\n\n")
      expect(decodeChunks([bom, body]).events).toEqual([ev("a")])
      expect(decodeChunks([bom.subarray(0, 1), bom.subarray(1, 2), bom.subarray(2), body]).events).toEqual([ev("a")])
      expect(decodeStrings("\ufeffdata: a\n\n").events).toEqual([ev("a")])
    })

    it("drops only the first BOM", () => {
      // A second BOM makes the first field name "\ufeffdata", an unknown field.
      expect(decodeStrings("\ufeff\ufeffdata: a\n\ndata: b\n\n").events).toEqual([ev("b")])
      expect(decodeStrings("data: a\n\n\ufeffdata: b\n\n").events).toEqual([ev("a")])
    })

    it("decodes multi-byte characters split anywhere", () => {
      const text = "data: héllo € 😀 中文\n\n"
      const buf = bytes(text)
      for (let i = 0; i <= buf.length; i++) {
        expect(decodeChunks([buf.subarray(0, i), buf.subarray(i)]).events).toEqual([ev("héllo € 😀 中文")])
      }
      expect(decodeChunks(Array.from(buf, (b) => new Uint8Array([b]))).events).toEqual([ev("héllo € 😀 中文")])
    })

    it("replaces invalid UTF-8 with U+FFFD", () => {
      expect(decodeChunks([bytes("data: a"), new Uint8Array([0xff]), bytes("\n\n")]).events).toEqual([ev("a\ufffd")])
    })

    it("handles a long line arriving in many chunks", () => {
      const value = "x".repeat(100_000)
      const chunks = split(
        bytes(`data: ${value}\n\n`),
        Array.from({ length: 200 }, (_, i) => i * 503)
      )
      expect(decodeChunks(chunks).events).toEqual([ev(value)])
    })

    it("returns events only from the push that completes them", () => {
      const decoder = makeDecoder()
      expect(decoder.push(bytes("data: a\n"))).toEqual([])
      expect(decoder.push(bytes("\ndata: b\n\ndata: c"))).toEqual([ev("a"), ev("b")])
      expect(decoder.push(bytes("\n\n"))).toEqual([ev("c")])
    })
  })

  describe("end", () => {
    it("reports nothing pending after complete events", () => {
      expect(decodeStrings("data: a\n\n")).toEqual({ events: [ev("a")], pending: false })
      expect(decodeStrings("")).toEqual({ events: [], pending: false })
      expect(decodeStrings("data: a\n\n: trailing comment\n")).toEqual({ events: [ev("a")], pending: false })
      expect(decodeStrings("data: a\r\n\r")).toEqual({ events: [ev("a")], pending: false })
    })

    it("reports an unfinished event as pending and does not dispatch it", () => {
      expect(decodeStrings("data: a\n\ndata: b\n")).toEqual({ events: [ev("a")], pending: true })
      expect(decodeStrings("data: a\n\nevent: x\n")).toEqual({ events: [ev("a")], pending: true })
      expect(decodeStrings("data: a\n\nid: 3\n")).toEqual({ events: [ev("a")], pending: true })
    })

    it("reports an unfinished line as pending", () => {
      expect(decodeStrings("data: a\n\ndata: b")).toEqual({ events: [ev("a")], pending: true })
      expect(decodeStrings("data: a\n\n: ping")).toEqual({ events: [ev("a")], pending: true })
    })

    it("reports an incomplete UTF-8 sequence as pending", () => {
      expect(decodeChunks([bytes("data: a\n\n"), new Uint8Array([0xe2, 0x82])])).toEqual({
        events: [ev("a")],
        pending: true
      })
    })
  })

  describe("properties", () => {
    // Characters of every UTF-8 width, plus the ones the syntax cares about.
    const char = fc.oneof(
      {
        arbitrary: fc.constantFrom(":", " ", "\0", "\ufeff", "\ufffd", "d", "a", "é", "€", "中", "😀", "𝄞"),
        weight: 1
      },
      { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 2 },
      { arbitrary: fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }), weight: 2 }
    )
    const value = fc.string({ unit: char, maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, "_"))
    const fieldName = fc
      .string({ unit: "binary", minLength: 1, maxLength: 6 })
      .map((s) => s.replace(/[\r\n:]/g, "_"))
      .filter((s) => !["data", "event", "id"].includes(s) && !s.startsWith("\ufeff"))

    type Line =
      | { readonly _tag: "data" | "event" | "id" | "retry"; readonly value: string }
      | { readonly _tag: "unknown"; readonly name: string; readonly value: string }
      | { readonly _tag: "comment"; readonly value: string }

    const line: fc.Arbitrary<Line> = fc.oneof(
      { arbitrary: value.map((v) => ({ _tag: "data" as const, value: v })), weight: 6 },
      { arbitrary: value.map((v) => ({ _tag: "event" as const, value: v })), weight: 2 },
      { arbitrary: value.map((v) => ({ _tag: "id" as const, value: v })), weight: 2 },
      { arbitrary: value.map((v) => ({ _tag: "retry" as const, value: v })), weight: 1 },
      { arbitrary: fc.record({ _tag: fc.constant("unknown" as const), name: fieldName, value }), weight: 1 },
      { arbitrary: value.map((v) => ({ _tag: "comment" as const, value: v })), weight: 1 }
    )

    interface Rendered {
      readonly text: string
      readonly newline: "\n" | "\r" | "\r\n"
    }

    // A stream: blocks of lines, each block closed by a blank line, and maybe an unfinished tail.
    const stream = fc.record({
      bom: fc.boolean(),
      blocks: fc.array(fc.array(line, { maxLength: 5 }), { maxLength: 8 }),
      unfinished: fc.option(fc.array(line, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      unfinishedLine: fc.option(value, { nil: undefined }),
      newlines: fc.array(fc.constantFrom("\n" as const, "\r" as const, "\r\n" as const), {
        minLength: 64,
        maxLength: 64
      }),
      styles: fc.array(fc.boolean(), { minLength: 128, maxLength: 128 })
    })
    type Stream = typeof stream extends fc.Arbitrary<infer A> ? A : never

    /** Encode a stream and compute the events it must decode to. */
    const render = (s: Stream): { readonly bytes: Uint8Array; readonly expected: Decoded } => {
      const lines: Array<Rendered> = []
      let k = 0
      const newline = (): "\n" | "\r" | "\r\n" => s.newlines[k % s.newlines.length]!
      const flag = (i: number): boolean => s.styles[(2 * k + i) % s.styles.length]!
      const push = (text: string): void => {
        lines.push({ text, newline: newline() })
        k++
      }
      const field = (name: string, v: string) => {
        // Omitting the space is only faithful when the value does not itself start with one.
        if (v === "" && flag(0)) return push(name)
        if (flag(1) && !v.startsWith(" ")) return push(`${name}:${v}`)
        return push(`${name}: ${v}`)
      }
      const events: Array<SseEvent> = []
      let id: string | undefined
      const block = (ls: ReadonlyArray<Line>): { data: Array<string>; event: string } => {
        const data: Array<string> = []
        let event = ""
        for (const l of ls) {
          switch (l._tag) {
            case "comment":
              push(`:${l.value}`)
              break
            case "unknown":
              field(l.name, l.value)
              break
            default:
              field(l._tag, l.value)
              if (l._tag === "data") data.push(l.value)
              else if (l._tag === "event") event = l.value
              else if (l._tag === "id" && !l.value.includes("\0")) id = l.value
          }
        }
        return { data, event }
      }
      for (const ls of s.blocks) {
        const { data, event } = block(ls)
        push("")
        if (data.length > 0) events.push({ event: event === "" ? "message" : event, data: data.join("\n"), id })
      }
      let pending = false
      if (s.unfinished !== undefined) {
        block(s.unfinished)
        pending = s.unfinished.some((l) => l._tag !== "comment")
      }
      let text = s.bom ? "\ufeff" : ""
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i]!
        let nl = l.newline
        // A CR followed by an empty line ended by LF would read as one CRLF.
        const next = lines[i + 1]
        if (nl === "\r" && next !== undefined && next.text === "" && next.newline === "\n") nl = "\r\n"
        text += l.text + nl
      }
      if (s.unfinishedLine !== undefined && s.unfinishedLine !== "") {
        text += s.unfinishedLine
        pending = true
      }
      return { bytes: bytes(text), expected: { events, pending } }
    }

    const cuts = fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 12 })

    it("decodes any split of an encoded stream to the expected events", () => {
      fc.assert(
        fc.property(stream, cuts, (s, cs) => {
          const { bytes: buf, expected } = render(s)
          const whole = decodeChunks([buf])
          expect(whole).toEqual(expected)
          expect(decodeChunks(split(buf, cs))).toEqual(whole)
        }),
        { numRuns: 400 }
      )
    })

    it("gives the same events for any two splits of the same bytes", () => {
      fc.assert(
        fc.property(stream, cuts, cuts, (s, a, b) => {
          const { bytes: buf } = render(s)
          expect(decodeChunks(split(buf, a))).toEqual(decodeChunks(split(buf, b)))
        }),
        { numRuns: 300 }
      )
    })

    it("agrees with a naive reading of the rules on arbitrary text", () => {
      const token = fc.constantFrom(
        "data",
        "event",
        "id",
        "retry",
        ":",
        " ",
        "\r",
        "\n",
        "\r\n",
        "x",
        "é",
        "😀",
        "\0",
        "\ufeff"
      )
      fc.assert(
        fc.property(fc.array(token, { maxLength: 60 }), cuts, (tokens, cs) => {
          const text = tokens.join("")
          const buf = bytes(text)
          expect(decodeChunks(split(buf, cs))).toEqual(reference(text))
        }),
        { numRuns: 500 }
      )
    })

    it("decodes byte-by-byte like the whole buffer", () => {
      fc.assert(
        fc.property(stream, (s) => {
          const { bytes: buf } = render(s)
          expect(decodeChunks(Array.from(buf, (b) => new Uint8Array([b])))).toEqual(decodeChunks([buf]))
        }),
        { numRuns: 100 }
      )
    })
  })
})
