/**
 * What the spec's operations reach: the operation table, the schemas that
 * operations declare inline (given names here), which schemas are
 * response-reachable (tolerant), and which module each schema goes to.
 */
import { areaForPath, KNOWN_AREAS, SHARED } from "./areas.js"
import type { Node, Spec } from "./spec.js"
import { asNode, asString, collectRefs, componentRefName, isNode, pascalCase, resolvePointer } from "./spec.js"

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

/** One schema to emit: a component, or an inline operation body given a name. */
export interface SchemaEntry {
  readonly name: string
  readonly node: unknown
  /** Set for an inline request or response body: the operation it comes from. */
  readonly syntheticFrom?: string
}

export interface OperationInfo {
  readonly operationId: string
  readonly method: string
  readonly path: string
  readonly area: string
  readonly requestBody?: { readonly contentType: string; readonly schema?: string }
  readonly response?: string
  readonly responseContentType?: string
  readonly deprecated: boolean
}

export interface Analysis {
  /** Components first (document order), then synthesized schemas (operation order). */
  readonly schemas: ReadonlyArray<SchemaEntry>
  readonly operations: ReadonlyArray<OperationInfo>
  /** Schema name → module name. */
  readonly moduleOf: ReadonlyMap<string, string>
  /** Module names, in output order (areas first, `Shared` last). */
  readonly modules: ReadonlyArray<string>
  /** Response-reachable schemas (and the ones no operation reaches). */
  readonly tolerant: ReadonlySet<string>
  /** Spec-level references of every schema. */
  readonly refs: ReadonlyMap<string, ReadonlySet<string>>
}

/** Worth a name of its own: an object, a union or an array, not a bare primitive. */
const isStructured = (u: unknown): boolean => {
  if (!isNode(u)) return false
  if (typeof u["$ref"] === "string") return false
  if (u["allOf"] !== undefined || u["anyOf"] !== undefined || u["oneOf"] !== undefined) return true
  if (u["properties"] !== undefined || u["additionalProperties"] !== undefined || u["items"] !== undefined) return true
  const type = u["type"]
  return (
    type === "object" ||
    type === "array" ||
    (Array.isArray(type) && (type.includes("object") || type.includes("array")))
  )
}

const pickContent = (content: Node): [string, Node] | undefined => {
  const entries = Object.entries(content).filter((e): e is [string, Node] => isNode(e[1]))
  return (
    entries.find(([ct]) => ct === "application/json") ??
    entries.find(([ct]) => ct === "multipart/form-data") ??
    entries[0]
  )
}

const derefNode = (spec: Spec, u: unknown): Node | undefined => {
  const node = asNode(u)
  const ref = asString(node?.["$ref"])
  return ref === undefined ? node : asNode(resolvePointer(spec, ref))
}

export const analyze = (spec: Spec): Analysis => {
  const schemas: Array<SchemaEntry> = [...spec.components].map(([name, node]) => ({ name, node }))
  const taken = new Set(spec.components.keys())
  const synthesize = (base: string, alternative: string, node: unknown, operationId: string): string => {
    let name = taken.has(base) ? alternative : base
    for (let i = 2; taken.has(name); i++) name = `${alternative}${i}`
    taken.add(name)
    schemas.push({ name, node, syntheticFrom: operationId })
    return name
  }

  const operations: Array<OperationInfo> = []
  const requestRoots = new Map<string, Set<string>>()
  const responseRoots = new Map<string, Set<string>>()
  const usedIds = new Set<string>()
  for (const [path, item] of Object.entries(asNode(spec.root["paths"]) ?? {})) {
    if (!isNode(item)) continue
    for (const [method, opNode] of Object.entries(item)) {
      if (!METHODS.includes(method) || !isNode(opNode)) continue
      const baseId = asString(opNode["operationId"]) ?? `${method}${pascalCase(path)}`
      let operationId = baseId
      for (let i = 2; usedIds.has(operationId); i++) operationId = `${baseId}${i}`
      usedIds.add(operationId)
      const prefix = pascalCase(operationId)
      const reqRoots = new Set<string>()
      const resRoots = new Set<string>()
      let requestBody: OperationInfo["requestBody"]
      const body = derefNode(spec, opNode["requestBody"])
      const bodyContent = asNode(body?.["content"])
      if (bodyContent !== undefined) {
        for (const media of Object.values(bodyContent))
          collectRefs(spec, asNode(media)?.["schema"], undefined, reqRoots)
        const picked = pickContent(bodyContent)
        if (picked !== undefined) {
          const [contentType, media] = picked
          const schema = media["schema"]
          const ref = asString(asNode(schema)?.["$ref"])
          const refName = ref === undefined ? undefined : componentRefName(ref)
          const name =
            refName ??
            (isStructured(schema)
              ? synthesize(`${prefix}Request`, `${prefix}RequestBody`, schema, operationId)
              : undefined)
          if (name !== undefined) reqRoots.add(name)
          requestBody = name === undefined ? { contentType } : { contentType, schema: name }
        }
      }
      let response: string | undefined
      let responseContentType: string | undefined
      let primaryDone = false
      for (const [status, resNode] of Object.entries(asNode(opNode["responses"]) ?? {})) {
        const res = derefNode(spec, resNode)
        const content = asNode(res?.["content"])
        if (content === undefined) continue
        for (const media of Object.values(content)) collectRefs(spec, asNode(media)?.["schema"], undefined, resRoots)
        if (primaryDone || !status.startsWith("2")) continue
        primaryDone = true
        const picked = pickContent(content)
        if (picked === undefined) continue
        const [contentType, media] = picked
        const schema = media["schema"]
        const ref = asString(asNode(schema)?.["$ref"])
        response =
          (ref === undefined ? undefined : componentRefName(ref)) ??
          (isStructured(schema)
            ? synthesize(`${prefix}Response`, `${prefix}ResponseBody`, schema, operationId)
            : undefined)
        if (response !== undefined) resRoots.add(response)
        if (response === undefined || contentType !== "application/json") responseContentType = contentType
      }
      requestRoots.set(operationId, reqRoots)
      responseRoots.set(operationId, resRoots)
      operations.push({
        operationId,
        method: method.toUpperCase(),
        path,
        area: areaForPath(path),
        ...(requestBody !== undefined ? { requestBody } : {}),
        ...(response !== undefined ? { response } : {}),
        ...(responseContentType !== undefined ? { responseContentType } : {}),
        deprecated: opNode["deprecated"] === true
      })
    }
  }

  const refs = new Map<string, ReadonlySet<string>>()
  for (const entry of schemas) {
    const found = collectRefs(spec, entry.node, entry.name)
    for (const name of found) {
      if (!taken.has(name)) throw new Error(`${entry.name}: $ref to missing schema ${name}`)
    }
    refs.set(entry.name, found)
  }
  const closure = (roots: Iterable<string>): Set<string> => {
    const seen = new Set<string>()
    const stack = [...roots]
    while (stack.length > 0) {
      const name = stack.pop()!
      if (seen.has(name)) continue
      seen.add(name)
      for (const next of refs.get(name) ?? []) stack.push(next)
    }
    return seen
  }

  // Areas: the areas whose operations reach each schema.
  const areasOf = new Map<string, Set<string>>()
  for (const op of operations) {
    const reached = closure([...(requestRoots.get(op.operationId) ?? []), ...(responseRoots.get(op.operationId) ?? [])])
    for (const name of reached) {
      const set = areasOf.get(name) ?? new Set<string>()
      set.add(op.area)
      areasOf.set(name, set)
    }
  }
  const moduleOf = new Map<string, string>()
  for (const { name } of schemas) {
    const areas = areasOf.get(name)
    moduleOf.set(name, areas !== undefined && areas.size === 1 ? [...areas][0]! : SHARED)
  }
  // `Shared` imports only from itself: pull in everything a shared schema refers to.
  const pending = schemas.map((s) => s.name).filter((name) => moduleOf.get(name) === SHARED)
  while (pending.length > 0) {
    const name = pending.pop()!
    for (const next of refs.get(name) ?? []) {
      if (moduleOf.get(next) !== SHARED) {
        moduleOf.set(next, SHARED)
        pending.push(next)
      }
    }
  }

  // Tolerance: reachable from a response, or from a schema no operation reaches
  // (stream events, errors, deltas: all things the client receives).
  const orphans = schemas.map((s) => s.name).filter((name) => !areasOf.has(name))
  const tolerant = closure([...[...responseRoots.values()].flatMap((set) => [...set]), ...orphans])

  const opAreas = [...new Set(operations.map((op) => op.area))]
  const modules = [
    ...KNOWN_AREAS.filter((area) => opAreas.includes(area)),
    ...opAreas.filter((area) => !KNOWN_AREAS.includes(area)),
    SHARED
  ]
  return { schemas, operations, moduleOf, modules, tolerant, refs }
}

/** The JSON Schema `deprecated` flag, as a boolean. */
export const isDeprecated = (u: unknown): boolean => asNode(u)?.["deprecated"] === true

/** A schema's description, if it has one. */
export const descriptionOf = (u: unknown): string | undefined => {
  const node = asNode(u)
  const d = asString(node?.["description"])
  if (d !== undefined && d.trim().length > 0) return d
  return undefined
}
