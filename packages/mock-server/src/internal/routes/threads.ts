/**
 * Threads (v2): create (with initial `messages`, stored in "messages"),
 * retrieve, modify, delete (with its messages). `createThread` also serves
 * create-thread-and-run.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { badParam, bodyRecord, json, now, type RequestInfo, type Store } from "../kit.js"
import { checkMetadata, withBeta, withStored } from "./assistants.js"
import { type MessageInput, parseMessage, storeMessage } from "./messages.js"

/**
 * Validates a create-thread body (`messages`, `tool_resources`, `metadata`),
 * then stores the thread and its messages; returns the thread, or the 400.
 */
export const createThread = (
  store: Store,
  value: unknown
): Record<string, unknown> | HttpServerResponse.HttpServerResponse => {
  const body = bodyRecord(value)
  const inputs: Array<MessageInput> = []
  if (body.messages !== undefined) {
    if (!Array.isArray(body.messages)) return badParam("messages", "Invalid type for 'messages': expected an array.")
    for (const [i, message] of body.messages.entries()) {
      const input = parseMessage(message, `messages[${i}].`)
      if (HttpServerResponse.isServerResponse(input)) return input
      inputs.push(input)
    }
  }
  const invalid = checkMetadata(body)
  if (invalid !== undefined) return invalid
  const id = store.nextId("thread")
  const thread = store.put("threads", id, {
    id,
    object: "thread",
    created_at: now(),
    metadata: bodyRecord(body.metadata),
    tool_resources: bodyRecord(body.tool_resources)
  })
  for (const input of inputs) storeMessage(store, id, input)
  return thread
}

const stored = (f: Parameters<typeof withStored>[3]) => withStored("threads", "thread", "thread_id", f)

export const threads: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/threads",
    withBeta((info) => {
      const thread = createThread(info.store, info.body)
      return HttpServerResponse.isServerResponse(thread) ? thread : json(200, thread)
    })
  ),
  HttpRouter.get(
    "/v1/threads/:thread_id",
    stored((_, thread) => json(200, thread))
  ),
  HttpRouter.post(
    "/v1/threads/:thread_id",
    stored((info, _, id) => {
      const body = bodyRecord(info.body)
      const invalid = checkMetadata(body)
      if (invalid !== undefined) return invalid
      const patch: Record<string, unknown> = {}
      if (body.metadata !== undefined) patch.metadata = body.metadata ?? {}
      if (body.tool_resources !== undefined) patch.tool_resources = body.tool_resources ?? {}
      return json(200, info.store.update("threads", id, patch))
    })
  ),
  HttpRouter.del(
    "/v1/threads/:thread_id",
    stored((info, _, id) => {
      info.store.delete("threads", id)
      for (const message of info.store.list("messages", (m) => m.thread_id === id)) {
        info.store.delete("messages", String(message.id))
      }
      return json(200, { id, object: "thread.deleted", deleted: true })
    })
  )
)
