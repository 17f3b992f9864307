/**
 * What may leave the process in spans and logs.
 *
 * By default nothing a customer typed, no e-mail address, token, secret, raw chat id or request header is written to
 * a span or a log line:
 *
 * - **Content capture** (`OTEL_CAPTURE_CONTENT`, default `false`) gates the content keys of `Attributes.ts`
 *   (`gen_ai.input.messages`, `input.value`…): write them with `annotateContent`, which is a no-op unless capture is
 *   on. The logger drops content and raw-id annotations the same way (`SensitiveLogKeys`, `Logging.ts`).
 * - **`scrub`** masks what must never appear even by accident: e-mail addresses, bearer/basic credentials, API keys
 *   and JWTs. The logger applies it to every line and span event.
 * - **HTTP server spans**: `@effect/platform`'s built-in server span records every request and response header,
 *   `url.full`, `url.query`, `user_agent.original` and `client.address`. `ServerSpansLive` switches that span off
 *   (`HttpMiddleware.currentTracerDisabledWhen`) and installs a global router middleware that makes a SERVER span
 *   with only method, route, scheme and status. Incoming `traceparent`/`b3` headers are ignored unless
 *   `OTEL_HTTP_TRUST_TRACEPARENT=true` (callers on the internet must not choose our trace ids).
 * - **HTTP client spans** record request/response headers too; `HttpPrivacyLive` extends
 *   `Headers.currentRedactedNames` so credential-like headers are recorded as `<redacted>`.
 * - **Trace context to third parties**: `HttpClient` injects `traceparent`/`b3` into every outgoing request. The
 *   LiveChat and model clients apply `HttpClient.withTracerPropagation(false)`; `HttpPrivacyLive` also sets the
 *   default (`HttpClient.currentTracerPropagation`) to `false` for everything built under it, so a client that
 *   forgets is still quiet. The `openai` SDK does not propagate trace context (it has no OpenTelemetry hooks).
 *
 * The collector scrubs again (`otel-collector.yaml`: transform + redaction), but that is the second line.
 */
import { Headers, HttpClient, HttpLayerRouter, HttpMiddleware, HttpServerError, HttpServerRequest, HttpTraceContext } from "@effect/platform"
import type { HttpServerResponse } from "@effect/platform"
import { Clock, Config, type ConfigError, Context, Data, Effect, Exit, Layer, Option, type Tracer } from "effect"
import { ErrorType, SpanName } from "./Attributes.js"

// ---------------------------------------------------------------------------------------------------------------
// Content capture
// ---------------------------------------------------------------------------------------------------------------

/** `OTEL_CAPTURE_CONTENT=true` lets message text into spans and logs (pre-production debugging only). */
export const CaptureContentConfig: Config.Config<boolean> = Config.boolean("OTEL_CAPTURE_CONTENT").pipe(
  Config.withDefault(false)
)

/** Whether content may be recorded. Off unless a layer says otherwise. */
export class ContentCapture extends Context.Reference<ContentCapture>()("app/telemetry/ContentCapture", {
  defaultValue: (): boolean => false
}) {}

/** `ContentCapture` from `OTEL_CAPTURE_CONTENT`. */
export const ContentCaptureLive: Layer.Layer<ContentCapture, ConfigError.ConfigError> = Layer.effect(
  ContentCapture,
  CaptureContentConfig
)

/**
 * Annotate the current span with content attributes (prompt, answer, query text) only when content capture is on.
 * Values are still scrubbed of e-mail addresses and credentials.
 */
export const annotateContent = (attributes: Record<string, string>): Effect.Effect<void> =>
  Effect.flatMap(ContentCapture, (enabled) => {
    if (!enabled) return Effect.void
    const scrubbed: Record<string, string> = {}
    for (const [key, value] of Object.entries(attributes)) scrubbed[key] = scrub(value)
    return Effect.annotateCurrentSpan(scrubbed)
  })

/**
 * Log-annotation keys (and object keys inside logged values) that carry customer or model text, or a raw identifier
 * of a chat or person. The logger drops them unless content capture is on; compared case- and separator-insensitively
 * (`chatId`, `chat_id` and `chat.id` are the same key). Log the conversation key (an HMAC) instead of chat ids.
 * Keep such annotations out of the code anyway; this is the safety net.
 */
export const SensitiveLogKeys: ReadonlySet<string> = new Set([
  // content
  "text",
  "question",
  "answer",
  "draft",
  "prompt",
  "completion",
  "content",
  "body",
  "payload",
  "transcript",
  "input",
  "output",
  // people and raw ids
  "email",
  "name",
  "chatId",
  "threadId",
  "customerId",
  "authorId",
  "userId",
  "ip",
  "clientAddress"
])

// ---------------------------------------------------------------------------------------------------------------
// Scrubbing
// ---------------------------------------------------------------------------------------------------------------

const patterns: ReadonlyArray<readonly [RegExp, string]> = [
  // e-mail addresses
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, "<email>"],
  // HTTP credentials
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 <redacted>"],
  // JWTs (LiveChat tokens, OAuth)
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, "<token>"],
  // OpenAI-style and similar API keys
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{12,}/g, "<secret>"],
  // key=value / "key":"value" pairs whose key names a secret
  [
    /(\b(?:secret|secret_key|password|passwd|token|access_token|refresh_token|api_key|apikey)["']?\s*[:=]\s*["']?)[^"'\s,&}]+/gi,
    "$1<redacted>"
  ]
]

/** Mask e-mail addresses, credentials, JWTs and API keys in free text. */
export const scrub = (text: string): string => {
  let out = text
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement)
  return out
}

/** Whether `text` holds something `scrub` would mask. */
export const needsScrubbing = (text: string): boolean => scrub(text) !== text

// ---------------------------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------------------------

/** Header names recorded as `<redacted>` on HTTP client spans (in addition to Effect's defaults). */
export const RedactedHeaderNames: ReadonlyArray<string | RegExp> = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "x-author-id",
  /token|secret|key|auth|session|signature|cookie|email|password/i
]

/**
 * Process-wide HTTP defaults for everything built under this layer: credential-like headers redacted on client
 * spans, and no trace context injected into outgoing requests. Provide it near the top of `main.ts`.
 */
export const HttpPrivacyLive: Layer.Layer<never> = Layer.mergeAll(
  Layer.fiberRefLocallyScopedWith(Headers.currentRedactedNames, (names) => [...names, ...RedactedHeaderNames]),
  Layer.locallyScoped(HttpClient.currentTracerPropagation, false)
)

/** Requests that get no server span at all (orchestrator probes). */
export const UntracedPaths: ReadonlyArray<string> = ["/healthz", "/readyz"]

export const ServerSpanSettings = Config.all({
  /** Continue an incoming `traceparent` / `b3` (only behind a proxy you trust). */
  trustTraceparent: Config.boolean("OTEL_HTTP_TRUST_TRACEPARENT").pipe(Config.withDefault(false))
})

/** Marks a server span as failed when a handler answered 5xx without failing. */
class ServerErrorStatus extends Data.TaggedError("ServerErrorStatus")<{ readonly status: number }> {
  override get message() {
    return `HTTP ${this.status}`
  }
}

const pathOf = (url: string): string => {
  const query = url.indexOf("?")
  return query === -1 ? url : url.slice(0, query)
}

/**
 * A server-span middleware that records no headers, query, user agent or client address: `http.request.method`,
 * `url.scheme`, `http.route` (set by `HttpLayerRouter`) and `http.response.status_code`. The span fails only on
 * 5xx, so 4xx noise does not count as an error in span metrics or tail sampling.
 */
export const privateServerSpan = (options: {
  readonly trustTraceparent: boolean
  readonly untracedPaths?: ReadonlyArray<string> | undefined
}) =>
<E, R>(
  httpApp: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    if ((options.untracedPaths ?? UntracedPaths).includes(pathOf(request.url))) return httpApp
    const parent = options.trustTraceparent ? HttpTraceContext.fromHeaders(request.headers) : Option.none()
    return Effect.flatMap(
      Effect.makeSpan(`${SpanName.HttpServerPrefix} ${request.method}`, {
        kind: "server",
        captureStackTrace: false,
        ...(Option.isSome(parent) ? { parent: parent.value } : { root: true }),
        attributes: {
          "http.request.method": request.method,
          "url.scheme": request.headers["x-forwarded-proto"] === "https" ? "https" : "http"
        }
      }),
      (span) => Effect.withParentSpan(httpApp, span).pipe(Effect.onExit((exit) => endServerSpan(span, exit)))
    )
  })

/** Ends the server span with the response status; only 5xx (or a failure that becomes one) fails it. */
const endServerSpan = <E>(span: Tracer.Span, exit: Exit.Exit<HttpServerResponse.HttpServerResponse, E>) =>
  Effect.gen(function*() {
    // `causeResponse` (unlike `exitResponse`) asks respondable errors for their status: RouteNotFound → 404.
    const status = Exit.isSuccess(exit)
      ? exit.value.status
      : (yield* HttpServerError.causeResponse(exit.cause))[0].status
    span.attribute("http.response.status_code", status)
    if (status >= 500) span.attribute(ErrorType, String(status))
    const spanExit: Exit.Exit<unknown, unknown> = status < 500
      ? Exit.void
      : Exit.isFailure(exit)
      ? exit
      : Exit.fail(new ServerErrorStatus({ status }))
    span.end(yield* Clock.currentTimeNanos, spanExit)
  })

/**
 * Replace the built-in HTTP server span with `privateServerSpan` for a server made with `HttpLayerRouter.serve`:
 * merge this layer into the routes passed to `serve`, e.g.
 * `HttpLayerRouter.serve(Layer.mergeAll(HealthRoutes, WebhookRoute, ServerSpansLive))`.
 */
export const ServerSpansLive: Layer.Layer<never, ConfigError.ConfigError, HttpLayerRouter.HttpRouter> = Layer.unwrapEffect(
  Effect.map(ServerSpanSettings, (settings) =>
    Layer.mergeAll(
      Layer.locallyScoped(HttpMiddleware.currentTracerDisabledWhen, () => true),
      HttpLayerRouter.middleware(privateServerSpan(settings), { global: true })
    ))
)
