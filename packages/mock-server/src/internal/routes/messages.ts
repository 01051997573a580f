/**
 * Messages (v2) of a thread: create, list (paged, per thread, by run),
 * retrieve, modify, delete. A thread the store does not have is a 404.
 * `parseMessage` and `storeMessage` also serve thread creation (initial
 * `messages`) and runs (assistant replies).
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import {
  badParam,
  bodyRecord,
  json,
  notFound,
  now,
  page,
  type RequestInfo,
  type RequestInfoShape,
  type Store
} from "../kit.js"
import { checkMetadata, withStored } from "./assistants.js"

/** A message as a request describes it, validated. */
export interface MessageInput {
  readonly role: "user" | "assistant"
  readonly content: ReadonlyArray<Record<string, unknown>>
  readonly attachments: ReadonlyArray<unknown>
  readonly metadata: Record<string, unknown>
}

const textPart = (value: string) => ({ type: "text", text: { value, annotations: [] } })

/** The content parts of a message: a string, or an array of `text` / `image_file` / `image_url` parts. */
const parseContent = (content: unknown, field: string) => {
  if (typeof content === "string") return [textPart(content)]
  if (!Array.isArray(content) || content.length === 0) {
    return badParam(field, `Invalid '${field}': expected a string or a non-empty array of content parts.`)
  }
  const parts: Array<Record<string, unknown>> = []
  for (const [i, item] of content.entries()) {
    const part = bodyRecord(item)
    if (part.type === "text" && typeof part.text === "string") parts.push(textPart(part.text))
    else if (part.type === "image_file" || part.type === "image_url") parts.push(part)
    else return badParam(`${field}[${i}].type`, `Invalid value for '${field}[${i}].type': '${String(part.type)}'.`)
  }
  return parts
}

/**
 * Validates one message of a request; `prefix` names its place in the body
 * (`""` for a create-message body, `"messages[0]."` inside a thread).
 */
export const parseMessage = (value: unknown, prefix = ""): MessageInput | HttpServerResponse.HttpServerResponse => {
  const body = bodyRecord(value)
  if (body.role !== "user" && body.role !== "assistant") {
    return badParam(
      `${prefix}role`,
      `Invalid value for '${prefix}role': '${String(body.role)}'. Supported values are: 'user' and 'assistant'.`
    )
  }
  const content = parseContent(body.content, `${prefix}content`)
  if (HttpServerResponse.isServerResponse(content)) return content
  if (body.attachments !== undefined && body.attachments !== null && !Array.isArray(body.attachments)) {
    return badParam(`${prefix}attachments`, `Invalid type for '${prefix}attachments': expected an array.`)
  }
  const metadataError = checkMetadata(body)
  if (metadataError !== undefined) return metadataError
  return {
    role: body.role,
    content,
    attachments: (body.attachments as ReadonlyArray<unknown> | null | undefined) ?? [],
    metadata: bodyRecord(body.metadata)
  }
}

/** Stores a message of a thread (`object: "thread.message"`, completed) and returns it. */
export const storeMessage = (
  store: Store,
  threadId: string,
  input: MessageInput,
  origin: { readonly assistant_id?: string | null; readonly run_id?: string | null } = {}
): Record<string, unknown> => {
  const id = store.nextId("msg")
  const at = now()
  return store.put("messages", id, {
    id,
    object: "thread.message",
    created_at: at,
    assistant_id: origin.assistant_id ?? null,
    thread_id: threadId,
    run_id: origin.run_id ?? null,
    status: "completed",
    incomplete_details: null,
    completed_at: at,
    incomplete_at: null,
    role: input.role,
    content: input.content,
    attachments: input.attachments,
    metadata: input.metadata
  })
}

/** The message, if it belongs to the thread. */
const find = (store: Store, threadId: string, messageId: string) => {
  const message = store.get("messages", messageId)
  return message?.thread_id === threadId ? message : undefined
}

/** A route of a thread the store has (else a 404). */
const inThread = (
  f: (
    info: RequestInfoShape,
    threadId: string,
    params: Readonly<Record<string, string | undefined>>
  ) => HttpServerResponse.HttpServerResponse
) => withStored("threads", "thread", "thread_id", (info, _, threadId, params) => f(info, threadId, params))

/** A route of a message the thread has (else a 404). */
const withMessage = (
  f: (info: RequestInfoShape, message: Record<string, unknown>) => HttpServerResponse.HttpServerResponse
) =>
  inThread((info, threadId, params) => {
    const messageId = params.message_id ?? ""
    const message = find(info.store, threadId, messageId)
    return message === undefined ? notFound("message", messageId) : f(info, message)
  })

export const messages: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/threads/:thread_id/messages",
    inThread((info, threadId) => {
      const input = parseMessage(info.body)
      return HttpServerResponse.isServerResponse(input) ? input : json(200, storeMessage(info.store, threadId, input))
    })
  ),
  HttpRouter.get(
    "/v1/threads/:thread_id/messages",
    inThread((info, threadId) => {
      const runId = info.query.get("run_id")
      const all = info.store.list("messages", (m) => m.thread_id === threadId && (runId === null || m.run_id === runId))
      return json(200, page(all, info.query))
    })
  ),
  HttpRouter.get(
    "/v1/threads/:thread_id/messages/:message_id",
    withMessage((_, message) => json(200, message))
  ),
  HttpRouter.post(
    "/v1/threads/:thread_id/messages/:message_id",
    withMessage((info, message) => {
      const body = bodyRecord(info.body)
      const invalid = checkMetadata(body)
      if (invalid !== undefined) return invalid
      const patch = body.metadata === undefined ? {} : { metadata: body.metadata ?? {} }
      return json(200, info.store.update("messages", String(message.id), patch))
    })
  ),
  HttpRouter.del(
    "/v1/threads/:thread_id/messages/:message_id",
    withMessage((info, message) => {
      info.store.delete("messages", String(message.id))
      return json(200, { id: message.id, object: "thread.message.deleted", deleted: true })
    })
  )
)
