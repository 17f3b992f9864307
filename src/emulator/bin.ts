/**
 * `pnpm emulator`: the LiveChat emulator as a standalone process (env `EMULATOR_PORT`, default 8090). Prints
 * its URL and the development credentials, then serves until SIGINT/SIGTERM.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Config, Console, Effect, Layer } from "effect"
import { Emulator } from "./Emulator.js"
import { EmulatorDefaults, layer } from "./EmulatorServer.js"

const Announce = Layer.effectDiscard(Effect.gen(function*() {
  const emulator = yield* Emulator
  const { accountId, clientId, organizationId, pat } = emulator.credentials
  yield* Console.log([
    `LiveChat emulator (API v3.6) listening on ${emulator.url}`,
    `  Agent Chat API     ${emulator.url}/v3.6/agent/action/<action>`,
    `  Configuration API  ${emulator.url}/v3.6/configuration/action/<action>`,
    `  Control API        ${emulator.url}/control/<operation>`,
    `  Customer page      ${emulator.url}/`,
    `  Agent console      ${emulator.url}/console`,
    "Development credentials (local emulator only):",
    `  LIVECHAT_ORGANIZATION_ID=${organizationId}`,
    `  LIVECHAT_ACCOUNT_ID=${accountId}`,
    `  LIVECHAT_PAT=${pat}`,
    `  LIVECHAT_CLIENT_ID=${clientId}`
  ].join("\n"))
}))

const Main = Layer.unwrapEffect(
  Effect.map(
    Config.integer("EMULATOR_PORT").pipe(Config.withDefault(EmulatorDefaults.port)),
    (port) => Announce.pipe(Layer.provide(layer({ port })))
  )
)

NodeRuntime.runMain(Layer.launch(Main), { disablePrettyLogger: true })
