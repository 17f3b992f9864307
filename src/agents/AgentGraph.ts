/**
 * The answer engine port: one customer turn in, a verified draft (or none) out.
 * Implementations: the offline engine (default) and the LLM engine; both run
 * guard → triage → research → writer → verifier, each a traced step (`AgentGraph.<step>` spans).
 */
import { Context, Data, type Effect, Option } from "effect"

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

/** A source document the answer cites; `[n]` in the text is `citations[n - 1]`. */
export interface Citation {
  /** The source document id (`ds-fm-ct`), as in the knowledge base. */
  readonly id: string
  readonly title: string
  readonly revision: string
  readonly url: string
}

export interface Draft {
  /** The answer with numbered markers (`… 13 A per contact [1].`), without the source list. */
  readonly text: string
  readonly citations: ReadonlyArray<Citation>
  /** Buttons offered with the answer ("Talk to an engineer", a series to choose…). */
  readonly quickReplies: ReadonlyArray<QuickReply>
}

export interface QuickReply {
  readonly id: string
  readonly label: string
}

/** Topics a person must handle even when the sources would allow an answer. */
export type SensitiveTopic = "commercial" | "safety" | "custom"

export type PiiKind = "email" | "phone" | "card" | "iban"

/** What the guard and triage noticed; the hand-off policy reads these. */
export interface TurnSignals {
  /** The message tried to instruct the assistant (the instructions were cut out before anything else ran). */
  readonly injection: boolean
  /** Kinds of personal data redacted before research and model calls (never the values). */
  readonly pii: ReadonlyArray<PiiKind>
  readonly frustration: boolean
  readonly sensitive: Option.Option<SensitiveTopic>
}

/**
 * What the verifier concluded: `verified` (the draft is supported by its sources), `rejected` (a draft was
 * written but failed the check and was dropped), `none` (nothing was written).
 */
export type Grounding = "verified" | "rejected" | "none"

/** A question back to the customer when the engine needs one detail (a series, which of two parts…). */
export interface Clarification {
  readonly text: string
  readonly quickReplies: ReadonlyArray<QuickReply>
}

export interface TurnEntities {
  /** Catalog part numbers the turn is about (from the question, or from earlier turns for a follow-up). */
  readonly parts: ReadonlyArray<string>
  readonly series: ReadonlyArray<string>
  /** Requirements the customer stated, human-readable ("IP67 or better", "8 positions", "≥ 10 A"). */
  readonly specs: ReadonlyArray<string>
}

export interface TurnResult {
  readonly intent: Intent
  /** A verified draft; None when nothing the sources support could be written. */
  readonly draft: Option.Option<Draft>
  readonly confidence: number
  /** The engine itself believes a person should take over (e.g. the model said so). */
  readonly needsHuman: boolean
  /** A short machine-readable note (`model_unavailable`, `unsupported_draft`, `no_sources`…); never customer text. */
  readonly reason: Option.Option<string>
  readonly entities: TurnEntities
  readonly signals: TurnSignals
  readonly grounding: Grounding
  readonly clarification: Option.Option<Clarification>
}

export const noSignals: TurnSignals = { injection: false, pii: [], frustration: false, sensitive: Option.none() }
export const noEntities: TurnEntities = { parts: [], series: [], specs: [] }

/** A turn nothing was written for (e.g. the engine failed): the policy decides from the question alone. */
export const unansweredTurn = (reason: string): TurnResult => ({
  intent: "unknown",
  draft: Option.none(),
  confidence: 0,
  needsHuman: false,
  reason: Option.some(reason),
  entities: noEntities,
  signals: noSignals,
  grounding: "none",
  clarification: Option.none()
})

export class AgentError extends Data.TaggedError("AgentError")<{
  readonly step: string
  readonly cause: unknown
}> {}

export class AgentGraph extends Context.Tag("app/AgentGraph")<AgentGraph, {
  readonly run: (input: TurnInput) => Effect.Effect<TurnResult, AgentError>
}>() {}
