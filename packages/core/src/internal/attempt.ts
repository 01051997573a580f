/**
 * Runs one attempt of a request under its timeout, in one child fiber.
 *
 * `Effect.timeoutFail` races the attempt against a sleeping fiber: two forks,
 * a `Deferred`-like race and two joins per call, about 50 µs of CPU here,
 * which was the largest single cost of a chat call. With the live clock the
 * same semantics cost one fork and one native timer:
 *
 * - the attempt runs in a child fiber, as it does in `timeoutFail`;
 * - it finishes first: its value or its failure is returned as is. Its
 *   fiber refs are not joined back into the caller (`timeoutFail` does):
 *   an attempt changes none that matter to the caller, and the join diffs
 *   every ref the child touched, the whole `Context` included — about a
 *   tenth of the CPU of 32 concurrent chat calls;
 * - the timer fires first: the child is interrupted (which aborts the HTTP
 *   request) and awaited, then the effect fails with `onTimeout()`;
 * - the caller is interrupted: the child is interrupted and awaited.
 *
 * With any other clock (`TestClock` in tests, a custom `Clock`), the attempt
 * goes through `Effect.timeoutFail`, so virtual time keeps working.
 *
 * The fiber-ref settings of an attempt (`locals`) are applied inside the
 * child, which is dropped with them (with `timeoutFail`, whose child's refs
 * are joined back, they are undone first): what `Effect.locallyWith` around
 * the attempt did, without its extra frames.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"

/** A fiber ref set for the duration of the attempt. */
export interface Local {
  readonly ref: FiberRef.FiberRef<any>
  readonly update: (current: any) => any
}

/** The longest delay a native timer takes; the live clock never fires longer sleeps. */
export const maxTimerMillis = 2 ** 31 - 1

let liveClock: Clock.Clock | undefined
/** The clock of the default services: the one every fiber has unless told otherwise. */
const defaultClock = (): Clock.Clock => {
  if (liveClock === undefined) liveClock = Effect.runSync(Effect.clock)
  return liveClock
}

/** Whether the fiber runs on the live clock (not `TestClock` or a custom `Clock`). */
export const onLiveClock = (fiber: Fiber.RuntimeFiber<unknown, unknown>): boolean =>
  Context.get(fiber.currentDefaultServices, Clock.Clock) === defaultClock()

const withLocals = <A, E>(self: Effect.Effect<A, E>, locals: ReadonlyArray<Local>): Effect.Effect<A, E> => {
  if (locals.length === 0) return self
  if (locals.length === 1) {
    const { ref, update } = locals[0]!
    return Effect.flatMap(FiberRef.getAndUpdate(ref, update), (old) => Effect.tap(self, () => FiberRef.set(ref, old)))
  }
  return Effect.flatMap(
    Effect.forEach(locals, ({ ref, update }) => FiberRef.getAndUpdate(ref, update)),
    (olds) =>
      Effect.tap(self, () => Effect.forEach(locals, ({ ref }, i) => FiberRef.set(ref, olds[i]), { discard: true }))
  )
}

const Timeout = Symbol.for("@effect-openai/core/internal/attempt/Timeout")

/** Waits for the child to exit or for `millis` to pass, whichever comes first. */
const race = <A, E>(child: Fiber.RuntimeFiber<A, E>, millis: number): Effect.Effect<Exit.Exit<A, E> | typeof Timeout> =>
  Effect.async<Exit.Exit<A, E> | typeof Timeout>((resume) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const observer = (exit: Exit.Exit<A, E>) => {
      if (timer !== undefined) clearTimeout(timer)
      resume(Effect.succeed(exit))
    }
    if (millis <= maxTimerMillis) {
      timer = setTimeout(() => {
        timer = undefined
        child.removeObserver(observer)
        resume(Effect.succeed(Timeout))
      }, millis)
    }
    child.addObserver(observer)
    return Effect.suspend(() => {
      if (timer !== undefined) clearTimeout(timer)
      child.removeObserver(observer)
      return Fiber.interrupt(child)
    })
  })

/**
 * `Effect.timeoutFail(locally(self), { duration, onTimeout })`, with one fork
 * and a native timer when the fiber runs on the live clock.
 */
export const run = <A, E, E2>(
  self: Effect.Effect<A, E>,
  options: {
    readonly duration: Duration.Duration
    readonly onTimeout: () => E2
    readonly locals: ReadonlyArray<Local>
  }
): Effect.Effect<A, E | E2> => {
  return Effect.withFiberRuntime((fiber) => {
    if (!onLiveClock(fiber)) {
      return Effect.timeoutFail(withLocals(self, options.locals), {
        duration: options.duration,
        onTimeout: options.onTimeout
      })
    }
    const millis = Duration.toMillis(options.duration)
    // The child's refs are dropped with it: the locals are set in it, never undone.
    const locals = options.locals
    const inChild =
      locals.length === 0
        ? self
        : locals.length === 1
          ? Effect.zipRight(FiberRef.update(locals[0]!.ref, locals[0]!.update), self)
          : Effect.zipRight(
              Effect.forEach(locals, ({ ref, update }) => FiberRef.update(ref, update), { discard: true }),
              self
            )
    return Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Effect.fork(restore(inChild)), (child) =>
        Effect.flatMap(restore(race(child, millis)), (result): Effect.Effect<A, E | E2> => {
          if (result === Timeout) return Effect.zipRight(Fiber.interrupt(child), Effect.fail(options.onTimeout()))
          if (Exit.isSuccess(result)) return Effect.succeed(result.value)
          return Effect.failCause(result.cause)
        })
      )
    )
  })
}
