/**
 * OpenAI-shaped error bodies.
 *
 * @internal
 */

/** The JSON body of an OpenAI error response. */
export interface ErrorBody {
  readonly error: {
    readonly message: string
    readonly type: string
    readonly param: string | null
    readonly code: string | null
  }
}

/** Builds `{ error: { message, type, param, code } }`. */
export const errorBody = (
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null
): ErrorBody => ({ error: { message, type, param, code } })

/** A 400 error naming the offending field. */
export class InvalidParam {
  readonly _tag = "InvalidParam"
  constructor(
    readonly param: string | null,
    readonly message: string,
    readonly code: string | null = null
  ) {}
}

/** Default type, code and message for an injected `status=<code>` fault. */
export const errorForStatus = (status: number, codeOverride: string | undefined): ErrorBody => {
  let type: string
  let code: string | null = null
  let message: string
  if (status === 401) {
    type = "invalid_request_error"
    code = "invalid_api_key"
    message =
      "Incorrect API key provided: sk-mock***. You can find your API key at https://platform.openai.com/account/api-keys."
  } else if (status === 403) {
    type = "permission_error"
    code = "permission_denied"
    message = "You are not allowed to perform this request (mock fault)."
  } else if (status === 404) {
    type = "invalid_request_error"
    message = "The requested resource does not exist (mock fault)."
  } else if (status === 408) {
    type = "invalid_request_error"
    code = "timeout"
    message = "Request timed out (mock fault)."
  } else if (status === 409) {
    type = "invalid_request_error"
    code = "conflict"
    message = "The request conflicts with the current state of the resource (mock fault)."
  } else if (status === 429) {
    type = "requests"
    code = "rate_limit_exceeded"
    message = "Rate limit reached for requests (mock fault). Please try again later."
  } else if (status >= 500) {
    type = "server_error"
    message = "The server had an error while processing your request. Sorry about that! (mock fault)"
  } else {
    type = "invalid_request_error"
    message = `Request failed with status ${status} (mock fault).`
  }
  if (codeOverride !== undefined && codeOverride !== "") {
    code = codeOverride
    if (codeOverride === "insufficient_quota") {
      type = "insufficient_quota"
      message =
        "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors."
    }
  }
  return errorBody(message, type, null, code)
}

/** A small HTML error page, like the ones proxies and load balancers return. */
export const htmlErrorPage = (status: number): string =>
  `<!DOCTYPE html>
<html>
<head><title>${status} Error</title></head>
<body>
<center><h1>${status} Error</h1></center>
<hr><center>mock-proxy</center>
</body>
</html>
`
