import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Metric } from "effect"
import { GenAI, Handoff, SlowTurnThresholdMillis, Support, WebhookOutcome } from "../../src/telemetry/Attributes.js"
import * as Metrics from "../../src/telemetry/Metrics.js"
import * as Tracing from "../../src/telemetry/Tracing.js"
import { startOtlpReceiver } from "./OtlpReceiver.js"
import { SpanCapture, SpanCaptureLive, spanNamed } from "./SpanCapture.js"

interface OtlpKeyValue {
  readonly key: string
  readonly value: { readonly stringValue?: string; readonly boolValue?: boolean }
}
interface OtlpDataPoint {
  readonly attributes: ReadonlyArray<OtlpKeyValue>
  readonly asInt?: number
  readonly asDouble?: number
  readonly count?: number
  readonly sum?: number
}
interface OtlpMetric {
  readonly name: string
  readonly unit: string
  readonly sum?: { readonly dataPoints: ReadonlyArray<OtlpDataPoint>; readonly isMonotonic: boolean }
  readonly histogram?: { readonly dataPoints: ReadonlyArray<OtlpDataPoint> }
}
interface OtlpMetricsRequest {
  readonly resourceMetrics: ReadonlyArray<{
    readonly resource: { readonly attributes: ReadonlyArray<OtlpKeyValue> }
    readonly scopeMetrics: ReadonlyArray<{ readonly metrics: ReadonlyArray<OtlpMetric> }>
  }>
}

const attrs = (point: OtlpDataPoint): Record<string, string | undefined> =>
  Object.fromEntries(point.attributes.map((a) => [a.key, a.value.stringValue]))

describe("Metrics", () => {
  it.live("exports the app metrics over OTLP/HTTP, with the resource, and once more on shutdown", () =>
    Effect.gen(function*() {
      const receiver = yield* startOtlpReceiver
      const config = ConfigProvider.fromMap(new Map([
        ["OTEL_EXPORTER_OTLP_ENDPOINT", receiver.url],
        ["OTEL_SERVICE_NAME", "fitmate-assist-metrics-test"],
        // longer than the test: only the shutdown export can deliver
        ["OTEL_METRIC_EXPORT_INTERVAL", "600000"]
      ]))
      yield* Effect.all([
        Metrics.recordTurn({ durationMillis: 1500, decision: "escalate" }),
        Metrics.recordEscalation({ reason: "explicit_request", outcome: "transferred" }),
        Metrics.recordWebhook({ outcome: WebhookOutcome.Accepted, action: "incoming_event" }),
        Metrics.recordModelCall({
          operation: "chat",
          provider: "openai",
          model: "test-model",
          inputTokens: 120,
          outputTokens: 30,
          durationMillis: 800
        })
      ]).pipe(Effect.provide(Metrics.MetricsLive.pipe(Layer.provide(Layer.setConfigProvider(config)))))

      const requests = receiver.requests().filter((r) => r.path === "/v1/metrics")
      assert.isAbove(requests.length, 0, "no metrics were exported")
      assert.match(String(requests[0]!.headers["content-type"]), /application\/json/)
      const body = receiver.bodies("/v1/metrics").at(-1) as OtlpMetricsRequest
      const resource = body.resourceMetrics[0]!.resource.attributes
      assert.strictEqual(resource.find((a) => a.key === "service.name")?.value.stringValue, "fitmate-assist-metrics-test")
      assert.strictEqual(resource.find((a) => a.key === "service.version")?.value.stringValue, Tracing.ServiceVersion)
      const metrics = new Map(
        body.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)).map((m) => [m.name, m])
      )

      const turn = metrics.get(Metrics.MetricName.TurnDuration)!
      assert.strictEqual(turn.unit, "s")
      const turnPoint = turn.histogram!.dataPoints.find((p) => attrs(p)[Handoff.Decision] === "escalate")!
      assert.isAtLeast(turnPoint.count!, 1)
      assert.strictEqual(attrs(turnPoint)[Support.Channel], "livechat")

      const escalation = metrics.get(Metrics.MetricName.Escalations)!
      assert.isTrue(escalation.sum!.isMonotonic)
      const escalationPoint = escalation.sum!.dataPoints.find((p) =>
        attrs(p)[Handoff.Reason] === "explicit_request" && attrs(p)[Handoff.Outcome] === "transferred"
      )!
      assert.isAtLeast(escalationPoint.asInt ?? escalationPoint.asDouble ?? 0, 1)

      const webhook = metrics.get(Metrics.MetricName.WebhookEvents)!
      assert.isDefined(webhook.sum!.dataPoints.find((p) =>
        attrs(p)[Support.WebhookOutcome] === "accepted" && attrs(p)[Support.WebhookAction] === "incoming_event"
      ))

      const tokens = metrics.get(Metrics.MetricName.TokenUsage)!
      const input = tokens.histogram!.dataPoints.find((p) =>
        attrs(p)[GenAI.TokenType] === "input" && attrs(p)[GenAI.RequestModel] === "test-model"
      )!
      assert.isAtLeast(input.sum!, 120)
      assert.strictEqual(attrs(input)[GenAI.ProviderName], "openai")
      assert.isDefined(metrics.get(Metrics.MetricName.ModelDuration))
    }).pipe(Effect.scoped))

  it.effect("recordTurn marks slow turns on the current span", () =>
    Effect.gen(function*() {
      yield* Metrics.recordTurn({ durationMillis: SlowTurnThresholdMillis + 1, decision: "answer" }).pipe(
        Effect.withSpan("slow")
      )
      yield* Metrics.recordTurn({ durationMillis: 10, decision: "answer" }).pipe(Effect.withSpan("fast"))
      const spans = yield* SpanCapture.spans
      assert.strictEqual(spanNamed(spans, "slow").attributes[Support.TurnSlow], true)
      assert.isUndefined(spanNamed(spans, "fast").attributes[Support.TurnSlow])
    }).pipe(Effect.provide(SpanCaptureLive)))

  it.effect("trackTurn times the turn and takes the decision from its result", () =>
    Effect.gen(function*() {
      const metric = Metrics.turnDuration.pipe(
        Metric.tagged(Handoff.Decision, "clarify"),
        Metric.tagged(Support.Channel, "eval")
      )
      const before = (yield* Metric.value(metric)).count
      const result = yield* Effect.succeed({ decision: "clarify" as const }).pipe(
        Metrics.trackTurn((r) => r.decision, "eval")
      )
      assert.strictEqual(result.decision, "clarify")
      assert.strictEqual((yield* Metric.value(metric)).count, before + 1)
    }))
})
