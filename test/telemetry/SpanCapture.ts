/**
 * In-memory span capture for tests: the real `Tracing.layer` (NodeSdk) with an `InMemorySpanExporter` behind a
 * `SimpleSpanProcessor`.
 *
 * The exporter is emptied when the tracing layer shuts down, so read spans *inside* the scope that provides
 * `SpanCaptureLive` (e.g. in the test body under `it.layer`, or before `Effect.provide` returns):
 *
 * ```ts
 * it.effect("one turn", () =>
 *   Effect.gen(function*() {
 *     yield* runOneTurn
 *     const spans = yield* SpanCapture.spans          // flushed, copied
 *     assert.deepStrictEqual(spanTree(spans), [...])
 *     assertNoLeak(spans, ["pii-sentinel@example.com", rawChatId])
 *   }).pipe(Effect.provide(SpanCaptureLive)))
 * ```
 *
 * With `it.layer(SpanCaptureLive)` the exporter is shared by the block: call `SpanCapture.reset` between tests.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { SpanKind } from "@opentelemetry/api"
import { assert } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import * as Tracing from "../../src/telemetry/Tracing.js"

export interface SpanCaptureService {
  /** Every span finished so far, in end order (a copy; the processor is flushed first). */
  readonly spans: Effect.Effect<ReadonlyArray<ReadableSpan>>
  /** Forget the spans captured so far. */
  readonly reset: Effect.Effect<void>
}

export class SpanCapture extends Context.Tag("test/telemetry/SpanCapture")<SpanCapture, SpanCaptureService>() {
  static readonly spans: Effect.Effect<ReadonlyArray<ReadableSpan>, never, SpanCapture> = Effect.flatMap(
    SpanCapture,
    (capture) => capture.spans
  )
  static readonly reset: Effect.Effect<void, never, SpanCapture> = Effect.flatMap(SpanCapture, (capture) => capture.reset)
}

export const TestResource: Tracing.ResourceSettings = {
  serviceName: "fitmate-assist-test",
  serviceVersion: Tracing.ServiceVersion,
  environment: "test",
  captureContent: false
}

/** Tracing into memory, plus `SpanCapture` to read what was recorded. Each build gets its own exporter. */
export const layer = (resource: Partial<Tracing.ResourceSettings> = {}): Layer.Layer<SpanCapture> =>
  Layer.unwrapEffect(Effect.sync(() => {
    const exporter = new InMemorySpanExporter()
    const processor = new SimpleSpanProcessor(exporter)
    const capture: SpanCaptureService = {
      spans: Effect.promise(() => processor.forceFlush()).pipe(
        Effect.map(() => exporter.getFinishedSpans().slice())
      ),
      reset: Effect.promise(() => processor.forceFlush()).pipe(Effect.zipRight(Effect.sync(() => exporter.reset())))
    }
    return Layer.merge(
      Layer.succeed(SpanCapture, capture),
      Layer.discard(Tracing.layer({ spanProcessors: [processor], resource: { ...TestResource, ...resource } }))
    )
  }))

export const SpanCaptureLive: Layer.Layer<SpanCapture> = layer()

// ---------------------------------------------------------------------------------------------------------------
// Reading spans
// ---------------------------------------------------------------------------------------------------------------

export const parentIdOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId

export const spansNamed = (spans: ReadonlyArray<ReadableSpan>, name: string): Array<ReadableSpan> =>
  spans.filter((span) => span.name === name)

/** The only span with this name; fails the test when there are none or several. */
export const spanNamed = (spans: ReadonlyArray<ReadableSpan>, name: string): ReadableSpan => {
  const found = spansNamed(spans, name)
  assert.strictEqual(found.length, 1, `expected exactly one span "${name}", got ${found.length}: ${names(spans)}`)
  return found[0]!
}

export const childrenOf = (spans: ReadonlyArray<ReadableSpan>, parent: ReadableSpan): Array<ReadableSpan> =>
  spans
    .filter((span) => parentIdOf(span) === parent.spanContext().spanId)
    .sort((a, b) => compareHrTime(a.startTime, b.startTime))

export const rootsOf = (spans: ReadonlyArray<ReadableSpan>): Array<ReadableSpan> => {
  const ids = new Set(spans.map((span) => span.spanContext().spanId))
  return spans.filter((span) => {
    const parent = parentIdOf(span)
    return parent === undefined || !ids.has(parent)
  })
}

/** A nested `{ name, children }` view of the captured trees, children in start order. */
export interface SpanNode {
  readonly name: string
  readonly children: ReadonlyArray<SpanNode>
}

export const spanTree = (spans: ReadonlyArray<ReadableSpan>): Array<SpanNode> => {
  const build = (span: ReadableSpan): SpanNode => ({
    name: span.name,
    children: childrenOf(spans, span).map(build)
  })
  return rootsOf(spans).sort((a, b) => compareHrTime(a.startTime, b.startTime)).map(build)
}

/** An indented text rendering of `spanTree`, handy in assertion messages. */
export const renderTree = (spans: ReadonlyArray<ReadableSpan>): string => {
  const lines: Array<string> = []
  const walk = (node: SpanNode, depth: number) => {
    lines.push(`${"  ".repeat(depth)}${node.name}`)
    for (const child of node.children) walk(child, depth + 1)
  }
  for (const root of spanTree(spans)) walk(root, 0)
  return lines.join("\n")
}

export const isServer = (span: ReadableSpan): boolean => span.kind === SpanKind.SERVER
export const isClient = (span: ReadableSpan): boolean => span.kind === SpanKind.CLIENT

/**
 * Every string a tracing backend would see for these spans: names, attribute keys and values, event names and
 * attributes, link attributes, status messages and resource attributes.
 */
export const recordedStrings = (spans: ReadonlyArray<ReadableSpan>): Array<string> => {
  const out: Array<string> = []
  const attributes = (record: Readonly<Record<string, unknown>> | undefined) => {
    for (const [key, value] of Object.entries(record ?? {})) {
      out.push(key)
      out.push(typeof value === "string" ? value : JSON.stringify(value) ?? "")
    }
  }
  for (const span of spans) {
    out.push(span.name)
    attributes(span.attributes)
    attributes(span.resource.attributes)
    if (span.status.message !== undefined) out.push(span.status.message)
    for (const event of span.events) {
      out.push(event.name)
      attributes(event.attributes)
    }
    for (const link of span.links) attributes(link.attributes)
  }
  return out
}

/** Fails when any needle (an e-mail, a secret, message text, a raw chat id) appears anywhere in the spans. */
export const assertNoLeak = (spans: ReadonlyArray<ReadableSpan>, needles: ReadonlyArray<string>): void => {
  const strings = recordedStrings(spans)
  for (const needle of needles) {
    const hit = strings.find((s) => s.includes(needle))
    assert.isUndefined(hit, `"${needle}" leaked into a span: ${hit}`)
  }
}

const names = (spans: ReadonlyArray<ReadableSpan>) => spans.map((span) => span.name).join(", ")

const compareHrTime = (a: readonly [number, number], b: readonly [number, number]): number =>
  a[0] === b[0] ? a[1] - b[1] : a[0] - b[0]
