/**
 * Per-step latency from the spans themselves, for the eval harness (and anything else that wants timings without
 * a collector): a span processor that remembers the duration of every agent step, retrieval, policy decision, turn
 * and model call, keyed by trace (one turn) and conversation id.
 *
 * ```ts
 * // evals entry point: one layer, provided outermost (it installs tracing, exporting as configured too)
 * const program = Effect.gen(function*() {
 *   const latency = yield* StepLatency
 *   yield* runCase(c)                                   // the case's conversation key is known to the harness
 *   const timings = yield* latency.take(conversationKey) // [{ step: "AgentGraph.writer", durationMillis: 12.3, … }]
 * }).pipe(Effect.provide(StepLatencyLive))
 * ```
 */
import type { Context as OtelContext } from "@opentelemetry/api"
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Context, Effect, Layer } from "effect"
import { AgentStepSpans, GenAI, GenAIOperation, SpanName } from "./Attributes.js"
import * as Tracing from "./Tracing.js"

export interface StepTiming {
  /** The span name: `AgentGraph.writer`, `Retriever.search`, `chat gpt-4.1-mini`… */
  readonly step: string
  readonly traceId: string
  readonly conversationId: string | undefined
  readonly durationMillis: number
  readonly failed: boolean
}

/** Span names whose durations are recorded (model calls are recognised by `gen_ai.operation.name`). */
export const TimedSteps: ReadonlySet<string> = new Set<string>([
  ...AgentStepSpans,
  SpanName.Turn,
  SpanName.Policy,
  SpanName.Retriever,
  SpanName.ChatHandle
])

const modelOperations: ReadonlySet<unknown> = new Set<unknown>([
  GenAIOperation.Chat,
  GenAIOperation.TextCompletion,
  GenAIOperation.GenerateContent,
  GenAIOperation.Embeddings
])

const isTimed = (span: ReadableSpan) =>
  TimedSteps.has(span.name) || modelOperations.has(span.attributes[GenAI.OperationName])

/** A `SpanProcessor` keeping `StepTiming`s in memory until they are taken. */
export class StepLatencyRecorder implements SpanProcessor {
  private timings: Array<StepTiming> = []

  onStart(_span: Span, _parentContext: OtelContext): void {}

  onEnd(span: ReadableSpan): void {
    if (!isTimed(span)) return
    const conversation = span.attributes[GenAI.ConversationId]
    this.timings.push({
      step: span.name,
      traceId: span.spanContext().traceId,
      conversationId: typeof conversation === "string" ? conversation : undefined,
      durationMillis: span.duration[0] * 1_000 + span.duration[1] / 1_000_000,
      failed: span.status.code === 2
    })
  }

  forceFlush(): Promise<void> {
    return Promise.resolve()
  }

  shutdown(): Promise<void> {
    this.timings = []
    return Promise.resolve()
  }

  /** Remove and return the timings matching `predicate`. */
  take(predicate: (timing: StepTiming) => boolean): Array<StepTiming> {
    const taken = this.timings.filter(predicate)
    this.timings = this.timings.filter((timing) => !predicate(timing))
    return taken
  }
}

export class StepLatency extends Context.Tag("app/telemetry/StepLatency")<StepLatency, {
  /** Remove and return the timings of one conversation (all its turns), in end order. */
  readonly take: (conversationId: string) => Effect.Effect<ReadonlyArray<StepTiming>>
  /** Remove and return every timing recorded so far. */
  readonly takeAll: Effect.Effect<ReadonlyArray<StepTiming>>
}>() {}

/** Tracing as configured (`Tracing.layerWith`) plus the in-memory step recorder. */
export const StepLatencyLive = Layer.unwrapEffect(Effect.sync(() => {
  const recorder = new StepLatencyRecorder()
  return Layer.merge(
    Layer.succeed(StepLatency, {
      take: (conversationId) => Effect.sync(() => recorder.take((t) => t.conversationId === conversationId)),
      takeAll: Effect.sync(() => recorder.take(() => true))
    }),
    Tracing.layerWith([recorder])
  )
}))
