import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { agentApi, basic, bearer, eventually, expectOk, get, makeReceiver, ofAction, registerWebhook, setupBot, withEmulator } from "./support.js"

const quickReplies = {
  type: "rich_message",
  template_id: "quick_replies",
  custom_id: "bot-qr-0001",
  elements: [{
    title: "Should I connect you with our support team?",
    buttons: [
      { text: "Yes, please", type: "message", value: "Yes, please", postback_id: "handoff_yes", user_ids: [] },
      { text: "No, thanks", type: "message", value: "No, thanks", postback_id: "handoff_no", user_ids: [] }
    ]
  }]
}

describe("Agent Chat API: send_event", () => {
  it.live("stores messages with `<thread>_<n>` ids and the echoed custom_id, visible per visibility", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const bot = yield* setupBot(emulator)
        const chat = yield* emulator.startChat({ customerName: "Thomas", text: "Where is my order?" })
        const sent = yield* expectOk(yield* agentApi(emulator, "send_event", {
          chat_id: chat.chatId,
          event: { type: "message", text: "Let me check.", visibility: "all", custom_id: "bot-abc" }
        }, bot.auth))
        assert.deepStrictEqual(sent, { event_id: `${chat.threadId}_2` })
        const note = yield* expectOk(yield* agentApi(emulator, "send_event", {
          chat_id: chat.chatId,
          event: { type: "message", text: "internal briefing", visibility: "agents" }
        }, bot.auth))
        assert.deepStrictEqual(note, { event_id: `${chat.threadId}_3` })
        const rich = yield* expectOk(yield* agentApi(emulator, "send_event", { chat_id: chat.chatId, event: quickReplies }, bot.auth))
        assert.deepStrictEqual(rich, { event_id: `${chat.threadId}_4` })

        const forAgents = yield* emulator.transcript(chat.chatId, "agent")
        // The widget tags customer events with its own custom_id, like LiveChat's.
        assert.match(forAgents[0]!.customId ?? "", /^[a-z0-9]{11}$/)
        assert.deepStrictEqual(forAgents.map((e) => [e.eventId, e.authorType, e.visibility, e.authorType === "customer" ? "widget" : e.customId]), [
          [`${chat.threadId}_1`, "customer", "all", "widget"],
          [`${chat.threadId}_2`, "bot", "all", "bot-abc"],
          [`${chat.threadId}_3`, "bot", "agents", undefined],
          [`${chat.threadId}_4`, "bot", "all", "bot-qr-0001"]
        ])
        assert.deepStrictEqual(get(forAgents[3]!.richMessage, "elements", 0, "buttons", 0, "postback_id"), "handoff_yes")
        const forCustomer = yield* emulator.transcript(chat.chatId, "customer")
        assert.deepStrictEqual(forCustomer.map((e) => e.text), ["Where is my order?", "Let me check.", undefined])

        // get_chat shows events with custom_id, as stored.
        const read = yield* expectOk(yield* agentApi(emulator, "get_chat", { chat_id: chat.chatId }, bot.auth))
        assert.deepStrictEqual(get(read, "thread", "events", 1), {
          id: `${chat.threadId}_2`,
          custom_id: "bot-abc",
          type: "message",
          author_id: bot.botId,
          created_at: forAgents[1]!.createdAt,
          visibility: "all",
          text: "Let me check."
        })
        assert.match(forAgents[1]!.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
      })
    ))

  it.live("keeps event ids unique and gapless under concurrent requests", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const bot = yield* setupBot(emulator)
        const chat = yield* emulator.startChat({ text: "hi" })
        const send = (i: number) =>
          Effect.flatMap(agentApi(emulator, "send_event", { chat_id: chat.chatId, event: { type: "message", text: `m${i}` } }, bot.auth), expectOk)
        const customer = (i: number) => Effect.map(emulator.sendCustomerMessage({ chatId: chat.chatId, text: `c${i}` }), (r) => ({ event_id: r.eventId }))
        const results = yield* Effect.all(
          Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? send(i) : customer(i))),
          { concurrency: "unbounded" }
        )
        const ids = results.map((r) => get(r, "event_id") as string)
        const numbers = ids.map((id) => Number(id.split("_")[1])).sort((a, b) => a - b)
        assert.deepStrictEqual(numbers, Array.from({ length: 40 }, (_, i) => i + 2))
        assert.lengthOf(yield* emulator.transcript(chat.chatId, "agent"), 41)
      })
    ))

  it.live("refuses non-members, inactive chats, unknown chats and bad events", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const bot = yield* setupBot(emulator, { maxChats: 1 })
        const mine = yield* emulator.startChat({ text: "hi" })
        const other = yield* emulator.startChat({ text: "queued" })
        const message = { type: "message", text: "hello" }

        const notMember = yield* agentApi(emulator, "send_event", { chat_id: other.chatId, event: message }, bot.auth)
        assert.deepStrictEqual(notMember, { status: 403, body: { error: { type: "authorization", message: "Requester is not a user of this chat" } } })

        const unknown = yield* agentApi(emulator, "send_event", { chat_id: "NOSUCHCHAT", event: message }, bot.auth)
        assert.strictEqual(get(unknown.body, "error", "type"), "not_found")

        const badType = yield* agentApi(emulator, "send_event", { chat_id: mine.chatId, event: { type: "file", url: "x" } }, bot.auth)
        assert.strictEqual(get(badType.body, "error", "type"), "validation")
        const noText = yield* agentApi(emulator, "send_event", { chat_id: mine.chatId, event: { type: "message" } }, bot.auth)
        assert.deepStrictEqual(noText, { status: 400, body: { error: { type: "validation", message: "`text` is required" } } })
        const badVisibility = yield* agentApi(emulator, "send_event", { chat_id: mine.chatId, event: { ...message, visibility: "customers" } }, bot.auth)
        assert.strictEqual(badVisibility.status, 400)
        const noChat = yield* agentApi(emulator, "send_event", { event: message }, bot.auth)
        assert.deepStrictEqual(noChat, { status: 400, body: { error: { type: "validation", message: "`chat_id` is required" } } })

        yield* emulator.closeChat(mine.chatId)
        const inactive = yield* agentApi(emulator, "send_event", { chat_id: mine.chatId, event: message }, bot.auth)
        assert.deepStrictEqual(inactive, { status: 422, body: { error: { type: "chat_inactive", message: "Chat is inactive" } } })
        const inactiveTransfer = yield* agentApi(emulator, "transfer_chat", { id: mine.chatId, target: { type: "group", ids: [1] } }, bot.auth)
        assert.strictEqual(get(inactiveTransfer.body, "error", "type"), "chat_inactive")
        const customerAfterClose = yield* Effect.either(emulator.sendCustomerMessage({ chatId: mine.chatId, text: "hello?" }))
        assert.strictEqual(customerAfterClose._tag === "Left" ? customerAfterClose.left.type : undefined, "chat_inactive")
      })
    ))

  it.live("typing and thinking indicators need a chat user and show on the customer side", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const bot = yield* setupBot(emulator)
        const chat = yield* emulator.startChat({ text: "hi" })
        yield* expectOk(yield* agentApi(emulator, "send_typing_indicator", { chat_id: chat.chatId, is_typing: true }, bot.auth))
        assert.deepStrictEqual(yield* emulator.indicator(chat.chatId), { userId: bot.botId, kind: "typing" })
        yield* expectOk(yield* agentApi(emulator, "send_thinking_indicator", { chat_id: chat.chatId, title: "Checking the catalogue" }, bot.auth))
        assert.deepStrictEqual(yield* emulator.indicator(chat.chatId), { userId: bot.botId, kind: "thinking" })
        yield* expectOk(yield* agentApi(emulator, "send_event", { chat_id: chat.chatId, event: { type: "message", text: "Found it." } }, bot.auth))
        assert.isUndefined(yield* emulator.indicator(chat.chatId))
        const missingFlag = yield* agentApi(emulator, "send_typing_indicator", { chat_id: chat.chatId }, bot.auth)
        assert.strictEqual(missingFlag.status, 400)
        const stranger = yield* setupBot(emulator, { accepting: false, name: "Other" })
        const notMember = yield* agentApi(emulator, "send_thinking_indicator", { chat_id: chat.chatId }, stranger.auth)
        assert.strictEqual(notMember.status, 403)
      })
    ))
})

describe("Agent Chat API: transfer_chat", () => {
  it.scopedLive("transfers to a group with an accepting human: human added, bot removed, events in order", () =>
    Effect.gen(function*() {
      const receiver = yield* makeReceiver()
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          const bot = yield* setupBot(emulator)
          for (const action of ["chat_transferred", "incoming_event", "user_added_to_chat", "user_removed_from_chat"]) {
            yield* registerWebhook(emulator, { action, url: receiver.url, additionalData: ["chat_presence_user_ids"] })
          }
          yield* emulator.agentLogin({ agentId: "anna.smith@example.com", name: "Anna Smith", groups: [1] })
          const chat = yield* emulator.startChat({ customerName: "Thomas", text: "I'd like a human" })
          assert.strictEqual((yield* emulator.chat(chat.chatId)).assignee, bot.botId)

          const candidates = yield* expectOk(yield* agentApi(emulator, "list_agents_for_transfer", { chat_id: chat.chatId }, bot.auth))
          assert.deepStrictEqual(candidates, [{ agent_id: "anna.smith@example.com", total_active_chats: 0 }])

          yield* expectOk(yield* agentApi(emulator, "transfer_chat", { id: chat.chatId, target: { type: "group", ids: [1] } }, bot.auth))
          const view = yield* emulator.chat(chat.chatId)
          assert.deepStrictEqual(view.userIds, [chat.customerId, "anna.smith@example.com"])
          assert.strictEqual(view.assignee, "anna.smith@example.com")
          assert.deepStrictEqual(view.groupIds, [1])

          const received = yield* eventually(receiver.bodies, (b) => b.length >= 4, { what: "transfer webhooks" })
          // Deliveries start in event order but travel independently, so compare by action.
          const order = ["chat_transferred", "incoming_event", "user_added_to_chat", "user_removed_from_chat"]
          const bodies = order.map((action) => ofAction(received, action)[0])
          assert.lengthOf(received, 4)
          assert.deepStrictEqual(get(bodies[0], "payload"), {
            chat_id: chat.chatId,
            thread_id: chat.threadId,
            requester_id: bot.botId,
            reason: "manual",
            transferred_to: { group_ids: [1], agent_ids: ["anna.smith@example.com"] }
          })
          assert.deepStrictEqual(get(bodies[0], "additional_data"), { chat_presence_user_ids: [chat.customerId, "anna.smith@example.com"] })
          assert.strictEqual(get(bodies[1], "payload", "event", "type"), "system_message")
          assert.strictEqual(get(bodies[1], "payload", "event", "system_message_type"), "chat_transferred")
          assert.strictEqual(get(bodies[1], "payload", "event", "text"), "Ava (bot) transferred the chat to Engineering")
          assert.strictEqual(get(bodies[2], "payload", "user", "id"), "anna.smith@example.com")
          assert.strictEqual(get(bodies[3], "payload", "user_id"), bot.botId)

          // The bot is no longer a chat user: it cannot write, and (not in group 1) cannot read the chat.
          const after = yield* agentApi(emulator, "send_event", { chat_id: chat.chatId, event: { type: "message", text: "still here?" } }, bot.auth)
          assert.strictEqual(get(after.body, "error", "type"), "authorization")
          const read = yield* agentApi(emulator, "get_chat", { chat_id: chat.chatId }, bot.auth)
          assert.strictEqual(read.status, 403)

          // The human answers through the console; the bot never sees its own chat again.
          const reply = yield* emulator.agentSendMessage({ agentId: "anna.smith@example.com", chatId: chat.chatId, text: "Anna here." })
          assert.match(reply.eventId, new RegExp(`^${chat.threadId}_\\d+$`))
        })
      )
    }))

  it.live("fails with the documented validation error when nobody can take the chat", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const bot = yield* setupBot(emulator)
        yield* emulator.agentLogin({ agentId: "away@example.com", groups: [1], accepting: false })
        const chat = yield* emulator.startChat({ text: "human please" })
        const failed = yield* agentApi(emulator, "transfer_chat", { id: chat.chatId, target: { type: "group", ids: [1] } }, bot.auth)
        assert.deepStrictEqual(failed, {
          status: 400,
          body: { error: { type: "validation", message: "Cannot assign any agent from requested groups" } }
        })
        // Nothing changed.
        const view = yield* emulator.chat(chat.chatId)
        assert.strictEqual(view.assignee, bot.botId)
        assert.deepStrictEqual(view.groupIds, [0])
        const unknownGroup = yield* agentApi(emulator, "transfer_chat", { id: chat.chatId, target: { type: "group", ids: [9] } }, bot.auth)
        assert.strictEqual(get(unknownGroup.body, "error", "type"), "validation")
        const badTarget = yield* agentApi(emulator, "transfer_chat", { id: chat.chatId, target: { type: "team", ids: [1] } }, bot.auth)
        assert.strictEqual(badTarget.status, 400)
      })
    ))

  it.scopedLive("with ignore_agents_availability the chat is queued (chat_transferred carries queue) and served later", () =>
    Effect.gen(function*() {
      const receiver = yield* makeReceiver()
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          const bot = yield* setupBot(emulator)
          yield* registerWebhook(emulator, { action: "chat_transferred", url: receiver.url })
          yield* registerWebhook(emulator, { action: "user_added_to_chat", url: receiver.url })
          const chat = yield* emulator.startChat({ text: "human please" })
          yield* expectOk(yield* agentApi(emulator, "transfer_chat", {
            id: chat.chatId,
            target: { type: "group", ids: [1] },
            ignore_agents_availability: true
          }, bot.auth))
          const queued = yield* emulator.chat(chat.chatId)
          assert.isTrue(queued.queued)
          assert.deepStrictEqual(queued.userIds, [chat.customerId])
          const transferred = yield* eventually(receiver.bodies, (b) => ofAction(b, "chat_transferred").length === 1)
          const payload = get(transferred[0], "payload")
          assert.deepStrictEqual(get(payload, "transferred_to"), { group_ids: [1] })
          assert.strictEqual(get(payload, "queue", "position"), 1)
          assert.isNumber(get(payload, "queue", "wait_time"))
          assert.isString(get(payload, "queue", "queued_at"))

          const token = (yield* emulator.agentLogin({ agentId: "late@example.com", groups: [1] })).accessToken
          assert.strictEqual((yield* emulator.chat(chat.chatId)).assignee, "late@example.com")
          const added = yield* eventually(receiver.bodies, (b) => ofAction(b, "user_added_to_chat").length === 1)
          assert.strictEqual(get(added[added.length - 1], "payload", "user", "id"), "late@example.com")

          // The human's own access token works on the Agent Chat API, e.g. to close the chat.
          yield* expectOk(yield* agentApi(emulator, "deactivate_chat", { id: chat.chatId }, bearer(token)))
          assert.isUndefined((yield* emulator.chat(chat.chatId)).activeThreadId)
        })
      )
    }))

  it.live("transfers to a named agent and closes chats with deactivate_chat", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const bot = yield* setupBot(emulator)
        yield* emulator.agentLogin({ agentId: "anna.smith@example.com", groups: [1] })
        const chat = yield* emulator.startChat({ text: "hi" })
        yield* expectOk(yield* agentApi(emulator, "transfer_chat", { id: chat.chatId, target: { type: "agent", ids: ["anna.smith@example.com"] } }, bot.auth))
        assert.strictEqual((yield* emulator.chat(chat.chatId)).assignee, "anna.smith@example.com")

        const other = yield* emulator.startChat({ text: "bye" })
        yield* expectOk(yield* agentApi(emulator, "deactivate_chat", { id: other.chatId }, bot.auth))
        const again = yield* agentApi(emulator, "deactivate_chat", { id: other.chatId }, bot.auth)
        assert.strictEqual(get(again.body, "error", "type"), "chat_inactive")
        // The PAT's administrator is not in the chat but may close it with ignore_requester_presence.
        const third = yield* emulator.startChat({ text: "x" })
        const notMember = yield* agentApi(emulator, "deactivate_chat", { id: third.chatId }, basic(emulator.credentials))
        assert.strictEqual(get(notMember.body, "error", "type"), "authorization")
        yield* expectOk(yield* agentApi(emulator, "deactivate_chat", { id: third.chatId, ignore_requester_presence: true }, basic(emulator.credentials)))
      })
    ))
})
