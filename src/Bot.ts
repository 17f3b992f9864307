/**
 * The bot as one layer: HTTP server (webhook + health), durable per-chat processing, conversation core, LiveChat
 * client and bot presence. What varies by environment — the database, where LiveChat is, the answer engine and
 * the HTTP client — is provided from outside, so `main.ts` and the end-to-end tests wire the same graph.
 *
 * Start-up: database migrated → cluster → bot created/reused, webhooks registered, accepting → server listening.
 * Shutdown runs in reverse: the bot goes offline first, then the server closes and queued chat work drains.
 */
import { HttpLayerRouter } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Config, Context, Effect, Layer, Option, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { createServer } from "node:http"
import { AgentGraphLive } from "./agents/AgentGraphLive.js"
import { ChatConversationLive } from "./conversation/ChatEntity.js"
import { Conversation } from "./conversation/Conversation.js"
import { LiveChatActions } from "./conversation/LiveChatActions.js"
import { LiveChatBot } from "./conversation/LiveChatBot.js"
import { GroupId, UserId } from "./domain/Ids.js"
import { HandoffPolicy } from "./handoff/HandoffPolicy.js"
import { BotSettings } from "./http/BotSettings.js"
import { HealthRoutes } from "./http/HealthApi.js"
import { WebhookContext, WebhookRoute } from "./http/WebhookRoute.js"
import { BotIdentity } from "./livechat/BotIdentity.js"
import { BotSetup } from "./livechat/BotSetup.js"
import { KnowledgeBootstrapLive, KnowledgeIngest } from "./knowledge/KnowledgeIngest.js"
import { LiveChatClient } from "./livechat/LiveChatClient.js"
import { LiveChatConfig } from "./livechat/LiveChatConfig.js"
import { BotIdentityStore } from "./store/BotIdentityStore.js"
import { ChatStore } from "./store/ChatStore.js"
import { ClusterLive } from "./store/Cluster.js"
import { ClusterRetention } from "./store/ClusterRetention.js"
import { ServerSpansLive } from "./telemetry/Privacy.js"

type Settings = Config.Config.Success<typeof BotSettings>

/** A bot created earlier (`LIVECHAT_BOT_ID` + `LIVECHAT_BOT_SECRET`); without it a new bot is created. */
const ConfiguredBot = Config.option(
  Config.all({ botId: Config.nonEmptyString("LIVECHAT_BOT_ID"), botSecret: Config.redacted("LIVECHAT_BOT_SECRET") })
).pipe(Config.map(Option.map(({ botId, botSecret }) => new BotIdentity({ botId: UserId.make(botId), botSecret }))))

/** Where LiveChat delivers webhooks: `PUBLIC_URL` if set, else the address the server listens on. */
export const webhookUrl = (settings: Settings) => {
  const base = Option.match(settings.publicUrl, {
    onNone: () => `http://${settings.host}:${settings.port}`,
    onSome: (url) => url.toString().replace(/\/+$/, "")
  })
  return `${base}/livechat/webhook`
}

/**
 * Creates or reuses the bot, registers its webhooks (with the configured secret, or a fresh random one — they
 * are re-registered at every start) and sets it accepting chats. A bot it creates is remembered in the database,
 * so a restart reuses it rather than adding another bot to the licence.
 */
const BotPresence = Layer.effectContext(Effect.gen(function*() {
  const settings = yield* BotSettings
  const { apiUrl } = yield* LiveChatConfig
  const identities = yield* BotIdentityStore
  // The configured bot, else the one this deployment created before, else a new one (remembered below).
  const existing = yield* ConfiguredBot
  const remembered = Option.isSome(existing) ? existing : yield* identities.load(apiUrl)
  const secret = Option.getOrElse(settings.webhookSecret, () => Redacted.make(randomBytes(24).toString("base64url")))
  const setup = yield* BotSetup
  const identity = yield* setup.ensureBot({
    name: settings.botName,
    entryGroupId: GroupId.make(settings.entryGroupId),
    maxChats: settings.botMaxChats,
    webhookUrl: webhookUrl(settings),
    webhookSecret: secret,
    existing: Option.getOrUndefined(remembered)
  })
  yield* identities.save(apiUrl, identity)
  return Context.make(LiveChatBot, identity).pipe(
    Context.add(WebhookContext, { botId: identity.botId, secret, maxBytes: settings.webhookMaxBytes })
  )
}))

/** Registered last, so its finalizer runs first: no new chats are routed to the bot while the rest drains. */
const OfflineOnShutdown = Layer.scopedDiscard(Effect.gen(function*() {
  const setup = yield* BotSetup
  const identity = yield* LiveChatBot
  yield* Effect.addFinalizer(() =>
    setup.goOffline(identity).pipe(
      Effect.zipRight(Effect.logInfo("bot offline")),
      Effect.catchAll((error) => Effect.logWarning("could not set the bot offline", { error: error._tag }))
    )
  )
}))

const Server = Layer.unwrapEffect(Effect.map(BotSettings, (settings) =>
  // No request logger: it would log full URLs; the private server span records what matters.
  HttpLayerRouter.serve(Layer.mergeAll(HealthRoutes, WebhookRoute, ServerSpansLive), { disableLogger: true }).pipe(
    Layer.provide(NodeHttpServer.layer(createServer, { port: settings.port, host: settings.host }))
  )))

const Foundation = Layer.mergeAll(
  ClusterLive,
  ChatStore.Default,
  BotIdentityStore.Default,
  HandoffPolicy.Default,
  BotSetup.Default.pipe(Layer.provideMerge(LiveChatClient.Default))
)

const ConversationCore = Conversation.Default.pipe(
  Layer.provideMerge(LiveChatActions),
  Layer.provideMerge(BotPresence),
  Layer.provideMerge(Foundation)
)

const Serving = Layer.mergeAll(ChatConversationLive, Server, ClusterRetention).pipe(
  Layer.provideMerge(ConversationCore)
)

/**
 * The answer engine (offline, or LLM when configured), built after the bundled FitMate data is loaded into an
 * empty knowledge base — so the first chat already has data. Requires the database, an `Embedder` and the
 * platform's file system.
 */
export const EngineLive = Layer.merge(AgentGraphLive, KnowledgeBootstrapLive.pipe(Layer.provide(KnowledgeIngest.Default)))

/** Requires the database, `LiveChatConfig`, an `HttpClient` and an `AgentGraph`. */
export const BotLive = OfflineOnShutdown.pipe(Layer.provideMerge(Serving))
