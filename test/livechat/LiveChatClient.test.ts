import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Inspectable, Redacted } from "effect"
import type { ChatId, UserId } from "../../src/domain/Ids.js"
import { Emulator } from "../../src/emulator/Emulator.js"
import { BotIdentity } from "../../src/livechat/BotIdentity.js"
import { LiveChatClient } from "../../src/livechat/LiveChatClient.js"
import { isNobodyAvailable, type LiveChatError } from "../../src/livechat/LiveChatErrors.js"
import { chatWithBot, clientLayer, engineersGroup, entryGroup, eventually, Exchanges, onlineBot } from "./support.js"

const statuses = (exchanges: ReadonlyArray<{ readonly status: number | undefined }>) => exchanges.map((e) => e.status)

const botMessages = (chatId: string) =>
  Effect.flatMap(Emulator, (emulator) =>
    Effect.map(emulator.transcript(chatId, "agent"), (entries) => entries.filter((e) => e.authorType === "bot")))

/** An online bot, acting through the client, with a customer chat the router assigned to it. */
const botWithChat = Effect.gen(function*() {
  const client = yield* LiveChatClient
  const identity = yield* onlineBot
  const bot = client.asBot(identity)
  const chat = yield* chatWithBot(identity)
  return { identity, bot, ...chat }
})

describe("LiveChatClient — Configuration API with the PAT", () => {
  it.live("manages bots, webhooks, groups and reads routing statuses", () =>
    Effect.gen(function*() {
      const client = yield* LiveChatClient
      const exchanges = yield* Exchanges

      const identity = yield* client.createBot({
        name: "Ava (bot)",
        maxChatsCount: 12,
        groups: [{ id: entryGroup, priority: "first" }]
      })
      assert.match(identity.botId, /^[0-9a-f]{32}$/)
      assert.isTrue(Redacted.isRedacted(identity.botSecret))

      const bot = yield* client.getBot(identity.botId)
      assert.strictEqual(bot.name, "Ava (bot)")
      assert.strictEqual(bot.max_chats_count, 12)
      assert.deepStrictEqual(bot.groups?.map((g) => [g.id as number, g.priority]), [[0, "first"]])

      yield* client.updateBot({ id: identity.botId, name: "Ava 2", maxChatsCount: 20 })
      const listed = yield* client.listBots({ fields: ["max_chats_count"] })
      assert.deepStrictEqual(listed.map((b) => [b.id as string, b.name, b.max_chats_count]), [[identity.botId, "Ava 2", 20]])

      const groups = yield* client.listGroups(["routing_status"])
      assert.deepStrictEqual(groups.map((g) => [g.id as number, g.name]), [[0, "General"], [1, "Engineering"]])

      const webhookId = yield* client.registerWebhook({
        action: "incoming_event",
        secretKey: Redacted.make("s3cret-s3cret"),
        url: "https://bot.example.com/livechat/webhook",
        type: "license",
        additionalData: ["chat_presence_user_ids"],
        filters: { chatPresence: { myBots: true } }
      })
      const webhooks = yield* client.listWebhooks()
      assert.deepStrictEqual(webhooks.map((w) => [w.id, w.action, w.type, w.url]), [[
        webhookId,
        "incoming_event",
        "license",
        "https://bot.example.com/livechat/webhook"
      ]])
      // the filters reach LiveChat in its own spelling
      assert.deepStrictEqual(webhooks[0]?.filters, { chat_presence: { my_bots: true } })
      yield* client.enableLicenseWebhooks()
      yield* client.unregisterWebhook(webhookId)
      assert.strictEqual((yield* client.listWebhooks()).length, 0)

      yield* client.asBot(identity).setRoutingStatus("accepting_chats")
      const routing = yield* client.listRoutingStatuses([entryGroup])
      assert.deepStrictEqual(
        routing.filter((r) => r.agent_id === identity.botId).map((r) => r.status),
        ["accepting_chats"]
      )

      yield* client.deleteBot(identity.botId)
      const gone = yield* client.getBot(identity.botId).pipe(Effect.flip)
      assert.strictEqual(gone._tag, "LiveChatNotFoundError")
      assert.strictEqual(gone.operation, "getBot")
      assert.strictEqual(gone.status, 404)

      const configCalls = (yield* exchanges.all).filter((e) => e.path.includes("/configuration/"))
      assert.isAbove(configCalls.length, 8)
      for (const call of configCalls) {
        assert.strictEqual(call.authorization, "basic", call.action)
        assert.isTrue(call.path.startsWith("/v3.6/configuration/action/"), call.path)
      }
      const routingCall = yield* exchanges.of("list_routing_statuses")
      assert.deepStrictEqual(routingCall.map((e) => [e.path, e.authorization]), [[
        "/v3.6/agent/action/list_routing_statuses",
        "basic"
      ]])
    }).pipe(Effect.provide(clientLayer())))

  it.live("a wrong PAT fails with an authentication error, without retrying", () =>
    Effect.gen(function*() {
      const client = yield* LiveChatClient
      const error = yield* client.listGroups().pipe(Effect.flip)
      assert.strictEqual(error._tag, "LiveChatAuthenticationError")
      assert.strictEqual(error.operation, "listGroups")
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.message, "Invalid access token")
      assert.strictEqual((yield* (yield* Exchanges).of("list_groups")).length, 1)
    }).pipe(Effect.provide(clientLayer({ client: { pat: "dal:not-the-pat" } }))))
})

describe("LiveChatClient — as the bot (v3.6 bot token)", () => {
  it.live("issues the bot token once and reuses it across calls", () =>
    Effect.gen(function*() {
      const exchanges = yield* Exchanges
      const { bot, chatId } = yield* botWithChat

      yield* Effect.all([
        bot.sendTypingIndicator({ chatId, isTyping: true }),
        bot.sendThinkingIndicator({ chatId, title: "Checking the catalog" }),
        bot.getChat(chatId)
      ], { concurrency: "unbounded" })
      yield* bot.sendEvent({ chatId, event: { type: "message", text: "One moment." } })
      yield* bot.listAgentsForTransfer(chatId)

      assert.strictEqual((yield* exchanges.of("issue_bot_token")).length, 1)
      const agentCalls = (yield* exchanges.all).filter((e) => e.path.includes("/agent/"))
      assert.isAtLeast(agentCalls.length, 6)
      for (const call of agentCalls) assert.strictEqual(call.authorization, "bearer", call.action)
    }).pipe(Effect.provide(clientLayer())))

  it.live("re-issues exactly once after LiveChat refuses the token, and the call succeeds", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator
      const exchanges = yield* Exchanges
      const { bot, chatId } = yield* botWithChat
      yield* bot.getChat(chatId)

      yield* emulator.expireBotTokens
      yield* exchanges.clear
      const eventId = yield* bot.sendEvent({ chatId, event: { type: "message", text: "Still here.", customId: "fm.e1.reply" } })

      assert.deepStrictEqual(
        (yield* exchanges.all).map((e) => [e.action, e.status]),
        [["send_event", 401], ["issue_bot_token", 200], ["send_event", 200]]
      )
      const sent = yield* botMessages(chatId)
      assert.deepStrictEqual(sent.map((e) => [e.eventId, e.customId]), [[eventId, "fm.e1.reply"]])
    }).pipe(Effect.provide(clientLayer())))

  it.live("re-issues the token before it expires instead of waiting for a refusal", () =>
    Effect.gen(function*() {
      const exchanges = yield* Exchanges
      const { bot, chatId } = yield* botWithChat
      yield* bot.getChat(chatId)
      assert.strictEqual((yield* exchanges.of("issue_bot_token")).length, 1)

      // the token lives 4 s; past its refresh point the client must not even try it
      yield* Effect.sleep("4500 millis")
      yield* exchanges.clear
      yield* bot.getChat(chatId)
      assert.deepStrictEqual((yield* exchanges.all).map((e) => [e.action, e.status]), [
        ["issue_bot_token", 200],
        ["get_chat", 200]
      ])
    }).pipe(Effect.provide(clientLayer({ emulator: { botTokenTtl: "4 seconds" } }))))

  it.live("send_event with a custom_id is found again with get_chat; quick replies are rich messages", () =>
    Effect.gen(function*() {
      const { identity, bot, chatId, threadId } = yield* botWithChat

      const eventId = yield* bot.sendEvent({
        chatId,
        event: { type: "message", text: "The M12 crimp tool is CT-12.", customId: "fm.SB_2.reply" }
      })
      const note = yield* bot.sendEvent({
        chatId,
        event: { type: "message", text: "Internal: customer asked about M12.", visibility: "agents", customId: "fm.SB_2.note" }
      })
      const replies = yield* bot.sendEvent({
        chatId,
        event: {
          type: "quick_replies",
          title: "Should I connect you with an engineer?",
          replies: [{ id: "handoff_yes", label: "Yes, please" }, { id: "handoff_no", label: "No, thanks" }],
          customId: "fm.SB_2.offer"
        }
      })

      const chat = yield* bot.getChat(chatId)
      assert.strictEqual(chat.id, chatId)
      assert.strictEqual(chat.thread?.id, threadId)
      const events = chat.thread?.events ?? []
      const byCustomId = (customId: string) => events.find((e) => e.custom_id === customId)

      const reply = byCustomId("fm.SB_2.reply")
      assert.strictEqual(reply?.id, eventId)
      assert.strictEqual(reply?.type, "message")
      if (reply?.type === "message") {
        assert.strictEqual(reply.text, "The M12 crimp tool is CT-12.")
        assert.strictEqual(reply.author_id, identity.botId)
        assert.strictEqual(reply.visibility, "all")
      }
      assert.strictEqual(byCustomId("fm.SB_2.note")?.id, note)
      assert.strictEqual(byCustomId("fm.SB_2.note")?.visibility, "agents")

      const offer = byCustomId("fm.SB_2.offer")
      assert.strictEqual(offer?.id, replies)
      assert.strictEqual(offer?.type, "rich_message")
      if (offer?.type === "rich_message") {
        assert.strictEqual(offer.template_id, "quick_replies")
        assert.deepStrictEqual(offer.elements[0]?.buttons?.map((b) => [b.postback_id, b.text, b.value]), [
          ["handoff_yes", "Yes, please", "Yes, please"],
          ["handoff_no", "No, thanks", "No, thanks"]
        ])
      }

      // the customer does not see the internal note
      const emulator = yield* Emulator
      const seen = yield* emulator.transcript(chatId, "customer")
      assert.isFalse(seen.some((e) => e.customId === "fm.SB_2.note"))
    }).pipe(Effect.provide(clientLayer())))
})

describe("LiveChatClient — retries", () => {
  it.live("send_event is not retried after a 500: the error surfaces and nothing was sent", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator
      const exchanges = yield* Exchanges
      const { bot, chatId } = yield* botWithChat
      yield* bot.getChat(chatId)

      yield* emulator.injectFault({ action: "send_event", kind: "internal", times: 1 })
      const error = yield* bot.sendEvent({ chatId, event: { type: "message", text: "Hello", customId: "fm.x.reply" } })
        .pipe(Effect.flip)
      assert.strictEqual(error._tag, "LiveChatInternalError")
      assert.strictEqual(error.operation, "sendEvent")
      assert.strictEqual(error.status, 500)
      assert.deepStrictEqual(statuses(yield* exchanges.of("send_event")), [500])
      assert.deepStrictEqual(yield* botMessages(chatId), [])
    }).pipe(Effect.provide(clientLayer())))

  it.live("send_event is not retried after our timeout", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator
      const exchanges = yield* Exchanges
      const { bot, chatId } = yield* botWithChat
      yield* bot.getChat(chatId)

      yield* emulator.injectFault({ action: "send_event", kind: "timeout", times: 1, processed: true, delay: "8 seconds" })
      const error = yield* bot.sendEvent({ chatId, event: { type: "message", text: "Hello", customId: "fm.t.reply" } })
        .pipe(Effect.flip)
      assert.strictEqual(error._tag, "LiveChatTimeoutError")
      assert.strictEqual((yield* exchanges.of("send_event")).length, 1)
      // LiveChat did act: the caller finds the message by its custom_id instead of sending it twice
      const chat = yield* bot.getChat(chatId)
      assert.strictEqual(chat.thread?.events.filter((e) => e.custom_id === "fm.t.reply").length, 1)
    }).pipe(Effect.provide(clientLayer({ client: { requestTimeout: "1 second" } }))))

  it.live("send_event is retried after too_many_requests: one message in the end", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator
      const exchanges = yield* Exchanges
      const { bot, chatId } = yield* botWithChat
      yield* bot.getChat(chatId)

      yield* emulator.injectFault({ action: "send_event", kind: "too_many_requests", times: 2 })
      const eventId = yield* bot.sendEvent({ chatId, event: { type: "message", text: "Hello", customId: "fm.r.reply" } })
      assert.deepStrictEqual(statuses(yield* exchanges.of("send_event")), [429, 429, 200])
      const sent = yield* botMessages(chatId)
      assert.deepStrictEqual(sent.map((e) => [e.eventId, e.customId]), [[eventId, "fm.r.reply"]])
    }).pipe(Effect.provide(clientLayer())))

  it.live("list calls are retried after timeouts and 5xx", () =>
    Effect.gen(function*() {
      const client = yield* LiveChatClient
      const emulator = yield* Emulator
      const exchanges = yield* Exchanges

      yield* emulator.injectFault({ action: "list_groups", kind: "timeout", times: 1, delay: "10 seconds" })
      const groups = yield* client.listGroups()
      assert.strictEqual(groups.length, 2)
      assert.deepStrictEqual(statuses(yield* exchanges.of("list_groups")), [undefined, 200])

      yield* emulator.injectFault({ action: "list_bots", kind: "service_unavailable", times: 2 })
      yield* client.listBots()
      assert.deepStrictEqual(statuses(yield* exchanges.of("list_bots")), [503, 503, 200])
    }).pipe(Effect.provide(clientLayer({ client: { requestTimeout: "1 second" } }))))

  it.live("a refused connection is reported as never sent (safe to resend) after the retries", () =>
    Effect.gen(function*() {
      const client = yield* LiveChatClient
      const error = yield* client.listGroups().pipe(Effect.flip)
      assert.strictEqual(error._tag, "LiveChatTransportError")
      if (error._tag === "LiveChatTransportError") assert.strictEqual(error.requestSent, "no")
      // 1 attempt + 4 retries
      assert.strictEqual((yield* (yield* Exchanges).of("list_groups")).length, 5)
    }).pipe(Effect.provide(clientLayer({ client: { apiUrl: "http://127.0.0.1:1" } }))))
})

describe("LiveChatClient — nothing secret in errors", () => {
  const printed = (error: LiveChatError) =>
    [JSON.stringify(error), String(error), Inspectable.format(error), Cause.pretty(Cause.fail(error))].join("\n")

  const text = "TOP-SECRET customer text t.anderson@example.com"
  /** The bot sends a secret text to an unreachable LiveChat (see the layers below) and gets the error back. */
  const failedSecretSend = Effect.gen(function*() {
    const client = yield* LiveChatClient
    const identity = new BotIdentity({
      botId: "5c9871d5372c824cbf22d860a707a578" as UserId,
      botSecret: Redacted.make("bot-secret-0123456789abcdef")
    })
    return yield* client.asBot(identity).sendEvent({ chatId: "SB7K2Q4XZP" as ChatId, event: { type: "message", text } })
      .pipe(Effect.flip)
  })

  it.live("a failed bot call prints neither the message text nor the bot secret", () =>
    Effect.gen(function*() {
      const asBot = yield* failedSecretSend
      assert.strictEqual(asBot._tag, "LiveChatTransportError")
      assert.strictEqual(asBot.operation, "issueBotToken")
      for (const secret of ["bot-secret-0123456789abcdef", text, "not-the-pat"]) {
        assert.notInclude(printed(asBot), secret)
      }
    }).pipe(Effect.provide(clientLayer({ client: { apiUrl: "http://127.0.0.1:1", retryTimes: 0, pat: "dal:not-the-pat" } }))))

  it.live("v3.5: a failed send prints no message text", () =>
    Effect.gen(function*() {
      const error = yield* failedSecretSend
      assert.strictEqual(error._tag, "LiveChatTransportError")
      assert.strictEqual(error.operation, "sendEvent")
      assert.notInclude(printed(error), text)
      assert.notInclude(printed(error), "not-the-pat")
    }).pipe(Effect.provide(clientLayer({
      client: { apiUrl: "http://127.0.0.1:1", retryTimes: 0, apiVersion: "3.5", pat: "dal:not-the-pat" }
    }))))
})

describe("LiveChatClient — hand-off", () => {
  it.live("transfer with nobody available is recognised; with an engineer online it is assigned", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator
      const { bot, chatId } = yield* botWithChat

      const error: LiveChatError = yield* bot.transferChat({ chatId, target: { type: "group", ids: [engineersGroup] } })
        .pipe(Effect.flip)
      assert.isTrue(isNobodyAvailable(error), `${error._tag}: ${error.message}`)
      assert.strictEqual(error.operation, "transferChat")
      assert.strictEqual((yield* bot.listAgentsForTransfer(chatId)).length, 0)

      yield* emulator.agentLogin({ agentId: "anna.smith@example.com", name: "Anna Smith", groups: [1] })
      const available = yield* bot.listAgentsForTransfer(chatId)
      assert.deepStrictEqual(available.map((a) => a.agent_id as string), ["anna.smith@example.com"])
      yield* bot.transferChat({ chatId, target: { type: "group", ids: [engineersGroup] } })
      const view = yield* eventually(emulator.chat(chatId), (v) => v.assignee === "anna.smith@example.com", {
        what: "the engineer to be assigned"
      })
      assert.deepStrictEqual(view.groupIds, [1])
    }).pipe(Effect.provide(clientLayer())))

  it.live("transfer with ignoreAgentsAvailability queues the chat when nobody is free", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator
      const { identity, bot, chatId } = yield* botWithChat
      yield* bot.transferChat({ chatId, target: { type: "group", ids: [engineersGroup] }, ignoreAgentsAvailability: true })
      const view = yield* emulator.chat(chatId)
      assert.isTrue(view.queued)
      assert.notStrictEqual(view.assignee, identity.botId)
    }).pipe(Effect.provide(clientLayer())))

  it.live("deactivateChat closes the thread; later sends fail with chat_inactive", () =>
    Effect.gen(function*() {
      const { bot, chatId } = yield* botWithChat
      yield* bot.deactivateChat(chatId)
      const chat = yield* bot.getChat(chatId)
      assert.isFalse(chat.thread?.active)
      const error = yield* bot.sendEvent({ chatId, event: { type: "message", text: "Bye" } }).pipe(Effect.flip)
      assert.strictEqual(error._tag, "LiveChatChatInactiveError")
    }).pipe(Effect.provide(clientLayer())))
})

describe("LiveChatClient — v3.5 compatibility", () => {
  it.live("acts as the bot with the PAT and X-Author-Id, without bot tokens", () =>
    Effect.gen(function*() {
      const exchanges = yield* Exchanges
      const { identity, bot, chatId } = yield* botWithChat
      const eventId = yield* bot.sendEvent({ chatId, event: { type: "message", text: "Hi from 3.5", customId: "fm.v35" } })
      const chat = yield* bot.getChat(chatId)
      const sent = chat.thread?.events.find((e) => e.id === eventId)
      assert.strictEqual(sent?.author_id, identity.botId)
      assert.strictEqual(sent?.custom_id, "fm.v35")

      assert.strictEqual((yield* exchanges.of("issue_bot_token")).length, 0)
      const agentCalls = (yield* exchanges.all).filter((e) => e.path.includes("/agent/"))
      assert.isAtLeast(agentCalls.length, 3)
      for (const call of agentCalls) {
        assert.isTrue(call.path.startsWith("/v3.5/agent/action/"), call.path)
        assert.strictEqual(call.authorization, "basic")
        assert.strictEqual(call.authorId, identity.botId as string)
      }
    }).pipe(Effect.provide(clientLayer({ client: { apiVersion: "3.5" } }))))
})
