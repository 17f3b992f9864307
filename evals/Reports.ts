/**
 * What a run leaves behind (`evals/reports/`, not committed) and prints:
 * - `summary.json`: metrics with intervals, confusion matrix, latency, slices, gates;
 * - `items.jsonl`: one line per chat with every verdict;
 * - `junit.xml`: one test case per gate and per chat, for CI test views;
 * - `summary.md`: a pull-request comment;
 * - `report.html`: one self-contained page with charts (`HtmlReport.ts`).
 * Pure renderers; `main.ts` writes the files.
 */
import type { EngineMode } from "./Engine.js"
import { describeEstimate, type GateResult } from "./Gates.js"
import { formatValue, type Summary } from "./Metrics.js"
import type { ItemResult } from "./Scoring.js"

export interface RunReport {
  readonly mode: EngineMode
  readonly split: string
  readonly k: number
  readonly summary: Summary
  readonly gates: ReadonlyArray<GateResult>
  readonly items: ReadonlyArray<ItemResult>
  readonly passed: boolean
  readonly durationMillis: number
}

export const gatesPassed = (gates: ReadonlyArray<GateResult>) => gates.every((g) => g.passed)

export const summaryJson = (report: RunReport): string =>
  `${
    JSON.stringify(
      {
        mode: report.mode,
        split: report.split,
        k: report.k,
        passed: report.passed,
        durationMillis: Math.round(report.durationMillis),
        items: report.summary.items,
        gates: report.gates,
        metrics: report.summary.metrics,
        confusion: report.summary.confusion,
        latency: report.summary.latency,
        slices: report.summary.slices
      },
      null,
      2
    )
  }\n`

export const itemsJsonl = (items: ReadonlyArray<ItemResult>): string => items.map((i) => `${JSON.stringify(i)}\n`).join("")

// ---------------------------------------------------------------------------------------------------------------
// JUnit XML
// ---------------------------------------------------------------------------------------------------------------

export const escapeXml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    // XML 1.0 cannot carry most control characters at all.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "")

const itemDetail = (item: ItemResult) =>
  [
    `question: ${item.question}`,
    `expected: ${item.expected.decision}${item.expected.reason === null ? "" : ` (${item.expected.reason})`}`,
    `actual: ${item.actual.decision}${item.actual.reason === null ? "" : ` (${item.actual.reason})`}`,
    ...item.failures,
    `reply: ${item.reply}`
  ].join("\n")

export const junitXml = (report: RunReport): string => {
  const gateCases = report.gates.map((g) =>
    `    <testcase classname="evals.gates.${g.kind}" name="${escapeXml(g.gate)}">${
      g.passed ? "" : `<failure message="${escapeXml(g.message)}"/>`
    }</testcase>`
  )
  const chatCases = report.items.map((item) => {
    const seconds = item.timings.filter((t) => t.step === "ChatConversation.handle").reduce((s, t) => s + t.durationMillis, 0) / 1000
    return `    <testcase classname="evals.chats.${escapeXml(item.file.replace(/\.jsonl$/, ""))}" name="${escapeXml(item.id)}" time="${
      seconds.toFixed(3)
    }">${
      item.pass ? "" : `<failure message="${escapeXml(item.failures[0] ?? "failed")}">${escapeXml(itemDetail(item))}</failure>`
    }</testcase>`
  })
  const gateFailures = report.gates.filter((g) => !g.passed).length
  const chatFailures = report.items.filter((i) => !i.pass).length
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="pnpm eval (${report.mode}, ${escapeXml(report.split)})" tests="${gateCases.length + chatCases.length}" failures="${
      gateFailures + chatFailures
    }">`,
    `  <testsuite name="gates" tests="${gateCases.length}" failures="${gateFailures}">`,
    ...gateCases,
    `  </testsuite>`,
    `  <testsuite name="chats" tests="${chatCases.length}" failures="${chatFailures}">`,
    ...chatCases,
    `  </testsuite>`,
    `</testsuites>`,
    ``
  ].join("\n")
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown and console
// ---------------------------------------------------------------------------------------------------------------

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ")

const gateFor = (report: RunReport, key: string) => report.gates.find((g) => g.kind === "threshold" && g.gate === key)

export const markdown = (report: RunReport, maxFailing = 40): string => {
  const { summary } = report
  const lines: Array<string> = []
  const ok = report.passed
  lines.push(`## pnpm eval — ${report.mode} engine, ${report.split} split: ${ok ? "✅ gates passed" : "❌ gates failed"}`)
  lines.push("")
  lines.push(`**${summary.items.passed} passed, ${summary.items.failed} failed** of ${summary.items.total} chats.`)
  lines.push("")
  const failedGates = report.gates.filter((g) => !g.passed)
  if (failedGates.length > 0) {
    lines.push("### Failed gates", "")
    for (const g of failedGates) lines.push(`- ❌ ${cell(g.message)}`)
    lines.push("")
  }
  lines.push("### Metrics", "", "| Metric | Value | 95 % interval | n | Gate |", "| --- | --- | --- | --- | --- |")
  for (const m of summary.metrics.filter((m) => m.group !== "latency")) {
    const gate = gateFor(report, m.key)
    lines.push(
      `| ${cell(m.key)} — ${cell(m.label)} | ${formatValue(m.estimate.value, m.unit)} | ${formatValue(m.estimate.low, m.unit)} – ${
        formatValue(m.estimate.high, m.unit)
      } | ${m.estimate.n} | ${gate === undefined ? "" : gate.passed ? "✅" : "❌"} |`
    )
  }
  lines.push("", "### Escalation confusion matrix (rows: labeled, columns: actual)", "")
  lines.push(`| labeled \\ actual | ${summary.confusion.labels.map(cell).join(" | ")} |`)
  lines.push(`| --- | ${summary.confusion.labels.map(() => "---").join(" | ")} |`)
  summary.confusion.rows.forEach((row, r) => lines.push(`| ${cell(row)} | ${summary.confusion.counts[r]!.join(" | ")} |`))
  lines.push("", "### Latency per step (ms, from the spans)", "", "| Step | n | p50 | p95 | p99 |", "| --- | --- | --- | --- | --- |")
  for (const s of summary.latency) {
    lines.push(`| ${cell(s.step)} | ${s.n} | ${formatValue(s.p50.value, "ms")} | ${formatValue(s.p95.value, "ms")} | ${formatValue(s.p99.value, "ms")} |`)
  }
  lines.push("", "### Slices", "", "| Slice | n | pass rate | grounded answers |", "| --- | --- | --- | --- |")
  for (const s of summary.slices) {
    lines.push(
      `| ${s.slice} | ${s.n} | ${formatValue(s.passRate.value, "rate")} [${formatValue(s.passRate.low, "rate")}, ${
        formatValue(s.passRate.high, "rate")
      }] | ${s.groundedRate.n === 0 ? "–" : `${formatValue(s.groundedRate.value, "rate")} (n=${s.groundedRate.n})`} |`
    )
  }
  const failing = report.items.filter((i) => !i.pass)
  if (failing.length > 0) {
    lines.push("", `### Failing chats (${failing.length}${failing.length > maxFailing ? `, first ${maxFailing}` : ""})`, "")
    lines.push("| Chat | Question | Failures |", "| --- | --- | --- |")
    for (const i of failing.slice(0, maxFailing)) {
      const question = i.question.length > 80 ? `${i.question.slice(0, 80)}…` : i.question
      lines.push(`| ${i.id} | ${cell(question)} | ${cell(i.failures.join("; "))} |`)
    }
  }
  lines.push("")
  return lines.join("\n")
}

/** What standard output shows; the last line is always `N passed, N failed` (chats). */
export const consoleSummary = (report: RunReport): string => {
  const { summary } = report
  const lines: Array<string> = []
  lines.push(`pnpm eval: ${report.mode} engine, ${report.split} split, ${summary.items.total} chats in ${(report.durationMillis / 1000).toFixed(1)} s`)
  lines.push("")
  const width = Math.max(...summary.metrics.map((m) => m.key.length))
  for (const m of summary.metrics) {
    if (m.group === "latency" && !m.key.endsWith(".p95")) continue
    lines.push(`  ${m.key.padEnd(width)}  ${describeEstimate(m)}`)
  }
  lines.push("")
  for (const g of report.gates) lines.push(`${g.passed ? "PASS" : "FAIL"}  ${g.message}`)
  lines.push("")
  lines.push(report.passed ? "Gates passed." : `Gates FAILED: ${report.gates.filter((g) => !g.passed).map((g) => g.gate).join(", ")}`)
  lines.push(`${summary.items.passed} passed, ${summary.items.failed} failed`)
  return lines.join("\n")
}
