/**
 * Corrections for known errors in the 2024-05 spec, each fixed upstream
 * later. A patch applies only while the spec still has the exact erroneous
 * value, so newer specs pass through untouched. Each patched field says so
 * in its description.
 */
import type { Node, Spec } from "./spec.js"
import { asNode } from "./spec.js"

interface Patch {
  readonly schema: string
  readonly property: string
  /** Whether the property still has the erroneous value. */
  readonly matches: (property: Node) => boolean
  readonly fix: (property: Node) => Node
  readonly note: string
}

const sameList = (u: unknown, expected: ReadonlyArray<string>): boolean =>
  Array.isArray(u) && u.length === expected.length && u.every((v, i) => v === expected[i])

const durationIsNumber: Omit<Patch, "schema"> = {
  property: "duration",
  matches: (p) => p["type"] === "string",
  fix: (p) => ({ ...p, type: "number" }),
  note: "The spec says `string`; the API sends a number (fixed upstream later)."
}

const PATCHES: ReadonlyArray<Patch> = [
  { schema: "CreateTranscriptionResponseVerboseJson", ...durationIsNumber },
  { schema: "CreateTranslationResponseVerboseJson", ...durationIsNumber },
  {
    schema: "CreateFileRequest",
    property: "purpose",
    matches: (p) => sameList(p["enum"], ["fine-tune", "assistants"]),
    fix: (p) => ({ ...p, enum: ["fine-tune", "assistants", "batch"] }),
    note: "`batch` added: the Batch API needs it, and the spec added it upstream on 2024-05-08."
  },
  {
    schema: "MessageContentTextAnnotationsFileCitationObject",
    property: "file_citation",
    matches: (p) => Array.isArray(p["required"]) && p["required"].includes("quote"),
    fix: (p) => ({ ...p, required: (p["required"] as ReadonlyArray<unknown>).filter((r) => r !== "quote") }),
    note: "`quote` is optional: the API stopped sending it (the spec dropped it upstream later)."
  },
  {
    schema: "ImagesResponse",
    property: "data",
    matches: (p) => p["type"] === "array" && p["default"] === undefined,
    fix: (p) => ({ ...p, default: [] }),
    note: "Decodes as `[]` when the API leaves it out, as it may now (the spec made it optional upstream later)."
  },
  {
    schema: "FineTuningJob",
    property: "hyperparameters",
    matches: (p) => p["type"] === "object" && p["nullable"] !== true,
    fix: (p) => ({ ...p, nullable: true }),
    note: "Nullable: the API sends it only for supervised jobs, and `null` (or nothing) for the other methods added later."
  },
  {
    schema: "RunObject",
    property: "instructions",
    matches: (p) => p["type"] === "string" && p["nullable"] !== true,
    fix: (p) => ({ ...p, nullable: true }),
    note: "Nullable: the API sends `null` (every run example of the later spec shows it)."
  }
]

/**
 * The cursors of every list response: the spec makes `first_id`/`last_id`
 * required strings, but the API sends `null` on an empty page, so a client
 * that trusts the spec cannot list an account that has nothing yet.
 */
const nullableCursors = (spec: Spec): ReadonlyArray<Patch> =>
  [...spec.components.keys()]
    .filter((name) => /^List\w*Response$/.test(name))
    .flatMap((schema) =>
      ["first_id", "last_id"].map((property) => ({
        schema,
        property,
        matches: (p: Node) => p["type"] === "string" && p["nullable"] !== true,
        fix: (p: Node) => ({ ...p, nullable: true }),
        note: "Nullable: the API sends `null` on an empty page (the spec says string)."
      }))
    )

/** Applies the patches that match; returns a description of each applied one. */
export const applyPatches = (spec: Spec): ReadonlyArray<string> => {
  const applied: Array<string> = []
  const components = spec.components
  for (const patch of [...PATCHES, ...nullableCursors(spec)]) {
    const schema = asNode(components.get(patch.schema))
    const properties = asNode(schema?.["properties"])
    const property = asNode(properties?.[patch.property])
    if (schema === undefined || properties === undefined || property === undefined || !patch.matches(property)) continue
    const description = typeof property["description"] === "string" ? `${property["description"].trimEnd()}\n\n` : ""
    const fixed = { ...patch.fix(property), description: `${description}${patch.note}` }
    components.set(patch.schema, { ...schema, properties: { ...properties, [patch.property]: fixed } })
    applied.push(`${patch.schema}.${patch.property}: ${patch.note}`)
  }
  return applied
}
