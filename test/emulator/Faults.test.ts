import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { agentApi, expectOk, get, post, setupBot, withEmulator } from "./support.js"

const message = (chatId: string, text: string) => ({ chat_id: chatId, event: { type: "message", text } })

describe("Fault injection", () => {
  it.live("5xx and 429 faults answer in the LiveChat error shape for the next `times` calls only", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const bot = yield* setupBot(emulator)
        const chat = yield* emulator.startChat({ text: "hi" })
        yield* emulator.injectFault({ action: "send_event", kind: "internal", times: 2 })
        yield* emulator.injectFault({ action: "send_event", kind: "service_unavailable", times: 1 })
        yield* emulator.injectFault({ action: "transfer_chat", kind: "too_many_requests", times: 1 })

        const responses = []
        for (let i = 0; i < 4; i++) responses.push(yield* agentApi(emulator, "send_event", message(chat.chatId, `try ${i}`), bot.auth))
        assert.deepStrictEqual(responses.map((r) => r.status), [500, 500, 503, 200])
        assert.deepStrictEqual(responses[0]!.body, { error: { type: "internal", message: "Internal server error" } })
        assert.strictEqual(get(responses[2]!.body, "error", "type"), "service_unavailable")
        // Failed calls did nothing: only the successful one is in the transcript.
        const texts = (yield* emulator.transcript(chat.chatId, "agent")).map((e) => e.text)
        assert.deepStrictEqual(texts, ["hi", "try 3"])

        const limited = yield* agentApi(emulator, "transfer_chat", { id: chat.chatId }, bot.auth)
        assert.deepStrictEqual(limited, { status: 429, body: { error: { type: "too_many_requests", message: "Too many requests" } } })
      })
    ))

  it.live("a timeout fault holds the answer longer than the client waits; `processed` decides whether the action happened", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const bot = yield* setupBot(emulator)
        const chat = yield* emulator.startChat({ text: "hi" })
        const url = `${emulator.url}/v3.6/agent/action/send_event`
        const impatient = (text: string) =>
          Effect.either(post(url, message(chat.chatId, text), { authorization: bot.auth }, { timeout: "300 millis" }).pipe(Effect.sandbox))

        yield* emulator.injectFault({ action: "send_event", kind: "timeout", times: 1, delay: "1500 millis" })
        const lost = yield* impatient("lost")
        assert.strictEqual(lost._tag, "Left", "the client gave up")

        yield* emulator.injectFault({ action: "send_event", kind: "timeout", times: 1, delay: "1500 millis", processed: true })
        const applied = yield* impatient("applied anyway")
        assert.strictEqual(applied._tag, "Left", "the client gave up")

        // A patient client hears `request_timeout` once the hold is over.
        yield* emulator.injectFault({ action: "send_event", kind: "timeout", times: 1, delay: "300 millis" })
        const patient = yield* post(url, message(chat.chatId, "patient"), { authorization: bot.auth })
        assert.deepStrictEqual(patient, { status: 408, body: { error: { type: "request_timeout", message: "Request timed out" } } })

        const texts = (yield* emulator.transcript(chat.chatId, "agent")).map((e) => e.text)
        assert.deepStrictEqual(texts, ["hi", "applied anyway"])
        // Retrying the "lost" message now succeeds normally.
        yield* expectOk(yield* agentApi(emulator, "send_event", message(chat.chatId, "lost, retried"), bot.auth))
      })
    ))
})
