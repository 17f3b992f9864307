/**
 * Which LiveChat the bot talks to. With `LIVECHAT_PAT` set: the real service (or whatever `LIVECHAT_API_URL`
 * names), configured from `LIVECHAT_*`. Without it: the local emulator, started in this process on
 * `EMULATOR_PORT`, so a newcomer runs everything with one command.
 */
import { Config, type ConfigError, Context, Effect, Layer, Option } from "effect"
import type { ServeError } from "@effect/platform/HttpServerError"
import { Emulator } from "./emulator/Emulator.js"
import * as EmulatorServer from "./emulator/EmulatorServer.js"
import { LiveChatConfig, makeSettings } from "./livechat/LiveChatConfig.js"

/** The emulator's URL when it is the target; `None` against real LiveChat. */
export class EmulatorUrl extends Context.Tag("app/EmulatorUrl")<EmulatorUrl, Option.Option<string>>() {}

const EmulatorTarget = (port: number) =>
  Layer.effectContext(Effect.map(Emulator, (emulator) =>
    Context.merge(
      LiveChatConfig.context(makeSettings({ apiUrl: emulator.url, ...emulator.credentials })),
      EmulatorUrl.context(Option.some(emulator.url))
    ))).pipe(Layer.provide(EmulatorServer.layer({ port })))

const RealLiveChat = Layer.merge(LiveChatConfig.fromEnv, Layer.succeed(EmulatorUrl, Option.none()))

export const LiveChatTarget: Layer.Layer<
  LiveChatConfig | EmulatorUrl,
  ConfigError.ConfigError | ServeError
> = Layer.unwrapEffect(Effect.gen(function*() {
  const pat = yield* Config.option(Config.redacted("LIVECHAT_PAT"))
  if (Option.isSome(pat)) return RealLiveChat as Layer.Layer<LiveChatConfig | EmulatorUrl, ConfigError.ConfigError | ServeError>
  const port = yield* Config.port("EMULATOR_PORT").pipe(Config.withDefault(EmulatorServer.EmulatorDefaults.port))
  return EmulatorTarget(port)
}))
