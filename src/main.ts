/**
 * `pnpm start`: the bot with embedded defaults (PGlite, the local LiveChat emulator, the offline engine), or in
 * production whatever `DATABASE_URL`, `LIVECHAT_*` and `OPENAI_*` select. The only place that runs an Effect.
 */
import { NodeContext, NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Option } from "effect"
import { BotLive, EngineLive } from "./Bot.js"
import { EmbedderLive } from "./knowledge/Embedder.js"
import { BotSettings } from "./http/BotSettings.js"
import { EmulatorUrl, LiveChatTarget } from "./LiveChatTarget.js"
import { DatabaseLive } from "./store/Database.js"
import { TelemetryLive } from "./telemetry/Telemetry.js"

/** Tells a person where to look once everything is up. */
const Announce = Layer.effectDiscard(Effect.gen(function*() {
  const settings = yield* BotSettings
  const emulator = yield* EmulatorUrl
  const lines = [`FitMate Assist is running on http://${settings.host}:${settings.port} (health: /healthz)`]
  if (Option.isSome(emulator)) {
    lines.push(
      `LiveChat emulator: ${emulator.value}`,
      `  chat as a customer:         ${emulator.value}/`,
      `  answer as a human engineer: ${emulator.value}/console`
    )
  }
  lines.push("Stop with Ctrl-C.")
  yield* Console.log(lines.join("\n"))
}))

const App = Announce.pipe(
  Layer.provide(BotLive),
  Layer.provideMerge(LiveChatTarget),
  Layer.provide(EngineLive),
  Layer.provide([EmbedderLive, NodeContext.layer]),
  Layer.provide([DatabaseLive, NodeHttpClient.layerUndici]),
  Layer.provide(TelemetryLive)
)

NodeRuntime.runMain(Layer.launch(App), { disablePrettyLogger: true })
