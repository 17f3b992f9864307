import { assert, describe, it } from "@effect/vitest"
import { Cause, ConfigProvider, Effect, Layer, LogLevel, Redacted } from "effect"
import * as Logging from "../../src/telemetry/Logging.js"
import { LogCapture, layer as logCapture } from "./LogCapture.js"
import { assertNoLeak, SpanCapture, SpanCaptureLive, spanNamed } from "./SpanCapture.js"

const sentinelEmail = "pii-sentinel-7f3@example.com"
const messageText = "does the FM-2210 fit a 1.5 mm panel"
const rawChatId = "RAWCHAT42XYZ"
const secret = "sk-live-sentinel-0123456789abcdef"

/** A turn-ish piece of code that logs carelessly. */
const carelessTurn = Effect.gen(function*() {
  yield* Effect.logInfo("turn answered", { decision: "answer", question: messageText }).pipe(
    Effect.annotateLogs({ text: messageText, chatId: rawChatId, signal: "CustomerMessage", conversation: "c0ffee" })
  )
  yield* Effect.logWarning(`customer wrote from ${sentinelEmail}`, { apiKey: Redacted.make(secret) })
  yield* Effect.logError("model call failed", new Error(`401 for key ${secret} (customer ${sentinelEmail})`))
  yield* Effect.logError("decode failed", Cause.fail(new Error(`bad body from ${sentinelEmail}`)))
}).pipe(Effect.withSpan("Conversation.turn"))

describe("JSON logger", () => {
  it.effect("writes one JSON object per line with the current trace and span ids", () =>
    Effect.gen(function*() {
      yield* carelessTurn
      const spans = yield* SpanCapture.spans
      const turn = spanNamed(spans, "Conversation.turn")
      const records = yield* LogCapture.records
      assert.strictEqual(records.length, 4)
      for (const record of records) {
        assert.strictEqual(record.trace_id, turn.spanContext().traceId)
        assert.strictEqual(record.span_id, turn.spanContext().spanId)
        assert.match(record.timestamp, /^\d{4}-\d\d-\d\dT/)
      }
      assert.deepStrictEqual(records.map((r) => r.level), ["INFO", "WARN", "ERROR", "ERROR"])
      assert.deepStrictEqual(records[0]!.annotations, { signal: "CustomerMessage", conversation: "c0ffee" })
      assert.deepStrictEqual(records[0]!.message, ["turn answered", { decision: "answer" }])
    }).pipe(Effect.provide(Layer.merge(logCapture(), SpanCaptureLive))))

  it.effect("keeps message text, e-mails, secrets and raw chat ids out of log lines and span events", () =>
    Effect.gen(function*() {
      yield* carelessTurn
      const lines = yield* LogCapture.lines
      for (const needle of [messageText, sentinelEmail, secret, rawChatId]) {
        const hit = lines.find((line) => line.includes(needle))
        assert.isUndefined(hit, `"${needle}" leaked into a log line: ${hit}`)
      }
      assert.include(lines[1]!, "customer wrote from <email>")
      assert.include(lines[1]!, `"apiKey":"<redacted>"`)
      const spans = yield* SpanCapture.spans
      const events = spanNamed(spans, "Conversation.turn").events
      assert.deepStrictEqual(events.map((e) => e.name), [
        `["turn answered",{"decision":"answer"}]`,
        `["customer wrote from <email>",{"apiKey":"<redacted>"}]`,
        `["model call failed",{"name":"Error","message":"401 for key <secret> (customer <email>)"}]`,
        "decode failed"
      ])
      assert.include(String(events[3]!.attributes?.["effect.cause"]), "bad body from <email>")
      assert.include(lines[3]!, "bad body from <email>")
      assertNoLeak(spans, [messageText, sentinelEmail, secret, rawChatId])
    }).pipe(Effect.provide(Layer.merge(logCapture(), SpanCaptureLive))))

  it.effect("with content capture on, content annotations are kept (e-mails still masked)", () =>
    Effect.gen(function*() {
      yield* carelessTurn
      const records = yield* LogCapture.records
      assert.strictEqual(records[0]!.annotations?.["text"], messageText)
      assert.strictEqual(records[0]!.annotations?.["chatId"], rawChatId)
      const lines = yield* LogCapture.lines
      assert.isFalse(lines.some((line) => line.includes(sentinelEmail) || line.includes(secret)))
    }).pipe(Effect.provide(logCapture({ captureContent: true }))))

  it.effect("lines outside any span carry no trace ids", () =>
    Effect.gen(function*() {
      yield* Effect.logInfo("started")
      const [record] = yield* LogCapture.records
      assert.strictEqual(record!.message, "started")
      assert.isUndefined(record!.trace_id)
      assert.isUndefined(record!.span_id)
    }).pipe(Effect.provide(logCapture())))

  it.effect("reads LOG_LEVEL and OTEL_CAPTURE_CONTENT", () =>
    Effect.gen(function*() {
      const defaults = yield* Logging.LoggingSettings.pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
      )
      assert.deepStrictEqual(defaults, { level: LogLevel.Info, captureContent: false })
      const set = yield* Logging.LoggingSettings.pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["LOG_LEVEL", "debug"], ["OTEL_CAPTURE_CONTENT", "true"]])))
      )
      assert.deepStrictEqual(set, { level: LogLevel.Debug, captureContent: true })
    }))

  it.effect("the level filters lines", () =>
    Effect.gen(function*() {
      yield* Effect.logDebug("hidden")
      yield* Effect.logWarning("shown")
      const records = yield* LogCapture.records
      assert.deepStrictEqual(records.map((r) => r.message), ["shown"])
    }).pipe(Effect.provide(logCapture({ level: LogLevel.Info }))))
})
