import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { AttributeFilters, isSpecific, parseAttributeQuery } from "../../src/knowledge/AttributeQuery.js"

const circular = ["circular-mil", "circular-push-pull", "circular-sensor"]

/** Phrase → the filters it must produce (deep equality: nothing more, nothing less). */
const cases: ReadonlyArray<readonly [string, AttributeFilters]> = [
  [
    "IP67 circular, 8 positions, at least 10 A",
    { families: circular, ip: { solids: 6, water: 7 }, positions: { min: 8, max: 8 }, currentA: { min: 10 }, categories: ["connector"] }
  ],
  ["8-way connector rated 5 amps", { positions: { min: 8, max: 8 }, currentA: { min: 5 }, categories: ["connector"] }],
  ["at least 12 pin, max 2 A", { positions: { min: 12 }, currentA: { min: 2 }, categories: ["connector"] }],
  ["up to 6 positions", { positions: { max: 6 }, categories: ["connector"] }],
  [
    "MIL-style bayonet receptacle, shell 14",
    { families: ["circular-mil"], couplings: ["bayonet"], genders: ["receptacle"], shellSize: "14", categories: ["connector"] }
  ],
  ["waterproof automotive plug", { families: ["sealed-automotive"], ip: { solids: 6, water: 7 }, genders: ["plug"], categories: ["connector"] }],
  ["IP6K9K", { ip: { solids: 6, water: 9 }, categories: ["connector"] }],
  ["75 ohm BNC jack", { impedanceOhm: 75, series: ["FM-QB"], genders: ["jack"], categories: ["connector"] }],
  ["SMA up to 18 GHz", { series: ["FM-QS"], frequencyGHz: { min: 18 }, categories: ["connector"] }],
  ["rf connector for 12 GHz", { families: ["rf-coaxial"], frequencyGHz: { min: 12 }, categories: ["connector"] }],
  ["-55 °C to +125 °C, 500 V", { operatingC: { min: -55, max: 125 }, voltageV: { min: 500 }, categories: ["connector"] }],
  ["rated for 150°C", { operatingC: { max: 150 }, categories: ["connector"] }],
  ["down to -40 C", { operatingC: { min: -40 }, categories: ["connector"] }],
  ["0.8 mm pitch board-to-board, SMT", { pitchMm: 0.8, families: ["board-to-board"], terminations: ["SMT"], categories: ["connector"] }],
  ["single-mode fiber plug", { fiber: "single-mode", families: ["fiber-optic"], genders: ["plug"], categories: ["connector"] }],
  ["RoHS female crimp connector", { rohs: true, contactType: "socket", terminations: ["crimp"], categories: ["connector"] }],
  ["non-RoHS receptacle", { rohs: false, genders: ["receptacle"], categories: ["connector"] }],
  ["crimp contact for 18 AWG", { terminations: ["crimp"], categories: ["contact"] }],
  ["backshell for shell 13", { shellSize: "13", categories: ["backshell"] }],
  ["crimp tool", { categories: ["tool"] }],
  ["4-position A-coded M12", { positions: { min: 4, max: 4 }, families: ["circular-sensor"], categories: ["connector"] }],
  ["high voltage 1 kV", { families: ["high-voltage"], voltageV: { min: 1000 }, categories: ["connector"] }],
  ["8 pin male", { positions: { min: 8, max: 8 }, contactType: "pin", categories: ["connector"] }]
]

describe("attribute query parsing", () => {
  for (const [phrase, expected] of cases) {
    it.effect(phrase, () =>
      Effect.sync(() => {
        const parsed = parseAttributeQuery(phrase)
        assert.deepStrictEqual(parsed, expected)
        // Whatever the parser produces is valid input for the tool schema (and so for a model's tool call).
        assert.deepStrictEqual(Schema.decodeUnknownSync(AttributeFilters)(parsed), parsed)
      }))
  }

  it.effect("is deterministic and says when it understood nothing", () =>
    Effect.sync(() => {
      const phrase = "IP68 circular, 19 positions, at least 7.5 A, -65 °C"
      assert.deepStrictEqual(parseAttributeQuery(phrase), parseAttributeQuery(phrase))
      assert.isFalse(isSpecific(parseAttributeQuery("hello there")))
      assert.isTrue(isSpecific(parseAttributeQuery("IP67")))
    }))
})
