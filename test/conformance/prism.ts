/**
 * Stoplight Prism for the conformance tests: serves a patched temporary copy
 * of the OpenAPI spec on 127.0.0.1 with an ephemeral port, validating every
 * request against it, and stops it (process group, bounded) at the end.
 *
 * See README.md beside this file for why the copy is patched.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { Data, Duration, Effect, type Scope } from "effect"
import * as Yaml from "yaml"

const here = Path.dirname(fileURLToPath(import.meta.url))

/** The repository root (this file is `<repo>/test/conformance/prism.ts`). */
export const repoRoot = Path.resolve(here, "..", "..")

/** The default spec: `<repo>/../shared/openapi/openai-openapi-2024-05.yaml`. */
export const defaultSpecPath = Path.resolve(repoRoot, "..", "shared", "openapi", "openai-openapi-2024-05.yaml")

/** Where the spec is found, and whether the suite should run, skip or fail. */
export type SpecLocation =
  | { readonly _tag: "Found"; readonly path: string }
  /** The default spec is absent outside CI: skip, with this reason */
  | { readonly _tag: "Skip"; readonly reason: string }
  /** Asked for explicitly (OPENAI_OPENAPI_SPEC) or in CI, and absent: fail */
  | { readonly _tag: "Missing"; readonly reason: string }

/**
 * The spec to serve: `OPENAI_OPENAPI_SPEC`, or else the default path. Only
 * a missing default spec outside CI skips the suites; a missing spec named
 * by the variable, or any missing spec in CI (`CI` set), is a failure.
 */
export const locateSpec = (): SpecLocation => {
  const fromEnv = process.env.OPENAI_OPENAPI_SPEC
  const path = fromEnv !== undefined && fromEnv !== "" ? Path.resolve(fromEnv) : defaultSpecPath
  if (Fs.existsSync(path)) return { _tag: "Found", path }
  if (fromEnv !== undefined && fromEnv !== "") {
    return { _tag: "Missing", reason: `OPENAI_OPENAPI_SPEC names ${path}, which does not exist` }
  }
  const ci = process.env.CI
  if (ci !== undefined && ci !== "" && ci !== "false" && ci !== "0") {
    return { _tag: "Missing", reason: `the spec ${path} is absent, and CI must run the conformance suites` }
  }
  return { _tag: "Skip", reason: `the spec ${path} is absent (set OPENAI_OPENAPI_SPEC to point at it)` }
}

/**
 * The spec's path for a test file: the path when found; `undefined` (after
 * printing why) when the suite should skip; throws when the spec is missing
 * where it must exist.
 */
export const specForTests = (suite: string): string | undefined => {
  const location = locateSpec()
  switch (location._tag) {
    case "Found":
      return location.path
    case "Skip":
      console.warn(`[conformance] skipping ${suite}: ${location.reason}`)
      return undefined
    case "Missing":
      throw new Error(`[conformance] ${suite}: ${location.reason}`)
  }
}

// ---------------------------------------------------------------------------
// the spec and its patch
// ---------------------------------------------------------------------------

/** Reads and parses a spec file. */
export const readSpec = (path: string): unknown => Yaml.parse(Fs.readFileSync(path, "utf8"), { maxAliasCount: -1 })

type Json = Record<string, unknown>

const isObject = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

/** Every operationId of the spec, in document order. */
export const operationIds = (spec: unknown): ReadonlyArray<string> => {
  const out: Array<string> = []
  const paths = isObject(spec) && isObject(spec.paths) ? spec.paths : {}
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue
    for (const method of ["get", "put", "post", "delete", "options", "head", "patch", "trace"]) {
      const operation = item[method]
      if (isObject(operation) && typeof operation.operationId === "string") out.push(operation.operationId)
    }
  }
  return out
}

/** Follows a local `$ref` (`#/components/schemas/X`, chains included) to its schema. */
const resolveRef = (root: unknown, ref: string, seen = new Set<string>()): Json | undefined => {
  if (!ref.startsWith("#/") || seen.has(ref)) return undefined
  seen.add(ref)
  let node: unknown = root
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~")
    if (!isObject(node)) return undefined
    node = node[key]
  }
  if (!isObject(node)) return undefined
  return typeof node.$ref === "string" && node.type === undefined ? resolveRef(root, node.$ref, seen) : node
}

/** Keys whose values are data, never schemas: do not look for keywords inside. */
const dataKeys = new Set(["example", "examples", "default", "enum", "const", "x-oaiMeta"])
/** Keys whose values are maps from names to schemas (the names are not keywords). */
const nameMapKeys = new Set(["properties", "patternProperties", "schemas", "responses", "parameters", "paths"])

/** One `nullable` keyword removed by the patch. */
export interface PatchedNullable {
  /** JSON pointer of the schema that held it */
  readonly pointer: string
  /** What the schema combines instead of a `type` */
  readonly shape: string
  /** The value removed (`true`, or `false`: Ajv refuses both) */
  readonly value: unknown
}

/**
 * Removes `nullable` from every schema that has no `type`, in place, and
 * returns where it did.
 *
 * OpenAPI 3.0.3 says `nullable` has no effect without a `type`; Prism's
 * validator (Ajv) instead refuses to compile such a schema ("nullable" cannot
 * be used without "type"), and Prism then skips the request check of the
 * operation altogether. A `$ref` sibling is a special case: Prism's
 * dereferencer merges the siblings into the referenced schema, so `nullable`
 * beside a `$ref` whose target has a `type` is meaningful (null is accepted)
 * and harmless; it is kept. Beside a `$ref` to a `oneOf`/`anyOf`/`allOf`
 * without `type`, it is removed like the others.
 */
export const removeUntypedNullable = (spec: unknown): ReadonlyArray<PatchedNullable> => {
  const removed: Array<PatchedNullable> = []
  const walk = (node: unknown, pointer: string, namesOnly: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, `${pointer}/${i}`, false)
      })
      return
    }
    if (!isObject(node)) return
    if (!namesOnly && "nullable" in node && node.type === undefined) {
      const target = typeof node.$ref === "string" ? resolveRef(spec, node.$ref) : undefined
      if (target === undefined || target.type === undefined) {
        const combinators = ["$ref", "oneOf", "anyOf", "allOf", "not"].filter((k) => k in node)
        removed.push({
          pointer,
          shape: combinators.length === 0 ? "no type" : combinators.join("+"),
          value: node.nullable
        })
        delete node.nullable
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (!namesOnly && (dataKeys.has(key) || key.startsWith("x-"))) continue
      walk(value, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, !namesOnly && nameMapKeys.has(key))
    }
  }
  walk(spec, "#", false)
  return removed
}

/** One name removed from a `required` list by the patch. */
export interface PatchedRequired {
  /** JSON pointer of the schema */
  readonly pointer: string
  readonly property: string
}

/**
 * Removes, in place, the names a schema requires but cannot hold: not in its
 * `properties` while `additionalProperties: false`. No body can satisfy such
 * a schema. The 2024-05 spec has two: `thread_id` in `CreateRunRequest` and
 * `CreateThreadAndRunRequest` (the thread id is a path parameter, or does not
 * exist yet); later versions of the spec dropped it.
 */
export const removeUnsatisfiableRequired = (spec: unknown): ReadonlyArray<PatchedRequired> => {
  const removed: Array<PatchedRequired> = []
  const schemas = isObject(spec) && isObject(spec.components) ? spec.components.schemas : undefined
  if (!isObject(schemas)) return removed
  for (const [name, schema] of Object.entries(schemas)) {
    if (!isObject(schema) || schema.additionalProperties !== false || !Array.isArray(schema.required)) continue
    const properties = isObject(schema.properties) ? schema.properties : {}
    const keep = schema.required.filter((p) => typeof p === "string" && p in properties)
    for (const p of schema.required) {
      if (!keep.includes(p)) removed.push({ pointer: `#/components/schemas/${name}`, property: String(p) })
    }
    schema.required = keep
  }
  return removed
}

/** Response headers that describe the HTTP framing, not the API: Node sets them itself. */
const framingHeaders = new Set(["transfer-encoding", "content-length", "connection"])

/**
 * Removes, in place, the response headers that describe the message framing
 * (`Transfer-Encoding`, `Content-Length`, `Connection`) and returns where.
 * Prism mocks every declared header with a generated value: createSpeech
 * declares `Transfer-Encoding`, so Prism answered `Transfer-Encoding: string`
 * beside its own `Content-Length`, which is not valid HTTP/1.1 and which
 * undici refuses ("Content-Length can't be present with Transfer-Encoding").
 */
export const removeFramingHeaders = (spec: unknown): ReadonlyArray<string> => {
  const removed: Array<string> = []
  const paths = isObject(spec) && isObject(spec.paths) ? spec.paths : {}
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!isObject(response) || !isObject(response.headers)) continue
        for (const header of Object.keys(response.headers)) {
          if (!framingHeaders.has(header.toLowerCase())) continue
          delete response.headers[header]
          const id = typeof operation.operationId === "string" ? operation.operationId : `${method} ${path}`
          removed.push(`${id} ${status}: ${header}`)
        }
      }
    }
  }
  return removed
}

/**
 * Adds, in place, `encoding: { style: form, explode: true }` for the array
 * fields of multipart request bodies that declare none, and returns which.
 * Without it Prism keeps only the last value of a repeated field
 * (`timestamp_granularities[]=word&timestamp_granularities[]=segment`), as a
 * string, and rejects every array ("must be array"); with it, Prism reads
 * the repeated fields as the API does.
 */
export const addMultipartArrayEncoding = (spec: unknown): ReadonlyArray<string> => {
  const added: Array<string> = []
  const paths = isObject(spec) && isObject(spec.paths) ? spec.paths : {}
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue
    for (const operation of Object.values(item)) {
      if (!isObject(operation) || !isObject(operation.requestBody) || !isObject(operation.requestBody.content)) continue
      const multipart = operation.requestBody.content["multipart/form-data"]
      if (!isObject(multipart) || !isObject(multipart.schema)) continue
      const schema =
        typeof multipart.schema.$ref === "string" ? resolveRef(spec, multipart.schema.$ref) : multipart.schema
      if (!isObject(schema) || !isObject(schema.properties)) continue
      const encoding: Record<string, unknown> = isObject(multipart.encoding) ? { ...multipart.encoding } : {}
      for (const [name, property] of Object.entries(schema.properties)) {
        if (!isObject(property) || property.type !== "array" || encoding[name] !== undefined) continue
        encoding[name] = { style: "form", explode: true }
        added.push(`${String(operation.operationId)}: ${name}`)
      }
      if (Object.keys(encoding).length > 0) multipart.encoding = encoding
    }
  }
  return added
}

/** A patched copy of the spec in a fresh temporary folder. */
export interface PatchedSpec {
  readonly dir: string
  readonly path: string
  readonly removed: ReadonlyArray<PatchedNullable>
  readonly removedRequired: ReadonlyArray<PatchedRequired>
  readonly removedHeaders: ReadonlyArray<string>
}

/**
 * Writes the patched copy of `source` to a new folder under `os.tmpdir()`
 * (with `patch: false`, an unpatched copy, to show what the patch fixes).
 */
export const writePatchedSpec = (source: string, patch = true): PatchedSpec => {
  const spec = readSpec(source)
  const removed = patch ? removeUntypedNullable(spec) : []
  const removedRequired = patch ? removeUnsatisfiableRequired(spec) : []
  const removedHeaders = patch ? removeFramingHeaders(spec) : []
  if (patch) addMultipartArrayEncoding(spec)
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-openai-prism-"))
  const path = Path.join(dir, Path.basename(source).replace(/\.(ya?ml|json)$/i, "") + ".patched.yaml")
  Fs.writeFileSync(path, Yaml.stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false }))
  return { dir, path, removed, removedRequired, removedHeaders }
}

// ---------------------------------------------------------------------------
// the server
// ---------------------------------------------------------------------------

/** Prism could not be started. */
export class PrismError extends Data.TaggedError("PrismError")<{ readonly message: string }> {}

/** A running Prism. */
export interface Prism {
  /** `http://127.0.0.1:<port>`: the spec's paths are mounted at the root (no `/v1`) */
  readonly url: string
  readonly port: number
  /** The spec file it was asked to serve, and the patched copy it serves */
  readonly source: string
  readonly served: string
  /** The `nullable` keywords the patch removed */
  readonly removed: ReadonlyArray<PatchedNullable>
  /** The unsatisfiable `required` names the patch removed */
  readonly removedRequired: ReadonlyArray<PatchedRequired>
  /** The framing response headers the patch removed (`operationId status: header`) */
  readonly removedHeaders: ReadonlyArray<string>
  /** The last lines Prism logged (for failure messages) */
  readonly logTail: () => string
}

export interface Options {
  /** The spec to serve; default `locateSpec()` */
  readonly spec?: string | undefined
  /** `-d`: generate responses from the schemas instead of the spec's examples */
  readonly dynamic?: boolean | undefined
  /** With `dynamic`, the generator's seed (default "effect-openai") */
  readonly seed?: string | undefined
  /** How long to wait for Prism to answer (default 60 s) */
  readonly startTimeout?: Duration.DurationInput | undefined
  /** How many ports to try when one is taken in between (default 5) */
  readonly attempts?: number | undefined
  /** Apply the patches (default true; false only to show why they exist) */
  readonly patch?: boolean | undefined
}

const prismEntry = (): string => {
  const require = createRequire(Path.join(repoRoot, "package.json"))
  const manifest = require.resolve("@stoplight/prism-cli/package.json")
  const bin = (JSON.parse(Fs.readFileSync(manifest, "utf8")) as { bin: Record<string, string> }).bin.prism
  if (bin === undefined) throw new Error("@stoplight/prism-cli declares no `prism` bin")
  return Path.resolve(Path.dirname(manifest), bin)
}

/** A port that was free a moment ago: bind port 0 on 127.0.0.1, read it, release it. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.unref()
    server.once("error", reject)
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("no port assigned"))))
    })
  })

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

const waitExit = (child: ChildProcess, ms: number): Promise<boolean> =>
  exited(child)
    ? Promise.resolve(true)
    : new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.off("exit", onExit)
          resolve(false)
        }, ms)
        const onExit = () => {
          clearTimeout(timer)
          resolve(true)
        }
        child.once("exit", onExit)
      })

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {
      // already gone
    }
  }
}

/** Stops Prism: SIGTERM to its process group, then SIGKILL; each wait bounded. */
const stop = async (child: ChildProcess): Promise<void> => {
  if (exited(child)) return
  killGroup(child, "SIGTERM")
  if (await waitExit(child, 5_000)) return
  killGroup(child, "SIGKILL")
  await waitExit(child, 5_000)
}

interface Started {
  readonly child: ChildProcess
  readonly port: number
  readonly logTail: () => string
  readonly cleanup: () => void
}

const startOnce = async (entry: string, served: string, options: Options, deadline: number): Promise<Started> => {
  const port = await freePort()
  const args = [entry, "mock", served, "--host", "127.0.0.1", "--port", String(port), "--cors", "false"]
  if (options.dynamic) args.push("--dynamic", "--seed", options.seed ?? "effect-openai")
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    detached: true, // its own process group, killed whole at the end
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" }
  })
  const lines: Array<string> = []
  let listening = false
  let addressInUse = false
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim() === "") continue
      lines.push(line)
      if (line.includes("Prism is listening")) listening = true
      if (line.includes("EADDRINUSE")) addressInUse = true
    }
    if (lines.length > 400) lines.splice(0, lines.length - 200)
  }
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  let spawnError: Error | undefined
  child.once("error", (e) => {
    spawnError = e
  })
  // should the test process exit without the finalizer, take Prism with it
  const onExit = () => killGroup(child, "SIGKILL")
  process.once("exit", onExit)
  const logTail = () => lines.slice(-20).join("\n")
  const started: Started = { child, port, logTail, cleanup: () => process.off("exit", onExit) }

  const url = `http://127.0.0.1:${port}/models`
  while (Date.now() < deadline) {
    if (spawnError !== undefined || exited(child)) break
    try {
      const response = await fetch(url, {
        headers: { authorization: "Bearer sk-readiness" },
        signal: AbortSignal.timeout(2_000)
      })
      await response.arrayBuffer()
      // Prism answers 200 once it serves the spec; any other server on this port would not say "Prism"
      if (response.ok && listening) return started
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  await stop(child)
  started.cleanup()
  const tail = logTail()
  const reason =
    spawnError?.message ?? (exited(child) ? `exited with ${child.exitCode ?? child.signalCode}` : "timeout")
  throw Object.assign(new Error(`Prism did not start on port ${port} (${reason})\n${tail}`), {
    addressInUse
  })
}

/**
 * Starts Prism on a patched temporary copy of the spec; the scope stops it
 * and deletes the copy.
 *
 * @example
 * ```ts
 * Effect.scoped(Effect.flatMap(Prism.start(), (prism) => Effect.log(prism.url)))
 * ```
 */
export const start = (options: Options = {}): Effect.Effect<Prism, PrismError, Scope.Scope> =>
  Effect.gen(function* () {
    const source = options.spec ?? specForTests("Prism")
    if (source === undefined) return yield* new PrismError({ message: "no spec to serve" })
    const patched = yield* Effect.acquireRelease(
      Effect.try({
        try: () => writePatchedSpec(source, options.patch ?? true),
        catch: (e) => new PrismError({ message: `could not write the patched spec: ${String(e)}` })
      }),
      ({ dir }) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
    )
    const entry = yield* Effect.try({
      try: prismEntry,
      catch: (e) => new PrismError({ message: `@stoplight/prism-cli not found: ${String(e)}` })
    })
    const timeout = Duration.toMillis(Duration.decode(options.startTimeout ?? "60 seconds"))
    const attempts = options.attempts ?? 5
    const started = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const deadline = Date.now() + timeout
          let last: unknown
          for (let attempt = 1; attempt <= attempts && Date.now() < deadline; attempt++) {
            try {
              return await startOnce(entry, patched.path, options, deadline)
            } catch (e) {
              last = e
              // the free port was taken between our probe and Prism's bind: try another
              if (!(e as { addressInUse?: boolean }).addressInUse) break
            }
          }
          throw last ?? new Error(`Prism did not start within ${timeout} ms`)
        },
        catch: (e) => new PrismError({ message: e instanceof Error ? e.message : String(e) })
      }),
      (s) => Effect.promise(() => stop(s.child).finally(s.cleanup))
    )
    return {
      url: `http://127.0.0.1:${started.port}`,
      port: started.port,
      source,
      served: patched.path,
      removed: patched.removed,
      removedRequired: patched.removedRequired,
      removedHeaders: patched.removedHeaders,
      logTail: started.logTail
    }
  })
