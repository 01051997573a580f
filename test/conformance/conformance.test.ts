/**
 * Every operation of the spec, called through the public services against
 * Stoplight Prism serving the spec: the request must pass Prism's validation
 * and Prism's response must decode with our response schemas.
 *
 * One Prism for the file; the cases run one after the other, one test per
 * operationId (see cases/index.ts). README.md beside this file explains the
 * setup.
 */
import { describe, expect, layer } from "@effect/vitest"
import type { OpenAiError } from "@effect-openai/core"
import { NodeOpenAi } from "@effect-openai/node"
import { Cause, Context, Effect, Exit, Layer, Option, Redacted } from "effect"
import { cases } from "./cases/index.js"
import * as Prism from "./prism.js"

class PrismServer extends Context.Tag("conformance/PrismServer")<PrismServer, Prism.Prism>() {}

/** The violations Prism listed in its 422/400 body, one per line. */
const violations = (body: unknown): string => {
  const list = (body as { validation?: unknown } | null)?.validation
  if (!Array.isArray(list)) return JSON.stringify(body)
  return list
    .map((v: { location?: ReadonlyArray<string>; code?: string; message?: string }) => {
      const where = Array.isArray(v.location) ? v.location.join(".") : "?"
      return `  - ${where}: ${v.message ?? "?"}${v.code === undefined ? "" : ` (${v.code})`}`
    })
    .join("\n")
}

/** A readable reason why a case failed, with Prism's own words where it has them. */
const explain = (operationId: string, cause: Cause.Cause<unknown>, prism: Prism.Prism): string => {
  const failure = Cause.failureOption(cause)
  if (Option.isNone(failure)) {
    const text = Cause.pretty(cause)
    const missing = /Service not found: ([^\s(]+)/.exec(text)
    return missing
      ? `${operationId}: the service ${missing[1]} is not in the layer; register it in OpenAi.layerServices`
      : `${operationId} died:\n${text}`
  }
  const error = failure.value as OpenAiError.OpenAiError
  if (typeof error !== "object" || error === null || !("_tag" in error)) {
    return `${operationId} failed with ${String(error)}`
  }
  switch (error._tag) {
    case "UnprocessableEntityError":
    case "BadRequestError":
      return `${operationId}: Prism rejected the request (${error.status}):\n${violations(error.body)}`
    case "InvalidRequestError":
      return `${operationId}: our client refused the case's input before sending (${error.field}): ${error.message}`
    case "ResponseDecodeError":
      return `${operationId}: Prism's response does not decode with our schema (field ${error.field ?? "?"}):\n${error.message}\n--- Prism log ---\n${prism.logTail()}`
    default:
      return `${operationId}: ${error._tag}: ${error.message}\n--- Prism log ---\n${prism.logTail()}`
  }
}

/**
 * Both of Prism's response modes, one Prism each, one after the other:
 *
 * - static: every property filled (optional ones too), the schema's
 *   `example`, `default` or first `enum` value, the first `oneOf` branch,
 *   never `null`; deterministic;
 * - dynamic (`-d`, fixed seed): json-schema-faker picks optional properties,
 *   `oneOf` branches and `null`s, and adds unknown properties, so it checks
 *   that decoding is tolerant; deterministic for a given seed and spec.
 *
 * `PRISM_MODE=static` or `PRISM_MODE=dynamic` runs only one.
 */
const modes = (["static", "dynamic"] as const).filter(
  (mode) => process.env.PRISM_MODE === undefined || process.env.PRISM_MODE === "" || process.env.PRISM_MODE === mode
)

const spec = Prism.specForTests("conformance.test.ts")

const layerFor = (mode: "static" | "dynamic") =>
  Layer.unwrapScoped(
    Effect.map(Prism.start({ spec, dynamic: mode === "dynamic" }), (prism) =>
      Layer.merge(
        Layer.succeed(PrismServer, prism),
        NodeOpenAi.layer({
          apiKey: Redacted.make("sk-conformance"),
          baseUrl: prism.url, // no /v1: Prism mounts the spec's paths at the root
          maxRetries: 0,
          timeout: "30 seconds"
        })
      )
    )
  )

for (const mode of modes) {
  describe.skipIf(spec === undefined)(`conformance with Prism, ${mode} responses`, () => {
    layer(layerFor(mode), { timeout: "90 seconds", excludeTestServices: true })((it) => {
      for (const testCase of cases) {
        it.effect(
          testCase.operationId,
          () =>
            Effect.gen(function* () {
              const prism = yield* PrismServer
              const exit = yield* Effect.exit(testCase.run)
              if (Exit.isFailure(exit)) expect.fail(`[${mode}] ${explain(testCase.operationId, exit.cause, prism)}`)
            }),
          60_000
        )
      }
    })
  })
}
