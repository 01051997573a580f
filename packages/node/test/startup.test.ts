/**
 * What `@effect-openai/node` loads at process start: the modules of
 * `@effect/platform-node` that only some calls need (`NodeStream`,
 * `NodeFileSystem`) are loaded on first use, not by the import.
 */
import { execFile } from "node:child_process"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../../..")

/** A resolve hook that fails the import of the listed modules. */
const refusing = `
export async function resolve(specifier, context, next) {
  if (/@effect\\/platform-node\\/(NodeStream|NodeFileSystem)/.test(specifier)) {
    throw new Error("loaded at start: " + specifier)
  }
  return next(specifier, context)
}`

/** Runs `code` (ESM) in a fresh node on the sources, with the refusing hook; resolves with its stdout and stderr. */
const runRefusing = (code: string) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const program = `
import { register } from "node:module"
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(refusing)}))
${code}`
    execFile(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "--input-type=module", "-e", program],
      { cwd: root, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, out: stdout + stderr })
    )
  })

describe("start", () => {
  it("importing @effect-openai/node and building its layer loads neither NodeStream nor NodeFileSystem", async () => {
    const { code, out } = await runRefusing(`
const { NodeOpenAi, NodeSink } = await import("@effect-openai/node")
const { Layer, Effect, Redacted } = await import("effect")
await Effect.runPromise(Layer.build(NodeOpenAi.layer({ apiKey: Redacted.make("sk-test") })).pipe(Effect.scoped))
console.log("started", typeof NodeSink.toFile)`)
    expect(out).toContain("started function")
    expect(code).toBe(0)
  })

  it("the hook refuses them when something does load them (the check above can fail)", async () => {
    const { code, out } = await runRefusing(`await import("@effect/platform-node/NodeFileSystem")`)
    expect(out).toContain("loaded at start: @effect/platform-node/NodeFileSystem")
    expect(code).not.toBe(0)
  })
})
