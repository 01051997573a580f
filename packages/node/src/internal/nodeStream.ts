/**
 * `@effect/platform-node/NodeStream`, loaded the first time a stream crosses
 * into Node (an upload from a path, a streamed request body) rather than at
 * process start, which it would make about 30 ms longer here.
 *
 * @internal
 */
import * as Effect from "effect/Effect"

type NodeStream = typeof import("@effect/platform-node/NodeStream")

let loading: Promise<NodeStream> | undefined

export const nodeStream: Effect.Effect<NodeStream> = Effect.promise(() => {
  if (loading === undefined) loading = import("@effect/platform-node/NodeStream")
  return loading
})
