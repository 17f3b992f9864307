import { assert, describe, it } from "@effect/vitest"
import { checkGroundedness, extractAtoms, splitSentences } from "../../src/agents/Groundedness.js"

const datasheet = {
  id: "ds-fm-ct",
  text: [
    "FM-CT series datasheet — threaded circular MIL-style connectors",
    "| Property | Value |",
    "| --- | --- |",
    "| Current rating per contact | 5 A (size 22D), 7.5 A (size 20), 13 A (size 16) |",
    "| Temperature range | −65 °C to +175 °C |",
    "| Ingress protection | IP68 (mated, with backshell), 2 m for 48 h |",
    "| FM-CT-R13-22P | 13 | 22 | pin | 22D | 5 A | 400 V | IP68 |",
    "| FM-CT-B13-S | 13 | FM-CT straight environmental backshell, shell 13, cable 5.5-10.5 mm |",
    "Tighten the backshell to the torque in the table with a strap wrench."
  ].join("\n")
}
const policy = {
  id: "pol-warranty",
  text: "FitMate warrants its connectors for 24 months from the date of delivery. Torque 0.8-1.1 N·m."
}

describe("extractAtoms", () => {
  it("finds part numbers, codes, quantities and money, normalised", () => {
    const atoms = extractAtoms(
      "FM-CT-R13-22P is rated 5 A and 7.5 A, −65 °C to +175 °C, IP6K9K, 4 Nm, 3.0-6.5 mm, 16 AWG, 24 months, $12.50 or 9 EUR, RG-316"
    )
    assert.deepStrictEqual(atoms.map((a) => a.key), [
      "part:FMCTR1322P",
      "quantity:5 A",
      "quantity:7.5 A",
      "quantity:-65 °C",
      "quantity:175 °C",
      "code:IP6K9K",
      "quantity:4 N·m",
      "quantity:3-6.5 mm",
      "quantity:16 AWG",
      "quantity:24 months",
      "money:12.5",
      "money:9",
      "part:RG316"
    ])
  })

  it("does not read units into words or part numbers", () => {
    assert.deepStrictEqual(extractAtoms("A-coded, 8-position, key A, size 20, FM-PX-C3-70, M12, X-coded").map((a) => a.key), [
      "part:FMPXC370"
    ])
    // "7.5 A" is not "5 A"; "15 A" is not "5 A".
    const report = checkGroundedness("It is rated 5 A [1].", [{ id: "x", text: "7.5 A and 15 A" }])
    assert.isFalse(report.grounded)
  })
})

describe("splitSentences", () => {
  it("keeps decimals and reads markers", () => {
    assert.deepStrictEqual(splitSentences("Rated 7.5 A [1]. Sealed to IP68 [1, 2].\n- FM-TC-M1 [2]"), [
      { text: "Rated 7.5 A.", citations: [1] },
      { text: "Sealed to IP68.", citations: [1, 2] },
      { text: "FM-TC-M1", citations: [2] }
    ])
  })
})

describe("checkGroundedness", () => {
  const cases: ReadonlyArray<readonly [string, string, boolean]> = [
    ["supported part, rating and code", "FM-CT-R13-22P is rated 5 A per contact and sealed to IP68 [1].", true],
    ["unicode minus and plus sign normalised", "It operates from -65 °C to 175 °C [1].", true],
    ["range end supported", "Tighten to 1.1 N·m [2].", true],
    ["invented rating", "FM-CT-R13-22P is rated 50 A per contact [1].", false],
    ["invented part number", "FM-CT-R13-22X mates with it [1].", false],
    ["rating cited to the wrong source", "It is rated 13 A [2].", false],
    ["dangling marker", "It is rated 13 A [3].", false],
    ["price never in a source", "It costs $12 [1].", false],
    ["verbatim sentence", "Tighten the backshell to the torque in the table with a strap wrench [1].", true],
    ["unsupported claim without atoms", "These connectors are approved for aircraft flight controls [1].", false],
    ["a question is not a claim", "Which shell size do you use? It is rated 13 A [1].", true],
    ["uncited sentence checked against all cited sources", "Warranty: 24 months [2]. FM-CT-B13-S is a straight environmental backshell for shell 13.", true],
    ["a part number does not carry a claim", "FM-CT-R13-22P is safe to unplug under load [1].", false],
    ["a code does not carry a claim either", "IP68 means it survives a pressure washer [1].", false],
    ["no sources at all", "FM-CT-R13-22P is rated 5 A.", false],
    ["a rating of another row is misattributed", "FM-CT-R13-22P is rated 13 A per contact [1].", false],
    ["a series-wide value the part's row does not state is fine", "FM-CT-R13-22P operates from -65 °C to +175 °C [1].", true]
  ]
  for (const [name, text, grounded] of cases) {
    it(name, () => {
      const sources = name === "no sources at all" ? [] : [datasheet, policy]
      const report = checkGroundedness(text, sources)
      assert.strictEqual(report.grounded, grounded, JSON.stringify(report.sentences, null, 1))
    })
  }

  it("reports what failed and a score", () => {
    const report = checkGroundedness("FM-CT-R13-22P is rated 5 A and 60 A [1].", [datasheet])
    assert.deepStrictEqual(report.atoms.map((a) => [a.text, a.supported]), [
      ["FM-CT-R13-22P", true],
      ["5 A", true],
      ["60 A", false]
    ])
    assert.closeTo(report.score, 2 / 3, 1e-9)
    assert.deepStrictEqual(report.atoms[0]!.foundIn, ["ds-fm-ct"])
  })
})
