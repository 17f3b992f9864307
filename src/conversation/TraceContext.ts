/**
 * Carries the webhook's trace into the chat entity. The message is persisted between the two (and may run after a
 * restart), so the link travels as a W3C `traceparent` string inside the stored message.
 */
import { Effect, Option, Tracer } from "effect"

/** The current span as a `traceparent`, if there is one. */
export const currentTraceparent: Effect.Effect<Option.Option<string>> = Effect.map(
  Effect.option(Effect.currentSpan),
  Option.map((span) => `00-${span.traceId}-${span.spanId}-${span.sampled ? "01" : "00"}`)
)

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/

/** The span a `traceparent` names, to parent the processing span on. */
export const parentSpan = (traceparent: string | undefined): Option.Option<Tracer.AnySpan> => {
  const match = traceparent === undefined ? null : traceparentPattern.exec(traceparent)
  return match === null
    ? Option.none()
    : Option.some(Tracer.externalSpan({ traceId: match[1]!, spanId: match[2]!, sampled: match[3] === "01" }))
}
