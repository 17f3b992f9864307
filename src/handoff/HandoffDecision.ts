import { Data, type Option } from "effect"
import type { Draft, QuickReply } from "../agents/AgentGraph.js"

/** Why the bot hands a chat to a person: the reason codes of policy, briefings, traces and eval labels. */
export const EscalationReasons = [
  "explicit_request",
  "low_confidence",
  "unsupported_answer",
  "repeated_failure",
  "frustration",
  "sensitive_topic",
  "out_of_scope"
] as const
export type EscalationReason = typeof EscalationReasons[number]

/**
 * What the bot does with a turn. `fallback` is not decided here: it is what an escalation becomes when nobody is
 * free (see `HandoffRoute`).
 */
export type HandoffDecision = Data.TaggedEnum<{
  Answer: { readonly draft: Draft }
  Clarify: { readonly text: string; readonly quickReplies: ReadonlyArray<QuickReply> }
  /**
   * Hand the chat to an engineer. `interim` is a verified draft worth sending first (a safety note: "mate and
   * unmate only de-energised [1]") — never for commercial topics or unconfident answers.
   */
  Escalate: { readonly reason: EscalationReason; readonly interim: Option.Option<Draft> }
  Decline: { readonly text: string; readonly quickReplies: ReadonlyArray<QuickReply> }
}>

export const HandoffDecision = Data.taggedEnum<HandoffDecision>()

/** How an escalation is carried out, given live availability and business hours. */
export type HandoffRoute = Data.TaggedEnum<{
  /** An engineer is accepting chats: tell the customer (`text`), brief, transfer. */
  Transfer: { readonly text: string }
  /** Nobody can take the chat: say so honestly (`text`) and ask for an email address. */
  Fallback: { readonly text: string }
}>

export const HandoffRoute = Data.taggedEnum<HandoffRoute>()
