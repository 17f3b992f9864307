/**
 * Structured JSON logs, one object per line on stdout, carrying the current trace and span ids so a log line leads
 * to its trace (Grafana/Loki "derived fields" on `trace_id`):
 *
 * ```json
 * {"timestamp":"2026-11-25T12:00:00.000Z","level":"INFO","message":"turn answered","trace_id":"4bf9…","span_id":"00f0…",
 *  "fiber_id":"#42","annotations":{"signal":"CustomerMessage"},"log_spans":{"turn":812}}
 * ```
 *
 * Privacy (see `Privacy.ts`): unless `OTEL_CAPTURE_CONTENT=true`, annotations whose key names content or a raw
 * identifier (`text`, `question`, `email`, `chatId`…, `SensitiveLogKeys`) are dropped; every string (message,
 * annotations, cause) is scrubbed of e-mail addresses, credentials, JWTs and API keys; causes are capped.
 *
 * Effect also writes every log line made inside a span as a span *event* (`Logger.tracerLogger`). `LoggingLive`
 * replaces that logger with one applying the same rules, so logs cannot smuggle content into traces.
 *
 * Level: `LOG_LEVEL` (`TRACE|DEBUG|INFO|WARNING|ERROR|FATAL|NONE`, default `INFO`).
 * Run the app with `NodeRuntime.runMain(…, { disablePrettyLogger: true })`, or every line is printed twice.
 */
import {
  Cause,
  Config,
  type ConfigError,
  Context,
  Effect,
  FiberId,
  FiberRef,
  FiberRefs,
  HashMap,
  Inspectable,
  Layer,
  List,
  Logger,
  LogLevel,
  Option,
  Predicate,
  Redacted,
  Tracer
} from "effect"
import { CaptureContentConfig, scrub, SensitiveLogKeys } from "./Privacy.js"

export const LoggingSettings = Config.all({
  level: Config.logLevel("LOG_LEVEL").pipe(Config.withDefault(LogLevel.Info)),
  captureContent: CaptureContentConfig
})
export type LoggingSettings = Config.Config.Success<typeof LoggingSettings>

export interface LoggerOptions {
  /** Keep content annotations (`OTEL_CAPTURE_CONTENT`). E-mails and credentials are masked either way. */
  readonly captureContent: boolean
}

/** Longest cause text kept in a log line or span event. */
export const MaxCauseLength = 4_000

/** One JSON log record (before serialisation). */
export interface LogRecord {
  readonly timestamp: string
  readonly level: string
  readonly message: unknown
  readonly trace_id?: string
  readonly span_id?: string
  readonly fiber_id: string
  readonly annotations?: Record<string, unknown>
  readonly log_spans?: Record<string, number>
  readonly cause?: string
}

const normaliseKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "")
const sensitiveKeys = new Set([...SensitiveLogKeys].map(normaliseKey))

/** Whether a log annotation or object key may carry content or a raw identifier. */
export const isSensitiveKey = (key: string): boolean => sensitiveKeys.has(normaliseKey(key))

/** A JSON-safe copy of `value` with sensitive keys dropped (unless capturing content) and strings scrubbed. */
export const sanitize = (value: unknown, options: LoggerOptions, depth = 0): unknown => {
  if (depth > 8) return "<nested>"
  if (typeof value === "string") return scrub(value)
  if (typeof value === "bigint" || typeof value === "symbol" || typeof value === "function") return String(value)
  if (value === null || typeof value !== "object") return value
  if (Redacted.isRedacted(value)) return "<redacted>"
  if (value instanceof Error && !Predicate.hasProperty(value, "toJSON")) {
    return { name: value.name, message: scrub(value.message) }
  }
  const json = Inspectable.toJSON(value)
  if (json !== value) return sanitize(json, options, depth + 1)
  if (Array.isArray(value)) return value.map((item) => sanitize(item, options, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (!options.captureContent && isSensitiveKey(key)) continue
    out[key] = sanitize(item, options, depth + 1)
  }
  return out
}

const sanitizeCause = (cause: Cause.Cause<unknown>): string | undefined =>
  Cause.isEmpty(cause)
    ? undefined
    : scrub(Cause.pretty(cause, { renderErrorCause: true })).slice(0, MaxCauseLength)

const sanitizeAnnotations = (
  annotations: HashMap.HashMap<string, unknown>,
  options: LoggerOptions
): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of annotations) {
    if (!options.captureContent && isSensitiveKey(key)) continue
    out[key] = sanitize(value, options)
  }
  return out
}

const sanitizeMessage = (message: unknown, options: LoggerOptions): unknown => {
  const parts = Array.isArray(message) ? message : [message]
  return parts.length === 1 ? sanitize(parts[0], options) : parts.map((part) => sanitize(part, options))
}

/** The span a log line belongs to: the nearest span that propagates (as Effect's own tracer logger picks it). */
const currentSpan = (refs: FiberRefs.FiberRefs): Option.Option<Tracer.AnySpan> => {
  const usable = (span: Tracer.AnySpan): Option.Option<Tracer.AnySpan> =>
    span._tag === "Span" && Context.get(span.context, Tracer.DisablePropagation)
      ? Option.flatMap(span.parent, usable)
      : Option.some(span)
  return Option.flatMap(
    Context.getOption(FiberRefs.getOrDefault(refs, FiberRef.currentContext), Tracer.ParentSpan),
    usable
  )
}

/** The record a log call becomes; exported for tests and for other sinks. */
export const makeRecordLogger = (options: LoggerOptions): Logger.Logger<unknown, LogRecord> =>
  Logger.make(({ annotations, cause, context, date, fiberId, logLevel, message, spans }) => {
    const span = currentSpan(context)
    const logSpans: Record<string, number> = {}
    if (List.isCons(spans)) {
      for (const logSpan of spans) logSpans[logSpan.label] = date.getTime() - logSpan.startTime
    }
    const annotationRecord = sanitizeAnnotations(annotations, options)
    const causeText = sanitizeCause(cause)
    return {
      timestamp: date.toISOString(),
      level: logLevel.label,
      message: sanitizeMessage(message, options),
      ...(Option.isSome(span) ? { trace_id: span.value.traceId, span_id: span.value.spanId } : {}),
      fiber_id: FiberId.threadName(fiberId),
      ...(Object.keys(annotationRecord).length > 0 ? { annotations: annotationRecord } : {}),
      ...(Object.keys(logSpans).length > 0 ? { log_spans: logSpans } : {}),
      ...(causeText === undefined ? {} : { cause: causeText })
    }
  })

/** One JSON line per log call. */
export const makeJsonLogger = (options: LoggerOptions): Logger.Logger<unknown, string> =>
  Logger.map(makeRecordLogger(options), (record) => JSON.stringify(record))

/**
 * Replacement for `Logger.tracerLogger`: a log line inside a span becomes a span event, with the same privacy rules
 * as the JSON logger (no content annotations, scrubbed message and cause).
 */
export const makeSpanEventLogger = (options: LoggerOptions): Logger.Logger<unknown, void> =>
  Logger.make(({ annotations, cause, context, date, fiberId, logLevel, message }) => {
    const span = currentSpan(context)
    if (Option.isNone(span) || span.value._tag === "ExternalSpan") return
    const attributes: Record<string, unknown> = sanitizeAnnotations(annotations, options)
    attributes["effect.fiberId"] = FiberId.threadName(fiberId)
    attributes["effect.logLevel"] = logLevel.label
    const causeText = sanitizeCause(cause)
    if (causeText !== undefined) attributes["effect.cause"] = causeText
    const text = sanitizeMessage(message, options)
    span.value.event(
      typeof text === "string" ? text : JSON.stringify(text),
      BigInt(date.getTime()) * 1_000_000n,
      attributes
    )
  })

/** The loggers and level for given settings. */
export const layer = (settings: LoggingSettings): Layer.Layer<never> =>
  Layer.mergeAll(
    Logger.replace(Logger.defaultLogger, Logger.withConsoleLog(makeJsonLogger(settings))),
    Logger.replace(Logger.tracerLogger, makeSpanEventLogger(settings)),
    Logger.minimumLogLevel(settings.level)
  )

/** JSON logs on stdout, privacy-safe span events, level from `LOG_LEVEL`. Provide it outermost in `main.ts`. */
export const LoggingLive: Layer.Layer<never, ConfigError.ConfigError> = Layer.unwrapEffect(
  Effect.map(LoggingSettings, layer)
)
