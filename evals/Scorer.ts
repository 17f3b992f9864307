/**
 * The groundedness scorer of the evals and of `pnpm eval score`.
 *
 * It is the verifier's check (`src/agents/Groundedness.ts`: sentence by sentence, every part number, code, money
 * amount and number-with-unit must be in a source the sentence cites and, when said of a part, be that part's
 * value; sentences without numbers need their words in the sources), so "grounded" means the same at run time
 * and in the reports. On top of it, three evals-only rules — candidates for the shared module once they have
 * proved themselves on real answers:
 *
 * 1. **Attribution by every detail, not only part numbers.** "Tighten the shell 15 backshell to 5.1 N·m" is
 *    refused when the source gives 5.1 N·m for shell 17 and 4.5 N·m for shell 15; "FM-QS plugs on RG-174 reach
 *    6 GHz" when 6 GHz is the RG-316 figure. The sources are cut into units (wide table rows; the clauses of
 *    "property | a, b; c" rows and of prose). A quantity Q's anchors are what the clause stating Q is about —
 *    other atoms (full part numbers weigh 2, series and other codes 1), other-unit quantities and bare numbers
 *    ("shell 15") 1, qualifier words ("multimode", "plug") ½ — plus the sentence's part numbers. Q is
 *    misattributed when a unit stating another value in Q's unit shares more anchor weight than every unit
 *    stating Q. A sentence quoted from a cited source (markup aside) is exempt: it says what the source says.
 * 2. **Polarity.** An atom-free claim whose best-matching source sentence (under its heading) has the opposite
 *    negation ("mate with each other" vs "the two do not mate") is refused.
 * 3. **Unit prefixes.** "500 mA" is supported by "0.5 A" (and "5 mA" is still refused by "5 A").
 */
import {
  checkGroundedness,
  contentStems,
  extractAtoms,
  type GroundingSource,
  normalizeText,
  sourceKeys
} from "../src/agents/Groundedness.js"

export type { GroundingSource } from "../src/agents/Groundedness.js"

export interface ClaimVerdict {
  readonly text: string
  readonly supported: boolean
  /** Why it is not supported (empty when it is). */
  readonly reasons: ReadonlyArray<string>
}

export interface UnsupportedAtom {
  readonly kind: string
  readonly text: string
  readonly reason: string
}

export interface AnswerVerdict {
  /** Every claim supported (which includes: no unsupported atom, no citation outside the source list). */
  readonly grounded: boolean
  /** Supported checks / checks (one per atom, one per sentence checked for its words); 1 when there is nothing to check. */
  readonly score: number
  readonly checks: number
  readonly supportedChecks: number
  readonly claims: ReadonlyArray<ClaimVerdict>
  /** Part numbers, codes, money and numbers with a unit that no cited source supports (or supports for something else). */
  readonly unsupportedAtoms: ReadonlyArray<UnsupportedAtom>
}

/** Minimum share of a claim's content words found in its cited sources. */
export const MinLexicalSupport = 0.6


// ---------------------------------------------------------------------------------------------------------------
// Source units
// ---------------------------------------------------------------------------------------------------------------

const QUALIFIERS = new Set([
  "single-mode", "multimode", "pin", "socket", "plug", "receptacle", "jack", "header", "straight", "right-angle",
  "angled", "male", "female", "zinc-nickel", "cadmium", "minimum", "maximum", "semi-rigid", "flexible", "a-coded",
  "d-coded", "x-coded", "vertical", "panel", "bulkhead"
])

const qualifiers = (text: string): ReadonlyArray<string> =>
  (normalizeText(text).toLowerCase().match(/\p{L}[\p{L}-]*\p{L}/gu) ?? [])
    .map((w) => (w.length > 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w))
    .filter((w) => QUALIFIERS.has(w))

const BARE_NUMBER = /(?<![\p{L}\p{N}.,-])\d+(?:\.\d+)?(?![\p{L}\p{N}]|[.,]\d)/gu

/** Clauses of a sentence that lists values: "4 A / 250 V (3 positions), 2 A / 30 V (8 positions); …". */
const clausesOf = (text: string): ReadonlyArray<string> => text.split(/;\s+|,\s+(?=[^,]*\d)/)

/** Lower-case word and number tokens, markup and punctuation dropped: for recognising quotations. */
const tokens = (text: string) => normalizeText(text).toLowerCase().match(/[\p{L}\p{N}]+(?:[.,·/][\p{L}\p{N}]+)*/gu) ?? []

/** Weighted anchor keys of a text: atoms, bare numbers (`num:15`), qualifier words (`word:plug`). */
const anchorKeys = (text: string): ReadonlyMap<string, number> => {
  const keys = new Map<string, number>()
  let rest = normalizeText(text)
  for (const atom of extractAtoms(text)) {
    const weight = atom.kind === "part" && (atom.text.match(/-/g)?.length ?? 0) >= 2 ? 2 : 1
    keys.set(atom.key, Math.max(keys.get(atom.key) ?? 0, weight))
    rest = rest.replace(atom.text, " ")
  }
  for (const key of sourceKeys(text)) if (!keys.has(key)) keys.set(key, 1)
  for (const m of rest.matchAll(BARE_NUMBER)) keys.set(`num:${Number(m[0])}`, 1)
  for (const w of qualifiers(rest)) keys.set(`word:${w}`, 0.5)
  return keys
}

interface SourceSentence {
  /** Sentence text prefixed with its section heading (for polarity). */
  readonly text: string
  readonly words: ReadonlySet<string>
  /** Attribution units of the sentence (clauses). */
  readonly units: ReadonlyArray<ReadonlyMap<string, number>>
}

interface IndexedSource {
  /** The source's tokens joined by single spaces, with spaces around: a quoted sentence is a substring. */
  readonly tokenText: string
  readonly keys: ReadonlySet<string>
  readonly sentences: ReadonlyArray<SourceSentence>
}

/** `mate`, `mates`, `mated` and `mating` compare equal. */
const wordKeys = (text: string): ReadonlyArray<string> => contentStems(text).map((s) => (s.length > 3 ? s.replace(/e$/, "") : s))

const indexSource = (source: GroundingSource): IndexedSource => {
  const sentences: Array<SourceSentence> = []
  let heading = ""
  for (const line of normalizeText(source.text).split(/\n+/)) {
    const headingMatch = /^#{1,6}\s+(.*)$/.exec(line.trim())
    if (headingMatch !== null) {
      heading = headingMatch[1]!
      continue
    }
    const cells = line.split("|").map((c) => c.trim()).filter((c) => c !== "")
    const table = line.trim().startsWith("|")
    if (table && cells.every((c) => /^-+$/.test(c))) continue
    // A wide table row is one record; a "property | value" row and prose list values clause by clause.
    const record = table && cells.length > 2
    const [label, value] = table && cells.length === 2 ? [cells[0]!, cells[1]!] : ["", record ? cells.join(" | ") : line]
    const parts = table ? [value] : value.split(/(?<=[.!?])\s+(?=[A-Z(])/)
    for (const part of parts) {
      const text = `${heading}: ${label} ${part}`
      sentences.push({
        text,
        words: new Set(wordKeys(text)),
        units: (record ? [part] : clausesOf(part)).map((clause) => anchorKeys(`${label} ${clause}`))
      })
    }
  }
  return {
    tokenText: ` ${tokens(source.text).join(" ")} `,
    keys: sourceKeys(source.text),
    sentences
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------------------------

const quantityParts = (key: string) => {
  const m = /^quantity:(-?[\d.]+) (.+)$/.exec(key)
  return m === null ? null : { value: Number(m[1]), unit: m[2]! }
}

const prefixes: Record<string, readonly [string, number]> = {
  mA: ["A", 1e-3], kA: ["A", 1e3], mV: ["V", 1e-3], kV: ["V", 1e3], "mΩ": ["Ω", 1e-3], "kΩ": ["Ω", 1e3],
  "MΩ": ["Ω", 1e6], kHz: ["Hz", 1e3], MHz: ["Hz", 1e6], GHz: ["Hz", 1e9], mm: ["m", 1e-3], cm: ["m", 1e-2],
  "µm": ["m", 1e-6], nm: ["m", 1e-9], kW: ["W", 1e3], "Mbit/s": ["bit/s", 1e6], "Gbit/s": ["bit/s", 1e9]
}
const inBase = (q: { readonly value: number; readonly unit: string }) => {
  const [base, factor] = prefixes[q.unit] ?? [q.unit, 1]
  return { value: q.value * factor, base }
}

/** A quantity the sources state in another prefix of the same unit ("500 mA" for "0.5 A"). */
const supportedInOtherPrefix = (key: string, sources: ReadonlyArray<IndexedSource>) => {
  const q = quantityParts(key)
  if (q === null) return false
  const wanted = inBase(q)
  return sources.some((s) =>
    [...s.keys].some((k) => {
      const other = quantityParts(k)
      if (other === null || other.unit === q.unit) return false
      const have = inBase(other)
      return have.base === wanted.base && Math.abs(have.value - wanted.value) <= 1e-9 * Math.max(1, Math.abs(wanted.value))
    })
  )
}

const weightOf = (anchors: ReadonlyMap<string, number>, unit: ReadonlyMap<string, number>) => {
  let total = 0
  for (const [key, weight] of anchors) if (unit.has(key)) total += weight
  return total
}

/** A sentence copied from a cited source (markup aside) says what the source says: nothing to attribute. */
const quoted = (sentence: string, sources: ReadonlyArray<IndexedSource>) => {
  const t = tokens(sentence)
  if (t.length < 4) return false
  const needle = ` ${t.join(" ")} `
  return sources.some((s) => s.tokenText.includes(needle))
}

/**
 * The anchors of Q: what the clause stating Q says it is about (bare numbers, qualifiers, other atoms), plus the
 * part numbers and codes of the whole sentence (its subject). Values in Q's own unit compete with Q instead.
 */
const anchorsOf = (sentence: string, key: string, unit: string): ReadonlyMap<string, number> => {
  const clause = clausesOf(sentence).find((c) => anchorKeys(c).has(key)) ?? sentence
  const anchors = new Map(anchorKeys(clause))
  for (const [k, weight] of anchorKeys(sentence)) if (k.startsWith("part:") || k.startsWith("code:")) anchors.set(k, weight)
  for (const k of [...anchors.keys()]) if (k === key || quantityParts(k)?.unit === unit) anchors.delete(k)
  return anchors
}

const misattributed = (sentence: string, key: string, sources: ReadonlyArray<IndexedSource>): boolean => {
  const q = quantityParts(key)
  if (q === null) return false
  const anchors = anchorsOf(sentence, key, q.unit)
  if (anchors.size === 0) return false
  let support = 0
  let conflict = 0
  for (const source of sources) {
    for (const sentenceUnits of source.sentences) {
      for (const unit of sentenceUnits.units) {
        if (unit.has(key)) support = Math.max(support, weightOf(anchors, unit))
        else if ([...unit.keys()].some((k) => quantityParts(k)?.unit === q.unit)) conflict = Math.max(conflict, weightOf(anchors, unit))
      }
    }
  }
  return conflict > support
}

const NEGATION = /\b(?:not|no|never|cannot|none|neither|nor)\b|n't\b/i

/** The cited sentence most like the claim (Jaccard over content words) has the opposite polarity. */
const contradicts = (claim: string, sources: ReadonlyArray<IndexedSource>): boolean => {
  const words = new Set(wordKeys(claim))
  let best: SourceSentence | undefined
  let bestSimilarity = 0
  for (const source of sources) {
    for (const sentence of source.sentences) {
      const shared = [...words].filter((w) => sentence.words.has(w)).length
      const similarity = shared / (words.size + sentence.words.size - shared)
      if (similarity > bestSimilarity) {
        best = sentence
        bestSimilarity = similarity
      }
    }
  }
  return best !== undefined && NEGATION.test(claim) !== NEGATION.test(best.text)
}

const describeAtom = (atom: { readonly kind: string; readonly text: string }) =>
  atom.kind === "part" ? `part number ${atom.text}` : `${atom.kind} ${atom.text}`

// ---------------------------------------------------------------------------------------------------------------

/** Scores `text` against the sources it cites (`sources[i]` is marker `[i + 1]`; unmarked sentences: all). */
export const scoreAnswer = (text: string, sources: ReadonlyArray<GroundingSource>): AnswerVerdict => {
  const report = checkGroundedness(text, sources, { minLexicalSupport: MinLexicalSupport })
  const indexed = sources.map(indexSource)
  const unsupportedAtoms: Array<UnsupportedAtom> = []
  let supportedChecks = 0
  const claims = report.sentences.map((sentence): ClaimVerdict => {
    const cited = sentence.citations.length > 0 ? sentence.citations.flatMap((n) => indexed[n - 1] ?? []) : indexed
    const reasons: Array<string> = []
    const isQuote = quoted(sentence.text, cited)
    for (const n of sentence.citations) {
      if (n < 1 || n > sources.length) reasons.push(`cites [${n}], which is not in the source list`)
    }
    for (const atom of sentence.atoms) {
      const reason = atom.supported
        // The shared check passed it; the stricter attribution may not.
        ? !isQuote && misattributed(sentence.text, atom.key, cited)
          ? `${describeAtom(atom)} is stated for something else in the cited sources`
          : null
        : atom.foundIn.length > 0
        // Present, but the shared check's attribution refused it.
        ? `${describeAtom(atom)} is stated for something else in the cited sources`
        : supportedInOtherPrefix(atom.key, cited)
        ? null
        : `${describeAtom(atom)} is in no cited source`
      if (reason === null) {
        supportedChecks++
      } else {
        reasons.push(reason)
        unsupportedAtoms.push({ kind: atom.kind, text: atom.text, reason })
      }
    }
    if (sentence.claim) {
      const before = reasons.length
      if (sentence.lexicalSupport < MinLexicalSupport) {
        reasons.push(`only ${Math.round(sentence.lexicalSupport * 100)} % of its words are in the cited sources`)
      } else if (sentence.atoms.length === 0 && !isQuote && contradicts(sentence.text, cited)) {
        reasons.push("the cited sources say the opposite")
      }
      if (reasons.length === before) supportedChecks++
    }
    return { text: sentence.text, supported: reasons.length === 0, reasons }
  })
  const checks = report.atoms.length + report.sentences.filter((s) => s.claim).length
  return {
    grounded: claims.every((c) => c.supported),
    score: checks === 0 ? 1 : supportedChecks / checks,
    checks,
    supportedChecks,
    claims,
    unsupportedAtoms
  }
}
