/**
 * The offline writer: deterministic answers without a model.
 *
 *  - a catalog part → its facts (ratings, temperature, sealing, compliance, mating parts, contacts, backshells,
 *    caps, tools…), each stated only if the part's datasheet passage found by research contains it, cited to
 *    that datasheet;
 *  - stated requirements ("IP67, 8 positions, at least 10 A") → the matching parts with the facts asked for;
 *  - anything else → the best quotable units of the documents (a table row with its headers, a sentence),
 *    verbatim, with their citations;
 *  - a mistyped part number → "did you mean…" with buttons; a question that names no product → "which series?";
 *  - nothing supported → no draft (the policy asks or hands over; the bot never guesses).
 *
 * Pure: the research step did all I/O.
 */
import { Option } from "effect"
import type { Compatibility } from "../knowledge/Catalog.js"
import type { Part } from "../knowledge/Part.js"
import { normalizePartNumber } from "../knowledge/PartNumber.js"
import type { Citation, Clarification, Draft, QuickReply } from "./AgentGraph.js"
import { helloReply, thanksReply } from "./CannedReplies.js"
import {
  type EvidenceUnit,
  type Query,
  queryStems,
  type Scored,
  scoreUnits,
  type SourceRef,
  unitsOfPassage
} from "./Evidence.js"
import { checkGroundedness, contentStems, extractAtoms, normalizeText } from "./Groundedness.js"
import { TalkToEngineerPostback } from "./HumanRequest.js"
import type { ResearchResult, TriagedTurn, Written } from "./Steps.js"
import type { Focus } from "./Triage.js"

export const talkToEngineerReply: QuickReply = { id: TalkToEngineerPostback, label: "Talk to an engineer" }

/** Quick-reply ids for a chosen series or part: the message text is the label, so the next turn reads it. */
export const seriesPostback = (series: string) => `series:${series}`
export const partPostback = (partNumber: string) => `part:${partNumber}`

export const offlineTuning = {
  /** A document answer needs at least this share of the question's words… */
  minCoverage: 0.25,
  /** …and this relevance score. */
  minScore: 3,
  /** Further units join the best one when they score at least this share of it and add words. */
  companionShare: 0.6,
  maxUnits: 3,
  /** Parts shown for an attribute search. */
  maxListed: 4
} as const

// ---------------------------------------------------------------------------------------------------------------
// Citations and sentences
// ---------------------------------------------------------------------------------------------------------------

class Citations {
  private readonly list: Array<SourceRef> = []
  marker(source: SourceRef): number {
    const index = this.list.findIndex((s) => s.id === source.id)
    if (index >= 0) return index + 1
    this.list.push(source)
    return this.list.length
  }
  toCitations(): ReadonlyArray<Citation> {
    return this.list.map((s) => ({ id: s.id, title: s.title, revision: s.revision, url: s.url }))
  }
}

/** "text [n]." — the marker goes before the final punctuation. */
const cite = (text: string, n: number): string => {
  const trimmed = text.trim().replace(/[.;:,]+$/, "")
  return `${trimmed} [${n}].`
}

const fmt = (n: number): string => String(n)

const listText = (items: ReadonlyArray<string>): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`

// ---------------------------------------------------------------------------------------------------------------
// Part facts, checked against the part's datasheet
// ---------------------------------------------------------------------------------------------------------------

interface PartEvidence {
  readonly part: Part
  readonly source: SourceRef | undefined
  /** Rows whose first cell is the part number (ordering table, mating table). */
  readonly rows: ReadonlyArray<EvidenceUnit>
  /** Every unit of the part's datasheet that research found. */
  readonly sheet: ReadonlyArray<EvidenceUnit>
}

const partEvidence = (part: Part, units: ReadonlyArray<EvidenceUnit>): PartEvidence => {
  const sheet = units.filter((u) => u.source.id === part.datasheetId)
  const key = `part:${normalizePartNumber(part.partNumber)}`
  const rows = sheet.filter((u) => u.kind === "row" && u.cells[0] !== undefined && normalizePartNumber(u.cells[0].value) === normalizePartNumber(part.partNumber))
  return { part, source: sheet[0]?.source, rows: rows.length > 0 ? rows : sheet.filter((u) => u.atoms.has(key)), sheet }
}

const lower = (s: string) => normalizeText(s).toLowerCase().replace(/\s+/g, " ")

/** Every atom of `value` is in the part's rows (or, for series-wide facts, anywhere in its datasheet). */
const supported = (ev: PartEvidence, value: string, scope: "row" | "sheet"): boolean => {
  const units = scope === "row" ? ev.rows : [...ev.rows, ...ev.sheet]
  const atoms = extractAtoms(value)
  if (atoms.length > 0) return atoms.every((a) => units.some((u) => u.atoms.has(a.key)))
  const wanted = lower(value)
  return units.some((u) => lower(u.text).includes(wanted))
}

const temperatureText = (p: Part): string | undefined =>
  p.tempMinC === null || p.tempMaxC === null
    ? undefined
    : `${fmt(p.tempMinC)} °C to ${p.tempMaxC > 0 ? "+" : ""}${fmt(p.tempMaxC)} °C`

const relationLabels: ReadonlyArray<readonly [Focus, keyof Compatibility, string]> = [
  ["contacts", "contacts", "Contacts"],
  ["backshells", "backshells", "Backshells"],
  ["caps", "caps", "Caps"],
  ["tools", "tools", "Crimp tools"]
]

const ratingFocus: ReadonlySet<Focus> = new Set([
  "current", "voltage", "temperature", "sealing", "compliance", "impedance", "frequency", "pitch", "positions", "fiber",
  "materials", "coupling", "termination", "wire", "mating", "contacts", "backshells", "caps", "tools", "fits"
])

/** Sentences about one part for the asked focus; empty when the datasheet passages do not support any. */
const partSentences = (
  compat: Compatibility,
  ev: PartEvidence,
  focus: ReadonlySet<Focus>,
  n: number
): ReadonlyArray<string> => {
  const p = compat.part
  const pn = p.partNumber
  const out: Array<string> = []
  const asked = [...focus].filter((f) => ratingFocus.has(f))
  const summary = asked.length === 0
  const wants = (f: Focus) => summary || focus.has(f)

  const ratings: Array<string> = []
  if (wants("current") && p.currentRatingA !== null) {
    const v = `${fmt(p.currentRatingA)} A`
    if (supported(ev, v, "row")) ratings.push(`${v} per contact`)
  }
  if (wants("voltage") && p.voltageRatingV !== null) {
    const v = `${fmt(p.voltageRatingV)} V`
    if (supported(ev, v, "row")) ratings.push(v)
  }
  if (ratings.length > 0) out.push(cite(`${pn} is rated ${listText(ratings)}`, n))

  if (wants("temperature")) {
    const t = temperatureText(p)
    if (t !== undefined && supported(ev, t, "sheet")) out.push(cite(`${pn} operates from ${t}`, n))
  }
  if (wants("sealing") && p.ipRating !== null && supported(ev, p.ipRating, "sheet")) {
    out.push(cite(`${pn} is sealed to ${p.ipRating}`, n))
  }
  if (focus.has("compliance") && p.rohs !== null) {
    const sheetText = ev.sheet.map((u) => lower(u.text)).join("\n")
    const mentionsRohs = sheetText.includes("rohs")
    const negative = /not (?:rohs )?compliant|not rohs/.test(sheetText)
    if (mentionsRohs && (p.rohs || negative)) {
      const reach = p.reach === null ? "" : p.reach === p.rohs ? (p.rohs ? " and REACH compliant" : " and not REACH compliant") : ""
      out.push(cite(`${pn} is ${p.rohs ? "" : "not "}RoHS compliant${reach}`, n))
    }
  }
  if (wants("impedance") && p.impedanceOhm !== null && supported(ev, `${fmt(p.impedanceOhm)} Ω`, "row")) {
    out.push(cite(`${pn} has an impedance of ${fmt(p.impedanceOhm)} Ω`, n))
  }
  if (wants("frequency") && p.maxFrequencyGHz !== null && supported(ev, `${fmt(p.maxFrequencyGHz)} GHz`, "row")) {
    out.push(cite(`${pn} is rated up to ${fmt(p.maxFrequencyGHz)} GHz`, n))
  }
  if (wants("pitch") && p.pitchMm !== null && supported(ev, `${fmt(p.pitchMm)} mm`, "sheet")) {
    out.push(cite(`${pn} has a ${fmt(p.pitchMm)} mm pitch`, n))
  }
  if (focus.has("positions") && p.positions !== null) {
    const row = ev.rows.find((u) => u.cells.some((c) => c.value.trim() === String(p.positions)))
    if (row !== undefined) out.push(cite(`${pn} has ${p.positions} ${p.family === "fiber-optic" ? "channels" : "positions"}`, n))
  }
  if ((focus.has("fiber") || (summary && p.fiberType !== null)) && p.fiberType !== null && supported(ev, p.fiberType, "row")) {
    out.push(cite(`${pn} is for ${p.fiberType} fiber`, n))
  }
  if (focus.has("materials")) {
    const materials = [
      ["housing", p.housingMaterial],
      ["plating", p.plating],
      ["contacts", p.contactMaterial],
      ["seals", p.sealMaterial]
    ].filter((m): m is [string, string] => m[1] !== null && supported(ev, m[1], "sheet"))
    if (materials.length > 0) out.push(cite(`${pn}: ${materials.map(([k, v]) => `${k} ${v}`).join(", ")}`, n))
  }
  if (focus.has("coupling") && p.coupling !== null && supported(ev, p.coupling, "sheet")) {
    out.push(cite(`${pn} coupling: ${p.coupling}`, n))
  }
  if (focus.has("termination") && p.termination !== null && supported(ev, p.termination, "row")) {
    out.push(cite(`${pn} termination: ${p.termination}`, n))
  }
  if (focus.has("wire")) {
    if (p.wireRange !== null && supported(ev, p.wireRange, "row")) out.push(cite(`${pn} takes ${p.wireRange} wire`, n))
    else if (p.contactSize !== null && supported(ev, p.contactSize, "row")) out.push(cite(`${pn} uses size ${p.contactSize} contacts`, n))
  }

  const verifiedParts = (parts: ReadonlyArray<Part>) =>
    parts.map((x) => x.partNumber).filter((x) => supported(ev, x, "sheet"))
  // "What fits X?" without saying what: everything that goes with a connector; otherwise only what was asked.
  const anyRelation = relationLabels.some(([f]) => focus.has(f))
  const everything = focus.has("fits") && !anyRelation
  if (wants("mating") || everything) {
    const mates = verifiedParts(compat.matingParts)
    if (mates.length > 0) out.push(cite(`${pn} mates with ${listText(mates)}`, n))
  }
  for (const [f, key, label] of relationLabels) {
    if (!focus.has(f) && !(everything && p.category === "connector")) continue
    const related = verifiedParts(compat[key] as ReadonlyArray<Part>)
    if (related.length > 0) out.push(cite(`${label} for ${pn}: ${listText(related)}`, n))
  }
  if ((everything || summary) && p.category !== "connector") {
    const usedWith = verifiedParts(compat.usedWith)
    if (usedWith.length > 0 && usedWith.length <= 12) out.push(cite(`${pn} is used with ${listText(usedWith)}`, n))
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------------------

const FOCUS_VOCABULARY = new Set(
  contentStems(
    "current amps ampere amperage rating ratings rated voltage volts temperature temp maximum minimum max min range " +
      "limit sealed sealing waterproof ingress rohs reach compliant impedance frequency pitch positions pins channels " +
      "material plating coupling termination wire awg gauge mate mates mating contact contacts backshell backshells hood " +
      "hoods cap caps cover tool tools crimper fit fits compatible torque spec specs size value carry operating " +
      "what which whats how need"
  )
)

/** The question names no product and asks only about a property ("what's the current rating?"). */
const isVague = (t: TriagedTurn): boolean => {
  if (t.parts.length > 0 || t.fuzzy.length > 0 || t.series.length > 0 || t.context !== "") return false
  if ((t.filters.series?.length ?? 0) > 0 || (t.filters.families?.length ?? 0) > 0) return false
  if (extractAtoms(t.question).length > 0) return false
  if (![...t.focus].some((f) => ratingFocus.has(f) || f === "howto")) return false
  const rest = contentStems(t.question).filter((s) => !FOCUS_VOCABULARY.has(s) && !["connector", "fitmate", "need", "one"].includes(s))
  return rest.length === 0
}

const partKeys = (t: TriagedTurn) => new Set(t.parts.map((p) => p.key))

export const documentQuery = (t: TriagedTurn, vocabulary: ReadonlySet<string>, research: ResearchResult): Query => {
  const partNumbers = new Set(t.numbers)
  for (const c of research.parts) {
    if (c.part.shellSize !== null) partNumbers.add(c.part.shellSize.toUpperCase())
    if (c.part.contactSize !== null) partNumbers.add(c.part.contactSize.toUpperCase())
  }
  // Ratings, IP codes and codes such as RG-316 in the question point at the units that state them (part
  // numbers of the catalog are matched as parts instead).
  const questionAtoms = new Set(
    extractAtoms(t.question).filter((a) => a.kind !== "part" || !a.key.startsWith("part:FM")).map((a) => a.key)
  )
  const seriesCodes = new Set([
    ...t.series.map((s) => s.series),
    ...t.parts.map((p) => p.series),
    ...(t.filters.series ?? [])
  ])
  const ownText = t.context !== "" && t.question.startsWith(t.context) ? t.question.slice(t.context.length) : t.question
  return {
    stems: queryStems(stripCodes(ownText), stripCodes(t.context), vocabulary),
    atoms: questionAtoms,
    numbers: partNumbers,
    parts: partKeys(t),
    series: seriesCodes,
    kindBoost: t.intent === "troubleshooting"
      ? { troubleshooting: 2, faq: 0.5 }
      : t.focus.has("howto")
      ? { assembly_spec: 1.5, application_note: 0.5 }
      : /\b(?:warr?ant|support|hours|rma|return|sample|polic|privacy|transcript)/i.test(t.question)
      ? { policy: 1.5 }
      : {},
    partWeight: t.focus.has("howto") || t.intent === "troubleshooting" ? 1.5 : 4
  }
}

/**
 * Part numbers and series codes are matched as entities, not as words: remove them ("FM-CB series" → "series"),
 * and say "IP" the way the documents do.
 */
const stripCodes = (text: string) =>
  text
    .replace(/\bfm[-\s]?[a-z]{2}\b(?:[-\s/]?(?=[a-z]*\d)[a-z0-9]+)*/gi, " ")
    .replace(/\bIP\b(?!\d)/gi, "ingress protection")
    .replace(/\bmm(?:²|2)|\bsquare millimet\w*/gi, " cross-section metric ")

/** The best units for the question: the top one, plus up to two that add words the top one lacks. */
export const chooseUnits = (scored: ReadonlyArray<Scored>, ownStems?: ReadonlySet<string>): ReadonlyArray<Scored> => {
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.unit.rank - b.unit.rank)
  const best = ranked[0]
  if (best === undefined) return []
  // Enough of the question found and a clear score — or every word of a short question found.
  const relevant = (best.coverage >= offlineTuning.minCoverage && best.score >= offlineTuning.minScore) ||
    (best.coverage >= 0.99 && best.score >= offlineTuning.minScore / 2)
  if (!relevant) return []
  const chosen = [best]
  const covered = new Set(best.matched)
  for (const next of ranked.slice(1)) {
    if (chosen.length >= offlineTuning.maxUnits) break
    if (next.score < best.score * offlineTuning.companionShare) break
    const adds = [...next.matched].filter((s) => !covered.has(s) && (ownStems === undefined || ownStems.has(s)))
    if (adds.length === 0 || chosen.some((c) => c.unit.text === next.unit.text)) continue
    chosen.push(next)
    for (const s of next.matched) covered.add(s)
  }
  return chosen
}

// ---------------------------------------------------------------------------------------------------------------
// The writer
// ---------------------------------------------------------------------------------------------------------------

const draftOf = (sentences: ReadonlyArray<string>, citations: Citations, extra: ReadonlyArray<QuickReply> = []): Draft => ({
  text: sentences.join(" "),
  citations: citations.toCitations(),
  quickReplies: [...extra, talkToEngineerReply]
})

const written = (draft: Draft, confidence: number, reason?: string): Written => ({
  draft: Option.some(draft),
  confidence,
  clarification: Option.none(),
  needsHuman: false,
  reason: reason === undefined ? Option.none() : Option.some(reason)
})

const clarify = (text: string, quickReplies: ReadonlyArray<QuickReply>, reason: string): Written => ({
  draft: Option.none(),
  confidence: 0,
  clarification: Option.some({ text, quickReplies: [...quickReplies, talkToEngineerReply] } satisfies Clarification),
  needsHuman: false,
  reason: Option.some(reason)
})

const nothing = (reason: string): Written => ({
  draft: Option.none(),
  confidence: 0,
  clarification: Option.none(),
  needsHuman: false,
  reason: Option.some(reason)
})

const seriesButtons = (options: ReadonlyArray<string>): ReadonlyArray<QuickReply> =>
  options.slice(0, 6).map((s) => ({ id: seriesPostback(s), label: s }))

/** The text of one source as research found it (what the verifier will check the sentence against). */
const foundText = (research: ResearchResult, id: string): string =>
  research.passages.filter((p) => p.sourceId === id).map((p, i) => `${i === 0 ? `${p.title}\n\n` : ""}${p.heading}\n${p.text}`).join("\n\n")

/** Keeps the sentences the verifier will accept, so one unsupported fact does not sink the whole answer. */
const verifiable = (sentences: ReadonlyArray<string>, source: SourceRef, research: ResearchResult, n: number) => {
  const text = foundText(research, source.id)
  const sources = Array.from({ length: n }, (_, i) => ({ id: i === n - 1 ? source.id : `other-${i}`, text: i === n - 1 ? text : "" }))
  return sentences.filter((sentence) => checkGroundedness(sentence, sources).grounded)
}

const answerFromParts = (t: TriagedTurn, research: ResearchResult, units: ReadonlyArray<EvidenceUnit>, note: string | undefined): Option.Option<Written> => {
  const citations = new Citations()
  const sentences: Array<string> = []
  // "Is A compatible with B?": what each mates with answers it (the customer sees whether B is among A's mates).
  const pairQuestion = research.parts.length >= 2 && (t.focus.has("fits") || t.focus.has("mating"))
  const focus: ReadonlySet<Focus> = pairQuestion ? new Set<Focus>(["mating"]) : t.focus
  for (const compat of research.parts) {
    const ev = partEvidence(compat.part, units)
    if (ev.source === undefined) continue
    const n = citations.marker(ev.source)
    sentences.push(...verifiable(partSentences(compat, ev, focus, n), ev.source, research, n))
  }
  if (sentences.length === 0) return Option.none()
  const text = note === undefined ? sentences : [note, ...sentences]
  return Option.some(written(draftOf(text, citations), note === undefined ? 0.9 : 0.75))
}

const listFacts = (p: Part, t: TriagedTurn): ReadonlyArray<string> => {
  const f = t.filters
  const facts: Array<string> = []
  if (p.positions !== null && (f.positions !== undefined || t.focus.has("positions"))) {
    facts.push(`${p.positions} ${p.family === "fiber-optic" ? "channels" : "positions"}`)
  }
  if (p.currentRatingA !== null) facts.push(`${fmt(p.currentRatingA)} A per contact`)
  if (p.voltageRatingV !== null && (f.voltageV !== undefined || t.focus.has("voltage"))) facts.push(`${fmt(p.voltageRatingV)} V`)
  if (p.ipRating !== null && f.ip !== undefined) facts.push(p.ipRating)
  if (f.operatingC !== undefined) {
    const temp = temperatureText(p)
    if (temp !== undefined) facts.push(temp)
  }
  if (p.impedanceOhm !== null && f.impedanceOhm !== undefined) facts.push(`${fmt(p.impedanceOhm)} Ω`)
  if (p.maxFrequencyGHz !== null && f.frequencyGHz !== undefined) facts.push(`up to ${fmt(p.maxFrequencyGHz)} GHz`)
  if (p.pitchMm !== null && f.pitchMm !== undefined) facts.push(`${fmt(p.pitchMm)} mm pitch`)
  if (p.fiberType !== null && f.fiber !== undefined) facts.push(p.fiberType)
  // Accessories are told apart by what they are ("straight environmental backshell, shell 13, cable 5.5-10.5 mm").
  if (p.category !== "connector") facts.push(p.description)
  return facts
}

const answerFromMatches = (t: TriagedTurn, research: ResearchResult, units: ReadonlyArray<EvidenceUnit>): Option.Option<Written> => {
  if (Option.isNone(research.matches)) return Option.none()
  const { parts, total } = research.matches.value
  const citations = new Citations()
  const sentences: Array<string> = []
  let shown = 0
  for (const part of parts.slice(0, offlineTuning.maxListed)) {
    const ev = partEvidence(part, units)
    if (ev.source === undefined || ev.rows.length === 0) continue
    const facts = listFacts(part, t).filter((fact) => {
      if (fact === part.description) return supported(ev, fact, "row") && ev.rows.some((u) => lower(u.text).includes(lower(fact)))
      const atoms = extractAtoms(fact)
      return atoms.length === 0 ? /positions|channels/.test(fact) : supported(ev, fact, atoms.some((a) => a.key.includes("°C")) ? "sheet" : "row")
    })
    const n = citations.marker(ev.source)
    sentences.push(cite(facts.length === 0 ? part.partNumber : `${part.partNumber}: ${facts.join(", ")}`, n))
    shown++
  }
  if (shown === 0) return Option.none()
  if (total > shown) sentences.push(`${total - shown} more match — shall I narrow it down (series, gender, shell size)?`)
  return Option.some(written(draftOf(sentences, citations), 0.75))
}

/** "What is the FM-PX series?": the opening of the series datasheet's overview. */
const seriesOverview = (t: TriagedTurn, units: ReadonlyArray<EvidenceUnit>): Option.Option<Written> => {
  const series = t.series[0]?.series ?? t.filters.series?.[0]
  if (series === undefined || t.series.length > 1) return Option.none()
  const overview = units.filter((u) =>
    u.source.kind === "datasheet" && u.source.title.startsWith(`${series} `) && u.heading === "Overview" && u.kind === "sentence"
  ).slice(0, 2)
  if (overview.length === 0) return Option.none()
  const citations = new Citations()
  return Option.some(written(draftOf(overview.map((u) => cite(u.text, citations.marker(u.source))), citations), 0.8))
}

const answerFromDocuments = (t: TriagedTurn, research: ResearchResult, units: ReadonlyArray<EvidenceUnit>): Option.Option<{ readonly written: Written; readonly coverage: number; readonly atomHit: boolean }> => {
  const vocabulary = new Set(units.flatMap((u) => [...u.stems]))
  const query = documentQuery(t, vocabulary, research)
  const candidates = units.filter((u) => !/\?\s*$/.test(u.text))
  const own = new Set([...query.stems].filter(([, w]) => w >= 0.8).map(([s]) => s))
  const chosen = chooseUnits(scoreUnits(candidates, query), own)
  if (chosen.length === 0) return Option.none()
  const citations = new Citations()
  // Units under the same FAQ question or symptom are quoted after it once.
  const sentences: Array<string> = []
  let lastFrame = ""
  const group = (c: Scored) => {
    const first = chosen.findIndex((x) => x.unit.frame !== "" && x.unit.frame === c.unit.frame)
    return first >= 0 ? first : chosen.indexOf(c)
  }
  for (const c of [...chosen].sort((a, b) => group(a) - group(b))) {
    const n = citations.marker(c.unit.source)
    const repeatFrame = c.unit.frame !== "" && c.unit.frame === lastFrame
    sentences.push(cite(repeatFrame ? c.unit.text.slice(c.unit.frame.length) : c.unit.text, n))
    lastFrame = c.unit.frame
  }
  const coverage = chosen[0]!.coverage
  const atomHit = [...query.atoms].some((a) => chosen.some((c) => c.unit.atoms.has(a)))
  return Option.some({
    written: written(draftOf(sentences, citations), Math.min(0.9, 0.5 + 0.4 * coverage)),
    coverage,
    atomHit
  })
}

/** Pure: the offline answer for a triaged turn and its research. */
export const writeOffline = (t: TriagedTurn, research: ResearchResult): Written => {
  if (Option.isSome(t.pleasantry) && t.intent === "greeting") {
    const text = t.pleasantry.value === "thanks" ? thanksReply : helloReply
    return { ...written({ text, citations: [], quickReplies: [] }, 1) }
  }
  if (t.intent === "human_request" || t.intent === "out_of_scope" || t.intent === "commercial" || t.frustration) {
    return nothing("not_answered_by_bot")
  }
  const units = research.passages.flatMap((p, rank) => unitsOfPassage(p, rank))

  // A mistyped part number: one clear match is taken (and said so), several are offered.
  const note = Option.match(t.corrected, {
    onNone: () => undefined,
    // A question, not a claim: the customer sees which part the answer is about.
    onSome: (partNumber) => `Did you mean ${partNumber}?`
  })
  if (t.parts.length === 0 && t.fuzzy.length > 0) {
    const options = t.fuzzy.slice(0, 4).map((p) => p.partNumber)
    return clarify(
      `I couldn't find that exact part number. Did you mean ${listText(options).replace(/ and ([^ ]+)$/, " or $1")}?`,
      options.map((o) => ({ id: partPostback(o), label: o })),
      "ambiguous_part"
    )
  }
  if (t.unknownCodes.length > 0 && research.parts.length === 0) {
    // Echo what was typed only when it looks like a part number, never a sentence smuggled into one.
    const code = t.unknownCodes[0]!
    const named = code.length <= 24 && /^[A-Z0-9][A-Z0-9\-/. ]*$/i.test(code) && !/[A-Z]{5,}/i.test(code.replace(/^FM/i, "")) ? code : "that part number"
    return clarify(
      `I couldn't find ${named} in the FitMate catalog. Could you check the part number, or tell me the series?`,
      seriesButtons(research.seriesOptions),
      "unknown_part"
    )
  }
  if (isVague(t)) {
    return clarify(
      "Which series or part number is this about? Pick a series below or type the part number.",
      seriesButtons(research.seriesOptions),
      "needs_product"
    )
  }

  if (research.parts.length > 0) {
    // "How do I…" about a part is for the documents (with the part's sizes as context); the rest for its facts.
    const howToOnly = t.focus.has("howto") && ![...t.focus].some((f) => ratingFocus.has(f))
    if (!howToOnly) {
      const fromParts = answerFromParts(t, research, units, note)
      if (Option.isSome(fromParts)) return fromParts.value
    }
    const fromDocs = answerFromDocuments(t, research, units)
    return Option.match(fromDocs, { onNone: () => nothing("no_sources"), onSome: (d) => d.written })
  }

  const docs = answerFromDocuments(t, research, units)
  const listable = t.intent !== "troubleshooting" && Option.isSome(research.matches)
  if (listable && ((t.wantsProducts && t.specific) || (Option.isNone(docs) && t.requirements))) {
    const strongDocs = Option.isSome(docs) && docs.value.atomHit && docs.value.coverage >= 0.7
    const list = answerFromMatches(t, research, units)
    if (Option.isSome(list) && !strongDocs) return list.value
  }
  if (Option.isSome(docs)) return docs.value.written
  // Nothing matched the words of the question: a question about a series as a whole gets its overview.
  const stems = documentQuery(t, new Set(), research).stems
  const aboutSeries = [...stems.values()].filter((w) => w >= 0.8).length === 0 || /\b(?:what is|what are|tell me about|overview|describe)\b/i.test(t.question)
  return aboutSeries ? Option.getOrElse(seriesOverview(t, units), () => nothing("no_sources")) : nothing("no_sources")
}
