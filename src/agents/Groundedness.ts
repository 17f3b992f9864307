/**
 * Deterministic groundedness check: is every checkable statement of an answer supported by the sources it cites?
 * The verifier agent runs it on every draft before it can be sent, and the evals scorer runs the same code on
 * every sent answer, so "grounded" means the same thing at run time and in the reports.
 *
 * The recipe (see docs: the deterministic scorer of the evaluation notes):
 *  1. Split the answer into sentences and read the citation markers of each (`[1]`, `[1, 2]`, `[1][3]`).
 *  2. Extract checkable atoms: part numbers and other codes (`FM-CT-R13-22P`, `RG-316`), IP codes (`IP6K9K`),
 *     numbers with a unit (`13 A`, `-65 °C`, `4 N·m`, `3.0-6.5 mm`, `24 months`) and money (`$5`, `12 EUR`).
 *     Atoms are normalised (unit aliases, unicode minus, decimal commas, trailing zeros, part-number separators).
 *  3. Every atom must appear, as an atom, in a source the sentence cites — or, when the sentence cites nothing,
 *     in one of the sources the answer cites. An atom that appears only in an uncited source does not count.
 *     A number said of a specific part must not be the value the source gives for something else (attribution:
 *     the part's own rows state another value in the same unit).
 *  4. A sentence without numbers is a claim too — with or without part numbers and codes: enough of its content
 *     words must appear in the cited sources (lexical support). Questions are not claims.
 *  5. A marker that points past the citation list makes the answer ungrounded.
 *
 * Atoms are a high-precision gate (an invented part number or rating always fails); lexical support is a
 * weaker check for the rest. Pure and synchronous: no services, no I/O.
 */

export type AtomKind = "part" | "code" | "quantity" | "money"

export interface Atom {
  readonly kind: AtomKind
  /** As written in the text. */
  readonly text: string
  /** Normalised comparison key, e.g. `part:FMCTR1322P`, `quantity:13 A`, `code:IP68`. */
  readonly key: string
}

export interface AtomCheck extends Atom {
  readonly supported: boolean
  /** Ids of the cited sources that contain the atom. */
  readonly foundIn: ReadonlyArray<string>
}

export interface SentenceCheck {
  readonly text: string
  /** 1-based citation markers of the sentence. */
  readonly citations: ReadonlyArray<number>
  readonly atoms: ReadonlyArray<AtomCheck>
  /** False for questions, sentences without content words and sentences carried by numbers with units. */
  readonly claim: boolean
  /** Share of the sentence's content words found in the cited sources (1 when it is not a claim). */
  readonly lexicalSupport: number
  readonly supported: boolean
}

export interface GroundednessReport {
  /** Every atom supported, every claim sentence supported, no dangling marker, at least one source when needed. */
  readonly grounded: boolean
  /** Supported checks / all checks (atoms + claim sentences); 1 when there is nothing to check. */
  readonly score: number
  readonly sentences: ReadonlyArray<SentenceCheck>
  readonly atoms: ReadonlyArray<AtomCheck>
  /** Markers that point past the source list (`[3]` with two sources). */
  readonly danglingCitations: ReadonlyArray<number>
}

/** A cited source: `sources[0]` is `[1]`. `text` should include the title and headings a reader sees. */
export interface GroundingSource {
  readonly id: string
  readonly text: string
}

export interface GroundednessOptions {
  /** Minimum share of an atom-free claim's content words found in its sources (default 0.6). */
  readonly minLexicalSupport?: number
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------------------------

/** Unicode look-alikes that change nothing for the meaning. */
export const normalizeText = (text: string): string =>
  text
    .replace(/[\u2212\u2012\u2013\u2010\u2011]/g, (ch) => (ch === "\u2013" ? "–" : "-"))
    .replace(/[\u00a0\u2009\u202f]/g, " ")
    .replace(/º/g, "°")
    .replace(/μ/g, "µ")

/** Canonical decimal: "8.0" → "8", "0,5" → "0.5", "+175" → "175". */
const canonicalNumber = (raw: string): string => {
  const cleaned = raw.replace(/^\+/, "").replace(",", ".")
  const value = Number(cleaned)
  return Number.isFinite(value) ? String(value) : cleaned
}

/** Unit spellings → one canonical unit. Longest spellings first in the pattern below. */
const unitAliases: ReadonlyArray<readonly [string, string]> = [
  ["mating cycles", "cycles"],
  ["cycles", "cycles"],
  ["N·m", "N·m"],
  ["N.m", "N·m"],
  ["Nm", "N·m"],
  ["mΩ", "mΩ"],
  ["MΩ", "MΩ"],
  ["kΩ", "kΩ"],
  ["Ω", "Ω"],
  ["ohms", "Ω"],
  ["ohm", "Ω"],
  ["°C", "°C"],
  ["° C", "°C"],
  ["°F", "°F"],
  ["kV", "kV"],
  ["mV", "mV"],
  ["V", "V"],
  ["volts", "V"],
  ["mA", "mA"],
  ["kA", "kA"],
  ["A", "A"],
  ["amps", "A"],
  ["GHz", "GHz"],
  ["MHz", "MHz"],
  ["kHz", "kHz"],
  ["Hz", "Hz"],
  ["dB", "dB"],
  ["Gbit/s", "Gbit/s"],
  ["Mbit/s", "Mbit/s"],
  ["Gbps", "Gbit/s"],
  ["Mbps", "Mbit/s"],
  ["AWG", "AWG"],
  ["mm²", "mm²"],
  ["mm2", "mm²"],
  ["mm", "mm"],
  ["cm", "cm"],
  ["µm", "µm"],
  ["nm", "nm"],
  ["m", "m"],
  ["kg", "kg"],
  ["N", "N"],
  ["kW", "kW"],
  ["W", "W"],
  ["hours", "h"],
  ["hour", "h"],
  ["h", "h"],
  ["days", "days"],
  ["day", "days"],
  ["weeks", "weeks"],
  ["week", "weeks"],
  ["months", "months"],
  ["month", "months"],
  ["years", "years"],
  ["year", "years"],
  ["%", "%"]
]
const canonicalUnit = new Map(unitAliases.map(([spelling, unit]) => [spelling.toLowerCase(), unit]))
/** Case matters for a few units (mΩ vs MΩ); look up exact spelling first, then lower case. */
const exactUnit = new Map(unitAliases)

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
const UNIT = [...unitAliases.map(([s]) => s)].sort((a, b) => b.length - a.length).map(escape).join("|")
const NUM = String.raw`\d+(?:[.,]\d+)?`

/**
 * A number (optionally signed, optionally a range "3.0-6.5") followed by a unit. The number must not continue a
 * word or a part number ("C3-70", "R13"), and the unit must end the word ("5 AWG" is AWG, "A-coded" is no unit).
 */
const QUANTITY = new RegExp(
  String.raw`(?<![\p{L}\p{N}.])(?<![\p{L}\p{N}]-)([-+]?${NUM})(?:\s?[-–]\s?(${NUM}))?\s?(${UNIT})(?![\p{L}\p{N}²/·])(?!-\p{L})`,
  "gu"
)
const MONEY = new RegExp(
  String.raw`[$€£¥]\s?${NUM}(?:[.,]\d{3})*|(?<![\p{L}\p{N}])${NUM}(?:[.,]\d{3})*\s?(?:[€$£]|EUR|USD|GBP|CHF)(?![\p{L}])|\b(?:EUR|USD|GBP|CHF)\s?${NUM}`,
  "gu"
)
const IP_CODE = /(?<![\p{L}\p{N}])IP[0-9X]K?[0-9X]K?(?![\p{L}\p{N}])/gu
/** Upper-case code segments joined by dashes: FM-CT-R13-22P, FM-TC-M1, RG-316, FM-QS-J-EL. */
const CODE = /(?<![\p{L}\p{N}-])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+(?![\p{L}\p{N}])(?!-[\p{L}\p{N}])/gu

const partKey = (code: string) => code.toUpperCase().replace(/[\s\-/._]+/g, "")

// ---------------------------------------------------------------------------------------------------------------
// Atoms
// ---------------------------------------------------------------------------------------------------------------

/** The checkable atoms of a text, in order of appearance (duplicates kept). */
export const extractAtoms = (input: string): ReadonlyArray<Atom> => {
  const text = normalizeText(input)
  const found: Array<Atom & { readonly at: number }> = []
  const taken: Array<readonly [number, number]> = []
  const free = (start: number, end: number) => !taken.some(([a, b]) => start < b && end > a)
  const take = (start: number, end: number) => taken.push([start, end])

  for (const m of text.matchAll(MONEY)) {
    take(m.index, m.index + m[0].length)
    const amount = canonicalNumber((m[0].match(/\d+(?:[.,]\d+)?/) ?? ["0"])[0])
    found.push({ kind: "money", text: m[0], key: `money:${amount}`, at: m.index })
  }
  for (const m of text.matchAll(QUANTITY)) {
    if (!free(m.index, m.index + m[0].length)) continue
    take(m.index, m.index + m[0].length)
    const unit = exactUnit.get(m[3]!) ?? canonicalUnit.get(m[3]!.toLowerCase()) ?? m[3]!
    const value = m[2] === undefined ? canonicalNumber(m[1]!) : `${canonicalNumber(m[1]!)}-${canonicalNumber(m[2])}`
    found.push({ kind: "quantity", text: m[0], key: `quantity:${value} ${unit}`, at: m.index })
  }
  for (const m of text.matchAll(IP_CODE)) {
    if (!free(m.index, m.index + m[0].length)) continue
    take(m.index, m.index + m[0].length)
    found.push({ kind: "code", text: m[0], key: `code:${m[0]}`, at: m.index })
  }
  for (const m of text.matchAll(CODE)) {
    if (!free(m.index, m.index + m[0].length)) continue
    take(m.index, m.index + m[0].length)
    found.push({ kind: "part", text: m[0], key: `part:${partKey(m[0])}`, at: m.index })
  }
  return found.sort((a, b) => a.at - b.at).map(({ key, kind, text }) => ({ kind, text, key }))
}

/**
 * The keys a source supports: its atoms, plus both ends of every range ("0.8-1.1 N·m" supports "1.1 N·m").
 */
export const sourceKeys = (text: string): ReadonlySet<string> => {
  const keys = new Set<string>()
  for (const atom of extractAtoms(text)) {
    keys.add(atom.key)
    const range = /^quantity:(-?[\d.]+)-([\d.]+) (.+)$/.exec(atom.key)
    if (range !== null) {
      keys.add(`quantity:${range[1]} ${range[3]}`)
      keys.add(`quantity:${range[2]} ${range[3]}`)
    }
  }
  return keys
}

// ---------------------------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------------------------

const STOPWORDS = new Set(
  (
    "a an the and or but if then than so as at by for from in into of on onto to with without within over under " +
    "is are was were be been being am do does did done has have had having can could may might must shall should " +
    "will would it its it's this that these those there here their them they we you your yours our ours i me my " +
    "he she his her him who whom which what when where why how all any each every both either neither no not nor " +
    "only own same such too very just also more most other some few many much one two per via about above below " +
    "up down out off again further once while whereas because though although use used using see yes"
  ).split(" ")
)

/** Crude suffix stripping, enough to match "ratings"/"rated", "mates"/"mating", "sealed"/"sealing", "calibration"/"calibrate". */
export const stem = (word: string): string => {
  let w = word.toLowerCase()
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1)
  for (const suffix of ["ing", "ion", "ed", "ly"]) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length)
      break
    }
  }
  if (w.length >= 4 && w.endsWith("e")) w = w.slice(0, -1)
  return w
}

/** Content words (letters only, 3+ characters, not stop words), stemmed. */
export const contentStems = (text: string): ReadonlyArray<string> =>
  (normalizeText(text).toLowerCase().match(/\p{L}[\p{L}'’-]*\p{L}/gu) ?? [])
    .flatMap((w) => w.split(/[-'’]/))
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
    .map(stem)

// ---------------------------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------------------------

const MARKER = /\[(\d+(?:\s*,\s*\d+)*)\]/g

/** Sentences of an answer (lines, then sentence ends followed by a capital or a digit), with their citation markers. */
export const splitSentences = (input: string): ReadonlyArray<{ readonly text: string; readonly citations: ReadonlyArray<number> }> => {
  const out: Array<{ text: string; citations: ReadonlyArray<number> }> = []
  for (const line of normalizeText(input).split(/\n+/)) {
    const trimmed = line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, "").trim()
    if (trimmed === "") continue
    // A marker ends the sentence it follows: "… 5 A [1]. Next …".
    const parts = trimmed.split(/(?<=[.!?](?:\s*\[[\d,\s]+\])*)\s+(?=[A-Z0-9("“])/u)
    for (const part of parts) {
      const citations = [...part.matchAll(MARKER)].flatMap((m) => m[1]!.split(",").map((n) => Number(n.trim())))
      const text = part.replace(MARKER, "").replace(/\s+([.,;:!?])/g, "$1").trim()
      if (text !== "") out.push({ text, citations: [...new Set(citations)] })
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------------------------

interface IndexedSource {
  readonly id: string
  readonly keys: ReadonlySet<string>
  readonly stems: ReadonlySet<string>
  /** Atom keys per unit of the source: a table row, or a sentence of prose. */
  readonly units: ReadonlyArray<ReadonlySet<string>>
}

const sourceUnits = (text: string): ReadonlyArray<ReadonlySet<string>> =>
  normalizeText(text)
    .split(/\n+/)
    .flatMap((line) => (line.trim().startsWith("|") ? [line] : line.split(/(?<=[.!?])\s+(?=[A-Z0-9"“(])/)))
    .map((unit) => sourceKeys(unit))
    .filter((keys) => keys.size > 0)

const indexSource = (source: GroundingSource): IndexedSource => ({
  id: source.id,
  keys: sourceKeys(source.text),
  stems: new Set(contentStems(source.text)),
  units: sourceUnits(source.text)
})

const unitOf = (key: string) => /^quantity:[^ ]+ (.+)$/.exec(key)?.[1]

/**
 * Attribution: a quantity said of a specific part must not be the value the source gives for something else.
 * When the cited sources have rows or sentences naming the part, and those state a value in the same unit, the
 * sentence's value must be among them ("FM-CT-R13-22P is rated 13 A" fails when its row says 5 A, although 13 A
 * is in the datasheet for size 16). Values the part's own rows do not state (a series-wide temperature range)
 * only need to be present.
 */
const misattributed = (quantity: Atom, parts: ReadonlyArray<Atom>, sources: ReadonlyArray<IndexedSource>): boolean => {
  const unit = unitOf(quantity.key)
  if (unit === undefined || parts.length === 0) return false
  const partUnits = sources.flatMap((s) => s.units).filter((u) => parts.some((p) => u.has(p.key)))
  if (partUnits.length === 0 || partUnits.some((u) => u.has(quantity.key))) return false
  return partUnits.some((u) => [...u].some((k) => k !== quantity.key && unitOf(k) === unit))
}

/** Checks `text` against the sources it cites (`sources[i]` is marker `[i + 1]`). */
export const checkGroundedness = (
  text: string,
  sources: ReadonlyArray<GroundingSource>,
  options: GroundednessOptions = {}
): GroundednessReport => {
  const minLexical = options.minLexicalSupport ?? 0.6
  const indexed = sources.map(indexSource)
  const dangling = new Set<number>()
  const sentences: Array<SentenceCheck> = []

  for (const sentence of splitSentences(text)) {
    for (const n of sentence.citations) if (n < 1 || n > indexed.length) dangling.add(n)
    const cited = sentence.citations.length > 0
      ? sentence.citations.flatMap((n) => (n >= 1 && n <= indexed.length ? [indexed[n - 1]!] : []))
      : indexed
    const extracted = extractAtoms(sentence.text)
    // Specific part numbers (with a digit) the sentence talks about, for attribution.
    const parts = extracted.filter((a) => a.kind === "part" && /\d/.test(a.key))
    const atoms = extracted.map((atom): AtomCheck => {
      const foundIn = cited.filter((s) => s.keys.has(atom.key)).map((s) => s.id)
      const attributed = atom.kind !== "quantity" || !misattributed(atom, parts, cited)
      return { ...atom, supported: foundIn.length > 0 && attributed, foundIn }
    })
    const words = contentStems(sentence.text.replace(CODE, " ").replace(IP_CODE, " "))
    const question = /\?\s*$/.test(sentence.text)
    // A sentence is carried by its numbers; one that only names parts or codes ("FM-HV is safe to unplug under
    // load") still has to say what its sources say.
    const claim = !question && words.length > 0 && !atoms.some((a) => a.kind === "quantity" || a.kind === "money")
    const vocabulary = new Set(cited.flatMap((s) => [...s.stems]))
    const lexicalSupport = words.length === 0 ? 1 : words.filter((w) => vocabulary.has(w)).length / words.length
    const supported = atoms.every((a) => a.supported) && (!claim || (cited.length > 0 && lexicalSupport >= minLexical))
    sentences.push({
      text: sentence.text,
      citations: sentence.citations,
      atoms,
      claim,
      lexicalSupport: claim ? lexicalSupport : 1,
      supported
    })
  }

  const atoms = sentences.flatMap((s) => s.atoms)
  const checks = atoms.length + sentences.filter((s) => s.claim).length
  const passed = atoms.filter((a) => a.supported).length + sentences.filter((s) => s.claim && s.supported).length
  return {
    grounded: dangling.size === 0 && sentences.every((s) => s.supported),
    score: checks === 0 ? 1 : passed / checks,
    sentences,
    atoms,
    danglingCitations: [...dangling].sort((a, b) => a - b)
  }
}
