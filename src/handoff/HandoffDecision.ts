import { Data } from "effect"
import type { Draft, QuickReply } from "../agents/AgentGraph.js"

export type EscalationReason =
  | "explicit_request"
  | "low_confidence"
  | "unsupported_answer"
  | "repeated_failure"
  | "frustration"
  | "sensitive_topic"
  | "out_of_scope"

/** What the bot does with a turn. `fallback` is not decided here: it is what an escalation becomes when nobody is free. */
export type HandoffDecision = Data.TaggedEnum<{
  Answer: { readonly draft: Draft }
  Clarify: { readonly text: string; readonly quickReplies: ReadonlyArray<QuickReply> }
  Escalate: { readonly reason: EscalationReason }
  Decline: { readonly text: string; readonly quickReplies: ReadonlyArray<QuickReply> }
}>

export const HandoffDecision = Data.taggedEnum<HandoffDecision>()
