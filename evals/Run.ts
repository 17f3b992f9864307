/**
 * One `pnpm eval` run: load and validate the labeled chats, run them through the harness with bounded
 * concurrency, score them, aggregate, gate against the thresholds and the baseline, write the reports, print the
 * summary. Fails with `GatesFailed` when a gate fails (the CLI turns that into a non-zero exit).
 */
import { FileSystem, Path } from "@effect/platform"
import { Clock, Console, Data, Effect, Either, Option, ParseResult } from "effect"
import { fileURLToPath } from "node:url"
import { decodeBaseline, makeBaseline, renderBaseline } from "./Baseline.js"
import { type DatasetItem, inSplit, loadDataset, type Split } from "./Dataset.js"
import type { EngineMode } from "./Engine.js"
import { decodeThresholds, evaluateGates, type GateResult, type ModeThresholds } from "./Gates.js"
import { Harness } from "./Harness.js"
import { htmlReport } from "./HtmlReport.js"
import { summarize } from "./Metrics.js"
import { Progress } from "./Progress.js"
import { consoleSummary, gatesPassed, itemsJsonl, junitXml, markdown, type RunReport, summaryJson } from "./Reports.js"
import { scoreItem } from "./Scoring.js"
import { loadSources } from "./Sources.js"

/** Where the committed eval files live (independent of the working directory). */
export const evalsDir = fileURLToPath(new URL(".", import.meta.url))
export const defaultDatasetDir = fileURLToPath(new URL("../datasets/chats", import.meta.url))
export const defaultReportsDir = fileURLToPath(new URL("reports", import.meta.url))
export const thresholdsFile = (dir: string) => `${dir}/thresholds.json`
export const baselineFile = (dir: string, mode: EngineMode) => `${dir}/baseline.${mode}.json`

export interface RunOptions {
  readonly mode: EngineMode
  readonly split: Split
  readonly concurrency: number
  readonly k: number
  readonly updateBaseline: boolean
  readonly datasetDir: string
  readonly reportsDir: string
  /** Folder of `thresholds.json` and `baseline.<mode>.json` (default: this folder). */
  readonly gatesDir: string
  /** Run only these chat ids (debugging); empty: all of the split. */
  readonly only: ReadonlyArray<string>
}

export class GatesFailed extends Data.TaggedError("GatesFailed")<{ readonly failed: ReadonlyArray<GateResult> }> {
  override get message() {
    return `eval gates failed:\n${this.failed.map((g) => `- ${g.message}`).join("\n")}`
  }
}

export class EvalConfigError extends Data.TaggedError("EvalConfigError")<{ readonly detail: string }> {
  override get message() {
    return this.detail
  }
}

const readThresholds = Effect.fn("Evals.readThresholds")(function*(file: string, mode: EngineMode) {
  const fs = yield* FileSystem.FileSystem
  const text = yield* fs.readFileString(file).pipe(
    Effect.mapError((e) => new EvalConfigError({ detail: `cannot read the thresholds ${file}: ${e.message}` }))
  )
  const decoded = decodeThresholds(text)
  if (Either.isLeft(decoded)) {
    return yield* new EvalConfigError({ detail: `${file}: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}` })
  }
  const forMode: ModeThresholds | undefined = decoded.right[mode]
  if (forMode === undefined) return yield* new EvalConfigError({ detail: `${file} has no thresholds for mode "${mode}"` })
  return forMode
})

const readBaseline = Effect.fn("Evals.readBaseline")(function*(file: string) {
  const fs = yield* FileSystem.FileSystem
  if (!(yield* fs.exists(file).pipe(Effect.orElseSucceed(() => false)))) return Option.none()
  const text = yield* fs.readFileString(file).pipe(
    Effect.mapError((e) => new EvalConfigError({ detail: `cannot read the baseline ${file}: ${e.message}` }))
  )
  const decoded = decodeBaseline(text)
  if (Either.isLeft(decoded)) {
    return yield* new EvalConfigError({ detail: `${file}: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}` })
  }
  return Option.some(decoded.right)
})

const selectItems = (items: ReadonlyArray<DatasetItem>, options: RunOptions) => {
  const only = new Set(options.only)
  return items.filter(inSplit(options.split)).filter((i) => only.size === 0 || only.has(i.chat.id))
}

export const writeReports = Effect.fn("Evals.writeReports")(function*(dir: string, report: RunReport) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  yield* fs.makeDirectory(dir, { recursive: true })
  const files: ReadonlyArray<readonly [string, string]> = [
    ["summary.json", summaryJson(report)],
    ["items.jsonl", itemsJsonl(report.items)],
    ["junit.xml", junitXml(report)],
    ["summary.md", markdown(report)],
    ["report.html", htmlReport(report)]
  ]
  for (const [name, content] of files) yield* fs.writeFileString(path.join(dir, name), content)
  return files.map(([name]) => path.join(dir, name))
})

/** Runs the chats and scores them; no gates, no files (the part tests reuse). */
export const runAndScore = Effect.fn("Evals.runAndScore")(function*(options: RunOptions) {
  const items = selectItems(yield* loadDataset(options.datasetDir), options)
  if (items.length === 0) return yield* new EvalConfigError({ detail: "no chat selected (check --split and --only)" })
  const sources = yield* loadSources()
  const harness = yield* Harness
  const progress = yield* Progress
  yield* progress.start(items.length, "chats")
  const runs = yield* Effect.forEach(items, (item) => Effect.zipLeft(harness.run(item), progress.tick), {
    concurrency: options.concurrency
  })
  yield* progress.finish
  const results = items.map((item, index) => scoreItem(item, runs[index]!, sources))
  return { results, summary: summarize(results) }
})

export const runEvals = Effect.fn("Evals.run")(function*(options: RunOptions) {
  if (options.updateBaseline && (options.split !== "all" || options.only.length > 0)) {
    return yield* new EvalConfigError({ detail: "--update-baseline records every chat: run it without --split and --only" })
  }
  const fs = yield* FileSystem.FileSystem
  const thresholds = yield* readThresholds(thresholdsFile(options.gatesDir), options.mode)
  const baselinePath = baselineFile(options.gatesDir, options.mode)
  const baseline = yield* readBaseline(baselinePath)
  const started = yield* Clock.currentTimeMillis
  const { results, summary } = yield* runAndScore(options)
  const gates = evaluateGates(results, summary, thresholds, options.updateBaseline ? null : Option.getOrNull(baseline))
    // Recording a new baseline replaces the comparison with it.
    .filter((g) => !(options.updateBaseline && g.kind === "baseline"))
  const report: RunReport = {
    mode: options.mode,
    split: options.split,
    k: options.k,
    summary,
    gates,
    items: results,
    passed: gatesPassed(gates),
    durationMillis: (yield* Clock.currentTimeMillis) - started
  }
  const written = yield* writeReports(options.reportsDir, report)
  if (options.updateBaseline) {
    yield* fs.writeFileString(baselinePath, renderBaseline(makeBaseline(options.mode, results, summary)))
    yield* Console.error(`baseline written: ${baselinePath}`)
  }
  yield* Console.error(`reports: ${written.join(", ")}`)
  yield* Console.log(consoleSummary(report))
  if (!report.passed) return yield* new GatesFailed({ failed: gates.filter((g) => !g.passed) })
  return report
})
