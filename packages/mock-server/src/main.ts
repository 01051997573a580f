/**
 * Runs the mock server standalone until killed:
 *
 * ```sh
 * npx tsx --conditions=source packages/mock-server/src/main.ts [--port 8080] [--rate-limit-requests 60]
 * ```
 *
 * Prints the base URL (`http://127.0.0.1:PORT/v1`) as the first line of stdout.
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as MockServer from "./index.js"

const usage = "usage: main.ts [--port <n>] [--keep-alive-timeout <ms>] [--rate-limit-requests <n>]"

const parseArgs = (argv: ReadonlyArray<string>): MockServer.MockServerOptions => {
  let options: { -readonly [K in keyof MockServer.MockServerOptions]: MockServer.MockServerOptions[K] } = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg]
    const value = () => {
      const v = inline ?? argv[++i]
      const n = Number(v)
      if (v === undefined || !Number.isInteger(n) || n < 0) {
        console.error(`${flag} needs a non-negative integer\n${usage}`)
        process.exit(2)
      }
      return n
    }
    switch (flag) {
      case "--port":
        options = { ...options, port: value() }
        break
      case "--keep-alive-timeout":
        options = { ...options, keepAliveTimeout: value() }
        break
      case "--rate-limit-requests":
        options = { ...options, rateLimit: { requests: value() } }
        break
      case "--help":
      case "-h":
        console.log(usage)
        process.exit(0)
        break
      default:
        console.error(`unknown argument ${arg}\n${usage}`)
        process.exit(2)
    }
  }
  return options
}

const program = Effect.gen(function* () {
  const server = yield* MockServer.make(parseArgs(process.argv.slice(2)))
  yield* Effect.sync(() => console.log(server.baseUrl))
  return yield* Effect.never
}).pipe(Effect.scoped)

NodeRuntime.runMain(program, { disableErrorReporting: true })
