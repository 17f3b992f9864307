/**
 * Structural checks of `otel-collector.yaml` (no collector binary can run here; `otelcol-contrib validate` is the
 * deploy-time check): the pipeline graph is sound, and every attribute the collector samples or aggregates on is one
 * the bot really emits, read from `src/telemetry/Attributes.ts`.
 */
import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { parse } from "yaml"
import {
  ContentAttributes,
  EscalatingDecisions,
  GenAI,
  GenAIOperation,
  Handoff,
  HandoffDecisionValue,
  HandoffReasonValues,
  IntentValues,
  OpenInference,
  Retrieval,
  SessionId,
  ErrorType,
  SlowTurnThresholdMillis,
  Support,
  WebhookOutcome
} from "../../src/telemetry/Attributes.js"
import { scrub } from "../../src/telemetry/Privacy.js"

type Components = Record<string, Record<string, unknown> | null>
interface Pipeline {
  readonly receivers?: ReadonlyArray<string>
  readonly processors?: ReadonlyArray<string>
  readonly exporters?: ReadonlyArray<string>
}
interface CollectorConfig {
  readonly extensions?: Components
  readonly receivers: Components
  readonly processors?: Components
  readonly connectors?: Components
  readonly exporters: Components
  readonly service: {
    readonly extensions?: ReadonlyArray<string>
    readonly pipelines: Record<string, Pipeline>
  }
}
interface TailPolicy {
  readonly name: string
  readonly type: string
  readonly string_attribute?: { readonly key: string; readonly values: ReadonlyArray<string> }
  readonly boolean_attribute?: { readonly key: string; readonly value: boolean }
  readonly numeric_attribute?: { readonly key: string }
  readonly latency?: { readonly threshold_ms: number }
  readonly status_code?: { readonly status_codes: ReadonlyArray<string> }
  readonly probabilistic?: { readonly sampling_percentage: number | string }
}

const config = parse(readFileSync(new URL("../../otel-collector.yaml", import.meta.url), "utf8")) as CollectorConfig
const pipelines = Object.entries(config.service.pipelines)
const connectors = Object.keys(config.connectors ?? {})
const typeOf = (id: string) => id.split("/")[0]!
const component = <A>(section: Components | undefined, type: string): A => {
  const id = Object.keys(section ?? {}).find((key) => typeOf(key) === type)
  assert.isDefined(id, `no ${type} component`)
  return (section ?? {})[id!] as A
}

/** Every attribute key the bot writes, from the constants module. */
const emittedKeys = new Set<string>([
  ...Object.values(GenAI),
  ...Object.values(OpenInference),
  ...Object.values(Retrieval),
  ...Object.values(Handoff),
  ...Object.values(Support),
  SessionId,
  ErrorType
])
/** Keys with unbounded values: fine to filter on in a UI, never a metric dimension. */
const highCardinality = new Set<string>([
  GenAI.ConversationId,
  SessionId,
  GenAI.ResponseId,
  GenAI.ToolCallId,
  Handoff.Confidence,
  Support.TurnIndex,
  Retrieval.SourceIds,
  Retrieval.TopScore,
  Retrieval.HitCount,
  GenAI.UsageInputTokens,
  GenAI.UsageOutputTokens
])
/** Allowed values per enum-valued key (what `string_attribute` policies may match). */
const enumValues: Record<string, ReadonlyArray<string>> = {
  [Handoff.Decision]: Object.values(HandoffDecisionValue),
  [Handoff.Reason]: HandoffReasonValues,
  [Support.Intent]: IntentValues,
  [Support.WebhookOutcome]: Object.values(WebhookOutcome),
  [GenAI.OperationName]: Object.values(GenAIOperation)
}

/** Component types of otelcol-contrib v0.159.0 used here (from its release manifest), old and new names. */
const knownTypes = {
  extensions: ["health_check", "pprof", "zpages"],
  receivers: ["otlp"],
  processors: [
    "memory_limiter", "batch", "transform", "redaction", "tail_sampling", "resource", "attributes", "filter",
    "probabilistic_sampler", "groupbytrace"
  ],
  connectors: ["spanmetrics", "span_metrics", "forward"],
  exporters: ["otlp", "otlp_grpc", "otlphttp", "otlp_http", "prometheus", "debug", "loadbalancing"]
} as const

/** An OTTL string literal's value: `"a\\.b"` → `a\.b`. */
const ottlString = (literal: string) => literal.slice(1, -1).replace(/\\(.)/g, "$1")

describe("otel-collector.yaml", () => {
  it("uses only component types the contrib build has", () => {
    for (const section of ["extensions", "receivers", "processors", "connectors", "exporters"] as const) {
      for (const id of Object.keys(config[section] ?? {})) {
        assert.include(knownTypes[section] as ReadonlyArray<string>, typeOf(id), `${section}.${id}`)
      }
    }
  })

  it("references only defined components from every pipeline", () => {
    for (const id of config.service.extensions ?? []) assert.property(config.extensions ?? {}, id)
    for (const [name, pipeline] of pipelines) {
      assert.match(name, /^(traces|metrics|logs)(\/.+)?$/)
      assert.isAbove(pipeline.receivers?.length ?? 0, 0, `${name} has no receivers`)
      assert.isAbove(pipeline.exporters?.length ?? 0, 0, `${name} has no exporters`)
      for (const id of pipeline.receivers ?? []) {
        assert.isTrue(id in config.receivers || connectors.includes(id), `${name}: receiver ${id} is not defined`)
      }
      for (const id of pipeline.processors ?? []) {
        assert.property(config.processors ?? {}, id, `${name}: processor ${id} is not defined`)
      }
      for (const id of pipeline.exporters ?? []) {
        assert.isTrue(id in config.exporters || connectors.includes(id), `${name}: exporter ${id} is not defined`)
      }
    }
  })

  it("uses every connector as an exporter of one pipeline and a receiver of another", () => {
    for (const id of connectors) {
      const exporting = pipelines.filter(([, p]) => p.exporters?.includes(id)).map(([n]) => n)
      const receiving = pipelines.filter(([, p]) => p.receivers?.includes(id)).map(([n]) => n)
      assert.isAbove(exporting.length, 0, `${id} exports nowhere`)
      assert.isAbove(receiving.length, 0, `${id} feeds nothing`)
      assert.isEmpty(exporting.filter((n) => receiving.includes(n)), `${id} loops within one pipeline`)
    }
  })

  it("puts memory_limiter first, computes span metrics before sampling, batches after it", () => {
    for (const [name, pipeline] of pipelines) {
      if ((pipeline.receivers ?? []).some((id) => id in config.receivers)) {
        assert.strictEqual(typeOf(pipeline.processors?.[0] ?? ""), "memory_limiter", `${name}`)
      }
      const processors = (pipeline.processors ?? []).map(typeOf)
      if (processors.includes("tail_sampling") && processors.includes("batch")) {
        assert.isBelow(processors.indexOf("tail_sampling"), processors.indexOf("batch"), name)
      }
    }
    const feedsSpanMetrics = pipelines.filter(([, p]) => p.exporters?.some((id) => typeOf(id) === "spanmetrics"))
    assert.isNotEmpty(feedsSpanMetrics)
    for (const [name, pipeline] of feedsSpanMetrics) {
      assert.notInclude((pipeline.processors ?? []).map(typeOf), "tail_sampling", name)
      assert.include(pipeline.processors ?? [], "transform/scrub", `${name} must scrub before anything leaves`)
    }
    // Sampled traces and both metric streams reach a real backend.
    const exportTypes = pipelines.flatMap(([, p]) => p.exporters ?? []).map(typeOf)
    assert.include(exportTypes, "otlp")
    assert.include(exportTypes, "prometheus")
  })

  it("tail-samples on attributes and values the bot emits: errors, escalations, slow turns, a baseline", () => {
    const sampling = component<{ readonly policies: ReadonlyArray<TailPolicy>; readonly decision_wait: string }>(
      config.processors,
      "tail_sampling"
    )
    const policies = sampling.policies
    for (const policy of policies) {
      const key = policy.string_attribute?.key ?? policy.boolean_attribute?.key ?? policy.numeric_attribute?.key
      if (key !== undefined) assert.isTrue(emittedKeys.has(key), `policy ${policy.name}: the bot never emits ${key}`)
      if (policy.string_attribute !== undefined) {
        const allowed = enumValues[policy.string_attribute.key]
        assert.isDefined(allowed, `policy ${policy.name}: ${policy.string_attribute.key} has no value enum`)
        for (const value of policy.string_attribute.values) {
          assert.include(allowed!, value, `policy ${policy.name}: the bot never sets ${value}`)
        }
      }
    }
    const byType = (type: string) => policies.filter((p) => p.type === type)
    assert.deepStrictEqual(byType("status_code").flatMap((p) => p.status_code!.status_codes), ["ERROR"])
    const escalation = byType("string_attribute").find((p) => p.string_attribute!.key === Handoff.Decision)
    assert.deepStrictEqual([...escalation!.string_attribute!.values].sort(), [...EscalatingDecisions].sort())
    assert.deepStrictEqual(byType("latency").map((p) => p.latency!.threshold_ms), [SlowTurnThresholdMillis])
    assert.deepStrictEqual(byType("boolean_attribute").map((p) => p.boolean_attribute), [{ key: Support.TurnSlow, value: true }])
    assert.strictEqual(byType("probabilistic").length, 1)
    // Long model turns must finish before the decision is taken.
    assert.isAtLeast(Number.parseInt(sampling.decision_wait, 10), 30)
  })

  it("aggregates span metrics on low-cardinality keys the bot emits, with explicit units", () => {
    const spanMetrics = component<{
      readonly dimensions: ReadonlyArray<{ readonly name: string }>
      readonly histogram: { readonly unit: string; readonly explicit: { readonly buckets: ReadonlyArray<string> } }
      readonly namespace: string
    }>(config.connectors, "spanmetrics")
    const dimensions = spanMetrics.dimensions.map((d) => d.name)
    for (const name of dimensions) {
      assert.isTrue(emittedKeys.has(name), `dimension ${name} is not an attribute the bot emits`)
      assert.isFalse(highCardinality.has(name), `dimension ${name} is high-cardinality`)
    }
    // per-step RED and escalation share by reason need these
    for (const required of [Handoff.Decision, Handoff.Reason, GenAI.OperationName]) assert.include(dimensions, required)
    assert.strictEqual(spanMetrics.histogram.unit, "ms")
    assert.strictEqual(spanMetrics.namespace, "traces.span.metrics") // docs/observability.md PromQL depends on it
    assert.strictEqual(spanMetrics.histogram.explicit.buckets.at(-1), "64s") // LLM turns are long
  })

  it("scrubs headers, content keys and personal data", () => {
    const transform = component<{
      readonly trace_statements: ReadonlyArray<{ readonly context: string; readonly statements: ReadonlyArray<string> }>
    }>(config.processors, "transform")
    const statements = transform.trace_statements.flatMap((group) => group.statements.map((s) => ({ ...group, s })))
    const regexesIn = (context: string) =>
      statements
        .filter((st) => st.context === context && st.s.startsWith("delete_matching_keys(attributes,"))
        .map((st) => ({ regex: new RegExp(ottlString(/"(?:[^"\\]|\\.)*"/.exec(st.s)![0])), where: st.s }))
    for (const context of ["span", "spanevent"]) {
      for (const key of ContentAttributes) {
        const rule = regexesIn(context).find((r) => r.regex.test(key))
        assert.isDefined(rule, `content key ${key} is not deleted from ${context} attributes`)
        assert.include(rule!.where, `resource.attributes["${Support.ContentCapture}"] != true`)
      }
      for (const key of [Handoff.Decision, Support.Intent, GenAI.RequestModel]) {
        assert.isFalse(regexesIn(context).some((r) => r.regex.test(key)), `${key} must survive the scrub`)
      }
    }
    assert.isTrue(regexesIn("span").some((r) => r.regex.test("http.request.header.x-user-email")))
    assert.isTrue(statements.some((st) => st.s === `delete_key(attributes, "url.query")`))

    const redaction = component<{ readonly blocked_values: ReadonlyArray<string> }>(config.processors, "redaction")
    const blocked = redaction.blocked_values.map((v) => new RegExp(v.replace("(?i)", ""), "i"))
    for (const sample of ["pii-sentinel-7f3@example.com", "Bearer abcdefghijkl", "sk-live-0123456789abcdef"]) {
      assert.isTrue(blocked.some((r) => r.test(sample)), `the collector would let "${sample}" through`)
      assert.notStrictEqual(scrub(sample), sample, `the app would let "${sample}" through`)
    }
  })

  it("listens on all interfaces (through an env default) and ships no verbose debug exporter", () => {
    const otlp = config.receivers["otlp"] as { protocols: Record<string, { endpoint: string }> }
    for (const protocol of Object.values(otlp.protocols)) assert.match(protocol.endpoint, /\$\{env:[A-Z_]+:-0\.0\.0\.0\}/)
    for (const [id, exporter] of Object.entries(config.exporters)) {
      if (typeOf(id) === "debug") assert.notStrictEqual((exporter as { verbosity?: string })?.verbosity, "detailed")
    }
  })
})
