/**
 * Byte streams over real sockets, written to disk with NodeSink: a body far
 * larger than the memory allowed (512 MiB through a child Node process with
 * a 96 MB heap) leaves the child's peak RSS close to what it had before the
 * download, and stopping a download (interruption, or a file
 * that cannot be written) closes its socket on the server and leaves no
 * file behind. The server is a tiny `node:http` one on 127.0.0.1 that makes
 * its bytes on the fly.
 */
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Files, OpenAi, type OpenAiConfig } from "@effect-openai/core"
import { NodeOpenAi } from "@effect-openai/node"
import * as NodeSink from "@effect-openai/node/NodeSink"
import { Effect, Fiber, Layer, Redacted } from "effect"

const MiB = 1024 * 1024
const BIG = 512 * MiB
const BLOCK = Buffer.alloc(64 * 1024, 0x61)

interface ByteServer {
  readonly baseUrl: string
  /** Sockets open on the server now */
  readonly openSockets: () => number
  /** Bytes the server has written so far */
  readonly written: () => number
}

/**
 * `GET /v1/files/big/content`: BIG bytes (with a Content-Length), written as
 * the socket drains. `GET /v1/files/stall/content`: 1 MiB, then nothing,
 * until the client goes away.
 */
const byteServer = Effect.acquireRelease(
  Effect.async<Http.Server & { state: { open: number; written: number } }>((resume) => {
    const state = { open: 0, written: 0 }
    const server = Object.assign(
      Http.createServer((req, res) => {
        const total = req.url === "/v1/files/big/content" ? BIG : req.url === "/v1/files/stall/content" ? MiB : -1
        if (total < 0) {
          res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"no such file"}}')
          return
        }
        res.writeHead(200, {
          "content-type": "application/octet-stream",
          ...(total === BIG ? { "content-length": String(BIG) } : {})
        })
        let sent = 0
        const pump = () => {
          while (sent < total) {
            const block = BLOCK.subarray(0, Math.min(BLOCK.length, total - sent))
            sent += block.length
            state.written += block.length
            if (!res.write(block)) return void res.once("drain", pump)
          }
          if (total === BIG) res.end() // the stall route never ends
        }
        pump()
      }),
      { state }
    )
    server.on("connection", (socket) => {
      state.open++
      socket.on("close", () => state.open--)
    })
    server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
  }),
  (server) =>
    Effect.async<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
).pipe(
  Effect.map(
    (server): ByteServer => ({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      openSockets: () => server.state.open,
      written: () => server.state.written
    })
  )
)

const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-openai-bytes-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

/** Waits (in real time, at most `ms`) until `check` holds. */
const until = (what: string, check: () => boolean, ms = 10_000) =>
  Effect.gen(function* () {
    const deadline = Date.now() + ms
    while (!check() && Date.now() < deadline) yield* Effect.sleep("5 millis")
    if (!check()) return yield* Effect.dieMessage(`${what}: not after ${ms} ms`)
  })

/**
 * The child: downloads a file's content to a path with NodeSink, then prints
 * the byte count, its RSS once everything is loaded (tsx and the TypeScript
 * sources alone take about 175 MiB RSS and 50 MB of heap) and its peak RSS.
 */
const childProgram = `
import { Files } from "@effect-openai/core"
import { NodeOpenAi } from "@effect-openai/node"
import * as NodeSink from "@effect-openai/node/NodeSink"
import { Effect, Redacted } from "effect"
const rssBeforeBytes = process.memoryUsage().rss
const layer = NodeOpenAi.layer({ apiKey: Redacted.make("sk-test"), baseUrl: process.env.BASE_URL, maxRetries: 0 })
const bytes = await Effect.runPromise(
  NodeSink.writeFile(Files.content(process.env.FILE_ID), process.env.OUT).pipe(Effect.provide(layer))
)
console.log(JSON.stringify({ bytes, rssBeforeBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 }))
`

/**
 * Runs the child with a 96 MB heap (with 48 MB, the 50 MB the loaded
 * sources take leave the collector thrashing: ten times slower); fails past
 * `timeoutMs` (the child is killed).
 */
const runChild = (env: Record<string, string>, timeoutMs: number) =>
  Effect.async<{ readonly bytes: number; readonly rssBeforeBytes: number; readonly maxRssBytes: number }, Error>(
    (resume) => {
      const child = spawn(
        process.execPath,
        [
          "--max-old-space-size=96",
          "--import",
          "tsx",
          "--conditions=source",
          "--input-type=module",
          "-e",
          childProgram
        ],
        {
          cwd: Path.resolve(import.meta.dirname, ".."),
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "pipe"]
        }
      )
      let out = ""
      let err = ""
      child.stdout.on("data", (d) => (out += d))
      child.stderr.on("data", (d) => (err += d))
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
      child.on("close", (code, signal) => {
        clearTimeout(timer)
        const last = out.trim().split("\n").pop() ?? ""
        if (code === 0 && last.startsWith("{")) resume(Effect.succeed(JSON.parse(last)))
        else resume(Effect.fail(new Error(`child exited with ${code ?? signal}: ${err.slice(-2000)}`)))
      })
      return Effect.sync(() => child.kill("SIGKILL"))
    }
  )

describe("byte streams to disk", () => {
  it.live(
    "a 512 MiB download through the client to a file, in a child with a 96 MB heap: memory stays bounded",
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          const server = yield* byteServer
          const dir = yield* tempDir
          const out = Path.join(dir, "big.bin")
          const result = yield* runChild({ BASE_URL: server.baseUrl, FILE_ID: "big", OUT: out }, 150_000)
          expect(result.bytes).toBe(BIG)
          expect(Fs.statSync(out).size).toBe(BIG)
          expect(Fs.readdirSync(dir)).toEqual(["big.bin"])
          const growth = result.maxRssBytes - result.rssBeforeBytes
          console.log(
            `512 MiB to disk: child RSS ${(result.rssBeforeBytes / MiB).toFixed(0)} MiB before, peak ${(result.maxRssBytes / MiB).toFixed(0)} MiB (+${(growth / MiB).toFixed(0)} MiB)`
          )
          expect(growth).toBeLessThan(128 * MiB) // a quarter of the body; buffering it would add 512 MiB
          expect(result.maxRssBytes).toBeLessThan(384 * MiB)
        })
      ),
    180_000
  )

  const clients: ReadonlyArray<readonly [string, (options: OpenAiConfig.Options) => Layer.Layer<OpenAi.Services>]> = [
    ["undici", (options) => NodeOpenAi.layer(options)],
    ["fetch", (options) => OpenAi.layer(options).pipe(Layer.provide(FetchHttpClient.layer))]
  ]

  for (const [name, makeLayer] of clients) {
    const withClient = <A, E>(body: (server: ByteServer, dir: string) => Effect.Effect<A, E, OpenAi.Services>) =>
      Effect.scoped(
        Effect.gen(function* () {
          const server = yield* byteServer
          const dir = yield* tempDir
          return yield* body(server, dir).pipe(
            Effect.provide(makeLayer({ apiKey: Redacted.make("sk-test"), baseUrl: server.baseUrl, maxRetries: 0 }))
          )
        })
      )

    it.live(
      `${name}: interrupting a download mid-way closes the socket on the server and removes the partial file`,
      () =>
        withClient((server, dir) =>
          Effect.gen(function* () {
            const fiber = yield* Effect.fork(NodeSink.writeFile(Files.content("stall"), Path.join(dir, "out.bin")))
            yield* until("the first bytes on disk", () =>
              Fs.readdirSync(dir).some((f) => f.endsWith(".partial") && Fs.statSync(Path.join(dir, f)).size > 0)
            )
            expect(server.openSockets()).toBe(1)
            yield* Fiber.interrupt(fiber)
            yield* until("the socket closed", () => server.openSockets() === 0)
            expect(server.openSockets()).toBe(0)
            expect(Fs.readdirSync(dir)).toEqual([])
          })
        )
    )

    it.live(`${name}: a file that cannot be written fails the download and closes its socket`, () =>
      withClient((server, dir) =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(NodeSink.writeFile(Files.content("stall"), Path.join(dir, "no", "out.bin")))
          expect(error._tag).toBe("SystemError")
          yield* until("the socket closed", () => server.openSockets() === 0)
          expect(server.written()).toBeLessThanOrEqual(MiB)
        })
      )
    )
  }
})
