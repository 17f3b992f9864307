/**
 * Aggregate metrics over the item verdicts, each with a 95 % interval: Wilson for rates over independent items,
 * a seeded bootstrap for means, clustered ratios (claims of one answer), F1 and latency percentiles. Each metric
 * names the items that count against it, so a failed gate can say which chats to look at. Pure.
 */
import { SpanName } from "../src/telemetry/Attributes.js"
import { SliceTags, sliceTagValues } from "./Dataset.js"
import { isHandOff as handOff, type ItemResult, NumericSlice } from "./Scoring.js"
import {
  bootstrapMean,
  bootstrapRatio,
  bootstrapStatistic,
  countBinary,
  type Estimate,
  f1,
  quantile,
  wilson
} from "./Stats.js"

export type MetricGroup = "groundedness" | "escalation" | "retrieval" | "correctness" | "latency"

export interface Metric {
  /** Stable key, referenced by the thresholds file: `escalation.recall`, `latency.Conversation.turn.p95`… */
  readonly key: string
  readonly group: MetricGroup
  readonly label: string
  readonly estimate: Estimate
  readonly unit: "rate" | "count" | "ms" | "score"
  readonly better: "higher" | "lower"
  /** Items that count against the metric, in dataset order. */
  readonly offenders: ReadonlyArray<string>
}

export interface LatencyStep {
  readonly step: string
  readonly n: number
  readonly p50: Estimate
  readonly p95: Estimate
  readonly p99: Estimate
  /** Equal-width bins from 0 to the slowest sample. */
  readonly histogram: { readonly edges: ReadonlyArray<number>; readonly counts: ReadonlyArray<number> }
}

export interface SliceSummary {
  readonly slice: string
  readonly n: number
  readonly passRate: Estimate
  /** Share of the slice's answers that are grounded (n = answers in the slice). */
  readonly groundedRate: Estimate
  readonly failing: ReadonlyArray<string>
}

export interface Confusion {
  /** Outcome labels: `answer`, `clarify`, `decline`, `handoff:<reason>`, `none`… (rows: expected; columns: actual). */
  readonly labels: ReadonlyArray<string>
  readonly rows: ReadonlyArray<string>
  readonly counts: ReadonlyArray<ReadonlyArray<number>>
}

export interface Summary {
  readonly items: { readonly total: number; readonly passed: number; readonly failed: number }
  readonly metrics: ReadonlyArray<Metric>
  readonly confusion: Confusion
  readonly latency: ReadonlyArray<LatencyStep>
  readonly slices: ReadonlyArray<SliceSummary>
}


/** The outcome label of the confusion matrix: hand-offs by reason, everything else by decision. */
export const outcomeLabel = (decision: string, reason: string | null) =>
  handOff(decision) ? `handoff:${reason ?? "unknown"}` : decision

/** A value as printed: rates and scores with 3 decimals, milliseconds with 1, counts as they are. */
export const formatValue = (value: number | null, unit: Metric["unit"]) =>
  value === null ? "n/a" : unit === "ms" ? value.toFixed(1) : unit === "count" ? String(Math.round(value * 10) / 10) : value.toFixed(3)

/** `0.731 [0.633, 0.811] (n=93)`, `402.3 ms [358.4 ms, 443.4 ms] (n=401)`. */
export const describeInterval = (estimate: Estimate, unit: Metric["unit"]) => {
  const f = (v: number | null) => `${formatValue(v, unit)}${unit === "ms" && v !== null ? " ms" : ""}`
  return `${f(estimate.value)} [${f(estimate.low)}, ${f(estimate.high)}] (n=${estimate.n})`
}

const fixedLabels = ["answer", "clarify", "decline"]
/** answer, clarify, decline, the hand-offs, then anything else (`none`, `ignored`). */
const labelRank = (label: string) => {
  const fixed = fixedLabels.indexOf(label)
  return fixed !== -1 ? fixed : label.startsWith("handoff:") ? fixedLabels.length : fixedLabels.length + 1
}

const ids = (items: ReadonlyArray<ItemResult>) => items.map((i) => i.id)

const rate = (
  key: string,
  group: MetricGroup,
  label: string,
  population: ReadonlyArray<ItemResult>,
  success: (item: ItemResult) => boolean,
  better: "higher" | "lower" = "higher"
): Metric => {
  const hits = population.filter(success)
  return {
    key,
    group,
    label,
    estimate: wilson(hits.length, population.length),
    unit: "rate",
    better,
    offenders: ids(better === "higher" ? population.filter((i) => !success(i)) : hits)
  }
}

/** Steps listed first, in turn order; any other recorded span follows alphabetically. */
const stepOrder: ReadonlyArray<string> = [
  SpanName.ChatHandle,
  SpanName.Turn,
  SpanName.Guard,
  SpanName.Triage,
  SpanName.Research,
  SpanName.Retriever,
  SpanName.Writer,
  SpanName.Verifier,
  SpanName.Policy
]

const histogram = (values: ReadonlyArray<number>, bins = 12) => {
  const max = Math.max(...values, 0)
  const width = max === 0 ? 1 : max / bins
  const counts = Array.from({ length: bins }, () => 0)
  for (const v of values) counts[Math.min(bins - 1, Math.floor(v / width))]! += 1
  return { edges: Array.from({ length: bins + 1 }, (_, i) => i * width), counts }
}

export const latencySteps = (items: ReadonlyArray<ItemResult>): ReadonlyArray<LatencyStep> => {
  const byStep = new Map<string, Array<number>>()
  for (const item of items) {
    for (const t of item.timings) byStep.set(t.step, [...(byStep.get(t.step) ?? []), t.durationMillis])
  }
  const rank = (step: string) => {
    const i = stepOrder.indexOf(step)
    return i === -1 ? stepOrder.length : i
  }
  return [...byStep.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1)).map((step) => {
    const values = byStep.get(step)!
    const p = (q: number) => bootstrapStatistic(values, (s) => quantile(s, q), { resamples: 500 })
    return { step, n: values.length, p50: p(0.5), p95: p(0.95), p99: p(0.99), histogram: histogram(values) }
  })
}

const orderedSlices = [...sliceTagValues, NumericSlice]

export const summarize = (items: ReadonlyArray<ItemResult>): Summary => {
  const metrics: Array<Metric> = []
  const answered = items.filter((i) => i.groundedness !== null)

  // Groundedness ------------------------------------------------------------------------------------------------
  metrics.push({
    key: "groundedness.claimSupportRate",
    group: "groundedness",
    label: "claims supported by the cited sources (per check, clustered by answer)",
    estimate: bootstrapRatio(answered.map((i) => [i.groundedness!.supportedChecks, i.groundedness!.checks] as const)),
    unit: "rate",
    better: "higher",
    offenders: ids(answered.filter((i) => i.groundedness!.supportedChecks < i.groundedness!.checks))
  })
  const withUnsupported = answered.filter((i) => i.groundedness!.unsupportedAtoms.length > 0)
  const unsupportedRate = wilson(withUnsupported.length, answered.length)
  metrics.push({
    key: "groundedness.answersWithUnsupportedAtoms",
    group: "groundedness",
    label: "answers with an unsupported part number, code, price or number with a unit",
    estimate: {
      ...unsupportedRate,
      value: withUnsupported.length,
      low: unsupportedRate.low === null ? null : unsupportedRate.low * answered.length,
      high: unsupportedRate.high === null ? null : unsupportedRate.high * answered.length
    },
    unit: "count",
    better: "lower",
    offenders: ids(withUnsupported)
  })
  metrics.push(rate("groundedness.answerGroundedRate", "groundedness", "answers grounded in their cited sources", answered, (i) => i.groundedness!.grounded))

  // Escalation ----------------------------------------------------------------------------------------------------
  const expectedHandOff = (i: ItemResult) => handOff(i.expected.decision)
  const actualHandOff = (i: ItemResult) => handOff(i.actual.decision)
  metrics.push(rate("escalation.precision", "escalation", "hand-offs that were called for (precision)", items.filter(actualHandOff), expectedHandOff))
  metrics.push(rate("escalation.recall", "escalation", "chats that needed a person and got one (recall)", items.filter(expectedHandOff), actualHandOff))
  metrics.push({
    key: "escalation.f1",
    group: "escalation",
    label: "hand-off F1",
    estimate: bootstrapStatistic(items, (sample) => f1(countBinary(sample.map((i) => [expectedHandOff(i), actualHandOff(i)] as const)))),
    unit: "score",
    better: "higher",
    offenders: ids(items.filter((i) => expectedHandOff(i) !== actualHandOff(i)))
  })
  metrics.push(
    rate(
      "escalation.explicitRequestRecall",
      "escalation",
      "explicit requests for a person that were handed off",
      items.filter((i) => i.tags.includes(SliceTags.RequestPerson)),
      actualHandOff
    )
  )
  metrics.push(
    rate(
      "escalation.falseEscalationRate",
      "escalation",
      "answerable questions handed off anyway",
      items.filter((i) => i.expected.decision === "answer"),
      actualHandOff,
      "lower"
    )
  )
  metrics.push(
    rate(
      "escalation.reasonAccuracy",
      "escalation",
      "correct hand-offs with the labeled reason",
      items.filter((i) => expectedHandOff(i) && actualHandOff(i)),
      (i) => i.actual.reason === i.expected.reason
    )
  )

  // Retrieval -----------------------------------------------------------------------------------------------------
  const retrieved = items.filter((i) => i.retrieval !== null)
  metrics.push(rate("retrieval.hitAtK", "retrieval", "a gold source in the top k", retrieved, (i) => i.retrieval!.firstGoldRank !== null))
  const mean = (key: string, label: string, value: (i: ItemResult) => number): Metric => ({
    key,
    group: "retrieval",
    label,
    estimate: bootstrapMean(retrieved.map(value)),
    unit: "score",
    better: "higher",
    offenders: ids(retrieved.filter((i) => value(i) < 1))
  })
  metrics.push(mean("retrieval.recallAtK", "gold sources in the top k (recall@k)", (i) => i.retrieval!.recall))
  metrics.push(mean("retrieval.mrr", "mean reciprocal rank of the first gold source", (i) => i.retrieval!.reciprocalRank))
  metrics.push(mean("retrieval.ndcgAtK", "nDCG@k against the gold sources", (i) => i.retrieval!.ndcg))
  metrics.push(
    rate(
      "retrieval.citationAccuracy",
      "retrieval",
      "answers citing a gold source (and only known sources)",
      items.filter((i) => i.checks.citations !== null),
      (i) => i.checks.citations === true
    )
  )

  // Correctness ---------------------------------------------------------------------------------------------------
  metrics.push(rate("correctness.decisionAccuracy", "correctness", "decision as labeled", items, (i) => i.checks.decision === true))
  const withFacts = items.filter((i) => i.checks.facts !== null)
  metrics.push(rate("correctness.factsPresentRate", "correctness", "chats whose required facts are all stated", withFacts, (i) => i.checks.facts === true))
  metrics.push({
    key: "correctness.factRecall",
    group: "correctness",
    label: "required facts stated (per fact, clustered by chat)",
    estimate: bootstrapRatio(withFacts.map((i) => [i.factCount - i.missingFacts.length, i.factCount] as const)),
    unit: "rate",
    better: "higher",
    offenders: ids(withFacts.filter((i) => i.checks.facts === false))
  })
  metrics.push(
    rate(
      "correctness.forbiddenAbsentRate",
      "correctness",
      "chats that said none of their forbidden strings",
      items.filter((i) => i.checks.forbidden !== null),
      (i) => i.checks.forbidden === true
    )
  )
  metrics.push(rate("correctness.itemPassRate", "correctness", "chats passing every check", items, (i) => i.pass))

  // Latency -------------------------------------------------------------------------------------------------------
  const latency = latencySteps(items)
  for (const step of latency) {
    for (const [q, estimate] of [["p50", step.p50], ["p95", step.p95], ["p99", step.p99]] as const) {
      metrics.push({
        key: `latency.${step.step}.${q}`,
        group: "latency",
        label: `${step.step} ${q}`,
        estimate,
        unit: "ms",
        better: "lower",
        offenders: []
      })
    }
  }

  // Confusion matrix and slices -----------------------------------------------------------------------------------
  const expectedLabels = items.map((i) => outcomeLabel(i.expected.decision, i.expected.reason))
  const actualLabels = items.map((i) => outcomeLabel(i.actual.decision, i.actual.reason))
  const labels = [...new Set([...expectedLabels, ...actualLabels])].sort((a, b) => labelRank(a) - labelRank(b) || (a < b ? -1 : 1))
  const rows = labels.filter((l) => expectedLabels.includes(l))
  const counts = rows.map((row) =>
    labels.map((col) => items.filter((_, k) => expectedLabels[k] === row && actualLabels[k] === col).length)
  )

  const slices = orderedSlices.flatMap((slice): ReadonlyArray<SliceSummary> => {
    const members = items.filter((i) => i.slices.includes(slice))
    if (members.length === 0) return []
    const answers = members.filter((i) => i.groundedness !== null)
    return [{
      slice,
      n: members.length,
      passRate: wilson(members.filter((i) => i.pass).length, members.length),
      groundedRate: wilson(answers.filter((i) => i.groundedness!.grounded).length, answers.length),
      failing: ids(members.filter((i) => !i.pass))
    }]
  })

  const passed = items.filter((i) => i.pass).length
  return {
    items: { total: items.length, passed, failed: items.length - passed },
    metrics,
    confusion: { labels, rows, counts },
    latency,
    slices
  }
}
