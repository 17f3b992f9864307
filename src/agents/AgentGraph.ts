/**
 * The answer engine port: one customer turn in, a verified draft (or none) out.
 * Implementations: the offline engine (default) and the LLM engine; both run
 * guard → triage → research → writer → verifier, each a traced step.
 */
import { Context, Data, type Effect, type Option } from "effect"

export type Intent =
  | "product"
  | "compatibility"
  | "troubleshooting"
  | "commercial"
  | "human_request"
  | "greeting"
  | "out_of_scope"
  | "unknown"

export interface HistoryEntry {
  readonly role: "customer" | "bot" | "agent"
  readonly text: string
}

export interface TurnInput {
  /** A stable, non-reversible key for the conversation (never the raw chat id in spans). */
  readonly conversationKey: string
  readonly question: string
  /** Earlier messages of the thread, oldest first, without the current question. */
  readonly history: ReadonlyArray<HistoryEntry>
  /** Id of the quick-reply button the customer clicked, when the message came from one. */
  readonly postbackId: Option.Option<string>
}

export interface Citation {
  readonly id: string
  readonly title: string
  readonly revision: string
  readonly url: string
}

export interface Draft {
  readonly text: string
  readonly citations: ReadonlyArray<Citation>
  /** Buttons offered with the answer ("Talk to an engineer", a series to choose…). */
  readonly quickReplies: ReadonlyArray<QuickReply>
}

export interface QuickReply {
  readonly id: string
  readonly label: string
}

export interface TurnResult {
  readonly intent: Intent
  /** A verified draft; None when nothing the sources support could be written. */
  readonly draft: Option.Option<Draft>
  readonly confidence: number
  /** The engine itself believes a person should take over (e.g. the model said so). */
  readonly needsHuman: boolean
  readonly reason: Option.Option<string>
  readonly entities: { readonly parts: ReadonlyArray<string>; readonly series: ReadonlyArray<string> }
}

export class AgentError extends Data.TaggedError("AgentError")<{
  readonly step: string
  readonly cause: unknown
}> {}

export class AgentGraph extends Context.Tag("app/AgentGraph")<AgentGraph, {
  readonly run: (input: TurnInput) => Effect.Effect<TurnResult, AgentError>
}>() {}
