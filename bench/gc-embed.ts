/**
 * What the garbage collector does during the embed-float workload, per
 * contender: each run is a fresh process under `--trace-gc-nvp` that makes 3
 * warm-up calls, then 20 timed `embed` calls (the bench's embed-float, through
 * the same contender modules, against the bench server), and the table sums
 * the collections inside the timed part only: scavenges, bytes they promoted
 * to the old generation, their pauses, and the mark-compacts.
 *
 *   pnpm build && npx tsx bench/gc-embed.ts [--rounds 3] [--contenders undici,effect-openai]
 *
 * It measures the built packages (`dist/`), as `pnpm bench` does. See the
 * embed-float part of docs/PERFORMANCE.md for what it showed.
 */
import { spawn } from "node:child_process"
import { writeSync } from "node:fs"
import * as Path from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { embedRequest } from "./fixtures.js"
import type { Contender } from "./types.js"

const CALLS = 20
const START = "gc-embed: timed part starts"
const END = "gc-embed: timed part ends"

/** One run: the contender's embed calls, with markers around the timed part. */
const child = async (name: string, baseUrl: string): Promise<void> => {
  const contender = ((await import(`./contenders/${name}.js`)) as { default: Contender }).default
  const instance = await contender.make({ baseUrl, apiKey: "sk-bench" })
  const embed = instance.embed
  if (embed === undefined) throw new Error(`${name} has no embed operation`)
  const request = embedRequest("float")
  for (let i = 0; i < 3; i++) await embed(request)
  // Synchronous writes, so the markers land between V8's own trace lines.
  writeSync(1, `${START}\n`)
  const start = performance.now()
  for (let i = 0; i < CALLS; i++) {
    const vectors = await embed(request)
    if (vectors.length !== 256) throw new Error(`${name}: ${vectors.length} vectors`)
  }
  writeSync(1, `${END} ${(performance.now() - start).toFixed(0)}\n`)
  await instance.close()
}

interface Summary {
  readonly ms: number
  readonly scavenges: number
  readonly promotedMb: number
  readonly scavengePauseMs: number
  readonly markCompacts: number
  readonly markCompactPauseMs: number
}

/** Sums the collections traced between the markers. */
const summarise = (trace: string): Summary => {
  let timed = false
  let ms = Number.NaN
  let scavenges = 0
  let promoted = 0
  let scavengePause = 0
  let markCompacts = 0
  let markCompactPause = 0
  for (const line of trace.split("\n")) {
    if (line.startsWith(START)) timed = true
    else if (line.startsWith(END)) {
      timed = false
      ms = Number(line.slice(END.length))
    } else if (timed) {
      const kind = / gc=(\w+) /.exec(line)?.[1]
      if (kind === undefined) continue
      const pause = Number(/ pause=([0-9.]+)/.exec(line)?.[1] ?? 0)
      if (kind === "s") {
        scavenges++
        promoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0)
        scavengePause += pause
      } else {
        markCompacts++
        markCompactPause += pause
      }
    }
  }
  if (Number.isNaN(ms)) throw new Error("the run printed no timed part")
  return {
    ms,
    scavenges,
    promotedMb: promoted / 1e6,
    scavengePauseMs: scavengePause,
    markCompacts,
    markCompactPauseMs: markCompactPause
  }
}

const collect = (command: string, args: ReadonlyArray<string>): Promise<string> =>
  new Promise((resolve, reject) => {
    const proc = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] })
    let out = ""
    proc.stdout.setEncoding("utf8")
    proc.stdout.on("data", (s: string) => {
      out += s
    })
    proc.on("error", reject)
    proc.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`run exited with ${code}`))))
  })

const parent = async (argv: ReadonlyArray<string>): Promise<void> => {
  let rounds = 3
  let contenders = ["undici", "effect-openai"]
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--rounds") rounds = Number.parseInt(argv[++i] ?? "", 10)
    else if (argv[i] === "--contenders") contenders = (argv[++i] ?? "").split(",").filter((s) => s !== "")
    else throw new Error(`unknown argument ${argv[i]}`)
  }
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds wants a positive integer")
  const benchDir = Path.dirname(fileURLToPath(import.meta.url))
  const server = spawn(process.execPath, ["--conditions=source", "--import", "tsx", Path.join(benchDir, "server.ts")], {
    stdio: ["pipe", "pipe", "inherit"]
  })
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: server.stdout })
      lines.once("line", (line) => {
        lines.close()
        resolve(line.trim())
      })
      server.once("exit", (code) => reject(new Error(`the server exited with ${code}`)))
    })
    const baseUrl = `http://127.0.0.1:${port}/v1`
    console.log(`${CALLS} embed-float calls per run, after 3 warm-up calls; collections inside the timed part only`)
    console.log("| contender | round | ms | scavenges | promoted MB | scavenge pause ms | mark-compacts (pause ms) |")
    console.log("| --- | --- | --- | --- | --- | --- | --- |")
    for (let round = 1; round <= rounds; round++) {
      for (const name of contenders) {
        const trace = await collect(process.execPath, [
          "--import",
          "tsx",
          "--trace-gc-nvp",
          fileURLToPath(import.meta.url),
          name,
          baseUrl
        ])
        const s = summarise(trace)
        console.log(
          `| ${name} | ${round} | ${s.ms} | ${s.scavenges} | ${s.promotedMb.toFixed(0)} | ${s.scavengePauseMs.toFixed(0)} | ${s.markCompacts} (${s.markCompactPauseMs.toFixed(0)}) |`
        )
      }
    }
  } finally {
    server.stdin?.end()
    server.kill()
  }
}

const [first, second] = process.argv.slice(2)
if (first !== undefined && second !== undefined && !first.startsWith("--")) await child(first, second)
else await parent(process.argv.slice(2))
