/**
 * Assistant run events, typed, and the tool-output loop that follows a run
 * to its end.
 *
 * `Runs.stream`, `Runs.createThreadAndRunStream` and
 * `Runs.submitToolOutputsStream` return a `Stream` of
 * `AssistantStreamEvent`: one value per server-sent event, `{ event, data }`
 * with the API's event name and its typed data, so a `switch` on `event`
 * narrows `data` (a `Run`, `RunStep`, `RunStepDelta`, `Message`,
 * `MessageDelta` or `Thread`). An event this library does not know is passed
 * through as `{ event: "unknown", name, data }`, never dropped and never
 * fatal. `done` ends the stream; an `error` event fails it with `StreamError`
 * (reason `"error-event"`), and so does a stream cut before `done` (reason
 * `"truncated"`).
 *
 * `runTools` answers the run's tool calls with your handlers and continues
 * the same stream with the run's next events, round after round, until the
 * run ends.
 *
 * @example
 * ```ts
 * import { AssistantStream, Runs } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const answer = Runs.stream("thread_abc123", { assistant_id: "asst_abc123" }).pipe(
 *   AssistantStream.runTools({
 *     handlers: { get_weather: (args) => Effect.succeed(`21 C and sunny in ${(args as { city: string }).city}`) }
 *   }),
 *   Stream.tap((event) =>
 *     event.event === "thread.message.delta"
 *       ? Effect.sync(() => process.stdout.write(AssistantStream.deltaText(event.data)))
 *       : Effect.void
 *   ),
 *   AssistantStream.collect
 * )
 * // Effect<{ run: Run (status "completed"), messages: Message[], steps: RunStep[] }, …, Runs>
 * ```
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Stream from "effect/Stream"
import type * as Shared from "./generated/Shared.js"
import * as Generated from "./generated/Shared.js"
import { currentMetaSink, decoderFor } from "./internal/client.js"
import * as Errors from "./internal/errors.js"
import type { SseEvent } from "./internal/sse.js"
import * as OpenAiError from "./OpenAiError.js"
import type { ResponseMeta } from "./ResponseMeta.js"
// Runs imports this module too (for `fromSse`); each side uses the other only inside functions.
import * as Runs from "./Runs.js"

// ---------------------------------------------------------------------------
// events
// ---------------------------------------------------------------------------

/**
 * The names of the events that carry a run (`thread.run.incomplete` is the
 * API's newer one).
 *
 * @since 0.1.0
 * @category models
 */
export type RunEventName =
  | "thread.run.created"
  | "thread.run.queued"
  | "thread.run.in_progress"
  | "thread.run.requires_action"
  | "thread.run.completed"
  | "thread.run.incomplete"
  | "thread.run.failed"
  | "thread.run.cancelling"
  | "thread.run.cancelled"
  | "thread.run.expired"

/**
 * The names of the events that carry a run step.
 *
 * @since 0.1.0
 * @category models
 */
export type RunStepEventName =
  | "thread.run.step.created"
  | "thread.run.step.in_progress"
  | "thread.run.step.completed"
  | "thread.run.step.failed"
  | "thread.run.step.cancelled"
  | "thread.run.step.expired"

/**
 * The names of the events that carry a message.
 *
 * @since 0.1.0
 * @category models
 */
export type MessageEventName =
  | "thread.message.created"
  | "thread.message.in_progress"
  | "thread.message.completed"
  | "thread.message.incomplete"

/**
 * `thread.created` (create-thread-and-run only): the new thread.
 *
 * @since 0.1.0
 * @category models
 */
export interface ThreadCreatedEvent {
  readonly event: "thread.created"
  readonly data: Shared.ThreadObject
}

/**
 * `thread.run.*`: the run as it is now (`status`, `required_action`, `usage`, …).
 *
 * @since 0.1.0
 * @category models
 */
export interface RunEvent {
  readonly event: RunEventName
  readonly data: Shared.RunObject
}

/**
 * `thread.run.step.created` / `in_progress` / `completed` / `failed` /
 * `cancelled` / `expired`: the run step as it is now.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunStepEvent {
  readonly event: RunStepEventName
  readonly data: Shared.RunStepObject
}

/**
 * `thread.run.step.delta`: what changed in a run step (`{ id, object:
 * "thread.run.step.delta", delta: { step_details } }`), for example a piece
 * of a tool call's arguments.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunStepDeltaEvent {
  readonly event: "thread.run.step.delta"
  readonly data: Shared.RunStepDeltaObject
}

/**
 * `thread.message.created` / `in_progress` / `completed` / `incomplete`: the
 * message as it is now.
 *
 * @since 0.1.0
 * @category models
 */
export interface MessageEvent {
  readonly event: MessageEventName
  readonly data: Shared.MessageObject
}

/**
 * `thread.message.delta`: a piece of a message (`{ id, object:
 * "thread.message.delta", delta: { content: [{ index, type: "text", text: {
 * value } }] } }`); `deltaText` reads its text.
 *
 * @since 0.1.0
 * @category models
 */
export interface MessageDeltaEvent {
  readonly event: "thread.message.delta"
  readonly data: Shared.MessageDeltaObject
}

/**
 * An event this library does not know (the API adds events): its name, and
 * its data parsed as JSON (the raw text when it is not JSON).
 *
 * @since 0.1.0
 * @category models
 */
export interface UnknownEvent {
  readonly event: "unknown"
  readonly name: string
  readonly data: unknown
}

/**
 * One event of an assistant stream. `event` is the discriminator: checking
 * it narrows `data`.
 *
 * @example
 * ```ts
 * import type { AssistantStream } from "@effect-openai/core"
 *
 * const describe = (e: AssistantStream.AssistantStreamEvent): string => {
 *   switch (e.event) {
 *     case "thread.message.delta":
 *       return AssistantStream.deltaText(e.data) // e.data: MessageDelta
 *     case "thread.run.requires_action":
 *       return `${e.data.required_action?.submit_tool_outputs.tool_calls.length} tool calls` // e.data: Run
 *     case "unknown":
 *       return `new event ${e.name}`
 *     default:
 *       return e.event
 *   }
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AssistantStreamEvent =
  | ThreadCreatedEvent
  | RunEvent
  | RunStepEvent
  | RunStepDeltaEvent
  | MessageEvent
  | MessageDeltaEvent
  | UnknownEvent

/**
 * `error`: the API reports a failure mid-stream. `fromSse` turns it into a
 * `StreamError`; it is never an element of the stream.
 *
 * @since 0.1.0
 * @category models
 */
export interface ErrorEvent {
  readonly event: "error"
  readonly data: {
    readonly message: string | undefined
    readonly type: string | undefined
    readonly code: string | undefined
    readonly param: string | undefined
  }
}

/**
 * `done` (`data: [DONE]`): the end of the stream. `fromSse` ends the stream
 * there; it is never an element of the stream.
 *
 * @since 0.1.0
 * @category models
 */
export interface DoneEvent {
  readonly event: "done"
  readonly data: "[DONE]"
}

/**
 * Every event of the wire, as `decode` reads it: the stream's events plus
 * `error` and `done`.
 *
 * @since 0.1.0
 * @category models
 */
export type WireEvent = AssistantStreamEvent | ErrorEvent | DoneEvent

type Decode = (u: unknown) => Either.Either<unknown, ParseResult.ParseError>

/** The decoder of each known event's data, by event name. */
const dataDecoders: Readonly<Record<string, Decode>> = (() => {
  const run = decoderFor(Generated.RunObject)
  const step = decoderFor(Generated.RunStepObject)
  const message = decoderFor(Generated.MessageObject)
  const table: Record<string, Decode> = {
    "thread.created": decoderFor(Generated.ThreadObject),
    "thread.run.step.delta": decoderFor(Generated.RunStepDeltaObject),
    "thread.message.delta": decoderFor(Generated.MessageDeltaObject)
  }
  const runNames: ReadonlyArray<RunEventName> = [
    "thread.run.created",
    "thread.run.queued",
    "thread.run.in_progress",
    "thread.run.requires_action",
    "thread.run.completed",
    "thread.run.incomplete",
    "thread.run.failed",
    "thread.run.cancelling",
    "thread.run.cancelled",
    "thread.run.expired"
  ]
  const stepNames: ReadonlyArray<RunStepEventName> = [
    "thread.run.step.created",
    "thread.run.step.in_progress",
    "thread.run.step.completed",
    "thread.run.step.failed",
    "thread.run.step.cancelled",
    "thread.run.step.expired"
  ]
  const messageNames: ReadonlyArray<MessageEventName> = [
    "thread.message.created",
    "thread.message.in_progress",
    "thread.message.completed",
    "thread.message.incomplete"
  ]
  for (const name of runNames) table[name] = run
  for (const name of stepNames) table[name] = step
  for (const name of messageNames) table[name] = message
  return table
})()

const streamError = (
  reason: OpenAiError.StreamError["reason"],
  message: string,
  meta: ResponseMeta | undefined,
  extra: {
    readonly type?: string | undefined
    readonly code?: string | undefined
    readonly param?: string | undefined
    readonly cause?: unknown
  } = {}
) =>
  new OpenAiError.StreamError({
    message,
    reason,
    type: extra.type,
    code: extra.code,
    param: extra.param,
    meta,
    ...("cause" in extra ? { cause: extra.cause } : {})
  })

const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text)
const str = (u: unknown) => (typeof u === "string" ? u : undefined)

/**
 * Reads one server-sent event: a known event with its data decoded by its
 * schema, `error`, `done` (the event `done`, or the data `[DONE]`), or an
 * unknown event. Fails with `StreamError` (reason `"invalid-event"`) when a
 * known event's data is not JSON or does not match its schema. An unnamed
 * event whose data is `{ error: { … } }` reads as `error`.
 *
 * @example
 * ```ts
 * import { AssistantStream } from "@effect-openai/core"
 *
 * AssistantStream.decode({ event: "thread.run.queued", data: '{"id":"run_1",…}', id: undefined })
 * // Either.right({ event: "thread.run.queued", data: Run })
 * AssistantStream.decode({ event: "thread.run.paused", data: '{"id":"run_1"}', id: undefined })
 * // Either.right({ event: "unknown", name: "thread.run.paused", data: { id: "run_1" } })
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (
  sse: SseEvent,
  meta?: ResponseMeta | undefined
): Either.Either<WireEvent, OpenAiError.StreamError> => {
  const name = sse.event
  const text = sse.data
  if (name === "done" || text === "[DONE]") return Either.right({ event: "done", data: "[DONE]" })
  const decodeData = Object.hasOwn(dataDecoders, name) ? dataDecoders[name] : undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (cause) {
    if (decodeData !== undefined) {
      return Either.left(
        streamError("invalid-event", `The data of a ${name} event was not JSON: ${clip(text)}`, meta, { cause })
      )
    }
    parsed = undefined
    if (name !== "error") return Either.right({ event: "unknown", name, data: text })
  }
  const error =
    name === "error"
      ? (Errors.errorObject(parsed) ?? parsed)
      : name === "message"
        ? Errors.errorObject(parsed)
        : undefined
  if (name === "error" || error !== undefined) {
    const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>
    return Either.right({
      event: "error",
      data: {
        message: str(e.message) ?? (parsed === undefined ? text : undefined),
        type: str(e.type),
        code: str(e.code),
        param: str(e.param)
      }
    })
  }
  if (decodeData === undefined) return Either.right({ event: "unknown", name, data: parsed })
  const decoded = decodeData(parsed)
  if (Either.isLeft(decoded)) {
    const issue = Errors.parseIssues(decoded.left)[0]
    return Either.left(
      streamError(
        "invalid-event",
        `The data of a ${name} event did not match its schema: ${issue?.field}: ${issue?.message}`,
        meta,
        {
          cause: decoded.left
        }
      )
    )
  }
  return Either.right({ event: name, data: decoded.right } as AssistantStreamEvent)
}

const Done: unique symbol = Symbol.for("@effect-openai/core/AssistantStream/Done")

/**
 * Turns a stream of raw server-sent events (`OpenAiClient`'s `events`) into
 * assistant events: `done` ends it (the rest is not read, the request is
 * released), an `error` event fails it with `StreamError` (reason
 * `"error-event"`, with the error's `type`, `code`, `param`), a source that
 * ends before `done` fails it with `StreamError` (reason `"truncated"`).
 * Every event before a failure is emitted first. The errors carry the
 * response metadata of the request the source made.
 *
 * @example
 * ```ts
 * import { AssistantStream, OpenAiClient } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const events = Stream.unwrap(
 *   Effect.map(OpenAiClient.OpenAiClient, (client) =>
 *     AssistantStream.fromSse(client.events({ operationId: "createRun", method: "POST", path: "/threads/thread_abc123/runs", body: … }))
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const fromSse = <E, R>(
  events: Stream.Stream<SseEvent, E, R>
): Stream.Stream<AssistantStreamEvent, E | OpenAiError.StreamError, R> =>
  Stream.unwrapScoped(
    Effect.suspend(() => {
      let meta: ResponseMeta | undefined
      let ended = false
      const decodeChunk = (chunk: Chunk.Chunk<SseEvent>) => {
        const out: Array<AssistantStreamEvent | OpenAiError.StreamError | typeof Done> = []
        for (const sse of chunk) {
          const decoded = decode(sse, meta)
          if (Either.isLeft(decoded)) {
            out.push(decoded.left)
            break
          }
          const event = decoded.right
          if (event.event === "done") {
            ended = true
            out.push(Done)
            break
          }
          if (event.event === "error") {
            const d = event.data
            out.push(
              streamError("error-event", `The API sent an error mid-stream: ${d.message ?? "(no message)"}`, meta, {
                type: d.type,
                code: d.code,
                param: d.param
              })
            )
            break
          }
          out.push(event)
        }
        return Chunk.unsafeFromArray(out)
      }
      const stream = events.pipe(
        Stream.mapChunks(decodeChunk),
        Stream.takeWhile((item): item is AssistantStreamEvent | OpenAiError.StreamError => item !== Done),
        Stream.chunks,
        Stream.flatMap((chunk) => {
          const last = Chunk.last(chunk)
          if (last._tag === "Some" && last.value instanceof OpenAiError.StreamError) {
            const before = Chunk.dropRight(chunk, 1) as Chunk.Chunk<AssistantStreamEvent>
            return Stream.concat(Stream.fromChunk(before), Stream.fail(last.value))
          }
          return Stream.fromChunk(chunk as Chunk.Chunk<AssistantStreamEvent>)
        }),
        Stream.concat(
          Stream.suspend(() =>
            ended
              ? Stream.empty
              : Stream.fail(
                  streamError(
                    "truncated",
                    "The stream ended before its done event: the connection closed mid-stream",
                    meta
                  )
                )
          )
        )
      )
      // record the metadata of the request the source makes, and pass it on to an outer `withMeta`
      return Effect.as(
        Effect.locallyScopedWith(currentMetaSink, (outer) => (m: ResponseMeta) => {
          meta = m
          outer?.(m)
        }),
        stream
      )
    })
  )

// ---------------------------------------------------------------------------
// reading events
// ---------------------------------------------------------------------------

/**
 * The text of a message delta: its `text` parts joined ("" when it has none).
 *
 * @example
 * ```ts
 * import { AssistantStream } from "@effect-openai/core"
 *
 * AssistantStream.deltaText({ id: "msg_1", object: "thread.message.delta", delta: { content: [{ index: 0, type: "text", text: { value: "Hel" } }] } })
 * // "Hel"
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const deltaText = (delta: Shared.MessageDeltaObject): string => {
  const parts = delta.delta.content
  if (parts === undefined || parts === null) return ""
  let text = ""
  for (const part of parts) if (part.type === "text" && "text" in part) text += part.text?.value ?? ""
  return text
}

/**
 * The text deltas of the stream's messages, in order: what to print while an
 * assistant answers.
 *
 * @example
 * ```ts
 * import { AssistantStream, Runs } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * Runs.stream("thread_abc123", { assistant_id: "asst_abc123" }).pipe(
 *   AssistantStream.textDeltas,
 *   Stream.runForEach((text) => Effect.sync(() => process.stdout.write(text)))
 * )
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const textDeltas = <E, R>(self: Stream.Stream<AssistantStreamEvent, E, R>): Stream.Stream<string, E, R> =>
  Stream.filterMap(self, (event) => {
    if (event.event !== "thread.message.delta") return Option.none()
    const text = deltaText(event.data)
    return text === "" ? Option.none() : Option.some(text)
  })

/**
 * What a finished stream leaves: the run as its last run event showed it,
 * the messages that completed (or ended incomplete) and the run steps that
 * ended, in the order they first appeared, each in its last state.
 *
 * @since 0.1.0
 * @category models
 */
export interface Final {
  readonly run: Shared.RunObject
  readonly messages: ReadonlyArray<Shared.MessageObject>
  readonly steps: ReadonlyArray<Shared.RunStepObject>
}

/** Is it a `thread.run.*` event (not a step's)? */
const isRunEvent = (event: AssistantStreamEvent): event is RunEvent =>
  event.event.startsWith("thread.run.") && !event.event.startsWith("thread.run.step.")

const finalMessages = new Set<string>(["thread.message.completed", "thread.message.incomplete"])
const finalSteps = new Set<string>([
  "thread.run.step.completed",
  "thread.run.step.failed",
  "thread.run.step.cancelled",
  "thread.run.step.expired"
])

/**
 * Runs the stream to its end and returns the final run, its messages and its
 * steps. Fails with `StreamError` (reason `"invalid-event"`) if the stream
 * carried no run event at all.
 *
 * @example
 * ```ts
 * import { AssistantStream, Runs } from "@effect-openai/core"
 *
 * const final = AssistantStream.collect(Runs.stream("thread_abc123", { assistant_id: "asst_abc123" }))
 * // { run: { id: "run_abc123", status: "completed", … }, messages: [{ role: "assistant", content: [{ type: "text", text: { value: "…" } }], … }], steps: [...] }
 * ```
 *
 * @since 0.1.0
 * @category destructors
 */
export const collect = <E, R>(
  self: Stream.Stream<AssistantStreamEvent, E, R>
): Effect.Effect<Final, E | OpenAiError.StreamError, R> =>
  Effect.suspend(() => {
    let run: Shared.RunObject | undefined
    const messages = new Map<string, Shared.MessageObject>()
    const steps = new Map<string, Shared.RunStepObject>()
    return Stream.runForEach(self, (event) => {
      if (isRunEvent(event)) {
        run = event.data
      } else if (finalMessages.has(event.event)) {
        const message = (event as MessageEvent).data
        messages.set(message.id, message)
      } else if (finalSteps.has(event.event)) {
        const step = (event as RunStepEvent).data
        steps.set(step.id, step)
      }
      return Effect.void
    }).pipe(
      Effect.flatMap(() =>
        run === undefined
          ? Effect.fail(streamError("invalid-event", "The stream ended without any run event", undefined))
          : Effect.succeed({ run, messages: [...messages.values()], steps: [...steps.values()] })
      )
    )
  })

// ---------------------------------------------------------------------------
// the tool-output loop
// ---------------------------------------------------------------------------

interface ToolCallContext {
  readonly message: string
  /** The function's name */
  readonly toolName: string
  /** The tool call's id (`call_…`) */
  readonly callId: string
  readonly threadId: string
  readonly runId: string
}

/**
 * The run called a tool that has no handler. Nothing was submitted: the run
 * waits in `requires_action` until it expires or is cancelled.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownToolError extends Data.TaggedError("UnknownToolError")<
  ToolCallContext & {
    /** The tools that have handlers */
    readonly known: ReadonlyArray<string>
  }
> {}

/**
 * A tool call's `arguments` were not JSON. Nothing was submitted.
 *
 * @since 0.1.0
 * @category errors
 */
export class ToolArgumentsError extends Data.TaggedError("ToolArgumentsError")<
  ToolCallContext & {
    /** The arguments as the model wrote them */
    readonly arguments: string
    readonly cause: unknown
  }
> {}

/**
 * A handler failed; `cause` is its error, typed. The other handlers of the
 * round are interrupted and nothing is submitted.
 *
 * @since 0.1.0
 * @category errors
 */
export class ToolHandlerError<out E = unknown> extends Data.Error<ToolCallContext & { readonly cause: E }> {
  readonly _tag = "ToolHandlerError" as const
}

/**
 * The run asked for tool outputs once more than `maxRounds` allows. Nothing
 * was submitted for that round.
 *
 * @since 0.1.0
 * @category errors
 */
export class ToolRoundsExceededError extends Data.TaggedError("ToolRoundsExceededError")<{
  readonly message: string
  readonly maxRounds: number
  readonly threadId: string
  readonly runId: string
}> {}

/**
 * Every way the loop itself fails (the API's errors aside), with `E` the
 * handlers' errors.
 *
 * @since 0.1.0
 * @category errors
 */
export type ToolLoopError<E> = ToolHandlerError<E> | UnknownToolError | ToolArgumentsError | ToolRoundsExceededError

/**
 * A tool's handler: gets the call's arguments parsed from JSON (`{}` when
 * empty) and the call itself; returns the output to submit.
 *
 * @since 0.1.0
 * @category models
 */
export type ToolHandler<E = never, R = never> = (
  args: unknown,
  call: Shared.RunToolCallObject
) => Effect.Effect<string, E, R>

/**
 * Handlers by function name.
 *
 * @since 0.1.0
 * @category models
 */
export type ToolHandlers = { readonly [name: string]: ToolHandler<any, any> }

/**
 * The error type of a set of handlers.
 *
 * @since 0.1.0
 * @category models
 */
export type HandlerError<H extends ToolHandlers> = {
  [K in keyof H]: H[K] extends ToolHandler<infer E, any> ? E : never
}[keyof H]

/**
 * The context a set of handlers needs.
 *
 * @since 0.1.0
 * @category models
 */
export type HandlerContext<H extends ToolHandlers> = {
  [K in keyof H]: H[K] extends ToolHandler<any, infer R> ? R : never
}[keyof H]

/**
 * The options of `runTools`.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunToolsOptions<H extends ToolHandlers> {
  /** The handlers, by function name */
  readonly handlers: H
  /** How many times outputs are submitted at most; one more `requires_action` fails with `ToolRoundsExceededError`. Default 10 */
  readonly maxRounds?: number | undefined
  /** How many handlers of one round run at once. Default 4 */
  readonly concurrency?: number | "unbounded" | undefined
}

/**
 * How the loop over a stream failing with `E` can fail, with handlers `H`:
 * the stream's errors, the API's, and the loop's own.
 *
 * @since 0.1.0
 * @category models
 */
export type LoopError<E, H extends ToolHandlers> = E | OpenAiError.OpenAiError | ToolLoopError<HandlerError<H>>

/**
 * What the loop over a stream needing `R` needs, with handlers `H`: the
 * stream's context, the handlers', and `Runs` (to submit the outputs).
 *
 * @since 0.1.0
 * @category models
 */
export type LoopContext<R, H extends ToolHandlers> = R | HandlerContext<H> | Runs.Runs

/** The default bound on submissions. */
const defaultMaxRounds = 10
const defaultConcurrency = 4

/** The outputs of one round, as `submitToolOutputs` takes them. */
type ToolOutputs = Array<{ readonly tool_call_id: string; readonly output: string }>

/** The outputs for a run that requires action: every call checked first, then the handlers, concurrently. */
const answer = <H extends ToolHandlers>(
  run: Shared.RunObject,
  options: RunToolsOptions<H>
): Effect.Effect<
  ToolOutputs,
  UnknownToolError | ToolArgumentsError | ToolHandlerError<HandlerError<H>>,
  HandlerContext<H>
> =>
  Effect.suspend(
    (): Effect.Effect<
      ToolOutputs,
      UnknownToolError | ToolArgumentsError | ToolHandlerError<HandlerError<H>>,
      HandlerContext<H>
    > => {
      const calls = run.required_action?.submit_tool_outputs.tool_calls ?? []
      const context = (call: Shared.RunToolCallObject, message: string): ToolCallContext => ({
        message,
        toolName: call.function.name,
        callId: call.id,
        threadId: run.thread_id,
        runId: run.id
      })
      const known = Object.keys(options.handlers)
      const work: Array<{
        readonly call: Shared.RunToolCallObject
        readonly handler: ToolHandler<any, any>
        readonly args: unknown
      }> = []
      for (const call of calls) {
        const name = call.function.name
        const handler =
          call.type === "function" && Object.hasOwn(options.handlers, name) ? options.handlers[name] : undefined
        if (handler === undefined) {
          const message = `The run called the tool "${name}" (call ${call.id}), which has no handler; handlers: ${known.length === 0 ? "none" : known.join(", ")}`
          return Effect.fail(new UnknownToolError({ ...context(call, message), known }))
        }
        const raw = call.function.arguments
        let args: unknown
        try {
          args = raw.trim() === "" ? {} : JSON.parse(raw)
        } catch (cause) {
          const message = `The arguments of the call ${call.id} to "${name}" are not JSON: ${clip(raw)}`
          return Effect.fail(new ToolArgumentsError({ ...context(call, message), arguments: raw, cause }))
        }
        work.push({ call, handler, args })
      }
      return Effect.forEach(
        work,
        ({ args, call, handler }) =>
          handler(args, call).pipe(
            Effect.mapError(
              (cause) =>
                new ToolHandlerError({
                  ...context(
                    call,
                    `The handler of "${call.function.name}" failed on the call ${call.id}: ${describe(cause)}`
                  ),
                  cause
                })
            ),
            Effect.map((output) => ({ tool_call_id: call.id, output }))
          ),
        { concurrency: options.concurrency ?? defaultConcurrency }
      )
    }
  )

const describe = (u: unknown): string => {
  if (typeof u === "object" && u !== null) {
    const message = (u as { message?: unknown }).message
    const tag = (u as { _tag?: unknown })._tag
    if (typeof message === "string" && message !== "") return typeof tag === "string" ? `${tag}: ${message}` : message
    if (typeof tag === "string") return tag
  }
  return String(u)
}

/**
 * Follows a run to its end, answering its tool calls. Every event passes
 * through. When the stream ends after `thread.run.requires_action` (the API
 * ends it there), the handlers run for all the tool calls of that action,
 * `concurrency` at a time; the outputs are submitted with
 * `Runs.submitToolOutputsStream`, and its events continue the same stream.
 * This repeats until a stream ends without asking for action.
 *
 * Failures are typed and fail the stream (nothing is swallowed, nothing is
 * submitted for that round): `UnknownToolError` for a tool without a handler
 * (checked for every call before any handler runs), `ToolArgumentsError` for
 * arguments that are not JSON, `ToolHandlerError` (the handler's error as
 * `cause`, with the tool's name and the call's id) when a handler fails, and
 * `ToolRoundsExceededError` past `maxRounds` submissions. The run then stays
 * in `requires_action` until it expires; cancel it with `Runs.cancel` if you
 * recover. To send a failure to the model instead, catch it inside your
 * handler and return it as the output.
 *
 * Interrupting the stream at any point (a request, a handler) interrupts it
 * all and aborts the request in flight.
 *
 * @example
 * ```ts
 * import { AssistantStream, Runs } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const events = Runs.createThreadAndRunStream({
 *   assistant_id: "asst_abc123",
 *   thread: { messages: [{ role: "user", content: "Weather in Paris?" }] }
 * }).pipe(
 *   AssistantStream.runTools({
 *     handlers: {
 *       get_weather: (args) => Effect.succeed(JSON.stringify({ city: (args as { city: string }).city, celsius: 21 }))
 *     },
 *     maxRounds: 5
 *   })
 * )
 * // Stream<AssistantStreamEvent, OpenAiError | ToolLoopError<never>, Runs>: thread.created, thread.run.created, …,
 * // thread.run.requires_action, (outputs submitted) thread.run.queued, …, thread.message.delta, …, thread.run.completed
 * ```
 *
 * @since 0.1.0
 * @category tool loop
 */
export const runTools: {
  <H extends ToolHandlers>(
    options: RunToolsOptions<H>
  ): <E, R>(
    self: Stream.Stream<AssistantStreamEvent, E, R>
  ) => Stream.Stream<AssistantStreamEvent, LoopError<E, H>, LoopContext<R, H>>
  <E, R, H extends ToolHandlers>(
    self: Stream.Stream<AssistantStreamEvent, E, R>,
    options: RunToolsOptions<H>
  ): Stream.Stream<AssistantStreamEvent, LoopError<E, H>, LoopContext<R, H>>
} = dual(
  2,
  <E, R, H extends ToolHandlers>(
    self: Stream.Stream<AssistantStreamEvent, E, R>,
    options: RunToolsOptions<H>
  ): Stream.Stream<AssistantStreamEvent, LoopError<E, H>, LoopContext<R, H>> => {
    const maxRounds = Math.max(0, Math.floor(options.maxRounds ?? defaultMaxRounds))
    const next = (
      run: Shared.RunObject,
      rounds: number
    ): Effect.Effect<
      Stream.Stream<AssistantStreamEvent, LoopError<never, H>, LoopContext<never, H>>,
      ToolLoopError<HandlerError<H>>,
      LoopContext<never, H>
    > =>
      rounds >= maxRounds
        ? Effect.fail(
            new ToolRoundsExceededError({
              message: `The run ${run.id} asked for tool outputs again after ${maxRounds} rounds (maxRounds)`,
              maxRounds,
              threadId: run.thread_id,
              runId: run.id
            })
          )
        : Effect.map(answer(run, options), (outputs) =>
            follow(Runs.submitToolOutputsStream(run.thread_id, run.id, { tool_outputs: outputs }), rounds + 1)
          )
    const follow = <E1, R1>(
      stream: Stream.Stream<AssistantStreamEvent, E1, R1>,
      rounds: number
    ): Stream.Stream<AssistantStreamEvent, LoopError<E1, H>, LoopContext<R1, H>> =>
      Stream.suspend(() => {
        let waiting: Shared.RunObject | undefined
        return stream.pipe(
          Stream.map((event) => {
            if (event.event === "thread.run.requires_action") waiting = event.data
            else if (waiting !== undefined && isRunEvent(event) && event.data.id === waiting.id) waiting = undefined
            return event
          }),
          Stream.concat(
            Stream.unwrap(
              Effect.suspend(() => (waiting === undefined ? Effect.succeed(Stream.empty) : next(waiting, rounds)))
            )
          )
        )
      })
    return follow(self, 0)
  }
)

/**
 * `runTools`, then `collect`: follows the run to its end, answering its tool
 * calls, and returns the final run with its new messages and steps.
 *
 * @example
 * ```ts
 * import { AssistantStream, Runs } from "@effect-openai/core"
 * import { Effect } from "effect"
 *
 * const final = AssistantStream.runToCompletion(Runs.stream("thread_abc123", { assistant_id: "asst_abc123" }), {
 *   handlers: { get_weather: () => Effect.succeed("21 C, sunny") }
 * })
 * // Effect<{ run: { status: "completed", … }, messages: [assistant reply], steps: [tool_calls, message_creation] }, …, Runs>
 * ```
 *
 * @since 0.1.0
 * @category tool loop
 */
export const runToCompletion: {
  <H extends ToolHandlers>(
    options: RunToolsOptions<H>
  ): <E, R>(self: Stream.Stream<AssistantStreamEvent, E, R>) => Effect.Effect<Final, LoopError<E, H>, LoopContext<R, H>>
  <E, R, H extends ToolHandlers>(
    self: Stream.Stream<AssistantStreamEvent, E, R>,
    options: RunToolsOptions<H>
  ): Effect.Effect<Final, LoopError<E, H>, LoopContext<R, H>>
} = dual(
  2,
  <E, R, H extends ToolHandlers>(self: Stream.Stream<AssistantStreamEvent, E, R>, options: RunToolsOptions<H>) =>
    collect(runTools(self, options))
)
