/**
 * Every operationId of the spec has exactly one conformance case, and every
 * case names an operationId of the spec. The operationIds are read from the
 * spec's YAML itself, not from the generated code.
 */
import { describe, expect, it } from "@effect/vitest"
import { cases } from "./cases/index.js"
import * as Prism from "./prism.js"

const spec = Prism.specForTests("coverage.test.ts")

describe.skipIf(spec === undefined)("conformance coverage", () => {
  it("the spec's operationIds and the cases match one to one", () => {
    const ids = Prism.operationIds(Prism.readSpec(spec!))
    expect(ids.length, "the spec lists no operationId").toBeGreaterThan(0)
    expect(new Set(ids).size, "the spec repeats an operationId").toBe(ids.length)

    const counts = new Map<string, number>()
    for (const c of cases) counts.set(c.operationId, (counts.get(c.operationId) ?? 0) + 1)
    const inSpec = new Set(ids)

    const missing = ids.filter((id) => !counts.has(id))
    const unknown = [...counts.keys()].filter((id) => !inSpec.has(id))
    const duplicated = [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} cases)`)

    const problems = [
      missing.length > 0 ? `no case (${missing.length}): ${missing.join(", ")}` : undefined,
      unknown.length > 0 ? `not in the spec (${unknown.length}): ${unknown.join(", ")}` : undefined,
      duplicated.length > 0 ? `more than one case: ${duplicated.join(", ")}` : undefined
    ].filter((p) => p !== undefined)
    expect(problems, `${ids.length} operations in ${spec}, ${cases.length} cases\n${problems.join("\n")}`).toEqual([])
  })
})
