/**
 * Accumulators: turn streamed deltas into the final objects. Chat chunks
 * become the `ChatCompletion` that `Chat.create` would have returned;
 * assistant message and run-step deltas, applied onto the object they
 * change, become the final message and run step.
 *
 * Each accumulator comes in three forms:
 * - a `Sink` that runs a stream to its final object (`chatCompletion`,
 *   `message`, `runStep`, `assistant`);
 * - a stream helper that passes every element on with the running snapshot
 *   (`chatCompletionSnapshots`, …), for printing deltas and keeping the whole;
 * - a pure fold (`addChunk`, `addMessageDelta`, `addRunStepDelta`,
 *   `addAssistantData`), for code that does not use Effect streams.
 *
 * The folds never change their inputs: each snapshot is a new object that
 * shares the unchanged parts with the previous one, but copies the lists a
 * chunk appends to (`logprobs.content` grows by one token per chunk), so a
 * long stream with logprobs costs more per chunk as it grows. The `Sink`s
 * build their result in place: accumulating a stream costs time in
 * proportion to its size. To keep only the final object, use the `Sink`.
 *
 * @example
 * ```ts
 * import { Accumulator, Chat } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const completion = yield* Chat.stream({
 *     model: "gpt-4o-mini",
 *     messages: [{ role: "user", content: "Say hello" }],
 *     stream_options: { include_usage: true }
 *   }).pipe(Stream.run(Accumulator.chatCompletion))
 *   // { id: "chatcmpl-…", object: "chat.completion", created, model, system_fingerprint,
 *   //   choices: [{ index: 0, message: { role: "assistant", content: "Hello!" }, logprobs: null, finish_reason: "stop" }],
 *   //   usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } }
 * })
 * ```
 *
 * @since 0.1.0
 */
import type * as Chunk from "effect/Chunk"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"
import type * as AssistantStream from "./AssistantStream.js"
import type * as Chat from "./Chat.js"
import type * as Shared from "./generated/Shared.js"

// ---------------------------------------------------------------------------
// errors and models
// ---------------------------------------------------------------------------

/**
 * Why a stream could not be accumulated:
 * - `EmptyStream`: the stream ended without any element, so there is no
 *   object to return (`chatCompletion`, `message`, `runStep`);
 * - `Incomplete`: the chat stream ended before a choice had its
 *   `finish_reason` (use `chatCompletionSnapshots` to keep partial results);
 * - `UnknownObject`: a message or run-step delta arrived before the object
 *   it changes, or for another object than the one being accumulated.
 *
 * @since 0.1.0
 * @category errors
 */
export class AccumulatorError extends Data.TaggedError("AccumulatorError")<{
  readonly reason: "EmptyStream" | "Incomplete" | "UnknownObject"
  readonly message: string
}> {}

type ChoiceOf<A extends { readonly choices: ReadonlyArray<unknown> }> = A["choices"][number]

/**
 * The message of an accumulated choice: the `message` of `Chat.ChatCompletion`,
 * plus `refusal` when the stream carried one.
 *
 * @since 0.1.0
 * @category models
 */
export type ChatCompletionMessage = ChoiceOf<Chat.ChatCompletion>["message"] & {
  readonly refusal?: string | null | undefined
}

/**
 * A choice of an accumulated completion.
 *
 * @since 0.1.0
 * @category models
 */
export type ChatCompletionChoice = Omit<ChoiceOf<Chat.ChatCompletion>, "message"> & {
  readonly message: ChatCompletionMessage
}

/**
 * The accumulated completion: a `Chat.ChatCompletion` (same fields, same
 * shape, so it compares equal to what `Chat.create` returns), with `refusal`
 * typed on the messages.
 *
 * @since 0.1.0
 * @category models
 */
export type ChatCompletion = Omit<Chat.ChatCompletion, "choices"> & {
  readonly choices: ReadonlyArray<ChatCompletionChoice>
}

/**
 * A running snapshot of a streamed completion: like `ChatCompletion`, but a
 * choice that is still streaming has `finish_reason: null`.
 *
 * @since 0.1.0
 * @category models
 */
export type ChatCompletionSnapshot = Omit<ChatCompletion, "choices"> & {
  readonly choices: ReadonlyArray<
    Omit<ChatCompletionChoice, "finish_reason"> & {
      readonly finish_reason: ChatCompletionChoice["finish_reason"] | null
    }
  >
}

/**
 * A `Sink` for one assistant object (`O`, a message or a run step): its
 * whole states and its deltas (`D`) in, its final state out.
 *
 * @since 0.1.0
 * @category models
 */
export type ObjectSink<O, D> = Sink.Sink<O, O | D, never, AccumulatorError>

/**
 * A stream helper for one assistant object: every element passed on with
 * the object accumulated so far.
 *
 * @since 0.1.0
 * @category models
 */
export type ObjectSnapshots<O, D> = <E, R>(
  self: Stream.Stream<O | D, E, R>
) => Stream.Stream<{ readonly data: O | D; readonly snapshot: O }, E | AccumulatorError, R>

/**
 * The objects of an assistant run stream, accumulated: the latest run, and
 * every message and run step by id, in the order they were created.
 *
 * @since 0.1.0
 * @category models
 */
export interface AssistantSnapshot {
  readonly run: Shared.RunObject | undefined
  readonly messages: ReadonlyArray<Shared.MessageObject>
  readonly steps: ReadonlyArray<Shared.RunStepObject>
}

// ---------------------------------------------------------------------------
// the merge: copy on write, strings joined, indexed lists merged by index
// ---------------------------------------------------------------------------

type Obj = Record<string, unknown>

/** The objects built by the current accumulation, which it may change in place. */
type Owned = WeakSet<object>

const isObject = (u: unknown): u is Obj => typeof u === "object" && u !== null && !Array.isArray(u)

const own = <T extends Obj | Array<unknown>>(owned: Owned, value: T): T => {
  if (owned.has(value)) return value
  const copy = (Array.isArray(value) ? value.slice() : { ...value }) as T
  owned.add(copy)
  return copy
}

const fresh = <T extends Obj | Array<unknown>>(owned: Owned, value: T): T => {
  owned.add(value)
  return value
}

const get = (obj: Obj, key: string): unknown => (Object.hasOwn(obj, key) ? obj[key] : undefined)

/** `obj` with `key` set to `value`: the same object when nothing changes, else an owned one. */
const set = (owned: Owned, obj: Obj, key: string, value: unknown): Obj => {
  if (get(obj, key) === value && Object.hasOwn(obj, key)) return obj
  const out = own(owned, obj)
  out[key] = value
  return out
}

/** String fields that name something: the first value stays, later ones are not appended. */
const keepFirst = new Set(["id", "type", "role", "name", "object", "file_id", "message_id"])

/** The largest `index` merged in place; a larger one is appended, so a bogus index cannot grow a list without bound. */
const maxIndex = 65_535

const mergeValue = (owned: Owned, key: string, current: unknown, delta: unknown): unknown => {
  if (typeof delta === "string") {
    if (typeof current !== "string") return delta
    return keepFirst.has(key) ? current : current + delta
  }
  if (Array.isArray(delta)) return mergeArray(owned, Array.isArray(current) ? current : undefined, delta)
  if (isObject(delta)) return mergeObject(owned, isObject(current) ? current : undefined, delta)
  return delta
}

/**
 * Merges a delta into an object: strings are joined (names and ids keep their
 * first value), objects merge field by field, lists of `{ index, … }` merge by
 * index (the `index` field itself is left out: it is the position), other
 * lists are appended, other values replace. `null` never erases a value.
 */
const mergeObject = (owned: Owned, target: Obj | undefined, delta: Obj): Obj => {
  let out = target ?? fresh(owned, {})
  for (const key of Object.keys(delta)) {
    if (key === "__proto__") continue
    const value = delta[key]
    const current = get(out, key)
    if (value === undefined || (value === null && current !== undefined)) continue
    out = set(owned, out, key, value === null ? null : mergeValue(owned, key, current, value))
  }
  return out
}

const mergeArray = (
  owned: Owned,
  target: Array<unknown> | undefined,
  delta: ReadonlyArray<unknown>
): Array<unknown> => {
  let out = target ?? fresh(owned, [])
  for (const item of delta) {
    out = own(owned, out)
    const index = isObject(item) ? item.index : undefined
    if (typeof index === "number" && Number.isInteger(index) && index >= 0 && index <= maxIndex) {
      const { index: _, ...rest } = item as Obj
      const current = out[index]
      out[index] = mergeObject(owned, isObject(current) ? current : undefined, rest)
    } else {
      out.push(item)
    }
  }
  return out
}

// ---------------------------------------------------------------------------
// Sink and Stream forms, shared by every accumulator
// ---------------------------------------------------------------------------

type Step<S, In> = (owned: Owned, snapshot: S | undefined, input: In) => Either.Either<S, AccumulatorError>

const fromEither = <A>(either: Either.Either<A, AccumulatorError>): Effect.Effect<A, AccumulatorError> =>
  Either.isLeft(either) ? Effect.fail(either.left) : Effect.succeed(either.right)

const sinkOf = <S, In, Out>(
  step: Step<S, In>,
  finish: (snapshot: S | undefined) => Either.Either<Out, AccumulatorError>
): Sink.Sink<Out, In, never, AccumulatorError> =>
  Sink.suspend(() => {
    // one accumulation owns what it builds, so it changes it in place
    const owned: Owned = new WeakSet()
    return Sink.foldLeftChunksEffect(undefined as S | undefined, (snapshot, chunk: Chunk.Chunk<In>) => {
      let acc = snapshot
      for (const input of chunk) {
        const next = step(owned, acc, input)
        if (Either.isLeft(next)) return Effect.fail(next.left)
        acc = next.right
      }
      return Effect.succeed(acc)
    }).pipe(Sink.mapEffect((snapshot) => fromEither(finish(snapshot))))
  })

const snapshotsOf =
  <S, In, Out>(step: Step<S, In>, wrap: (input: In, snapshot: S) => Out) =>
  <E, R>(self: Stream.Stream<In, E, R>): Stream.Stream<Out, E | AccumulatorError, R> =>
    Stream.mapAccumEffect(self, undefined as S | undefined, (snapshot, input) =>
      // a fresh owner per element: every snapshot handed out stays as it is
      Effect.map(fromEither(step(new WeakSet(), snapshot, input)), (next) => [next, wrap(input, next)] as const)
    )

const withData = <In, S>(data: In, snapshot: S) => ({ data, snapshot })

// ---------------------------------------------------------------------------
// chat
// ---------------------------------------------------------------------------

type ChunkChoice = ChoiceOf<Chat.ChatCompletionChunk>

const applyChoice = (owned: Owned, current: Obj | undefined, choice: ChunkChoice): Obj => {
  let out =
    current ??
    fresh(owned, {
      index: choice.index,
      message: fresh(owned, { role: choice.delta.role ?? "assistant", content: null }),
      logprobs: null,
      finish_reason: null
    })
  out = set(owned, out, "message", mergeObject(owned, out.message as Obj, choice.delta as Obj))
  if (choice.logprobs != null)
    out = set(owned, out, "logprobs", mergeValue(owned, "logprobs", out.logprobs, choice.logprobs))
  if (choice.finish_reason != null) out = set(owned, out, "finish_reason", choice.finish_reason)
  return out
}

const applyChunk = (
  owned: Owned,
  snapshot: ChatCompletionSnapshot | undefined,
  chunk: Chat.ChatCompletionChunk
): ChatCompletionSnapshot => {
  let out: Obj = (snapshot as Obj | undefined) ?? fresh(owned, { object: "chat.completion", choices: fresh(owned, []) })
  // id, created, model, system_fingerprint, usage…: the latest value that is not null
  for (const key of Object.keys(chunk)) {
    if (key === "choices" || key === "object" || key === "__proto__") continue
    const value = (chunk as Obj)[key]
    if (value === undefined || (value === null && get(out, key) !== undefined)) continue
    out = set(owned, out, key, value)
  }
  for (const choice of chunk.choices) {
    const choices = out.choices as Array<Obj>
    const position = choices.findIndex((c) => c.index === choice.index)
    const current = choices[position]
    const next = applyChoice(owned, current, choice)
    if (next === current) continue
    const list = own(owned, choices)
    if (current !== undefined) list[position] = next
    else {
      // choices stay in index order, whatever order their first chunks came in
      const after = list.findIndex((c) => (c.index as number) > choice.index)
      list.splice(after === -1 ? list.length : after, 0, next)
    }
    out = set(owned, out, "choices", list)
  }
  return out as unknown as ChatCompletionSnapshot
}

const chatStep: Step<ChatCompletionSnapshot, Chat.ChatCompletionChunk> = (owned, snapshot, chunk) =>
  Either.right(applyChunk(owned, snapshot, chunk))

const finishChat = (snapshot: ChatCompletionSnapshot | undefined): Either.Either<ChatCompletion, AccumulatorError> => {
  if (snapshot === undefined) {
    return Either.left(
      new AccumulatorError({
        reason: "EmptyStream",
        message: "The chat stream ended without any chunk: there is no completion to accumulate"
      })
    )
  }
  const open = snapshot.choices.filter((choice) => choice.finish_reason === null).map((choice) => choice.index)
  if (open.length > 0) {
    return Either.left(
      new AccumulatorError({
        reason: "Incomplete",
        message: `The chat stream ended before choice ${open.join(", ")} finished (no finish_reason)`
      })
    )
  }
  return Either.right(snapshot as ChatCompletion)
}

/**
 * Adds one chunk to a snapshot (start with `undefined`) and returns the new
 * snapshot; neither argument is changed. Per choice `index`: `content` and
 * `refusal` are joined, `role` is the first one sent, tool calls are merged
 * by their `index` (`id`, `type` and `function.name` from the first delta,
 * `function.arguments` joined), the legacy `function_call` likewise,
 * `logprobs.content` tokens are appended, `finish_reason` is the last one
 * sent. `id`, `created`, `model`, `system_fingerprint` and `usage` come from
 * the chunks (the latest that is not `null`); `object` is `"chat.completion"`.
 *
 * @example
 * ```ts
 * import { Accumulator, Chat } from "@effect-openai/core"
 *
 * declare const chunks: ReadonlyArray<Chat.ChatCompletionChunk>
 * const snapshot = chunks.reduce(Accumulator.addChunk, undefined)
 * // { id, object: "chat.completion", created, model, choices: [{ index: 0, message: { role: "assistant", content: "Hello!" }, logprobs: null, finish_reason: "stop" }] }
 * ```
 *
 * @since 0.1.0
 * @category folds
 */
export const addChunk = (
  snapshot: ChatCompletionSnapshot | undefined,
  chunk: Chat.ChatCompletionChunk
): ChatCompletionSnapshot => applyChunk(new WeakSet(), snapshot, chunk)

/**
 * A `Sink` that accumulates chat chunks into the final `ChatCompletion`, as
 * `addChunk` does. An empty stream fails with `AccumulatorError`
 * (`EmptyStream`), and so does a stream that ends before every choice has a
 * `finish_reason` (`Incomplete`).
 *
 * @example
 * ```ts
 * import { Accumulator, Chat } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const completion = Chat.stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }).pipe(
 *   Stream.run(Accumulator.chatCompletion)
 * )
 * // Effect<Accumulator.ChatCompletion, OpenAiError | AccumulatorError, Chat>
 * ```
 *
 * @since 0.1.0
 * @category sinks
 */
export const chatCompletion: Sink.Sink<ChatCompletion, Chat.ChatCompletionChunk, never, AccumulatorError> = sinkOf(
  chatStep,
  finishChat
)

/**
 * Passes every chunk on together with the completion accumulated so far.
 * The last `snapshot` is the final completion. Each snapshot is its own
 * object: keeping one is safe.
 *
 * @example
 * ```ts
 * import { Accumulator, Chat } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * const last = Chat.stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }).pipe(
 *   Accumulator.chatCompletionSnapshots,
 *   Stream.tap(({ chunk }) => Effect.sync(() => process.stdout.write(chunk.choices[0]?.delta.content ?? ""))),
 *   Stream.runLast
 * )
 * // Effect<Option<{ chunk, snapshot: ChatCompletionSnapshot }>, OpenAiError, Chat>
 * ```
 *
 * @since 0.1.0
 * @category streams
 */
export const chatCompletionSnapshots = <E, R>(
  self: Stream.Stream<Chat.ChatCompletionChunk, E, R>
): Stream.Stream<{ readonly chunk: Chat.ChatCompletionChunk; readonly snapshot: ChatCompletionSnapshot }, E, R> =>
  Stream.mapAccum(self, undefined as ChatCompletionSnapshot | undefined, (snapshot, chunk) => {
    const next = addChunk(snapshot, chunk)
    return [next, { chunk, snapshot: next }] as const
  })

// ---------------------------------------------------------------------------
// assistants: messages and run steps
// ---------------------------------------------------------------------------

const objectStep =
  <O extends { readonly id: string }, D extends { readonly id: string; readonly delta: object }>(
    kind: string
  ): Step<O, O | D> =>
  (owned, snapshot, data) => {
    // a whole object (`created`, `in_progress`, `completed`…) is the latest word on it
    if (!("delta" in data)) return Either.right(data)
    if (snapshot === undefined || snapshot.id !== data.id) {
      return Either.left(
        new AccumulatorError({
          reason: "UnknownObject",
          message:
            snapshot === undefined
              ? `A ${kind} delta for ${data.id} arrived before the ${kind} itself`
              : `A ${kind} delta for ${data.id} arrived while accumulating ${kind} ${snapshot.id}`
        })
      )
    }
    return Either.right(mergeObject(owned, snapshot as unknown as Obj, data.delta as Obj) as unknown as O)
  }

const finishObject =
  <O>(kind: string) =>
  (snapshot: O | undefined): Either.Either<O, AccumulatorError> =>
    snapshot === undefined
      ? Either.left(new AccumulatorError({ reason: "EmptyStream", message: `The stream ended without any ${kind}` }))
      : Either.right(snapshot)

const messageStep = objectStep<Shared.MessageObject, Shared.MessageDeltaObject>("message")
const runStepStep = objectStep<Shared.RunStepObject, Shared.RunStepDeltaObject>("run step")

/**
 * Applies a `thread.message.delta` onto a message (the data of
 * `thread.message.created`, or an earlier result) and returns the new
 * message; neither argument is changed. Content parts are merged by their
 * `index`: text `value`s are joined, annotations are placed by their own
 * `index`, image files and part types this library does not know are kept.
 * The ids are not compared: that is the `Sink`'s job.
 *
 * @example
 * ```ts
 * import { Accumulator } from "@effect-openai/core"
 *
 * const message = Accumulator.addMessageDelta(created, {
 *   id: created.id,
 *   object: "thread.message.delta",
 *   delta: { content: [{ index: 0, type: "text", text: { value: "Hel", annotations: [] } }] }
 * })
 * // message.content: [{ type: "text", text: { value: "Hel", annotations: [] } }]
 * ```
 *
 * @since 0.1.0
 * @category folds
 */
export const addMessageDelta = (
  message: Shared.MessageObject,
  delta: Shared.MessageDeltaObject
): Shared.MessageObject =>
  mergeObject(new WeakSet(), message as unknown as Obj, delta.delta as Obj) as unknown as Shared.MessageObject

/**
 * Applies a `thread.run.step.delta` onto a run step and returns the new run
 * step; neither argument is changed. Tool calls are merged by their `index`:
 * `code_interpreter.input`, `function.arguments` and `function.output` are
 * joined, code interpreter `outputs` are merged by their `index` (`logs`
 * joined), `id`, `type` and `function.name` come from the first delta.
 *
 * @example
 * ```ts
 * import { Accumulator } from "@effect-openai/core"
 *
 * const step = Accumulator.addRunStepDelta(created, {
 *   id: created.id,
 *   object: "thread.run.step.delta",
 *   delta: { step_details: { type: "tool_calls", tool_calls: [{ index: 0, type: "function", function: { arguments: "{\"ci" } }] } }
 * })
 * // step.step_details.tool_calls[0].function.arguments === "{\"ci"
 * ```
 *
 * @since 0.1.0
 * @category folds
 */
export const addRunStepDelta = (
  runStep: Shared.RunStepObject,
  delta: Shared.RunStepDeltaObject
): Shared.RunStepObject =>
  mergeObject(new WeakSet(), runStep as unknown as Obj, delta.delta as Obj) as unknown as Shared.RunStepObject

/**
 * A `Sink` for one message: it takes the `data` of the message events (the
 * whole message of `thread.message.created` / `in_progress` / `completed`,
 * and the `thread.message.delta`s) and returns the final message. A whole
 * message replaces what was accumulated; a delta is applied as
 * `addMessageDelta` does. Fails with `AccumulatorError`: `EmptyStream` when
 * no element came, `UnknownObject` when a delta came before its message or
 * names another one.
 *
 * @example
 * ```ts
 * import { Accumulator } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const message = Stream.make(created, delta1, delta2).pipe(Stream.run(Accumulator.message))
 * // Effect<MessageObject, AccumulatorError>: content [{ type: "text", text: { value: "Hello world", annotations: [] } }]
 * ```
 *
 * @since 0.1.0
 * @category sinks
 */
export const message: ObjectSink<Shared.MessageObject, Shared.MessageDeltaObject> = sinkOf(
  messageStep,
  finishObject("message")
)

/**
 * Passes every message event's data on with the message accumulated so far.
 *
 * @example
 * ```ts
 * import { Accumulator } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * Stream.make(created, delta1, delta2).pipe(Accumulator.messageSnapshots)
 * // Stream<{ data, snapshot: MessageObject }, AccumulatorError>
 * ```
 *
 * @since 0.1.0
 * @category streams
 */
export const messageSnapshots: ObjectSnapshots<Shared.MessageObject, Shared.MessageDeltaObject> = snapshotsOf(
  messageStep,
  withData
)

/**
 * A `Sink` for one run step, like `message`: whole run steps replace, deltas
 * are applied as `addRunStepDelta` does.
 *
 * @example
 * ```ts
 * import { Accumulator } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const step = Stream.make(created, delta1, delta2).pipe(Stream.run(Accumulator.runStep))
 * // Effect<RunStepObject, AccumulatorError>: step_details.tool_calls[0].function.arguments === "{\"city\":\"Paris\"}"
 * ```
 *
 * @since 0.1.0
 * @category sinks
 */
export const runStep: ObjectSink<Shared.RunStepObject, Shared.RunStepDeltaObject> = sinkOf(
  runStepStep,
  finishObject("run step")
)

/**
 * Passes every run-step event's data on with the run step accumulated so far.
 *
 * @since 0.1.0
 * @category streams
 */
export const runStepSnapshots: ObjectSnapshots<Shared.RunStepObject, Shared.RunStepDeltaObject> = snapshotsOf(
  runStepStep,
  withData
)

// ---------------------------------------------------------------------------
// assistants: every object of a run stream
// ---------------------------------------------------------------------------

const emptyAssistant = (owned: Owned): Obj =>
  fresh(owned, { run: undefined, messages: fresh(owned, []), steps: fresh(owned, []) })

type ObjStep = Step<Obj, Obj>

const upsert = (
  owned: Owned,
  snapshot: Obj,
  key: "messages" | "steps",
  data: Obj,
  step: ObjStep
): Either.Either<Obj, AccumulatorError> => {
  const list = snapshot[key] as Array<Obj>
  const position = list.findIndex((o) => o.id === data.id)
  const current = list[position]
  return Either.map(step(owned, current, data), (next) => {
    if (next === current) return snapshot
    const out = own(owned, list)
    if (current === undefined) out.push(next)
    else out[position] = next
    return set(owned, snapshot, key, out)
  })
}

const assistantStep: Step<AssistantSnapshot, unknown> = (owned, snapshot, data) => {
  const base = (snapshot as Obj | undefined) ?? emptyAssistant(owned)
  let out: Either.Either<Obj, AccumulatorError> = Either.right(base)
  if (isObject(data) && typeof data.id === "string") {
    switch (data.object) {
      case "thread.run":
        out = Either.right(set(owned, base, "run", data))
        break
      case "thread.message":
      case "thread.message.delta":
        out = upsert(owned, base, "messages", data, messageStep as unknown as ObjStep)
        break
      case "thread.run.step":
      case "thread.run.step.delta":
        out = upsert(owned, base, "steps", data, runStepStep as unknown as ObjStep)
        break
    }
  }
  return out as unknown as Either.Either<AssistantSnapshot, AccumulatorError>
}

/**
 * Adds the `data` of one assistant stream event to a snapshot (start with
 * `undefined`): a run replaces the run, a message or run step replaces the
 * one with its id (or is added), a delta is applied to the message or run
 * step with its id. Any other data (`thread.created`, `error`, `done`,
 * events this library does not know) leaves the snapshot as it is. Returns
 * `Left(AccumulatorError)` (`UnknownObject`) for a delta whose object was
 * never seen.
 *
 * @example
 * ```ts
 * import { Accumulator } from "@effect-openai/core"
 * import { Either } from "effect"
 *
 * let snapshot: Accumulator.AssistantSnapshot | undefined
 * for (const event of events) snapshot = Either.getOrThrow(Accumulator.addAssistantData(snapshot, event.data))
 * // { run: { id: "run_…", status: "completed", … }, messages: [{ id: "msg_…", content: [...] }], steps: [...] }
 * ```
 *
 * @since 0.1.0
 * @category folds
 */
export const addAssistantData = (
  snapshot: AssistantSnapshot | undefined,
  data: unknown
): Either.Either<AssistantSnapshot, AccumulatorError> => assistantStep(new WeakSet(), snapshot, data)

/**
 * A `Sink` over the `data` of an assistant run stream's events: the latest
 * run, and every message and run step accumulated by id. An empty stream
 * gives `{ run: undefined, messages: [], steps: [] }`.
 *
 * @example
 * ```ts
 * import { Accumulator } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const { run, messages, steps } = yield* events.pipe(
 *   Stream.map((event) => event.data),
 *   Stream.run(Accumulator.assistant)
 * )
 * ```
 *
 * @since 0.1.0
 * @category sinks
 */
export const assistant: Sink.Sink<AssistantSnapshot, unknown, never, AccumulatorError> = sinkOf(
  assistantStep,
  (snapshot) => Either.right(snapshot ?? (emptyAssistant(new WeakSet()) as unknown as AssistantSnapshot))
)

/**
 * Passes the `data` of every assistant stream event on with the snapshot of
 * every object so far.
 *
 * @since 0.1.0
 * @category streams
 */
export const assistantSnapshots = <A, E, R>(
  self: Stream.Stream<A, E, R>
): Stream.Stream<{ readonly data: A; readonly snapshot: AssistantSnapshot }, E | AccumulatorError, R> =>
  snapshotsOf<AssistantSnapshot, A, { readonly data: A; readonly snapshot: AssistantSnapshot }>(
    assistantStep,
    withData
  )(self)

const eventData = (event: AssistantStream.AssistantStreamEvent): unknown =>
  // the data of an unknown event was never checked against a schema: it is not folded in
  event.event === "unknown" ? undefined : event.data

/**
 * `assistant` over the events of `Runs.stream` (and the other assistant
 * streams) themselves: the data of each event is folded in, so messages and
 * run steps are complete as soon as their last delta arrives, before their
 * `completed` event. Unknown events are left out.
 *
 * @example
 * ```ts
 * import { Accumulator, Runs } from "@effect-openai/core"
 * import { Stream } from "effect"
 *
 * const final = Runs.stream("thread_abc123", { assistant_id: "asst_abc123" }).pipe(
 *   Stream.run(Accumulator.assistantEvents)
 * )
 * // Effect<{ run: Run | undefined, messages: Message[], steps: RunStep[] }, OpenAiError | AccumulatorError, Runs>
 * ```
 *
 * @since 0.1.0
 * @category sinks
 */
export const assistantEvents: Sink.Sink<
  AssistantSnapshot,
  AssistantStream.AssistantStreamEvent,
  never,
  AccumulatorError
> = Sink.mapInput(assistant, eventData)

/**
 * Passes every assistant stream event on with the snapshot of every object
 * so far: print the text deltas and read the message as it grows.
 *
 * @example
 * ```ts
 * import { Accumulator, AssistantStream, Runs } from "@effect-openai/core"
 * import { Effect, Stream } from "effect"
 *
 * Runs.stream("thread_abc123", { assistant_id: "asst_abc123" }).pipe(
 *   Accumulator.assistantEventSnapshots,
 *   Stream.tap(({ event, snapshot }) =>
 *     event.event === "thread.message.delta"
 *       ? Effect.log(AssistantStream.deltaText(event.data), snapshot.messages.length)
 *       : Effect.void
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 * @category streams
 */
export const assistantEventSnapshots = <E, R>(
  self: Stream.Stream<AssistantStream.AssistantStreamEvent, E, R>
): Stream.Stream<
  { readonly event: AssistantStream.AssistantStreamEvent; readonly snapshot: AssistantSnapshot },
  E | AccumulatorError,
  R
> =>
  snapshotsOf(
    (owned, snapshot: AssistantSnapshot | undefined, event: AssistantStream.AssistantStreamEvent) =>
      assistantStep(owned, snapshot, eventData(event)),
    (event, snapshot) => ({ event, snapshot })
  )(self)
