/**
 * `pnpm bench`: every contender on every workload, each run in a fresh
 * process, interleaved over rounds, against one local server in its own
 * process. Prints the medians, min–max, the ratio to raw undici and the peak
 * RSS; writes the raw results to `bench/results/latest.json`.
 *
 *   pnpm bench [--rounds 5] [--workloads chat-seq,stream|all] [--contenders undici,effect-openai] [--profile] [--sse]
 *
 * `--profile` CPU-profiles the timed part of every run into
 * `bench/results/profiles/` (summarise with `bench/profile.ts`); the profiler
 * slows the runs, so do not compare its timings with unprofiled ones.
 * `--sse` also runs the in-process SSE decoder micro-benchmark (`bench/sse.ts`).
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs/promises"
import * as Os from "node:os"
import * as Path from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import type { RunResult } from "./types.js"
import { workloads } from "./workloads.js"

const benchDir = Path.dirname(fileURLToPath(import.meta.url))
const root = Path.dirname(benchDir)
const resultsDir = Path.join(benchDir, "results")
/** Where `startup-bundled` finds `bench/startup.mjs` bundled. */
const bundleDir = Path.join(resultsDir, "startup-bundle")
const BASELINE = "undici"
const RUN_TIMEOUT_MS = 180_000

/** Node flags of the server child: the tsx loader and the workspace's `source` condition. */
const nodeArgs = ["--conditions=source", "--import", "tsx"]
/**
 * Node flags of a measured run: the tsx loader for the bench's own files, and
 * the workspace packages from their built `dist/` (no `source` condition), as
 * a user's process loads them.
 */
const runNodeArgs = ["--import", "tsx"]

interface Args {
  readonly rounds: number
  readonly workloads: ReadonlyArray<string> | undefined
  readonly contenders: ReadonlyArray<string> | undefined
  readonly profile: boolean
  readonly sse: boolean
}

const parseArgs = (argv: ReadonlyArray<string>): Args => {
  let rounds = 5
  let selectedWorkloads: ReadonlyArray<string> | undefined
  let contenders: ReadonlyArray<string> | undefined
  let profile = false
  let sse = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes("=") ? (arg.split("=", 2) as [string, string]) : [arg, undefined]
    const value = () => inline ?? argv[++i] ?? ""
    const list = () =>
      value()
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
    if (flag === "--rounds") rounds = Number.parseInt(value(), 10)
    else if (flag === "--workloads") selectedWorkloads = list()
    else if (flag === "--contenders") contenders = list()
    else if (flag === "--profile") profile = true
    else if (flag === "--sse") sse = true
    else if (flag === "--") continue
    else throw new Error(`unknown argument ${arg}`)
  }
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds wants a positive integer")
  return { rounds, workloads: selectedWorkloads, contenders, profile, sse }
}

/** Every module in `bench/contenders/`, raw undici first. */
const discoverContenders = async (): Promise<ReadonlyArray<string>> => {
  const files = await Fs.readdir(Path.join(benchDir, "contenders"))
  const names = files
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => f.slice(0, -3))
    .sort()
  return [...names.filter((n) => n === BASELINE), ...names.filter((n) => n !== BASELINE)]
}

const startServer = async (): Promise<{ child: ChildProcess; port: number }> => {
  const child = spawn(process.execPath, [...nodeArgs, Path.join(benchDir, "server.ts")], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"]
  })
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.once("line", (line) => {
      lines.close()
      const n = Number.parseInt(line, 10)
      if (Number.isInteger(n)) resolve(n)
      else reject(new Error(`server said ${line}`))
    })
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)))
    child.once("error", reject)
  })
  return { child, port }
}

/**
 * The args of one run. `startup` runs `bench/startup.mjs` under plain `node`;
 * every other workload runs `bench/run.ts` under tsx. Both load the built
 * packages.
 */
const runArgs = (contender: string, workload: string, baseUrl: string, profileDir: string | undefined) => {
  if (workload === "startup" || workload === "startup-bundled") {
    const profile =
      profileDir === undefined
        ? []
        : [
            "--cpu-prof",
            `--cpu-prof-dir=${profileDir}`,
            `--cpu-prof-name=${contender}-${workload}-${Date.now()}.cpuprofile`
          ]
    const script = workload === "startup" ? Path.join(benchDir, "startup.mjs") : Path.join(bundleDir, "startup.mjs")
    return [...profile, script, contender, baseUrl, workload]
  }
  const args = [...runNodeArgs, Path.join(benchDir, "run.ts"), contender, workload, baseUrl]
  if (profileDir !== undefined) args.push("--profile", profileDir)
  return args
}

/** The newest modification time of the files under `dir` (0 when there are none). */
const newestMtime = async (dir: string): Promise<number> => {
  let newest = 0
  const entries = await Fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const stat = await Fs.stat(Path.join(entry.parentPath, entry.name)).catch(() => undefined)
    if (stat !== undefined && stat.mtimeMs > newest) newest = stat.mtimeMs
  }
  return newest
}

/**
 * Every run measures the built packages: rebuild them (`tsc -b
 * tsconfig.build.json`, what `pnpm build` runs) when a source is newer than
 * its `dist`. Type errors elsewhere in the tree do not stop the emit.
 */
const ensureBuilt = async (): Promise<void> => {
  let stale = false
  for (const pkg of ["core", "node"]) {
    const dist = await Fs.stat(Path.join(root, "packages", pkg, "dist", "index.js")).catch(() => undefined)
    const src = await newestMtime(Path.join(root, "packages", pkg, "src"))
    if (dist === undefined || src > dist.mtimeMs) stale = true
  }
  if (!stale) return
  console.log("bench: building the packages (tsc -b tsconfig.build.json)…")
  await new Promise<void>((resolve) => {
    const child = spawn(
      process.execPath,
      [Path.join(root, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.build.json"],
      { cwd: root, stdio: ["ignore", "inherit", "inherit"] }
    )
    child.on("close", () => resolve())
  })
  for (const pkg of ["core", "node"]) {
    await Fs.stat(Path.join(root, "packages", pkg, "dist", "index.js")).catch(() => {
      throw new Error(`bench: packages/${pkg}/dist/index.js is missing after the build`)
    })
  }
}

/**
 * Bundles `bench/startup.mjs` with esbuild for the `startup-bundled`
 * workload: ESM with code splitting, so each contender's dynamic import is its
 * own chunk and a run loads only what its contender reaches. The built
 * packages are bundled from their `dist/`, as an application's bundler would.
 * `require` is defined for the CommonJS packages inside (undici).
 */
const bundleStartup = async (): Promise<void> => {
  const esbuild = await import("esbuild")
  await Fs.rm(bundleDir, { recursive: true, force: true })
  await esbuild.build({
    entryPoints: [Path.join(benchDir, "startup.mjs")],
    outdir: bundleDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);'
    }
  })
}

const runOne = (contender: string, workload: string, baseUrl: string, profileDir: string | undefined) =>
  new Promise<RunResult>((resolve) => {
    const args = runArgs(contender, workload, baseUrl, profileDir)
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s))
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s))
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      const line = stdout
        .trim()
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("{"))
      if (line !== undefined) {
        try {
          return resolve(JSON.parse(line) as RunResult)
        } catch {}
      }
      resolve({
        contender,
        workload,
        ok: false,
        peakRssMb: 0,
        error: `exit ${code ?? signal}: ${(stderr || stdout).trim().slice(-800)}`
      })
    })
  })

/** The peak RSS of an empty child with the same flags: the floor under every figure. */
const emptyProcessRssMb = () =>
  new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [...runNodeArgs, "-e", "process.stdout.write(String(process.resourceUsage().maxRSS / 1024))"],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"] }
    )
    let out = ""
    child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s))
    child.on("close", () => resolve(Math.round(Number.parseFloat(out))))
  })

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const fmtMs = (ms: number) => (ms >= 100 ? fmt(ms) : fmt(ms, 1))

interface Row {
  readonly workload: string
  readonly contender: string
  readonly runs: number
  readonly failures: number
  readonly medianMs?: number
  readonly minMs?: number
  readonly maxMs?: number
  readonly opsPerSec?: number
  readonly unit?: string
  readonly ratio?: number
  readonly roundRatioMin?: number
  readonly roundRatioMax?: number
  readonly peakRssMb?: number
  readonly medianCpuMs?: number
  readonly cpuRatio?: number
  readonly note?: string
}

/** An error on one table line: its first line, cut short. */
const oneLine = (text: string): string => {
  const line = text.split("\n", 1)[0] ?? ""
  return line.length > 100 ? `${line.slice(0, 100)}…` : line
}

type Tagged = RunResult & { readonly round: number }

const summarise = (
  results: ReadonlyArray<Tagged>,
  workloadNames: ReadonlyArray<string>,
  contenders: ReadonlyArray<string>
): ReadonlyArray<Row> => {
  const rows: Array<Row> = []
  for (const workload of workloadNames) {
    const of = (contender: string) => results.filter((r) => r.workload === workload && r.contender === contender)
    const okMs = (contender: string) => of(contender).filter((r) => r.ok && r.ms !== undefined)
    const baseline = okMs(BASELINE)
    const baselineMedian = baseline.length > 0 ? median(baseline.map((r) => r.ms!)) : undefined
    const cpuOf = (runs: ReadonlyArray<RunResult>) => {
      const cpu = runs.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]))
      return cpu.length === 0 ? undefined : median(cpu)
    }
    const baselineCpu = cpuOf(baseline)
    for (const contender of contenders) {
      const all = of(contender)
      const ok = okMs(contender)
      const failures = all.length - ok.length
      if (ok.length === 0) {
        const first = all.find((r) => !r.ok)
        rows.push({
          workload,
          contender,
          runs: all.length,
          failures,
          note: first?.unsupported ? "unsupported" : `failed: ${oneLine(first?.error ?? "no run")}`
        })
        continue
      }
      const ms = ok.map((r) => r.ms!)
      const medianMs = median(ms)
      const medianCpuMs = cpuOf(ok)
      const ops = ok[0]!.ops!
      // Per-round ratios: each run against the baseline run of the same round.
      const roundRatios = ok.flatMap((r) => {
        const b = baseline.find((x) => x.round === r.round)
        return b === undefined ? [] : [r.ms! / b.ms!]
      })
      rows.push({
        workload,
        contender,
        runs: all.length,
        failures,
        medianMs,
        minMs: Math.min(...ms),
        maxMs: Math.max(...ms),
        opsPerSec: ops / (medianMs / 1000),
        unit: ok[0]!.unit ?? "op",
        ...(baselineMedian === undefined ? {} : { ratio: medianMs / baselineMedian }),
        ...(roundRatios.length === 0
          ? {}
          : { roundRatioMin: Math.min(...roundRatios), roundRatioMax: Math.max(...roundRatios) }),
        peakRssMb: median(ok.map((r) => r.peakRssMb)),
        ...(medianCpuMs === undefined ? {} : { medianCpuMs }),
        ...(medianCpuMs === undefined || baselineCpu === undefined ? {} : { cpuRatio: medianCpuMs / baselineCpu }),
        ...(failures > 0 ? { note: `${failures} failed: ${oneLine(all.find((r) => !r.ok)?.error ?? "")}` } : {})
      })
    }
  }
  return rows
}

/** A Markdown table, readable in a terminal and pasteable into docs/PERFORMANCE.md. */
const table = (rows: ReadonlyArray<Row>): string => {
  const header = [
    "workload",
    "contender",
    "median ms (min–max)",
    "throughput",
    "× undici (per-round range)",
    "client CPU ms (× undici)",
    "peak RSS MB"
  ]
  const body = rows.map((r) =>
    r.medianMs === undefined
      ? [r.workload, r.contender, r.note ?? "", "", "", "", ""]
      : [
          r.workload,
          r.contender,
          `${fmtMs(r.medianMs)} (${fmtMs(r.minMs!)}–${fmtMs(r.maxMs!)})`,
          r.unit === "start" ? "" : `${fmt(r.opsPerSec!)} ${r.unit}/s`,
          r.ratio === undefined
            ? ""
            : `${r.ratio.toFixed(2)}×${r.roundRatioMin === undefined || r.contender === BASELINE ? "" : ` (${r.roundRatioMin.toFixed(2)}–${r.roundRatioMax!.toFixed(2)})`}`,
          r.medianCpuMs === undefined
            ? ""
            : `${fmtMs(r.medianCpuMs)}${r.cpuRatio === undefined ? "" : ` (${r.cpuRatio.toFixed(2)}×)`}`,
          `${fmt(r.peakRssMb!)}${r.note === undefined ? "" : ` (${r.note})`}`
        ]
  )
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n")
}

const machine = async () => {
  const cpuinfo = await Fs.readFile("/proc/cpuinfo", "utf8").catch(() => "")
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? Os.cpus()[0]?.model ?? "unknown"
  return {
    cpus: Os.availableParallelism(),
    cpuModel: model.trim(),
    memoryGb: Math.round((Os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${Os.type()} ${Os.release()} ${Os.arch()}`,
    emptyProcessRssMb: await emptyProcessRssMb()
  }
}

const main = async () => {
  const args = parseArgs(process.argv.slice(2))
  const available = await discoverContenders()
  const contenders = args.contenders ?? available
  for (const c of contenders) if (!available.includes(c)) throw new Error(`unknown contender ${c}`)
  const selected =
    args.workloads === undefined
      ? workloads.filter((w) => w.byDefault)
      : args.workloads.includes("all")
        ? workloads
        : args.workloads.map((name) => {
            const w = workloads.find((x) => x.name === name)
            if (w === undefined) throw new Error(`unknown workload ${name}; known: ${workloads.map((x) => x.name)}`)
            return w
          })
  const workloadNames = selected.map((w) => w.name)
  const profileDir = args.profile ? Path.join(resultsDir, "profiles") : undefined
  const info = await machine()
  console.log(
    `bench: ${info.cpus} CPUs (${info.cpuModel}), ${info.memoryGb} GB, Node ${info.node}; ` +
      `${args.rounds} rounds × [${workloadNames.join(", ")}] × [${contenders.join(", ")}]` +
      (args.profile ? " (CPU profiling on)" : "") +
      `; an empty child process peaks at ${info.emptyProcessRssMb} MB RSS`
  )

  await ensureBuilt()
  if (workloadNames.includes("startup-bundled")) await bundleStartup()
  const { child: server, port } = await startServer()
  const killServer = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM")
  }
  process.once("exit", killServer)
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      killServer()
      process.exit(130)
    })
  }

  const baseUrl = `http://127.0.0.1:${port}/v1`
  const results: Array<Tagged> = []
  const started = Date.now()
  try {
    for (let round = 1; round <= args.rounds; round++) {
      // Alternate the order each round, so neither side always runs first.
      const order = round % 2 === 1 ? contenders : [...contenders].reverse()
      for (const workload of workloadNames) {
        for (const contender of order) {
          const result = await runOne(contender, workload, baseUrl, profileDir)
          results.push({ ...result, round })
          const what = result.ok
            ? `${fmtMs(result.ms!)} ms, ${fmt(result.opsPerSec!)} ${result.unit}/s, ${fmt(result.peakRssMb)} MB`
            : result.unsupported
              ? "unsupported"
              : `FAILED ${result.error}`
          console.log(`  round ${round}  ${workload.padEnd(12)} ${contender.padEnd(16)} ${what}`)
        }
      }
    }
  } finally {
    killServer()
  }

  const rows = summarise(results, workloadNames, contenders)
  const seconds = (Date.now() - started) / 1000
  console.log("")
  console.log(
    `Medians of ${args.rounds} rounds, each run in a fresh process; ratios are median / median of ${BASELINE} in this run` +
      ` (wall time; client CPU = user+system time of the client process over the timed part). ${fmt(seconds)} s.`
  )
  console.log(table(rows))

  let sseResults: ReadonlyArray<unknown> | undefined
  if (args.sse) {
    const { run } = await import("./sse.js")
    const sse = run()
    sseResults = sse
    console.log("\nSSE decoder micro-benchmark (bench/sse.ts, in this process, 20,000 events in 64 KiB reads):")
    for (const r of sse) console.log(`  ${r.name.padEnd(12)} ${fmt(r.eventsPerSecond).padStart(12)} events/s`)
  }

  const versions: Record<string, string> = {}
  for (const r of results) Object.assign(versions, r.versions ?? {})
  await Fs.mkdir(resultsDir, { recursive: true })
  const file = Path.join(resultsDir, "latest.json")
  await Fs.writeFile(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        command: `pnpm bench ${process.argv.slice(2).join(" ")}`.trim(),
        machine: info,
        versions,
        rounds: args.rounds,
        workloads: selected.map(({ description, name }) => ({ name, description })),
        contenders,
        seconds,
        summary: rows,
        ...(sseResults === undefined ? {} : { sse: sseResults }),
        runs: results
      },
      null,
      2
    )}\n`
  )
  console.log(`\nRaw results: ${Path.relative(root, file)}`)
  // A peer that fails a workload is a result (it is in the table); this client or the baseline failing is an error.
  const ours = new Set([BASELINE, "effect-openai"])
  if (results.some((r) => !r.ok && !r.unsupported && ours.has(r.contender))) process.exitCode = 1
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
