import { assert, describe, it } from "@effect/vitest"
import { Option } from "effect"
import { type TurnResult, unansweredTurn } from "../../src/agents/AgentGraph.js"
import { briefing, customerDetails } from "../../src/handoff/Briefing.js"

const result: TurnResult = {
  ...unansweredTurn("x"),
  intent: "product",
  confidence: 0.42,
  reason: Option.none(),
  grounding: "verified",
  draft: Option.some({
    text: "FM-HV connectors must only be mated and unmated with the high-voltage system de-energised [1].",
    citations: [{ id: "ds-fm-hv", title: "FM-HV series datasheet", revision: "G", url: "https://docs.fitmate.example/datasheets/ds-fm-hv" }],
    quickReplies: []
  }),
  entities: { parts: ["FM-HV-P2-40-A"], series: ["FM-HV"], specs: ["at least 40 A", "IP67 or better"] },
  signals: { injection: false, pii: ["email"], frustration: false, sensitive: Option.some("safety") }
}

describe("briefing", () => {
  it("tells the engineer the question, parts, requirements, draft with sources, reason, confidence and details", () => {
    const note = briefing({
      question: "Can I unplug FM-HV-P2-40-A under load? We need 500 pcs for a battery storage project, urgent.",
      reason: "sensitive_topic",
      result,
      lastAnswer: Option.some("FM-HV-P2-40-A is rated 40 A per contact [1].\n\n[1] FM-HV series datasheet, rev G"),
      customerMessages: ["Hi, I'm designing a battery rack", "my email is jane@example.com"]
    })
    const lines = note.split("\n")
    assert.match(lines[0]!, /^FitMate Assist hand-off — pricing, orders, warranty, safety-critical use or custom designs belong to an engineer \(reason: sensitive_topic, confidence 0\.42\)\.$/)
    assert.include(note, 'Question: "Can I unplug FM-HV-P2-40-A under load?')
    assert.include(note, "Topic: product, safety-critical.")
    assert.include(note, "Detected parts: FM-HV-P2-40-A; series: FM-HV.")
    assert.include(note, "Requirements stated: at least 40 A, IP67 or better.")
    assert.include(note, 'Bot answered: "FM-HV-P2-40-A is rated 40 A per contact [1]. [1] FM-HV series datasheet, rev G"')
    assert.include(note, "Draft for this question (verified against its sources): \"FM-HV connectors must only be mated")
    assert.include(note, "Sources: [1] FM-HV series datasheet, rev G — https://docs.fitmate.example/datasheets/ds-fm-hv")
    assert.include(note, "Customer details: quantity 500 pcs; application: battery storage; time-critical.")
    assert.include(note, "The customer shared contact data (email); see the transcript.")
    assert.include(note, 'Earlier from the customer: "Hi, I\'m designing a battery rack" / "my email is jane@example.com"')
  })

  it("says when nothing was answered or a draft failed the check", () => {
    const note = briefing({
      question: "human please",
      reason: "explicit_request",
      result: { ...unansweredTurn("x"), grounding: "rejected" },
      lastAnswer: Option.none(),
      customerMessages: []
    })
    assert.include(note, "the customer asked for a person (reason: explicit_request, confidence 0.00)")
    assert.include(note, "Bot answered: nothing yet")
    assert.include(note, "A draft for this question failed the source check and was not sent.")
    assert.notInclude(note, "Earlier from the customer")
  })

  it("picks quantities and applications out of free text", () => {
    assert.deepStrictEqual(customerDetails(["Can you quote 10k pieces for a life-support ventilator?"]), [
      "quantity 10k pieces",
      "application: life-support ventilator"
    ])
  })
})
