/**
 * Audio: `POST /v1/audio/speech` streams audio bytes in several writes (a
 * real WAV or PCM tone; MP3, Opus, AAC and FLAC shaped bytes), with the
 * content type of the `response_format`. `POST /v1/audio/transcriptions`
 * and `/v1/audio/translations` (multipart) answer in every
 * `response_format`: `json`, `verbose_json` (segments, and words with
 * `timestamp_granularities[]=word`), and `text`, `srt`, `vtt` as text.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Stream from "effect/Stream"
import { badParam, bodyRecord, handle, json, type RequestInfo } from "../kit.js"
import { hash32 } from "../text.js"

// ---------------------------------------------------------------------------
// speech
// ---------------------------------------------------------------------------

const voices = new Set(["alloy", "echo", "fable", "onyx", "nova", "shimmer"])

const contentTypes: Readonly<Record<string, string>> = {
  mp3: "audio/mpeg",
  opus: "audio/opus",
  aac: "audio/aac",
  flac: "audio/flac",
  wav: "audio/wav",
  pcm: "audio/pcm"
}

/** The API's PCM: 24 kHz, 16-bit signed little-endian, mono. */
const SAMPLE_RATE = 24_000
/** The size of each write of the response body. */
const WRITE_BYTES = 4096

/** A quiet 440 Hz tone as raw PCM. */
const tone = (seconds: number): Uint8Array => {
  const samples = Math.round(seconds * SAMPLE_RATE)
  const view = new DataView(new ArrayBuffer(samples * 2))
  for (let i = 0; i < samples; i++) {
    view.setInt16(i * 2, Math.round(Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE) * 2000), true)
  }
  return new Uint8Array(view.buffer)
}

/** A RIFF/WAVE file around PCM samples. */
const wav = (pcm: Uint8Array): Uint8Array => {
  const out = new Uint8Array(44 + pcm.byteLength)
  const view = new DataView(out.buffer)
  const ascii = (offset: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[offset + i] = s.charCodeAt(i)
  }
  ascii(0, "RIFF")
  view.setUint32(4, 36 + pcm.byteLength, true)
  ascii(8, "WAVE")
  ascii(12, "fmt ")
  view.setUint32(16, 16, true)
  view.setUint16(20, 1, true) // PCM
  view.setUint16(22, 1, true) // mono
  view.setUint32(24, SAMPLE_RATE, true)
  view.setUint32(28, SAMPLE_RATE * 2, true)
  view.setUint16(32, 2, true)
  view.setUint16(34, 16, true)
  ascii(36, "data")
  view.setUint32(40, pcm.byteLength, true)
  out.set(pcm, 44)
  return out
}

/** Bytes shaped like a compressed format: its signature, then `frames` repeated frame headers with empty payloads. */
const shaped = (header: ReadonlyArray<number>, frame: ReadonlyArray<number>, frameBytes: number, frames: number) => {
  const out = new Uint8Array(header.length + frames * frameBytes)
  out.set(header)
  for (let i = 0; i < frames; i++) out.set(frame, header.length + i * frameBytes)
  return out
}

const audioBytes = (format: string, seconds: number): Uint8Array => {
  switch (format) {
    case "wav":
      return wav(tone(seconds))
    case "pcm":
      return tone(seconds)
    case "opus":
      return shaped([0x4f, 0x67, 0x67, 0x53], [0x4f, 0x67, 0x67, 0x53, 0x00], 200, Math.ceil(seconds / 0.02))
    case "aac":
      return shaped([], [0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc], 256, Math.ceil(seconds / 0.0213))
    case "flac":
      return shaped([0x66, 0x4c, 0x61, 0x43], [0xff, 0xf8, 0x69, 0x08], 1024, Math.ceil(seconds / 0.0853))
    default:
      // ID3v2 tag, then MPEG-1 layer III frames (128 kbps, 44.1 kHz: 417 bytes each)
      return shaped(
        [0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0],
        [0xff, 0xfb, 0x90, 0x64],
        417,
        Math.ceil(seconds / 0.0261)
      )
  }
}

const writes = (bytes: Uint8Array): Stream.Stream<Uint8Array> =>
  Stream.suspend(() => {
    const parts: Array<Uint8Array> = []
    for (let i = 0; i < bytes.byteLength; i += WRITE_BYTES) parts.push(bytes.subarray(i, i + WRITE_BYTES))
    return Stream.fromIteratorSucceed(parts.values(), 1)
  })

// ---------------------------------------------------------------------------
// transcriptions and translations
// ---------------------------------------------------------------------------

const formats = new Set(["json", "text", "srt", "verbose_json", "vtt"])
const granularities = new Set(["word", "segment"])
const languages: Readonly<Record<string, string>> = {
  en: "english",
  de: "german",
  fr: "french",
  es: "spanish",
  it: "italian",
  ja: "japanese"
}

const SECONDS_PER_WORD = 0.3

interface Timed {
  readonly text: string
  readonly start: number
  readonly end: number
}

const round = (n: number) => Math.round(n * 100) / 100

/** The transcript's sentences and words, timed at a steady pace. */
const timeline = (text: string) => {
  const words: Array<Timed> = []
  const segments: Array<Timed> = []
  let t = 0
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    const start = t
    for (const word of sentence.trim().split(/\s+/)) {
      words.push({ text: word.replace(/[.,!?]+$/, ""), start: round(t), end: round(t + SECONDS_PER_WORD) })
      t += SECONDS_PER_WORD
    }
    segments.push({ text: ` ${sentence.trim()}`, start: round(start), end: round(t) })
  }
  return { words, segments, duration: round(t) }
}

const clock = (seconds: number, separator: string) => {
  const ms = Math.round(seconds * 1000)
  const pad = (n: number, width = 2) => String(n).padStart(width, "0")
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor(ms / 60_000) % 60
  const s = Math.floor(ms / 1000) % 60
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`
}

const subtitles = (segments: ReadonlyArray<Timed>, format: "srt" | "vtt") => {
  const cues = segments.map((s, i) => {
    const sep = format === "srt" ? "," : "."
    const cue = `${clock(s.start, sep)} --> ${clock(s.end, sep)}\n${s.text.trim()}\n`
    return format === "srt" ? `${i + 1}\n${cue}` : cue
  })
  return format === "srt" ? `${cues.join("\n")}\n` : `WEBVTT\n\n${cues.join("\n")}\n`
}

/** Multipart fields arrive as strings, repeated fields as arrays. */
const strings = (u: unknown): ReadonlyArray<unknown> => (u === undefined ? [] : Array.isArray(u) ? u : [u])

const transcript = (task: "transcribe" | "translate") =>
  handle((info) => {
    const body = bodyRecord(info.body)
    const file = body.file as { filename?: unknown; size?: unknown } | undefined
    if (typeof file !== "object" || file === null || typeof file.filename !== "string") {
      return badParam("file", "A file is required: send it as multipart/form-data.")
    }
    if (typeof body.model !== "string" || body.model === "") {
      return badParam("model", "Missing required parameter: 'model'.")
    }
    const format = body.response_format ?? "json"
    if (typeof format !== "string" || !formats.has(format)) {
      return badParam("response_format", `Invalid 'response_format': expected one of ${[...formats].join(", ")}.`)
    }
    const temperature = body.temperature === undefined ? 0 : Number(body.temperature)
    if (!(temperature >= 0 && temperature <= 1)) {
      return badParam("temperature", "Invalid 'temperature': expected a number between 0 and 1.")
    }
    const wanted = strings(body["timestamp_granularities[]"])
    if (wanted.some((g) => typeof g !== "string" || !granularities.has(g))) {
      return badParam("timestamp_granularities", "Invalid 'timestamp_granularities': expected 'word' or 'segment'.")
    }
    if (wanted.length > 0 && format !== "verbose_json") {
      return badParam("timestamp_granularities", "'timestamp_granularities' requires response_format=verbose_json.")
    }
    const name = file.filename
    const text =
      task === "transcribe"
        ? `This is a mock transcription of ${name}. The audio was ${String(file.size ?? 0)} bytes long.`
        : `This is a mock translation of ${name} into English. The audio was ${String(file.size ?? 0)} bytes long.`
    if (format === "json") return json(200, { text })
    if (format === "text") return HttpServerResponse.text(`${text}\n`, { contentType: "text/plain; charset=utf-8" })
    const { words, segments, duration } = timeline(text)
    if (format === "srt") return HttpServerResponse.text(subtitles(segments, "srt"), { contentType: "text/plain" })
    if (format === "vtt") return HttpServerResponse.text(subtitles(segments, "vtt"), { contentType: "text/vtt" })
    const language =
      task === "translate" ? "english" : (languages[String(body.language ?? "en")] ?? String(body.language))
    const withSegments = task === "translate" || wanted.length === 0 || wanted.includes("segment")
    let seek = 0
    return json(200, {
      task,
      language,
      duration,
      text,
      ...(wanted.includes("word") ? { words: words.map((w) => ({ word: w.text, start: w.start, end: w.end })) } : {}),
      ...(withSegments
        ? {
            segments: segments.map((s, id) => {
              const tokens = s.text
                .trim()
                .split(/\s+/)
                .map((w) => 50_000 + (hash32(w) % 1000))
              const segment = {
                id,
                seek,
                start: s.start,
                end: s.end,
                text: s.text,
                tokens,
                temperature,
                avg_logprob: -0.25,
                compression_ratio: 1.2,
                no_speech_prob: 0.001
              }
              seek += tokens.length
              return segment
            })
          }
        : {})
    })
  })

export const audio: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/audio/speech",
    handle((info) => {
      const body = bodyRecord(info.body)
      if (typeof body.model !== "string" || body.model === "") {
        return badParam("model", "Missing required parameter: 'model'.")
      }
      const input = body.input
      if (typeof input !== "string" || input === "" || input.length > 4096) {
        return badParam("input", "Invalid 'input': expected a string of 1 to 4096 characters.")
      }
      if (typeof body.voice !== "string" || !voices.has(body.voice)) {
        return badParam("voice", `Invalid 'voice': expected one of ${[...voices].join(", ")}.`)
      }
      const format = body.response_format ?? "mp3"
      const contentType = typeof format === "string" ? contentTypes[format] : undefined
      if (contentType === undefined) {
        return badParam("response_format", `Invalid 'response_format': expected one of mp3, opus, aac, flac, wav, pcm.`)
      }
      const speed = body.speed ?? 1
      if (typeof speed !== "number" || !(speed >= 0.25 && speed <= 4)) {
        return badParam("speed", "Invalid 'speed': expected a number between 0.25 and 4.0.")
      }
      const seconds = Math.min(30, Math.max(0.2, (input.length * 0.06) / speed))
      return HttpServerResponse.stream(writes(audioBytes(format as string, seconds)), { contentType })
    })
  ),
  HttpRouter.post("/v1/audio/transcriptions", transcript("transcribe")),
  HttpRouter.post("/v1/audio/translations", transcript("translate"))
)
