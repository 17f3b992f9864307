/** A restart reuses the bot it created (remembered in the database) instead of adding another to the licence. */
import { assert, describe, layer } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { LiveChatBot } from "../../src/conversation/LiveChatBot.js"
import { embedded } from "../../src/store/Database.js"
import { botLayer, freePort, TestEmulator } from "../support/BotHarness.js"
import { pgliteDataDir } from "../support/Databases.js"

describe("bot identity", () => {
  layer(TestEmulator, { timeout: "180 seconds", excludeTestServices: true })((it) => {
    it.scoped("a restart on the same database reuses the bot", () =>
      Effect.gen(function*() {
        const dataDir = yield* pgliteDataDir
        const database = { name: "pglite" as const, layer: () => embedded({ dataDir }) }
        const run = Effect.flatMap(freePort, (port) =>
          Effect.scoped(Effect.map(Layer.build(botLayer(database, port)), (context) => Context.get(context, LiveChatBot))))
        const first = yield* run
        const second = yield* run
        assert.strictEqual(second.botId, first.botId)
      }))
  })
})
