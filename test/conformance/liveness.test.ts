/**
 * Proves that Prism's request check is live, so that a passing conformance
 * case means something.
 *
 * For the 9 operations whose request schemas use `nullable` without `type`
 * (Prism silently skips their check on the unpatched spec), for one ordinary
 * JSON operation and for one multipart operation:
 *
 * - a valid control body passes Prism (2xx), and the same body with one field
 *   broken is rejected (4xx) with a violation that names the field;
 * - on the unpatched spec, Prism lets the broken bodies of the 9 through
 *   (the reason for the patch; this pins the premise for Prism 5.14.2);
 * - our client refuses every broken body before sending (`InvalidRequestError`
 *   naming the field, nothing sent), through `Testing.layer()`.
 *
 * The bodies go to Prism with plain `fetch` and a bearer token: our client
 * would not send them.
 */
import { describe, expect, it, layer } from "@effect/vitest"
import { Assistants, Chat, Completions, Files, Generated, Images, Moderations, Testing } from "@effect-openai/core"
import * as Runs from "@effect-openai/core/Runs"
import type { Schema } from "effect"
import { SchemaAST as AST, Context, Effect, Either, Layer, Option } from "effect"
import * as Prism from "./prism.js"

type Fields = Readonly<Record<string, unknown>>

interface Probe {
  readonly operationId: string
  /** Its request schema uses `nullable` without `type` (silently unchecked by Prism unpatched) */
  readonly untyped: boolean
  readonly method: "POST"
  /** The path on Prism (path parameters filled in) */
  readonly path: string
  readonly multipart: boolean
  /** A valid body */
  readonly control: Fields
  /** The control with one field broken (`undefined`: the field removed) */
  readonly broken: Fields
  /** The field the violation must name */
  readonly field: string
  /** Our client's call with the broken body, through the public service */
  readonly client: Effect.Effect<unknown, unknown, any>
  /** The generated request schema */
  readonly schema: Schema.Schema<any, any>
}

const file = (name: string, type: string) => ({ name, type, bytes: "fake bytes for the conformance tests" })

/** Replaces `file(...)` placeholders with real `File`s for our client. */
const withFiles = (fields: Fields): Fields =>
  Object.fromEntries(
    Object.entries(fields).map(([k, v]) => {
      const f = v as { name?: unknown; bytes?: unknown; type?: unknown }
      return typeof f === "object" && f !== null && typeof f.bytes === "string"
        ? [k, new File([f.bytes], String(f.name), { type: String(f.type) })]
        : [k, v]
    })
  )

const without = (fields: Fields, key: string): Fields =>
  Object.fromEntries(Object.entries(fields).filter(([k]) => k !== key))

const runControl = { assistant_id: "asst_abc123" }

const probe = (
  p: Omit<Probe, "method" | "client"> & {
    readonly service: (broken: any) => Effect.Effect<unknown, unknown, any>
  }
): Probe => {
  const { service, ...rest } = p
  return { ...rest, method: "POST", client: service(p.multipart ? withFiles(p.broken) : p.broken) }
}

const completion = { model: "gpt-3.5-turbo-instruct", prompt: "Say this is a test", max_tokens: 7 }
const imageEdit = {
  image: file("otter.png", "image/png"),
  prompt: "A cute baby sea otter wearing a beret",
  n: "2",
  size: "1024x1024"
}
const imageVariation = { image: file("otter.png", "image/png"), n: "2", size: "1024x1024" }
const assistant = { model: "gpt-4-turbo", name: "Math Tutor", instructions: "You are a personal math tutor." }

const probes: ReadonlyArray<Probe> = [
  probe({
    operationId: "createCompletion",
    untyped: true,
    path: "/completions",
    multipart: false,
    control: completion,
    broken: { ...completion, prompt: 42 },
    field: "prompt",
    schema: Generated.Completions.CreateCompletionRequest,
    service: Completions.create
  }),
  probe({
    operationId: "createImage",
    untyped: true,
    path: "/images/generations",
    multipart: false,
    control: { model: "dall-e-3", prompt: "A cute baby sea otter", n: 1, size: "1024x1024" },
    broken: { model: 3, prompt: "A cute baby sea otter", n: 1, size: "1024x1024" },
    field: "model",
    schema: Generated.Images.CreateImageRequest,
    service: Images.generate
  }),
  probe({
    operationId: "createImageEdit",
    untyped: true,
    path: "/images/edits",
    multipart: true,
    control: imageEdit,
    broken: without(imageEdit, "image"),
    field: "image",
    schema: Generated.Images.CreateImageEditRequest,
    service: Images.edit
  }),
  probe({
    operationId: "createImageVariation",
    untyped: true,
    path: "/images/variations",
    multipart: true,
    control: imageVariation,
    broken: without(imageVariation, "image"),
    field: "image",
    schema: Generated.Images.CreateImageVariationRequest,
    service: Images.createVariation
  }),
  probe({
    operationId: "createModeration",
    untyped: true,
    path: "/moderations",
    multipart: false,
    control: { input: "I want to kill them." },
    broken: { input: "I want to kill them.", model: 7 },
    field: "model",
    schema: Generated.Moderations.CreateModerationRequest,
    service: Moderations.create
  }),
  probe({
    operationId: "createAssistant",
    untyped: true,
    path: "/assistants",
    multipart: false,
    control: assistant,
    broken: { ...assistant, response_format: 42 },
    field: "response_format",
    schema: Generated.Assistants.CreateAssistantRequest,
    service: Assistants.create
  }),
  probe({
    operationId: "modifyAssistant",
    untyped: true,
    path: "/assistants/asst_abc123",
    multipart: false,
    control: { instructions: "You are an HR bot." },
    broken: { instructions: "You are an HR bot.", response_format: 42 },
    field: "response_format",
    schema: Generated.Assistants.ModifyAssistantRequest,
    service: (broken) => Assistants.update("asst_abc123", broken)
  }),
  probe({
    operationId: "createThreadAndRun",
    untyped: true,
    path: "/threads/runs",
    multipart: false,
    control: { ...runControl, thread: { messages: [{ role: "user", content: "Explain deep learning." }] } },
    broken: { ...runControl, thread: { messages: [{ role: "user", content: "Explain deep learning." }] }, model: 42 },
    field: "model",
    schema: Generated.Runs.CreateThreadAndRunRequest,
    service: Runs.createThreadAndRun
  }),
  probe({
    operationId: "createRun",
    untyped: true,
    path: "/threads/thread_abc123/runs",
    multipart: false,
    control: runControl,
    broken: { ...runControl, model: 42 },
    field: "model",
    schema: Generated.Runs.CreateRunRequest,
    service: (broken) => Runs.create("thread_abc123", broken)
  }),
  probe({
    operationId: "createChatCompletion",
    untyped: false,
    path: "/chat/completions",
    multipart: false,
    control: { model: "gpt-4-turbo", messages: [{ role: "user", content: "Hello!" }] },
    broken: { model: "gpt-4-turbo" },
    field: "messages",
    schema: Generated.Chat.CreateChatCompletionRequest,
    service: Chat.create
  }),
  probe({
    operationId: "createFile",
    untyped: false,
    path: "/files",
    multipart: true,
    control: { file: file("mydata.jsonl", "application/jsonl"), purpose: "fine-tune" },
    broken: { purpose: "fine-tune" },
    field: "file",
    schema: Generated.Files.CreateFileRequest,
    service: Files.create
  })
]

// ---------------------------------------------------------------------------
// straight to Prism
// ---------------------------------------------------------------------------

interface Answer {
  readonly status: number
  readonly body: unknown
}

const send = (prism: Prism.Prism, p: Probe, fields: Fields): Promise<Answer> => {
  let body: string | FormData
  const headers: Record<string, string> = {
    authorization: "Bearer sk-liveness",
    "openai-beta": "assistants=v2"
  }
  if (p.multipart) {
    const form = new FormData()
    for (const [key, value] of Object.entries(fields)) {
      const f = value as { name: string; type: string; bytes?: string }
      if (typeof f === "object" && typeof f.bytes === "string")
        form.append(key, new Blob([f.bytes], { type: f.type }), f.name)
      else form.append(key, String(value))
    }
    body = form
  } else {
    body = JSON.stringify(fields)
    headers["content-type"] = "application/json"
  }
  return fetch(`${prism.url}${p.path}`, { method: p.method, headers, body, signal: AbortSignal.timeout(20_000) }).then(
    async (response) => {
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {
        // keep the text
      }
      return { status: response.status, body: parsed }
    }
  )
}

interface Violation {
  readonly location?: ReadonlyArray<string>
  readonly message?: string
}

const violationsOf = (body: unknown): ReadonlyArray<Violation> => {
  const list = (body as { validation?: unknown } | null)?.validation
  return Array.isArray(list) ? (list as ReadonlyArray<Violation>) : []
}

/** Does a violation name `field` (as its location, or in its message for a missing property)? */
const names = (v: Violation, field: string) =>
  (v.location ?? []).includes(field) || (v.message ?? "").includes(`'${field}'`)

class PrismServer extends Context.Tag("liveness/PrismServer")<PrismServer, Prism.Prism>() {}

const spec = Prism.specForTests("liveness.test.ts")

describe.skipIf(spec === undefined)("Prism's request check is live (patched spec)", () => {
  layer(Layer.scoped(PrismServer, Prism.start({ spec })), { timeout: "90 seconds", excludeTestServices: true })(
    (it) => {
      it.effect("the patch removed the untyped nullable keywords and the unsatisfiable required names", () =>
        Effect.gen(function* () {
          const prism = yield* PrismServer
          const pointers = prism.removed.map((r) => r.pointer)
          for (const p of probes.filter((p) => p.untyped)) {
            // each of the 9 request schemas lost at least one keyword
            const schema = Option.getOrElse(AST.getIdentifierAnnotation(p.schema.ast), () => "?")
            expect(
              pointers.some((ptr) => ptr.startsWith(`#/components/schemas/${schema}/`)),
              `${p.operationId} (${schema})`
            ).toBe(true)
          }
          // and the spec's unsatisfiable `required: [thread_id]` of the two run bodies
          expect(prism.removedRequired.map((r) => `${r.pointer}: ${r.property}`)).toEqual([
            "#/components/schemas/CreateRunRequest: thread_id",
            "#/components/schemas/CreateThreadAndRunRequest: thread_id"
          ])
        })
      )

      for (const p of probes) {
        it.effect(`${p.operationId}: control accepted, broken \`${p.field}\` rejected`, () =>
          Effect.gen(function* () {
            const prism = yield* PrismServer
            const control = yield* Effect.promise(() => send(prism, p, p.control))
            expect(control.status, `control body: ${JSON.stringify(control.body)}`).toBeLessThan(300)
            const broken = yield* Effect.promise(() => send(prism, p, p.broken))
            expect([400, 422], `broken body answered ${broken.status}: ${JSON.stringify(broken.body)}`).toContain(
              broken.status
            )
            const violations = violationsOf(broken.body)
            expect(
              violations.some((v) => names(v, p.field)),
              `no violation names ${p.field}: ${JSON.stringify(violations)}`
            ).toBe(true)
          })
        )
      }
    }
  )
})

describe.skipIf(spec === undefined)("without the patch (why it exists)", () => {
  layer(Layer.scoped(PrismServer, Prism.start({ spec, patch: false })), {
    timeout: "90 seconds",
    excludeTestServices: true
  })((it) => {
    it.effect("Prism 5.14.2 accepts the broken bodies of the 9 untyped-nullable operations", () =>
      Effect.gen(function* () {
        const prism = yield* PrismServer
        const results = yield* Effect.forEach(probes, (p) =>
          Effect.map(
            Effect.promise(() => send(prism, p, p.broken)),
            (a) => [p, a.status] as const
          )
        )
        const accepted = results.filter(([, status]) => status < 300).map(([p]) => p.operationId)
        const expected = probes.filter((p) => p.untyped).map((p) => p.operationId)
        // the ordinary operations are checked even unpatched
        expect(accepted).toEqual(expected)
      })
    )
  })
})

// ---------------------------------------------------------------------------
// our client refuses the same bodies before sending
// ---------------------------------------------------------------------------

describe("our client refuses the broken bodies before sending", () => {
  for (const p of probes) {
    it.effect(`${p.operationId}: InvalidRequestError at \`${p.field}\``, () =>
      Effect.gen(function* () {
        const result = yield* Effect.either(p.client)
        expect(Either.isLeft(result), "the client accepted the broken body").toBe(true)
        if (Either.isLeft(result)) {
          const error = result.left as { _tag?: string; field?: string; message?: string }
          expect(error._tag, String(error.message)).toBe("InvalidRequestError")
          expect(error.field?.split(/[.[]/)[0]).toBe(p.field)
        }
        yield* Testing.assertNothingSent
      }).pipe(Effect.provide(Testing.layer()))
    )
  }
})
