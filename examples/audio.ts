/**
 * Audio: speech as a byte stream, piped straight into a transcription upload
 * (never buffered whole), then the transcript in every format, and a
 * translation.
 *
 *   npx tsx --conditions=source examples/audio.ts
 */
import { Audio, Uploadable } from "@effect-openai/core"
import { Console, Effect, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

export const program = Effect.gen(function* () {
  const audio = yield* Audio.Audio
  const speech = () =>
    audio.createSpeech({
      model: "tts-1",
      input: "The quick brown fox jumped over the lazy dog.",
      voice: "alloy",
      response_format: "wav"
    })

  const { chunks, bytes } = yield* speech().pipe(
    Stream.runFold({ chunks: 0, bytes: 0 }, (acc, chunk) => ({
      chunks: acc.chunks + 1,
      bytes: acc.bytes + chunk.length
    }))
  )
  yield* Console.log(`speech: ${bytes} bytes of WAV in ${chunks} chunks`)

  // the speech stream is the upload's body: it is requested again and streamed into the multipart request
  const file = Uploadable.fromStream(speech(), "speech.wav")

  const json = yield* Audio.createTranscription({ file, model: "whisper-1" })
  yield* Console.log("json:", json.text)

  const verbose = yield* Audio.createTranscription({
    file,
    model: "whisper-1",
    response_format: "verbose_json",
    timestamp_granularities: ["word", "segment"]
  })
  yield* Console.log(`verbose_json: ${verbose.language}, ${verbose.duration}s,`, verbose.segments?.length, "segments")
  yield* Console.log("first words:", verbose.words?.slice(0, 3))

  const srt = yield* Audio.createTranscription({ file, model: "whisper-1", response_format: "srt" })
  yield* Console.log(`srt:\n${srt}`)
  const vtt = yield* Audio.createTranscription({ file, model: "whisper-1", response_format: "vtt" })
  yield* Console.log(`vtt:\n${vtt}`)

  const translation = yield* Audio.createTranslation({ file, model: "whisper-1", response_format: "text" })
  yield* Console.log("translation (text):", translation.trim())
})

if (isMain(import.meta.url)) await run("audio", program)
