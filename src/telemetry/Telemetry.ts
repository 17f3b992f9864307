/**
 * Everything observability needs, as one layer to provide outermost in `main.ts` (and the evals entry point):
 *
 * ```ts
 * const App = HttpLayerRouter.serve(Layer.mergeAll(HealthRoutes, WebhookRoute, ServerSpansLive)).pipe(
 *   Layer.provide(...the rest of the app...),
 *   Layer.provide(TelemetryLive)
 * )
 * NodeRuntime.runMain(Layer.launch(App), { disablePrettyLogger: true })
 * ```
 *
 * - `TracingLive`: spans → OTLP (`OTEL_EXPORTER_OTLP_ENDPOINT`) / console (`OTEL_TRACES_CONSOLE`) / nowhere;
 * - `MetricsLive`: Effect metrics → OTLP when the endpoint is set;
 * - `LoggingLive`: JSON log lines with trace ids, privacy-safe span events, `LOG_LEVEL`;
 * - `HttpPrivacyLive`: no trace context on outgoing requests, credential-like headers redacted on client spans;
 * - `ContentCaptureLive`: `OTEL_CAPTURE_CONTENT` for `Privacy.annotateContent`.
 *
 * `ServerSpansLive` (from `Privacy.ts`) is separate because it is a router middleware: merge it into the routes given
 * to `HttpLayerRouter.serve`.
 */
import type { ConfigError } from "effect"
import { Layer } from "effect"
import { LoggingLive } from "./Logging.js"
import { MetricsLive } from "./Metrics.js"
import { ContentCapture, ContentCaptureLive, HttpPrivacyLive } from "./Privacy.js"
import { TracingLive } from "./Tracing.js"

export const TelemetryLive: Layer.Layer<ContentCapture, ConfigError.ConfigError> = Layer.mergeAll(
  TracingLive,
  MetricsLive,
  LoggingLive,
  HttpPrivacyLive,
  ContentCaptureLive
)
