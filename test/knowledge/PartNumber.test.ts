import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  bareSeriesTokens,
  candidateKeys,
  findKnownKeys,
  fuzzyCandidates,
  normalizePartNumber,
  withoutSpans
} from "../../src/knowledge/PartNumber.js"

describe("part-number normalisation", () => {
  it.effect("ignores case, dashes, spaces, slashes, dots and underscores", () =>
    Effect.sync(() => {
      for (
        const written of [
          "FM-CT-R13-22P",
          "fm-ct-r13-22p",
          "FM CT R13 22P",
          "FM/CT/R13/22P",
          "fm.ct.r13.22p",
          "FM_CT_R13_22P",
          " fmct-r13 / 22p ",
          "FMCTR1322P"
        ]
      ) {
        assert.strictEqual(normalizePartNumber(written), "FMCTR1322P", written)
      }
      // Other characters are not separators: they keep numbers apart.
      assert.notStrictEqual(normalizePartNumber("FM-CT-R13,22P"), "FMCTR1322P")
    }))

  it.effect("candidate keys cover every window of a run, whatever the separators", () =>
    Effect.sync(() => {
      const keys = candidateKeys("Is fm ct-r13/22p rated for 5 A?")
      assert.include(keys, "FMCTR1322P")
      assert.include(keys, "FMCT")
      // A run stops at punctuation that cannot be part of a part number.
      assert.notInclude(candidateKeys("FM-CT, R13"), "FMCTR13")
    }))

  it.effect("finds the longest known key at each position, with its span", () =>
    Effect.sync(() => {
      const known = new Set(["FMCT", "FMCTR1322P", "FMCTP1322S"])
      const text = "Does FM-CT-R13-22P connector mate with fm ct p13 22s? Both FM-CT."
      const found = findKnownKeys(text, (k) => known.has(k))
      assert.deepStrictEqual(found.map((m) => m.key), ["FMCTR1322P", "FMCTP1322S", "FMCT"])
      assert.strictEqual(text.slice(found[0]!.start, found[0]!.end), "FM-CT-R13-22P")
      assert.strictEqual(text.slice(found[1]!.start, found[1]!.end), "fm ct p13 22s")
      assert.strictEqual(withoutSpans(text, found.map((m) => [m.start, m.end] as const)).replace(/\s+/g, " "), "Does connector mate with ? Both .")
    }))

  it.effect("fuzzy candidates start at a known prefix and contain a digit", () =>
    Effect.sync(() => {
      const keys = fuzzyCandidates("current rating of FM-CT-R13-22? thanks", ["FM"]).map((m) => m.key)
      assert.include(keys, "FMCTR1322")
      assert.isFalse(keys.some((k) => k.includes("THANKS")))
      assert.deepStrictEqual(fuzzyCandidates("no part number here 123", ["FM"]), [])
    }))

  it.effect("bare series codes only count when written in capitals", () =>
    Effect.sync(() => {
      assert.deepStrictEqual(bareSeriesTokens("Is the CT series sealed as well as HV?").map((m) => m.key), ["CT", "HV"])
      assert.deepStrictEqual(bareSeriesTokens("as well as the hv one"), [])
    }))
})
