/**
 * The spine end to end over real HTTP: emulator ↔ bot ↔ database, on PGlite and on the PostgreSQL server.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, layer } from "@effect/vitest"
import { Context, Effect, Layer, Option } from "effect"
import { Emulator } from "../../src/emulator/Emulator.js"
import { LiveChatBot } from "../../src/conversation/LiveChatBot.js"
import { ChatId } from "../../src/domain/Ids.js"
import { ChatStore } from "../../src/store/ChatStore.js"
import { databases } from "../support/Databases.js"
import { botLayer, botReplies, freePort, TestEmulator, waitForTranscript, webhookSecret } from "../support/BotHarness.js"

class BotPort extends Context.Tag("test/BotPort")<BotPort, number>() {}

/** After the expected reply arrived, give the bot time to (wrongly) say more before counting. */
const settle = Effect.sleep("1500 millis")

const engineer = "anna@fitmate.example"

for (const database of databases) {
  const World = Layer.unwrapEffect(Effect.map(freePort, (port) =>
    Layer.merge(botLayer(database, port), Layer.succeed(BotPort, port)))).pipe(Layer.provideMerge(TestEmulator))

  describe(`spine on ${database.name}`, () => {
    // Real clock: these tests wait on real servers.
    layer(World, { timeout: "180 seconds", excludeTestServices: true })((it) => {
      it.effect("a customer question gets exactly one bot reply, in order", () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator
          const chat = yield* emulator.startChat({ customerName: "Tom", text: "hello" })
          yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length === 1)
          yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "What is the contact rating of the FMQ-7?" })
          yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length === 2)
          yield* settle
          const transcript = yield* emulator.transcript(chat.chatId, "customer")
          assert.deepStrictEqual(
            transcript.filter((e) => e.type !== "filled_form").map((e) => e.authorType),
            ["customer", "bot", "customer", "bot"]
          )
          assert.match(botReplies(transcript)[1]!.text ?? JSON.stringify(botReplies(transcript)[1]!.richMessage), /won't guess/)
        }))

      it.effect("a catalog question gets a short, cited answer from the FitMate data", () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator
          const chat = yield* emulator.startChat({ customerName: "Tom", text: "What is the current rating of the FM-CT-R09-06P?" })
          const transcript = yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length === 1)
          const reply = botReplies(transcript)[0]!
          const text = reply.text ?? JSON.stringify(reply.richMessage)
          assert.match(text, /5 A/)
          assert.match(text, /\[1\] FM-CT series datasheet/)
        }))

      it.effect("asking for a human with an engineer accepting: briefing for agents, customer told, chat transferred, bot silent after", () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator
          yield* emulator.agentLogin({ agentId: engineer, name: "Anna", groups: [1] })
          const chat = yield* emulator.startChat({ customerName: "Tom", text: "Which backshell fits the FMC-14 plug?" })
          yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length === 1)
          yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "can I talk to a human?" })
          const agentView = yield* waitForTranscript(chat.chatId, "agent", (t) =>
            t.some((e) => e.type === "system_message" && e.systemMessageType === "chat_transferred"))

          const briefing = agentView.find((e) => e.authorType === "bot" && e.visibility === "agents")
          assert.isDefined(briefing)
          assert.match(briefing!.text!, /asked for a person/)
          const customerView = yield* emulator.transcript(chat.chatId, "customer")
          assert.isFalse(customerView.some((e) => e.visibility === "agents"))
          assert.match(botReplies(customerView).at(-1)!.text!, /bring in one of our engineers/)
          const view = yield* emulator.chat(chat.chatId)
          assert.strictEqual(view.assignee, engineer)
          assert.deepStrictEqual(view.groupIds, [1])

          // From now on the bot stays silent: later customer messages and the engineer's replies.
          const repliesBefore = botReplies(customerView).length
          yield* emulator.agentSendMessage({ agentId: engineer, chatId: chat.chatId, text: "Hi Tom, Anna here." })
          yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "great, thanks Anna" })
          yield* waitForTranscript(chat.chatId, "customer", (t) => t.some((e) => e.text === "great, thanks Anna"))
          yield* settle
          assert.strictEqual(botReplies(yield* emulator.transcript(chat.chatId, "customer")).length, repliesBefore)

          const store = yield* ChatStore
          const thread = Option.getOrThrow(yield* store.currentThread(ChatId.make(chat.chatId)))
          assert.strictEqual(thread.owner, "human")
          const outcomes = (yield* store.handoffs(ChatId.make(chat.chatId))).map((h) => h.outcome)
          assert.deepStrictEqual(outcomes, ["transferred", "confirmed"])
          yield* emulator.agentLogout(engineer)
        }))

      it.effect("asking for a human with nobody available: honest fallback, email stored as a lead, no transfer", () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator
          const chat = yield* emulator.startChat({ customerName: "Tom", text: "I want to speak to an engineer" })
          yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length === 1)
          const fallback = botReplies(yield* emulator.transcript(chat.chatId, "customer"))[0]!
          assert.match(fallback.text!, /none of our engineers can take the chat right now/)
          yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "ok: tom.anderson@example.com" })
          yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length === 2)
          assert.match(botReplies(yield* emulator.transcript(chat.chatId, "customer"))[1]!.text!, /tom\.anderson@example\.com/)

          const agentView = yield* emulator.transcript(chat.chatId, "agent")
          assert.isFalse(agentView.some((e) => e.systemMessageType === "chat_transferred"))
          const view = yield* emulator.chat(chat.chatId)
          assert.notStrictEqual(view.assignee, engineer)
          const leads = yield* (yield* ChatStore).leads({ chatId: ChatId.make(chat.chatId) })
          assert.strictEqual(leads.length, 1)
          assert.strictEqual(leads[0]!.email, "tom.anderson@example.com")
          assert.isTrue(leads[0]!.transcript.some((m) => m.text === "I want to speak to an engineer"))
        }))

      it.effect("a webhook delivered three times gets one reply", () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator
          yield* emulator.setWebhookBehaviour({ duplicates: 2 })
          const chat = yield* emulator.startChat({ customerName: "Tom", text: "hello" })
          yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length >= 1)
          yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "what about the FMQ-9?" })
          yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length >= 2)
          yield* settle
          yield* emulator.setWebhookBehaviour({ duplicates: 0 })
          assert.strictEqual(botReplies(yield* emulator.transcript(chat.chatId, "customer")).length, 2)
        }))

      it.effect("send_event failing twice with 5xx, then succeeding: exactly one customer-visible reply", () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator
          const chat = yield* emulator.startChat({ customerName: "Tom" })
          yield* emulator.injectFault({ action: "send_event", kind: "internal", times: 2 })
          yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "hello" })
          yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length >= 1)
          yield* settle
          assert.strictEqual(botReplies(yield* emulator.transcript(chat.chatId, "customer")).length, 1)
        }))

      it.effect("wrong secret → 401 and nothing stored; own echo, internal note, system message → no reply", () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator
          const bot = yield* LiveChatBot
          const port = yield* BotPort
          const chat = yield* emulator.startChat({ customerName: "Tom", text: "hello" })
          yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length === 1)
          const http = (yield* HttpClient.HttpClient)
          const post = (secret: string, event: Record<string, unknown>) =>
            HttpClientRequest.post(`http://127.0.0.1:${port}/livechat/webhook`).pipe(
              HttpClientRequest.bodyUnsafeJson({
                webhook_id: "test",
                secret_key: secret,
                action: "incoming_event",
                organization_id: emulator.credentials.organizationId,
                payload: { chat_id: chat.chatId, thread_id: chat.threadId, event },
                additional_data: {}
              }),
              http.execute,
              Effect.flatMap((response) => Effect.map(response.json, (body) => ({ status: response.status, body })))
            )
          const base = { created_at: new Date().toISOString(), visibility: "all", type: "message" }
          const forged = yield* post("wrong", { ...base, id: `${chat.threadId}_900`, author_id: chat.customerId, text: "hello?" })
          assert.strictEqual(forged.status, 401)
          const echo = yield* post(webhookSecret, { ...base, id: `${chat.threadId}_901`, author_id: bot.botId, text: "echo" })
          const note = yield* post(webhookSecret, { ...base, id: `${chat.threadId}_902`, author_id: engineer, text: "note", visibility: "agents" })
          const system = yield* post(webhookSecret, {
            ...base,
            id: `${chat.threadId}_903`,
            type: "system_message",
            text: "Anna joined",
            system_message_type: "agent_joined"
          })
          for (const answer of [echo, note, system]) assert.deepStrictEqual(answer, { status: 200, body: { status: "accepted", signals: 0 } })
          yield* settle
          assert.strictEqual(botReplies(yield* emulator.transcript(chat.chatId, "customer")).length, 1)
          const stored = yield* (yield* ChatStore).transcript(ChatId.make(chat.chatId), chat.threadId as never)
          assert.isFalse(stored.some((m) => m.text === "hello?"))
        }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
    })
  })
}
