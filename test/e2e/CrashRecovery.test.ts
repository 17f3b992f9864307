/**
 * The bot process is killed with SIGKILL after acknowledging webhooks — some replies already posted to LiveChat
 * but not yet recorded, others not started — then restarted on the same database: every accepted message is
 * answered exactly once. The bot runs as a real child process (`src/main.ts`) configured like production.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Redacted, Schedule } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import * as path from "node:path"
import { GroupId } from "../../src/domain/Ids.js"
import { Emulator } from "../../src/emulator/Emulator.js"
import { LiveChatClient } from "../../src/livechat/LiveChatClient.js"
import { LiveChatConfig, makeSettings } from "../../src/livechat/LiveChatConfig.js"
import { botReplies, freePort, TestEmulator } from "../support/BotHarness.js"
import { type DatabaseName, databases, tempDir, temporaryPostgresDatabase } from "../support/Databases.js"

const root = path.resolve(import.meta.dirname, "../..")

/** A production-configured bot pointed at the emulator and a database of its own. */
const botEnvironment = Effect.fn("test.botEnvironment")(function*(database: DatabaseName, port: number) {
  const emulator = yield* Emulator
  const client = yield* LiveChatClient
  const bot = yield* client.createBot({ name: "FitMate Assist", groups: [{ id: GroupId.make(0), priority: "first" }] })
  const storage: Record<string, string> = database === "pglite"
    ? { DATA_DIR: yield* tempDir("fitmate-crash-") }
    : { DATABASE_URL: (yield* temporaryPostgresDatabase).url }
  return {
    ...storage,
    PORT: String(port),
    LIVECHAT_API_URL: emulator.url,
    LIVECHAT_ACCOUNT_ID: emulator.credentials.accountId,
    LIVECHAT_PAT: emulator.credentials.pat,
    LIVECHAT_CLIENT_ID: emulator.credentials.clientId,
    LIVECHAT_ORGANIZATION_ID: emulator.credentials.organizationId,
    LIVECHAT_BOT_ID: bot.botId,
    LIVECHAT_BOT_SECRET: Redacted.value(bot.botSecret),
    LIVECHAT_WEBHOOK_SECRET: "crash-test-secret",
    LIVECHAT_REQUEST_TIMEOUT: "3 seconds",
    LOG_LEVEL: "warn"
  }
})

/** Starts `pnpm start`'s program as a child; it is SIGKILLed when the scope closes if still alive. */
const startBot = (environment: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.sync(() =>
      // tsx as a loader, not its CLI: the CLI runs the program in a grandchild that SIGKILL would orphan.
      spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: root,
        env: { ...process.env, ...environment },
        stdio: ["ignore", "ignore", "inherit"]
      })
    ),
    (child) => Effect.sync(() => child.exitCode === null && child.kill("SIGKILL"))
  )

const exited = (child: ChildProcess) =>
  Effect.async<void>((resume) => {
    if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
    child.once("exit", () => resume(Effect.void))
  })

/** Ready = the health endpoint answers (the bot is set up on LiveChat before it listens); fails if the child dies. */
const waitUntilReady = (port: number, child: ChildProcess) =>
  Effect.tryPromise(() => fetch(`http://127.0.0.1:${port}/readyz`)).pipe(
    Effect.filterOrFail((response) => response.ok),
    Effect.retry(Schedule.spaced("200 millis")),
    Effect.timeout("90 seconds"),
    Effect.raceFirst(Effect.zipRight(exited(child), Effect.dieMessage("the bot process exited during start-up")))
  )

const EmulatorClient = LiveChatClient.Default.pipe(
  Layer.provide(Layer.effect(
    LiveChatConfig,
    Effect.map(Emulator, (emulator) => LiveChatConfig.of(makeSettings({ apiUrl: emulator.url, ...emulator.credentials })))
  )),
  Layer.provide(NodeHttpClient.layerUndici)
)

for (const database of databases) {
  describe(`crash recovery on ${database.name}`, () => {
    layer(EmulatorClient.pipe(Layer.provideMerge(TestEmulator)), { timeout: "300 seconds", excludeTestServices: true })(
      (it) => {
        it.scoped("SIGKILL after webhooks were acknowledged, then restart: every message answered exactly once", () =>
          Effect.gen(function*() {
            const emulator = yield* Emulator
            const port = yield* freePort
            const environment = yield* botEnvironment(database.name, port)

            const first = yield* startBot(environment)
            yield* waitUntilReady(port, first)
            // The first replies reach LiveChat but their answers hang: the bot dies before recording them.
            yield* emulator.injectFault({ action: "send_event", kind: "timeout", times: 2, processed: true, delay: "60 seconds" })
            const chats = yield* Effect.forEach(
              ["hello", "hi", "hello there", "good morning", "hey"],
              (text) => emulator.startChat({ customerName: "Tom", text })
            )
            // Every incoming_chat acknowledged with 200 by the bot …
            yield* emulator.deliveries.pipe(
              // this emulator serves only this test, so counting the deliveries is enough
              Effect.filterOrFail((log) => log.filter((d) => d.action === "incoming_chat" && d.ok).length >= chats.length),
              Effect.retry(Schedule.spaced("50 millis")),
              Effect.timeout("30 seconds")
            )
            // … and the two hung replies posted to LiveChat (the bot is still waiting for their answers) …
            const repliedChats = Effect.map(
              Effect.forEach(chats, (chat) => emulator.transcript(chat.chatId, "customer")),
              (transcripts) => transcripts.filter((t) => botReplies(t).length > 0).length
            )
            yield* repliedChats.pipe(
              Effect.filterOrFail((n) => n >= 2),
              Effect.retry(Schedule.spaced("50 millis")),
              Effect.timeout("30 seconds")
            )
            // … then the process dies without any chance to record them or clean up.
            first.kill("SIGKILL")
            yield* exited(first)
            const answeredBeforeRestart = yield* Effect.forEach(chats, (chat) =>
              Effect.map(emulator.transcript(chat.chatId, "customer"), (t) => botReplies(t).length))

            const second = yield* startBot(environment)
            yield* waitUntilReady(port, second)
            // Done when every accepted message has been processed (recovery may first wait for the dead runner).
            yield* Effect.tryPromise(() =>
              fetch(`http://127.0.0.1:${port}/ops/backlog`).then((r) => r.json() as Promise<{ unprocessed: number }>)
            ).pipe(
              Effect.filterOrFail((backlog) => backlog.unprocessed === 0),
              Effect.retry(Schedule.spaced("250 millis")),
              Effect.timeout("120 seconds")
            )
            const replies = yield* Effect.forEach(chats, (chat) =>
              Effect.map(emulator.transcript(chat.chatId, "customer"), (t) => botReplies(t).length))
            assert.deepStrictEqual(replies, chats.map(() => 1), `before restart: ${answeredBeforeRestart.join(",")}`)
          }), 240_000)
      }
    )
  })
}
