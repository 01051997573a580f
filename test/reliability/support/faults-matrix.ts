/**
 * The fault matrix: each fault of the mock server crossed with each kind of
 * call (JSON, SSE, multipart upload), over real sockets. Each cell asserts the
 * outcome (a typed error with the right tag, or success after the expected
 * number of attempts, counted on the server), a hang guard, no socket left
 * open on the server once the client's pool is closed, no defect and no
 * unhandled rejection. `docs/RELIABILITY.md` lists the same table.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { OpenAiClient, type OpenAiConfig, type OpenAiError } from "@effect-openai/core"
import * as MockServer from "@effect-openai/mock-server"
import { Effect } from "effect"
import {
  apiKey,
  type CallKind,
  type CallValue,
  type ClientKind,
  call,
  callKinds,
  callLabel,
  callPath,
  clientLayer,
  ended,
  makeProcessRecorder,
  PROMPT,
  refusedBaseUrl,
  scopedAgent,
  UPLOAD_BYTES,
  waitFor
} from "./faults-harness.js"

/** No cell may take longer than this (a hang guard, not a performance bound). */
const HANG_GUARD_MS = 45_000
/** Backoff between retries when the server does not say how long to wait: short, so `Retry-After` shows. */
const retrySchedule = OpenAiClient.defaultRetrySchedule({ maxRetries: 2, initialDelay: "20 millis" })
/** Real waits stay short: a timer may fire a little early, a request arrives a little late. */
const GAP_TOLERANCE_MS = 20
const LARGE_BYTES = 50_000_000

type Expected =
  | {
      readonly _tag: "Success"
      readonly attempts: number
      /** The least time between the first and second attempt, from the first recorded request */
      readonly minGapMs?: (first: MockServer.RecordedRequest) => number
      readonly check?: (value: CallValue) => void
    }
  | {
      readonly _tag: "Failure"
      readonly tag: OpenAiError.OpenAiError["_tag"]
      /** Attempts counted on the server (on the client for a refused connection) */
      readonly attempts: number
      readonly check?: (error: OpenAiError.OpenAiError, received: number) => void
    }
  | { readonly _tag: "NotApplicable"; readonly reason: string }

interface Fault {
  readonly name: string
  readonly headers: () => Record<string, string>
  readonly options?: OpenAiConfig.Options | ((kind: CallKind) => OpenAiConfig.Options)
  readonly refused?: boolean
  readonly expect: (kind: CallKind) => Expected
}

const success = (attempts: number, extra: Partial<Extract<Expected, { _tag: "Success" }>> = {}): Expected => ({
  _tag: "Success",
  attempts,
  ...extra
})
const failure = (
  tag: OpenAiError.OpenAiError["_tag"],
  attempts: number,
  check?: (error: OpenAiError.OpenAiError, received: number) => void
): Expected => (check === undefined ? { _tag: "Failure", tag, attempts } : { _tag: "Failure", tag, attempts, check })
const notApplicable = (reason: string): Expected => ({ _tag: "NotApplicable", reason })
const same = (expected: Expected) => () => expected

const once = (fault: string, extra: Record<string, string> = {}) => ({
  "x-mock-fault": fault,
  "x-mock-fault-times": "1",
  ...extra
})

/** A `StreamError` after one attempt, with its reason, and whether chunks reached the caller before it. */
const streamError = (reason: string, chunks: "some" | "none"): Expected =>
  failure("StreamError", 1, (e, received) => {
    expect(field(e, "reason")).toBe(reason)
    if (chunks === "some") expect(received).toBeGreaterThanOrEqual(1)
    else expect(received).toBe(0)
  })

const status = (error: OpenAiError.OpenAiError) => ("status" in error ? error.status : undefined)
const field = (error: OpenAiError.OpenAiError, name: "reason" | "kind") =>
  name in error ? (error as unknown as Record<string, unknown>)[name] : undefined

export const faults: ReadonlyArray<Fault> = [
  {
    name: "429 with retry-after: 1 (seconds), then success",
    headers: () => once("status=429", { "x-mock-retry-after": "1" }),
    expect: same(success(2, { minGapMs: () => 1_000 }))
  },
  {
    name: "429 with retry-after-ms: 300, then success",
    headers: () => once("status=429", { "x-mock-retry-after-ms": "300" }),
    expect: same(success(2, { minGapMs: () => 300 }))
  },
  {
    name: "429 with retry-after: <HTTP date>, then success",
    // one to two seconds ahead (an HTTP date has whole seconds)
    headers: () =>
      once("status=429", { "x-mock-retry-after": new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toUTCString() }),
    expect: same(
      success(2, { minGapMs: (first) => Date.parse(first.headers["x-mock-retry-after"]!) - first.receivedAt })
    )
  },
  { name: "500 once, then success", headers: () => once("status=500"), expect: same(success(2)) },
  {
    name: "502 twice, then success",
    headers: () => ({ "x-mock-fault": "status=502", "x-mock-fault-times": "2" }),
    expect: same(success(3))
  },
  {
    name: "503 every time (retries exhausted)",
    headers: () => ({ "x-mock-fault": "status=503" }),
    expect: same(failure("InternalServerError", 3, (e) => expect(status(e)).toBe(503)))
  },
  { name: "408 once, then success", headers: () => once("status=408"), expect: same(success(2)) },
  { name: "409 once, then success", headers: () => once("status=409"), expect: same(success(2)) },
  {
    name: "connection refused",
    headers: () => ({}),
    refused: true,
    expect: same(failure("ConnectionError", 3))
  },
  {
    name: "reset before the headers (drop)",
    headers: () => ({ "x-mock-fault": "drop" }),
    expect: same(failure("ConnectionError", 3))
  },
  {
    name: "reset mid-body (JSON)",
    headers: () => ({ "x-mock-fault": "reset-mid-body" }),
    // the body is read inside the attempt, so a cut body is a ConnectionError, retried like one
    expect: (kind) =>
      kind === "sse" ? notApplicable("an SSE body is a stream: see reset mid-stream") : failure("ConnectionError", 3)
  },
  {
    name: "reset mid-stream (SSE)",
    headers: () => ({ "x-mock-fault": "reset-mid-stream" }),
    expect: (kind) =>
      kind === "sse"
        ? streamError("transport", "some")
        : notApplicable("a JSON body is not a stream: see reset mid-body")
  },
  {
    name: "truncated JSON (clean end after half the body)",
    headers: () => ({ "x-mock-fault": "truncate-json" }),
    expect: (kind) => (kind === "sse" ? streamError("truncated", "some") : failure("ResponseDecodeError", 1))
  },
  {
    name: "HTML 502 page, every time",
    headers: () => ({ "x-mock-fault": "html=502" }),
    expect: same(failure("InternalServerError", 3, (e) => expect(status(e)).toBe(502)))
  },
  {
    name: "empty body (200)",
    headers: () => ({ "x-mock-fault": "empty-body" }),
    expect: (kind) => (kind === "sse" ? streamError("truncated", "none") : failure("ResponseDecodeError", 1))
  },
  {
    name: "wrong content type (text/html on a good body)",
    headers: () => ({ "x-mock-fault": "content-type=text/html; charset=utf-8" }),
    // the body is what was asked for, so it is decoded: the content type is not checked
    expect: same(success(1))
  },
  {
    name: "headers slower than the timeout (200 ms)",
    headers: () => ({ "x-mock-fault": "slow-headers=3000" }),
    options: () => ({ timeout: "200 millis" }),
    expect: same(failure("TimeoutError", 3, (e) => expect(field(e, "kind")).toBe("request")))
  },
  {
    name: "body idle longer than the timeout (JSON: attempt 300 ms; SSE: stream idle 200 ms)",
    headers: () => ({ "x-mock-fault": "idle-stream=3000" }),
    // the attempt's timeout covers a JSON body; a stream has the idle timeout once its headers arrived
    // (its attempt timeout stays long, so a slow runner's late headers are not mistaken for the fault)
    options: (kind) =>
      kind === "sse" ? { streamIdleTimeout: "200 millis" } : { timeout: "300 millis", streamIdleTimeout: "200 millis" },
    expect: (kind) =>
      kind === "sse"
        ? failure("TimeoutError", 1, (e, received) => {
            expect(field(e, "kind")).toBe("idle")
            expect(received).toBeGreaterThanOrEqual(1)
          })
        : failure("TimeoutError", 3, (e) => expect(field(e, "kind")).toBe("request"))
  },
  {
    name: `very large response (${LARGE_BYTES / 1_000_000} MB)`,
    headers: () => ({ "x-mock-fault": `large-body=${LARGE_BYTES}` }),
    expect: (kind) =>
      success(1, {
        check: (value) => {
          if (kind === "json") expect(value.text.length).toBeGreaterThanOrEqual(LARGE_BYTES)
          else if (kind === "sse") expect(value.chunks).toBeGreaterThan(LARGE_BYTES / 300)
          else expect(value.text).toBe(`matrix.jsonl:${UPLOAD_BYTES}`)
        }
      })
  }
]

const defaultCheck = (kind: CallKind, value: CallValue) => {
  if (kind === "upload") expect(value.text).toBe(`matrix.jsonl:${UPLOAD_BYTES}`)
  else expect(value.text).toBe(`Echo: ${PROMPT}`)
  if (kind === "sse") expect(value.chunks).toBeGreaterThanOrEqual(3)
}

const describeExpected = (expected: Expected) =>
  expected._tag === "Success"
    ? `success after ${expected.attempts} attempt${expected.attempts > 1 ? "s" : ""}`
    : expected._tag === "Failure"
      ? `${expected.tag} after ${expected.attempts} attempt${expected.attempts > 1 ? "s" : ""}`
      : `n/a: ${expected.reason}`

/** Runs one cell and checks everything a cell promises. */
const runCell = (
  client: ClientKind,
  fault: Fault,
  kind: CallKind,
  expected: Exclude<Expected, { _tag: "NotApplicable" }>
) =>
  Effect.gen(function* () {
    const server = yield* MockServer.make()
    const agent = yield* scopedAgent
    const counter = { attempts: 0 }
    const received = { chunks: 0 }
    const baseUrl = fault.refused === true ? yield* refusedBaseUrl : server.baseUrl
    const layer = clientLayer(client, agent, counter, {
      apiKey,
      baseUrl,
      retrySchedule,
      // long enough for a 50 MB body on a busy runner; the rows about timeouts set their own
      timeout: "20 seconds",
      ...(typeof fault.options === "function" ? fault.options(kind) : fault.options),
      headers: fault.headers()
    })
    const exit = yield* call(kind, received).pipe(
      Effect.provide(layer),
      Effect.exit,
      Effect.timeoutFail({
        duration: HANG_GUARD_MS,
        onTimeout: () => new Error(`hang: ${fault.name} × ${kind} took over ${HANG_GUARD_MS} ms`)
      })
    )

    // the pool closes (close() waits for requests in flight: a leaked one would hang here), then the server sees no socket
    yield* Effect.tryPromise(() => agent.close()).pipe(
      Effect.timeoutFail({
        duration: 5_000,
        onTimeout: () => new Error("agent.close() hung: a request is still in flight")
      })
    )
    yield* Effect.tryPromise(() => server.waitForOpenConnections(0, 3_000))
    expect(yield* waitFor(() => server.activeStreams() === 0, 3_000)).toBe(true)

    const outcome = ended(exit)
    if (outcome._tag === "Defect") expect.fail(`defect or interruption: ${outcome.cause}`)
    const attempts = server.requests().filter((r) => r.path === callPath[kind])
    if (fault.refused === true) expect(attempts).toHaveLength(0)
    else expect(counter.attempts).toBe(attempts.length)
    const counted = fault.refused === true ? counter.attempts : attempts.length

    if (expected._tag === "Success") {
      if (outcome._tag !== "Success")
        return expect.fail(`expected success, got ${outcome.error._tag}: ${outcome.error.message}`)
      expect(counted).toBe(expected.attempts)
      ;(expected.check ?? ((value: CallValue) => defaultCheck(kind, value)))(outcome.value)
      if (expected.minGapMs !== undefined) {
        const [first, second] = attempts
        expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(
          expected.minGapMs(first!) - GAP_TOLERANCE_MS
        )
      }
    } else {
      if (outcome._tag !== "Failure") return expect.fail(`expected ${expected.tag}, got success`)
      expect(outcome.error._tag).toBe(expected.tag)
      expect(counted).toBe(expected.attempts)
      expected.check?.(outcome.error, received.chunks)
    }
  }).pipe(Effect.scoped)

/** Registers the whole matrix for one HTTP layer. */
export const registerMatrix = (client: ClientKind) => {
  const recorder = makeProcessRecorder()
  beforeAll(() => recorder.install())
  afterAll(() => {
    recorder.uninstall()
    expect(recorder.seen).toEqual([])
  })
  for (const fault of faults) {
    describe(`${client}: ${fault.name}`, () => {
      for (const kind of callKinds) {
        const expected = fault.expect(kind)
        const name = `${callLabel[kind]} → ${describeExpected(expected)}`
        // a cell that does not apply (e.g. a mid-stream reset of a JSON call) is not a test:
        // docs/RELIABILITY.md lists those cells and why
        if (expected._tag === "NotApplicable") continue
        it.live(name, () =>
          Effect.gen(function* () {
            yield* runCell(client, fault, kind, expected)
            expect(recorder.seen).toEqual([])
          })
        )
      }
    })
  }
}

/** The cell counts, for the page: applicable cells per HTTP layer, and the not-applicable ones. */
export const cellCounts = () => {
  let applicable = 0
  let notApplicableCells = 0
  for (const fault of faults)
    for (const kind of callKinds) {
      if (fault.expect(kind)._tag === "NotApplicable") notApplicableCells++
      else applicable++
    }
  return { faults: faults.length, kinds: callKinds.length, applicable, notApplicable: notApplicableCells }
}
