import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { webhookSignals } from "../../src/conversation/WebhookSignals.js"
import { UserId } from "../../src/domain/Ids.js"
import { decodeWebhook } from "../../src/livechat/Webhook.js"

const botId = UserId.make("5c9871d5372c824cbf22d860a707a578")
const fixtures = path.join(import.meta.dirname, "../fixtures/livechat")
/** A fixture by its id in the LiveChat reference (`F7`), or by its full file name. */
const fixture = (name: string) => {
  const file = fs.readdirSync(fixtures).find((f) => f === name || f.startsWith(`${name}-`))
  if (file === undefined) throw new Error(`no fixture ${name}`)
  return fs.readFileSync(path.join(fixtures, file), "utf8")
}

const signalsOf = (name: string) =>
  decodeWebhook(fixture(name)).pipe(Effect.map((webhook) => webhookSignals(webhook, botId)))

const summary = (name: string) =>
  signalsOf(name).pipe(Effect.map((signals) => signals.map((s) => `${s.signal._tag}:${s.key.split(":")[0]}`)))

describe("webhookSignals", () => {
  it.effect("a new chat starts the thread with the bot and carries the first customer message (pre-chat form dropped)", () =>
    Effect.gen(function*() {
      const signals = yield* signalsOf("F1")
      assert.deepStrictEqual(signals.map((s) => s.key), ["thread:SB7K2Q4Y01", "event:SB7K2Q4Y01_2"])
      const [started, message] = signals.map((s) => s.signal)
      assert.strictEqual(started!._tag, "ThreadStarted")
      if (started!._tag === "ThreadStarted") {
        assert.isTrue(started!.botPresent)
        assert.strictEqual(started!.customerId, "4f2a6c1e-8b3d-4e7a-9c51-0d2e7f6a8b13")
        assert.strictEqual(started!.groupId, 0)
      }
      assert.strictEqual(message!._tag, "CustomerMessage")
    }))

  it.effect("customer messages and quick-reply clicks become customer turns", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* summary("F2"), ["CustomerMessage:event"])
      const [click] = yield* signalsOf("F5")
      assert.strictEqual(click!.signal._tag, "CustomerMessage")
      if (click!.signal._tag === "CustomerMessage") assert.strictEqual(click!.signal.postbackId, "handoff_yes")
    }))

  it.effect("the bot's own echoes, internal notes, system messages, files and postback toggles start nothing", () =>
    Effect.gen(function*() {
      for (
        const name of [
          "F3",
          "F4",
          "F6",
          "F9",
          "F13",
          "F14",
          "F16-events-marked-as-seen.json",
          "F16-routing-status-set.json"
        ]
      ) {
        assert.deepStrictEqual(yield* summary(name), [], name)
      }
    }))

  it.effect("human involvement and thread ends are signalled", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* summary("F12"), ["HumanMessage:event"])
      assert.deepStrictEqual(yield* summary("F7"), ["ChatTransferred:chat_transferred"])
      assert.deepStrictEqual(yield* summary("F8"), ["ChatTransferred:chat_transferred"])
      assert.deepStrictEqual(yield* summary("F10"), ["BotRemoved:user_removed_from_chat"])
      assert.deepStrictEqual(yield* summary("F11"), ["HumanJoined:user_added_to_chat"])
      assert.deepStrictEqual(yield* summary("F15"), ["ThreadClosed:chat_deactivated"])
      const [queued] = yield* signalsOf("F8")
      if (queued!.signal._tag === "ChatTransferred") {
        assert.isTrue(queued!.signal.queued)
        assert.isFalse(queued!.signal.toBot)
      }
    }))

  it.effect("redeliveries map to the same primary keys; different payloads do not", () =>
    Effect.gen(function*() {
      const first = yield* signalsOf("F7")
      const again = yield* signalsOf("F7")
      const other = yield* signalsOf("F8")
      assert.strictEqual(first[0]!.key, again[0]!.key)
      assert.notStrictEqual(first[0]!.key, other[0]!.key)
    }))
})
