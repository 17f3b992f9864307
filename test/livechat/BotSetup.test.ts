import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Emulator } from "../../src/emulator/Emulator.js"
import { BotSetup, botWebhookActions } from "../../src/livechat/BotSetup.js"
import { LiveChatClient } from "../../src/livechat/LiveChatClient.js"
import { decodeWebhook, peekSecret, secretMatches } from "../../src/livechat/Webhook.js"
import { clientLayer, entryGroup, eventually, makeReceiver } from "./support.js"

const setupLayer = BotSetup.Default.pipe(Layer.provideMerge(clientLayer()))

const webhookSecret = Redacted.make("wh-secret-for-tests-0123456789")

describe("BotSetup", () => {
  it.live("ensureBot: creates the bot, registers its webhooks, puts it online; chats reach it", () =>
    Effect.scoped(Effect.gen(function*() {
      const setup = yield* BotSetup
      const client = yield* LiveChatClient
      const emulator = yield* Emulator
      const receiver = yield* makeReceiver

      const identity = yield* setup.ensureBot({
        name: "FitMate Assist (bot)",
        entryGroupId: entryGroup,
        maxChats: 25,
        webhookUrl: receiver.url,
        webhookSecret
      })

      const bot = yield* client.getBot(identity.botId)
      assert.strictEqual(bot.name, "FitMate Assist (bot)")
      assert.strictEqual(bot.max_chats_count, 25)
      assert.deepStrictEqual(bot.groups?.map((g) => [g.id as number, g.priority]), [[0, "first"]])

      const webhooks = yield* client.listWebhooks()
      assert.deepStrictEqual(webhooks.map((w) => w.action).sort(), [...botWebhookActions].sort())
      for (const webhook of webhooks) {
        assert.strictEqual(webhook.url, receiver.url)
        assert.strictEqual(webhook.type, "license")
        // incoming_event is not limited to customers: human agents' messages must arrive too
        assert.deepStrictEqual(webhook.filters, { chat_presence: { my_bots: true } }, webhook.action)
        assert.deepStrictEqual(webhook.additional_data, ["chat_presence_user_ids"])
      }

      const statuses = yield* client.listRoutingStatuses([entryGroup])
      assert.deepStrictEqual(statuses.filter((s) => s.agent_id === identity.botId).map((s) => s.status), [
        "accepting_chats"
      ])

      // a customer starts a chat: routed to the bot, and the webhook arrives with our secret
      const started = yield* emulator.startChat({ customerName: "Thomas", groupId: entryGroup, text: "Hello" })
      const view = yield* eventually(emulator.chat(started.chatId), (v) => v.assignee === identity.botId, {
        what: "the chat to be routed to the bot"
      })
      assert.include(view.userIds, identity.botId)
      const bodies = yield* eventually(receiver.bodies, (all) => all.some((b) => b.includes("\"incoming_chat\"")), {
        what: "the incoming_chat webhook"
      })
      const body = bodies.find((b) => b.includes("\"incoming_chat\""))!
      assert.isTrue(secretMatches(yield* peekSecret(body), webhookSecret))
      const hook = yield* decodeWebhook(body)
      assert.strictEqual(hook._tag, "IncomingChat")
      if (hook._tag === "IncomingChat") {
        assert.strictEqual(hook.payload.chat.id, started.chatId)
        assert.include(hook.additional_data.chat_presence_user_ids ?? [], identity.botId)
      }

    }).pipe(Effect.provide(setupLayer))))

  it.live("ensureBot again with the saved identity reuses the bot and replaces stale webhooks; goOffline", () =>
    Effect.scoped(Effect.gen(function*() {
      const setup = yield* BotSetup
      const client = yield* LiveChatClient
      const receiver = yield* makeReceiver
      const input = {
        name: "FitMate Assist (bot)",
        entryGroupId: entryGroup,
        maxChats: 10,
        webhookUrl: receiver.url,
        webhookSecret
      }
      const first = yield* setup.ensureBot(input)
      const firstIds = (yield* client.listWebhooks()).map((w) => w.id)

      const second = yield* setup.ensureBot({ ...input, maxChats: 30, existing: first })
      assert.strictEqual(second.botId, first.botId)
      assert.strictEqual((yield* client.listBots()).length, 1)
      assert.strictEqual((yield* client.getBot(first.botId)).max_chats_count, 30)
      const webhooks = yield* client.listWebhooks()
      assert.strictEqual(webhooks.length, botWebhookActions.length)
      assert.isFalse(webhooks.some((w) => firstIds.includes(w.id)), "the earlier registrations are gone")

      yield* setup.goOffline(second)
      const statuses = yield* client.listRoutingStatuses()
      assert.deepStrictEqual(statuses.filter((s) => s.agent_id === first.botId).map((s) => s.status), ["offline"])
    }).pipe(Effect.provide(setupLayer))))

  it.live("a configured bot that no longer exists is replaced by a new one", () =>
    Effect.scoped(Effect.gen(function*() {
      const setup = yield* BotSetup
      const client = yield* LiveChatClient
      const receiver = yield* makeReceiver
      const input = { name: "FitMate Assist (bot)", entryGroupId: entryGroup, maxChats: 10, webhookUrl: receiver.url, webhookSecret }
      const first = yield* setup.ensureBot(input)
      yield* client.deleteBot(first.botId)
      const second = yield* setup.ensureBot({ ...input, existing: first })
      assert.notStrictEqual(second.botId, first.botId)
      assert.deepStrictEqual((yield* client.listBots()).map((b) => b.id as string), [second.botId])
    }).pipe(Effect.provide(setupLayer))))
})
