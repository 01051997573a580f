/**
 * Images: `POST /v1/images/generations` (JSON), `/v1/images/edits` and
 * `/v1/images/variations` (multipart). Each image is a URL on a fake host, or
 * with `response_format: "b64_json"` a 1×1 PNG in base64.
 *
 * @internal
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import { badParam, bodyRecord, handle, json, now, type RequestInfo, type RequestInfoShape } from "../kit.js"

/** A valid 1×1 transparent PNG. */
const PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

const dallE2Sizes = ["256x256", "512x512", "1024x1024"]
const dallE3Sizes = ["1024x1024", "1792x1024", "1024x1792"]

interface Request {
  readonly n: number
  readonly responseFormat: string
  readonly revisedPrompt: string | undefined
}

type Checked = Request | ReturnType<typeof badParam>

/** Multipart fields arrive as strings: `n` is read as a number. */
const number = (u: unknown): unknown => (typeof u === "string" && u.trim() !== "" ? Number(u) : u)

const isFile = (u: unknown) =>
  typeof u === "object" && u !== null && typeof (u as { filename?: unknown }).filename === "string"

/** Checks the fields every image call shares: `n`, `size`, `response_format`. */
const common = (body: Record<string, unknown>, sizes: ReadonlyArray<string>, maxN: number): Checked => {
  const n = number(body.n ?? 1)
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > maxN) {
    return badParam("n", `Invalid 'n': expected an integer between 1 and ${maxN}.`)
  }
  const size = body.size ?? "1024x1024"
  if (typeof size !== "string" || !sizes.includes(size)) {
    return badParam("size", `Invalid 'size': expected one of ${sizes.join(", ")}.`)
  }
  const responseFormat = body.response_format ?? "url"
  if (responseFormat !== "url" && responseFormat !== "b64_json") {
    return badParam("response_format", "Invalid 'response_format': expected 'url' or 'b64_json'.")
  }
  return { n, responseFormat, revisedPrompt: undefined }
}

const respond = (info: RequestInfoShape, request: Checked) => {
  if (!("n" in request)) return request
  const data = Array.from({ length: request.n }, (_, i) => {
    const image =
      request.responseFormat === "b64_json"
        ? { b64_json: PNG_1X1 }
        : { url: `https://images.mock.openai.local/img-mock${String(info.n).padStart(6, "0")}-${i}.png` }
    return request.revisedPrompt === undefined ? image : { ...image, revised_prompt: request.revisedPrompt }
  })
  return json(200, { created: now(), data })
}

/** `image` (a file) and, for edits, `prompt` and an optional `mask`. */
const upload = (body: Record<string, unknown>, withPrompt: boolean): Checked => {
  if (!isFile(body.image)) return badParam("image", "An image is required: send it as multipart/form-data.")
  if (withPrompt) {
    if (typeof body.prompt !== "string" || body.prompt === "") {
      return badParam("prompt", "Missing required parameter: 'prompt'.")
    }
    if (body.mask !== undefined && !isFile(body.mask)) return badParam("mask", "'mask' must be a file.")
  }
  return common(body, dallE2Sizes, 10)
}

export const images: HttpRouter.HttpRouter<never, RequestInfo> = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/v1/images/generations",
    handle((info) => {
      const body = bodyRecord(info.body)
      const prompt = body.prompt
      if (typeof prompt !== "string" || prompt === "") {
        return badParam("prompt", "Missing required parameter: 'prompt'.")
      }
      const dallE3 = body.model === "dall-e-3"
      const checked = common(body, dallE3 ? dallE3Sizes : dallE2Sizes, dallE3 ? 1 : 10)
      return respond(info, "n" in checked && dallE3 ? { ...checked, revisedPrompt: `${prompt}, in detail` } : checked)
    })
  ),
  HttpRouter.post(
    "/v1/images/edits",
    handle((info) => respond(info, upload(bodyRecord(info.body), true)))
  ),
  HttpRouter.post(
    "/v1/images/variations",
    handle((info) => respond(info, upload(bodyRecord(info.body), false)))
  )
)
