import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option } from "effect"
import { GenAI, Handoff, SpanName } from "../../src/telemetry/Attributes.js"
import * as Tracing from "../../src/telemetry/Tracing.js"
import { startOtlpReceiver } from "./OtlpReceiver.js"
import { SpanCapture, SpanCaptureLive, spanNamed, spanTree } from "./SpanCapture.js"

interface OtlpValue {
  readonly stringValue?: string
  readonly intValue?: number | string
  readonly doubleValue?: number
  readonly boolValue?: boolean
  readonly arrayValue?: { readonly values: ReadonlyArray<OtlpValue> }
}
interface OtlpKeyValue {
  readonly key: string
  readonly value: OtlpValue
}
interface OtlpSpan {
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId?: string
  readonly name: string
  readonly kind: number
  readonly attributes: ReadonlyArray<OtlpKeyValue>
  readonly status?: { readonly code?: number }
}
interface OtlpTraceRequest {
  readonly resourceSpans: ReadonlyArray<{
    readonly resource: { readonly attributes: ReadonlyArray<OtlpKeyValue> }
    readonly scopeSpans: ReadonlyArray<{ readonly spans: ReadonlyArray<OtlpSpan> }>
  }>
}

const attribute = (attributes: ReadonlyArray<OtlpKeyValue>, key: string): OtlpValue | undefined =>
  attributes.find((a) => a.key === key)?.value

const withConfig = (entries: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries))))

/** A small turn-shaped tree: server span → handler → policy with a few attributes. */
const turn = Effect.gen(function*() {
  yield* Effect.gen(function*() {
    yield* Effect.annotateCurrentSpan({ [GenAI.UsageInputTokens]: 12 })
    yield* Tracing.annotateStringArray(GenAI.ResponseFinishReasons, ["stop"])
  }).pipe(Effect.withSpan("chat test-model", { kind: "client" }))
  yield* Effect.annotateCurrentSpan({ [Handoff.Decision]: "escalate", [Handoff.Confidence]: 0.25 }).pipe(
    Effect.withSpan(SpanName.Policy)
  )
}).pipe(
  Effect.withSpan(SpanName.ChatHandle),
  Effect.withSpan("http.server POST", { kind: "server", root: true })
)

describe("TracingLive", () => {
  it.live("exports over OTLP/HTTP with the resource attributes and flushes on shutdown", () =>
    Effect.gen(function*() {
      const receiver = yield* startOtlpReceiver
      // The batch processor waits 5 s before exporting; only the shutdown flush can deliver these spans in time.
      yield* turn.pipe(
        Effect.provide(Tracing.TracingLive.pipe(Layer.provide(withConfig({
          OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/`,
          OTEL_SERVICE_NAME: "fitmate-assist-otlp-test",
          DEPLOYMENT_ENVIRONMENT: "ci"
        }))))
      )

      const requests = receiver.requests()
      assert.isAbove(requests.length, 0, "nothing was exported")
      for (const request of requests) {
        assert.strictEqual(request.method, "POST")
        assert.strictEqual(request.path, "/v1/traces")
        assert.match(String(request.headers["content-type"]), /application\/json/)
      }
      const bodies = receiver.bodies("/v1/traces") as ReadonlyArray<OtlpTraceRequest>
      const resourceSpans = bodies.flatMap((b) => b.resourceSpans)
      const spans = resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))
      assert.deepStrictEqual(
        spans.map((s) => s.name).sort(),
        ["ChatConversation.handle", "HandoffPolicy.decide", "chat test-model", "http.server POST"]
      )

      for (const resource of resourceSpans.map((r) => r.resource.attributes)) {
        assert.strictEqual(attribute(resource, "service.name")?.stringValue, "fitmate-assist-otlp-test")
        assert.strictEqual(attribute(resource, "service.version")?.stringValue, Tracing.ServiceVersion)
        assert.strictEqual(attribute(resource, "deployment.environment.name")?.stringValue, "ci")
        assert.strictEqual(attribute(resource, "support.content_capture")?.boolValue, false)
      }

      // OTLP/JSON: hex ids, the OTLP kind enum, one trace, parents wired.
      const byName = new Map(spans.map((s) => [s.name, s]))
      const server = byName.get("http.server POST")!
      const handler = byName.get(SpanName.ChatHandle)!
      const policy = byName.get(SpanName.Policy)!
      const model = byName.get("chat test-model")!
      for (const span of spans) {
        assert.match(span.traceId, /^[0-9a-f]{32}$/)
        assert.match(span.spanId, /^[0-9a-f]{16}$/)
        assert.strictEqual(span.traceId, server.traceId)
      }
      assert.strictEqual(server.kind, 2) // SERVER
      assert.strictEqual(model.kind, 3) // CLIENT
      assert.strictEqual(policy.kind, 1) // INTERNAL
      assert.isUndefined(server.parentSpanId || undefined)
      assert.strictEqual(handler.parentSpanId, server.spanId)
      assert.strictEqual(policy.parentSpanId, handler.spanId)

      assert.strictEqual(Number(attribute(model.attributes, GenAI.UsageInputTokens)?.intValue), 12)
      assert.deepStrictEqual(
        attribute(model.attributes, GenAI.ResponseFinishReasons)?.arrayValue?.values.map((v) => v.stringValue),
        ["stop"]
      )
      assert.strictEqual(attribute(policy.attributes, Handoff.Decision)?.stringValue, "escalate")
      assert.strictEqual(attribute(policy.attributes, Handoff.Confidence)?.doubleValue, 0.25)
    }).pipe(Effect.scoped))

  it.effect("exports nowhere without an endpoint, but spans still exist", () =>
    Effect.gen(function*() {
      const settings = yield* Tracing.TracingSettings
      assert.isTrue(Option.isNone(settings.endpoint))
      assert.strictEqual(Tracing.spanProcessorsFor(settings).length, 0)
      assert.strictEqual(settings.resource.serviceName, "fitmate-assist")
      assert.strictEqual(settings.resource.environment, "development")
      const span = yield* Effect.currentSpan.pipe(
        Effect.withSpan(SpanName.Turn),
        Effect.provide(Tracing.TracingLive)
      )
      assert.strictEqual(span.name, SpanName.Turn)
    }).pipe(Effect.provide(withConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "  " }))))

  it.effect("asks for the console exporter only when told to", () =>
    Effect.gen(function*() {
      const settings = yield* Tracing.TracingSettings
      assert.strictEqual(Tracing.spanProcessorsFor(settings).length, 1)
    }).pipe(Effect.provide(withConfig({ OTEL_TRACES_CONSOLE: "true" }))))
})

describe("SpanCapture", () => {
  it.effect("captures the tree in memory with string arrays kept as arrays", () =>
    Effect.gen(function*() {
      yield* turn
      const spans = yield* SpanCapture.spans
      assert.deepStrictEqual(spanTree(spans), [{
        name: "http.server POST",
        children: [{
          name: SpanName.ChatHandle,
          children: [{ name: "chat test-model", children: [] }, { name: SpanName.Policy, children: [] }]
        }]
      }])
      const model = spanNamed(spans, "chat test-model")
      assert.deepStrictEqual(model.attributes[GenAI.ResponseFinishReasons], ["stop"])
      assert.strictEqual(model.resource.attributes["service.name"], "fitmate-assist-test")
      yield* SpanCapture.reset
      assert.strictEqual((yield* SpanCapture.spans).length, 0)
    }).pipe(Effect.provide(SpanCaptureLive)))
})
