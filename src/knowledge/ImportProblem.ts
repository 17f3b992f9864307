/**
 * What is wrong with an import, located precisely enough to fix it: file, line and field. The importer
 * collects every problem it can find before failing, so one run shows them all.
 */
import { Data, ParseResult } from "effect"

export interface ImportProblem {
  /** Path as given to the importer (relative paths stay relative). */
  readonly file: string
  /** 1-based line number; 1 when the problem concerns the whole file. */
  readonly line: number
  /** The record or front-matter field at fault; null for file-level problems. */
  readonly field: string | null
  readonly message: string
}

export const formatProblem = (p: ImportProblem): string => `${p.file}:${p.line}: ${p.field ?? "file"}: ${p.message}`

/** Shown in `message`; the rest are counted. */
const SHOWN = 20

/** The import was refused; nothing was written. */
export class KnowledgeImportError extends Data.TaggedError("KnowledgeImportError")<{
  readonly problems: ReadonlyArray<ImportProblem>
}> {
  override get message(): string {
    const shown = this.problems.slice(0, SHOWN).map(formatProblem)
    const more = this.problems.length > SHOWN ? [`… and ${this.problems.length - SHOWN} more problems`] : []
    return [`Knowledge import refused, nothing was written (${this.problems.length} problems):`, ...shown, ...more].join(
      "\n  "
    )
  }
}

/** `["matingParts", 2]` → "matingParts[2]"; an excess property error carries its own key as the last path item. */
const fieldOf = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`), "")

/**
 * One problem per field. A union reports one issue per member ("Expected null", "Expected \"plug\"", …): the
 * members of a literal union are merged into one list, and "Expected null/undefined" (the optional part of an
 * attribute) is dropped when there is a more useful message.
 */
export const schemaProblems = (
  error: ParseResult.ParseError,
  file: string,
  lineOf: (field: string) => number
): ReadonlyArray<ImportProblem> => {
  const byField = new Map<string, Array<ParseResult.ArrayFormatterIssue>>()
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(error)) {
    const field = fieldOf(issue.path)
    byField.set(field, [...(byField.get(field) ?? []), issue])
  }
  return [...byField.entries()].map(([field, issues]) => {
    const top = typeof issues[0]!.path[0] === "string" ? issues[0]!.path[0] : field
    return { file, line: lineOf(top), field: field === "" ? null : field, message: mergeMessages(issues) }
  })
}

const mergeMessages = (issues: ReadonlyArray<ParseResult.ArrayFormatterIssue>): string => {
  if (issues.some((i) => i._tag === "Unexpected")) return "unknown field"
  const useful = issues.map((i) => i.message).filter((m) => !/^Expected (null|undefined), actual/.test(m))
  const messages = useful.length > 0 ? useful : issues.map((i) => i.message)
  const literals = messages.map((m) => /^Expected ("[^"]*"), actual (.*)$/s.exec(m))
  if (literals.length > 1 && literals.every((m) => m !== null)) {
    return `Expected one of ${literals.map((m) => m![1]).join(" | ")}, actual ${literals[0]![2]}`
  }
  return [...new Set(messages)].join("; ")
}
