/**
 * A labeled conversation for retrieval benchmarks and evals: datasets/chats/*.jsonl, one JSON object per line.
 *
 *   {"id":"prod-001","split":"dev","turns":[{"role":"customer","text":"…"}],
 *    "expected":{"decision":"answer","reason":null,"gold_sources":["ds-fm-ct"],
 *                "must_contain":["5 A"],"must_not_contain":[]},
 *    "tags":["product"]}
 *
 * - `turns`: the conversation so far; the expectation is about the bot's reply to the LAST customer turn.
 *   Earlier `bot` turns may be given for follow-ups; when absent, the runner replays the customer turns.
 * - `gold_sources`: source ids a good retriever ranks in its top 5 (any one of them counts); empty when no
 *   document answers the question (greetings, requests for a person, out of scope).
 * - `must_contain`: facts the answer must state (compared after whitespace normalisation, case-insensitive);
 *   `must_not_contain`: strings that must not appear (e.g. a price, a wrong rating).
 */
import { Either, ParseResult, Schema } from "effect"
import { EscalationReasons } from "../handoff/HandoffDecision.js"

export const Decision = Schema.Literal("answer", "clarify", "escalate", "fallback", "decline")
export type Decision = typeof Decision.Type

export const ReasonCode = Schema.Literal(...EscalationReasons)
export type ReasonCode = typeof ReasonCode.Type

export const ChatTurn = Schema.Struct({
  role: Schema.Literal("customer", "bot"),
  text: Schema.NonEmptyTrimmedString
})
export type ChatTurn = typeof ChatTurn.Type

export const Expected = Schema.Struct({
  decision: Decision,
  reason: Schema.NullOr(ReasonCode),
  gold_sources: Schema.Array(Schema.NonEmptyTrimmedString),
  must_contain: Schema.Array(Schema.NonEmptyTrimmedString),
  must_not_contain: Schema.Array(Schema.NonEmptyTrimmedString)
})
export type Expected = typeof Expected.Type

export const LabeledChat = Schema.Struct({
  id: Schema.String.pipe(Schema.pattern(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)),
  split: Schema.Literal("dev", "test"),
  turns: Schema.NonEmptyArray(ChatTurn).pipe(
    Schema.filter((turns) => turns[turns.length - 1]!.role === "customer" || "the last turn must be the customer's")
  ),
  expected: Expected,
  tags: Schema.Array(Schema.NonEmptyTrimmedString)
}).pipe(
  Schema.filter((chat) =>
    (chat.expected.decision === "answer" || chat.expected.decision === "clarify") === (chat.expected.reason === null) ||
    "a reason is given exactly when the decision is escalate, fallback or decline"
  )
)
export type LabeledChat = typeof LabeledChat.Type

const decodeLine = Schema.decodeUnknownEither(Schema.parseJson(LabeledChat), { onExcessProperty: "error" })

/** Decodes a .jsonl file; problems name the line. Ids must be unique. */
export const parseLabeledChats = (
  text: string
): { readonly chats: ReadonlyArray<LabeledChat>; readonly problems: ReadonlyArray<string> } => {
  const chats: Array<LabeledChat> = []
  const problems: Array<string> = []
  const seen = new Map<string, number>()
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return
    const decoded = decodeLine(line)
    if (Either.isLeft(decoded)) {
      problems.push(`line ${index + 1}: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`)
      return
    }
    const first = seen.get(decoded.right.id)
    if (first !== undefined) problems.push(`line ${index + 1}: duplicate id ${decoded.right.id} (line ${first})`)
    seen.set(decoded.right.id, index + 1)
    chats.push(decoded.right)
  })
  return { chats, problems }
}

/** The text a retriever is asked with: the customer's turns, latest last (follow-ups need the earlier ones). */
export const retrievalQuery = (chat: LabeledChat): string =>
  chat.turns.filter((t) => t.role === "customer").map((t) => t.text).join("\n")
