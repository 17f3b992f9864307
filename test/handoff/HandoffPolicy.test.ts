import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option } from "effect"
import { type Draft, type TurnResult, unansweredTurn } from "../../src/agents/AgentGraph.js"
import { TalkToEngineerPostback } from "../../src/agents/HumanRequest.js"
import { cannotFind, nobodyAvailable, outOfScope } from "../../src/conversation/Replies.js"
import type { BusinessHours } from "../../src/handoff/BusinessHours.js"
import type { HandoffDecision } from "../../src/handoff/HandoffDecision.js"
import { decideWith, HandoffPolicy, type PolicyInput, routeWith } from "../../src/handoff/HandoffPolicy.js"
import { Handoff, SpanName } from "../../src/telemetry/Attributes.js"
import { SpanCapture, SpanCaptureLive, spanNamed } from "../telemetry/SpanCapture.js"

const draft: Draft = {
  text: "FM-CT-R13-22P is rated 5 A per contact [1].",
  citations: [{ id: "ds-fm-ct", title: "FM-CT series datasheet", revision: "G", url: "https://docs.fitmate.example/datasheets/ds-fm-ct" }],
  quickReplies: []
}
const answered: TurnResult = {
  ...unansweredTurn("x"),
  intent: "product",
  draft: Option.some(draft),
  confidence: 0.9,
  reason: Option.none(),
  grounding: "verified"
}
const nothing: TurnResult = { ...unansweredTurn("no_sources"), intent: "product" }
const signals = (s: Partial<TurnResult["signals"]>): TurnResult["signals"] => ({ ...answered.signals, ...s })

interface Row {
  readonly rule: string
  readonly question?: string
  readonly postback?: string
  readonly result: TurnResult
  readonly unresolved?: number
  readonly expect: "Answer" | "Clarify" | "Decline" | `Escalate:${string}`
  readonly check?: (decision: HandoffDecision) => void
}

const rows: ReadonlyArray<Row> = [
  // 1. explicit request — whatever the engine produced
  { rule: "explicit request (words) beats an answer", question: "can I talk to a human?", result: answered, expect: "Escalate:explicit_request" },
  { rule: "explicit request (intent)", result: { ...nothing, intent: "human_request" }, expect: "Escalate:explicit_request" },
  { rule: "explicit request (button)", question: "Talk to an engineer", postback: TalkToEngineerPostback, result: nothing, expect: "Escalate:explicit_request" },
  { rule: "explicit request in German", question: "Kann ich mit einem Menschen sprechen?", result: answered, expect: "Escalate:explicit_request" },
  // 2. frustration
  { rule: "frustration (signal)", result: { ...answered, signals: signals({ frustration: true }) }, expect: "Escalate:frustration" },
  { rule: "frustration (words)", question: "This is useless, you still don't understand", result: nothing, expect: "Escalate:frustration" },
  // 3. sensitive topics
  { rule: "commercial intent", result: { ...nothing, intent: "commercial" }, expect: "Escalate:sensitive_topic" },
  {
    rule: "commercial: no interim answer even with a draft",
    result: { ...answered, signals: signals({ sensitive: Option.some("commercial") }) },
    expect: "Escalate:sensitive_topic",
    check: (d) => assert.isTrue(d._tag === "Escalate" && Option.isNone(d.interim))
  },
  {
    rule: "safety: the verified note goes first",
    result: { ...answered, signals: signals({ sensitive: Option.some("safety") }) },
    expect: "Escalate:sensitive_topic",
    check: (d) => assert.isTrue(d._tag === "Escalate" && Option.contains(d.interim, draft))
  },
  { rule: "custom design", result: { ...nothing, signals: signals({ sensitive: Option.some("custom") }) }, expect: "Escalate:sensitive_topic" },
  // 4. out of scope
  {
    rule: "out of scope: decline politely, offer a person",
    result: { ...nothing, intent: "out_of_scope" },
    expect: "Decline",
    check: (d) => {
      assert.isTrue(d._tag === "Decline" && d.text === outOfScope)
      assert.deepStrictEqual(d._tag === "Decline" ? d.quickReplies.map((q) => q.id) : [], [TalkToEngineerPostback])
    }
  },
  { rule: "only instructions to the assistant: decline", result: { ...nothing, signals: signals({ injection: true }) }, expect: "Decline" },
  { rule: "instructions cut out, the rest answered", result: { ...answered, signals: signals({ injection: true }) }, expect: "Answer" },
  // 5.–7. confidence
  { rule: "the engine asks for a person", result: { ...answered, needsHuman: true }, expect: "Escalate:low_confidence" },
  { rule: "verified and confident: answer", result: answered, expect: "Answer" },
  { rule: "confidence exactly at the threshold: answer", result: { ...answered, confidence: 0.5 }, expect: "Answer" },
  { rule: "verified but unconfident", result: { ...answered, confidence: 0.3 }, expect: "Escalate:low_confidence" },
  // 8. unsupported
  { rule: "draft failed verification", result: { ...nothing, grounding: "rejected" }, expect: "Escalate:unsupported_answer" },
  // 9.–10. nothing to answer
  {
    rule: "nothing found, first time: clarify honestly",
    result: nothing,
    expect: "Clarify",
    check: (d) => assert.isTrue(d._tag === "Clarify" && d.text === cannotFind)
  },
  {
    rule: "the engine's own question (series buttons)",
    result: {
      ...nothing,
      clarification: Option.some({ text: "Which series?", quickReplies: [{ id: "series:FM-CT", label: "FM-CT" }] })
    },
    expect: "Clarify",
    check: (d) => assert.deepStrictEqual(d._tag === "Clarify" ? [d.text, d.quickReplies.map((q) => q.label)] : [], ["Which series?", ["FM-CT"]])
  },
  { rule: "second unresolved turn in a row", result: nothing, unresolved: 1, expect: "Escalate:repeated_failure" },
  { rule: "an answer resets nothing here: answered even after failures", result: answered, unresolved: 5, expect: "Answer" }
]

const decide = decideWith({ minConfidence: 0.5, maxUnresolvedTurns: 2 })
const tagOf = (d: HandoffDecision) => (d._tag === "Escalate" ? `Escalate:${d.reason}` : d._tag)

describe("HandoffPolicy.decide rules", () => {
  for (const row of rows) {
    it(row.rule, () => {
      const input: PolicyInput = {
        question: row.question ?? "What is the current rating of FM-CT-R13-22P?",
        postbackId: Option.fromNullable(row.postback),
        result: row.result,
        unresolvedTurns: row.unresolved ?? 0
      }
      const decision = decide(input)
      assert.strictEqual(tagOf(decision), row.expect)
      row.check?.(decision)
    })
  }

  it("thresholds are configuration", () => {
    const strict = decideWith({ minConfidence: 0.95, maxUnresolvedTurns: 3 })
    const base = { question: "q", postbackId: Option.none(), unresolvedTurns: 1 }
    assert.strictEqual(tagOf(strict({ ...base, result: answered })), "Escalate:low_confidence")
    assert.strictEqual(tagOf(strict({ ...base, result: nothing })), "Clarify")
    assert.strictEqual(tagOf(strict({ ...base, unresolvedTurns: 2, result: nothing })), "Escalate:repeated_failure")
  })
})

const berlin: BusinessHours = {
  timeZone: "Europe/Berlin",
  days: [1, 2, 3, 4, 5],
  openMinute: 8 * 60,
  closeMinute: 17 * 60,
  holidays: new Set(["2026-12-24"])
}

describe("HandoffPolicy.route", () => {
  const route = routeWith(berlin)
  const cases: ReadonlyArray<readonly [string, boolean, string, "Transfer" | "Fallback", RegExp]> = [
    ["available in hours: plain transfer notice", true, "2026-11-25T10:00:00Z", "Transfer", /^I'll bring in one of our engineers now\. They will see this conversation, so you won't need to repeat yourself\.$/],
    ["available after hours: transfer, slower", true, "2026-11-25T20:00:00Z", "Transfer", /outside our usual support hours \(Monday to Friday, 08:00–17:00 \(Europe\/Berlin time\)\)/],
    ["nobody in hours: honest fallback", false, "2026-11-25T10:00:00Z", "Fallback", /^I'm sorry — none of our engineers can take the chat right now\. If you leave your email address/],
    ["nobody at night: back tomorrow morning", false, "2026-11-25T20:00:00Z", "Fallback", /back Thursday at 08:00\. If you leave your email address, an engineer will reply by email on the next business day/],
    ["nobody on Saturday: back Monday", false, "2026-11-28T12:00:00Z", "Fallback", /back Monday at 08:00/],
    ["nobody on a holiday: back the next working day", false, "2026-12-24T10:00:00Z", "Fallback", /back Friday at 08:00/]
  ]
  for (const [name, available, at, tag, text] of cases) {
    it(name, () => {
      const routed = route({ reason: "explicit_request", available, now: new Date(at) })
      assert.strictEqual(routed._tag, tag)
      assert.match(routed.text, text)
      if (tag === "Fallback") assert.match(routed.text, /none of our engineers can take the chat right now/)
    })
  }
  it("the open-hours fallback is the plain wording", () => {
    assert.strictEqual(route({ reason: "low_confidence", available: false, now: new Date("2026-11-25T10:00:00Z") }).text, nobodyAvailable)
  })
})

const withConfig = (entries: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries))))

describe("HandoffPolicy service", () => {
  it.effect("decides on a HandoffPolicy.decide span with decision, reason and confidence", () =>
    Effect.gen(function*() {
      const policy = yield* HandoffPolicy
      const decision = yield* policy.decide({
        question: "How much does FM-CT-R13-22P cost?",
        postbackId: Option.none(),
        result: { ...nothing, intent: "commercial", confidence: 0.25 },
        unresolvedTurns: 0
      })
      assert.strictEqual(tagOf(decision), "Escalate:sensitive_topic")
      const span = spanNamed(yield* SpanCapture.spans, SpanName.Policy)
      assert.strictEqual(span.attributes[Handoff.Decision], "escalate")
      assert.strictEqual(span.attributes[Handoff.Reason], "sensitive_topic")
      assert.strictEqual(span.attributes[Handoff.Confidence], 0.25)
      // Nothing the customer typed is on the span.
      assert.notInclude(JSON.stringify(span.attributes), "cost")
    }).pipe(Effect.provide(Layer.mergeAll(HandoffPolicy.Default, SpanCaptureLive).pipe(Layer.provide(withConfig({}))))))

  it.effect("reads thresholds and business hours from configuration", () =>
    Effect.gen(function*() {
      const policy = yield* HandoffPolicy
      assert.deepStrictEqual(policy.settings.thresholds, { minConfidence: 0.8, maxUnresolvedTurns: 3 })
      assert.strictEqual(policy.settings.hours.timeZone, "America/Chicago")
      assert.deepStrictEqual(policy.settings.hours.days, [1, 2, 3, 4, 5, 6])
      assert.deepStrictEqual([policy.settings.hours.openMinute, policy.settings.hours.closeMinute], [7 * 60 + 30, 16 * 60])
      assert.isTrue(policy.settings.hours.holidays.has("2026-12-25"))
      const routed = yield* policy.route({ reason: "explicit_request", available: false, now: new Date("2026-11-29T18:00:00Z") })
      assert.match(routed.text, /Monday to Saturday, 07:30–16:00 \(America\/Chicago time\) and are back Monday at 07:30/)
    }).pipe(Effect.provide(HandoffPolicy.Default.pipe(Layer.provide(withConfig({
      HANDOFF_MIN_CONFIDENCE: "0.8",
      HANDOFF_MAX_UNRESOLVED_TURNS: "3",
      SUPPORT_TIME_ZONE: "America/Chicago",
      SUPPORT_DAYS: "Mon-Sat",
      SUPPORT_HOURS: "07:30-16:00",
      SUPPORT_HOLIDAYS: "2026-12-25, 2027-01-01"
    }))))))

  it.effect("refuses broken configuration at start-up", () =>
    Effect.gen(function*() {
      for (const bad of [{ SUPPORT_TIME_ZONE: "Mars/Olympus" }, { SUPPORT_HOURS: "17:00-08:00" }, { SUPPORT_DAYS: "Funday" }, { HANDOFF_MIN_CONFIDENCE: "2" }]) {
        const exit = yield* Effect.exit(Effect.provide(HandoffPolicy, HandoffPolicy.Default.pipe(Layer.provide(withConfig(bad)))))
        assert.isTrue(exit._tag === "Failure", JSON.stringify(bad))
      }
    }))
})
