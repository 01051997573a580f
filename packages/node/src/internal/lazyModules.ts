/**
 * Modules of `@effect/platform-node` that only some calls need, loaded the
 * first time one of them runs rather than at process start:
 *
 * - `NodeStream` (about 30 ms here): when a stream crosses into Node (an
 *   upload from a path, a streamed request body);
 * - `NodeFileSystem` (about 30 ms here): when `NodeSink` writes a file.
 *
 * @internal
 */
import * as Effect from "effect/Effect"

/** An effect that imports a module once, on first use, and gives it to every later use. */
const onFirstUse = <A>(load: () => Promise<A>): Effect.Effect<A> => {
  let loading: Promise<A> | undefined
  return Effect.promise(() => {
    if (loading === undefined) loading = load()
    return loading
  })
}

export const nodeStream: Effect.Effect<typeof import("@effect/platform-node/NodeStream")> = onFirstUse(
  () => import("@effect/platform-node/NodeStream")
)

export const nodeFileSystem: Effect.Effect<typeof import("@effect/platform-node/NodeFileSystem")> = onFirstUse(
  () => import("@effect/platform-node/NodeFileSystem")
)
