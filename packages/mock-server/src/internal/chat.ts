/**
 * `POST /v1/chat/completions`: validation, the deterministic reply, JSON and SSE.
 *
 * @internal
 */
import { InvalidParam } from "./errors.js"
import * as Sse from "./sse.js"
import { estimateTokens, filler, splitEven, splitWords } from "./text.js"

/** A validated chat request. */
export interface ChatRequest {
  readonly model: string
  readonly messages: ReadonlyArray<Record<string, unknown>>
  readonly n: number
  readonly stream: boolean
  readonly includeUsage: boolean
  readonly tool: ToolSpec | undefined
}

interface ToolSpec {
  readonly name: string
  readonly parameters: unknown
}

/** Per-request values that the caller supplies (ids, clock, knobs). */
export interface ChatContext {
  readonly id: string
  readonly toolCallId: string
  readonly created: number
  /** `x-mock-stream-chunks` */
  readonly streamChunks: number | undefined
  /** `x-mock-content-bytes` */
  readonly contentBytes: number | undefined
}

/** The size an `x-mock-stream-chunks` content event aims at, `data: ` and `\n\n` included. */
export const TARGET_EVENT_BYTES = 300

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** The text of a message's `content` (a string or an array of content parts). */
export const contentText = (content: unknown): string => {
  if (typeof content === "string") return content
  if (Array.isArray(content)) {
    return content
      .map((part) => (isRecord(part) && typeof part["text"] === "string" ? part["text"] : ""))
      .filter((s) => s.length > 0)
      .join(" ")
  }
  return ""
}

/** Validates a chat request body, or names the offending field. Azure passes the deployment as `modelOverride`. */
export const parseChatRequest = (body: unknown, modelOverride?: string): ChatRequest | InvalidParam => {
  if (!isRecord(body)) return new InvalidParam(null, "The request body must be a JSON object.", "invalid_type")
  const model = modelOverride ?? body["model"]
  if (model === undefined) {
    return new InvalidParam("model", "Missing required parameter: 'model'.", "missing_required_parameter")
  }
  if (typeof model !== "string" || model.length === 0) {
    return new InvalidParam("model", "Invalid type for 'model': expected a non-empty string.", "invalid_type")
  }
  const messages = body["messages"]
  if (messages === undefined) {
    return new InvalidParam("messages", "Missing required parameter: 'messages'.", "missing_required_parameter")
  }
  if (!Array.isArray(messages)) {
    return new InvalidParam("messages", "Invalid type for 'messages': expected an array.", "invalid_type")
  }
  if (messages.length === 0) {
    return new InvalidParam(
      "messages",
      "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      "empty_array"
    )
  }
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]
    if (!isRecord(m) || typeof m["role"] !== "string") {
      return new InvalidParam(
        `messages[${i}]`,
        `Invalid 'messages[${i}]': expected an object with a 'role'.`,
        "invalid_type"
      )
    }
  }
  const n = body["n"] ?? 1
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 128) {
    return new InvalidParam("n", "Invalid 'n': expected an integer between 1 and 128.", "invalid_value")
  }
  const stream = body["stream"] ?? false
  if (typeof stream !== "boolean") {
    return new InvalidParam("stream", "Invalid type for 'stream': expected a boolean.", "invalid_type")
  }
  const streamOptions = body["stream_options"]
  const includeUsage = isRecord(streamOptions) && streamOptions["include_usage"] === true
  const tools = body["tools"]
  if (tools !== undefined && !Array.isArray(tools)) {
    return new InvalidParam("tools", "Invalid type for 'tools': expected an array.", "invalid_type")
  }
  const last = messages[messages.length - 1] as Record<string, unknown>
  let tool: ToolSpec | undefined
  const toolChoice = body["tool_choice"]
  if (tools !== undefined && last["role"] === "user" && toolChoice !== "none") {
    const wanted = isRecord(toolChoice) && isRecord(toolChoice["function"]) ? toolChoice["function"]["name"] : undefined
    for (const t of tools) {
      if (!isRecord(t) || t["type"] !== "function" || !isRecord(t["function"])) continue
      const name = t["function"]["name"]
      if (typeof name !== "string") continue
      if (wanted !== undefined && wanted !== name) continue
      tool = { name, parameters: t["function"]["parameters"] }
      break
    }
  }
  return {
    model,
    messages: messages as ReadonlyArray<Record<string, unknown>>,
    n,
    stream,
    includeUsage,
    tool
  }
}

/** An estimate of the prompt tokens of the messages. */
export const promptTokens = (messages: ReadonlyArray<Record<string, unknown>>): number => {
  let total = 3
  for (const m of messages) total += 4 + estimateTokens(contentText(m["content"]))
  return total
}

/** The deterministic reply text: `Echo: ` and the text of the last message. */
export const replyText = (request: ChatRequest, ctx: ChatContext): string => {
  if (ctx.contentBytes !== undefined) return filler(ctx.contentBytes)
  const last = request.messages[request.messages.length - 1]!
  return `Echo: ${contentText(last["content"])}`
}

const sampleValue = (schema: unknown, hint: string, depth: number): unknown => {
  if (!isRecord(schema) || depth > 4) return hint
  const e = schema["enum"]
  if (Array.isArray(e) && e.length > 0) return e[0]
  const type = Array.isArray(schema["type"]) ? schema["type"][0] : schema["type"]
  switch (type) {
    case "number":
      return 42.5
    case "integer":
      return 42
    case "boolean":
      return true
    case "null":
      return null
    case "array":
      return [sampleValue(schema["items"], hint, depth + 1)]
    case "object":
      return sampleObject(schema, hint, depth + 1)
    default:
      return hint
  }
}

const sampleObject = (schema: Record<string, unknown>, hint: string, depth: number): Record<string, unknown> => {
  const properties = isRecord(schema["properties"]) ? schema["properties"] : {}
  const required = Array.isArray(schema["required"]) ? schema["required"].filter((k) => typeof k === "string") : []
  const keys = required.length > 0 ? required : Object.keys(properties)
  const out: Record<string, unknown> = {}
  for (const key of keys) out[key] = sampleValue(properties[key], hint, depth)
  return out
}

/**
 * The arguments of the mock tool call: an object filled from the function's
 * JSON schema (required properties, or all of them): strings get the last user
 * message, numbers 42.5, integers 42, booleans true, enums their first value.
 */
export const toolArguments = (request: ChatRequest): string => {
  const last = request.messages[request.messages.length - 1]!
  const hint = contentText(last["content"])
  const params = request.tool?.parameters
  return JSON.stringify(isRecord(params) ? sampleObject(params, hint, 0) : {})
}

const usageOf = (prompt: number, completion: number) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0
  }
})

/** The `chat.completion` body. */
export const completionBody = (request: ChatRequest, ctx: ChatContext): unknown => {
  const prompt = promptTokens(request.messages)
  const choices: Array<unknown> = []
  let completion = 0
  for (let index = 0; index < request.n; index++) {
    if (request.tool !== undefined) {
      const args = toolArguments(request)
      completion += estimateTokens(args)
      choices.push({
        index,
        message: {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: ctx.toolCallId, type: "function", function: { name: request.tool.name, arguments: args } }
          ],
          refusal: null
        },
        logprobs: null,
        finish_reason: "tool_calls"
      })
    } else {
      const content = replyText(request, ctx)
      completion += estimateTokens(content)
      choices.push({
        index,
        message: { role: "assistant", content, refusal: null },
        logprobs: null,
        finish_reason: "stop"
      })
    }
  }
  return {
    id: ctx.id,
    object: "chat.completion",
    created: ctx.created,
    model: request.model,
    choices,
    usage: usageOf(prompt, completion),
    service_tier: "default",
    system_fingerprint: "fp_mock"
  }
}

/** An SSE chat stream: the first event apart (for the `idle-stream` fault), then the rest. */
export interface ChatStream {
  readonly head: ReadonlyArray<Sse.Segment>
  readonly tail: ReadonlyArray<Sse.Segment>
}

/** The `chat.completion.chunk` events of a streamed reply, `data: [DONE]` included. */
export const completionStream = (request: ChatRequest, ctx: ChatContext): ChatStream => {
  const base = {
    id: ctx.id,
    object: "chat.completion.chunk",
    created: ctx.created,
    model: request.model,
    service_tier: "default",
    system_fingerprint: "fp_mock"
  }
  const usageField = request.includeUsage ? { usage: null } : {}
  const chunk = (index: number, delta: unknown, finishReason: string | null = null) =>
    Sse.event({ ...base, choices: [{ index, delta, logprobs: null, finish_reason: finishReason }], ...usageField })

  const segments: Array<Sse.Segment> = []
  const prompt = promptTokens(request.messages)
  let completion = 0
  for (let index = 0; index < request.n; index++) {
    if (request.tool !== undefined) {
      const args = toolArguments(request)
      completion += estimateTokens(args)
      segments.push(
        Sse.once(
          chunk(index, {
            role: "assistant",
            content: null,
            tool_calls: [
              { index: 0, id: ctx.toolCallId, type: "function", function: { name: request.tool.name, arguments: "" } }
            ],
            refusal: null
          })
        )
      )
      for (const piece of splitEven(args, 4)) {
        segments.push(Sse.once(chunk(index, { tool_calls: [{ index: 0, function: { arguments: piece } }] })))
      }
      segments.push(Sse.once(chunk(index, {}, "tool_calls")))
      continue
    }
    segments.push(Sse.once(chunk(index, { role: "assistant", content: "", refusal: null })))
    if (ctx.streamChunks !== undefined) {
      const overhead = chunk(index, { content: "" }).length
      const piece = filler(Math.max(1, TARGET_EVENT_BYTES - overhead))
      segments.push({ bytes: chunk(index, { content: piece }), repeat: ctx.streamChunks })
      completion += estimateTokens(piece) * ctx.streamChunks
    } else {
      const content = replyText(request, ctx)
      completion += estimateTokens(content)
      for (const piece of splitWords(content)) segments.push(Sse.once(chunk(index, { content: piece })))
    }
    segments.push(Sse.once(chunk(index, {}, "stop")))
  }
  if (request.includeUsage) {
    segments.push(Sse.once(Sse.event({ ...base, choices: [], usage: usageOf(prompt, completion) })))
  }
  segments.push(Sse.done)
  return { head: segments.slice(0, 1), tail: segments.slice(1) }
}
