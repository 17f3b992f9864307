/**
 * Support for the LiveChatClient suites: a fresh emulator per test, the real client pointed at it over real
 * HTTP (undici), a recorder of what actually went over the wire, a webhook receiver, and polling with
 * generous deadlines for a slow 2-core machine.
 */
import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Context, Effect, Layer, Ref, type Scope } from "effect"
import { Emulator } from "../../src/emulator/Emulator.js"
import * as EmulatorServer from "../../src/emulator/EmulatorServer.js"
import type { ChatId, GroupId } from "../../src/domain/Ids.js"
import type { BotIdentity } from "../../src/livechat/BotIdentity.js"
import { LiveChatClient } from "../../src/livechat/LiveChatClient.js"
import { LiveChatConfig, type LiveChatSettingsInput } from "../../src/livechat/LiveChatConfig.js"
import { eventuallyWithin, webhookServer } from "../support/EmulatorTestKit.js"

/** One HTTP request the client sent, and what came back (`status` undefined: no answer). */
export interface Exchange {
  readonly path: string
  readonly action: string
  readonly authorization: "basic" | "bearer" | "none"
  readonly authorId: string | undefined
  readonly status: number | undefined
}

export class Exchanges extends Context.Tag("test/livechat/Exchanges")<Exchanges, {
  readonly all: Effect.Effect<ReadonlyArray<Exchange>>
  readonly of: (action: string) => Effect.Effect<ReadonlyArray<Exchange>>
  readonly clear: Effect.Effect<void>
}>() {}

/**
 * The real undici client, observed: each request is logged when sent and completed with its status. Nothing
 * is faked; the emulator answers every request.
 */
const ObservedHttpClient = Layer.effectContext(
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const log = yield* Ref.make<ReadonlyArray<Exchange & { readonly id: number }>>([])
    const counter = yield* Ref.make(0)
    const recorder = Exchanges.of({
      all: Effect.map(Ref.get(log), (entries) => entries.map(({ id: _id, ...exchange }) => exchange)),
      of: (action) =>
        Effect.map(
          Ref.get(log),
          (entries) => entries.filter((e) => e.action === action).map(({ id: _id, ...exchange }) => exchange)
        ),
      clear: Ref.set(log, [])
    })
    const observed = HttpClient.make((request, url) => Effect.gen(function*() {
        const id = yield* Ref.updateAndGet(counter, (n) => n + 1)
        const header = request.headers["authorization"] ?? ""
        const sent: Exchange & { readonly id: number } = {
          id,
          path: url.pathname,
          action: url.pathname.split("/").at(-1) ?? "",
          authorization: header.startsWith("Basic ") ? "basic" : header.startsWith("Bearer ") ? "bearer" : "none",
          authorId: request.headers["x-author-id"],
          status: undefined
        }
        yield* Ref.update(log, (entries) => [...entries, sent])
        const response = yield* client.execute(request)
        yield* Ref.update(log, (entries) => entries.map((e) => (e.id === id ? { ...e, status: response.status } : e)))
        return response
      }))
    return Context.make(HttpClient.HttpClient, observed).pipe(Context.add(Exchanges, recorder))
  })
).pipe(Layer.provide(NodeHttpClient.layerUndici))

/** Quick retries and a short per-attempt timeout, so fault tests stay fast. */
export const testClientSettings: Partial<LiveChatSettingsInput> = {
  requestTimeout: "3 seconds",
  retryBaseDelay: "50 millis",
  retryTimes: 4
}

export const fastEmulator: EmulatorServer.EmulatorOptions = {
  webhookTimeout: "2 seconds",
  webhookRetryDelays: ["200 millis", "200 millis", "200 millis"]
}

export type TestServices = Emulator | LiveChatClient | Exchanges

/** A fresh emulator and a client configured with its url and credentials. */
export const clientLayer = (
  options: {
    readonly emulator?: EmulatorServer.EmulatorOptions
    readonly client?: Partial<LiveChatSettingsInput>
  } = {}
) => {
  const emulatorLayer = EmulatorServer.layer({ ...fastEmulator, ...options.emulator })
  const client = Layer.unwrapEffect(
    Effect.map(Emulator, (emulator) =>
      LiveChatClient.Default.pipe(
        Layer.provide(LiveChatConfig.layer({
          apiUrl: emulator.url,
          ...emulator.credentials,
          ...testClientSettings,
          ...options.client
        }))
      ))
  )
  return client.pipe(Layer.provideMerge(ObservedHttpClient), Layer.provideMerge(emulatorLayer))
}

// ---------------------------------------------------------------------------------------------------------------

/** Re-runs `effect` until `done` holds; dies with the last value after the deadline (20 s by default). */
export const eventually = eventuallyWithin("20 seconds")

export const entryGroup = 0 as GroupId
export const engineersGroup = 1 as GroupId

/** A bot created through the client, first in group 0, accepting chats. */
export const onlineBot = Effect.gen(function*() {
  const client = yield* LiveChatClient
  const identity = yield* client.createBot({ name: "Ava (bot)", maxChatsCount: 10, groups: [{ id: entryGroup, priority: "first" }] })
  yield* client.asBot(identity).setRoutingStatus("accepting_chats")
  return identity
})

/** A customer chat in group 0 that the router assigned to the bot. */
export const chatWithBot = (identity: BotIdentity, text = "Hi, which crimp tool fits the M12 connector?") =>
  Effect.gen(function*() {
    const emulator = yield* Emulator
    const started = yield* emulator.startChat({ customerName: "Thomas", groupId: entryGroup, text })
    yield* eventually(emulator.chat(started.chatId), (view) => view.assignee === identity.botId, {
      what: "the chat to be routed to the bot"
    })
    return { ...started, chatId: started.chatId as ChatId }
  })

// ---------------------------------------------------------------------------------------------------------------
// webhook receiver

export interface Receiver {
  readonly url: string
  readonly bodies: Effect.Effect<ReadonlyArray<string>>
}

/** A plain HTTP server answering 200 to every POST and keeping the raw bodies. */
export const makeReceiver: Effect.Effect<Receiver, never, Scope.Scope> = Effect.suspend(() => {
  const bodies: Array<string> = []
  return webhookServer((raw, response) => {
    bodies.push(raw.toString("utf8"))
    response.writeHead(200).end()
  }).pipe(Effect.map(({ url }) => ({ url, bodies: Effect.sync(() => [...bodies]) })))
})
