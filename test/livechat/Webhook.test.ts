import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Redacted } from "effect"
import {
  decodeWebhook,
  peekSecret,
  secretMatches,
  type Webhook,
  WebhookDecodeError
} from "../../src/livechat/Webhook.js"
import type { Event } from "../../src/livechat/Events.js"
import {
  fixtureBotId,
  fixtureCustomerId,
  fixtureSecret,
  webhookFixture,
  webhookFixtureJson,
  webhookFixtureNames
} from "../fixtures/livechat/Fixtures.js"

type Json = Record<string, unknown>

const decodeJson = (json: unknown) => decodeWebhook(JSON.stringify(json))

const decodeFixture = (name: string) => decodeWebhook(webhookFixture(name))

/** Fails the test unless the webhook has the wanted tag, and narrows it. */
const expectTag = <T extends Webhook["_tag"]>(webhook: Webhook, tag: T): Extract<Webhook, { _tag: T }> => {
  assert.strictEqual(webhook._tag, tag)
  return webhook as Extract<Webhook, { _tag: T }>
}

/** Fails the test unless the event has the wanted type, and narrows it. */
const expectEvent = <T extends Event["type"]>(
  ev: Event | undefined,
  type: T
): Extract<Event, { type: T }> => {
  assert.strictEqual(ev?.type as string | undefined, type)
  return ev as Extract<Event, { type: T }>
}

const decodeFailure = (json: unknown) =>
  decodeJson(json).pipe(
    Effect.flip,
    Effect.tap((error) => assert.instanceOf(error, WebhookDecodeError))
  )

/** Adds an unknown field to every object, at every depth. */
const withExtraFieldsEverywhere = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withExtraFieldsEverywhere)
  if (value !== null && typeof value === "object") {
    const copy: Json = {}
    for (const [key, inner] of Object.entries(value)) copy[key] = withExtraFieldsEverywhere(inner)
    copy["x_future_field"] = { nested: [1, "two"], flag: true }
    return copy
  }
  return value
}

/** Records and opaque values (properties, session fields, form answers) legitimately keep the extra keys. */
const withoutExtraFields = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutExtraFields)
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).filter(([key]) => key !== "x_future_field").map(([key, inner]) => [key, withoutExtraFields(inner)])
    )
  }
  return value
}

const event = (json: Json): Json => (json["payload"] as Json)["event"] as Json

describe("webhook fixtures", () => {
  it("has all sixteen fixtures of the reference (F16 is two)", () => {
    assert.strictEqual(webhookFixtureNames.length, 17)
    for (let n = 1; n <= 16; n++) {
      assert.isTrue(webhookFixtureNames.some((name) => name.startsWith(`F${n}-`)), `F${n} is missing`)
    }
  })

  it.effect("every fixture decodes to its known action, with the secret redacted", () =>
    Effect.gen(function*() {
      for (const name of webhookFixtureNames) {
        const webhook = yield* decodeFixture(name)
        assert.notStrictEqual(webhook._tag, "UnknownWebhook", name)
        if (webhook._tag === "UnknownWebhook") continue
        assert.strictEqual(webhook.action, webhookFixtureJson(name)["action"])
        assert.isTrue(Redacted.isRedacted(webhook.secret_key), name)
        assert.strictEqual(Redacted.value(webhook.secret_key), fixtureSecret)
        assert.notInclude(JSON.stringify(webhook), fixtureSecret)
        assert.notInclude(String(webhook.secret_key), fixtureSecret)
      }
    }))

  it.effect("F1 incoming_chat: chat, users, thread with the pre-chat form and the first message", () =>
    Effect.gen(function*() {
      const hook = expectTag(yield* decodeFixture("F1-incoming-chat"), "IncomingChat")
      const chat = hook.payload.chat
      assert.strictEqual(chat.id, "SB7K2Q4XZP")
      assert.deepStrictEqual(chat.users.map((u): [string, string] => [u.id, u.type]), [
        [fixtureCustomerId, "customer"],
        [fixtureBotId, "agent"]
      ])
      assert.strictEqual(chat.thread?.id, "SB7K2Q4Y01")
      assert.isTrue(chat.thread?.active)
      assert.deepStrictEqual(chat.thread?.access?.group_ids as ReadonlyArray<number> | undefined, [0])
      const [first, second] = chat.thread?.events ?? []
      const form = expectEvent(first, "filled_form")
      assert.strictEqual(form.form_type, "prechat")
      assert.strictEqual(form.fields.length, 2)
      const message = expectEvent(second, "message")
      assert.strictEqual(message.custom_id, "kx9v2p0m1qa")
      assert.strictEqual(message.author_id as string | undefined, fixtureCustomerId)
      assert.strictEqual(DateTime.formatIso(message.created_at), "2026-03-09T15:46:50.112Z")
      assert.deepStrictEqual(
        hook.additional_data.chat_presence_user_ids as ReadonlyArray<string> | undefined,
        [fixtureCustomerId, fixtureBotId]
      )
    }))

  it.effect("F2/F3/F12/F13 incoming_event messages keep author, visibility and custom_id", () =>
    Effect.gen(function*() {
      const cases = [
        ["F2-incoming-event-customer-message", fixtureCustomerId, "all", "z8y7x6w5v4u"],
        ["F3-incoming-event-bot-echo", fixtureBotId, "all", "bot-7f3a9c2e-1b4d-4e8f-a6c5-d3b2e1f0a9b8"],
        ["F12-incoming-event-agent-message", "anna.smith@example.com", "all", "a1s2d3f4g5h"],
        ["F13-incoming-event-internal-note", "anna.smith@example.com", "agents", "n0t3n0t3n0t"]
      ] as const
      for (const [name, author, visibility, customId] of cases) {
        const hook = expectTag(yield* decodeFixture(name), "IncomingEvent")
        assert.strictEqual(hook.payload.chat_id, "SB7K2Q4XZP")
        assert.strictEqual(hook.payload.thread_id, "SB7K2Q4Y01")
        // plain narrowing on `type` must exclude the unknown-type fallback (compile-time check)
        const raw = hook.payload.event
        if (raw.type === "message") assert.isString(raw.text)
        const ev = expectEvent(raw, "message")
        assert.strictEqual(ev.author_id as string | undefined, author)
        assert.strictEqual(ev.visibility, visibility)
        assert.strictEqual(ev.custom_id, customId)
      }
    }))

  it.effect("F4 rich message and F5 postback message", () =>
    Effect.gen(function*() {
      const rich = expectTag(yield* decodeFixture("F4-incoming-event-bot-quick-replies"), "IncomingEvent")
      const richEvent = expectEvent(rich.payload.event, "rich_message")
      assert.strictEqual(richEvent.template_id, "quick_replies")
      assert.deepStrictEqual(richEvent.elements[0]?.buttons?.map((b) => b.postback_id), ["handoff_yes", "handoff_no"])
      const click = expectTag(yield* decodeFixture("F5-incoming-event-quick-reply-postback"), "IncomingEvent")
      const postback = expectEvent(click.payload.event, "message").postback
      assert.strictEqual(postback?.id, "handoff_yes")
      assert.strictEqual(postback?.event_id as string | undefined, "SB7K2Q4Y01_5")
      assert.strictEqual(postback?.value, "Yes, please")
    }))

  it.effect("F6 incoming_rich_message_postback", () =>
    Effect.gen(function*() {
      const hook = expectTag(yield* decodeFixture("F6-incoming-rich-message-postback"), "IncomingRichMessagePostback")
      assert.strictEqual(hook.payload.event_id, "SB7K2Q4Y01_5")
      assert.strictEqual(hook.payload.postback.id, "handoff_yes")
      assert.isTrue(hook.payload.postback.toggled)
    }))

  it.effect("F7 assigned transfer and F8 queued transfer (no agent_ids, with queue)", () =>
    Effect.gen(function*() {
      const assigned = expectTag(yield* decodeFixture("F7-chat-transferred-assigned"), "ChatTransferred")
      assert.deepStrictEqual(assigned.payload.transferred_to.agent_ids as ReadonlyArray<string> | undefined, [
        "anna.smith@example.com"
      ])
      assert.strictEqual(assigned.payload.requester_id, fixtureBotId)
      assert.strictEqual(assigned.payload.reason, "manual")
      assert.isUndefined(assigned.payload.queue)

      const queued = expectTag(yield* decodeFixture("F8-chat-transferred-queued"), "ChatTransferred")
      assert.deepStrictEqual(queued.payload.transferred_to.group_ids as ReadonlyArray<number> | undefined, [2])
      assert.isUndefined(queued.payload.transferred_to.agent_ids)
      assert.strictEqual(queued.payload.queue?.position, 3)
      assert.strictEqual(queued.payload.queue?.wait_time, 240)
    }))

  it.effect("F9 system message without author_id", () =>
    Effect.gen(function*() {
      const hook = expectTag(yield* decodeFixture("F9-incoming-event-transfer-system-message"), "IncomingEvent")
      const ev = expectEvent(hook.payload.event, "system_message")
      assert.isUndefined(ev.author_id)
      assert.strictEqual(ev.system_message_type, "chat_transferred")
      assert.deepStrictEqual(ev.text_vars, { initiator: "Ava (bot)", targets: "Support" })
    }))

  it.effect("F10/F11 users removed and added", () =>
    Effect.gen(function*() {
      const removed = expectTag(yield* decodeFixture("F10-user-removed-from-chat"), "UserRemovedFromChat")
      assert.strictEqual(removed.payload.user_id, fixtureBotId)
      assert.strictEqual(removed.payload.user_type, "agent")
      const added = expectTag(yield* decodeFixture("F11-user-added-to-chat"), "UserAddedToChat")
      assert.strictEqual(added.payload.user.id, "anna.smith@example.com")
      assert.strictEqual(added.payload.user.type, "agent")
      assert.strictEqual(added.payload.requester_id, fixtureBotId)
    }))

  it.effect("F14 file, F15 deactivation, F16 seen + routing status", () =>
    Effect.gen(function*() {
      const file = expectTag(yield* decodeFixture("F14-incoming-event-customer-file"), "IncomingEvent")
      const fileEvent = expectEvent(file.payload.event, "file")
      assert.strictEqual(fileEvent.name, "receipt.png")
      assert.strictEqual(fileEvent.content_type, "image/png")
      assert.strictEqual(fileEvent.width, 640)
      const closed = expectTag(yield* decodeFixture("F15-chat-deactivated"), "ChatDeactivated")
      assert.strictEqual(closed.payload.user_id, "anna.smith@example.com")
      const seen = expectTag(yield* decodeFixture("F16-events-marked-as-seen"), "EventsMarkedAsSeen")
      assert.strictEqual(seen.payload.user_id, fixtureCustomerId)
      const status = expectTag(yield* decodeFixture("F16-routing-status-set"), "RoutingStatusSet")
      assert.strictEqual(status.payload.status, "accepting_chats")
    }))
})

describe("lenient decoding", () => {
  it.effect("unknown fields at every level are ignored", () =>
    Effect.gen(function*() {
      for (const name of webhookFixtureNames) {
        const plain = yield* decodeFixture(name)
        const extended = yield* decodeJson(withExtraFieldsEverywhere(webhookFixtureJson(name)))
        assert.strictEqual(extended._tag, plain._tag, name)
        assert.deepStrictEqual(
          withoutExtraFields(JSON.parse(JSON.stringify(extended))),
          JSON.parse(JSON.stringify(plain)),
          `${name}: extra fields must not change the result`
        )
      }
    }))

  it.effect("routing_status_set accepts both spellings and normalises to underscores", () =>
    Effect.gen(function*() {
      const spellings = [
        ["accepting chats", "accepting_chats"],
        ["accepting_chats", "accepting_chats"],
        ["not accepting chats", "not_accepting_chats"],
        ["not_accepting_chats", "not_accepting_chats"],
        ["offline", "offline"]
      ] as const
      for (const [wire, decoded] of spellings) {
        const json = webhookFixtureJson("F16-routing-status-set")
        ;(json["payload"] as Json)["status"] = wire
        const hook = expectTag(yield* decodeJson(json), "RoutingStatusSet")
        assert.strictEqual(hook.payload.status, decoded)
      }
      const bad = webhookFixtureJson("F16-routing-status-set")
      ;(bad["payload"] as Json)["status"] = "busy"
      const error = yield* decodeFailure(bad)
      assert.include(error.message, "payload.status")
    }))

  it.effect("chat_deactivated without user_id (closed by the router)", () =>
    Effect.gen(function*() {
      const json = webhookFixtureJson("F15-chat-deactivated")
      delete (json["payload"] as Json)["user_id"]
      const hook = expectTag(yield* decodeJson(json), "ChatDeactivated")
      assert.isUndefined(hook.payload.user_id)
    }))

  it.effect("chat_transferred with an inactive chat: no thread_id, no requester", () =>
    Effect.gen(function*() {
      const json = webhookFixtureJson("F8-chat-transferred-queued")
      const payload = json["payload"] as Json
      delete payload["thread_id"]
      delete payload["requester_id"]
      delete payload["queue"]
      const hook = expectTag(yield* decodeJson(json), "ChatTransferred")
      assert.isUndefined(hook.payload.thread_id)
      assert.isUndefined(hook.payload.requester_id)
    }))

  it.effect("a v3.6 `system` event keeps `details` as the raw JSON string", () =>
    Effect.gen(function*() {
      const json = webhookFixtureJson("F9-incoming-event-transfer-system-message")
      ;(json["payload"] as Json)["event"] = {
        id: "SB7K2Q4Y01_11",
        type: "system",
        created_at: "2026-03-09T15:49:00.000000Z",
        visibility: "agents",
        source: "livechat",
        subtype: "routing",
        version: "1",
        details: "{\"assigned_to\":\"anna.smith@example.com\"}"
      }
      const hook = expectTag(yield* decodeJson(json), "IncomingEvent")
      const ev = expectEvent(hook.payload.event, "system")
      assert.strictEqual(ev.details, "{\"assigned_to\":\"anna.smith@example.com\"}")
    }))

  it.effect("custom and form events decode", () =>
    Effect.gen(function*() {
      for (const extra of [{ type: "custom", content: { any: ["thing"] } }, { type: "form", form_id: "f1" }]) {
        const json = webhookFixtureJson("F2-incoming-event-customer-message")
        const base = event(json)
        ;(json["payload"] as Json)["event"] = {
          id: base["id"],
          created_at: base["created_at"],
          visibility: "all",
          author_id: base["author_id"],
          ...extra
        }
        const hook = expectTag(yield* decodeJson(json), "IncomingEvent")
        assert.strictEqual(hook.payload.event.type, extra.type)
      }
    }))

  it.effect("an event of an unknown type decodes to the fallback instead of failing", () =>
    Effect.gen(function*() {
      const json = webhookFixtureJson("F2-incoming-event-customer-message")
      ;(json["payload"] as Json)["event"] = {
        id: "SB7K2Q4Y01_12",
        type: "hologram",
        author_id: fixtureCustomerId,
        created_at: "not even a date",
        visibility: "all",
        beam: { intensity: 9 }
      }
      const hook = expectTag(yield* decodeJson(json), "IncomingEvent")
      const ev = expectEvent(hook.payload.event, "unknown")
      assert.strictEqual(ev.original_type, "hologram")
      assert.strictEqual(ev.id as string, "SB7K2Q4Y01_12")
      assert.strictEqual(ev.author_id as string | undefined, fixtureCustomerId)
    }))

  it.effect("unknown actions decode to UnknownWebhook carrying the action name", () =>
    Effect.gen(function*() {
      for (const action of ["agent_created", "incoming_customer", "something_from_v3_9"]) {
        const webhook = yield* decodeJson({
          webhook_id: "w1",
          secret_key: fixtureSecret,
          action,
          organization_id: "org",
          payload: { whatever: [1, 2, 3] }
        })
        const unknown = expectTag(webhook, "UnknownWebhook")
        assert.strictEqual(unknown.action, action)
        assert.strictEqual(unknown.webhook_id, "w1")
      }
      // a known action's name is not enough to be "unknown": its shape is checked
      const error = yield* decodeFailure({ webhook_id: "w1", secret_key: fixtureSecret, action: "incoming_event", payload: {} })
      assert.strictEqual(error.action, "incoming_event")
    }))
})

describe("decode failures", () => {
  it.effect("a message without text names the field, never the values", () =>
    Effect.gen(function*() {
      const json = webhookFixtureJson("F2-incoming-event-customer-message")
      delete event(json)["text"]
      const error = yield* decodeFailure(json)
      assert.strictEqual(error.action, "incoming_event")
      assert.include(error.message, "payload.event.text is missing")
      // the fallback for unknown event types must not clutter the report
      assert.notInclude(error.message, "UnknownEventType")
      assert.notInclude(error.message, fixtureCustomerId)
      assert.notInclude(error.message, fixtureSecret)
    }))

  it.effect("wrong types name the path and what was expected, without echoing the value", () =>
    Effect.gen(function*() {
      const text = "my private text t.anderson@example.com"
      const json = webhookFixtureJson("F2-incoming-event-customer-message")
      event(json)["visibility"] = text
      const error = yield* decodeFailure(json)
      assert.include(error.message, "payload.event.visibility")
      assert.include(error.message, "\"all\" | \"agents\"")
      assert.notInclude(error.message, text)

      const transfer = webhookFixtureJson("F7-chat-transferred-assigned")
      ;((transfer["payload"] as Json)["transferred_to"] as Json)["group_ids"] = [text]
      const transferError = yield* decodeFailure(transfer)
      assert.include(transferError.message, "payload.transferred_to.group_ids[0]")
      assert.notInclude(transferError.message, text)

      const chat = webhookFixtureJson("F1-incoming-chat")
      delete ((chat["payload"] as Json)["chat"] as Json)["id"]
      const chatError = yield* decodeFailure(chat)
      assert.include(chatError.message, "payload.chat.id is missing")
    }))

  it.effect("a bad timestamp on a known event type fails", () =>
    Effect.gen(function*() {
      const json = webhookFixtureJson("F2-incoming-event-customer-message")
      event(json)["created_at"] = "yesterday-ish"
      const error = yield* decodeFailure(json)
      assert.include(error.message, "payload.event.created_at")
      assert.notInclude(error.message, "yesterday-ish")
    }))

  it.effect("missing payload, missing secret and a non-object body", () =>
    Effect.gen(function*() {
      const json = webhookFixtureJson("F15-chat-deactivated")
      delete json["payload"]
      assert.include((yield* decodeFailure(json)).message, "payload is missing")

      const noSecret = webhookFixtureJson("F15-chat-deactivated")
      delete noSecret["secret_key"]
      assert.include((yield* decodeFailure(noSecret)).message, "secret_key is missing")

      const notObject = yield* decodeFailure(["incoming_event"])
      assert.isUndefined(notObject.action)
      assert.include(notObject.message, "not a LiveChat webhook envelope")

      const noAction = yield* decodeFailure({ payload: {} })
      assert.include(noAction.message, "action is missing")
    }))

  it.effect("malformed JSON fails without quoting the body", () =>
    Effect.gen(function*() {
      const body = "{\"secret_key\": \"hunter2\", \"text\": \"hello there"
      const error = yield* decodeWebhook(body).pipe(Effect.flip)
      assert.instanceOf(error, WebhookDecodeError)
      assert.strictEqual(error.message, "the body is not valid JSON")
      const peekError = yield* peekSecret(body).pipe(Effect.flip)
      assert.strictEqual(peekError.message, "the body is not valid JSON")
    }))
})

describe("secret check", () => {
  it.effect("peekSecret reads only the secret, before the payload is trusted", () =>
    Effect.gen(function*() {
      // a payload that would not decode still yields its secret
      const secret = yield* peekSecret(JSON.stringify({ secret_key: fixtureSecret, action: "incoming_event" }))
      assert.isTrue(Redacted.isRedacted(secret))
      assert.strictEqual(Redacted.value(secret), fixtureSecret)
      const fromFixture = yield* peekSecret(webhookFixture("F2-incoming-event-customer-message"))
      assert.strictEqual(Redacted.value(fromFixture), fixtureSecret)

      const missing = yield* peekSecret(JSON.stringify({ action: "incoming_event" })).pipe(Effect.flip)
      assert.include(missing.message, "secret_key is missing")
      const wrongType = yield* peekSecret(JSON.stringify({ secret_key: 42 })).pipe(Effect.flip)
      assert.include(wrongType.message, "secret_key expected string")
    }))

  it("secretMatches compares in constant time, including different lengths", () => {
    const configured = Redacted.make(fixtureSecret)
    assert.isTrue(secretMatches(Redacted.make(fixtureSecret), configured))
    // same length, different content (last character)
    assert.isFalse(secretMatches(Redacted.make(`${fixtureSecret.slice(0, -1)}X`), configured))
    // shorter, longer, prefix, empty
    assert.isFalse(secretMatches(Redacted.make(fixtureSecret.slice(0, -1)), configured))
    assert.isFalse(secretMatches(Redacted.make(`${fixtureSecret}f`), configured))
    assert.isFalse(secretMatches(Redacted.make(""), configured))
    assert.isFalse(secretMatches(Redacted.make("wrong"), configured))
    assert.isTrue(secretMatches(Redacted.make(""), Redacted.make("")))
  })
})
