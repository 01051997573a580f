/**
 * Moderations: classify two texts, one result each.
 *
 *   npx tsx --conditions=source examples/moderations.ts
 */
import { Moderations } from "@effect-openai/core"
import { Console, Effect } from "effect"
import { isMain, run } from "./_runtime.js"

export const program = Effect.gen(function* () {
  const input = ["I will kill the lights and go to bed.", "Have a wonderful day!"]
  const moderation = yield* Moderations.create({ input })
  yield* Console.log("model:", moderation.model)
  for (const [i, result] of moderation.results.entries()) {
    const flagged = Object.entries(result.categories)
      .filter(([, on]) => on)
      .map(
        ([category]) =>
          `${category} (${result.category_scores[category as keyof typeof result.category_scores].toFixed(3)})`
      )
    yield* Console.log(JSON.stringify(input[i]), "→ flagged:", result.flagged, flagged.join(", "))
  }
})

if (isMain(import.meta.url)) await run("moderations", program)
