/**
 * Vector stores for `file_search`: upload two files, create a store, attach
 * one file, attach both in a batch, list the store's files, clean up.
 *
 *   npx tsx --conditions=source examples/vector-stores.ts
 */
import { Files, Uploadable, VectorStoreFileBatches, VectorStoreFiles, VectorStores } from "@effect-openai/core"
import { Console, Effect, Stream } from "effect"
import { isMain, run } from "./_runtime.js"

const upload = (filename: string, text: string) =>
  Files.create({ file: Uploadable.fromBytes(new TextEncoder().encode(text), filename), purpose: "assistants" })

export const program = Effect.gen(function* () {
  const faq = yield* upload("faq.md", "# FAQ\n\nQ: How do I reset my password?\nA: Use the link on the login page.\n")
  const policy = yield* upload("returns.txt", "Returns are accepted within 30 days with a receipt.\n")
  yield* Console.log("uploaded:     ", [faq.id, policy.id])

  const store = yield* VectorStores.create({
    name: "Support FAQ",
    expires_after: { anchor: "last_active_at", days: 7 },
    metadata: { team: "support" }
  })
  yield* Console.log("vector store: ", store.id, store.name, store.status)

  const attached = yield* VectorStoreFiles.create(store.id, { file_id: faq.id })
  yield* Console.log("attached:     ", attached.id, attached.status)

  const batch = yield* VectorStoreFileBatches.create(store.id, { file_ids: [faq.id, policy.id] })
  yield* Console.log("batch:        ", batch.id, batch.status, batch.file_counts)
  const inBatch = yield* VectorStoreFileBatches.listFiles(store.id, batch.id)
  yield* Console.log(
    "in the batch: ",
    inBatch.data.map((f) => f.id)
  )

  const files = yield* VectorStoreFiles.listAll(store.id, { limit: 1 }).pipe(Stream.runCollect)
  yield* Console.log(
    "store files:  ",
    [...files].map((f) => `${f.id} (${f.status}, ${f.usage_bytes} bytes)`)
  )
  const counted = yield* VectorStores.retrieve(store.id)
  yield* Console.log("file_counts:  ", counted.file_counts)

  yield* Console.log("detached:     ", yield* VectorStoreFiles.delete(store.id, faq.id))
  yield* Console.log("deleted:      ", yield* VectorStores.delete(store.id))
  yield* Effect.forEach([faq.id, policy.id], (id) => Files.delete(id), { discard: true })
})

if (isMain(import.meta.url)) await run("vector-stores", program)
