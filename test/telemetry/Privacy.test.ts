import { HttpClient, HttpClientRequest, HttpLayerRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { SpanStatusCode } from "@opentelemetry/api"
import { Effect, Layer } from "effect"
import { GenAI } from "../../src/telemetry/Attributes.js"
import * as Privacy from "../../src/telemetry/Privacy.js"
import { assertNoLeak, isClient, isServer, SpanCapture, SpanCaptureLive } from "./SpanCapture.js"

const sentinelEmail = "pii-sentinel-7f3@example.com"
const secret = "sk-live-sentinel-0123456789abcdef"

/** Records the trace headers the server received, so tests can see what a client propagated. */
const seen: Array<{ readonly traceparent: string | undefined; readonly b3: string | undefined }> = []

const Routes = Layer.mergeAll(
  HttpLayerRouter.add(
    "POST",
    "/livechat/webhook",
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      seen.push({ traceparent: request.headers["traceparent"], b3: request.headers["b3"] })
      return HttpServerResponse.text("ok")
    })
  ),
  HttpLayerRouter.add("GET", "/healthz", HttpServerResponse.text("ok")),
  HttpLayerRouter.add("GET", "/boom", Effect.die("boom")),
  HttpLayerRouter.add("GET", "/unavailable", HttpServerResponse.empty({ status: 503 }))
)

const server = <E>(routes: Layer.Layer<never, E, HttpLayerRouter.HttpRouter>) =>
  HttpLayerRouter.serve(routes, { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(NodeHttpServer.layerTest)
  )

const sendWebhook = Effect.gen(function*() {
  const client = yield* HttpClient.HttpClient
  const response = yield* client.execute(
    HttpClientRequest.post(`/livechat/webhook?email=${encodeURIComponent(sentinelEmail)}`).pipe(
      HttpClientRequest.setHeaders({
        "x-user-email": sentinelEmail,
        "authorization": `Bearer ${secret}`,
        "x-livechat-signature": secret,
        "user-agent": "LiveChat-Webhooks/sentinel-agent",
        // someone on the internet picking our trace id
        "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
      }),
      HttpClientRequest.bodyText("{}", "application/json")
    )
  )
  assert.strictEqual(response.status, 200)
})

describe("Privacy", () => {
  it.effect("control: without the privacy layer the built-in server span records headers and query", () =>
    Effect.gen(function*() {
      yield* sendWebhook
      const serverSpans = (yield* SpanCapture.spans).filter(isServer)
      assert.strictEqual(serverSpans.length, 1)
      const keys = Object.keys(serverSpans[0]!.attributes)
      assert.include(keys, "http.request.header.x-user-email")
      assert.include(keys, "url.query")
    }).pipe(Effect.provide(server(Routes).pipe(Layer.provideMerge(SpanCaptureLive)))))

  it.effect("ServerSpansLive keeps headers, query, user agent and client address out of server spans", () =>
    Effect.gen(function*() {
      yield* sendWebhook
      const spans = yield* SpanCapture.spans
      const serverSpans = spans.filter(isServer)
      assert.strictEqual(serverSpans.length, 1)
      const span = serverSpans[0]!
      assert.strictEqual(span.name, "http.server POST")
      assert.deepStrictEqual(
        Object.keys(span.attributes).sort(),
        ["http.request.method", "http.response.status_code", "http.route", "url.scheme"]
      )
      assert.strictEqual(span.attributes["http.route"], "/livechat/webhook")
      assert.strictEqual(span.attributes["http.response.status_code"], 200)
      // the caller's traceparent is not trusted
      assert.notStrictEqual(span.spanContext().traceId, "0af7651916cd43dd8448eb211c80319c")
      assert.isUndefined(span.parentSpanContext)
      assertNoLeak(spans.filter(isServer), [sentinelEmail, secret, "sentinel-agent", "127.0.0.1"])
    }).pipe(Effect.provide(server(Layer.merge(Routes, Privacy.ServerSpansLive)).pipe(Layer.provideMerge(SpanCaptureLive)))))

  it.effect("server spans fail only on 5xx, and health probes are not traced", () =>
    Effect.gen(function*() {
      const client = yield* HttpClient.HttpClient
      assert.strictEqual((yield* client.get("/healthz")).status, 200)
      assert.strictEqual((yield* client.get("/nowhere")).status, 404)
      assert.strictEqual((yield* client.get("/boom")).status, 500)
      assert.strictEqual((yield* client.get("/unavailable")).status, 503)
      const serverSpans = (yield* SpanCapture.spans).filter(isServer)
      const byStatus = new Map(serverSpans.map((s) => [s.attributes["http.response.status_code"], s]))
      assert.deepStrictEqual([...byStatus.keys()].sort(), [404, 500, 503])
      assert.notStrictEqual(byStatus.get(404)!.status.code, SpanStatusCode.ERROR)
      assert.strictEqual(byStatus.get(500)!.status.code, SpanStatusCode.ERROR)
      assert.strictEqual(byStatus.get(503)!.status.code, SpanStatusCode.ERROR)
      assert.strictEqual(byStatus.get(503)!.attributes["error.type"], "503")
    }).pipe(Effect.provide(server(Layer.merge(Routes, Privacy.ServerSpansLive)).pipe(Layer.provideMerge(SpanCaptureLive)))))

  it.effect("HttpPrivacyLive: no trace context goes out, credential-like headers are redacted on client spans", () =>
    Effect.gen(function*() {
      seen.length = 0
      const client = yield* HttpClient.HttpClient
      yield* client.execute(
        HttpClientRequest.post("/livechat/webhook").pipe(
          HttpClientRequest.setHeaders({ "x-livechat-token": secret, "x-user-email": sentinelEmail }),
          HttpClientRequest.bodyText("{}", "application/json")
        )
      ).pipe(Effect.withSpan("LiveChatClient.sendEvent"))
      assert.deepStrictEqual(seen, [{ traceparent: undefined, b3: undefined }])
      const clientSpans = (yield* SpanCapture.spans).filter(isClient)
      assert.strictEqual(clientSpans.length, 1)
      assert.strictEqual(clientSpans[0]!.attributes["http.request.header.x-livechat-token"], "<redacted>")
      assert.strictEqual(clientSpans[0]!.attributes["http.request.header.x-user-email"], "<redacted>")
      assertNoLeak(clientSpans, [sentinelEmail, secret])
    }).pipe(
      Effect.provide(
        server(Layer.merge(Routes, Privacy.ServerSpansLive)).pipe(
          Layer.provideMerge(SpanCaptureLive),
          Layer.provideMerge(Privacy.HttpPrivacyLive)
        )
      )
    ))

  it.effect("control: without HttpPrivacyLive the client propagates trace context", () =>
    Effect.gen(function*() {
      seen.length = 0
      const client = yield* HttpClient.HttpClient
      yield* client.execute(HttpClientRequest.post("/livechat/webhook").pipe(HttpClientRequest.bodyText("{}")))
      assert.strictEqual(seen.length, 1)
      assert.isDefined(seen[0]!.traceparent)
    }).pipe(Effect.provide(server(Routes).pipe(Layer.provideMerge(SpanCaptureLive)))))
})

describe("content capture", () => {
  const record = Effect.gen(function*() {
    yield* Privacy.annotateContent({ [GenAI.InputMessages]: `my email is ${sentinelEmail}, does X fit Y?` })
  }).pipe(Effect.withSpan("chat test-model"))

  it.effect("is off by default: content attributes are not written", () =>
    Effect.gen(function*() {
      yield* record
      const spans = yield* SpanCapture.spans
      assert.isUndefined(spans[0]!.attributes[GenAI.InputMessages])
      assertNoLeak(spans, ["does X fit Y", sentinelEmail])
    }).pipe(Effect.provide(SpanCaptureLive)))

  it.effect("when switched on, writes content but still masks e-mail addresses", () =>
    Effect.gen(function*() {
      yield* record
      const spans = yield* SpanCapture.spans
      assert.strictEqual(spans[0]!.attributes[GenAI.InputMessages], "my email is <email>, does X fit Y?")
    }).pipe(Effect.provide(SpanCaptureLive), Effect.provide(Layer.succeed(Privacy.ContentCapture, true))))
})

describe("scrub", () => {
  it("masks e-mails, credentials, JWTs and API keys", () => {
    assert.strictEqual(Privacy.scrub("write to a.b+c@mail.example.co.uk now"), "write to <email> now")
    assert.strictEqual(Privacy.scrub("Authorization: Bearer abcdefghijklmnop"), "Authorization: Bearer <redacted>")
    assert.strictEqual(Privacy.scrub("token eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl"), "token <token>")
    assert.strictEqual(Privacy.scrub(`key ${secret}`), "key <secret>")
    assert.strictEqual(Privacy.scrub(`{"secret_key":"hunter22"}`), `{"secret_key":"<redacted>"}`)
    assert.strictEqual(Privacy.scrub("input_tokens=12 part 1-2345678-9"), "input_tokens=12 part 1-2345678-9")
  })
})
