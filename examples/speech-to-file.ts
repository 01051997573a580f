/**
 * Text to speech, written to a file as the audio arrives: NodeSink streams
 * the bytes to disk (never buffered whole) and returns their count. The file
 * goes to the system's temporary folder.
 *
 *   npx tsx --conditions=source examples/speech-to-file.ts
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { Audio } from "@effect-openai/core"
import * as NodeSink from "@effect-openai/node/NodeSink"
import { Console, Effect } from "effect"
import { isMain, run } from "./_runtime.js"

export const program = Effect.gen(function* () {
  const path = Path.join(Os.tmpdir(), "effect-openai-speech.wav")
  const bytes = yield* Audio.createSpeech({
    model: "tts-1",
    voice: "alloy",
    input: "Effect streams the audio straight to disk.",
    response_format: "wav"
  }).pipe(NodeSink.writeFile(path))
  const header = Fs.readFileSync(path).subarray(0, 4).toString("latin1")
  yield* Console.log(`wrote ${bytes} bytes to ${path} (${header} header, ${Fs.statSync(path).size} bytes on disk)`)
})

if (isMain(import.meta.url)) await run("speech-to-file", program)
