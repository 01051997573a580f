/**
 * How every example runs: against the real API when OPENAI_API_KEY is set,
 * otherwise against the local mock server, started in-process on 127.0.0.1.
 */
import type { OpenAi } from "@effect-openai/core"
import * as MockServer from "@effect-openai/mock-server"
import { NodeOpenAi } from "@effect-openai/node"
import { Console, Effect, Layer, Redacted } from "effect"

/** Is this run offline, against the mock server? */
export const offline = process.env.OPENAI_API_KEY === undefined || process.env.OPENAI_API_KEY === ""

/** Every OpenAI service: the real API with a key, else the mock server. */
export const OpenAiLive: Layer.Layer<OpenAi.Services> = offline
  ? Layer.unwrapScoped(
      Effect.map(MockServer.make(), (server) =>
        NodeOpenAi.layer({ apiKey: Redacted.make("sk-mock"), baseUrl: server.baseUrl })
      )
    )
  : Layer.orDie(NodeOpenAi.layerConfig())

/** Runs one example with a heading; returns a promise for the runner. */
export const run = <A, E>(name: string, program: Effect.Effect<A, E, OpenAi.Services>): Promise<void> =>
  Effect.runPromise(
    Console.log(`\n=== ${name} (${offline ? "offline: local mock server" : "live: api.openai.com"}) ===`).pipe(
      Effect.zipRight(program),
      Effect.provide(OpenAiLive),
      Effect.asVoid
    )
  )

/** True when the file was started directly (`tsx examples/chat.ts`), not imported. */
export const isMain = (url: string) =>
  process.argv[1] !== undefined && url.endsWith(process.argv[1].replace(/\\/g, "/"))
