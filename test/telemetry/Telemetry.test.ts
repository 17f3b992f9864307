import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, FiberRef, Layer } from "effect"
import { afterEach, vi } from "vitest"
import { ContentCapture } from "../../src/telemetry/Privacy.js"
import { TelemetryLive } from "../../src/telemetry/Telemetry.js"

const config = (entries: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries))))

describe("TelemetryLive", () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it.effect("wires JSON logs with trace ids, quiet outgoing requests and the content switch", () =>
    Effect.gen(function*() {
      const printed: Array<string> = []
      vi.spyOn(console, "log").mockImplementation((line: unknown) => void printed.push(String(line)))
      const span = yield* Effect.gen(function*() {
        yield* Effect.logInfo("hello", { email: "someone@example.com" })
        yield* Effect.logDebug("not at INFO")
        return yield* Effect.currentSpan
      }).pipe(Effect.withSpan("Conversation.turn"))

      assert.strictEqual(printed.length, 1)
      const record = JSON.parse(printed[0]!) as Record<string, unknown>
      assert.deepStrictEqual(record["message"], ["hello", {}]) // the email key is dropped
      assert.strictEqual(record["trace_id"], span.traceId)
      assert.strictEqual(record["span_id"], span.spanId)
      assert.notInclude(printed[0]!, "someone@example.com")
      assert.isFalse(yield* FiberRef.get(HttpClient.currentTracerPropagation))
      assert.isFalse(yield* ContentCapture)
    }).pipe(Effect.provide(TelemetryLive.pipe(Layer.provide(config({}))))))

  it.effect("reads LOG_LEVEL and OTEL_CAPTURE_CONTENT from the environment", () =>
    Effect.gen(function*() {
      const printed: Array<string> = []
      vi.spyOn(console, "log").mockImplementation((line: unknown) => void printed.push(String(line)))
      yield* Effect.logDebug("visible at DEBUG")
      assert.strictEqual(printed.length, 1)
      assert.isTrue(yield* ContentCapture)
    }).pipe(Effect.provide(TelemetryLive.pipe(Layer.provide(config({ LOG_LEVEL: "debug", OTEL_CAPTURE_CONTENT: "true" }))))))

  it.effect("fails to start on a bad setting", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Layer.build(TelemetryLive.pipe(Layer.provide(config({ LOG_LEVEL: "chatty" })))))
      assert.strictEqual(exit._tag, "Failure")
    }).pipe(Effect.scoped))
})
