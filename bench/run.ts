/**
 * One bench run in this (fresh) process: one contender, one workload. Prints
 * one JSON line (`RunResult`) on stdout.
 *
 *   node --conditions=source --import tsx bench/run.ts <contender> <workload> <baseUrl> [--profile <dir>]
 *
 * With `--profile`, the timed part runs under the V8 CPU profiler and the
 * profile is written to `<dir>/<contender>-<workload>-<pid>.cpuprofile`.
 */
import * as Fs from "node:fs/promises"
import { SourceMap } from "node:module"
import * as Path from "node:path"
import type { Contender, Instance, RunResult } from "./types.js"
import { workloadByName } from "./workloads.js"

const peakRssMb = () => process.resourceUsage().maxRSS / 1024

const versionsOf = async (packages: ReadonlyArray<string>): Promise<Record<string, string>> => {
  const out: Record<string, string> = { node: process.version }
  for (const name of packages) {
    try {
      const json = JSON.parse(await Fs.readFile(Path.join("node_modules", name, "package.json"), "utf8"))
      out[name] = String(json.version)
    } catch {
      out[name] = "?"
    }
  }
  return out
}

/** Rewrites the frames of tsx-compiled modules to their TypeScript positions. */
const remap = (
  profile: { nodes: Array<{ callFrame: { scriptId: string; lineNumber: number; columnNumber: number } }> },
  maps: ReadonlyMap<string, string>
) => {
  const decoded = new Map<string, SourceMap | undefined>()
  for (const { callFrame } of profile.nodes) {
    const url = maps.get(callFrame.scriptId)
    if (url === undefined) continue
    let map = decoded.get(url)
    if (!decoded.has(url)) {
      try {
        const json = Buffer.from(url.slice(url.indexOf(",") + 1), "base64").toString("utf8")
        map = new SourceMap(JSON.parse(json))
      } catch {
        map = undefined
      }
      decoded.set(url, map)
    }
    const entry = map?.findEntry(callFrame.lineNumber, callFrame.columnNumber)
    if (entry !== undefined && "originalLine" in entry) {
      callFrame.lineNumber = entry.originalLine
      callFrame.columnNumber = entry.originalColumn
    }
  }
}

const print = (result: RunResult) => process.stdout.write(`${JSON.stringify(result)}\n`)

const main = async (): Promise<number> => {
  const [contenderName, workloadName, baseUrl, ...rest] = process.argv.slice(2)
  if (contenderName === undefined || workloadName === undefined || baseUrl === undefined) {
    process.stderr.write("usage: run.ts <contender> <workload> <baseUrl> [--profile <dir>]\n")
    return 2
  }
  const profileIndex = rest.indexOf("--profile")
  const profileDir = profileIndex === -1 ? undefined : rest[profileIndex + 1]
  const base = { contender: contenderName, workload: workloadName }
  const workload = workloadByName(workloadName)
  if (workload === undefined) {
    print({ ...base, ok: false, peakRssMb: peakRssMb(), error: `unknown workload ${workloadName}` })
    return 1
  }

  let instance: Instance | undefined
  try {
    const module = (await import(`./contenders/${contenderName}.js`)) as { default: Contender }
    instance = await module.default.make({ baseUrl, apiKey: "sk-bench" })
    const readyAt = performance.now()
    const versions = await versionsOf(module.default.packages)
    if (instance[workload.needs] === undefined) {
      print({
        ...base,
        ok: false,
        unsupported: true,
        peakRssMb: peakRssMb(),
        error: `no ${workload.needs} operation`,
        versions
      })
      return 0
    }

    // CPU time of this process over the timed part: less disturbed than wall time by
    // other load on the machine, and it leaves out the server's share.
    let cpuMs: number | undefined
    const timed = async <A>(f: () => Promise<A>) => {
      if (profileDir === undefined) {
        const cpu = process.cpuUsage()
        const start = performance.now()
        const value = await f()
        const ms = performance.now() - start
        const used = process.cpuUsage(cpu)
        cpuMs = (used.user + used.system) / 1000
        return { ms, value }
      }
      const { Session } = await import("node:inspector/promises")
      const session = new Session()
      session.connect()
      await session.post("Profiler.enable")
      await session.post("Profiler.setSamplingInterval", { interval: 100 })
      await session.post("Profiler.start")
      const start = performance.now()
      const value = await f()
      const ms = performance.now() - start
      const { profile } = await session.post("Profiler.stop")
      // tsx compiles each module to one line: map frames back through the inline source maps.
      const maps = new Map<string, string>()
      session.on("Debugger.scriptParsed", ({ params }) => {
        if (params.sourceMapURL?.startsWith("data:")) maps.set(params.scriptId, params.sourceMapURL)
      })
      await session.post("Debugger.enable")
      await session.post("Debugger.disable")
      session.disconnect()
      remap(profile, maps)
      await Fs.mkdir(profileDir, { recursive: true })
      const file = Path.join(profileDir, `${contenderName}-${workloadName}-${process.pid}.cpuprofile`)
      await Fs.writeFile(file, JSON.stringify(profile))
      return { ms, value }
    }

    const m = await workload.run({ instance, readyAt, timed })
    print({
      ...base,
      ok: true,
      ms: m.ms,
      ops: m.ops,
      unit: m.unit,
      opsPerSec: m.ops / (m.ms / 1000),
      ...(cpuMs === undefined ? {} : { cpuMs }),
      peakRssMb: peakRssMb(),
      versions,
      ...(m.extra === undefined ? {} : { extra: m.extra })
    })
    return 0
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    print({ ...base, ok: false, peakRssMb: peakRssMb(), error: message.slice(0, 500) })
    return 1
  } finally {
    await instance?.close().catch(() => undefined)
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)
