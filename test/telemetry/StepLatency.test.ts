import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Fiber, Layer, TestClock } from "effect"
import { conversationAttributes, modelCallAttributes, SpanName } from "../../src/telemetry/Attributes.js"
import { StepLatency, StepLatencyLive } from "../../src/telemetry/StepLatency.js"

const turn = (conversation: string) =>
  Effect.gen(function*() {
    yield* Effect.sleep("5 millis").pipe(Effect.withSpan(SpanName.Guard))
    yield* Effect.sleep("20 millis").pipe(
      Effect.withSpan("chat test-model", {
        kind: "client",
        attributes: modelCallAttributes({ operation: "chat", provider: "openai", model: "test-model" })
      }),
      Effect.withSpan(SpanName.Writer)
    )
    yield* Effect.fail("nope").pipe(Effect.withSpan(SpanName.Verifier), Effect.ignore)
    yield* Effect.void.pipe(Effect.withSpan("ChatStore.recordTurn"))
  }).pipe(Effect.withSpan(SpanName.Turn), Effect.annotateSpans(conversationAttributes(conversation)))

describe("StepLatency", () => {
  it.live("records per-step durations from the spans, by conversation", () =>
    Effect.gen(function*() {
      const latency = yield* StepLatency
      yield* turn("conv-a")
      yield* turn("conv-b")
      const a = yield* latency.take("conv-a")
      assert.deepStrictEqual(a.map((t) => t.step), [
        SpanName.Guard,
        "chat test-model",
        SpanName.Writer,
        SpanName.Verifier,
        SpanName.Turn
      ])
      const byStep = new Map(a.map((t) => [t.step, t]))
      assert.isAtLeast(byStep.get(SpanName.Guard)!.durationMillis, 4)
      assert.isAtLeast(byStep.get(SpanName.Writer)!.durationMillis, byStep.get("chat test-model")!.durationMillis)
      assert.isTrue(byStep.get(SpanName.Verifier)!.failed)
      assert.isFalse(byStep.get(SpanName.Guard)!.failed)
      assert.strictEqual(new Set(a.map((t) => t.traceId)).size, 1)
      assert.lengthOf(yield* latency.take("conv-a"), 0)
      assert.lengthOf(yield* latency.takeAll, 5)
    }).pipe(Effect.provide(StepLatencyLive.pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map())))))))

  it.effect("works in virtual time too", () =>
    Effect.gen(function*() {
      const latency = yield* StepLatency
      const fiber = yield* Effect.fork(turn("conv-c"))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      const timings = yield* latency.take("conv-c")
      assert.strictEqual(timings.find((t) => t.step === SpanName.Guard)!.durationMillis, 5)
      assert.strictEqual(timings.find((t) => t.step === "chat test-model")!.durationMillis, 20)
    }).pipe(Effect.provide(StepLatencyLive.pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map())))))))
})
