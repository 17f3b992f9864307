import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { agentApi, basic, configApi, eventually, expectOk, get, makeReceiver, ofAction, registerWebhook, setupBot, withEmulator } from "./support.js"

describe("Routing", () => {
  it.live("routes a new chat to an accepting first-priority bot, then to a human, then to the queue", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const bot = yield* setupBot(emulator, { maxChats: 1 })
        const first = yield* emulator.startChat({ customerName: "Thomas", text: "hello" })
        assert.strictEqual((yield* emulator.chat(first.chatId)).assignee, bot.botId)

        // The bot is full (max_chats_count 1) and nobody else is around: queued.
        const second = yield* emulator.startChat({ text: "anyone?" })
        const queued = yield* emulator.chat(second.chatId)
        assert.isTrue(queued.queued)
        assert.isUndefined(queued.assignee)
        assert.deepStrictEqual(queued.userIds, [second.customerId])

        // A human becomes available: the queued chat is assigned to them (group 0 holds every agent).
        yield* emulator.agentLogin({ agentId: "anna.smith@example.com", name: "Anna Smith" })
        const served = yield* emulator.chat(second.chatId)
        assert.isFalse(served.queued)
        assert.strictEqual(served.assignee, "anna.smith@example.com")

        // With the bot full, the next chat goes straight to the human.
        const third = yield* emulator.startChat({ text: "hi" })
        assert.strictEqual((yield* emulator.chat(third.chatId)).assignee, "anna.smith@example.com")
      })
    ))

  it.live("does not route to bots that are not accepting, nor to humans of other groups or not accepting", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        yield* setupBot(emulator, { accepting: false })
        yield* emulator.agentLogin({ agentId: "busy@example.com", accepting: false })
        const chat = yield* emulator.startChat({ groupId: 1, text: "hi" })
        assert.isTrue((yield* emulator.chat(chat.chatId)).queued)
        // Someone of group 1 sets accepting: the queue moves.
        yield* emulator.setAgentAccepting("busy@example.com", true)
        assert.strictEqual((yield* emulator.chat(chat.chatId)).assignee, "busy@example.com")
      })
    ))

  it.scopedLive("a bot that becomes accepting picks up queued chats, announced with user_added_to_chat", () =>
    Effect.gen(function*() {
      const receiver = yield* makeReceiver()
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          const bot = yield* setupBot(emulator, { accepting: false })
          yield* registerWebhook(emulator, { action: "user_added_to_chat", url: receiver.url })
          const chat = yield* emulator.startChat({ text: "hi" })
          assert.isTrue((yield* emulator.chat(chat.chatId)).queued)
          yield* expectOk(yield* agentApi(emulator, "set_routing_status", { status: "accepting_chats" }, bot.auth))
          assert.strictEqual((yield* emulator.chat(chat.chatId)).assignee, bot.botId)
          const added = yield* eventually(receiver.bodies, (bodies) => ofAction(bodies, "user_added_to_chat").length === 1)
          assert.strictEqual(get(added[0], "payload", "user", "id"), bot.botId)
          assert.strictEqual(get(added[0], "payload", "chat_id"), chat.chatId)
        })
      )
    }))

  it.scopedLive("threads: a returning customer gets a new thread id in the same chat and is routed again", () =>
    Effect.gen(function*() {
      const receiver = yield* makeReceiver()
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          const bot = yield* setupBot(emulator)
          yield* registerWebhook(emulator, { action: "incoming_chat", url: receiver.url })
          yield* registerWebhook(emulator, { action: "chat_deactivated", url: receiver.url })
          const chat = yield* emulator.startChat({ text: "first visit" })
          assert.match(chat.chatId, /^[A-Z0-9]{10}$/)
          assert.match(chat.threadId, /^[A-Z0-9]{10}$/)
          assert.match(chat.customerId, /^[0-9a-f-]{36}$/)
          assert.strictEqual(chat.firstEventId, `${chat.threadId}_1`)
          yield* emulator.closeChat(chat.chatId)
          assert.isUndefined((yield* emulator.chat(chat.chatId)).activeThreadId)

          const next = yield* emulator.startNewThread({ chatId: chat.chatId, text: "back again" })
          assert.notStrictEqual(next.threadId, chat.threadId)
          const view = yield* emulator.chat(chat.chatId)
          assert.strictEqual(view.activeThreadId, next.threadId)
          assert.strictEqual(view.assignee, bot.botId)

          const bodies = yield* eventually(receiver.bodies, (b) => ofAction(b, "incoming_chat").length === 2 && ofAction(b, "chat_deactivated").length === 1)
          const chats = ofAction(bodies, "incoming_chat")
          assert.strictEqual(get(chats[1], "payload", "chat", "id"), chat.chatId)
          assert.strictEqual(get(chats[1], "payload", "chat", "thread", "id"), next.threadId)
          assert.strictEqual(get(chats[1], "payload", "chat", "thread", "previous_thread_id"), chat.threadId)
          assert.strictEqual(get(chats[1], "payload", "chat", "thread", "events", 0, "id"), `${next.threadId}_1`)
          assert.deepStrictEqual(get(ofAction(bodies, "chat_deactivated")[0], "payload"), {
            chat_id: chat.chatId,
            thread_id: chat.threadId,
            user_id: chat.customerId
          })

          // get_chat returns the latest thread by default and an older one on request.
          const latest = yield* expectOk(yield* agentApi(emulator, "get_chat", { chat_id: chat.chatId }, bot.auth))
          assert.strictEqual(get(latest, "thread", "id"), next.threadId)
          const older = yield* expectOk(yield* agentApi(emulator, "get_chat", { chat_id: chat.chatId, thread_id: chat.threadId }, basic(emulator.credentials)))
          assert.strictEqual(get(older, "thread", "active"), false)
          const missing = yield* agentApi(emulator, "get_chat", { chat_id: chat.chatId, thread_id: "NOPE000000" }, bot.auth)
          assert.strictEqual(get(missing.body, "error", "type"), "not_found")
        })
      )
    }))

  it.live("set_routing_status: a bot token sets the bot itself; bots may go offline, humans may not", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const pat = basic(emulator.credentials)
        const bot = yield* setupBot(emulator, { accepting: false })
        yield* expectOk(yield* agentApi(emulator, "set_routing_status", { status: "not_accepting_chats" }, bot.auth))
        yield* emulator.agentLogin({ agentId: "anna.smith@example.com" })
        const humanOffline = yield* agentApi(emulator, "set_routing_status", { agent_id: "anna.smith@example.com", status: "offline" }, pat)
        assert.strictEqual(get(humanOffline.body, "error", "type"), "validation")
        const otherAgent = yield* agentApi(emulator, "set_routing_status", { agent_id: "anna.smith@example.com", status: "not_accepting_chats" }, bot.auth)
        assert.strictEqual(otherAgent.status, 403)
        yield* expectOk(yield* agentApi(emulator, "set_routing_status", { agent_id: bot.botId, status: "offline" }, pat))
        const statuses = yield* expectOk(yield* configApi(emulator, "list_routing_statuses", {}, pat))
        assert.deepStrictEqual(statuses, [
          { agent_id: bot.botId, status: "offline" },
          { agent_id: "anna.smith@example.com", status: "accepting_chats" }
        ])
      })
    ))
})
