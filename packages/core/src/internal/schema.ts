/**
 * Schema building blocks shared by the generated schemas and the hand-written
 * modules.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/**
 * The annotation under which `OpenEnum` keeps the values the spec knows.
 *
 * @internal
 */
export const KnownValuesId: unique symbol = Symbol.for("@effect-openai/core/KnownValues")

/**
 * An enum-like string field of a response. The API adds values every month
 * (finish reasons, statuses, tool types, model names), so any string decodes;
 * the type still lists the values the spec knew, for completion in editors.
 *
 * @internal
 */
export const OpenEnum = <const Literals extends ReadonlyArray<string>>(
  ...literals: Literals
): Schema.Schema<Literals[number] | (string & {})> => Schema.String.annotations({ [KnownValuesId]: literals })

/**
 * What an upload may be made from. Building the multipart body from it is
 * the request pipeline's job.
 *
 * @internal
 */
export type Uploadable = Blob | Uint8Array | ArrayBuffer | UploadSource

/**
 * A named upload whose bytes come from somewhere else (a stream or a path),
 * produced by the upload helpers.
 *
 * @internal
 */
export interface UploadSource {
  readonly _tag: "UploadSource"
  readonly filename: string
  readonly contentType?: string | undefined
  readonly [key: string]: unknown
}

const isUploadable = (u: unknown): u is Uploadable =>
  (typeof Blob !== "undefined" && u instanceof Blob) ||
  u instanceof Uint8Array ||
  u instanceof ArrayBuffer ||
  (typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "UploadSource")

/**
 * A `format: binary` field of a multipart request: a file to upload.
 *
 * @internal
 */
export const Binary: Schema.Schema<Uploadable> = Schema.declare(isUploadable, {
  identifier: "Uploadable",
  description: "a file: Blob, File, Uint8Array, ArrayBuffer or an upload source"
})
