/**
 * Redirects are never followed.
 *
 * `fetch` follows redirects by default, and on one to another origin it
 * drops `Authorization` but keeps every other header: an Azure `api-key`
 * (and `OpenAI-Organization`, `OpenAI-Project`, and the body of a 307/308)
 * would reach whatever host the `Location` names. The undici client of
 * `@effect/platform-node` follows none. So on every client the pipeline asks
 * `fetch` for `redirect: "manual"`: a 3xx reaches the caller as
 * `UnexpectedStatusError` (its `meta.headers.location` says where to), and
 * no credential leaves for another host. A `redirect: "error"` the user set
 * on `FetchHttpClient.RequestInit` is kept (it follows nothing either).
 *
 * @internal
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"

const manual = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.contextWithEffect((context: Context.Context<never>) => {
    const init = Context.getOrElse(context, FetchHttpClient.RequestInit, () => ({}) as globalThis.RequestInit)
    return init.redirect === "manual" || init.redirect === "error"
      ? effect
      : Effect.provideService(effect, FetchHttpClient.RequestInit, { ...init, redirect: "manual" })
  })

/**
 * Marks a client that never follows redirects itself (undici's dispatcher):
 * it needs no `RequestInit` in the context, a copy of the whole context per
 * request that cost about 15% of the CPU of concurrent chat calls.
 */
export const neverFollowsRedirects: unique symbol = Symbol.for("@effect-openai/core/HttpClient/neverFollowsRedirects")

/** The client, with `fetch` told not to follow redirects (other clients are unaffected). */
export const refuseRedirects = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  (client as { readonly [neverFollowsRedirects]?: boolean })[neverFollowsRedirects] === true
    ? client
    : HttpClient.transform(client, (effect) => manual(effect))
