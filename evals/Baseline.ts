/**
 * The committed baseline (`evals/baseline.<mode>.json`): per chat, the label hash and the verdicts of the last
 * accepted run, and the point value of every metric except latency. Byte-stable: sorted keys, numbers rounded to
 * 6 decimals, no timestamps, no timings — the same run writes the same bytes, so a diff shows real changes only.
 * One line per chat and per metric.
 */
import { Schema } from "effect"
import { canonicalJson } from "./Dataset.js"
import type { Summary } from "./Metrics.js"
import type { CheckName, ItemResult } from "./Scoring.js"
import { stable } from "./Stats.js"

const Verdict = Schema.NullOr(Schema.Boolean)

export const BaselineItem = Schema.Struct({
  /** `labelHash` of the chat when the baseline was recorded: a relabeled chat is not compared. */
  label: Schema.String,
  pass: Schema.Boolean,
  checks: Schema.Struct({
    decision: Verdict,
    reason: Verdict,
    facts: Verdict,
    forbidden: Verdict,
    grounded: Verdict,
    citations: Verdict
  } satisfies Record<CheckName, typeof Verdict>),
  slices: Schema.Array(Schema.String)
})
export type BaselineItem = typeof BaselineItem.Type

export const Baseline = Schema.Struct({
  format: Schema.Literal(1),
  mode: Schema.String,
  items: Schema.Record({ key: Schema.String, value: BaselineItem }),
  metrics: Schema.Record({ key: Schema.String, value: Schema.NullOr(Schema.Number) })
})
export type Baseline = typeof Baseline.Type

export const decodeBaseline = Schema.decodeUnknownEither(Schema.parseJson(Baseline), { onExcessProperty: "error" })

export const makeBaseline = (mode: string, items: ReadonlyArray<ItemResult>, summary: Summary): Baseline => ({
  format: 1,
  mode,
  items: Object.fromEntries(items.map((i) => [i.id, { label: i.labelHash, pass: i.pass, checks: i.checks, slices: i.slices }])),
  metrics: Object.fromEntries(
    summary.metrics.filter((m) => m.group !== "latency").map((m) => [m.key, m.estimate.value === null ? null : stable(m.estimate.value)])
  )
})

const byKey = <A>(record: Readonly<Record<string, A>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

const entries = (record: Readonly<Record<string, unknown>>) =>
  byKey(record).map(([key, value], i, all) => `    ${JSON.stringify(key)}: ${canonicalJson(value)}${i < all.length - 1 ? "," : ""}`)

/**
 * The committed form: keys sorted everywhere, one line per chat and per metric (a flipped verdict is a one-line
 * diff), newline-terminated.
 */
export const renderBaseline = (baseline: Baseline): string =>
  [
    "{",
    `  "format": ${baseline.format},`,
    `  "items": {`,
    ...entries(baseline.items),
    "  },",
    `  "metrics": {`,
    ...entries(baseline.metrics),
    "  },",
    `  "mode": ${JSON.stringify(baseline.mode)}`,
    "}",
    ""
  ].join("\n")
