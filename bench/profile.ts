/**
 * Summarises V8 CPU profiles (`.cpuprofile`, as written by `pnpm bench
 * --profile` or `node --cpu-prof`): self time by area (package) and the top
 * functions by self time.
 *
 *   npx tsx bench/profile.ts [--top 20] bench/results/profiles/effect-openai-chat-seq-*.cpuprofile
 *
 * Several files are summed, so the figures of one contender and workload over
 * several rounds add up.
 */
import * as Fs from "node:fs/promises"
import { pathToFileURL } from "node:url"

interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
  readonly columnNumber: number
}

interface ProfileNode {
  readonly id: number
  readonly callFrame: CallFrame
}

interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

export interface Summary {
  readonly totalMs: number
  readonly areas: ReadonlyArray<{ readonly area: string; readonly ms: number }>
  readonly files: ReadonlyArray<{ readonly file: string; readonly ms: number }>
  readonly functions: ReadonlyArray<{ readonly name: string; readonly where: string; readonly ms: number }>
}

/** Which package or part of the runtime a frame belongs to. */
const areaOf = (frame: CallFrame): string => {
  const { functionName, url } = frame
  if (url === "") {
    if (functionName === "(garbage collector)") return "GC"
    if (functionName === "(program)" || functionName === "(idle)") return functionName
    return "V8 builtins / native"
  }
  if (url.startsWith("node:")) return "node internals"
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf("node_modules/.pnpm/") + 1))
  if (nm !== null) return nm[1]!
  const ws = /\/packages\/([^/]+)\/(?:src|dist)\//.exec(url)
  if (ws !== null) return `@effect-openai/${ws[1]}`
  if (url.includes("/bench/")) return "bench"
  return url
}

const shortWhere = (frame: CallFrame): string => {
  if (frame.url === "") return ""
  const url = frame.url.replace(/^file:\/\//, "")
  const nm = url.lastIndexOf("node_modules/")
  const short = nm >= 0 ? url.slice(nm + "node_modules/".length) : url.replace(/^.*\/(packages|bench)\//, "$1/")
  return `${short}:${frame.lineNumber + 1}`
}

export const summarise = (profiles: ReadonlyArray<Profile>): Summary => {
  const byArea = new Map<string, number>()
  const byFile = new Map<string, number>()
  const byFunction = new Map<string, { name: string; where: string; ms: number }>()
  let total = 0
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
    for (let i = 0; i < profile.samples.length; i++) {
      const node = nodes.get(profile.samples[i]!)
      if (node === undefined) continue
      const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000
      total += ms
      const frame = node.callFrame
      const area = areaOf(frame)
      byArea.set(area, (byArea.get(area) ?? 0) + ms)
      const where = shortWhere(frame)
      const file = where === "" ? frame.functionName : where.slice(0, where.lastIndexOf(":"))
      byFile.set(file, (byFile.get(file) ?? 0) + ms)
      const key = `${frame.functionName}@${where}`
      const entry = byFunction.get(key) ?? { name: frame.functionName || "(anonymous)", where, ms: 0 }
      entry.ms += ms
      byFunction.set(key, entry)
    }
  }
  return {
    totalMs: total,
    areas: [...byArea].map(([area, ms]) => ({ area, ms })).sort((a, b) => b.ms - a.ms),
    files: [...byFile].map(([file, ms]) => ({ file, ms })).sort((a, b) => b.ms - a.ms),
    functions: [...byFunction.values()].sort((a, b) => b.ms - a.ms)
  }
}

export const format = (summary: Summary, top: number): string => {
  const pct = (ms: number) => `${((ms / summary.totalMs) * 100).toFixed(1).padStart(5)}%`
  const lines = [`total ${summary.totalMs.toFixed(0)} ms sampled`, "", "self time by area:"]
  for (const a of summary.areas.slice(0, 12)) lines.push(`  ${pct(a.ms)}  ${a.area}`)
  lines.push("", "self time by file:")
  for (const f of summary.files.slice(0, 12)) lines.push(`  ${pct(f.ms)}  ${f.file}`)
  lines.push("", `top ${top} functions by self time:`)
  for (const f of summary.functions.slice(0, top)) lines.push(`  ${pct(f.ms)}  ${f.name}  ${f.where}`)
  return lines.join("\n")
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href

if (isMain) {
  const argv = process.argv.slice(2)
  const topIndex = argv.indexOf("--top")
  const top = topIndex === -1 ? 20 : Number.parseInt(argv[topIndex + 1] ?? "20", 10)
  const files = argv.filter((_, i) => topIndex === -1 || (i !== topIndex && i !== topIndex + 1))
  if (files.length === 0) {
    console.error("usage: profile.ts [--top N] <file.cpuprofile>...")
    process.exit(2)
  }
  const profiles = await Promise.all(files.map(async (f) => JSON.parse(await Fs.readFile(f, "utf8")) as Profile))
  console.log(format(summarise(profiles), top))
}
