/**
 * The scorer against a hand-labeled set (test/evals/fixtures/groundedness-pairs.jsonl): supported answers, exact
 * and paraphrased, against swapped numbers, invented part numbers, wrong units, partial support and unsupported
 * claims. Acceptance: balanced accuracy >= 0.90.
 */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import * as fs from "node:fs"
import { fileURLToPath } from "node:url"
import { contextSources, ScoreInput } from "../../evals/Score.js"
import { scoreAnswer } from "../../evals/Scorer.js"
import { balancedAccuracy, countBinary } from "../../evals/Stats.js"

const LabeledPair = Schema.Struct({
  ...ScoreInput.fields,
  id: Schema.String,
  kind: Schema.String,
  label: Schema.Literal("grounded", "ungrounded"),
  note: Schema.optional(Schema.String)
})

const pairs = fs.readFileSync(fileURLToPath(new URL("fixtures/groundedness-pairs.jsonl", import.meta.url)), "utf8")
  .split("\n").filter((l) => l.trim() !== "")
  .map((l) => Schema.decodeUnknownSync(Schema.parseJson(LabeledPair))(l))

describe("groundedness scorer", () => {
  it("the hand-labeled set is big and varied enough", () => {
    assert.isAtLeast(pairs.length, 40)
    const kinds = new Set(pairs.map((p) => p.kind))
    for (const kind of ["exact", "paraphrase", "swapped-number", "invented-part", "wrong-unit", "partial"]) assert.isTrue(kinds.has(kind), kind)
    assert.isAtLeast(pairs.filter((p) => p.label === "grounded").length, 15)
  })

  it("reaches a balanced accuracy of at least 0.90 (ungrounded = positive)", () => {
    const outcomes = pairs.map((p) => {
      const verdict = scoreAnswer(p.response, contextSources(p.context))
      return { pair: p, verdict, predictedUngrounded: !verdict.grounded }
    })
    const counts = countBinary(outcomes.map((o) => [o.pair.label === "ungrounded", o.predictedUngrounded] as const))
    const bacc = balancedAccuracy(counts)!
    const wrong = outcomes.filter((o) => (o.pair.label === "ungrounded") !== o.predictedUngrounded)
      .map((o) => `${o.pair.id} (${o.pair.label}): ${o.pair.response} → ${o.verdict.claims.flatMap((c) => c.reasons).join("; ") || "grounded"}`)
    assert.isAtLeast(bacc, 0.9, `balanced accuracy ${bacc.toFixed(3)} ${JSON.stringify(counts)}; misjudged:\n${wrong.join("\n")}`)
    // Invented part numbers and numbers with a unit that no source has are never let through.
    for (const o of outcomes.filter((o) => o.pair.kind === "invented-part" || o.pair.kind === "wrong-unit")) {
      assert.isTrue(o.predictedUngrounded, o.pair.id)
    }
  })

  it("explains each unsupported claim", () => {
    const context = "| FM-CT-R13-22P | 13 | 22 | pin | 22D | 5 A | 400 V |\n| FM-CT-R13-08P | 13 | 8 | pin | 20 | 7.5 A | 600 V |"
    const verdict = scoreAnswer("FM-CT-R13-22P carries 7.5 A. Use FM-TC-M9 to crimp it.", contextSources(context))
    assert.isFalse(verdict.grounded)
    assert.deepStrictEqual(verdict.unsupportedAtoms.map((a) => [a.text, a.reason]), [
      ["7.5 A", "quantity 7.5 A is stated for something else in the cited sources"],
      ["FM-TC-M9", "part number FM-TC-M9 is in no cited source"]
    ])
    assert.deepStrictEqual(verdict.claims.map((c) => c.reasons), [
      ["quantity 7.5 A is stated for something else in the cited sources"],
      ["part number FM-TC-M9 is in no cited source", "only 0 % of its words are in the cited sources"]
    ])
    // Checks: 3 atoms + the words of the sentence without a number.
    assert.strictEqual(verdict.checks, 4)
    assert.strictEqual(verdict.supportedChecks, 1)
    // Sentences that only name parts still need their words in the sources.
    const sealed = scoreAnswer("FM-CT-R13-22P is fully sealed against seawater.", contextSources(context))
    assert.deepStrictEqual(sealed.claims.map((c) => c.reasons), [["only 0 % of its words are in the cited sources"]])
    // A sentence quoted from the source needs no attribution check.
    const quote = scoreAnswer("| FM-CT-R13-08P | 13 | 8 | pin | 20 | 7.5 A | 600 V |", contextSources(context))
    assert.isTrue(quote.grounded)
    const fine = scoreAnswer("FM-CT-R13-22P carries 5 A per contact [1].", contextSources([context]))
    assert.isTrue(fine.grounded)
    assert.strictEqual(fine.score, 1)
  })
})

describe("the evals rules on top of the shared check", () => {
  const torque = "| Shell size | Backshell torque |\n| --- | --- |\n| 15 | 4.5 N·m |\n| 17 | 5.1 N·m |"
  it("attribution by the sentence's other details, not only part numbers", () => {
    assert.isFalse(scoreAnswer("Tighten the shell 15 backshell to 5.1 N·m.", contextSources(torque)).grounded)
    assert.isTrue(scoreAnswer("Tighten the shell 17 backshell to 5.1 N·m.", contextSources(torque)).grounded)
  })
  it("polarity of atom-free claims", () => {
    const fiber = "# FM-FL\nVersions for single-mode and multimode fiber; the two do not mate."
    assert.deepStrictEqual(scoreAnswer("Single-mode and multimode versions mate with each other.", contextSources(fiber)).claims[0]!.reasons, [
      "the cited sources say the opposite"
    ])
    assert.isTrue(scoreAnswer("Single-mode and multimode versions do not mate.", contextSources(fiber)).grounded)
  })
  it("unit prefixes", () => {
    const ms = "| FM-MS-P08X-M | 8 | X | 0.5 A | 50 V |"
    assert.isTrue(scoreAnswer("FM-MS-P08X-M is good for 500 mA at 50 V.", contextSources(ms)).grounded)
    assert.isFalse(scoreAnswer("FM-MS-P08X-M is good for 5 mA at 50 V.", contextSources(ms)).grounded)
  })
})
