/**
 * `pnpm eval score`: score any RAG output. Reads JSON lines `{"context": "…" | ["…", …], "response": "…"}` (other
 * fields are ignored, except `id`, which is echoed) and writes one JSON line per input line with the verdict, the
 * score and the reason for each unsupported claim.
 *
 * With a list of passages, `[n]` markers in the response cite passage n; unmarked sentences may use any passage.
 */
import { Data, Effect, Either, ParseResult, Schema } from "effect"
import { canonicalJson } from "./Dataset.js"
import { type AnswerVerdict, type GroundingSource, scoreAnswer } from "./Scorer.js"

export const ScoreInput = Schema.Struct({
  id: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  context: Schema.Union(Schema.String, Schema.Array(Schema.String)),
  response: Schema.String
})
export type ScoreInput = typeof ScoreInput.Type

export class ScoreInputError extends Data.TaggedError("ScoreInputError")<{
  readonly line: number
  readonly detail: string
}> {
  override get message() {
    return `input line ${this.line}: ${this.detail}`
  }
}

/** The passages of a context: one string is one source (id `1`), a list is sources `1`…`n`. */
export const contextSources = (context: ScoreInput["context"]): ReadonlyArray<GroundingSource> =>
  (typeof context === "string" ? [context] : context).map((text, index) => ({ id: String(index + 1), text }))

export interface ScoreLine {
  readonly line: number
  readonly id?: string | number
  readonly verdict: "grounded" | "ungrounded"
  readonly score: number
  readonly claims: AnswerVerdict["claims"]
  readonly unsupported: AnswerVerdict["unsupportedAtoms"]
}

const decode = Schema.decodeUnknownEither(Schema.parseJson(ScoreInput))

/** Decodes the input; the first bad line fails the whole run (a silently skipped line would skew any average). */
export const parseScoreInput = (text: string): Either.Either<ReadonlyArray<{ line: number; input: ScoreInput }>, ScoreInputError> => {
  const out: Array<{ line: number; input: ScoreInput }> = []
  const lines = text.split("\n")
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() === "") continue
    const decoded = decode(lines[i])
    if (Either.isLeft(decoded)) {
      return Either.left(new ScoreInputError({ line: i + 1, detail: ParseResult.TreeFormatter.formatErrorSync(decoded.left) }))
    }
    out.push({ line: i + 1, input: decoded.right })
  }
  return Either.right(out)
}

export const toScoreLine = (line: number, input: ScoreInput, verdict: AnswerVerdict): ScoreLine => ({
  line,
  ...(input.id === undefined ? {} : { id: input.id }),
  verdict: verdict.grounded ? "grounded" : "ungrounded",
  score: Number(verdict.score.toFixed(6)),
  claims: verdict.claims,
  unsupported: verdict.unsupportedAtoms
})

/** The deterministic scorer over parsed lines. */
export const scoreDeterministic = (inputs: ReadonlyArray<{ line: number; input: ScoreInput }>) =>
  Effect.sync(() =>
    inputs.map(({ input, line }) => toScoreLine(line, input, scoreAnswer(input.response, contextSources(input.context))))
  )

export const renderScoreLines = (lines: ReadonlyArray<ScoreLine>): string =>
  lines.map((l) => `${canonicalJson(l)}\n`).join("")
