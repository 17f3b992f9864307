/**
 * The whole bot, in process, against the real emulator over real HTTP and a real database — the end-to-end
 * tests' world. The bot listens on a fixed free port (its webhook URL must be known before it listens).
 */
import { NodeContext, NodeHttpClient } from "@effect/platform-node"
import { ConfigProvider, Duration, Effect, Layer, Schedule } from "effect"
import * as net from "node:net"
import { BotLive, EngineLive } from "../../src/Bot.js"
import { EmbedderDisabled } from "../../src/knowledge/Embedder.js"
import { Emulator, type TranscriptEntry } from "../../src/emulator/Emulator.js"
import * as EmulatorServer from "../../src/emulator/EmulatorServer.js"
import { LiveChatConfig, makeSettings } from "../../src/livechat/LiveChatConfig.js"
import type { TestDatabase } from "./Databases.js"

export const webhookSecret = "e2e-webhook-secret-0123456789"

/** A port that was free a moment ago (the OS hands out ports round-robin, so reuse right away is unlikely). */
export const freePort = Effect.async<number>((resume) => {
  const server = net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** The emulator with quick webhook retries, so redelivery paths finish within a test. */
export const TestEmulator = EmulatorServer.layer({ webhookRetryDelays: ["300 millis", "1 second", "2 seconds"], webhookTimeout: "5 seconds" })

const EmulatorLiveChat = Layer.effect(
  LiveChatConfig,
  Effect.map(Emulator, (emulator) =>
    LiveChatConfig.of(makeSettings({
      apiUrl: emulator.url,
      ...emulator.credentials,
      requestTimeout: "3 seconds",
      retryBaseDelay: "50 millis"
    })))
)

/** The bot as `pnpm start` wires it (offline engine over the bundled data), against the emulator in context. */
export const botLayer = (database: TestDatabase, port: number, settings: Record<string, string> = {}) =>
  BotLive.pipe(
    Layer.provide([EmulatorLiveChat, EngineLive, NodeHttpClient.layerUndici]),
    Layer.provide([EmbedderDisabled, NodeContext.layer]),
    Layer.provideMerge(database.layer()),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(
      new Map(Object.entries({
        PORT: String(port),
        LIVECHAT_WEBHOOK_SECRET: webhookSecret,
        PROCESSING_MAX_RETRIES: "6",
        CLUSTER_RUNNER_PORT: String(port + 1),
        ...settings
      }))
    )))
  )

/** Polls the transcript until `predicate` holds (a slow machine gets a generous deadline). */
export const waitForTranscript = (
  chatId: string,
  as: "customer" | "agent",
  predicate: (entries: ReadonlyArray<TranscriptEntry>) => boolean,
  deadline: Duration.DurationInput = "30 seconds"
) =>
  Effect.flatMap(Emulator, (emulator) =>
    emulator.transcript(chatId, as).pipe(
      Effect.filterOrFail(predicate, () => "not yet" as const),
      Effect.retry(Schedule.spaced("100 millis")),
      Effect.timeoutFail({ duration: deadline, onTimeout: () => new Error(`transcript of ${chatId} never matched`) })
    ))

export const botReplies = (entries: ReadonlyArray<TranscriptEntry>) =>
  entries.filter((e) => e.authorType === "bot" && e.visibility === "all")
