/**
 * Application metrics as Effect `Metric`s, exported over OTLP/HTTP (JSON) to `<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/metrics`
 * by Effect's own `OtlpMetrics` exporter (no extra OpenTelemetry package needed) every `OTEL_METRIC_EXPORT_INTERVAL`
 * milliseconds (default 15000) and once more on shutdown. Without an endpoint they are still recorded in-process.
 *
 * | Metric (OTLP name)                | Kind      | Unit    | Attributes                                                            |
 * |-----------------------------------|-----------|---------|-----------------------------------------------------------------------|
 * | `support.turn.duration`           | histogram | s       | `support.handoff.decision`, `support.channel`                         |
 * | `support.escalations`             | counter   |         | `support.handoff.reason`, `support.handoff.outcome`                   |
 * | `support.webhook.events`          | counter   |         | `support.webhook.outcome`, `livechat.webhook.action`                  |
 * | `gen_ai.client.token.usage`       | histogram | {token} | `gen_ai.token.type`, `gen_ai.operation.name`, `gen_ai.provider.name`, `gen_ai.request.model` |
 * | `gen_ai.client.operation.duration`| histogram | s       | `gen_ai.operation.name`, `gen_ai.provider.name`, `gen_ai.request.model`, `error.type` |
 *
 * Every attribute is a low-cardinality enum. Units travel as Effect's `unit` tag (which `OtlpMetrics` turns into
 * the OTLP unit and also keeps as a `unit` attribute). Through the collector's Prometheus exporter the names become
 * `support_turn_duration_seconds_bucket`, `support_escalations_total`, `support_webhook_events_total`,
 * `gen_ai_client_token_usage_bucket`, `gen_ai_client_operation_duration_seconds_bucket` (see docs/observability.md).
 */
import * as OtlpMetrics from "@effect/opentelemetry/OtlpMetrics"
import * as OtlpSerialization from "@effect/opentelemetry/OtlpSerialization"
import { FetchHttpClient } from "@effect/platform"
import { Clock, Config, type ConfigError, Duration, Effect, Exit, Layer, Metric, MetricBoundaries, Option } from "effect"
import {
  ErrorType,
  GenAI,
  type GenAIOperation,
  Handoff,
  type HandoffDecisionValue,
  type HandoffReasonValue,
  SlowTurnThresholdMillis,
  Support,
  type WebhookOutcome
} from "./Attributes.js"
import { OtlpEndpoint, resourceAttributes, ResourceSettings } from "./Tracing.js"

// ---------------------------------------------------------------------------------------------------------------
// Definitions (stable names: dashboards and alerts depend on them)
// ---------------------------------------------------------------------------------------------------------------

export const MetricName = {
  TurnDuration: "support.turn.duration",
  Escalations: "support.escalations",
  WebhookEvents: "support.webhook.events",
  TokenUsage: "gen_ai.client.token.usage",
  ModelDuration: "gen_ai.client.operation.duration"
} as const

/** Turn latency buckets (seconds): LLM turns run from sub-second (offline engine) to a minute. */
export const TurnDurationBuckets: ReadonlyArray<number> = [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]

/** Token-count buckets from the GenAI metric conventions. */
export const TokenBuckets: ReadonlyArray<number> = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
]

/** Model-call duration buckets (seconds) from the GenAI metric conventions. */
export const ModelDurationBuckets: ReadonlyArray<number> = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
]

/** One customer turn, webhook-independent: from the chat handler starting the turn to the reply or hand-off. */
export const turnDuration = Metric.histogram(
  MetricName.TurnDuration,
  MetricBoundaries.fromIterable(TurnDurationBuckets),
  "Duration of one customer turn, by hand-off decision"
).pipe(Metric.tagged("unit", "s"))

/** Escalations, by reason and by what happened (`transferred` to a person, or `unavailable` → honest fallback). */
export const escalations = Metric.counter(MetricName.Escalations, {
  description: "Escalations to a human engineer group, by reason and outcome",
  incremental: true
})

/** Webhook deliveries by outcome and action. */
export const webhookEvents = Metric.counter(MetricName.WebhookEvents, {
  description: "LiveChat webhook deliveries, by outcome and action",
  incremental: true
})

/** GenAI `gen_ai.client.token.usage`: one input and one output observation per model call. */
export const tokenUsage = Metric.histogram(
  MetricName.TokenUsage,
  MetricBoundaries.fromIterable(TokenBuckets),
  "Tokens used per model call, by token type"
).pipe(Metric.tagged("unit", "{token}"))

/** GenAI `gen_ai.client.operation.duration`. */
export const modelDuration = Metric.histogram(
  MetricName.ModelDuration,
  MetricBoundaries.fromIterable(ModelDurationBuckets),
  "Duration of model calls"
).pipe(Metric.tagged("unit", "s"))

// ---------------------------------------------------------------------------------------------------------------
// Recording helpers (what the rest of the code calls)
// ---------------------------------------------------------------------------------------------------------------

export type Channel = "livechat" | "chat_api" | "eval"

/**
 * Record a finished turn. Also marks the *current span* `support.turn.slow=true` when the turn took longer than
 * `SlowTurnThresholdMillis`, so call it inside the turn span.
 */
export const recordTurn = (options: {
  readonly durationMillis: number
  readonly decision: HandoffDecisionValue
  readonly channel?: Channel | undefined
}): Effect.Effect<void> =>
  Effect.zipRight(
    Metric.update(
      turnDuration.pipe(
        Metric.tagged(Handoff.Decision, options.decision),
        Metric.tagged(Support.Channel, options.channel ?? "livechat")
      ),
      options.durationMillis / 1000
    ),
    options.durationMillis > SlowTurnThresholdMillis
      ? Effect.annotateCurrentSpan(Support.TurnSlow, true)
      : Effect.void
  )

/**
 * Time `self` as a turn and record it with the decision read from its result (`recordTurn`). A failed turn is
 * recorded as `fallback`, since the customer then gets the apology and no answer.
 */
export const trackTurn = <A>(decisionOf: (result: A) => HandoffDecisionValue, channel?: Channel) =>
<E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Clock.currentTimeMillis, (started) =>
    Effect.onExit(self, (exit) =>
      Effect.flatMap(Clock.currentTimeMillis, (ended) =>
        recordTurn({
          durationMillis: ended - started,
          decision: Exit.isSuccess(exit) ? decisionOf(exit.value) : "fallback",
          channel
        }))))

export const recordEscalation = (options: {
  readonly reason: HandoffReasonValue
  readonly outcome: "transferred" | "unavailable"
}): Effect.Effect<void> =>
  Metric.increment(
    Metric.tagged(Metric.tagged(escalations, Handoff.Reason, options.reason), Handoff.Outcome, options.outcome)
  )

export const recordWebhook = (options: {
  readonly outcome: WebhookOutcome
  /** The envelope's action when it could be read; `unknown` otherwise. */
  readonly action?: string | undefined
}): Effect.Effect<void> =>
  Metric.increment(
    Metric.tagged(
      Metric.tagged(webhookEvents, Support.WebhookOutcome, options.outcome),
      Support.WebhookAction,
      options.action ?? "unknown"
    )
  )

/** Record one model call: token usage (input and output) and duration. */
export const recordModelCall = (options: {
  readonly operation: GenAIOperation
  readonly provider: string
  readonly model: string
  readonly inputTokens: number
  readonly outputTokens: number
  readonly durationMillis: number
  /** The error's tag when the call failed. */
  readonly errorType?: string | undefined
}): Effect.Effect<void> => {
  const tag = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>) =>
    metric.pipe(
      Metric.tagged(GenAI.OperationName, options.operation),
      Metric.tagged(GenAI.ProviderName, options.provider),
      Metric.tagged(GenAI.RequestModel, options.model)
    )
  const duration = tag(modelDuration)
  return Effect.all([
    Metric.update(tag(tokenUsage).pipe(Metric.tagged(GenAI.TokenType, "input")), options.inputTokens),
    Metric.update(tag(tokenUsage).pipe(Metric.tagged(GenAI.TokenType, "output")), options.outputTokens),
    Metric.update(
      options.errorType === undefined ? duration : duration.pipe(Metric.tagged(ErrorType, options.errorType)),
      options.durationMillis / 1000
    )
  ], { discard: true })
}

// ---------------------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------------------

export const MetricsSettings = Config.all({
  resource: ResourceSettings,
  endpoint: OtlpEndpoint,
  exportInterval: Config.integer("OTEL_METRIC_EXPORT_INTERVAL").pipe(
    Config.withDefault(15_000),
    Config.map(Duration.millis)
  ),
  shutdownTimeout: Config.duration("OTEL_SHUTDOWN_TIMEOUT").pipe(Config.withDefault(Duration.seconds(10)))
})

/**
 * OTLP metrics export when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, nothing otherwise. Exports all Effect metrics of
 * the process (these plus any a library defines), with the same resource as the traces.
 */
export const MetricsLive: Layer.Layer<never, ConfigError.ConfigError> = Layer.unwrapEffect(
  Effect.map(MetricsSettings, (settings) =>
    Option.match(settings.endpoint, {
      onNone: () => Layer.empty,
      onSome: (endpoint) =>
        OtlpMetrics.layer({
          url: `${endpoint}/v1/metrics`,
          resource: {
            serviceName: settings.resource.serviceName,
            serviceVersion: settings.resource.serviceVersion,
            attributes: resourceAttributes(settings.resource)
          },
          exportInterval: settings.exportInterval,
          shutdownTimeout: settings.shutdownTimeout
        }).pipe(Layer.provide([OtlpSerialization.layerJson, FetchHttpClient.layer]))
    }))
)
