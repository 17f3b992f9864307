/**
 * Tracing through `@effect/opentelemetry`'s `NodeSdk`: every `Effect.fn` / `Effect.withSpan` becomes an OpenTelemetry
 * span.
 *
 * - `OTEL_EXPORTER_OTLP_ENDPOINT` set (e.g. `http://otel-collector:4318`) → OTLP/HTTP (JSON) to `<endpoint>/v1/traces`
 *   through a `BatchSpanProcessor`. `OTEL_EXPORTER_OTLP_HEADERS` is honoured by the exporter itself.
 * - `OTEL_TRACES_CONSOLE=true` → finished spans are also printed to stdout (development only: the console exporter
 *   prints every attribute).
 * - neither → Effect's built-in tracer: spans exist (logs carry their ids) but are exported nowhere.
 *
 * Resource: `service.name` (`OTEL_SERVICE_NAME`, default `fitmate-assist`), `service.version` (package.json),
 * `deployment.environment.name` (`DEPLOYMENT_ENVIRONMENT`, default `development`), `support.content_capture`.
 * On shutdown the provider is flushed, waiting at most `OTEL_SHUTDOWN_TIMEOUT` (default 10 s); run the app under
 * `NodeRuntime.runMain` so SIGTERM closes the layers.
 *
 * Provide `TracingLive` outermost in `main.ts` so layer construction is traced too.
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import type * as OtelResource from "@effect/opentelemetry/Resource"
import * as OtelTracer from "@effect/opentelemetry/Tracer"
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http"
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor
} from "@opentelemetry/sdk-trace-base"
import { Config, type ConfigError, Duration, Effect, Layer, Option } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"
import packageJson from "../../package.json" with { type: "json" }
import { Support } from "./Attributes.js"
import { CaptureContentConfig } from "./Privacy.js"

/** The bot's version, as released (package.json). */
export const ServiceVersion: string = packageJson.version

export const DefaultServiceName = "fitmate-assist"

/** What the resource of every span, metric and log says about the process. */
export interface ResourceSettings {
  readonly serviceName: string
  readonly serviceVersion: string
  readonly environment: string
  readonly captureContent: boolean
}

export const ResourceSettings: Config.Config<ResourceSettings> = Config.all({
  serviceName: Config.string("OTEL_SERVICE_NAME").pipe(Config.withDefault(DefaultServiceName)),
  serviceVersion: Config.succeed(ServiceVersion),
  environment: Config.string("DEPLOYMENT_ENVIRONMENT").pipe(Config.withDefault("development")),
  captureContent: CaptureContentConfig
})

/** `OTEL_EXPORTER_OTLP_ENDPOINT` without a trailing slash; blank counts as unset. */
export const OtlpEndpoint: Config.Config<Option.Option<string>> = Config.string("OTEL_EXPORTER_OTLP_ENDPOINT").pipe(
  Config.option,
  Config.map(Option.map((url) => url.trim().replace(/\/+$/, ""))),
  Config.map(Option.filter((url) => url !== ""))
)

export const TracingSettings = Config.all({
  resource: ResourceSettings,
  endpoint: OtlpEndpoint,
  console: Config.boolean("OTEL_TRACES_CONSOLE").pipe(Config.withDefault(false)),
  shutdownTimeout: Config.duration("OTEL_SHUTDOWN_TIMEOUT").pipe(Config.withDefault(Duration.seconds(10)))
})
export type TracingSettings = Config.Config.Success<typeof TracingSettings>

/** Resource attributes beyond service name and version (both spellings of the environment key, for older UIs). */
export const resourceAttributes = (settings: ResourceSettings): Record<string, string | boolean> => ({
  "deployment.environment.name": settings.environment,
  "deployment.environment": settings.environment,
  [Support.ContentCapture]: settings.captureContent
})

/** Longest attribute value the SDK keeps (characters); longer values are truncated. */
export const AttributeValueLengthLimit = 4096

/**
 * The tracing layer for given span processors. `TracingLive` uses it; tests pass an `InMemorySpanExporter` behind a
 * `SimpleSpanProcessor` (see `test/telemetry/SpanCapture.ts`).
 */
export const layer = (options: {
  readonly spanProcessors: NonEmptyReadonlyArray<SpanProcessor>
  readonly resource: ResourceSettings
  readonly shutdownTimeout?: Duration.DurationInput | undefined
}): Layer.Layer<OtelResource.Resource> =>
  NodeSdk.layer(() => ({
    resource: {
      serviceName: options.resource.serviceName,
      serviceVersion: options.resource.serviceVersion,
      attributes: resourceAttributes(options.resource)
    },
    spanProcessor: options.spanProcessors,
    tracerConfig: { spanLimits: { attributeValueLengthLimit: AttributeValueLengthLimit } },
    shutdownTimeout: options.shutdownTimeout ?? Duration.seconds(10)
  }))

/** The span processors the settings ask for (empty: export nowhere). */
export const spanProcessorsFor = (settings: TracingSettings): Array<SpanProcessor> => {
  const processors: Array<SpanProcessor> = []
  if (Option.isSome(settings.endpoint)) {
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${settings.endpoint.value}/v1/traces` })))
  }
  if (settings.console) processors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()))
  return processors
}

/**
 * Tracing as configured by the environment, plus span processors of the caller's own (e.g. the eval harness's
 * `StepLatency` recorder). Call it once and keep the layer in a module-level constant.
 */
export const layerWith = (extra: ReadonlyArray<SpanProcessor>): Layer.Layer<never, ConfigError.ConfigError> =>
  Layer.unwrapEffect(
    Effect.gen(function*() {
      const settings = yield* TracingSettings
      const processors = [...spanProcessorsFor(settings), ...extra]
      if (!isNonEmpty(processors)) return Layer.empty
      return Layer.discard(layer({
        spanProcessors: processors,
        resource: settings.resource,
        shutdownTimeout: settings.shutdownTimeout
      }))
    })
  )

/** Tracing as configured by the environment (see the module comment). */
export const TracingLive: Layer.Layer<never, ConfigError.ConfigError> = layerWith([])

const isNonEmpty = <A>(items: Array<A>): items is [A, ...Array<A>] => items.length > 0

/**
 * Set a string[] attribute on the current span. Effect turns arrays into JSON strings on the NodeSdk path, so this
 * writes to the OpenTelemetry span directly when there is one (a real OTLP array), and falls back to
 * `Effect.annotateCurrentSpan` otherwise. Use it for `gen_ai.response.finish_reasons` and
 * `support.retrieval.source_ids`.
 */
export const annotateStringArray = (key: string, values: ReadonlyArray<string>): Effect.Effect<void> =>
  OtelTracer.currentOtelSpan.pipe(
    Effect.flatMap((span) => Effect.sync(() => void span.setAttribute(key, [...values]))),
    Effect.catchTag("NoSuchElementException", () => Effect.annotateCurrentSpan(key, values))
  )
