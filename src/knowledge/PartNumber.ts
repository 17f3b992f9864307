/**
 * Part numbers as people type them: "FM-CT-R13-22P", "fm ct r13/22p", "FMCTR1322P" are the same part.
 * Matching happens on a normalised key (upper case, without spaces, dashes, slashes, dots, underscores).
 *
 * Free text is scanned as runs of alphanumeric tokens joined by those separators; every 1..N-token window of
 * a run is a candidate key, so a part number is found whatever separators the customer used, and the longest
 * known candidate wins ("FM-CT-R13-22P connector" → FMCTR1322P).
 */

/** The normalised key of a part number or series code. */
export const normalizePartNumber = (text: string): string => text.toUpperCase().replace(/[\s\-/._]+/g, "")

/** Characters that may separate the fields of a part number. */
const JOINER = /^[\s\-/._]{1,3}$/

export interface Token {
  /** The token as written. */
  readonly text: string
  /** Upper-cased. */
  readonly key: string
  /** Offset in the original text. */
  readonly start: number
}

/** Alphanumeric tokens grouped into runs; a run breaks at any separator that cannot be part of a part number. */
export const tokenRuns = (text: string): ReadonlyArray<ReadonlyArray<Token>> => {
  const runs: Array<Array<Token>> = []
  let current: Array<Token> = []
  let lastEnd = -1
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const start = match.index
    const gap = lastEnd < 0 ? "" : text.slice(lastEnd, start)
    if (current.length > 0 && !JOINER.test(gap)) {
      runs.push(current)
      current = []
    }
    current.push({ text: match[0], key: match[0].toUpperCase(), start })
    lastEnd = start + match[0].length
  }
  if (current.length > 0) runs.push(current)
  return runs
}

/** Longest window (in tokens) considered as one part number. */
export const MAX_PART_TOKENS = 7

/** Every normalised window of 1..MAX_PART_TOKENS consecutive tokens, longest windows first per start. */
export const candidateKeys = (text: string): ReadonlyArray<string> => {
  const keys = new Set<string>()
  for (const run of tokenRuns(text)) {
    for (let i = 0; i < run.length; i++) {
      let key = ""
      const windows: Array<string> = []
      for (let j = i; j < Math.min(run.length, i + MAX_PART_TOKENS); j++) {
        key += run[j]!.key
        windows.push(key)
      }
      for (const w of windows.reverse()) if (w.length >= 2) keys.add(w)
    }
  }
  return [...keys]
}

export interface PartMention {
  /** The normalised key that matched. */
  readonly key: string
  /** Where in the text the mention starts and ends (character offsets). */
  readonly start: number
  readonly end: number
}

/**
 * Greedy longest-match scan for known keys: at each token take the longest window that `isKnown` accepts and
 * continue after it. Used for chunk texts (against the catalog's keys) and for questions (against the keys the
 * database confirmed).
 */
export const findKnownKeys = (text: string, isKnown: (key: string) => boolean): ReadonlyArray<PartMention> => {
  const found: Array<PartMention> = []
  for (const run of tokenRuns(text)) {
    let i = 0
    while (i < run.length) {
      let best = -1
      let key = ""
      let bestKey = ""
      for (let j = i; j < Math.min(run.length, i + MAX_PART_TOKENS); j++) {
        key += run[j]!.key
        if (isKnown(key)) {
          best = j
          bestKey = key
        }
      }
      if (best >= 0) {
        found.push({ key: bestKey, start: run[i]!.start, end: run[best]!.start + run[best]!.text.length })
        i = best + 1
      } else {
        i++
      }
    }
  }
  return found
}

/**
 * Windows that look like an attempt at a part number but may be mistyped: they start with a token that begins
 * with a known part prefix (e.g. "FM") and contain a digit. Used for trigram matching when nothing matched exactly.
 */
export const fuzzyCandidates = (text: string, prefixes: ReadonlyArray<string>): ReadonlyArray<PartMention> => {
  const out = new Map<string, PartMention>()
  for (const run of tokenRuns(text)) {
    for (let i = 0; i < run.length; i++) {
      if (!prefixes.some((p) => run[i]!.key.startsWith(p))) continue
      let key = ""
      for (let j = i; j < Math.min(run.length, i + MAX_PART_TOKENS); j++) {
        key += run[j]!.key
        if (/\d/.test(key) && key.length >= 5 && key.length <= 24 && !out.has(key)) {
          out.set(key, { key, start: run[i]!.start, end: run[j]!.start + run[j]!.text.length })
        }
      }
    }
  }
  return [...out.values()]
}

/**
 * Series codes written without their prefix ("the CT series", "HV connectors"): upper-case tokens of two to four
 * letters in the original text, so ordinary words ("as", "hr") are not mistaken for series.
 */
export const bareSeriesTokens = (text: string): ReadonlyArray<PartMention> => {
  const out: Array<PartMention> = []
  for (const run of tokenRuns(text)) {
    for (const token of run) {
      if (/^[A-Z]{2,4}$/.test(token.text)) out.push({ key: token.key, start: token.start, end: token.start + token.text.length })
    }
  }
  return out
}

/** The text with the given character spans blanked out (entity mentions removed before full-text search). */
export const withoutSpans = (text: string, spans: ReadonlyArray<readonly [number, number]>): string => {
  const keep = Array.from(text, () => true)
  for (const [start, end] of spans) for (let i = start; i < end && i < keep.length; i++) keep[i] = false
  return Array.from(text, (ch, i) => (keep[i] ? ch : " ")).join("")
}
