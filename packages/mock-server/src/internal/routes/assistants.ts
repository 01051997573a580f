/**
 * Assistants (v2): create, list (paged), retrieve, modify, delete. Like the
 * API, every assistants-area route wants the `OpenAI-Beta: assistants=…`
 * header; `withBeta` checks it for the threads and messages routes too.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import type * as Effect from "effect/Effect"
import { errorBody } from "../errors.js"
import {
  badParam,
  bodyRecord,
  error,
  handle,
  json,
  notFound,
  now,
  page,
  type RequestInfo,
  type RequestInfoShape
} from "../kit.js"

type Handler<E, R> = (
  info: RequestInfoShape,
  params: Readonly<Record<string, string | undefined>>
) => Effect.Effect<HttpServerResponse.HttpServerResponse, E, R> | HttpServerResponse.HttpServerResponse

/** `handle`, after checking the `OpenAI-Beta` header the way the API does (400 `invalid_beta`). */
export const withBeta = <E, R>(f: Handler<E, R>) =>
  handle<E, R>((info, params) =>
    info.headers["openai-beta"]?.includes("assistants=")
      ? f(info, params)
      : error(
          400,
          errorBody(
            "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.",
            "invalid_request_error",
            null,
            "invalid_beta"
          )
        )
  )

/** `withBeta` for a route on one stored object (`:param` of `collection`), with a 404 when the store lacks it. */
export const withStored = (
  collection: string,
  kind: string,
  param: string,
  f: (
    info: RequestInfoShape,
    stored: Record<string, unknown>,
    id: string,
    params: Readonly<Record<string, string | undefined>>
  ) => HttpServerResponse.HttpServerResponse
) =>
  withBeta((info, params) => {
    const id = params[param] ?? ""
    const stored = info.store.get(collection, id)
    return stored === undefined ? notFound(kind, id) : f(info, stored, id, params)
  })

/** The fields a request sets on a stored object: everything but the server-owned ones. */
export const writable = (body: Record<string, unknown>): Record<string, unknown> => {
  const { id: _id, object: _object, created_at: _createdAt, ...rest } = body
  return rest
}

/** `metadata`, when sent, must be an object of at most 16 keys. */
export const checkMetadata = (body: Record<string, unknown>) => {
  const metadata = body.metadata
  if (metadata === undefined || metadata === null) return undefined
  if (typeof metadata !== "object" || Array.isArray(metadata)) {
    return badParam("metadata", "Invalid type for 'metadata': expected an object.")
  }
  return Object.keys(metadata).length > 16
    ? badParam("metadata", "Invalid 'metadata': too many properties. Expected an object with at most 16 properties.")
    : undefined
}

const checkTools = (body: Record<string, unknown>) => {
  const tools = body.tools
  if (tools === undefined) return undefined
  if (!Array.isArray(tools)) return badParam("tools", "Invalid type for 'tools': expected an array.")
  for (const [i, tool] of tools.entries()) {
    const t = bodyRecord(tool)
    if (typeof t.type !== "string")
      return badParam(`tools[${i}].type`, `Missing required parameter: 'tools[${i}].type'.`)
    if (t.type === "function" && typeof bodyRecord(t.function).name !== "string") {
      return badParam(`tools[${i}].function.name`, `Missing required parameter: 'tools[${i}].function.name'.`)
    }
  }
  return undefined
}

const stored = (f: Parameters<typeof withStored>[3]) => withStored("assistants", "assistant", "assistant_id", f)

export const assistants: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/assistants",
    withBeta((info) => {
      const body = bodyRecord(info.body)
      if (typeof body.model !== "string" || body.model === "") {
        return badParam("model", "Missing required parameter: 'model'.")
      }
      const invalid = checkTools(body) ?? checkMetadata(body)
      if (invalid !== undefined) return invalid
      const id = info.store.nextId("asst")
      return json(
        200,
        info.store.put("assistants", id, {
          id,
          object: "assistant",
          created_at: now(),
          name: null,
          description: null,
          model: body.model,
          instructions: null,
          tools: [],
          tool_resources: {},
          top_p: 1,
          temperature: 1,
          response_format: "auto",
          ...writable(body),
          metadata: body.metadata ?? {}
        })
      )
    })
  ),
  HttpRouter.get(
    "/v1/assistants",
    withBeta((info) => json(200, page(info.store.list("assistants"), info.query)))
  ),
  HttpRouter.get(
    "/v1/assistants/:assistant_id",
    stored((_, assistant) => json(200, assistant))
  ),
  HttpRouter.post(
    "/v1/assistants/:assistant_id",
    stored((info, _, id) => {
      const body = bodyRecord(info.body)
      const invalid = checkTools(body) ?? checkMetadata(body)
      return invalid ?? json(200, info.store.update("assistants", id, writable(body)))
    })
  ),
  HttpRouter.del(
    "/v1/assistants/:assistant_id",
    stored((info, _, id) => {
      info.store.delete("assistants", id)
      return json(200, { id, object: "assistant.deleted", deleted: true })
    })
  )
)
