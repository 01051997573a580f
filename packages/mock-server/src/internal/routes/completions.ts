/**
 * Completions (legacy): `POST /v1/completions`, as JSON or as SSE chunks
 * ending with `data: [DONE]` (with a usage chunk for
 * `stream_options.include_usage`). The text is `Echo: ` and the prompt.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Stream from "effect/Stream"
import { badParam, bodyRecord, handle, json, now, type RequestInfo } from "../kit.js"
import * as Sse from "../sse.js"
import { estimateTokens, splitWords } from "../text.js"

const isStrings = (u: unknown): u is ReadonlyArray<string> => Array.isArray(u) && u.every((s) => typeof s === "string")

/** The prompts as texts: a string, strings, or token arrays (shown as their token count). */
const promptTexts = (prompt: unknown): ReadonlyArray<string> | undefined => {
  if (typeof prompt === "string") return [prompt]
  if (isStrings(prompt)) return prompt.length === 0 ? [""] : prompt
  if (!Array.isArray(prompt)) return undefined
  if (prompt.every((t) => typeof t === "number")) return [`<${prompt.length} tokens>`]
  if (prompt.every((p) => Array.isArray(p))) return prompt.map((p: ReadonlyArray<unknown>) => `<${p.length} tokens>`)
  return undefined
}

/** One write per event, so the client sees the chunks arrive one by one. */
const events = (segments: ReadonlyArray<Buffer>): Stream.Stream<Uint8Array> =>
  Stream.suspend(() => Stream.fromIteratorSucceed(segments.values(), 1))

export const completions: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/completions",
    handle((info) => {
      const body = bodyRecord(info.body)
      const model = body.model
      if (typeof model !== "string" || model === "") return badParam("model", "Missing required parameter: 'model'.")
      const prompts = promptTexts(body.prompt ?? "")
      if (prompts === undefined) {
        return badParam("prompt", "Invalid 'prompt': expected a string, strings, tokens or arrays of tokens.")
      }
      const n = body.n ?? 1
      if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 128) {
        return badParam("n", "Invalid 'n': expected an integer between 1 and 128.")
      }
      const stream = body.stream ?? false
      if (typeof stream !== "boolean") return badParam("stream", "Invalid type for 'stream': expected a boolean.")
      const options = bodyRecord(body.stream_options)
      const echo = body.echo === true
      const base = {
        id: `cmpl-mock${String(info.n).padStart(6, "0")}`,
        object: "text_completion",
        created: now(),
        model,
        system_fingerprint: "fp_mock"
      }
      const choices = prompts.flatMap((prompt, p) =>
        Array.from({ length: n }, (_, i) => ({
          index: p * n + i,
          text: `${echo ? prompt : ""}\n\nEcho: ${prompt}`,
          logprobs: null,
          finish_reason: "stop"
        }))
      )
      const promptTokens = prompts.reduce((sum, prompt) => sum + estimateTokens(prompt), 0)
      const completionTokens = choices.reduce((sum, choice) => sum + estimateTokens(choice.text), 0)
      const usage = {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens
      }
      if (!stream) return json(200, { ...base, choices, usage })

      const includeUsage = options.include_usage === true
      const usageField = includeUsage ? { usage: null } : {}
      const chunk = (index: number, text: string, finishReason: string | null) =>
        Sse.event({ ...base, choices: [{ index, text, logprobs: null, finish_reason: finishReason }], ...usageField })
      const segments: Array<Buffer> = []
      for (const choice of choices) {
        for (const piece of splitWords(choice.text)) segments.push(chunk(choice.index, piece, null))
        segments.push(chunk(choice.index, "", "stop"))
      }
      if (includeUsage) segments.push(Sse.event({ ...base, choices: [], usage }))
      segments.push(Sse.done.bytes)
      // one write per event: the body faults (idle-stream, reset-mid-stream, …) cut after the first
      return HttpServerResponse.stream(events(segments), {
        contentType: "text/event-stream; charset=utf-8",
        headers: { "cache-control": "no-cache" }
      })
    })
  )
)
