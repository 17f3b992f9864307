/**
 * The steps both engines share: guard → triage → research → (writer) → verifier. The writer is the only step that
 * differs between the offline engine and the LLM engine; everything the policy relies on (requests for a person,
 * sensitive topics, grounding) is decided here, deterministically, whatever the model does.
 *
 * Each step is an `Effect.fn` with the span name from `telemetry/Attributes.ts` (`AgentGraph.guard` …).
 */
import { type Context, Effect, Option } from "effect"
import { type AttributeFilters, isSpecific, parseAttributeQuery } from "../knowledge/AttributeQuery.js"
import type { Catalog, Compatibility, PartSearchResult } from "../knowledge/Catalog.js"
import type { Part } from "../knowledge/Part.js"
import { normalizePartNumber, withoutSpans } from "../knowledge/PartNumber.js"
import type { ResolvedEntities, ResolvedPart, ResolvedSeries } from "../knowledge/PartResolver.js"
import { Passage, type Retriever } from "../knowledge/Retriever.js"
import { Retrieval, retrievalResultAttributes, SpanName, Support } from "../telemetry/Attributes.js"
import { annotateStringArray } from "../telemetry/Tracing.js"
import {
  AgentError,
  type Clarification,
  type Draft,
  type Grounding,
  type HistoryEntry,
  type Intent,
  type PiiKind,
  type SensitiveTopic,
  type TurnInput,
  type TurnResult
} from "./AgentGraph.js"
import { isCannedReply } from "./CannedReplies.js"
import { checkGroundedness, type GroundednessReport, type GroundingSource } from "./Groundedness.js"
import { looksFrustrated, looksLikeInjection, type OutputProblem, redactPii, screenInjection, screenOutput } from "./Guard.js"
import {
  classifyIntent,
  type Focus,
  focusOf,
  isFollowUp,
  type Pleasantry,
  pleasantry,
  sensitiveTopic
} from "./Triage.js"

type CatalogService = Catalog
type RetrieverService = Context.Tag.Service<typeof Retriever>

// ---------------------------------------------------------------------------------------------------------------
// Guard
// ---------------------------------------------------------------------------------------------------------------

export interface GuardedTurn {
  readonly input: TurnInput
  /** The question with personal data replaced and instructions to the assistant cut out. */
  readonly question: string
  /** Earlier messages, treated the same way. */
  readonly history: ReadonlyArray<HistoryEntry>
  readonly injection: boolean
  readonly pii: ReadonlyArray<PiiKind>
}

/** Pure: redact personal data, cut out injected instructions (in the question and in the history). */
export const guardTurn = (input: TurnInput): GuardedTurn => {
  const pii = new Set<PiiKind>()
  const clean = (text: string) => {
    const redacted = redactPii(text)
    for (const kind of redacted.found) pii.add(kind)
    return screenInjection(redacted.text)
  }
  const question = clean(input.question)
  const history = input.history.map((h) => ({ role: h.role, text: h.role === "customer" ? clean(h.text).text : h.text }))
  return { input, question: question.text, history, injection: question.injection, pii: [...pii] }
}

export const guardStep = Effect.fn(SpanName.Guard)(function*(input: TurnInput) {
  const guarded = guardTurn(input)
  yield* Effect.annotateCurrentSpan({
    [Support.GuardVerdict]: guarded.injection ? "injection" : guarded.pii.length > 0 ? "redacted" : "pass",
    "support.guard.pii": guarded.pii.join(",")
  })
  return guarded
})

// ---------------------------------------------------------------------------------------------------------------
// Triage
// ---------------------------------------------------------------------------------------------------------------

export interface TriagedTurn {
  readonly guarded: GuardedTurn
  readonly intent: Intent
  readonly sensitive: Option.Option<SensitiveTopic>
  readonly frustration: boolean
  readonly pleasantry: Option.Option<Pleasantry>
  readonly focus: ReadonlySet<Focus>
  readonly followUp: boolean
  /** The question to answer: the message, or the earlier question it completes (a clicked series, a part number). */
  readonly question: string
  /** Earlier customer text the question leans on ("" when it stands alone). */
  readonly context: string
  /** Exactly matched catalog parts (from the question, or inherited for a follow-up). */
  readonly parts: ReadonlyArray<ResolvedPart>
  /** The part taken for a mistyped part number ("FM-AS-RO6-A" → FM-AS-R06-A), when one match is clear. */
  readonly corrected: Option.Option<string>
  /** Close matches for a mistyped part number, when none is clearly meant (the engine asks which). */
  readonly fuzzy: ReadonlyArray<ResolvedPart>
  readonly series: ReadonlyArray<ResolvedSeries>
  readonly filters: AttributeFilters
  /** The filters say more than "connectors of series X" (a family, a category, a gender or a requirement). */
  readonly specific: boolean
  /** The filters state a requirement a part must meet (positions, a rating, IP, temperature, a size…). */
  readonly requirements: boolean
  /** The customer is looking for a product ("I need…", "do you have…", "which connector…"). */
  readonly wantsProducts: boolean
  /** Things written like a FitMate part number that are not in the catalog. */
  readonly unknownCodes: ReadonlyArray<string>
  /** Bare numbers that pick a table row: "shell 13", "size 12", and the parts' shell and contact sizes. */
  readonly numbers: ReadonlySet<string>
  /** What the retriever is asked: the question, with the earlier turns for a follow-up. */
  readonly retrievalQuery: string
}

const PRODUCT_NOUN =
  "(?:connectors?|parts?|plugs?|receptacles?|jacks?|headers?|housings?|inserts?|backshells?|hoods?|caps?|tools?|contacts?|collets?|series|ones?|adapters?|options?)"
const wantsProductsPattern = new RegExp(
  `\\b(?:(?:i|we) (?:need|want|require|am looking for|are looking for)\\b[^.?!]{0,60}\\b${PRODUCT_NOUN}|looking for|search(?:ing)? for|do you (?:have|sell|make|offer)|have you got|which ${PRODUCT_NOUN}(?:\\s|$)|which (?:\\w+[- ])?${PRODUCT_NOUN} (?:fits?|handles?|works?|goes|suits?|do i need|should i)|recommend|suggest|options? for)`,
  "i"
)

const numbersPattern =
  /\b(?:size|shell(?: size)?|contact size|position|positions|way|pin|channels?|#|AWG)\s*(\d+[A-Z]?)\b|\b(\d+)[- ]?(?:positions?|pins?|ways?|poles?|channels?|AWG)\b/gi

const questionNumbers = (text: string): ReadonlyArray<string> =>
  [...text.matchAll(numbersPattern)].map((m) => (m[1] ?? m[2])!.toUpperCase())

/** A mistyped part number with one close match, or one clearly ahead of the others, is taken for the part meant. */
export const fuzzyAcceptance = { minSimilarity: 0.6, minLead: 0.05 } as const

/** Merge follow-up filters over the earlier ones: the new message wins field by field. */
const mergeFilters = (earlier: AttributeFilters, current: AttributeFilters): AttributeFilters => {
  const base: Record<string, unknown> = { ...earlier }
  // "connector" is the parser's default category: it must not override an earlier, more specific one.
  const { categories, ...rest } = current
  for (const [key, value] of Object.entries(rest)) base[key] = value
  if (categories !== undefined && !(categories.length === 1 && categories[0] === "connector")) base.categories = categories
  return base as AttributeFilters
}

/** Readable requirements for the briefing: "IP67 or better", "8 positions", "at least 10 A". */
export const describeFilters = (f: AttributeFilters): ReadonlyArray<string> => {
  const out: Array<string> = []
  const range = (r: { readonly min?: number; readonly max?: number } | undefined, unit: string) =>
    r === undefined
      ? undefined
      : r.min !== undefined && r.max !== undefined && r.min === r.max
      ? `${r.min}${unit}`
      : [r.min === undefined ? "" : `at least ${r.min}${unit}`, r.max === undefined ? "" : `at most ${r.max}${unit}`]
        .filter((s) => s !== "").join(", ")
  if (f.series !== undefined) out.push(`series ${f.series.join("/")}`)
  if (f.families !== undefined) out.push(f.families.join("/"))
  if (f.categories !== undefined && !(f.categories.length === 1 && f.categories[0] === "connector")) out.push(f.categories.join("/"))
  if (f.genders !== undefined) out.push(f.genders.join("/"))
  const positions = range(f.positions, " positions")
  if (positions !== undefined) out.push(positions)
  const current = range(f.currentA, " A")
  if (current !== undefined) out.push(current)
  const voltage = range(f.voltageV, " V")
  if (voltage !== undefined) out.push(voltage)
  if (f.ip !== undefined) out.push(`IP${f.ip.solids}${f.ip.water} or better`)
  if (f.operatingC !== undefined) out.push(`operating ${f.operatingC.min ?? "?"} °C to ${f.operatingC.max ?? "?"} °C`)
  if (f.shellSize !== undefined) out.push(`shell ${f.shellSize}`)
  if (f.impedanceOhm !== undefined) out.push(`${f.impedanceOhm} Ω`)
  const frequency = range(f.frequencyGHz, " GHz")
  if (frequency !== undefined) out.push(frequency)
  if (f.pitchMm !== undefined) out.push(`${f.pitchMm} mm pitch`)
  if (f.fiber !== undefined) out.push(f.fiber)
  if (f.couplings !== undefined) out.push(f.couplings.join("/"))
  if (f.terminations !== undefined) out.push(f.terminations.join("/"))
  if (f.rohs !== undefined) out.push(f.rohs ? "RoHS" : "non-RoHS")
  return out
}

/** A bare message (a clicked series or a typed part number) completes the previous question. */
const isBare = (text: string, entities: ResolvedEntities) => {
  const rest = withoutSpans(text, entities.spans).match(/\p{L}{2,}/gu) ?? []
  return (entities.parts.length > 0 || entities.series.length > 0) && rest.length <= 2
}

/** Written like a FitMate part number: "FM-ZZ-1234", "FMZZ1234" (a series code alone is not one). */
const FM_CODE = /\bFM-[A-Z]{2}-[A-Z0-9]+(?:-[A-Z0-9]+)*\b|\bFM[A-Z]{2}[A-Z0-9]*\d[A-Z0-9]*\b/gi

const requirementKeys: ReadonlyArray<keyof AttributeFilters> = [
  "positions", "currentA", "voltageV", "ip", "operatingC", "shellSize", "impedanceOhm", "frequencyGHz", "pitchMm",
  "fiber", "rohs", "couplings", "terminations", "contactType"
]

export const makeTriageStep = (catalog: CatalogService) =>
  Effect.fn(SpanName.Triage)(function*(guarded: GuardedTurn) {
    const resolve = (text: string) =>
      catalog.resolve(text).pipe(Effect.mapError((cause) => new AgentError({ step: "triage", cause })))
    const text = guarded.question
    const own = yield* resolve(text)
    const earlierCustomer = guarded.history.filter((h) => h.role === "customer").map((h) => h.text).slice(-3)

    // A message that only names a part or series completes the previous question ("FM-CT" after "what's the
    // current rating?"); a follow-up ("and the mating plug?") borrows the earlier turn's parts and filters.
    const previous = earlierCustomer.at(-1)
    const bare = previous !== undefined && isBare(text, own)
    const question = bare ? `${previous} ${text}` : text
    const ownHasEntities = own.parts.length > 0 || own.series.length > 0
    let inherited: ResolvedEntities = { parts: [], series: [], spans: [] }
    // A completed question stands alone: its words are the question's own, not context.
    let context = ""
    let earlierFilters: AttributeFilters = {}
    const followUp = !bare && !ownHasEntities && earlierCustomer.length > 0 && isFollowUp(text)
    if (bare) earlierFilters = parseAttributeQuery(previous)
    if (followUp || (!ownHasEntities && !bare && earlierCustomer.length > 0 && focusOf(text).size > 0 && text.length < 80)) {
      for (const earlier of [...earlierCustomer].reverse()) {
        const found = yield* resolve(earlier)
        if (found.parts.length > 0 || found.series.length > 0) {
          inherited = found
          context = earlier
          earlierFilters = parseAttributeQuery(earlier)
          break
        }
      }
      if (context === "" && followUp) {
        context = earlierCustomer.at(-1)!
        earlierFilters = parseAttributeQuery(context)
      }
    }
    const entities = ownHasEntities ? own : inherited.parts.length > 0 || inherited.series.length > 0 ? inherited : own
    const closeMatches = entities.parts.filter((p) => !p.exact)
    const [best, second] = closeMatches
    const corrected = entities.parts.every((p) => !p.exact) && best !== undefined &&
        (second === undefined ||
          (best.similarity >= fuzzyAcceptance.minSimilarity && best.similarity - second.similarity >= fuzzyAcceptance.minLead))
      ? Option.some(best)
      : Option.none<ResolvedPart>()
    const exact = Option.match(corrected, { onNone: () => entities.parts.filter((p) => p.exact), onSome: (p) => [p] })
    const fuzzy = Option.isSome(corrected) ? [] : closeMatches
    const series = entities.series

    const parsed = parseAttributeQuery(question)
    const filters0 = context === "" || bare ? parsed : mergeFilters(earlierFilters, parsed)
    const namedSeries = [...new Set([...series.map((s) => s.series), ...exact.map((p) => p.series)])]
    const filters: AttributeFilters = namedSeries.length > 0 && exact.length === 0
      ? { ...filters0, series: [...new Set([...(filters0.series ?? []), ...namedSeries])] }
      : filters0
    const { series: _ignored, ...withoutSeries } = filters
    const specific = isSpecific(withoutSeries as AttributeFilters)
    const requirements = requirementKeys.some((k) => filters[k] !== undefined)

    const knownKeys = new Set(entities.parts.map((p) => p.key))
    const unknownCodes = [...question.matchAll(FM_CODE)]
      .map((m) => m[0].trim())
      .filter((code) => {
        const key = normalizePartNumber(code)
        return !knownKeys.has(key) && !series.some((s) => s.key === key) && !entities.series.some((s) => key.startsWith(s.key) && key.length <= s.key.length)
      })
      .filter((code) => /\d/.test(code) && exact.length === 0 && fuzzy.length === 0)

    const hasEntities = exact.length > 0 || fuzzy.length > 0 || series.length > 0 || (filters.series?.length ?? 0) > 0
    const intent = classifyIntent({ text: question, postbackId: guarded.input.postbackId, hasEntities })
    const focus = focusOf(text.length > 0 ? text : question)
    // Row numbers of the question; a follow-up without its own ("what torque for them?") keeps the earlier ones.
    const ownNumbers = questionNumbers(question)
    const numbers = new Set(ownNumbers.length > 0 || context === "" ? ownNumbers : questionNumbers(context))
    const triaged: TriagedTurn = {
      guarded,
      intent,
      sensitive: sensitiveTopic(question),
      frustration: looksFrustrated(guarded.input.question),
      pleasantry: pleasantry(text),
      focus: focus.size > 0 ? focus : focusOf(question),
      followUp: followUp || bare,
      question,
      context,
      parts: exact,
      corrected: Option.map(corrected, (p) => p.partNumber),
      fuzzy,
      series,
      filters,
      specific,
      requirements,
      wantsProducts: wantsProductsPattern.test(question),
      unknownCodes,
      numbers,
      retrievalQuery: context === "" || bare ? question : `${context}\n${question}`
    }
    yield* Effect.annotateCurrentSpan({
      [Support.Intent]: intent,
      "support.triage.parts": exact.length,
      "support.triage.fuzzy_parts": fuzzy.length,
      "support.triage.series": series.length,
      "support.triage.follow_up": triaged.followUp,
      "support.triage.sensitive": Option.getOrElse(triaged.sensitive, () => "none"),
      "support.triage.frustration": triaged.frustration
    })
    return triaged
  })

// ---------------------------------------------------------------------------------------------------------------
// Research
// ---------------------------------------------------------------------------------------------------------------

export interface ResearchResult {
  /** Passages found, best first, without duplicates. */
  readonly passages: ReadonlyArray<Passage>
  /** Catalog records (with related parts) of the exact parts, at most three. */
  readonly parts: ReadonlyArray<Compatibility>
  /** Attribute search results, when the question states requirements. */
  readonly matches: Option.Option<PartSearchResult>
  /** Series codes to offer when the engine has to ask which one. */
  readonly seriesOptions: ReadonlyArray<string>
}

export const emptyResearch: ResearchResult = { passages: [], parts: [], matches: Option.none(), seriesOptions: [] }

/** Turns that need no research: a person, a pleasantry, out of scope, commercial. */
export const needsResearch = (t: TriagedTurn): boolean =>
  t.intent !== "human_request" && t.intent !== "greeting" && t.intent !== "out_of_scope" && t.intent !== "commercial" &&
  !t.frustration && (t.guarded.question.trim() !== "" || t.followUp)

/** A document passage with any sentence that instructs the assistant cut out (documents are data, too). */
export const sanitizePassage = (p: Passage): Passage =>
  looksLikeInjection(p.text) ? new Passage({ ...p, text: screenInjection(p.text).text }) : p

export const dedupePassages = (lists: ReadonlyArray<ReadonlyArray<Passage>>): ReadonlyArray<Passage> => {
  const seen = new Map<string, Passage>()
  for (const list of lists) for (const p of list) if (!seen.has(p.id)) seen.set(p.id, p)
  return [...seen.values()]
}

const focusWords: Partial<Record<Focus, string>> = {
  current: "current rating",
  voltage: "voltage rating",
  temperature: "temperature range",
  sealing: "ingress protection",
  compliance: "RoHS REACH",
  frequency: "frequency range",
  impedance: "impedance",
  materials: "materials plating",
  mating: "mating compatibility",
  contacts: "contacts",
  backshells: "backshells",
  caps: "caps",
  tools: "crimp tool"
}

export const makeResearchStep = (catalog: CatalogService, retriever: RetrieverService) =>
  Effect.fn(SpanName.Research)(function*(t: TriagedTurn) {
    if (!needsResearch(t)) return emptyResearch
    const fail = (cause: unknown) => new AgentError({ step: "research", cause })
    const search = (query: string, limit: number, maxPerSource: number) =>
      retriever.search(query, { limit, maxPerSource }).pipe(Effect.mapError(fail))

    const main = yield* search(t.retrievalQuery, 10, 4)
    const parts = yield* Effect.forEach(
      t.parts.slice(0, 3),
      (p) => catalog.compatible(p.partNumber).pipe(Effect.mapError(fail))
    )
    const topic = [...t.focus].map((f) => focusWords[f] ?? "").join(" ")
    const partPassages = parts.length === 0
      ? []
      : yield* search(`${parts.map((c) => c.part.partNumber).join(" ")} ${topic}`, 10, 10)
    // Series-wide facts of a part (temperature, sealing, compliance, materials) are in its datasheet's general
    // specifications, which do not name the part.
    const partSeries = [...new Set(parts.map((c) => c.part.series))].slice(0, 2)
    const seriesOfParts = partSeries.length === 0
      ? []
      : yield* search(`${partSeries.join(" ")} general specifications ${topic}`, 4, 4)
    // A series question: that series' passages about the topic (its datasheet's general specifications…).
    const seriesPassages = t.series.length === 0 || parts.length > 0
      ? []
      : yield* search(`${t.series.slice(0, 2).map((s) => s.series).join(" ")} ${topic === "" ? `${t.question} overview` : topic}`, 8, 8)

    const matches = t.parts.length === 0 && (t.requirements || (t.specific && t.wantsProducts))
      ? Option.some(yield* catalog.search(t.filters, { limit: 6 }).pipe(Effect.mapError(fail)))
      : Option.none<PartSearchResult>()
    const listed = Option.match(matches, { onNone: () => [] as ReadonlyArray<Part>, onSome: (m) => m.parts.slice(0, 4) })
    const listPassages = listed.length === 0
      ? []
      : yield* search(listed.map((p) => p.partNumber).join(" "), 10, 10)

    const needsOptions = t.parts.length === 0 && t.series.length === 0
    const seriesOptions = needsOptions
      ? (yield* catalog.seriesList().pipe(Effect.mapError(fail)))
        .filter((s) => s.connectors > 0)
        .filter((s) => t.filters.families === undefined || t.filters.families.includes(s.family))
        .map((s) => s.series)
      : []
    const passages = dedupePassages([partPassages, seriesOfParts, listPassages, seriesPassages, main]).map(sanitizePassage)
    yield* Effect.annotateCurrentSpan({
      ...retrievalResultAttributes(passages.map((p) => ({ id: p.id, score: p.score }))),
      [Retrieval.Source]: parts.length > 0 || Option.isSome(matches) ? "fused" : "documents",
      "support.research.parts": parts.length,
      "support.research.matches": Option.match(matches, { onNone: () => 0, onSome: (m) => m.total })
    })
    yield* annotateStringArray(Retrieval.SourceIds, [...new Set(passages.map((p) => p.sourceId))])
    return { passages, parts, matches, seriesOptions } satisfies ResearchResult
  })

// ---------------------------------------------------------------------------------------------------------------
// Writer output and verifier
// ---------------------------------------------------------------------------------------------------------------

export interface Written {
  readonly draft: Option.Option<Draft>
  readonly confidence: number
  readonly clarification: Option.Option<Clarification>
  readonly needsHuman: boolean
  /** Machine-readable note, e.g. `no_sources`, `model_unavailable`. */
  readonly reason: Option.Option<string>
}

export const nothingWritten = (reason: string): Written => ({
  draft: Option.none(),
  confidence: 0,
  clarification: Option.none(),
  needsHuman: false,
  reason: Option.some(reason)
})

/** The text of each cited source the writer saw: title, then the headings and passages found. */
export const citedSources = (draft: Draft, passages: ReadonlyArray<Passage>): ReadonlyArray<GroundingSource> =>
  draft.citations.map((c) => ({
    id: c.id,
    text: [
      c.title,
      ...passages.filter((p) => p.sourceId === c.id).map((p) => `${p.heading}\n${p.text}`)
    ].join("\n\n")
  }))

export interface Verification {
  readonly draft: Option.Option<Draft>
  readonly grounding: Grounding
  readonly report: Option.Option<GroundednessReport>
  readonly problems: ReadonlyArray<OutputProblem | "unknown_source">
}

/**
 * Pure: the verifier's decision. A canned reply passes when it has no atoms; any other draft must cite only
 * sources research found, pass the groundedness check against them and the output screen.
 */
export const verifyDraft = (
  written: Written,
  passages: ReadonlyArray<Passage>,
  options: { readonly instructionShingles?: ReadonlySet<string> } = {}
): Verification => {
  if (Option.isNone(written.draft)) return { draft: Option.none(), grounding: "none", report: Option.none(), problems: [] }
  const draft = written.draft.value
  const known = new Set(passages.map((p) => p.sourceId))
  const problems: Array<OutputProblem | "unknown_source"> = []
  if (draft.citations.some((c) => !known.has(c.id))) problems.push("unknown_source")
  problems.push(...screenOutput({
    text: draft.text,
    allowedUrls: draft.citations.map((c) => c.url),
    ...(options.instructionShingles === undefined ? {} : { instructionShingles: options.instructionShingles })
  }))
  const canned = draft.citations.length === 0 && isCannedReply(draft.text)
  const report = canned ? Option.none<GroundednessReport>() : Option.some(checkGroundedness(draft.text, citedSources(draft, passages)))
  const grounded = Option.match(report, { onNone: () => true, onSome: (r) => r.grounded && draft.citations.length > 0 })
  if (problems.length === 0 && grounded) return { draft: Option.some(draft), grounding: "verified", report, problems }
  return { draft: Option.none(), grounding: "rejected", report, problems }
}

export const verifierStep = Effect.fn(SpanName.Verifier)(function*(
  written: Written,
  passages: ReadonlyArray<Passage>,
  options: { readonly instructionShingles?: ReadonlySet<string> } = {}
) {
  const verification = verifyDraft(written, passages, options)
  yield* Effect.annotateCurrentSpan({
    [Support.VerifierGrounded]: verification.grounding === "verified",
    [Support.CitationCount]: Option.match(verification.draft, { onNone: () => 0, onSome: (d) => d.citations.length }),
    "support.verifier.grounding": verification.grounding,
    "support.verifier.score": Option.match(verification.report, { onNone: () => 1, onSome: (r) => r.score }),
    "support.verifier.problems": verification.problems.join(",")
  })
  return verification
})

/** The engine's result from the steps' outputs. */
export const turnResult = (t: TriagedTurn, written: Written, verification: Verification): TurnResult => ({
  intent: t.intent,
  draft: verification.draft,
  confidence: verification.grounding === "verified" ? written.confidence : Option.isSome(written.clarification) ? Math.min(written.confidence, 0.3) : 0,
  needsHuman: written.needsHuman,
  reason: verification.grounding === "rejected" ? Option.some("unsupported_draft") : written.reason,
  entities: {
    parts: [...new Set([...t.parts, ...t.fuzzy].map((p) => p.partNumber))],
    series: [...new Set([...t.series.map((s) => s.series), ...t.parts.map((p) => p.series)])],
    specs: describeFilters(t.filters).filter((s) => !s.startsWith("series "))
  },
  signals: {
    injection: t.guarded.injection,
    pii: t.guarded.pii,
    frustration: t.frustration,
    sensitive: t.intent === "commercial" ? Option.some("commercial") : t.sensitive
  },
  grounding: verification.grounding,
  clarification: written.clarification
})
