/**
 * The `startup` workload: plain `node`, no tsx, the built packages (`pnpm
 * build` output in `packages/*\/dist`, resolved without the `source`
 * condition), as a user's process runs them.
 *
 *   node bench/startup.mjs <contender> <baseUrl> [workload]
 *
 * The `startup-bundled` workload runs this file bundled by esbuild (see
 * `bundleStartup` in `bench/index.ts`), with `startup-bundled` as the third
 * argument.
 *
 * It measures from process start (`performance.timeOrigin`) until the client
 * is built and a request can be sent: the imports plus the client or layer
 * construction, exactly as `bench/contenders/<name>.ts` builds it. Then it
 * sends one chat request to check the client works, and prints one JSON line
 * (`RunResult`, see `bench/types.ts`).
 *
 * JavaScript, not TypeScript, so that no compiler or loader runs in the
 * measured process.
 */
import * as Fs from "node:fs/promises"
import * as Path from "node:path"

const [contender, baseUrl, workload = "startup"] = process.argv.slice(2)
const apiKey = "sk-bench"
const chatRequest = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "You are a concise assistant. Answer in plain prose." },
    { role: "user", content: "In a short paragraph, why do HTTP clients reuse connections with keep-alive?" }
  ],
  temperature: 0.7,
  max_tokens: 256
}

/** Each builds its client the way its contender module does, and returns one chat call and a close. */
const builders = {
  undici: async () => {
    const undici = await import("undici")
    // bundled (startup-bundled), undici is CommonJS behind esbuild's interop: its exports are on `default`
    const { Agent, request } = typeof undici.Agent === "function" ? undici : undici.default
    const dispatcher = new Agent({ keepAliveTimeout: 60_000, connections: 64 })
    return {
      packages: ["undici"],
      chat: async () => {
        const res = await request(`${baseUrl}/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify(chatRequest),
          dispatcher
        })
        return JSON.parse(await res.body.text())
      },
      close: () => dispatcher.close()
    }
  },
  openai: async () => {
    const { default: OpenAI } = await import("openai")
    const client = new OpenAI({ apiKey, baseURL: baseUrl, maxRetries: 0 })
    return {
      packages: ["openai"],
      chat: () => client.chat.completions.create(chatRequest),
      close: async () => undefined
    }
  },
  "effect-http": async () => {
    const [HttpClient, HttpClientRequest, NodeHttpClient, Effect, ManagedRuntime] = await Promise.all([
      import("@effect/platform/HttpClient"),
      import("@effect/platform/HttpClientRequest"),
      import("@effect/platform-node/NodeHttpClient"),
      import("effect/Effect"),
      import("effect/ManagedRuntime")
    ])
    const runtime = ManagedRuntime.make(NodeHttpClient.layerUndici)
    const client = await runtime.runPromise(
      Effect.map(HttpClient.HttpClient, (c) =>
        c.pipe(
          HttpClient.mapRequest(HttpClientRequest.prependUrl(baseUrl)),
          HttpClient.mapRequest(HttpClientRequest.bearerToken(apiKey)),
          HttpClient.filterStatusOk
        )
      )
    )
    return {
      packages: ["effect", "@effect/platform", "@effect/platform-node", "undici"],
      chat: () =>
        runtime.runPromise(
          Effect.flatMap(
            client.execute(
              HttpClientRequest.bodyText(
                HttpClientRequest.post("/chat/completions"),
                JSON.stringify(chatRequest),
                "application/json"
              )
            ),
            (response) => Effect.map(response.text, (text) => JSON.parse(text))
          )
        ),
      close: () => runtime.dispose()
    }
  },
  "effect-openai": async () => {
    const [{ Chat }, { NodeOpenAi }, Effect, ManagedRuntime, Redacted] = await Promise.all([
      import("@effect-openai/core"),
      import("@effect-openai/node"),
      import("effect/Effect"),
      import("effect/ManagedRuntime"),
      import("effect/Redacted")
    ])
    const runtime = ManagedRuntime.make(NodeOpenAi.layer({ apiKey: Redacted.make(apiKey), baseUrl, maxRetries: 0 }))
    await runtime.runPromise(Effect.void)
    return {
      packages: ["effect", "@effect/platform", "@effect/platform-node", "undici"],
      chat: () => runtime.runPromise(Chat.create(chatRequest)),
      close: () => runtime.dispose()
    }
  },
  "effect-ai-openai": async () => {
    const [OpenAiClient, NodeHttpClient, Layer, ManagedRuntime, Redacted] = await Promise.all([
      import("@effect/ai-openai/OpenAiClient"),
      import("@effect/platform-node/NodeHttpClient"),
      import("effect/Layer"),
      import("effect/ManagedRuntime"),
      import("effect/Redacted")
    ])
    const runtime = ManagedRuntime.make(
      OpenAiClient.layer({ apiKey: Redacted.make(apiKey), apiUrl: baseUrl }).pipe(
        Layer.provide(NodeHttpClient.layerUndici)
      )
    )
    const service = await runtime.runPromise(OpenAiClient.OpenAiClient)
    return {
      packages: ["@effect/ai-openai", "@effect/ai", "@effect/experimental", "effect", "@effect/platform"],
      chat: () => runtime.runPromise(service.client.createChatCompletion(chatRequest)),
      close: () => runtime.dispose()
    }
  }
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024

const versionsOf = async (packages) => {
  const out = { node: process.version }
  for (const name of packages) {
    try {
      const json = JSON.parse(await Fs.readFile(Path.join("node_modules", name, "package.json"), "utf8"))
      out[name] = String(json.version)
    } catch {
      out[name] = "?"
    }
  }
  return out
}

const print = (result) => process.stdout.write(`${JSON.stringify(result)}\n`)

const main = async () => {
  const base = { contender, workload }
  const build = builders[contender]
  if (build === undefined) {
    print({ ...base, ok: false, unsupported: true, peakRssMb: peakRssMb(), error: "no startup builder" })
    return 0
  }
  let client
  try {
    client = await build()
    // performance.now() counts from the start of the process (performance.timeOrigin).
    const readyAt = performance.now()
    const completion = await client.chat()
    const content = completion?.choices?.[0]?.message?.content
    if (typeof content !== "string" || content.length < 100) throw new Error("chat: unexpected completion")
    print({
      ...base,
      ok: true,
      ms: readyAt,
      ops: 1,
      unit: "start",
      opsPerSec: 1000 / readyAt,
      peakRssMb: peakRssMb(),
      versions: await versionsOf(client.packages)
    })
    return 0
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    print({ ...base, ok: false, peakRssMb: peakRssMb(), error: message.slice(0, 500) })
    return 1
  } finally {
    await client?.close().catch(() => undefined)
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)
