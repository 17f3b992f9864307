/**
 * Evidence units: the passages the research step found, cut into the smallest pieces an answer can quote — one
 * table row (with its column headers) or one sentence / list item — and a deterministic relevance score of a
 * unit for a question. The offline writer answers with the best units, verbatim, so every number it states is
 * copied from a cited source.
 */
import type { Passage } from "../knowledge/Retriever.js"
import { contentStems, extractAtoms, normalizeText, stem } from "./Groundedness.js"

export interface SourceRef {
  readonly id: string
  readonly title: string
  readonly revision: string
  readonly url: string
  readonly kind: string
}

export interface Cell {
  readonly header: string
  readonly value: string
}

export interface EvidenceUnit {
  readonly source: SourceRef
  readonly passageId: string
  readonly heading: string
  readonly kind: "row" | "sentence"
  /** The unit as the answer quotes it (cells rendered as "Header value", sentences verbatim). */
  readonly text: string
  /** The FAQ question or troubleshooting symptom the text starts with ("" when none); `text` = frame + body. */
  readonly frame: string
  /** Table cells of a row (empty for sentences). */
  readonly cells: ReadonlyArray<Cell>
  /** Stems of the text and column headers, plus the section heading. */
  readonly stems: ReadonlySet<string>
  /** Stems of the text and column headers only. */
  readonly textStems: ReadonlySet<string>
  /** Stems of the section heading. */
  readonly headingStems: ReadonlySet<string>
  /** Stems of the document title (shared by every unit of the document, so they weigh little). */
  readonly titleStems: ReadonlySet<string>
  /** Stems of what a row is about: the property name of a "Property | Value" row, or the key column's header. */
  readonly keyStems: ReadonlySet<string>
  /** Atom keys (part numbers, quantities, codes) of the unit. */
  readonly atoms: ReadonlySet<string>
  /** Position of the passage in the retrieval results (0 = best). */
  readonly rank: number
}

export const sourceRef = (p: Passage): SourceRef => ({
  id: p.sourceId,
  title: p.title,
  revision: p.revision,
  url: p.url,
  kind: p.kind
})

const splitRow = (line: string): ReadonlyArray<string> =>
  line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim())

const isRule = (line: string) => /^\|?\s*:?-{3,}/.test(line.trim())

const GENERIC_HEADERS = /^(?:property|parameter|item|characteristic|feature|value|spec(?:ification)?)$/i
const PART_LIKE = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/

const lowerHeader = (header: string) => (/[A-Z]{2,}|\d/.test(header) ? header : header.toLowerCase())

/** "Temperature range: -65 °C to +175 °C"; "FM-PX-P3-BK: shell size 3, current per contact 200 A"; "Shell size 13: backshell torque 4 N·m". */
export const renderRow = (cells: ReadonlyArray<Cell>): string => {
  const present = cells.filter((c) => c.value !== "" && c.value !== "—" && c.value !== "-")
  const [first, ...rest] = present
  if (first === undefined) return ""
  if (rest.length === 0) return `${first.header}: ${first.value}`
  const restText = rest.map((c) => (GENERIC_HEADERS.test(c.header) ? c.value : `${lowerHeader(c.header)} ${c.value}`)).join(", ")
  if (GENERIC_HEADERS.test(first.header) || PART_LIKE.test(first.value) || first.header === "") {
    return `${first.value}: ${restText}`
  }
  return `${first.header} ${first.value}: ${restText}`
}

/** Sentence ends: punctuation, a space, then a capital or a digit ("0.1 mm" and "e.g. FM-CT" do not end one). */
const sentenceSplit = (paragraph: string): ReadonlyArray<string> =>
  paragraph
    .split(/(?<!\b(?:e\.g|i\.e|approx|max|min|no|vs|cf|incl|fig|ca))(?<=[.!?])\s+(?=[A-Z0-9"“(])/i)
    .map((s) => s.trim())
    .filter((s) => s !== "")

/** Words a unit is found by: its text, plus "ingress protection" where it speaks of IP codes. */
const termText = (text: string) => (/\bIP(?:\b|[0-9X])/.test(text) ? `${text} ingress protection` : text)

const BOILERPLATE = /^(?:>|Document [a-z0-9-]+, revision)/

/** The quotable units of one passage. */
export const unitsOfPassage = (passage: Passage, rank: number): ReadonlyArray<EvidenceUnit> => {
  const source = sourceRef(passage)
  // The section heading and the document title say what a unit is about ("Outside office hours").
  const headingStems = new Set(contentStems(termText(passage.heading)))
  const titleStems = new Set(contentStems(termText(passage.title)))
  // In FAQs and troubleshooting guides the heading is the question or the symptom: a sentence is quoted with it.
  const withHeading = (passage.kind === "faq" || passage.kind === "troubleshooting") && passage.heading !== ""
  const frame = !withHeading ? "" : passage.heading.endsWith("?") ? `${passage.heading} ` : `${passage.heading}: `
  const make = (kind: EvidenceUnit["kind"], body: string, cells: ReadonlyArray<Cell>): EvidenceUnit => {
    const unitFrame = kind === "sentence" ? frame : ""
    const text = `${unitFrame}${body}`
    const textStems = new Set(contentStems(termText(`${text} ${cells.map((c) => c.header).join(" ")}`)))
    return {
      source,
      passageId: passage.id,
      heading: passage.heading,
      kind,
      text,
      frame: unitFrame,
      cells,
      stems: new Set([...textStems, ...headingStems, ...titleStems]),
      textStems,
      headingStems,
      titleStems,
      keyStems: new Set(
        cells[0] === undefined
          ? []
          : contentStems(termText(GENERIC_HEADERS.test(cells[0].header) ? cells[0].value : cells[0].header))
      ),
      atoms: new Set(extractAtoms(text).map((a) => a.key)),
      rank
    }
  }
  const units: Array<EvidenceUnit> = []
  const lines = normalizeText(passage.text).split(/\r?\n/)
  let i = 0
  // The chunk repeats its heading as the first line.
  if (passage.heading !== "" && lines[0]?.trim() === passage.heading) i = 1
  let paragraph: Array<string> = []
  const flushParagraph = () => {
    if (paragraph.length === 0) return
    // A very short sentence ("No.", "Yes, all except…") belongs with the next one.
    const sentences = sentenceSplit(paragraph.join(" ")).reduce<Array<string>>((out, sentence) => {
      const previous = out.at(-1)
      if (previous !== undefined && previous.split(/\s+/).length < 4) out[out.length - 1] = `${previous} ${sentence}`
      else out.push(sentence)
      return out
    }, [])
    for (const sentence of sentences) units.push(make("sentence", sentence, []))
    paragraph = []
  }
  while (i < lines.length) {
    const line = lines[i]!.trim()
    if (line.startsWith("|")) {
      flushParagraph()
      const block: Array<string> = []
      while (i < lines.length && lines[i]!.trim().startsWith("|")) block.push(lines[i++]!.trim())
      const [header, ...rest] = block
      if (header === undefined) continue
      const headers = splitRow(header)
      for (const row of rest.filter((r) => !isRule(r))) {
        const values = splitRow(row)
        const cells = headers.map((h, k) => ({ header: h, value: values[k] ?? "" }))
        const text = renderRow(cells)
        if (text !== "") units.push(make("row", text, cells))
      }
      continue
    }
    if (line === "" || BOILERPLATE.test(line) || /^#/.test(line)) {
      flushParagraph()
    } else if (/^(?:[-*•]|\d+[.)])\s+/.test(line)) {
      flushParagraph()
      units.push(make("sentence", line.replace(/^(?:[-*•]|\d+[.)])\s+/, ""), []))
    } else {
      paragraph.push(line)
    }
    i++
  }
  flushParagraph()
  return units
}

// ---------------------------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------------------------

export interface Query {
  /** Content stems of the question with their weights (1 for the current question, less for context). */
  readonly stems: ReadonlyMap<string, number>
  /** Atom keys in the question ("quantity:200 A", "code:IP67"). */
  readonly atoms: ReadonlySet<string>
  /** Bare numbers that identify a row ("13" for shell 13, "12" for size 12). */
  readonly numbers: ReadonlySet<string>
  /** Normalised part keys the question is about. */
  readonly parts: ReadonlySet<string>
  /** Series codes the question is about ("FM-CT"). */
  readonly series: ReadonlySet<string>
  /** Extra score for units of a kind of document (troubleshooting guides for a problem…). */
  readonly kindBoost: Readonly<Record<string, number>>
  /** Weight of a unit that names one of the query's parts (less when the parts are context, not the subject). */
  readonly partWeight: number
}

/** Words that say nothing about which passage answers ("connector", "need", "please"…). */
const GENERIC = new Set(
  [
    "connector", "connectors", "fitmate", "series", "part", "parts", "need", "want", "know", "tell", "please",
    "question", "get", "make", "find", "like", "good", "correct", "right", "okay", "thing", "things", "help",
    "could", "would", "should", "much", "many", "what", "which", "whats", "there", "product", "products", "version",
    "type", "kind", "one", "ones", "someone", "info", "information", "details", "spec", "specs", "about", "thank",
    "thanks", "hello", "hi", "hey", "mine", "using", "used", "do", "does", "did", "can", "is", "are", "the", "fm",
    "keep", "keeps", "come", "coming", "got", "still", "quick", "actually", "really", "always", "ever", "won", "going",
    "operating", "possible", "able", "way", "guys"
  ].map(stem)
)

/** Question words → words the documents use for the same thing. */
const SYNONYMS: ReadonlyArray<readonly [ReadonlyArray<string>, ReadonlyArray<string>]> = [
  [["amp", "amps", "ampere", "amperes", "amperage", "carry"], ["current"]],
  [["volt", "volts"], ["voltage"]],
  [["temp", "hot", "heat", "warm", "cold"], ["temperature"]],
  [["tight", "tighten", "tightening", "torqued"], ["torque"]],
  [["waterproof", "water", "wash", "washing", "submersible", "dust"], ["ingress", "protection", "sealed"]],
  [["sealed", "sealing", "seal"], ["ingress", "protection"]],
  [["cycles", "times", "lifetime", "life"], ["durability", "cycles"]],
  [["ghz", "mhz", "bandwidth"], ["frequency"]],
  [["ohm", "ohms"], ["impedance"]],
  [["pins", "pin", "ways", "way", "poles"], ["positions", "contacts"]],
  [["wire", "gauge", "awg"], ["wire", "awg"]],
  [["fibre"], ["fiber"]],
  [["long"], ["period", "months"]],
  [["limit", "limits", "max", "maximum", "highest", "peak"], ["maximum", "limit", "peak"]],
  [["hours", "hour", "open", "opening", "staffed", "available", "availability"], ["hours", "monday", "friday", "business"]],
  [["mate", "mates", "mating", "mated"], ["mates", "mating"]],
  [["unplug", "disconnect", "unmate"], ["unmated", "mated"]],
  [["loose", "vibration", "vibrating"], ["vibration", "coupling"]]
]
const synonymIndex = new Map<string, ReadonlyArray<string>>()
for (const [words, targets] of SYNONYMS) {
  for (const w of words) synonymIndex.set(stem(w), targets.map(stem))
}

const editDistance = (a: string, b: string, max: number): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  let prevPrev: Array<number> = prev
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1)
      cur.push(d)
      best = Math.min(best, d)
    }
    if (best > max) return max + 1
    prevPrev = prev
    prev = cur
  }
  return prev[b.length]!
}

/** Misspelt question words → the closest word of the evidence ("torqe" → "torque", "waranty" → "warranty"). */
export const correctStems = (stems: ReadonlyArray<string>, vocabulary: ReadonlySet<string>): ReadonlyArray<string> =>
  stems.map((s) => {
    if (vocabulary.has(s) || s.length < 4) return s
    const max = s.length >= 7 ? 2 : 1
    let best: string | undefined
    let bestDistance = max + 1
    for (const v of vocabulary) {
      if (Math.abs(v.length - s.length) > max || v[0] !== s[0]) continue
      const d = editDistance(s, v, max)
      if (d < bestDistance || (d === bestDistance && best !== undefined && v < best)) {
        best = v
        bestDistance = d
      }
    }
    return best ?? s
  })

/** Query stems with weights: the question's own words (weight 1), synonyms (0.8), context words (`contextWeight`). */
export const queryStems = (
  question: string,
  context: string,
  vocabulary: ReadonlySet<string>,
  contextWeight: number = 0.4
): ReadonlyMap<string, number> => {
  const weights = new Map<string, number>()
  const add = (s: string, w: number) => {
    if (GENERIC.has(s)) return
    weights.set(s, Math.max(weights.get(s) ?? 0, w))
  }
  const own = correctStems(contentStems(question), vocabulary)
  for (const s of own) {
    add(s, 1)
    for (const syn of synonymIndex.get(s) ?? []) add(syn, 0.8)
  }
  for (const s of correctStems(contentStems(context), vocabulary)) add(s, contextWeight)
  return weights
}

export interface Scored {
  readonly unit: EvidenceUnit
  readonly score: number
  /** Share of the question's own stems (weight ≥ 0.8) the unit contains. */
  readonly coverage: number
  readonly matched: ReadonlySet<string>
}

const seriesOfTitle = (title: string): string | undefined => /^(FM-[A-Z]{2})\b/.exec(title)?.[1]

/** Scores units for a query; inverse document frequency is computed over the given units. */
export const scoreUnits = (units: ReadonlyArray<EvidenceUnit>, query: Query): ReadonlyArray<Scored> => {
  const df = new Map<string, number>()
  for (const u of units) for (const s of u.stems) df.set(s, (df.get(s) ?? 0) + 1)
  const n = Math.max(1, units.length)
  const idf = (s: string) => Math.log(1 + n / (df.get(s) ?? 0.5))
  // Words no unit contains cannot be covered by any; they count half against coverage.
  const own = [...query.stems].filter(([, w]) => w >= 0.8).map(([s, w]) => [s, df.has(s) ? w : w / 2] as const)
  // The question's ratings and codes ("IP68", "16 AWG") count towards coverage like words.
  const atomWeight = 2
  const ownTotal = own.reduce((sum, [s, w]) => sum + w * idf(s), 0) + atomWeight * query.atoms.size

  return units.map((unit): Scored => {
    const matched = new Set<string>()
    let score = 0
    for (const [s, w] of query.stems) {
      if (!unit.stems.has(s)) continue
      matched.add(s)
      // A word only the section heading has counts less than one the unit itself says; the title even less.
      score += w * idf(s) * (unit.textStems.has(s) ? 1 : unit.headingStems.has(s) ? 0.6 : 0.3)
    }
    for (const [s, w] of own) if (unit.keyStems.has(s)) score += w
    for (const key of query.atoms) if (unit.atoms.has(key)) score += 3
    const partHits = [...query.parts].filter((p) => unit.atoms.has(`part:${p}`)).length
    score += query.partWeight * Math.min(partHits, 2)
    if (query.numbers.size > 0) {
      if (unit.kind === "row") {
        const key = unit.cells[0]?.value.trim() ?? ""
        if (query.numbers.has(key) || query.numbers.has(key.replace(/^[A-Za-z ]+/, ""))) score += 2.5
        else if (unit.cells.slice(1).some((c) => query.numbers.has(c.value.trim()))) score += 1
      } else {
        const tokens = new Set(unit.text.match(/\b\d+(?:\.\d+)?\b/g) ?? [])
        if ([...query.numbers].some((x) => tokens.has(x))) score += 1
      }
    }
    const series = seriesOfTitle(unit.source.title)
    score += query.kindBoost[unit.source.kind] ?? 0
    if (query.series.size > 0) {
      // A unit that names the series asked about ("FM-CT contacts … FM-CB insert") is about them.
      score += Math.min(2, [...query.series].filter((code) => unit.text.includes(code)).length)
      if (series !== undefined && query.series.has(series)) score += 1.5
      else if (series !== undefined) score -= 3
      else if ([...query.series].some((s) => unit.text.includes(s) || unit.heading.includes(s))) score += 1
      else if ([...unit.atoms].some((a) => /^part:FM[A-Z]{2}/.test(a))) score -= 1.5
    }
    score += 1 / (unit.rank + 2)
    const covered = own.filter(([s]) => matched.has(s)).reduce((sum, [s, w]) => sum + w * idf(s), 0) +
      atomWeight * [...query.atoms].filter((key) => unit.atoms.has(key)).length
    return { unit, score, coverage: ownTotal === 0 ? 0 : covered / ownTotal, matched }
  })
}
