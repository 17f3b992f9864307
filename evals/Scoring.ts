/**
 * Per-item verdicts: what the bot did with one labeled chat, judged against its labels. Pure.
 *
 * Checks (null = does not apply to this item; an item passes when every check that applies passes):
 * - `decision`: the bot's decision for the last turn is the labeled one;
 * - `reason`: for a hand-off (escalate / fallback), the labeled reason;
 * - `facts`: every `must_contain` fact is in what the customer saw;
 * - `forbidden`: no `must_not_contain` string is;
 * - `grounded`: an answer's draft is grounded in the sources it cites (`Scorer.ts`);
 * - `citations`: an answer to a question with gold sources cites at least one of them, and every citation is a
 *   known source.
 */
import { isCannedReply } from "../src/agents/CannedReplies.js"
import type { LabeledChat } from "../src/knowledge/LabeledChat.js"
import { type DatasetItem, sliceTagValues } from "./Dataset.js"
import type { ActualDecision, ChatRun } from "./Harness.js"
import { type AnswerVerdict, scoreAnswer } from "./Scorer.js"
import { sourceIdOf, type SourceTexts } from "./Sources.js"
import { containsFact } from "./Text.js"

export const CheckNames = ["decision", "reason", "facts", "forbidden", "grounded", "citations"] as const
export type CheckName = typeof CheckNames[number]
export type Checks = { readonly [K in CheckName]: boolean | null }

/** Slices of the numeric-claims gate and of the reports: derived from labels only, never from the output. */
export const NumericSlice = "numeric"
/** A hand-off: the chat was transferred to an engineer, or the honest fallback when nobody could take it. */
export const isHandOff = (decision: string) => decision === "escalate" || decision === "fallback"

export interface RetrievalResult {
  readonly ranked: ReadonlyArray<string>
  /** 1-based rank of the first gold source, null when none is in the top k. */
  readonly firstGoldRank: number | null
  /** Share of the gold sources in the top k. */
  readonly recall: number
  readonly reciprocalRank: number
  readonly ndcg: number
}

export interface ItemResult {
  readonly id: string
  readonly split: "dev" | "test"
  readonly file: string
  readonly line: number
  readonly labelHash: string
  readonly tags: ReadonlyArray<string>
  /** Slice tags of the item plus derived slices (`numeric`). */
  readonly slices: ReadonlyArray<string>
  readonly question: string
  readonly expected: { readonly decision: LabeledChat["expected"]["decision"]; readonly reason: string | null }
  readonly actual: { readonly decision: ActualDecision; readonly reason: string | null }
  readonly checks: Checks
  readonly pass: boolean
  /** One line per failed check, for people. */
  readonly failures: ReadonlyArray<string>
  readonly reply: string
  readonly draft: string | null
  readonly citations: ReadonlyArray<{ readonly id: string; readonly title: string; readonly known: boolean }>
  /** Required facts (`must_contain`) of the chat. */
  readonly factCount: number
  readonly missingFacts: ReadonlyArray<string>
  readonly forbiddenFound: ReadonlyArray<string>
  readonly groundedness: AnswerVerdict | null
  readonly retrieval: RetrievalResult | null
  readonly timings: ChatRun["timings"]
  readonly error: string | null
}

export const retrievalResult = (ranked: ReadonlyArray<string>, gold: ReadonlyArray<string>): RetrievalResult => {
  const goldSet = new Set(gold)
  const ranks = ranked.flatMap((id, i) => (goldSet.has(id) ? [i + 1] : []))
  const first = ranks[0] ?? null
  const dcg = ranks.reduce((s, r) => s + 1 / Math.log2(r + 1), 0)
  const ideal = Array.from({ length: Math.min(goldSet.size, ranked.length) }, (_, i) => 1 / Math.log2(i + 2))
    .reduce((s, v) => s + v, 0)
  return {
    ranked,
    firstGoldRank: first,
    recall: goldSet.size === 0 ? 0 : new Set(ranked.filter((id) => goldSet.has(id))).size / goldSet.size,
    reciprocalRank: first === null ? 0 : 1 / first,
    ndcg: ideal === 0 ? 0 : dcg / ideal
  }
}

/** The bot's own source-free replies (greetings, thanks) state no facts: nothing to check, nothing unsupported. */
const cannedVerdict: AnswerVerdict = { grounded: true, score: 1, checks: 0, supportedChecks: 0, claims: [], unsupportedAtoms: [] }

const hasDigit = (text: string) => /\d/.test(text)

export const slicesOf = (chat: LabeledChat): ReadonlyArray<string> => {
  const slices = chat.tags.filter((t) => sliceTagValues.includes(t))
  if (chat.expected.decision === "answer" && chat.expected.must_contain.some(hasDigit)) slices.push(NumericSlice)
  return [...new Set(slices)].sort()
}

export const scoreItem = (item: DatasetItem, run: ChatRun, sources: SourceTexts): ItemResult => {
  const { chat } = item
  const { expected } = chat
  const failures: Array<string> = []
  const handOffExpected = isHandOff(expected.decision)

  const decision = run.decision === expected.decision
  if (!decision) failures.push(`decision: expected ${expected.decision}, got ${run.decision}`)

  // The reason is judged when both sides hand off (a missed hand-off already fails `decision`).
  const reason = handOffExpected && isHandOff(run.decision) ? run.reason === expected.reason : null
  if (reason === false) failures.push(`reason: expected ${expected.reason}, got ${run.reason ?? "none"}`)

  const missingFacts = expected.must_contain.filter((fact) => !containsFact(run.reply, fact))
  const facts = expected.must_contain.length === 0 ? null : missingFacts.length === 0
  if (facts === false) failures.push(`facts: missing ${missingFacts.map((f) => JSON.stringify(f)).join(", ")}`)

  const forbiddenFound = expected.must_not_contain.filter((text) => containsFact(run.reply, text))
  const forbidden = expected.must_not_contain.length === 0 ? null : forbiddenFound.length === 0
  if (forbidden === false) failures.push(`forbidden: said ${forbiddenFound.map((f) => JSON.stringify(f)).join(", ")}`)

  const answered = run.decision === "answer" && run.draft !== null
  const citations = (run.draft?.citations ?? []).map((c) => ({
    id: c.id,
    title: c.title,
    known: sources.has(sourceIdOf(c.id))
  }))
  const groundedness = !answered
    ? null
    : isCannedReply(run.draft!.text)
    ? cannedVerdict
    : scoreAnswer(run.draft!.text, citations.map((c) => ({ id: c.id, text: sources.get(sourceIdOf(c.id))?.text ?? "" })))
  const grounded = groundedness === null ? null : groundedness.grounded
  if (grounded === false) {
    const reasons = groundedness!.claims.filter((c) => !c.supported).map((c) => `"${c.text}" (${c.reasons.join("; ")})`)
    failures.push(`grounded: ${reasons.join(" / ")}`)
  }

  const citationCheck = answered && expected.gold_sources.length > 0
    ? citations.every((c) => c.known) && citations.some((c) => expected.gold_sources.includes(sourceIdOf(c.id)))
    : null
  if (citationCheck === false) {
    failures.push(
      `citations: cited ${citations.length === 0 ? "nothing" : citations.map((c) => c.id).join(", ")}, gold ${expected.gold_sources.join(" | ")}`
    )
  }

  if (run.error !== null) failures.push(`error: ${run.error}`)
  const checks: Checks = { decision, reason, facts, forbidden, grounded, citations: citationCheck }
  return {
    id: chat.id,
    split: chat.split,
    file: item.file,
    line: item.line,
    labelHash: item.labelHash,
    tags: chat.tags,
    slices: slicesOf(chat),
    question: chat.turns.filter((t) => t.role === "customer").map((t) => t.text).join(" ⏎ "),
    expected: { decision: expected.decision, reason: expected.reason },
    actual: { decision: run.decision, reason: run.reason },
    checks,
    pass: run.error === null && Object.values(checks).every((c) => c !== false),
    failures,
    reply: run.reply,
    draft: run.draft?.text ?? null,
    citations,
    factCount: expected.must_contain.length,
    missingFacts,
    forbiddenFound,
    groundedness,
    retrieval: run.retrieved === null ? null : retrievalResult(run.retrieved, expected.gold_sources),
    timings: run.timings,
    error: run.error
  }
}
