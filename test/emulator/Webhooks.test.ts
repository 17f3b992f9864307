import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { EmulatorService } from "../../src/emulator/Emulator.js"
import {
  agentApi,
  basic,
  bearer,
  configApi,
  eventually,
  expectOk,
  fixture,
  get,
  type Json,
  keysOf,
  makeReceiver,
  ofAction,
  registerWebhook,
  setupBot,
  withEmulator
} from "./support.js"

/**
 * The key sets that make up a webhook's shape: envelope, payload and the given nested objects.
 * (`additional_data` depends on what a registration asked for; it has its own test.)
 */
const assertSameShape = (actual: Json, expected: Json, nested: ReadonlyArray<ReadonlyArray<string | number>> = []) => {
  assert.deepStrictEqual(keysOf(actual), keysOf(expected), "envelope keys")
  assert.deepStrictEqual(keysOf(get(actual, "payload")), keysOf(get(expected, "payload")), "payload keys")
  for (const path of nested) {
    assert.deepStrictEqual(keysOf(get(actual, "payload", ...path)), keysOf(get(expected, "payload", ...path)), `payload.${path.join(".")} keys`)
  }
}

const byEventId = (bodies: ReadonlyArray<Json>, eventId: string) => bodies.find((b) => get(b, "payload", "event", "id") === eventId)

const allChatActions = [
  "incoming_chat",
  "incoming_event",
  "chat_transferred",
  "user_added_to_chat",
  "user_removed_from_chat",
  "chat_deactivated",
  "routing_status_set"
]

const registerAll = (emulator: EmulatorService, url: string, additionalData: ReadonlyArray<string> = []) =>
  Effect.forEach(allChatActions, (action) =>
    registerWebhook(emulator, {
      action,
      url,
      ...(action === "routing_status_set" ? {} : { additionalData })
    }), { discard: true })

describe("Webhooks", () => {
  it.scopedLive("deliver the reference fixtures' shapes for a whole bot → human conversation", () =>
    Effect.gen(function*() {
      const receiver = yield* makeReceiver()
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          yield* registerAll(emulator, receiver.url, ["chat_presence_user_ids"])
          const bot = yield* setupBot(emulator)
          const chat = yield* emulator.startChat({ customerName: "Thomas Anderson", customerEmail: "t.anderson@example.com", text: "Hi, where is my order #1234?" })
          const customer = yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "I'd like to talk to a human, please." })
          const echo = yield* expectOk(yield* agentApi(emulator, "send_event", {
            chat_id: chat.chatId,
            event: { type: "message", text: "Let me check.", custom_id: "bot-1" }
          }, bot.auth))
          const rich = yield* expectOk(yield* agentApi(emulator, "send_event", {
            chat_id: chat.chatId,
            event: {
              type: "rich_message",
              template_id: "quick_replies",
              custom_id: "bot-qr-0001",
              elements: [{ title: "Connect you?", buttons: [{ text: "Yes, please", type: "message", value: "Yes, please", postback_id: "handoff_yes", user_ids: [] }] }]
            }
          }, bot.auth))
          const click = yield* emulator.sendCustomerMessage({
            chatId: chat.chatId,
            text: "Yes, please",
            postback: { id: "handoff_yes", eventId: get(rich, "event_id") as string, value: "Yes, please" }
          })
          const anna = yield* emulator.agentLogin({ agentId: "anna.smith@example.com", name: "Anna Smith", groups: [1] })
          yield* expectOk(yield* agentApi(emulator, "transfer_chat", { id: chat.chatId, target: { type: "group", ids: [1] } }, bot.auth))
          const human = yield* emulator.agentSendMessage({ agentId: "anna.smith@example.com", chatId: chat.chatId, text: "Anna here." })
          const note = yield* emulator.agentSendMessage({ agentId: "anna.smith@example.com", chatId: chat.chatId, text: "VIP", visibility: "agents" })
          yield* expectOk(yield* agentApi(emulator, "deactivate_chat", { id: chat.chatId }, bearer(anna.accessToken)))

          const bodies = yield* eventually(receiver.bodies, (b) => ofAction(b, "chat_deactivated").length === 1 && byEventId(b, note.eventId) !== undefined, {
            what: "conversation webhooks"
          })
          for (const body of bodies) {
            assert.strictEqual(get(body, "organization_id"), emulator.credentials.organizationId)
            assert.strictEqual(get(body, "secret_key"), "wh_s3cr3t_test")
            assert.match(get(body, "webhook_id") as string, /^[0-9a-f]{32}$/)
          }

          const incomingChat = ofAction(bodies, "incoming_chat")[0]
          const f1 = fixture("F1-incoming-chat")
          assertSameShape(incomingChat, f1, [["chat"], ["chat", "users", 0], ["chat", "users", 1], ["chat", "thread"]])
          // F1 starts with a pre-chat form; our first event is the customer's message (F1's second).
          assert.deepStrictEqual(
            keysOf(get(incomingChat, "payload", "chat", "thread", "events", 0)),
            keysOf(get(f1, "payload", "chat", "thread", "events", 1))
          )
          assert.deepStrictEqual(get(incomingChat, "payload", "chat", "thread", "user_ids"), [chat.customerId, bot.botId])
          assert.deepStrictEqual(get(incomingChat, "additional_data"), { chat_presence_user_ids: [chat.customerId, bot.botId] })

          assertSameShape(byEventId(bodies, customer.eventId), fixture("F2-incoming-event"), [["event"]])
          assertSameShape(byEventId(bodies, get(echo, "event_id") as string), fixture("F3-incoming-event"), [["event"]])
          assert.strictEqual(get(byEventId(bodies, get(echo, "event_id") as string), "payload", "event", "custom_id"), "bot-1")
          assertSameShape(byEventId(bodies, get(rich, "event_id") as string), fixture("F4-incoming-event"), [["event"], ["event", "elements", 0]])
          assertSameShape(byEventId(bodies, click.eventId), fixture("F5-incoming-event"), [["event"], ["event", "postback"]])
          assert.deepStrictEqual(get(byEventId(bodies, click.eventId), "payload", "event", "postback"), {
            id: "handoff_yes",
            thread_id: chat.threadId,
            event_id: get(rich, "event_id"),
            type: "message",
            value: "Yes, please"
          })
          assertSameShape(ofAction(bodies, "chat_transferred")[0], fixture("F7-chat-transferred"), [["transferred_to"]])
          const system = ofAction(bodies, "incoming_event").find((b) => get(b, "payload", "event", "type") === "system_message")
          assertSameShape(system, fixture("F9-incoming-event"), [["event"], ["event", "text_vars"]])
          assertSameShape(ofAction(bodies, "user_added_to_chat")[0], fixture("F11-user-added-to-chat"), [["user"]])
          assertSameShape(ofAction(bodies, "user_removed_from_chat")[0], fixture("F10-user-removed-from-chat"))
          assertSameShape(byEventId(bodies, human.eventId), fixture("F12-incoming-event"), [["event"]])
          assertSameShape(byEventId(bodies, note.eventId), fixture("F13-incoming-event"), [["event"]])
          assert.strictEqual(get(byEventId(bodies, note.eventId), "payload", "event", "visibility"), "agents")
          assertSameShape(ofAction(bodies, "chat_deactivated")[0], fixture("F15-chat-deactivated"))
          assert.strictEqual(get(ofAction(bodies, "chat_deactivated")[0], "payload", "user_id"), "anna.smith@example.com")
          const status = ofAction(bodies, "routing_status_set").find((b) => get(b, "payload", "agent_id") === bot.botId)
          assertSameShape(status, fixture("F16-routing-status-set"))
          assert.strictEqual(get(status, "payload", "status"), "accepting chats")
        })
      )
    }))

  it.scopedLive("apply author_type, chat_presence (as of before a removal) and source_type filters", () =>
    Effect.gen(function*() {
      const customersOnly = yield* makeReceiver()
      const withMyBots = yield* makeReceiver()
      const notMine = yield* makeReceiver()
      const excludingAnna = yield* makeReceiver()
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          yield* registerWebhook(emulator, { action: "incoming_event", url: customersOnly.url, filters: { author_type: "customer" } })
          for (const action of ["incoming_event", "user_removed_from_chat", "chat_transferred"]) {
            yield* registerWebhook(emulator, { action, url: withMyBots.url, filters: { chat_presence: { my_bots: true } } })
          }
          yield* registerWebhook(emulator, { action: "incoming_event", url: notMine.url, filters: { source_type: ["other_clients", "system"] } })
          yield* registerWebhook(emulator, {
            action: "incoming_event",
            url: excludingAnna.url,
            // At most 3 registrations per action and client: this one belongs to another app.
            clientId: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
            filters: { chat_presence: { user_ids: { exclude_values: ["anna.smith@example.com"] } } }
          })
          const bot = yield* setupBot(emulator)
          yield* emulator.agentLogin({ agentId: "anna.smith@example.com", groups: [1] })
          const chat = yield* emulator.startChat({ text: "hi" })
          const question = yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "question" })
          const answer = yield* expectOk(yield* agentApi(emulator, "send_event", { chat_id: chat.chatId, event: { type: "message", text: "answer" } }, bot.auth))
          yield* expectOk(yield* agentApi(emulator, "transfer_chat", { id: chat.chatId, target: { type: "group", ids: [1] } }, bot.auth))
          const human = yield* emulator.agentSendMessage({ agentId: "anna.smith@example.com", chatId: chat.chatId, text: "hello from Anna" })
          const after = yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "thanks" })
          // A marker that every receiver sees last: a new chat where only the bot and the customer are present.
          const marker = yield* emulator.startChat({ text: "marker" })
          const markerEvent = yield* emulator.sendCustomerMessage({ chatId: marker.chatId, text: "marker message" })

          const ids = (bodies: ReadonlyArray<Json>) => ofAction(bodies, "incoming_event").map((b) => get(b, "payload", "event", "id"))
          /** Waits for every expected event (the marker comes last, so anything filtered out would have arrived too). */
          const receivedExactly = (receiver: typeof customersOnly, expected: ReadonlyArray<Json>) =>
            Effect.gen(function*() {
              const bodies = yield* eventually(receiver.bodies, (b) => expected.every((id) => ids(b).includes(id)), { what: "expected events" })
              assert.sameMembers(ids(bodies), [...expected])
              return bodies
            })
          const answerId = get(answer, "event_id") as string
          const systemId = `${chat.threadId}_${Number(answerId.split("_")[1]) + 1}`

          yield* receivedExactly(customersOnly, [question.eventId, after.eventId, markerEvent.eventId])
          // While the bot was present: the question, its answer and the transfer's system message; not Anna's reply.
          const myBots = yield* receivedExactly(withMyBots, [question.eventId, answerId, systemId, markerEvent.eventId])
          // The bot still hears about its own removal and the transfer (presence before the change).
          const removals = yield* eventually(withMyBots.bodies, (b) => ofAction(b, "user_removed_from_chat").length === 1 && ofAction(b, "chat_transferred").length === 1)
          assert.strictEqual(get(ofAction(removals, "user_removed_from_chat")[0], "payload", "user_id"), bot.botId)
          assert.isUndefined(byEventId(myBots, human.eventId))
          // The bot's own message (source: our client id) is dropped; the widget's, the agent app's and the system's pass.
          yield* receivedExactly(notMine, [question.eventId, systemId, human.eventId, after.eventId, markerEvent.eventId])
          yield* receivedExactly(excludingAnna, [question.eventId, answerId, systemId, markerEvent.eventId])
        })
      )
    }))

  it.scopedLive("add only the requested additional_data", () =>
    Effect.gen(function*() {
      const receiver = yield* makeReceiver()
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          yield* registerWebhook(emulator, { action: "incoming_event", url: receiver.url, additionalData: ["chat_properties"] })
          yield* registerWebhook(emulator, { action: "incoming_event", url: receiver.url, additionalData: ["chat_presence_user_ids", "chat_properties"] })
          yield* registerWebhook(emulator, { action: "incoming_event", url: receiver.url })
          const bot = yield* setupBot(emulator)
          const chat = yield* emulator.startChat({ text: "hi" })
          yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "more" })
          const bodies = yield* eventually(receiver.bodies, (b) => b.length === 3)
          const shapes = bodies.map((b) => keysOf(get(b, "additional_data")).join(",")).sort()
          assert.deepStrictEqual(shapes, ["", "chat_presence_user_ids,chat_properties", "chat_properties"])
          const full = bodies.find((b) => keysOf(get(b, "additional_data")).length === 2)
          assert.deepStrictEqual(get(full, "additional_data", "chat_presence_user_ids"), [chat.customerId, bot.botId])
          assert.deepStrictEqual(get(full, "additional_data", "chat_properties", "source", "client_id"), "c5e4f61e1a6c3b1521b4b7a1c2d0f1e3")
        })
      )
    }))

  it.scopedLive("type bot registrations fire only while a bot of the owner client is not offline; licence ones while enabled", () =>
    Effect.gen(function*() {
      const botHooks = yield* makeReceiver()
      const licenseHooks = yield* makeReceiver()
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          const pat = basic(emulator.credentials)
          yield* registerWebhook(emulator, { action: "incoming_chat", url: botHooks.url, type: "bot" })
          yield* registerWebhook(emulator, { action: "incoming_chat", url: licenseHooks.url, type: "license" })
          const bot = yield* setupBot(emulator, { accepting: false })
          const chatIds = (bodies: ReadonlyArray<Json>) => bodies.map((b) => get(b, "payload", "chat", "id"))

          const whileOffline = yield* emulator.startChat({ text: "1" })
          yield* expectOk(yield* agentApi(emulator, "set_routing_status", { status: "not_accepting_chats" }, bot.auth))
          const whileNotAccepting = yield* emulator.startChat({ text: "2" })
          yield* expectOk(yield* agentApi(emulator, "set_routing_status", { status: "offline" }, bot.auth))
          yield* expectOk(yield* configApi(emulator, "disable_license_webhooks", { owner_client_id: emulator.credentials.clientId }, pat))
          const whileDisabled = yield* emulator.startChat({ text: "3" })
          yield* expectOk(yield* agentApi(emulator, "set_routing_status", { status: "accepting_chats" }, bot.auth))
          yield* expectOk(yield* configApi(emulator, "enable_license_webhooks", { owner_client_id: emulator.credentials.clientId }, pat))
          const whileAccepting = yield* emulator.startChat({ text: "4" })

          const viaBot = yield* eventually(botHooks.bodies, (b) => chatIds(b).includes(whileAccepting.chatId))
          const viaLicense = yield* eventually(licenseHooks.bodies, (b) => chatIds(b).includes(whileAccepting.chatId))
          assert.sameMembers(chatIds(viaBot), [whileNotAccepting.chatId, whileAccepting.chatId])
          assert.sameMembers(chatIds(viaLicense), [whileOffline.chatId, whileNotAccepting.chatId, whileAccepting.chatId])
          assert.notInclude(chatIds(viaBot), whileDisabled.chatId)
        })
      )
    }))

  it.scopedLive("retry a non-200 answer up to 3 times and record every attempt", () =>
    Effect.gen(function*() {
      // First two attempts fail with 500, the third succeeds; a second URL always fails.
      const flaky = yield* makeReceiver((index) => ({ status: index < 2 ? 500 : 200 }))
      const broken = yield* makeReceiver(() => ({ status: 503 }))
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          const flakyId = yield* registerWebhook(emulator, { action: "incoming_chat", url: flaky.url })
          const brokenId = yield* registerWebhook(emulator, { action: "incoming_chat", url: broken.url })
          yield* emulator.startChat({ text: "hi" })
          const log = yield* eventually(emulator.deliveries, (records) =>
            records.filter((r) => r.webhookId === brokenId).length === 4 && records.some((r) => r.webhookId === flakyId && r.ok))
          const flakyAttempts = log.filter((r) => r.webhookId === flakyId)
          assert.deepStrictEqual(flakyAttempts.map((r) => [r.attempt, r.status, r.ok]), [[1, 500, false], [2, 500, false], [3, 200, true]])
          const brokenAttempts = log.filter((r) => r.webhookId === brokenId)
          assert.deepStrictEqual(brokenAttempts.map((r) => [r.attempt, r.status, r.ok]), [[1, 503, false], [2, 503, false], [3, 503, false], [4, 503, false]])
          // Every attempt carries the same body: receivers must de-duplicate on payload ids.
          const bodies = yield* flaky.bodies
          assert.lengthOf(bodies, 3)
          assert.deepStrictEqual(bodies[0], bodies[2])
          // No fifth attempt comes later.
          yield* Effect.sleep("600 millis")
          assert.lengthOf(yield* broken.received, 4)
        })
      )
    }))

  it.scopedLive("treat an answer slower than the timeout as failed and retry it", () =>
    Effect.gen(function*() {
      const slowFirst = yield* makeReceiver((index) => ({ delayMillis: index === 0 ? 1_500 : 0 }))
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          const id = yield* registerWebhook(emulator, { action: "incoming_chat", url: slowFirst.url })
          yield* emulator.startChat({ text: "hi" })
          const log = yield* eventually(emulator.deliveries, (records) => records.some((r) => r.webhookId === id && r.ok))
          assert.deepStrictEqual(log.map((r) => [r.attempt, r.status, r.ok]), [[1, undefined, false], [2, 200, true]])
        })
      , { webhookTimeout: "500 millis", webhookRetryDelays: ["100 millis", "100 millis", "100 millis"] })
    }))

  it.scopedLive("deliver duplicates and delayed deliveries on request", () =>
    Effect.gen(function*() {
      const receiver = yield* makeReceiver()
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          yield* registerWebhook(emulator, { action: "incoming_event", url: receiver.url })
          yield* setupBot(emulator)
          const chat = yield* emulator.startChat({ text: "hi" })
          yield* emulator.setWebhookBehaviour({ duplicates: 2 })
          const sent = yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "twice more" })
          const copies = yield* eventually(receiver.bodies, (b) => b.length === 3)
          assert.isTrue(copies.every((b) => get(b, "payload", "event", "id") === sent.eventId))

          yield* emulator.setWebhookBehaviour({ delay: "700 millis" })
          const startedAt = Date.now()
          const late = yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "later" })
          const received = yield* eventually(receiver.received, (r) => r.some((x) => get(x.body, "payload", "event", "id") === late.eventId))
          const arrival = received.find((x) => get(x.body, "payload", "event", "id") === late.eventId)!
          assert.isAtLeast(arrival.receivedAt - startedAt, 600)
          assert.lengthOf(received, 4)
        })
      )
    }))
})
