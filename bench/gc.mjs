/**
 * What returning a large value from an Effect fiber costs the garbage
 * collector, with no network and no client: the same JSON (256 vectors of
 * 1,536 numbers, as an embeddings response) parsed 60 times, and each
 * result dropped by the caller at once. Each mode runs in a child process
 * under `--trace-gc-nvp`; the table sums its scavenges (count, bytes
 * promoted to the old generation, pause time).
 *
 * - `plain`: an async function that awaits a macrotask, then parses;
 * - `effect`: the same in a fiber (`Effect.promise` for the wait, as every
 *   client call suspends on its socket), run with `Effect.runPromise`;
 * - `effect-around-plain`: `plain` itself, wrapped in `Effect.promise`;
 * - `effect-yield`: a fiber that parses after `Effect.yieldNow()` instead
 *   (it suspends, but on no asynchronous operation);
 * - `effect-async-sync`: a fiber that parses after an `Effect.async` whose
 *   callback resumes it at once (no time passes, nothing is allocated in
 *   between);
 * - `effect-sync`: a fiber that only parses;
 * - `effect-andthen-promise`: a fiber that waits on the promise through
 *   `Effect.andThen(Effect.void, () => promise)`, which suspends it without
 *   keeping its resume callback in the operation's closure (effect 3.22).
 *
 *   node bench/gc.mjs
 *
 * It backs the embed-float analysis in docs/PERFORMANCE.md: the bytes
 * allocated are the same in every mode, but the result of a fiber that
 * went through an asynchronous operation survives later scavenges (after
 * the caller dropped it) and is promoted, so the scavenger copies it again.
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const ROUNDS = 60
const modes = [
  "plain",
  "effect",
  "effect-around-plain",
  "effect-yield",
  "effect-async-sync",
  "effect-sync",
  "effect-andthen-promise"
]

const child = async (mode) => {
  const { Effect } = await import("effect")
  const vector = () => Array.from({ length: 1536 }, () => Math.random() * 2 - 1)
  const data = Array.from({ length: 256 }, (_, index) => ({ object: "embedding", index, embedding: vector() }))
  const text = JSON.stringify({ object: "list", data })
  // One macrotask per call, as a response arriving on a socket.
  const arrive = () => new Promise((resolve) => setImmediate(resolve))
  const vectorsOf = (body) => body.data.map((item) => item.embedding)
  const plain = async () => {
    await arrive()
    return vectorsOf(JSON.parse(text))
  }
  const run = {
    plain,
    effect: () =>
      Effect.runPromise(Effect.flatMap(Effect.promise(arrive), () => Effect.sync(() => vectorsOf(JSON.parse(text))))),
    "effect-around-plain": () => Effect.runPromise(Effect.promise(plain)),
    "effect-yield": () =>
      Effect.runPromise(Effect.flatMap(Effect.yieldNow(), () => Effect.sync(() => vectorsOf(JSON.parse(text))))),
    "effect-async-sync": () =>
      Effect.runPromise(
        Effect.flatMap(
          Effect.async((resume) => resume(Effect.void)),
          () => Effect.sync(() => vectorsOf(JSON.parse(text)))
        )
      ),
    "effect-sync": () => Effect.runPromise(Effect.sync(() => vectorsOf(JSON.parse(text)))),
    "effect-andthen-promise": () =>
      Effect.runPromise(
        Effect.flatMap(
          Effect.andThen(Effect.void, () => arrive()),
          () => Effect.sync(() => vectorsOf(JSON.parse(text)))
        )
      )
  }[mode]
  for (let i = 0; i < ROUNDS; i++) {
    // The caller keeps nothing: only the count is looked at.
    if ((await run()).length !== 256) throw new Error("unexpected result")
  }
}

const summarise = (trace) => {
  let count = 0
  let promoted = 0
  let pause = 0
  for (const line of trace.split("\n")) {
    if (!line.includes(" gc=s ")) continue
    const field = (name) => Number(new RegExp(`\\b${name}=([0-9.]+)`).exec(line)?.[1] ?? 0)
    count++
    promoted += field("promoted")
    pause += field("pause")
  }
  return { count, promoted, pause }
}

const mode = process.argv[2]
if (mode !== undefined) {
  await child(mode)
} else {
  const self = fileURLToPath(import.meta.url)
  console.log(`${ROUNDS} parses of a 5 MB embeddings body per mode, one process each (--trace-gc-nvp)`)
  console.log("| mode | scavenges | promoted MB | scavenge pause ms |")
  console.log("| --- | --- | --- | --- |")
  for (const m of modes) {
    const out = spawnSync(process.execPath, ["--trace-gc-nvp", self, m], { encoding: "utf8" })
    if (out.status !== 0) throw new Error(`${m} failed: ${out.stderr}`)
    const { count, promoted, pause } = summarise(out.stdout)
    console.log(`| ${m} | ${count} | ${(promoted / 1e6).toFixed(0)} | ${pause.toFixed(0)} |`)
  }
}
