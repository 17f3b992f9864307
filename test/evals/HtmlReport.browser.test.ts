/**
 * The HTML report opens in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no browser
 * download) and its charts render: the escalation confusion matrix, a latency histogram per step and
 * groundedness by slice, with every failing chat listed. The page loads nothing from the network.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs/promises"
import * as os from "node:os"
import * as path from "node:path"
import { chromium } from "playwright-core"
import { evaluateGates } from "../../evals/Gates.js"
import { htmlReport } from "../../evals/HtmlReport.js"
import { summarize } from "../../evals/Metrics.js"
import type { RunReport } from "../../evals/Reports.js"
import { item, numericAnswer, personRequest } from "./support.js"

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

const steps = ["ChatConversation.handle", "Conversation.turn", "AgentGraph.writer", "Retriever.search"]
const items = [
  ...Array.from({ length: 12 }, (_, i) => personRequest(`person-${i}`, i !== 4)),
  ...Array.from({ length: 20 }, (_, i) =>
    numericAnswer(`answer-${i}`, i % 7 !== 0)),
  item("decline-1", {
    slices: ["out-of-scope"],
    expected: { decision: "decline", reason: "out_of_scope" },
    actual: { decision: "clarify", reason: null },
    pass: false,
    failures: ["decision: expected decline, got clarify"],
    groundedness: null
  })
].map((i, n) => ({
  ...i,
  timings: steps.map((step, s) => ({ step, durationMillis: 5 + ((n * 37 + s * 11) % 90) }))
}))
const summary = summarize(items)
const report: RunReport = {
  mode: "offline",
  split: "test",
  k: 5,
  summary,
  gates: evaluateGates(items, summary, { minimum: { "escalation.explicitRequestRecall": 1 }, maximum: {}, hardSlices: [], paired: [], significance: 0.05 }, null),
  items,
  passed: false,
  durationMillis: 4321
}

interface Box {
  readonly width: number
  readonly height: number
}
interface Measured {
  readonly title: string
  readonly confusion: ReadonlyArray<Box>
  readonly confusionCells: number
  readonly latency: ReadonlyArray<Box & { readonly step: string | null; readonly bars: number }>
  readonly slices: ReadonlyArray<Box>
  readonly sliceBars: number
  readonly failing: number
  readonly banner: string
}

/** Runs in the page (a string, so the test compiles without the DOM library): what is actually drawn. */
const measureCharts = `(() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return { width: r.width, height: r.height } }
  const drawn = (selector) => [...document.querySelectorAll(selector)]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 }).length
  const charts = (name) => [...document.querySelectorAll('svg[data-chart="' + name + '"]')]
  return {
    title: document.title,
    confusion: charts("confusion").map(box),
    confusionCells: drawn('svg[data-chart="confusion"] rect.cell'),
    latency: charts("latency").map((svg) => ({
      ...box(svg),
      step: svg.getAttribute("data-step"),
      bars: [...svg.querySelectorAll("rect.bar")].filter((b) => b.getBoundingClientRect().height > 0).length
    })),
    slices: charts("groundedness-by-slice").map(box),
    sliceBars: drawn('svg[data-chart="groundedness-by-slice"] rect.grounded, svg[data-chart="groundedness-by-slice"] rect.pass'),
    failing: document.querySelectorAll("details.item").length,
    banner: document.querySelector(".banner")?.textContent ?? ""
  }
})()`

describe("HTML report in a browser", () => {
  it.live("opens in headless Chromium and its charts render", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), "fitmate-report-"))),
        (d) => Effect.promise(() => fs.rm(d, { recursive: true, force: true }))
      )
      const file = path.join(dir, "report.html")
      yield* Effect.promise(() => fs.writeFile(file, htmlReport(report)))
      const context = yield* Effect.acquireRelease(
        Effect.promise(() =>
          chromium.launchPersistentContext(path.join(dir, "profile"), {
            executablePath: "/usr/bin/chromium",
            headless: true,
            args: chromiumArgs
          })
        ),
        (c) => Effect.promise(() => c.close())
      )
      const page = yield* Effect.promise(() => context.newPage())
      const errors: Array<string> = []
      const requests: Array<string> = []
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()) })
      page.on("pageerror", (e) => errors.push(e.message))
      page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()) })
      yield* Effect.promise(() => page.goto(`file://${file}`))

      const measured = yield* Effect.promise(() => page.evaluate<Measured>(measureCharts))
      assert.deepStrictEqual(errors, [])
      assert.deepStrictEqual(requests, [])
      assert.match(measured.title, /pnpm eval/)
      assert.match(measured.banner, /Gates failed · 28 passed, 5 failed of 33 chats/)
      assert.lengthOf(measured.confusion, 1)
      assert.isAbove(measured.confusion[0]!.width, 200)
      assert.strictEqual(measured.confusionCells, summary.confusion.rows.length * summary.confusion.labels.length)
      assert.deepStrictEqual(measured.latency.map((l) => l.step), summary.latency.map((s) => s.step))
      assert.sameMembers(measured.latency.map((l) => l.step!), steps)
      for (const l of measured.latency) {
        assert.isAbove(l.width, 100)
        assert.isAtLeast(l.bars, 3, l.step ?? "")
      }
      assert.lengthOf(measured.slices, 1)
      assert.isAbove(measured.slices[0]!.height, 50)
      assert.isAtLeast(measured.sliceBars, summary.slices.length)
      assert.strictEqual(measured.failing, items.filter((i) => !i.pass).length)

      // Expanding a failing chat shows its answer, sources and verdicts.
      yield* Effect.promise(() => page.click("#item-answer-0 summary"))
      const detail = yield* Effect.promise(() => page.textContent("#item-answer-0"))
      assert.include(detail, "quantity 7.5 A is in no cited source")
      assert.include(detail, "ds-fm-ct")
      const png = yield* Effect.promise(() => page.screenshot({ fullPage: true }))
      assert.isAbove(png.length, 10_000)
    }).pipe(Effect.scoped), { timeout: 60_000 })
})
