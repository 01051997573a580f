/**
 * Which API area (generated module) an operation belongs to, by its path.
 */
import { pascalCase } from "./spec.js"

/** The module for schemas used by several areas, or by none. */
export const SHARED = "Shared"

/** The areas of the 2024-05 spec, in the order the modules are listed. */
export const KNOWN_AREAS: ReadonlyArray<string> = [
  "Chat",
  "Completions",
  "Embeddings",
  "Audio",
  "Images",
  "Files",
  "FineTuning",
  "Models",
  "Moderations",
  "Assistants",
  "Threads",
  "Messages",
  "Runs",
  "RunSteps",
  "VectorStores",
  "VectorStoreFiles",
  "VectorStoreFileBatches",
  "Batches"
]

/** Module names the generator uses for itself. */
const RESERVED = new Set([SHARED, "Operations", "Index"])

/**
 * The area of an operation path:
 * - `/threads/...`: `Runs` if a literal segment is `runs` (`RunSteps` if one
 *   is also `steps`), else `Messages` if one is `messages`, else `Threads`;
 * - `/vector_stores/...`: `VectorStoreFileBatches` if a literal segment is
 *   `file_batches`, else `VectorStoreFiles` if one is `files`, else
 *   `VectorStores`;
 * - anything else: the PascalCase of the first segment (`fine_tuning` →
 *   `FineTuning`), with any query string dropped.
 */
export const areaForPath = (path: string): string => {
  const literals = (path.split("?")[0] ?? "")
    .split("/")
    .filter((segment) => segment.length > 0 && !segment.startsWith("{"))
  const first = literals[0] ?? ""
  if (first === "threads") {
    if (literals.includes("runs")) return literals.includes("steps") ? "RunSteps" : "Runs"
    return literals.includes("messages") ? "Messages" : "Threads"
  }
  if (first === "vector_stores") {
    if (literals.includes("file_batches")) return "VectorStoreFileBatches"
    return literals.includes("files") ? "VectorStoreFiles" : "VectorStores"
  }
  const area = pascalCase(first)
  return RESERVED.has(area) ? `${area}Api` : area
}
