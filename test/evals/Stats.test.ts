import { assert, describe, it } from "@effect/vitest"
import {
  balancedAccuracy,
  bootstrapMean,
  bootstrapRatio,
  bootstrapStatistic,
  countBinary,
  f1,
  mcnemar,
  pairedBootstrapDelta,
  quantile,
  stable,
  wilson
} from "../../evals/Stats.js"

const close = (actual: number | null, expected: number, digits = 4) =>
  assert.strictEqual(actual === null ? null : actual.toFixed(digits), expected.toFixed(digits))

describe("Stats", () => {
  it("Wilson intervals match published values and behave at the edges", () => {
    const w = wilson(8, 10)
    close(w.value, 0.8)
    close(w.low, 0.4902)
    close(w.high, 0.9433)
    const zero = wilson(0, 20)
    assert.strictEqual(zero.low, 0)
    close(zero.high, 0.1611)
    const all = wilson(20, 20)
    assert.strictEqual(all.high, 1)
    close(all.low, 0.8389)
    assert.strictEqual(wilson(0, 0).value, null)
    // 17/20 and 850/1000 are both 85 %, with very different certainty.
    assert.isAbove(wilson(17, 20).high! - wilson(17, 20).low!, 5 * (wilson(850, 1000).high! - wilson(850, 1000).low!))
  })

  it("exact McNemar p-values", () => {
    assert.strictEqual(mcnemar(0, 0).pValue, 1)
    close(mcnemar(5, 0).pValue, 0.0625)
    close(mcnemar(9, 1).pValue, 0.021484)
    close(mcnemar(3, 3).pValue, 1)
    assert.isBelow(mcnemar(12, 0).pValue, 0.001)
  })

  it("quantiles interpolate like numpy", () => {
    assert.strictEqual(quantile([4, 1, 3, 2], 0.5), 2.5)
    assert.strictEqual(quantile([1, 2, 3, 4, 5], 0.95), 4.8)
    assert.strictEqual(quantile([7], 0.99), 7)
    assert.isNaN(quantile([], 0.5))
  })

  it("bootstraps are deterministic and bracket the estimate", () => {
    const values = Array.from({ length: 50 }, (_, i) => (i * 37) % 11)
    const a = bootstrapMean(values)
    const b = bootstrapMean(values)
    assert.deepStrictEqual(a, b)
    assert.isAtMost(a.low!, a.value!)
    assert.isAtLeast(a.high!, a.value!)
    assert.notDeepEqual(bootstrapMean(values, { seed: 7 }), a)
    // A ratio clustered by unit: 3 answers with 2, 4 and 1 claims.
    const ratio = bootstrapRatio([[2, 2], [1, 4], [1, 1]])
    close(ratio.value, 4 / 7)
    assert.strictEqual(ratio.n, 3)
    assert.strictEqual(bootstrapRatio([]).value, null)
    const median = bootstrapStatistic(values, (s) => quantile(s, 0.5))
    assert.strictEqual(median.value, quantile(values, 0.5))
  })

  it("paired bootstrap of a pass-rate change", () => {
    const same = pairedBootstrapDelta(Array.from({ length: 30 }, () => [true, true] as const))
    assert.deepStrictEqual([same.value, same.low, same.high], [0, 0, 0])
    const worse = pairedBootstrapDelta([
      ...Array.from({ length: 20 }, () => [true, false] as const),
      ...Array.from({ length: 80 }, () => [true, true] as const)
    ])
    close(worse.value, -0.2)
    assert.isBelow(worse.high!, 0)
  })

  it("classification counts, F1 and balanced accuracy", () => {
    const c = countBinary([[true, true], [true, false], [false, true], [false, false], [false, false]])
    assert.deepStrictEqual(c, { tp: 1, fn: 1, fp: 1, tn: 2 })
    close(f1(c), 0.5)
    close(balancedAccuracy(c), (0.5 + 2 / 3) / 2)
    assert.strictEqual(balancedAccuracy({ tp: 3, fn: 0, fp: 0, tn: 0 }), null)
  })

  it("stable numbers for byte-stable files", () => {
    assert.strictEqual(JSON.stringify(stable(0.1 + 0.2)), "0.3")
    assert.strictEqual(JSON.stringify(stable(-0.0000001)), "0")
    assert.strictEqual(stable(2 / 3), 0.666667)
  })
})
