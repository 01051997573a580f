/**
 * Moderations: `POST /v1/moderations`. A text is flagged for a category when
 * it contains one of a few trigger words (for example "kill" for violence);
 * scores are deterministic.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import { badParam, bodyRecord, handle, json, type RequestInfo } from "../kit.js"
import { hash32 } from "../text.js"

const triggers: Readonly<Record<string, RegExp | undefined>> = {
  hate: /\bhate\b/i,
  harassment: /\b(idiot|stupid)\b/i,
  "self-harm": /\bhurt myself\b/i,
  sexual: /\bexplicit\b/i,
  violence: /\b(kill|attack|hurt)\b/i
}

const categories = [
  "hate",
  "hate/threatening",
  "harassment",
  "harassment/threatening",
  "self-harm",
  "self-harm/intent",
  "self-harm/instructions",
  "sexual",
  "sexual/minors",
  "violence",
  "violence/graphic"
] as const

const result = (text: string) => {
  const flags: Record<string, boolean> = {}
  const scores: Record<string, number> = {}
  const seed = hash32(text)
  categories.forEach((category, i) => {
    const flagged = triggers[category]?.test(text) ?? false
    flags[category] = flagged
    // a small score, stable per text and category; a high one when flagged
    scores[category] = flagged ? 0.9 + ((seed >>> i) % 97) / 1000 : ((seed >>> i) % 997) / 1e6
  })
  return {
    flagged: Object.values(flags).some(Boolean),
    categories: flags,
    category_scores: scores
  }
}

export const moderations: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/moderations",
    handle((info) => {
      const body = bodyRecord(info.body)
      const input = body.input
      const texts = typeof input === "string" ? [input] : input
      if (!Array.isArray(texts) || !texts.every((t) => typeof t === "string")) {
        return badParam("input", "Invalid 'input': expected a string or an array of strings.")
      }
      const model = body.model ?? "text-moderation-latest"
      if (typeof model !== "string") return badParam("model", "Invalid type for 'model': expected a string.")
      return json(200, {
        id: `modr-mock${String(info.n).padStart(6, "0")}`,
        model: model === "text-moderation-latest" ? "text-moderation-007" : model,
        results: texts.map(result)
      })
    })
  )
)
