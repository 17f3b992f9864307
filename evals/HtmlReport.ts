/**
 * `report.html`: one self-contained page (inline CSS and SVG, no script, no network) with the gate verdicts,
 * the metrics with their intervals, three charts — the escalation confusion matrix, latency histograms per step,
 * groundedness by slice — and every failing chat with its answer, sources and verdicts. Pure.
 */
import { type Confusion, describeInterval, formatValue, type LatencyStep, type SliceSummary } from "./Metrics.js"
import { escapeXml as esc, type RunReport } from "./Reports.js"
import type { ItemResult } from "./Scoring.js"

/** Text badges, not emoji: a headless or minimal system may have no emoji font. */
const badge = (passed: boolean) => `<span class="badge ${passed ? "ok" : "bad"}">${passed ? "PASS" : "FAIL"}</span>`

const pct = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(1)} %`)

// ---------------------------------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------------------------------

export const confusionChart = (confusion: Confusion): string => {
  const cellSize = 46
  const left = 170
  const top = 150
  const width = left + confusion.labels.length * cellSize + 20
  const height = top + confusion.rows.length * cellSize + 20
  const parts: Array<string> = []
  confusion.rows.forEach((row, r) => {
    const rowTotal = confusion.counts[r]!.reduce((s, v) => s + v, 0)
    parts.push(`<text class="axis" x="${left - 8}" y="${top + r * cellSize + cellSize / 2 + 4}" text-anchor="end">${esc(row)}</text>`)
    confusion.labels.forEach((col, c) => {
      const count = confusion.counts[r]![c]!
      const share = rowTotal === 0 ? 0 : count / rowTotal
      const diagonal = row === col
      const fill = count === 0 ? "#f4f5f7" : diagonal ? `rgba(26,127,55,${0.15 + 0.85 * share})` : `rgba(207,34,46,${0.15 + 0.85 * share})`
      const x = left + c * cellSize
      const y = top + r * cellSize
      parts.push(
        `<rect class="cell" x="${x}" y="${y}" width="${cellSize - 2}" height="${cellSize - 2}" fill="${fill}"><title>${
          esc(`${row} → ${col}: ${count}`)
        }</title></rect>`
      )
      if (count > 0) {
        parts.push(
          `<text x="${x + cellSize / 2 - 1}" y="${y + cellSize / 2 + 4}" text-anchor="middle" class="${share > 0.55 ? "count light" : "count"}">${count}</text>`
        )
      }
    })
  })
  confusion.labels.forEach((col, c) => {
    const x = left + c * cellSize + cellSize / 2
    parts.push(`<text class="axis" transform="translate(${x},${top - 8}) rotate(-50)">${esc(col)}</text>`)
  })
  return `<svg data-chart="confusion" role="img" aria-label="Escalation confusion matrix" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${
    parts.join("")
  }<text class="caption" x="${left}" y="14">actual →</text><text class="caption" x="4" y="${top - 8}">labeled ↓</text></svg>`
}

export const latencyChart = (step: LatencyStep): string => {
  const width = 300
  const height = 150
  const left = 34
  const bottom = 26
  const plotW = width - left - 8
  const plotH = height - bottom - 20
  const max = Math.max(1, ...step.histogram.counts)
  const barW = plotW / step.histogram.counts.length
  const bars = step.histogram.counts.map((count, i) => {
    const h = (count / max) * plotH
    const from = step.histogram.edges[i]!
    const to = step.histogram.edges[i + 1]!
    return `<rect class="bar" x="${(left + i * barW + 1).toFixed(1)}" y="${(20 + plotH - h).toFixed(1)}" width="${
      Math.max(1, barW - 2).toFixed(1)
    }" height="${Math.max(count > 0 ? 1 : 0, h).toFixed(1)}"><title>${from.toFixed(1)}–${to.toFixed(1)} ms: ${count}</title></rect>`
  })
  const maxEdge = step.histogram.edges.at(-1) ?? 0
  return `<figure class="latency"><svg data-chart="latency" data-step="${esc(step.step)}" role="img" aria-label="Latency histogram of ${
    esc(step.step)
  }" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<line class="axisline" x1="${left}" y1="${20 + plotH}" x2="${width - 8}" y2="${20 + plotH}"/>` +
    bars.join("") +
    `<text class="axis" x="${left}" y="${height - 8}">0</text>` +
    `<text class="axis" x="${width - 8}" y="${height - 8}" text-anchor="end">${maxEdge.toFixed(1)} ms</text>` +
    `<text class="axis" x="${left - 4}" y="26" text-anchor="end">${max}</text>` +
    `</svg><figcaption><b>${esc(step.step)}</b> n=${step.n} · p50 ${formatValue(step.p50.value, "ms")} · p95 ${
      formatValue(step.p95.value, "ms")
    } · p99 ${formatValue(step.p99.value, "ms")} ms</figcaption></figure>`
}

export const sliceChart = (slices: ReadonlyArray<SliceSummary>): string => {
  const rows = slices.filter((s) => s.groundedRate.n > 0 || s.n > 0)
  const rowH = 26
  const left = 170
  const plotW = 360
  const width = left + plotW + 150
  const height = 30 + rows.length * rowH + 24
  const x = (v: number) => left + v * plotW
  const parts: Array<string> = []
  rows.forEach((s, i) => {
    const y = 30 + i * rowH
    parts.push(`<text class="axis" x="${left - 8}" y="${y + 13}" text-anchor="end">${esc(s.slice)}</text>`)
    const g = s.groundedRate
    if (g.value !== null) {
      parts.push(`<rect class="grounded" x="${left}" y="${y + 2}" width="${Math.max(1, g.value * plotW).toFixed(1)}" height="9"><title>${
        esc(`${s.slice}: grounded answers ${pct(g.value)} [${pct(g.low)}, ${pct(g.high)}], n=${g.n}`)
      }</title></rect>`)
      parts.push(`<line class="ci" x1="${x(g.low!).toFixed(1)}" x2="${x(g.high!).toFixed(1)}" y1="${y + 6.5}" y2="${y + 6.5}"/>`)
    }
    const p = s.passRate
    if (p.value !== null) {
      parts.push(`<rect class="pass" x="${left}" y="${y + 12}" width="${Math.max(1, p.value * plotW).toFixed(1)}" height="9"><title>${
        esc(`${s.slice}: chats passing ${pct(p.value)} [${pct(p.low)}, ${pct(p.high)}], n=${p.n}`)
      }</title></rect>`)
      parts.push(`<line class="ci" x1="${x(p.low!).toFixed(1)}" x2="${x(p.high!).toFixed(1)}" y1="${y + 16.5}" y2="${y + 16.5}"/>`)
    }
    parts.push(`<text class="axis" x="${left + plotW + 8}" y="${y + 13}">${g.n > 0 ? pct(g.value) : "–"} · ${pct(p.value)} (n=${s.n})</text>`)
  })
  const axisY = 30 + rows.length * rowH + 4
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="24" y2="${axisY}"/>`)
    parts.push(`<text class="axis" x="${x(t)}" y="${axisY + 14}" text-anchor="middle">${t * 100}%</text>`)
  }
  parts.push(`<rect class="grounded" x="${left}" y="6" width="10" height="9"/><text class="axis" x="${left + 14}" y="14">grounded answers</text>`)
  parts.push(`<rect class="pass" x="${left + 140}" y="6" width="10" height="9"/><text class="axis" x="${left + 154}" y="14">chats passing</text>`)
  return `<svg data-chart="groundedness-by-slice" role="img" aria-label="Groundedness by slice" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${
    parts.join("")
  }</svg>`
}

// ---------------------------------------------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------------------------------------------

const failingItem = (item: ItemResult): string => {
  const claims = item.groundedness === null
    ? ""
    : `<h4>Claims (${item.groundedness.supportedChecks}/${item.groundedness.checks} checks supported)</h4><ul class="claims">${
      item.groundedness.claims.map((c) =>
        `<li class="${c.supported ? "ok" : "bad"}">${esc(c.text)}${c.reasons.length === 0 ? "" : ` — <i>${esc(c.reasons.join("; "))}</i>`}</li>`
      ).join("")
    }</ul>`
  const sources = item.citations.length === 0
    ? "<p><i>no sources cited</i></p>"
    : `<ol class="sources">${item.citations.map((c) => `<li>${esc(c.id)} — ${esc(c.title)}${c.known ? "" : " <b>(unknown source)</b>"}</li>`).join("")}</ol>`
  const retrieval = item.retrieval === null
    ? ""
    : `<p><b>Retrieved (top ${item.retrieval.ranked.length}):</b> ${esc(item.retrieval.ranked.join(", ") || "nothing")} · first gold rank ${
      item.retrieval.firstGoldRank ?? "none"
    }</p>`
  return `<details class="item" id="item-${esc(item.id)}"><summary><code>${esc(item.id)}</code> ${esc(item.question)} <span class="tags">${
    esc(item.slices.join(" "))
  }</span></summary>
<p><b>Labeled:</b> ${esc(item.expected.decision)}${item.expected.reason === null ? "" : ` (${esc(item.expected.reason)})`} · <b>Actual:</b> ${
    esc(item.actual.decision)
  }${item.actual.reason === null ? "" : ` (${esc(item.actual.reason)})`} · <span class="muted">${esc(item.file)}:${item.line}</span></p>
<ul class="failures">${item.failures.map((f) => `<li>${esc(f)}</li>`).join("")}</ul>
<h4>Answer</h4><pre>${esc(item.reply || "(nothing sent)")}</pre>
${item.draft === null ? "" : `<h4>Draft as written by the engine</h4><pre>${esc(item.draft)}</pre>`}
<h4>Sources</h4>${sources}${retrieval}${claims}</details>`
}

const style = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#1f2328}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h4{margin:10px 0 4px}
.banner{padding:10px 14px;border-radius:6px;font-weight:600}.banner.ok{background:#dafbe1}.banner.bad{background:#ffebe9}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#656d76}
.gates{list-style:none;padding-left:0}.gates li{margin:3px 0}
.badge{display:inline-block;font-size:11px;font-weight:700;border-radius:3px;padding:0 5px;margin-right:6px;color:#fff}
.badge.ok{background:#1a7f37}.badge.bad{background:#cf222e}
svg text{font:11px system-ui,sans-serif;fill:#1f2328}svg .count{font-weight:600}svg .count.light{fill:#fff}
svg .caption{fill:#656d76}svg .bar{fill:#0969da}svg .axisline{stroke:#8c959f}svg .grid{stroke:#eaeef2}
svg .grounded{fill:#1a7f37}svg .pass{fill:#8250df}svg .ci{stroke:#1f2328;stroke-width:1.5}
.latencies{display:flex;flex-wrap:wrap;gap:12px}.latency{margin:0;border:1px solid #d0d7de;border-radius:6px;padding:6px}
.latency figcaption{font-size:12px}details.item{border:1px solid #d0d7de;border-radius:6px;padding:6px 10px;margin:6px 0}
details.item summary{cursor:pointer}.tags{color:#656d76;font-size:12px}pre{white-space:pre-wrap;background:#f6f8fa;padding:8px;border-radius:4px}
.claims li.ok{color:#1a7f37}.claims li.bad{color:#cf222e}.failures li{color:#cf222e}
`

export const htmlReport = (report: RunReport): string => {
  const { summary } = report
  const failing = report.items.filter((i) => !i.pass)
  const metricRows = summary.metrics.filter((m) => m.group !== "latency").map((m) => {
    const gate = report.gates.find((g) => g.kind === "threshold" && g.gate === m.key)
    return `<tr><td><code>${esc(m.key)}</code><div class="muted">${esc(m.label)}</div></td><td class="num">${
      formatValue(m.estimate.value, m.unit)
    }</td><td class="num">${formatValue(m.estimate.low, m.unit)} – ${formatValue(m.estimate.high, m.unit)}</td><td class="num">${m.estimate.n}</td><td>${
      esc(m.estimate.method)
    }</td><td>${gate === undefined ? "" : badge(gate.passed)}</td></tr>`
  }).join("")
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>pnpm eval — ${esc(report.mode)}, ${esc(report.split)}</title><style>${style}</style></head>
<body>
<h1>FitMate Assist evals — ${esc(report.mode)} engine, ${esc(report.split)} split</h1>
<p class="banner ${report.passed ? "ok" : "bad"}">${report.passed ? "Gates passed" : "Gates failed"} · ${summary.items.passed} passed, ${summary.items.failed} failed of ${summary.items.total} chats</p>
<h2>Gates</h2>
<ul class="gates">${report.gates.map((g) => `<li class="${g.passed ? "ok" : "bad"}">${badge(g.passed)}${esc(g.message)}</li>`).join("")}</ul>
<h2>Metrics (95 % intervals)</h2>
<table><thead><tr><th>Metric</th><th>Value</th><th>95 % interval</th><th>n</th><th>Interval</th><th>Gate</th></tr></thead><tbody>${metricRows}</tbody></table>
<h2>Escalation confusion matrix</h2>
<p class="muted">Rows: labeled outcome; columns: what the bot did. Green: as labeled; red: not. Hand-offs (transfer or fallback) by reason.</p>
${confusionChart(summary.confusion)}
<h2>Latency per step</h2>
<p class="muted">From the run's OpenTelemetry spans (uncached, this machine). Percentiles with bootstrap intervals: ${
    esc(summary.latency.map((s) => `${s.step} p95 ${describeInterval(s.p95, "ms")}`).join(" · "))
  }</p>
<div class="latencies">${summary.latency.map(latencyChart).join("")}</div>
<h2>Groundedness by slice</h2>
${sliceChart(summary.slices)}
<h2>Failing chats (${failing.length})</h2>
${failing.map(failingItem).join("\n")}
</body></html>
`
}
