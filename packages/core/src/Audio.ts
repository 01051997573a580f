/**
 * Audio: turn text into speech (a byte stream, never buffered whole),
 * transcribe audio in its own language, and translate audio into English.
 * Transcriptions and translations upload the audio as `multipart/form-data`,
 * streamed, and come back in the `response_format` asked for: `json` and
 * `verbose_json` as decoded objects, `text`, `srt` and `vtt` as strings; the
 * return type follows the format. API reference: "Audio".
 *
 * @example
 * ```ts
 * import { Audio, Uploadable } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const speech = Audio.createSpeech({ model: "tts-1", input: "Hello there!", voice: "alloy" })
 *   // Stream<Uint8Array>: the MP3 bytes as they arrive
 *   const size = yield* speech.pipe(Stream.runFold(0, (n, chunk) => n + chunk.length))
 *
 *   const verbose = yield* Audio.createTranscription({
 *     file: Uploadable.fromBytes(mp3, "speech.mp3"),
 *     model: "whisper-1",
 *     response_format: "verbose_json",
 *     timestamp_granularities: ["word", "segment"]
 *   })
 *   // { language: "english", duration: 8.47, text: "The beach was a popular spot…",
 *   //   words: [{ word: "The", start: 0, end: 0.24 }, …], segments: [{ id: 0, start: 0, end: 3.32, text: "…", … }] }
 *
 *   const subtitles = yield* Audio.createTranscription({ file: Uploadable.fromBytes(mp3, "speech.mp3"), model: "whisper-1", response_format: "srt" })
 *   // "1\n00:00:00,000 --> 00:00:03,320\nThe beach was a popular spot…\n\n"
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Generated from "./generated/Audio.js"
import * as Params from "./internal/params.js"
import { OpenAiClient, type Operation } from "./OpenAiClient.js"
import type { OpenAiError } from "./OpenAiError.js"

/**
 * The output formats of transcriptions and translations.
 *
 * @since 0.1.0
 * @category models
 */
export type TranscriptFormat = "json" | "text" | "srt" | "verbose_json" | "vtt"

/**
 * A transcription in `json` format (the default): `{ text }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Transcription = Generated.CreateTranscriptionResponseJson
/**
 * @since 0.1.0
 * @category models
 */
export type Transcription = Generated.CreateTranscriptionResponseJson

/**
 * A transcription in `verbose_json` format: `{ language, duration, text, words?, segments? }`;
 * `words` and `segments` come with the matching `timestamp_granularities`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TranscriptionVerbose = Generated.CreateTranscriptionResponseVerboseJson
/**
 * @since 0.1.0
 * @category models
 */
export type TranscriptionVerbose = Generated.CreateTranscriptionResponseVerboseJson

/**
 * A segment of a verbose transcript: `{ id, seek, start, end, text, tokens, temperature, avg_logprob, compression_ratio, no_speech_prob }`.
 *
 * @since 0.1.0
 * @category models
 */
export type TranscriptionSegment = Generated.TranscriptionSegment

/**
 * A word of a verbose transcript: `{ word, start, end }`.
 *
 * @since 0.1.0
 * @category models
 */
export type TranscriptionWord = Generated.TranscriptionWord

/**
 * A translation in `json` format (the default): `{ text }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Translation = Generated.CreateTranslationResponseJson
/**
 * @since 0.1.0
 * @category models
 */
export type Translation = Generated.CreateTranslationResponseJson

/**
 * A translation in `verbose_json` format: `{ language: "english", duration, text, segments? }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TranslationVerbose = Generated.CreateTranslationResponseVerboseJson
/**
 * @since 0.1.0
 * @category models
 */
export type TranslationVerbose = Generated.CreateTranslationResponseVerboseJson

/**
 * What a transcription in format `F` returns: a string for `text`, `srt`
 * and `vtt`, `TranscriptionVerbose` for `verbose_json`, else `Transcription`.
 *
 * @since 0.1.0
 * @category models
 */
export type TranscriptionResult<F extends TranscriptFormat | undefined> = F extends "verbose_json"
  ? TranscriptionVerbose
  : F extends "text" | "srt" | "vtt"
    ? string
    : Transcription

/**
 * What a translation in format `F` returns: a string for `text`, `srt` and
 * `vtt`, `TranslationVerbose` for `verbose_json`, else `Translation`.
 *
 * @since 0.1.0
 * @category models
 */
export type TranslationResult<F extends TranscriptFormat | undefined> = F extends "verbose_json"
  ? TranslationVerbose
  : F extends "text" | "srt" | "vtt"
    ? string
    : Translation

/**
 * The parameters of `createSpeech`: `{ model, input, voice, response_format?, speed? }`.
 * Fields the schema does not know are sent unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateSpeechParams = Generated.CreateSpeechRequest & { readonly [extra: string]: unknown }

/**
 * The parameters of `createTranscription`: `{ file, model, language?, prompt?, response_format?, temperature?, timestamp_granularities? }`.
 * `file` takes a `Blob`, a `File`, or an `Uploadable`; `timestamp_granularities`
 * (with `verbose_json`) is sent as repeated `timestamp_granularities[]` fields.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateTranscriptionParams<F extends TranscriptFormat | undefined = TranscriptFormat | undefined> = Omit<
  Generated.CreateTranscriptionRequest,
  "response_format" | "timestamp_granularities[]"
> & {
  readonly response_format?: F
  readonly timestamp_granularities?: ReadonlyArray<"word" | "segment"> | undefined
} & { readonly [extra: string]: unknown }

/**
 * The parameters of `createTranslation`: `{ file, model, prompt?, response_format?, temperature? }`.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateTranslationParams<F extends TranscriptFormat | undefined = TranscriptFormat | undefined> = Omit<
  Generated.CreateTranslationRequest,
  "response_format"
> & { readonly response_format?: F } & { readonly [extra: string]: unknown }

const { "timestamp_granularities[]": timestampGranularities, ...transcriptionFields } =
  Generated.CreateTranscriptionRequest.fields

/**
 * The request schema of `createTranscription`, used to validate before
 * sending. The spec names the field `timestamp_granularities[]` (its form
 * field name); here it is `timestamp_granularities`, and the multipart
 * encoding adds the brackets.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateTranscriptionRequest = Schema.Struct({
  ...transcriptionFields,
  timestamp_granularities: timestampGranularities
}).annotations({ identifier: "CreateTranscriptionRequest" })

/**
 * The Audio service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `POST /audio/speech` (createSpeech): the audio as a byte stream, never buffered whole */
  readonly createSpeech: (params: CreateSpeechParams) => Stream.Stream<Uint8Array, OpenAiError>
  /** `POST /audio/transcriptions` (createTranscription), multipart, streamed */
  readonly createTranscription: <F extends TranscriptFormat | undefined = undefined>(
    params: CreateTranscriptionParams<F>
  ) => Effect.Effect<TranscriptionResult<F>, OpenAiError>
  /** `POST /audio/translations` (createTranslation), multipart, streamed */
  readonly createTranslation: <F extends TranscriptFormat | undefined = undefined>(
    params: CreateTranslationParams<F>
  ) => Effect.Effect<TranslationResult<F>, OpenAiError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Audio extends Context.Tag("@effect-openai/core/Audio")<Audio, Service>() {}

const textFormats: ReadonlySet<unknown> = new Set(["text", "srt", "vtt"])

/** Accepts the spec's spelling `timestamp_granularities[]` too (it would otherwise be sent with doubled brackets). */
const transcriptionValue = (params: unknown) => {
  if (!Params.isRecord(params)) return params
  const { "timestamp_granularities[]": bracketed, ...rest } = params
  return bracketed === undefined || rest.timestamp_granularities !== undefined
    ? rest
    : { ...rest, timestamp_granularities: bracketed }
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OpenAiClient> = Effect.map(OpenAiClient, (client) => {
  /** Reads the response the way its format says: text, or JSON with the plain or verbose schema. */
  const transcript = <A, V>(
    operation: Operation,
    format: unknown,
    json: Schema.Schema<A, any>,
    verbose: Schema.Schema<V, any>
  ): Effect.Effect<any, OpenAiError> =>
    textFormats.has(format)
      ? client.text(operation)
      : format === "verbose_json"
        ? client.json(operation, verbose)
        : client.json(operation, json)
  return {
    createSpeech: (params) =>
      client.bytes({
        operationId: "createSpeech",
        method: "POST",
        path: "/audio/speech",
        body: { _tag: "Json", schema: Generated.CreateSpeechRequest, value: params }
      }),
    createTranscription: (params) =>
      transcript(
        {
          operationId: "createTranscription",
          method: "POST",
          path: "/audio/transcriptions",
          body: { _tag: "Multipart", schema: CreateTranscriptionRequest, value: transcriptionValue(params) }
        },
        Params.field(params, "response_format"),
        Transcription,
        TranscriptionVerbose
      ),
    createTranslation: (params) =>
      transcript(
        {
          operationId: "createTranslation",
          method: "POST",
          path: "/audio/translations",
          body: { _tag: "Multipart", schema: Generated.CreateTranslationRequest, value: params }
        },
        Params.field(params, "response_format"),
        Translation,
        TranslationVerbose
      )
  }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Audio, never, OpenAiClient> = Layer.effect(Audio, make)

/**
 * Generates speech from text: the audio bytes (`mp3` unless
 * `response_format` says `opus`, `aac`, `flac`, `wav` or `pcm`) as a stream,
 * never buffered whole. Interrupting the stream aborts the request.
 *
 * @example
 * ```ts
 * import { Audio } from "@effect-openai/core"
 * import { NodeSink } from "@effect/platform-node"
 * import { Stream } from "effect"
 * import { createWriteStream } from "node:fs"
 *
 * const saved = Audio.createSpeech({
 *   model: "tts-1",
 *   input: "The quick brown fox jumped over the lazy dog.",
 *   voice: "alloy"
 * }).pipe(Stream.run(NodeSink.fromWritable(() => createWriteStream("speech.mp3"), (e) => e)))
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const createSpeech = (params: CreateSpeechParams): Stream.Stream<Uint8Array, OpenAiError, Audio> =>
  Stream.unwrap(Effect.map(Audio, (s) => s.createSpeech(params)))

/**
 * Transcribes audio in its own language. The result follows
 * `response_format`: `{ text }` for `json` (the default), the verbose object
 * with `words` and `segments` for `verbose_json`, a string for `text`, `srt`
 * and `vtt`.
 *
 * @example
 * ```ts
 * import { Audio } from "@effect-openai/core"
 *
 * const file = new File([mp3], "speech.mp3", { type: "audio/mpeg" })
 * Audio.createTranscription({ file, model: "whisper-1" })
 * // Effect<Transcription>: { text: "Imagine the wildest idea that you've ever had…" }
 * Audio.createTranscription({ file, model: "whisper-1", response_format: "verbose_json", timestamp_granularities: ["word"] })
 * // Effect<TranscriptionVerbose>: { language: "english", duration: 8.47, text: "…", words: [{ word: "The", start: 0, end: 0.24 }, …] }
 * Audio.createTranscription({ file, model: "whisper-1", response_format: "vtt" })
 * // Effect<string>: "WEBVTT\n\n00:00:00.000 --> 00:00:03.320\nImagine the wildest idea…\n\n"
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const createTranscription = <F extends TranscriptFormat | undefined = undefined>(
  params: CreateTranscriptionParams<F>
): Effect.Effect<TranscriptionResult<F>, OpenAiError, Audio> =>
  Effect.flatMap(Audio, (s) => s.createTranscription(params))

/**
 * Translates audio into English. The result follows `response_format`, like
 * `createTranscription`'s.
 *
 * @example
 * ```ts
 * import { Audio, Uploadable } from "@effect-openai/core"
 *
 * Audio.createTranslation({ file: Uploadable.fromBytes(m4a, "german.m4a"), model: "whisper-1" })
 * // Effect<Translation>: { text: "Hello, my name is Wolfgang and I come from Germany. Where are you heading today?" }
 * Audio.createTranslation({ file: Uploadable.fromBytes(m4a, "german.m4a"), model: "whisper-1", response_format: "text" })
 * // Effect<string>: "Hello, my name is Wolfgang and I come from Germany. Where are you heading today?\n"
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const createTranslation = <F extends TranscriptFormat | undefined = undefined>(
  params: CreateTranslationParams<F>
): Effect.Effect<TranslationResult<F>, OpenAiError, Audio> => Effect.flatMap(Audio, (s) => s.createTranslation(params))
