import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { Models } from "@effect-openai/core"
import { NodeOpenAi, UndiciHttpClient } from "@effect-openai/node"
import { Chunk, Effect, Exit, Fiber, Layer, Option, Redacted, Stream } from "effect"
import { Agent } from "undici"
import { Agent as AgentAlone } from "../src/internal/agent.js"

/** What the test server saw of one request. */
interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
}

/** A server on 127.0.0.1 answering with `handle`; records requests, counts closed requests. */
const server = (handle: (req: Http.IncomingMessage, res: Http.ServerResponse, body: string) => void) =>
  Effect.acquireRelease(
    Effect.async<{
      readonly baseUrl: string
      readonly seen: Array<Seen>
      readonly closed: { count: number }
      readonly server: Http.Server
    }>((resume) => {
      const seen: Array<Seen> = []
      const closed = { count: 0 }
      const srv = Http.createServer((req, res) => {
        const parts: Array<Buffer> = []
        req.on("data", (b: Buffer) => parts.push(b))
        req.on("end", () => {
          const body = Buffer.concat(parts).toString("utf8")
          seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body })
          res.on("close", () => {
            if (!res.writableFinished) closed.count++
          })
          handle(req, res, body)
        })
      })
      srv.listen(0, "127.0.0.1", () => {
        const { port } = srv.address() as AddressInfo
        resume(Effect.succeed({ baseUrl: `http://127.0.0.1:${port}`, seen, closed, server: srv }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

/** A client on a fresh agent, destroyed with the scope. */
const client = Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => new Agent({ keepAliveTimeout: 1_000 })),
    (agent) => Effect.promise(() => agent.destroy().catch(() => undefined))
  ),
  UndiciHttpClient.make
)

/** Waits (in real time, bounded) until `check` holds. */
const until = (what: string, check: () => boolean) =>
  Effect.gen(function* () {
    for (let i = 0; i < 2000 && !check(); i++) yield* Effect.promise(() => new Promise((r) => setTimeout(r, 1)))
    if (!check()) return yield* Effect.dieMessage(`${what} did not happen`)
  })

const realSleep = (ms: number) => Effect.promise(() => new Promise((r) => setTimeout(r, ms)))

describe("UndiciHttpClient", () => {
  it("its agent, loaded alone for a faster start, is undici's exported Agent", () => {
    expect(AgentAlone).toBe(Agent)
  })

  it.scoped("sends method, URL, headers and body; reads status, headers and text", () =>
    Effect.gen(function* () {
      const srv = yield* server((_req, res, body) => {
        res.writeHead(201, { "content-type": "application/json", "x-echo": body.length, "set-cookie": "a=1" })
        res.end(JSON.stringify({ got: body }))
      })
      const http = yield* client
      const response = yield* http.execute(
        HttpClientRequest.post(`${srv.baseUrl}/v1/things?x=1`).pipe(
          HttpClientRequest.setHeader("authorization", "Bearer k"),
          HttpClientRequest.bodyText('{"a":1}', "application/json")
        )
      )
      expect(response.status).toBe(201)
      expect(response.headers["x-echo"]).toBe("7")
      expect(response.cookies.cookies.a?.value).toBe("1")
      expect(yield* response.json).toEqual({ got: '{"a":1}' })
      // text is cached: a second read gives the same body
      expect(yield* response.text).toBe('{"got":"{\\"a\\":1}"}')
      expect(srv.seen[0]).toMatchObject({ method: "POST", url: "/v1/things?x=1", body: '{"a":1}' })
      expect(srv.seen[0]?.headers.authorization).toBe("Bearer k")
      expect(srv.seen[0]?.headers["content-type"]).toBe("application/json")
    })
  )

  it.scoped("URL params and a bare origin go through the URL parser; streamed and raw request bodies are sent", () =>
    Effect.gen(function* () {
      const srv = yield* server((_req, res, body) => res.end(body))
      const http = yield* client
      const streamed = yield* http.execute(
        HttpClientRequest.post(srv.baseUrl).pipe(
          HttpClientRequest.setUrlParam("q", "a b"),
          HttpClientRequest.bodyStream(Stream.make("one ", "two").pipe(Stream.encodeText), {
            contentType: "text/plain"
          })
        )
      )
      expect(yield* streamed.text).toBe("one two")
      expect(srv.seen[0]?.url).toBe("/?q=a+b")
      const raw = yield* http.execute(
        HttpClientRequest.put(`${srv.baseUrl}/raw`).pipe(
          HttpClientRequest.setBody({ _tag: "Raw", body: "as is" } as never)
        )
      )
      expect(yield* raw.text).toBe("as is")
      expect(srv.seen[1]).toMatchObject({ method: "PUT", url: "/raw" })
    })
  )

  it.scoped("text joins many reads, drops one leading BOM and keeps UTF-8 split across reads", () =>
    Effect.gen(function* () {
      const bytes = Buffer.from("\uFEFFhé😀".repeat(20_000), "utf8")
      const srv = yield* server((_req, res) => {
        res.writeHead(200)
        // odd-sized writes split multi-byte characters
        for (let i = 0; i < bytes.length; i += 1_001) res.write(bytes.subarray(i, i + 1_001))
        res.end()
      })
      const http = yield* client
      const text = yield* Effect.flatMap(http.get(srv.baseUrl), (r) => r.text)
      expect(text).toBe(`hé😀${"\uFEFFhé😀".repeat(19_999)}`)
      const buffer = yield* Effect.flatMap(http.get(srv.baseUrl), (r) => r.arrayBuffer)
      expect(Buffer.from(buffer).equals(bytes)).toBe(true)
    })
  )

  it.scoped("a stream hands out every byte in order", () =>
    Effect.gen(function* () {
      const srv = yield* server((_req, res) => {
        res.writeHead(200)
        let i = 0
        const next = () => {
          if (i === 50) return res.end()
          res.write(Buffer.alloc(10_000, i++), next)
        }
        next()
      })
      const http = yield* client
      const reads = yield* Effect.flatMap(http.get(srv.baseUrl), (r) => Stream.runCollect(r.stream))
      const all = Buffer.concat(Chunk.toArray(reads))
      expect(all.length).toBe(500_000)
      expect([all[0], all[10_000], all[499_999]]).toEqual([0, 1, 49])
    })
  )

  it.scoped("an unread stream pauses the socket: the server cannot finish until the client reads", () =>
    Effect.gen(function* () {
      const total = 16 * 1024 * 1024
      let finished = false
      const srv = yield* server((_req, res) => {
        res.writeHead(200)
        let sent = 0
        const write = () => {
          while (sent < total) {
            sent += 64 * 1024
            if (!res.write(Buffer.alloc(64 * 1024, 7))) return res.once("drain", write)
          }
          res.end(() => {
            finished = true
          })
        }
        write()
      })
      const http = yield* client
      const response = yield* http.get(srv.baseUrl)
      yield* realSleep(300)
      // 16 MiB would fit in the client's memory in far less time: it was held back
      expect(finished).toBe(false)
      const count = yield* Stream.runFold(response.stream, 0, (n, read) => n + read.length)
      expect(count).toBe(total)
      yield* until("the server finished", () => finished)
      expect(srv.closed.count).toBe(0)
    })
  )

  it.scoped("closing a stream early, or interrupting text, aborts the request (the server sees the close)", () =>
    Effect.gen(function* () {
      const srv = yield* server((_req, res) => {
        res.writeHead(200)
        res.write("first read")
        // never ends
      })
      const http = yield* client
      const first = yield* Effect.flatMap(http.get(srv.baseUrl), (r) => Stream.runHead(r.stream))
      expect(Option.map(first, (b) => Buffer.from(b).toString())).toEqual(Option.some("first read"))
      yield* until("the first request was closed", () => srv.closed.count === 1)

      const response = yield* http.get(srv.baseUrl)
      const fiber = yield* Effect.fork(response.text)
      yield* realSleep(50)
      yield* Fiber.interrupt(fiber)
      yield* until("the second request was closed", () => srv.closed.count === 2)
    })
  )

  it.scoped("interrupting before the headers aborts the request", () =>
    Effect.gen(function* () {
      const srv = yield* server(() => {
        // never answers
      })
      const http = yield* client
      const fiber = yield* Effect.fork(http.get(srv.baseUrl))
      yield* until("the request arrived", () => srv.seen.length === 1)
      yield* Fiber.interrupt(fiber)
      yield* until("the request was closed", () => srv.closed.count === 1)
    })
  )

  // On the live clock, the pipeline hands this client its attempt deadline, and the client's waits
  // have no canceler: the pipeline aborts the request when the attempt is interrupted.
  it.scopedLive("through the pipeline, interrupting a call before its headers or mid-body aborts the request", () =>
    Effect.gen(function* () {
      const srv = yield* server((req, res) => {
        if (req.url?.endsWith("/stalled-body")) {
          res.writeHead(200, { "content-type": "application/json" })
          res.write('{"id":"stalled-body",')
        }
        // otherwise never answers; neither ends
      })
      // Built once, in the test's scope: its agent (and sockets) outlive each call.
      const openai = yield* Layer.build(
        NodeOpenAi.layer({ apiKey: Redacted.make("sk-test"), baseUrl: srv.baseUrl, maxRetries: 0 })
      )
      const beforeHeaders = yield* Effect.fork(Effect.provide(Models.retrieve("stalled-headers"), openai))
      yield* until("the first request arrived", () => srv.seen.length === 1)
      yield* Fiber.interrupt(beforeHeaders)
      yield* until("the first request was closed", () => srv.closed.count === 1)

      const midBody = yield* Effect.fork(Effect.provide(Models.retrieve("stalled-body"), openai))
      yield* until("the second request arrived", () => srv.seen.length === 2)
      yield* realSleep(50) // its headers and first read reach the client
      yield* Fiber.interrupt(midBody)
      yield* until("the second request was closed", () => srv.closed.count === 2)
    })
  )

  it.scoped("transport failures are RequestErrors; a reset mid-body fails the body with a ResponseError", () =>
    Effect.gen(function* () {
      const srv = yield* server((_req, res) => {
        res.writeHead(200, { "content-length": "1000" })
        res.write("partial")
        setTimeout(() => res.socket?.destroy(), 20)
      })
      const http = yield* client
      const text = yield* Effect.exit(Effect.flatMap(http.get(srv.baseUrl), (r) => r.text))
      expect(Exit.isFailure(text) && JSON.stringify(text.cause)).toContain('"reason":"Decode"')
      const stream = yield* Effect.exit(Effect.flatMap(http.get(srv.baseUrl), (r) => Stream.runDrain(r.stream)))
      expect(Exit.isFailure(stream) && JSON.stringify(stream.cause)).toContain("ResponseError")

      const port = (srv.server.address() as AddressInfo).port
      yield* Effect.promise(
        () => new Promise<void>((r) => srv.server.close(() => r()) && srv.server.closeAllConnections())
      )
      const refused = yield* Effect.flip(http.get(`http://127.0.0.1:${port}/`))
      expect(refused._tag).toBe("RequestError")
      expect(refused.reason).toBe("Transport")
      const invalid = yield* Effect.flip(http.get("not a url"))
      expect(invalid.reason).toBe("InvalidUrl")
    })
  )

  it.scoped("with tracing on, the platform's span and trace headers are used; without, none are sent", () =>
    Effect.gen(function* () {
      const srv = yield* server((_req, res) => res.end("ok"))
      const http = yield* client
      yield* Effect.flatMap(http.get(`${srv.baseUrl}/traced`), (r) => r.text).pipe(Effect.withSpan("outer"))
      yield* Effect.flatMap(http.get(`${srv.baseUrl}/plain`), (r) => r.text).pipe(
        Effect.locally(HttpClient.currentTracerDisabledWhen, () => true)
      )
      expect(srv.seen[0]?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
      expect(srv.seen[1]?.headers.traceparent).toBeUndefined()
    })
  )
})
