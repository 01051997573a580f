import type { OpenAiError } from "@effect-openai/core"
import type { Effect } from "effect"

/**
 * One operation of the spec, called through the public services with
 * realistic parameters. `run` may need any service of the full layer.
 */
export interface Case {
  /** The spec's operationId */
  readonly operationId: string
  /** The call; its success value is what Prism answered, decoded */
  readonly run: Effect.Effect<unknown, OpenAiError.OpenAiError, any>
}
