/**
 * Audio: the spec's request examples of createSpeech (JSON, the audio read
 * as a byte stream), createTranscription and createTranslation (multipart
 * uploads).
 *
 * Prism answers every transcription with the first `oneOf` branch (`{ text }`),
 * so the case asks for `json`; the verbose and text formats are tested against
 * the test kit and the mock server. `timestamp_granularities[]` is sent as
 * repeated multipart fields, which Prism reads as an array once the served
 * spec declares their encoding (see `addMultipartArrayEncoding` in prism.ts).
 */
import { Uploadable } from "@effect-openai/core"
import * as Audio from "@effect-openai/core/Audio"
import { Stream } from "effect"
import type { Case } from "../case.js"

/** An ID3 tag's header: the start of an MP3 file. */
const mp3 = new Uint8Array([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0])

export const cases: ReadonlyArray<Case> = [
  {
    operationId: "createSpeech",
    run: Audio.createSpeech({
      model: "tts-1",
      input: "The quick brown fox jumped over the lazy dog.",
      voice: "alloy"
    }).pipe(Stream.runFold(0, (n, chunk) => n + chunk.length))
  },
  {
    operationId: "createTranscription",
    run: Audio.createTranscription({
      file: Uploadable.fromBytes(mp3, "audio.mp3"),
      model: "whisper-1",
      language: "en",
      response_format: "json",
      temperature: 0,
      timestamp_granularities: ["word", "segment"]
    })
  },
  {
    operationId: "createTranslation",
    run: Audio.createTranslation({ file: Uploadable.fromBytes(mp3, "german.m4a"), model: "whisper-1" })
  }
]
