/** The webhook route's answers to bad input and storage trouble, against the running bot. */
import { SqlClient } from "@effect/sql"
import { assert, describe, layer } from "@effect/vitest"
import { Context, Effect, Layer, Schedule } from "effect"
import { Emulator } from "../../src/emulator/Emulator.js"
import { botLayer, botReplies, freePort, TestEmulator, waitForTranscript, webhookSecret } from "../support/BotHarness.js"
import { databases } from "../support/Databases.js"

class BotPort extends Context.Tag("test/BotPort")<BotPort, number>() {}

const post = (body: string) =>
  Effect.flatMap(BotPort, (port) =>
    Effect.promise(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/livechat/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    }))

const envelope = (action: string, payload: unknown) =>
  JSON.stringify({ webhook_id: "w1", secret_key: webhookSecret, action, organization_id: "org", payload, additional_data: {} })

for (const database of databases) {
  const World = Layer.unwrapEffect(Effect.map(freePort, (port) =>
    Layer.merge(botLayer(database, port), Layer.succeed(BotPort, port)))).pipe(Layer.provideMerge(TestEmulator))

  describe(`webhook route on ${database.name}`, () => {
    layer(World, { timeout: "180 seconds", excludeTestServices: true })((it) => {
      it.effect("malformed JSON and wrong shapes are 400 with a clear message; unknown actions are 200", () =>
        Effect.gen(function*() {
          const garbage = yield* post("{not json")
          assert.strictEqual(garbage.status, 400)
          assert.match(String(garbage.body.error), /not valid JSON/)

          const wrongShape = yield* post(envelope("incoming_event", { chat_id: "C1", thread_id: "T1", event: { id: "T1_1" } }))
          assert.strictEqual(wrongShape.status, 400)
          assert.match(String(wrongShape.body.error), /incoming_event webhook has the wrong shape: payload\.event/)

          const unknown = yield* post(envelope("brand_new_action", { anything: true }))
          assert.deepStrictEqual(unknown, { status: 200, body: { status: "accepted", signals: 0 } })
        }))

      it.effect("a body over the limit is refused with 413", () =>
        Effect.gen(function*() {
          const huge = envelope("incoming_event", { filler: "x".repeat(600 * 1024) })
          const answer = yield* post(huge)
          assert.strictEqual(answer.status, 413)
        }))

      it.effect("storage unavailable → 503, and LiveChat's retry after recovery is answered", () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator
          const sql = yield* SqlClient.SqlClient
          const chat = yield* emulator.startChat({ customerName: "Tom" })
          yield* sql`ALTER TABLE cluster_messages RENAME TO cluster_messages_away`
          const restore = sql`ALTER TABLE cluster_messages_away RENAME TO cluster_messages`
          const direct = yield* post(envelope("incoming_event", {
            chat_id: chat.chatId,
            thread_id: chat.threadId,
            event: {
              id: `${chat.threadId}_77`,
              type: "message",
              author_id: chat.customerId,
              created_at: new Date().toISOString(),
              visibility: "all",
              text: "hello"
            }
          })).pipe(Effect.ensuring(Effect.orDie(restore)))
          assert.strictEqual(direct.status, 503)

          // The emulator's own delivery fails the same way, then its retry (after the table is back) succeeds.
          yield* sql`ALTER TABLE cluster_messages RENAME TO cluster_messages_away`
          yield* emulator.sendCustomerMessage({ chatId: chat.chatId, text: "hello" })
          yield* emulator.deliveries.pipe(
            Effect.repeat({
              until: (log) => log.some((d) => d.action === "incoming_event" && d.status === 503),
              schedule: Schedule.spaced("50 millis")
            }),
            Effect.timeout("20 seconds"),
            Effect.ensuring(Effect.orDie(restore))
          )
          yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length === 1)
        }))
    })
  })
}
