/**
 * List the models, read one.
 *
 *   npx tsx --conditions=source examples/models.ts
 */
import { Models } from "@effect-openai/core"
import { Console, Effect } from "effect"
import { isMain, run } from "./_runtime.js"

export const program = Effect.gen(function* () {
  const list = yield* Models.list()
  yield* Console.log(
    `${list.data.length} models, for example:`,
    list.data.slice(0, 3).map((m) => m.id)
  )
  const model = yield* Models.retrieve(list.data[0]!.id)
  yield* Console.log("retrieved:", model)
})

if (isMain(import.meta.url)) await run("models", program)
