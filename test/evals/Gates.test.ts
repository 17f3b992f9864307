import { assert, describe, it } from "@effect/vitest"
import { Either } from "effect"
import { decodeBaseline, makeBaseline, renderBaseline } from "../../evals/Baseline.js"
import { decodeThresholds, evaluateGates, type ModeThresholds } from "../../evals/Gates.js"
import { summarize } from "../../evals/Metrics.js"
import { consoleSummary, junitXml, markdown, type RunReport } from "../../evals/Reports.js"
import { item, numericAnswer, personRequest } from "./support.js"

const thresholds: ModeThresholds = {
  minimum: { "escalation.explicitRequestRecall": 1, "correctness.itemPassRate": 0.5 },
  maximum: { "groundedness.answersWithUnsupportedAtoms": 0 },
  hardSlices: ["request-person", "numeric"],
  paired: ["pass", "grounded"],
  significance: 0.05
}

const baselineItems = [
  ...Array.from({ length: 10 }, (_, i) => personRequest(`person-${i}`, true)),
  ...Array.from({ length: 30 }, (_, i) => numericAnswer(`answer-${i}`, true))
]
const baseline = makeBaseline("offline", baselineItems, summarize(baselineItems))
const failed = (items: Parameters<typeof summarize>[0]) =>
  evaluateGates(items, summarize(items), thresholds, baseline).filter((g) => !g.passed)

describe("gates", () => {
  it("pass when nothing changed", () => {
    assert.deepStrictEqual(failed(baselineItems), [])
  })

  it("a missed request for a person fails the threshold and the hard slice, naming the chat", () => {
    const now = baselineItems.map((i) => (i.id === "person-3" ? personRequest("person-3", false) : i))
    const gates = failed(now)
    assert.deepStrictEqual(gates.map((g) => g.gate), ["escalation.explicitRequestRecall", "flips.request-person"])
    assert.match(gates[0]!.message, /escalation\.explicitRequestRecall = 0\.900 \[0\.\d+, 0\.\d+\] \(n=10\), minimum 1\.000/)
    assert.match(gates[0]!.message, /chats against it: person-3/)
    assert.deepStrictEqual(gates[0]!.items, ["person-3"])
    assert.match(gates[1]!.message, /person-3 \(decision: expected escalate, got clarify\)/)
  })

  it("an unsupported number fails the zero gate and the numeric slice", () => {
    const now = baselineItems.map((i) => (i.id === "answer-7" ? numericAnswer("answer-7", false) : i))
    const gates = failed(now)
    assert.deepStrictEqual(gates.map((g) => g.gate), ["groundedness.answersWithUnsupportedAtoms", "flips.numeric"])
    assert.match(gates[0]!.message, /answers with an unsupported .* chats against it: answer-7/)
  })

  it("a significant regression outside the hard slices fails the paired test; a small one does not", () => {
    const plain = (id: string, pass: boolean) => item(id, { pass, failures: pass ? [] : ["facts: missing \"5 A\""], checks: { decision: true, reason: null, facts: pass, forbidden: null, grounded: true, citations: true } })
    const before = Array.from({ length: 40 }, (_, i) => plain(`chat-${i}`, true))
    const base = makeBaseline("offline", before, summarize(before))
    const pairedOnly = { ...thresholds, minimum: {}, maximum: {} }
    const worse = before.map((i, n) => (n < 8 ? plain(i.id, false) : i))
    const gates = evaluateGates(worse, summarize(worse), pairedOnly, base).filter((g) => !g.passed)
    assert.deepStrictEqual(gates.map((g) => g.gate), ["regression.pass"])
    assert.match(gates[0]!.message, /8 pass→fail, 0 fail→pass over 40 paired chats, McNemar p=0\.0078/)
    assert.match(gates[0]!.message, /chats: chat-0, chat-1/)
    const slightly = before.map((i, n) => (n < 2 ? plain(i.id, false) : i))
    assert.deepStrictEqual(evaluateGates(slightly, summarize(slightly), pairedOnly, base).filter((g) => !g.passed), [])
  })

  it("relabeled chats are not compared with the baseline", () => {
    const now = baselineItems.map((i) => (i.id === "person-3" ? { ...personRequest("person-3", false), labelHash: "new" } : i))
    assert.deepStrictEqual(failed(now).map((g) => g.gate), ["escalation.explicitRequestRecall"])
  })

  it("without a baseline the run fails and says how to record one", () => {
    const gates = evaluateGates(baselineItems, summarize(baselineItems), thresholds, null).filter((g) => !g.passed)
    assert.deepStrictEqual(gates.map((g) => g.gate), ["baseline"])
    assert.match(gates[0]!.message, /pnpm eval --update-baseline/)
  })

  it("a threshold on a metric nothing measured fails instead of passing silently", () => {
    const gates = evaluateGates(
      [item("a")],
      summarize([item("a")]),
      { ...thresholds, minimum: { "escalation.explicitRequestRecall": 1 }, maximum: {} },
      makeBaseline("offline", [item("a")], summarize([item("a")]))
    ).filter((g) => !g.passed)
    assert.match(gates[0]!.message, /was not measured/)
  })
})

describe("baseline", () => {
  it("is byte-stable, sorted and round-trips", () => {
    const shuffled = [...baselineItems].reverse()
    const a = renderBaseline(makeBaseline("offline", baselineItems, summarize(baselineItems)))
    const b = renderBaseline(makeBaseline("offline", shuffled, summarize(shuffled)))
    assert.strictEqual(a, b)
    assert.isTrue(a.endsWith("}\n"))
    assert.notInclude(a, "latency")
    assert.notMatch(a, /\d\.\d{7,}/)
    const keys = Object.keys(JSON.parse(a).items)
    assert.deepStrictEqual(keys, [...keys].sort())
    const decoded = decodeBaseline(a)
    assert.isTrue(Either.isRight(decoded))
    assert.isTrue(Either.isLeft(decodeBaseline(a.replace("\"format\": 1", "\"format\": 2"))))
  })

  it("the committed thresholds decode", async () => {
    const fs = await import("node:fs")
    const text = fs.readFileSync(new URL("../../evals/thresholds.json", import.meta.url), "utf8")
    const decoded = decodeThresholds(text)
    assert.isTrue(Either.isRight(decoded), String(Either.isLeft(decoded) && decoded.left))
    assert.isDefined(Either.getOrThrow(decoded)["offline"])
  })
})

describe("reports", () => {
  const items = [...baselineItems.slice(0, 9), personRequest("person-9", false), numericAnswer("x<&>", false)]
  const summary = summarize(items)
  const gates = evaluateGates(items, summary, thresholds, baseline)
  const report: RunReport = { mode: "offline", split: "test", k: 5, summary, gates, items, passed: false, durationMillis: 1234 }

  it("standard output ends with the counts", () => {
    const text = consoleSummary(report)
    assert.isTrue(text.endsWith("\n9 passed, 2 failed"))
    assert.match(text, /FAIL {2}escalation\.explicitRequestRecall/)
  })

  it("JUnit XML has a case per gate and per chat, failures escaped", () => {
    const xml = junitXml(report)
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /)
    assert.strictEqual((xml.match(/<testcase /g) ?? []).length, gates.length + items.length)
    assert.include(xml, `name="x&lt;&amp;&gt;"`)
    assert.match(xml, /<testcase classname="evals.chats.fixture" name="person-9" time="0.000"><failure message="decision: expected escalate, got clarify">/)
    assert.notMatch(xml, /<(?!\/?(testsuites|testsuite|testcase|failure)\b|\?xml)/)
  })

  it("Markdown summarises for a pull request", () => {
    const md = markdown(report)
    assert.match(md, /^## pnpm eval — offline engine, test split: ❌ gates failed/)
    assert.include(md, "**9 passed, 2 failed** of 11 chats.")
    assert.include(md, "| person-9 |")
    assert.include(md, "### Escalation confusion matrix")
  })
})
