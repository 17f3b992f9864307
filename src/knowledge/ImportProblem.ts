/**
 * What is wrong with an import, located precisely enough to fix it: file, line and field. The importer
 * collects every problem it can find before failing, so one run shows them all.
 */
import { Data } from "effect"

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
