/**
 * Decides answer / clarify / escalate / decline from the engine's result and the thread so far.
 * Pure: every rule is a row in the table test.
 */
import { Config, Effect, Option } from "effect"
import type { TurnResult } from "../agents/AgentGraph.js"
import { isHumanRequest, TalkToEngineerPostback } from "../agents/HumanRequest.js"
import { HandoffDecision } from "./HandoffDecision.js"

export interface PolicyInput {
  readonly question: string
  readonly postbackId: Option.Option<string>
  readonly result: TurnResult
  /** Turns in a row, before this one, that the bot could not resolve. */
  readonly unresolvedTurns: number
}

export interface PolicyThresholds {
  readonly minConfidence: number
  readonly maxUnresolvedTurns: number
}

export const talkToEngineer = { id: TalkToEngineerPostback, label: "Talk to an engineer" } as const

export const decide = (thresholds: PolicyThresholds) => (input: PolicyInput): HandoffDecision => {
  const { result } = input
  if (result.intent === "human_request" || isHumanRequest(input.question, input.postbackId)) {
    return HandoffDecision.Escalate({ reason: "explicit_request" })
  }
  if (result.intent === "commercial") return HandoffDecision.Escalate({ reason: "sensitive_topic" })
  if (result.intent === "out_of_scope") {
    return HandoffDecision.Decline({
      text:
        "I can only help with FitMate connectors, contacts, accessories and tooling. If you need something else, an engineer can take a look.",
      quickReplies: [talkToEngineer]
    })
  }
  if (Option.isSome(result.draft) && !result.needsHuman && result.confidence >= thresholds.minConfidence) {
    return HandoffDecision.Answer({ draft: result.draft.value })
  }
  if (result.needsHuman) return HandoffDecision.Escalate({ reason: "low_confidence" })
  if (input.unresolvedTurns + 1 >= thresholds.maxUnresolvedTurns) {
    return HandoffDecision.Escalate({ reason: "repeated_failure" })
  }
  return HandoffDecision.Clarify({
    text:
      "I couldn't find that in our verified product data, so I won't guess. Could you give me the part number or series? Or I can pass you to an engineer.",
    quickReplies: [talkToEngineer]
  })
}

export class HandoffPolicy extends Effect.Service<HandoffPolicy>()("app/HandoffPolicy", {
  effect: Effect.gen(function*() {
    const thresholds: PolicyThresholds = {
      minConfidence: yield* Config.number("HANDOFF_MIN_CONFIDENCE").pipe(Config.withDefault(0.5)),
      maxUnresolvedTurns: yield* Config.integer("HANDOFF_MAX_UNRESOLVED_TURNS").pipe(Config.withDefault(2))
    }
    return { decide: decide(thresholds), thresholds } as const
  })
}) {}
