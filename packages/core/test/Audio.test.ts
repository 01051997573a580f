import { describe, expect, it } from "@effect/vitest"
import { Testing, Uploadable } from "@effect-openai/core"
import * as Audio from "@effect-openai/core/Audio"
import { Chunk, Effect, Layer, Stream } from "effect"
import { expectTypeOf } from "vitest"

const TestLayer = Audio.layer.pipe(Layer.provideMerge(Testing.layer()))

const mp3 = () => Uploadable.fromBytes(new TextEncoder().encode("ID3 fake mp3"), "speech.mp3")

const segment = {
  id: 0,
  seek: 0,
  start: 0,
  end: 3.32,
  text: " The beach was a popular spot.",
  tokens: [50364, 440, 7534],
  temperature: 0,
  avg_logprob: -0.28,
  compression_ratio: 1.23,
  no_speech_prob: 0.004
}

const verbose = {
  task: "transcribe",
  language: "english",
  duration: 8.47,
  text: "The beach was a popular spot.",
  words: [
    { word: "The", start: 0, end: 0.24 },
    { word: "beach", start: 0.24, end: 0.56 }
  ],
  segments: [segment]
}

const srt = "1\n00:00:00,000 --> 00:00:03,320\nThe beach was a popular spot.\n\n"

describe("Audio.createSpeech", () => {
  it.effect("POST /audio/speech with a JSON body; the audio as a multi-chunk byte stream", () =>
    Effect.gen(function* () {
      const parts = [new Uint8Array([0x52, 0x49, 0x46, 0x46]), new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])]
      yield* Testing.enqueue(Testing.bytes(parts, { headers: { "content-type": "audio/wav" } }))
      const chunks = yield* Stream.runCollect(
        Audio.createSpeech({
          model: "tts-1",
          input: "Hello there!",
          voice: "alloy",
          response_format: "wav",
          speed: 1.25
        })
      )
      expect(Chunk.toReadonlyArray(chunks)).toEqual(parts)
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.url}`).toBe("POST https://api.openai.test/v1/audio/speech")
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.headers.accept).toBe("application/octet-stream")
      expect(request.body).toEqual({
        model: "tts-1",
        input: "Hello there!",
        voice: "alloy",
        response_format: "wav",
        speed: 1.25
      })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("an error status fails the stream with the tagged error", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.apiError(400, { message: "input too long", param: "input" }))
      const error = yield* Audio.createSpeech({ model: "tts-1-hd", input: "x", voice: "nova" }).pipe(
        Stream.runDrain,
        Effect.flip
      )
      expect(error._tag).toBe("BadRequestError")
    }).pipe(Effect.provide(TestLayer))
  )
})

describe("Audio.createTranscription", () => {
  it.effect("multipart with the file and fields; json (the default) decodes { text }", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json({ text: "The beach was a popular spot." }))
      const result = yield* Audio.createTranscription({
        file: mp3(),
        model: "whisper-1",
        language: "en",
        prompt: "beach",
        temperature: 0.2
      })
      expect(result).toEqual({ text: "The beach was a popular spot." })
      const request = yield* Testing.lastRequest
      expect(`${request.method} ${request.path}`).toBe("POST /v1/audio/transcriptions")
      expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/)
      expect(request.body).toEqual({
        file: { filename: "speech.mp3", contentType: "audio/mpeg", size: 12, text: "ID3 fake mp3" },
        model: "whisper-1",
        language: "en",
        prompt: "beach",
        temperature: "0.2"
      })
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("verbose_json with timestamp_granularities[] fields decodes words and segments", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json(verbose), Testing.json(verbose))
      const result = yield* Audio.createTranscription({
        file: mp3(),
        model: "whisper-1",
        response_format: "verbose_json",
        timestamp_granularities: ["word", "segment"]
      })
      expect(result.duration).toBe(8.47)
      expect(result.words?.[1]).toEqual({ word: "beach", start: 0.24, end: 0.56 })
      expect(result.segments?.[0]?.no_speech_prob).toBe(0.004)
      // the spec's spelling of the field works too
      yield* Audio.createTranscription({
        file: mp3(),
        model: "whisper-1",
        response_format: "verbose_json",
        "timestamp_granularities[]": ["word"]
      })
      const [both, one] = yield* Testing.requests
      expect(both!.body["timestamp_granularities[]"]).toEqual(["word", "segment"])
      expect(both!.body.response_format).toBe("verbose_json")
      expect(one!.body["timestamp_granularities[]"]).toBe("word")
      expect(Object.keys(one!.body).filter((k) => k.startsWith("timestamp"))).toEqual(["timestamp_granularities[]"])
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("text, srt and vtt come back as strings", () =>
    Effect.gen(function* () {
      const vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:03.320\nThe beach was a popular spot.\n\n"
      yield* Testing.enqueue(Testing.text("The beach was a popular spot.\n"), Testing.text(srt), Testing.text(vtt))
      const file = new File(["RIFF"], "speech.wav", { type: "audio/wav" })
      expect(yield* Audio.createTranscription({ file, model: "whisper-1", response_format: "text" })).toBe(
        "The beach was a popular spot.\n"
      )
      expect(yield* Audio.createTranscription({ file, model: "whisper-1", response_format: "srt" })).toBe(srt)
      expect(yield* Audio.createTranscription({ file, model: "whisper-1", response_format: "vtt" })).toBe(vtt)
      const formats = (yield* Testing.requests).map((r) => r.body.response_format)
      expect(formats).toEqual(["text", "srt", "vtt"])
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("a verbose_json answer missing a required field is a ResponseDecodeError", () =>
    Effect.gen(function* () {
      yield* Testing.enqueue(Testing.json({ text: "only text" }))
      const error = yield* Effect.flip(
        Audio.createTranscription({ file: mp3(), model: "whisper-1", response_format: "verbose_json" })
      )
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(TestLayer))
  )

  it.effect("rejects bad input before sending, naming the field", () =>
    Effect.gen(function* () {
      const noFile = yield* Effect.flip(Audio.createTranscription({ model: "whisper-1" } as never))
      expect(noFile._tag === "InvalidRequestError" && noFile.field).toBe("file")
      const badGranularity = yield* Effect.flip(
        Audio.createTranscription({
          file: mp3(),
          model: "whisper-1",
          response_format: "verbose_json",
          timestamp_granularities: ["sentence" as never]
        })
      )
      expect(badGranularity._tag === "InvalidRequestError" && badGranularity.field).toBe("timestamp_granularities[0]")
      const badFormat = yield* Effect.flip(
        Audio.createTranscription({ file: mp3(), model: "whisper-1", response_format: "docx" as never })
      )
      expect(badFormat._tag === "InvalidRequestError" && badFormat.field).toBe("response_format")
      const badVoice = yield* Effect.flip(
        Stream.runDrain(Audio.createSpeech({ model: "tts-1", input: "x", voice: "robot" as never }))
      )
      expect(badVoice._tag === "InvalidRequestError" && badVoice.field).toBe("voice")
      yield* Testing.assertNothingSent
    }).pipe(Effect.provide(TestLayer))
  )
})

describe("Audio.createTranslation", () => {
  it.effect("multipart POST /audio/translations in json, verbose_json and srt", () =>
    Effect.gen(function* () {
      const { words: _, ...translated } = verbose
      yield* Testing.enqueue(
        Testing.json({ text: "Hello, my name is Wolfgang." }),
        Testing.json({ ...translated, task: "translate" }),
        Testing.text(srt)
      )
      const file = Uploadable.fromBytes(new Uint8Array([0, 0, 0, 0x20]), "german.m4a")
      const json = yield* Audio.createTranslation({ file, model: "whisper-1", prompt: "names" })
      expect(json.text).toBe("Hello, my name is Wolfgang.")
      const verboseResult = yield* Audio.createTranslation({
        file,
        model: "whisper-1",
        response_format: "verbose_json"
      })
      expect(verboseResult.segments?.[0]?.end).toBe(3.32)
      expect(verboseResult.language).toBe("english")
      const text = yield* Audio.createTranslation({ file, model: "whisper-1", response_format: "srt", temperature: 0 })
      expect(text).toBe(srt)
      const [first, , third] = yield* Testing.requests
      expect(`${first!.method} ${first!.path}`).toBe("POST /v1/audio/translations")
      expect(first!.body).toEqual({
        file: { filename: "german.m4a", contentType: "audio/mp4", size: 4, text: "\0\0\0 " },
        model: "whisper-1",
        prompt: "names"
      })
      expect(third!.body).toMatchObject({ response_format: "srt", temperature: "0" })
    }).pipe(Effect.provide(TestLayer))
  )
})

type Success<T> = T extends Effect.Effect<infer A, any, any> ? A : never

describe("Audio types", () => {
  it("the return type follows response_format", () => {
    const file = new Blob([])
    const model = "whisper-1"
    const json = Audio.createTranscription({ file, model })
    const srt = Audio.createTranscription({ file, model, response_format: "srt" })
    const text = Audio.createTranscription({ file, model, response_format: "text" })
    const verbose = Audio.createTranscription({ file, model, response_format: "verbose_json" })
    const any = Audio.createTranscription({ file, model, response_format: "vtt" as Audio.TranscriptFormat })
    expectTypeOf<Success<typeof json>>().toEqualTypeOf<Audio.Transcription>()
    expectTypeOf<Success<typeof srt>>().toEqualTypeOf<string>()
    expectTypeOf<Success<typeof text>>().toEqualTypeOf<string>()
    expectTypeOf<Success<typeof verbose>>().toEqualTypeOf<Audio.TranscriptionVerbose>()
    expectTypeOf<Success<typeof any>>().toEqualTypeOf<string | Audio.Transcription | Audio.TranscriptionVerbose>()
    const translation = Audio.createTranslation({ file, model, response_format: "json" })
    const verboseTranslation = Audio.createTranslation({ file, model, response_format: "verbose_json" })
    const vttTranslation = Audio.createTranslation({ file, model, response_format: "vtt" })
    expectTypeOf<Success<typeof translation>>().toEqualTypeOf<Audio.Translation>()
    expectTypeOf<Success<typeof verboseTranslation>>().toEqualTypeOf<Audio.TranslationVerbose>()
    expectTypeOf<Success<typeof vttTranslation>>().toEqualTypeOf<string>()
  })
})
