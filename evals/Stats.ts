/**
 * The statistics behind the gate: confidence intervals for rates and means, percentiles, and paired tests against
 * the baseline. Pure and deterministic: resampling uses a seeded generator, so the same inputs give the same
 * intervals to the last digit.
 */

/** A point estimate with its 95 % interval. `value` is null when there is nothing to estimate (n = 0). */
export interface Estimate {
  readonly value: number | null
  readonly low: number | null
  readonly high: number | null
  /** Observations behind the estimate (items, answers, claims, samples). */
  readonly n: number
  readonly method: "wilson" | "bootstrap" | "exact"
}

export const empty = (method: Estimate["method"]): Estimate => ({ value: null, low: null, high: null, n: 0, method })

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054

/** Wilson score interval for a binomial proportion (well behaved at 0 and 1, unlike the normal approximation). */
export const wilson = (successes: number, n: number, z = Z95): Estimate => {
  if (n === 0) return empty("wilson")
  const p = successes / n
  const z2 = z * z
  const denominator = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), n, method: "wilson" }
}

/** mulberry32: a small, fast, seeded PRNG; enough for resampling indices. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Linear-interpolated quantile (type 7, as numpy's default) of an ascending array. */
export const quantileSorted = (sorted: ReadonlyArray<number>, q: number): number => {
  if (sorted.length === 0) return Number.NaN
  const position = (sorted.length - 1) * q
  const lower = Math.floor(position)
  const upper = Math.ceil(position)
  const a = sorted[lower]!
  const b = sorted[upper]!
  return a + (b - a) * (position - lower)
}

export const quantile = (values: ReadonlyArray<number>, q: number): number =>
  quantileSorted([...values].sort((a, b) => a - b), q)

export interface BootstrapOptions {
  readonly resamples?: number
  readonly seed?: number
}

const defaults = { resamples: 2000, seed: 20_240_611 } as const

/**
 * Percentile bootstrap over independent units: each unit contributes (numerator, denominator), the statistic is
 * Σnum / Σden. With denominators of 1 it is a mean; with per-answer claim counts it is a ratio clustered by
 * answer (claims of one answer are not independent).
 */
export const bootstrapRatio = (
  units: ReadonlyArray<readonly [number, number]>,
  options: BootstrapOptions = {}
): Estimate => {
  const totalDen = units.reduce((s, [, d]) => s + d, 0)
  if (units.length === 0 || totalDen === 0) return empty("bootstrap")
  const value = units.reduce((s, [n]) => s + n, 0) / totalDen
  const random = seededRandom(options.seed ?? defaults.seed)
  const resamples = options.resamples ?? defaults.resamples
  const stats: Array<number> = []
  for (let r = 0; r < resamples; r++) {
    let num = 0
    let den = 0
    for (let i = 0; i < units.length; i++) {
      const [n, d] = units[Math.floor(random() * units.length)]!
      num += n
      den += d
    }
    if (den > 0) stats.push(num / den)
  }
  stats.sort((a, b) => a - b)
  return { value, low: quantileSorted(stats, 0.025), high: quantileSorted(stats, 0.975), n: units.length, method: "bootstrap" }
}

export const bootstrapMean = (values: ReadonlyArray<number>, options: BootstrapOptions = {}): Estimate =>
  bootstrapRatio(values.map((v) => [v, 1] as const), options)

/** Percentile bootstrap of a statistic computed on resampled items (e.g. F1 over items, a latency percentile). */
export const bootstrapStatistic = <A>(
  items: ReadonlyArray<A>,
  statistic: (sample: ReadonlyArray<A>) => number | null,
  options: BootstrapOptions = {}
): Estimate => {
  const value = statistic(items)
  if (items.length === 0 || value === null || !Number.isFinite(value)) return { ...empty("bootstrap"), n: items.length }
  const random = seededRandom(options.seed ?? defaults.seed)
  const resamples = options.resamples ?? defaults.resamples
  const stats: Array<number> = []
  const sample: Array<A> = new Array(items.length)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[Math.floor(random() * items.length)]!
    const s = statistic(sample)
    if (s !== null && Number.isFinite(s)) stats.push(s)
  }
  stats.sort((a, b) => a - b)
  return { value, low: quantileSorted(stats, 0.025), high: quantileSorted(stats, 0.975), n: items.length, method: "bootstrap" }
}

// ---------------------------------------------------------------------------------------------------------------
// Paired comparison with the baseline
// ---------------------------------------------------------------------------------------------------------------

/** log of n choose k, exact enough for n in the thousands. */
const logChoose = (n: number, k: number): number => {
  let s = 0
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i)
  return s
}

export interface McNemar {
  /** Items that passed in the baseline and fail now. */
  readonly passToFail: number
  /** Items that failed in the baseline and pass now. */
  readonly failToPass: number
  /** Exact two-sided p-value (binomial on the discordant pairs, p = ½); 1 when there are none. */
  readonly pValue: number
}

/** Exact McNemar test on paired binary outcomes. */
export const mcnemar = (passToFail: number, failToPass: number): McNemar => {
  const n = passToFail + failToPass
  if (n === 0) return { passToFail, failToPass, pValue: 1 }
  const k = Math.min(passToFail, failToPass)
  let tail = 0
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2)
  return { passToFail, failToPass, pValue: Math.min(1, 2 * tail) }
}

/**
 * Paired bootstrap of the change in pass rate (now − baseline) over the same items: resample items, keep the
 * pairing. The interval excluding 0 on the negative side is a significant regression.
 */
export const pairedBootstrapDelta = (
  pairs: ReadonlyArray<readonly [baseline: boolean, now: boolean]>,
  options: BootstrapOptions = {}
): Estimate =>
  bootstrapStatistic(pairs, (sample) =>
    sample.length === 0 ? null : sample.reduce((s, [b, n]) => s + (n ? 1 : 0) - (b ? 1 : 0), 0) / sample.length, options)

// ---------------------------------------------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------------------------------------------

export interface BinaryCounts {
  readonly tp: number
  readonly fp: number
  readonly fn: number
  readonly tn: number
}

export const countBinary = (pairs: ReadonlyArray<readonly [expected: boolean, actual: boolean]>): BinaryCounts =>
  pairs.reduce(
    (c, [e, a]) => ({
      tp: c.tp + (e && a ? 1 : 0),
      fp: c.fp + (!e && a ? 1 : 0),
      fn: c.fn + (e && !a ? 1 : 0),
      tn: c.tn + (!e && !a ? 1 : 0)
    }),
    { tp: 0, fp: 0, fn: 0, tn: 0 }
  )

export const f1 = (c: BinaryCounts): number | null => (2 * c.tp + c.fp + c.fn === 0 ? null : (2 * c.tp) / (2 * c.tp + c.fp + c.fn))

/** ½ (TPR + TNR); null when either class is absent. */
export const balancedAccuracy = (c: BinaryCounts): number | null =>
  c.tp + c.fn === 0 || c.tn + c.fp === 0 ? null : (c.tp / (c.tp + c.fn) + c.tn / (c.tn + c.fp)) / 2

/** A number rounded for files that must stay byte-stable (6 decimals, no -0). */
export const stable = (value: number): number => {
  const rounded = Number(value.toFixed(6))
  return Object.is(rounded, -0) ? 0 : rounded
}
