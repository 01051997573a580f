/**
 * Embeddings as floats (`number[]`) and as base64 (decoded for you into a
 * `Float32Array`), and the cosine similarity of two texts.
 *
 *   npx tsx --conditions=source examples/embeddings.ts
 */
import { Embeddings } from "@effect-openai/core"
import { Console, Effect } from "effect"
import { isMain, run } from "./_runtime.js"

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!
    na += a[i]! * a[i]!
    nb += b[i]! * b[i]!
  }
  return dot / Math.sqrt(na * nb)
}

export const program = Effect.gen(function* () {
  const input = ["The cat sat on the mat.", "A feline rested on the rug."]
  const floats = yield* Embeddings.create({ model: "text-embedding-3-small", input })
  const base64 = yield* Embeddings.create({ model: "text-embedding-3-small", input, encoding_format: "base64" })
  const [a, b] = floats.data
  yield* Console.log("vectors:", floats.data.length, "× dimensions:", a?.embedding.length)
  yield* Console.log("first values (float): ", a?.embedding.slice(0, 4))
  const [c, d] = base64.data
  yield* Console.log("first values (base64):", c?.embedding.subarray(0, 4)) // a Float32Array
  yield* Console.log("cosine similarity:", cosine(a!.embedding, b!.embedding).toFixed(4))
  yield* Console.log("cosine similarity (base64):", cosine(c!.embedding, d!.embedding).toFixed(4))
  yield* Console.log("usage:", floats.usage)
})

if (isMain(import.meta.url)) await run("embeddings", program)
