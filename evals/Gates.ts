/**
 * The release gate. A run fails when
 * 1. a metric misses its committed threshold (`evals/thresholds.json`, per engine mode);
 * 2. a chat of a hard slice (explicit requests for a person, numeric claims) passed in the baseline and fails now;
 * 3. a paired comparison with the baseline shows a significant regression: exact McNemar on the chats both runs
 *    judged (same labels), for the overall verdict and each configured check, at the configured significance.
 * Every failure names the metric or check and the chats behind it. Pure.
 */
import { Schema } from "effect"
import type { Baseline } from "./Baseline.js"
import { describeInterval, formatValue, type Metric, type Summary } from "./Metrics.js"
import { CheckNames, type ItemResult } from "./Scoring.js"
import { mcnemar, pairedBootstrapDelta } from "./Stats.js"

export const PairedCheck = Schema.Literal("pass", ...CheckNames)
export type PairedCheck = typeof PairedCheck.Type

export const ModeThresholds = Schema.Struct({
  /** Metric key → the lowest acceptable point value. */
  minimum: Schema.Record({ key: Schema.String, value: Schema.Number }),
  /** Metric key → the highest acceptable point value. */
  maximum: Schema.Record({ key: Schema.String, value: Schema.Number }),
  /** Slices where any pass → fail flip against the baseline fails the gate. */
  hardSlices: Schema.Array(Schema.String),
  /** Verdicts compared with the baseline by McNemar's test. */
  paired: Schema.Array(PairedCheck),
  /** Two-sided significance level of the paired tests. */
  significance: Schema.Number.pipe(Schema.greaterThan(0), Schema.lessThan(1))
})
export type ModeThresholds = typeof ModeThresholds.Type

export const Thresholds = Schema.Record({ key: Schema.String, value: ModeThresholds })
export const decodeThresholds = Schema.decodeUnknownEither(Schema.parseJson(Thresholds), { onExcessProperty: "error" })

export interface GateResult {
  readonly gate: string
  readonly kind: "threshold" | "flip" | "regression" | "baseline"
  readonly passed: boolean
  readonly message: string
  /** The chats behind a failure (or behind the metric), in dataset order. */
  readonly items: ReadonlyArray<string>
}

/** `0.731 [0.633, 0.811] (n=93)` */
export const describeEstimate = (m: Metric) => describeInterval(m.estimate, m.unit)

const limitText = (limit: number, unit: Metric["unit"]) => `${formatValue(limit, unit)}${unit === "ms" ? " ms" : ""}`

const listed = (ids: ReadonlyArray<string>, detail: (id: string) => string = (id) => id, max = 15) =>
  `${ids.slice(0, max).map(detail).join(", ")}${ids.length > max ? `, … (${ids.length - max} more)` : ""}`

const thresholdGates = (summary: Summary, thresholds: ModeThresholds): ReadonlyArray<GateResult> => {
  const byKey = new Map(summary.metrics.map((m) => [m.key, m]))
  const gate = (key: string, limit: number, side: "minimum" | "maximum"): GateResult => {
    const metric = byKey.get(key)
    if (metric === undefined || metric.estimate.value === null) {
      return { gate: key, kind: "threshold", passed: false, message: `${key} was not measured (no chat it applies to)`, items: [] }
    }
    const value = metric.estimate.value
    const passed = side === "minimum" ? value >= limit - 1e-12 : value <= limit + 1e-12
    const offenders = passed ? [] : metric.offenders
    return {
      gate: key,
      kind: "threshold",
      passed,
      message: `${key} = ${describeEstimate(metric)}, ${side} ${limitText(limit, metric.unit)}${
        passed ? "" : ` — ${metric.label}; chats against it: ${offenders.length === 0 ? "none listed" : listed(offenders)}`
      }`,
      items: offenders
    }
  }
  return [
    ...Object.entries(thresholds.minimum).map(([key, limit]) => gate(key, limit, "minimum")),
    ...Object.entries(thresholds.maximum).map(([key, limit]) => gate(key, limit, "maximum"))
  ].sort((a, b) => (a.gate < b.gate ? -1 : 1))
}

const verdictOf = (check: PairedCheck, item: { readonly pass: boolean; readonly checks: ItemResult["checks"] }) =>
  check === "pass" ? item.pass : item.checks[check]

export const evaluateGates = (
  items: ReadonlyArray<ItemResult>,
  summary: Summary,
  thresholds: ModeThresholds,
  baseline: Baseline | null
): ReadonlyArray<GateResult> => {
  const results: Array<GateResult> = [...thresholdGates(summary, thresholds)]
  if (baseline === null) {
    results.push({
      gate: "baseline",
      kind: "baseline",
      passed: false,
      message: "no committed baseline for this engine mode: record one with `pnpm eval --update-baseline`",
      items: []
    })
    return results
  }
  // Compare only chats both runs judged under the same labels.
  const paired = items.flatMap((item) => {
    const before = baseline.items[item.id]
    return before !== undefined && before.label === item.labelHash ? [{ item, before }] : []
  })
  const failuresOf = new Map(items.map((i) => [i.id, i.failures.join("; ")]))

  for (const slice of thresholds.hardSlices) {
    const flipped = paired.filter(({ before, item }) => item.slices.includes(slice) && before.pass && !item.pass).map(({ item }) => item.id)
    const members = paired.filter(({ item }) => item.slices.includes(slice)).length
    results.push({
      gate: `flips.${slice}`,
      kind: "flip",
      passed: flipped.length === 0,
      message: flipped.length === 0
        ? `hard slice ${slice}: no chat went from pass to fail (${members} compared)`
        : `hard slice ${slice}: ${flipped.length} chat(s) passed in the baseline and fail now: ${
          listed(flipped, (id) => `${id} (${failuresOf.get(id)})`, 10)
        }`,
      items: flipped
    })
  }

  for (const check of thresholds.paired) {
    const pairs = paired.flatMap(({ before, item }) => {
      const b = verdictOf(check, before)
      const a = verdictOf(check, item)
      return b === null || a === null ? [] : [{ id: item.id, before: b, now: a }]
    })
    const worse = pairs.filter((p) => p.before && !p.now).map((p) => p.id)
    const better = pairs.filter((p) => !p.before && p.now).map((p) => p.id)
    const test = mcnemar(worse.length, better.length)
    const delta = pairedBootstrapDelta(pairs.map((p) => [p.before, p.now] as const))
    const significant = test.pValue < thresholds.significance && worse.length > better.length
    const d = (v: number | null) => (v === null ? "n/a" : `${v >= 0 ? "+" : ""}${v.toFixed(3)}`)
    results.push({
      gate: `regression.${check}`,
      kind: "regression",
      passed: !significant,
      message: `${check}: ${worse.length} pass→fail, ${better.length} fail→pass over ${pairs.length} paired chats, ` +
        `McNemar p=${test.pValue.toFixed(4)}, Δ pass rate ${d(delta.value)} [${d(delta.low)}, ${d(delta.high)}]` +
        (significant ? ` — significant regression (p < ${thresholds.significance}); chats: ${listed(worse)}` : ""),
      items: significant ? worse : []
    })
  }
  return results
}
