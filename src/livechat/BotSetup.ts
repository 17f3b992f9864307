/**
 * Bootstrap of the bot on a LiveChat licence, used by `pnpm start` (against the emulator) and in production:
 *
 * 1. reuse the configured bot (updating its entry group, priority and capacity) or create one;
 * 2. replace our webhook registrations for this URL with the ones the bot needs — `license` webhooks limited
 *    to chats where one of our bots is present (`chat_presence.my_bots`), with the present user ids attached.
 *    `incoming_event` is deliberately NOT filtered by author type: the bot must see human agents' messages to
 *    hand the chat over to them;
 * 3. enable licence webhooks and set the bot `accepting_chats`.
 *
 * A created bot's secret is only shown once: the caller must persist the returned identity.
 * Real LiveChat may take up to two minutes to apply configuration changes.
 */
import { Effect, Redacted } from "effect"
import type { GroupId } from "../domain/Ids.js"
import type { WebhookFilters } from "./ApiMessages.js"
import { BotIdentity } from "./BotIdentity.js"
import { LiveChatClient } from "./LiveChatClient.js"

/** The webhooks the conversation needs. */
export const botWebhookActions = [
  "incoming_chat",
  "incoming_event",
  "chat_transferred",
  "user_added_to_chat",
  "user_removed_from_chat",
  "chat_deactivated",
  "incoming_rich_message_postback"
] as const

export interface EnsureBotInput {
  /** Display name shown to customers, e.g. "FitMate Assist (bot)". */
  readonly name: string
  /** The group new chats arrive in; the bot gets `first` priority there. */
  readonly entryGroupId: GroupId
  readonly maxChats: number
  /** Public URL of our webhook route. */
  readonly webhookUrl: string
  readonly webhookSecret: Redacted.Redacted<string>
  /** A bot created earlier; without it a new bot is created. */
  readonly existing?: BotIdentity | undefined
}

const webhookFilters: WebhookFilters = { chatPresence: { myBots: true } }

export class BotSetup extends Effect.Service<BotSetup>()("app/BotSetup", {
  effect: Effect.gen(function*() {
    const client = yield* LiveChatClient

    /** Reuse the configured bot when LiveChat still knows it; otherwise create one. */
    const resolveBot = Effect.fn("BotSetup.resolveBot")(function*(input: EnsureBotInput) {
      const settings = {
        name: input.name,
        maxChatsCount: input.maxChats,
        groups: [{ id: input.entryGroupId, priority: "first" as const }]
      }
      if (input.existing !== undefined) {
        const existing = input.existing
        const found = yield* client.getBot(existing.botId).pipe(
          Effect.as(true),
          Effect.catchTag("LiveChatNotFoundError", () => Effect.succeed(false))
        )
        if (found) {
          yield* client.updateBot({ id: existing.botId, ...settings })
          yield* Effect.annotateCurrentSpan("livechat.bot_reused", true)
          return existing
        }
        yield* Effect.logWarning("the configured LiveChat bot no longer exists; creating a new one").pipe(
          Effect.annotateLogs({ botId: existing.botId })
        )
      }
      yield* Effect.annotateCurrentSpan("livechat.bot_reused", false)
      const created = yield* client.createBot(settings)
      yield* Effect.logInfo("created a LiveChat bot; persist its identity to reuse it").pipe(
        Effect.annotateLogs({ botId: created.botId })
      )
      return created
    })

    /** Drop our earlier registrations for this URL (stale secrets or filters), then register afresh. */
    const replaceWebhooks = Effect.fn("BotSetup.replaceWebhooks")(function*(
      url: string,
      secret: Redacted.Redacted<string>
    ) {
      const registered = yield* client.listWebhooks()
      const stale = registered.filter((webhook) => webhook.url === url)
      yield* Effect.forEach(stale, (webhook) =>
        client.unregisterWebhook(webhook.id).pipe(
          // already gone (e.g. removed concurrently): nothing to do
          Effect.catchTag("LiveChatNotFoundError", () => Effect.void)
        ), { discard: true })
      yield* Effect.annotateCurrentSpan("livechat.webhooks_replaced", stale.length)
      return yield* Effect.forEach(botWebhookActions, (action) =>
        client.registerWebhook({
          action,
          secretKey: secret,
          url,
          type: "license",
          additionalData: ["chat_presence_user_ids"],
          description: "FitMate Assist bot",
          filters: webhookFilters
        }))
    })

    /** Create or reuse the bot, wire its webhooks and put it online. Returns the identity to persist. */
    const ensureBot = Effect.fn("BotSetup.ensureBot")(function*(input: EnsureBotInput) {
      const identity = yield* resolveBot(input)
      yield* replaceWebhooks(input.webhookUrl, input.webhookSecret)
      yield* client.enableLicenseWebhooks()
      yield* client.asBot(identity).setRoutingStatus("accepting_chats", identity.botId)
      return identity
    })

    /** On shutdown: no new chats are routed to the bot (`offline` also stops `bot`-type webhooks). */
    const goOffline = Effect.fn("BotSetup.goOffline")(function*(identity: BotIdentity) {
      yield* client.asBot(identity).setRoutingStatus("offline", identity.botId)
    })

    return { ensureBot, goOffline } as const
  })
}) {}

export { BotIdentity }
