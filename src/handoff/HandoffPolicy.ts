/**
 * The hand-off policy: what the bot does with the engine's result — answer, ask (clarify), decline, or hand the
 * chat to an engineer with a reason — and, for a hand-off, how (transfer, or the honest fallback when nobody can
 * take it). Pure rules (`decideWith`, `routeWith`), each a row of the table tests; the service wraps them in the
 * `HandoffPolicy.decide` / `HandoffPolicy.route` spans.
 *
 * Rules, first match wins:
 *  1. explicit request for a person (words, any language we know, or the button)  → escalate `explicit_request`
 *  2. frustration or abuse                                                          → escalate `frustration`
 *  3. sensitive topic: commercial (price, quote, lead time, stock, order, RMA,
 *     warranty claim, samples), safety-critical use or ratings, custom designs    → escalate `sensitive_topic`
 *     (a verified safety note is sent first)
 *  4. out of scope (or only instructions to the assistant, nothing to answer)       → decline, offer a person
 *  5. the engine says a person should take over                                     → escalate `low_confidence`
 *  6. a verified draft with enough confidence                                       → answer
 *  7. a verified draft below the confidence threshold                               → escalate `low_confidence`
 *  8. the draft failed verification (the sources do not support it)                → escalate `unsupported_answer`
 *  9. nothing to answer, and the previous turn was unresolved too                   → escalate `repeated_failure`
 * 10. nothing to answer                                                             → clarify (the engine's question,
 *                                                                                      or "part number or series?")
 *
 * Thresholds and business hours are configuration (`HANDOFF_MIN_CONFIDENCE`, `HANDOFF_MAX_UNRESOLVED_TURNS`,
 * `SUPPORT_*` in `BusinessHours.ts`).
 */
import { Config, Effect, Option } from "effect"
import type { Draft, TurnResult } from "../agents/AgentGraph.js"
import { looksFrustrated } from "../agents/Guard.js"
import { isHumanRequest, TalkToEngineerPostback } from "../agents/HumanRequest.js"
import {
  cannotFind,
  handingOverText,
  type HoursContext,
  nobodyAvailableText,
  outOfScope
} from "../conversation/Replies.js"
import { Handoff as HandoffKeys, handoffAttributes, handoffDecisionValue, Support } from "../telemetry/Attributes.js"
import { type BusinessHours, BusinessHoursConfig, describeOpening, describeSchedule, hoursStatus } from "./BusinessHours.js"
import { type EscalationReason, HandoffDecision, HandoffRoute } from "./HandoffDecision.js"

export interface PolicyInput {
  readonly question: string
  readonly postbackId: Option.Option<string>
  readonly result: TurnResult
  /** Turns in a row, before this one, that the bot could not resolve. */
  readonly unresolvedTurns: number
}

export interface PolicyThresholds {
  /** A verified draft below this confidence is not sent; the chat goes to an engineer. */
  readonly minConfidence: number
  /** This many unresolved turns in a row (counting the current one) hand the chat over. */
  readonly maxUnresolvedTurns: number
}

export const talkToEngineer = { id: TalkToEngineerPostback, label: "Talk to an engineer" } as const

const escalate = (reason: EscalationReason, interim: Option.Option<Draft> = Option.none()) =>
  HandoffDecision.Escalate({ reason, interim })

/** Pure: the decision for one turn. */
export const decideWith = (thresholds: PolicyThresholds) => (input: PolicyInput): HandoffDecision => {
  const { result } = input
  if (result.intent === "human_request" || isHumanRequest(input.question, input.postbackId)) {
    return escalate("explicit_request")
  }
  if (result.signals.frustration || looksFrustrated(input.question)) return escalate("frustration")
  const sensitive = result.intent === "commercial" ? Option.some("commercial" as const) : result.signals.sensitive
  if (Option.isSome(sensitive)) {
    const note = sensitive.value === "safety" && result.grounding === "verified" ? result.draft : Option.none()
    return escalate("sensitive_topic", note)
  }
  if (result.intent === "out_of_scope" || (result.signals.injection && Option.isNone(result.draft))) {
    return HandoffDecision.Decline({ text: outOfScope, quickReplies: [talkToEngineer] })
  }
  if (result.needsHuman) return escalate("low_confidence")
  if (Option.isSome(result.draft) && result.grounding === "verified") {
    return result.confidence >= thresholds.minConfidence
      ? HandoffDecision.Answer({ draft: result.draft.value })
      : escalate("low_confidence")
  }
  if (result.grounding === "rejected") return escalate("unsupported_answer")
  if (input.unresolvedTurns + 1 >= thresholds.maxUnresolvedTurns) return escalate("repeated_failure")
  return Option.match(result.clarification, {
    onNone: () => HandoffDecision.Clarify({ text: cannotFind, quickReplies: [talkToEngineer] }),
    onSome: (c) => HandoffDecision.Clarify({ text: c.text, quickReplies: c.quickReplies })
  })
}

export interface RouteInput {
  readonly reason: EscalationReason
  /** An engineer of the hand-off group is accepting chats right now (LiveChat). */
  readonly available: boolean
  readonly now: Date
}

export const hoursContext = (hours: BusinessHours, now: Date): HoursContext => {
  const status = hoursStatus(hours, now)
  return {
    open: status.open,
    schedule: describeSchedule(hours),
    nextOpening: Option.map(status.nextOpening, (at) => describeOpening(hours, at))
  }
}

/** Pure: transfer when someone is available, the honest fallback otherwise; business hours shape the wording. */
export const routeWith = (hours: BusinessHours) => (input: RouteInput): HandoffRoute => {
  const context = hoursContext(hours, input.now)
  return input.available
    ? HandoffRoute.Transfer({ text: handingOverText(context) })
    : HandoffRoute.Fallback({ text: nobodyAvailableText(context) })
}

export const PolicySettings = Config.all({
  thresholds: Config.all({
    minConfidence: Config.number("HANDOFF_MIN_CONFIDENCE").pipe(
      Config.withDefault(0.5),
      Config.validate({ message: "HANDOFF_MIN_CONFIDENCE must be between 0 and 1", validation: (n) => n >= 0 && n <= 1 })
    ),
    maxUnresolvedTurns: Config.integer("HANDOFF_MAX_UNRESOLVED_TURNS").pipe(
      Config.withDefault(2),
      Config.validate({ message: "HANDOFF_MAX_UNRESOLVED_TURNS must be at least 1", validation: (n) => n >= 1 })
    )
  }),
  hours: BusinessHoursConfig
})

const reasonOf = (decision: HandoffDecision): EscalationReason | undefined =>
  decision._tag === "Escalate" ? decision.reason : decision._tag === "Decline" ? "out_of_scope" : undefined

export class HandoffPolicy extends Effect.Service<HandoffPolicy>()("app/HandoffPolicy", {
  effect: Effect.gen(function*() {
    const settings = yield* PolicySettings
    const decidePure = decideWith(settings.thresholds)
    const routePure = routeWith(settings.hours)

    const decide = Effect.fn("HandoffPolicy.decide")(function*(input: PolicyInput) {
      const decision = decidePure(input)
      const reason = reasonOf(decision)
      yield* Effect.annotateCurrentSpan({
        ...handoffAttributes({
          decision: handoffDecisionValue(decision._tag),
          reason: decision._tag === "Escalate" ? reason : undefined,
          confidence: input.result.confidence
        }),
        [Support.Intent]: input.result.intent,
        ...(decision._tag === "Decline" ? { "support.decline.reason": "out_of_scope" } : {})
      })
      return decision
    })

    const route = Effect.fn("HandoffPolicy.route")(function*(input: RouteInput) {
      const routed = routePure(input)
      yield* Effect.annotateCurrentSpan({
        [HandoffKeys.Decision]: routed._tag === "Transfer" ? "escalate" : "fallback",
        [HandoffKeys.Reason]: input.reason,
        [HandoffKeys.Available]: input.available,
        "support.hours.open": hoursStatus(settings.hours, input.now).open
      })
      return routed
    })

    return { decide, route, settings } as const
  })
}) {}
