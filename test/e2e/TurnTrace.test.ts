/**
 * One customer turn, end to end through the running bot, captured by an in-memory span exporter: the span tree
 * from the webhook to the LiveChat reply is one trace, carries the attributes the collector and dashboards use,
 * and none of the planted secrets, e-mail address, message text or raw chat id reach a span or a log line.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Emulator } from "../../src/emulator/Emulator.js"
import { AgentStepSpans, GenAI, Handoff, IntentValues, SpanName, Support } from "../../src/telemetry/Attributes.js"
import { botLayer, botReplies, freePort, TestEmulator, waitForTranscript, webhookSecret } from "../support/BotHarness.js"
import { databases } from "../support/Databases.js"
import { LogCapture, LogCaptureLive } from "../telemetry/LogCapture.js"
import { assertNoLeak, renderTree, SpanCapture, SpanCaptureLive, spanNamed } from "../telemetry/SpanCapture.js"

const database = databases.find((d) => d.name === "pglite")!
const plantedEmail = "planted.person@example.com"
const plantedText = "PLANTEDTEXT7731"

// Only the bot is traced and logged into memory; the emulator beside it is not.
const World = Layer.unwrapEffect(Effect.map(freePort, (port) =>
  botLayer(database, port, { CONVERSATION_KEY_SECRET: "trace-test-key" }).pipe(
    Layer.provideMerge(SpanCaptureLive),
    Layer.provideMerge(LogCaptureLive)
  ))).pipe(Layer.provideMerge(TestEmulator))

describe("one turn's trace", () => {
  layer(World, { timeout: "180 seconds", excludeTestServices: true })((it) => {
    it.effect("webhook → entity → turn → LiveChat reply in one trace, with no content leaked", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator
        const capture = yield* SpanCapture
        const chat = yield* emulator.startChat({ customerName: "Planted Person", customerEmail: plantedEmail })
        yield* capture.reset
        yield* emulator.sendCustomerMessage({
          chatId: chat.chatId,
          text: `Hi, I am ${plantedEmail}, question ${plantedText} about the FMQ-7`
        })
        yield* waitForTranscript(chat.chatId, "customer", (t) => botReplies(t).length === 1)
        yield* Effect.sleep("500 millis") // let the turn's last spans end

        // The emulator shares the process (and so the tracer); only the bot's spans are under test.
        const spans = (yield* capture.spans).filter((s) => !/^(Emulator|WebhookDelivery)/.test(s.name))
        const webhook = spans.find((s) =>
          s.name === SpanName.Webhook && s.attributes[Support.WebhookAction] === "incoming_event" &&
          s.attributes[Support.WebhookOutcome] === "accepted"
        )
        assert.isDefined(webhook, renderTree(spans))
        const handle = spans.find((s) => s.name === SpanName.ChatHandle && s.attributes[Support.Signal] === "CustomerMessage")
        assert.isDefined(handle, renderTree(spans))
        const turn = spanNamed(spans, SpanName.Turn)
        // The processing continues the webhook's trace: one trace per turn.
        assert.strictEqual(handle!.spanContext().traceId, webhook!.spanContext().traceId, renderTree(spans))
        assert.strictEqual(turn.spanContext().traceId, webhook!.spanContext().traceId)
        const trace = spans.filter((s) => s.spanContext().traceId === webhook!.spanContext().traceId)
        const names = new Set(trace.map((s) => s.name))
        for (
          const name of [
            "http.server POST",
            SpanName.Webhook,
            SpanName.ChatHandle,
            SpanName.Turn,
            ...AgentStepSpans,
            SpanName.Policy
          ]
        ) {
          assert.isTrue(names.has(name), `missing ${name} in\n${renderTree(trace)}`)
        }
        assert.isTrue(trace.some((s) => s.name === "LiveChatClient.sendEvent"), renderTree(trace))

        const conversationId = turn.attributes[GenAI.ConversationId]
        assert.match(String(conversationId), /^[0-9a-f]{32}$/)
        assert.include(IntentValues, turn.attributes[Support.Intent])
        const policy = spanNamed(trace, SpanName.Policy)
        assert.include(["answer", "clarify", "escalate", "fallback", "decline"], policy.attributes[Handoff.Decision])
        assert.isNumber(policy.attributes[Handoff.Confidence])

        const logs = yield* LogCapture.lines
        const needles = [webhookSecret, plantedEmail, plantedText, chat.chatId, emulator.credentials.pat]
        assertNoLeak(spans, needles)
        for (const needle of needles) {
          assert.isUndefined(logs.find((line) => line.includes(needle)), `"${needle}" leaked into a log line`)
        }
      }))
  })
})
