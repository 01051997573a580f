/**
 * `pnpm codegen [--out <dir>]`: regenerates `packages/core/src/generated/`
 * (or `<dir>`) from the spec at `$OPENAI_OPENAPI_SPEC`, else
 * `../shared/openapi/openai-openapi-2024-05.yaml` next to the repository.
 */
import * as Path from "node:path"
import { defaultOutDir, defaultSpecPath, generate } from "./generate.js"

const parseArgs = (argv: ReadonlyArray<string>): { readonly outDir: string } => {
  let outDir = defaultOutDir
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--") continue
    if (arg === "--out") {
      const value = argv[++i]
      if (value === undefined) throw new Error("--out needs a directory")
      outDir = Path.resolve(value)
    } else if (arg.startsWith("--out=")) {
      outDir = Path.resolve(arg.slice("--out=".length))
    } else {
      throw new Error(`unknown argument: ${arg} (usage: pnpm codegen [--out <dir>])`)
    }
  }
  return { outDir }
}

const main = (): void => {
  const { outDir } = parseArgs(process.argv.slice(2))
  const specPath = defaultSpecPath()
  const started = Date.now()
  const result = generate({ specPath, outDir })
  const total = result.modules.reduce((n, m) => n + m.schemas, 0)
  console.log(`codegen: ${Path.basename(specPath)} → ${Path.relative(process.cwd(), outDir) || "."}`)
  console.log(
    `  ${result.operations} operations, ${result.componentSchemas} component schemas` +
      ` + ${result.syntheticSchemas.length} inline bodies = ${total} schemas, ${result.files.length} files` +
      ` (${Date.now() - started} ms)`
  )
  console.log(`  ${result.modules.map((m) => `${m.name} ${m.schemas}`).join(", ")}`)
  if (result.syntheticSchemas.length > 0) console.log(`  inline bodies: ${result.syntheticSchemas.join(", ")}`)
  if (result.recursiveSchemas.length > 0) console.log(`  recursive: ${result.recursiveSchemas.join(", ")}`)
  for (const patch of result.patches) console.log(`  patched ${patch}`)
  for (const warning of result.warnings) console.warn(`  warning: ${warning}`)
}

try {
  main()
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exitCode = 1
}
