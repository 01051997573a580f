/**
 * Cursor pagination: a lazy `Stream` of every item of a list, fetching the
 * next page (`after` = the last id) only when the consumer pulls past the
 * current one.
 *
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { isRecord } from "./params.js"

/** What the list responses have in common. */
export interface Page<Item> {
  readonly data: ReadonlyArray<Item>
  readonly has_more?: boolean | null | undefined
  readonly last_id?: string | null | undefined
}

/** The cursor after a page, if there is a next one. */
export const nextCursor = <Item>(page: Page<Item>): string | undefined => {
  if (page.has_more !== true || page.data.length === 0) return undefined
  if (typeof page.last_id === "string" && page.last_id !== "") return page.last_id
  const last = page.data[page.data.length - 1] as { readonly id?: unknown } | undefined
  return typeof last?.id === "string" ? last.id : undefined
}

/** Every item of every page, lazily, starting after `after`. */
export const paginate = <Item, E, R>(
  fetchPage: (after: string | undefined) => Effect.Effect<Page<Item>, E, R>,
  after?: string | undefined
): Stream.Stream<Item, E, R> =>
  Stream.paginateChunkEffect(after, (cursor: string | undefined) =>
    Effect.map(fetchPage(cursor), (page) => {
      const next = nextCursor(page)
      return [Chunk.fromIterable(page.data), next === undefined ? Option.none() : Option.some(next)] as const
    })
  )

/**
 * Every item of a list call, page after page, from the params of its first
 * page (`after` included). Params that are no object go to the first call as
 * they are, for the pipeline to refuse.
 */
export const allPages = <P extends { readonly after?: string | undefined }, Item, E, R>(
  params: P | undefined,
  list: (params: P) => Effect.Effect<Page<Item>, E, R>
): Stream.Stream<Item, E, R> => {
  if (params !== undefined && !isRecord(params)) {
    return Stream.flatMap(Stream.fromEffect(list(params)), (page) => Stream.fromIterable(page.data))
  }
  const first = params ?? ({} as P)
  return paginate((after) => list({ ...first, after }), first.after)
}
