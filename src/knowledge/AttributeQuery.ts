/**
 * Attribute search filters, and a deterministic parser from phrases such as
 * "IP67 circular, 8 positions, at least 10 A" to filters.
 *
 * The filters are a Schema so a model can fill them through a tool call and have them validated; the parser
 * is plain pattern matching (no model), so the offline engine and the tests get the same answer every time.
 *
 * Reading rules (documented because they are choices):
 *  - A rating is a requirement the part must meet: "10 A", "at least 10 A", "up to 10 A", "max 10 A" all mean
 *    a part rated for 10 A or more (the load is at most 10 A). Same for volts and GHz.
 *  - "8 positions" / "8-way" / "8 pin" / "8 contacts" / "8 channels" mean exactly 8, unless qualified
 *    ("at least 8 positions").
 *  - "IP67" means IP67 or better in both digits (IP68 and IP6K9K qualify); "waterproof" and "sealed" mean IP67.
 *  - A negative temperature ("-40 °C") asks for parts rated down to it; one of +50 °C or more for parts rated
 *    up to it.
 *  - Without a category word the search is for connectors.
 */
import { Schema } from "effect"
import { Gender, PartCategory } from "./Part.js"

const Range = Schema.Struct({
  min: Schema.optionalWith(Schema.Number, { exact: true }),
  max: Schema.optionalWith(Schema.Number, { exact: true })
})
export type Range = typeof Range.Type

export const AttributeFilters = Schema.Struct({
  families: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }).annotations({
    description: "catalog families, e.g. circular-mil, circular-sensor, rf-coaxial, sealed-automotive"
  }),
  series: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }).annotations({
    description: "series codes, e.g. FM-CT"
  }),
  categories: Schema.optionalWith(Schema.Array(PartCategory), { exact: true }),
  genders: Schema.optionalWith(Schema.Array(Gender), { exact: true }),
  contactType: Schema.optionalWith(Schema.Literal("pin", "socket"), { exact: true }),
  positions: Schema.optionalWith(Range, { exact: true }),
  currentA: Schema.optionalWith(Range, { exact: true }).annotations({ description: "current per contact, A" }),
  voltageV: Schema.optionalWith(Range, { exact: true }),
  ip: Schema.optionalWith(
    Schema.Struct({ solids: Schema.Int, water: Schema.Int }).annotations({
      description: "minimum IP digits, e.g. IP67 = { solids: 6, water: 7 }"
    }),
    { exact: true }
  ),
  operatingC: Schema.optionalWith(Range, { exact: true }).annotations({
    description: "temperatures the part must be rated for: min = lowest, max = highest, °C"
  }),
  shellSize: Schema.optionalWith(Schema.String, { exact: true }),
  couplings: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }),
  terminations: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }),
  rohs: Schema.optionalWith(Schema.Boolean, { exact: true }),
  impedanceOhm: Schema.optionalWith(Schema.Number, { exact: true }),
  frequencyGHz: Schema.optionalWith(Range, { exact: true }),
  pitchMm: Schema.optionalWith(Schema.Number, { exact: true }),
  fiber: Schema.optionalWith(Schema.Literal("single-mode", "multimode"), { exact: true })
})
export type AttributeFilters = typeof AttributeFilters.Type

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const NUM = String.raw`(\d+(?:[.,]\d+)?)`
const LOWER = /(?:at least|min(?:imum)?\.?|minimum of|more than|greater than|over|above|>=?|≥)\s*$/
const UPPER = /(?:at most|max(?:imum)?\.?|maximum of|up to|less than|under|below|<=?|≤)\s*$/

const toNumber = (text: string) => Number(text.replace(",", "."))

/** The qualifier in the few words before a match decides between a lower and an upper bound. */
const bound = (text: string, index: number): "min" | "max" | "none" => {
  const before = text.slice(Math.max(0, index - 24), index)
  if (LOWER.test(before)) return "min"
  if (UPPER.test(before)) return "max"
  return "none"
}

/** Counts (positions) may be bounded either way; unqualified they are exact. */
const countRange = (kind: "min" | "max" | "none", value: number): Range =>
  kind === "max" ? { max: value } : kind === "min" ? { min: value } : { min: value, max: value }

const familyWords: ReadonlyArray<readonly [RegExp, ReadonlyArray<string>]> = [
  [/\b(?:circular|round)\b/, ["circular-mil", "circular-sensor", "circular-push-pull"]],
  [/\bmil(?:itary)?(?:[- ]?(?:spec|style|std))?\b/, ["circular-mil"]],
  [/\b(?:m12|sensor|fieldbus)\b/, ["circular-sensor"]],
  [/\b(?:rectangular|heavy[- ]?duty|industrial)\b/, ["rectangular-industrial"]],
  [/\b(?:board[- ]to[- ]board|mezzanine)\b/, ["board-to-board"]],
  [/\bwire[- ]to[- ]board\b/, ["wire-to-board"]],
  [/\b(?:rf|coax(?:ial)?)\b/, ["rf-coaxial"]],
  [/\b(?:high[- ]current|power connectors?|single[- ]pole)\b/, ["power"]],
  [/\b(?:high[- ]voltage|hv|ev|electric vehicles?)\b/, ["high-voltage"]],
  [/\b(?:automotive|vehicle|off[- ]highway|agricultural)\b/, ["sealed-automotive"]],
  [/\b(?:fib(?:er|re)|optical)\b/, ["fiber-optic"]]
]

const seriesWords: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bsma\b/, "FM-QS"],
  [/\bbnc\b/, "FM-QB"],
  [/\bn[- ](?:type|style)\b/, "FM-QN"]
]

const couplingWords: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bbayonet\b/, "bayonet"],
  [/\b(?:threaded|thread|screw[- ]on|screw coupling)\b/, "threaded"],
  [/\bpush[- ]?pull\b/, "push-pull"],
  [/\b(?:latch(?:ing)?|snap[- ]in)\b/, "latch"],
  [/\blever\b/, "locking lever"]
]

const terminationWords: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bcrimp(?:ed|ing)?\b/, "crimp"],
  [/\bsolder(?:ed|ing| cup)?\b/, "solder cup"],
  [/\b(?:smt|surface[- ]mount)\b/, "SMT"],
  [/\b(?:through[- ]hole|tht)\b/, "through-hole"],
  [/\b(?:pcb|board[- ]mount)\b/, "PCB"],
  [/\bscrew terminals?\b/, "screw terminal"]
]

const categoryWords: ReadonlyArray<readonly [RegExp, "backshell" | "housing" | "cap" | "tool" | "contact"]> = [
  [/\b(?:backshells?|hoods?|collets?|boots?|shield clamps?)\b/, "backshell"],
  [/\b(?:bulkhead )?housings?\b/, "housing"],
  [/\b(?:caps?|dust caps?|covers?)\b/, "cap"],
  [/\b(?:tools?|crimpers?)\b/, "tool"],
  [/\b(?:crimp |pin |socket )?contacts?\b(?! *(?:resistance|rating))|\btermin(?:us|i)\b/, "contact"]
]

const genderWords: ReadonlyArray<readonly [RegExp, Gender]> = [
  [/\bplugs?\b/, "plug"],
  [/\breceptacles?\b/, "receptacle"],
  [/\bjacks?\b/, "jack"],
  [/\bheaders?\b/, "header"]
]

const POSITION_UNITS = String.raw`(?:positions?|pos\b|ways?|pins?|poles?|contacts|channels?|circuits?|cavities)`

/** Parses a free-text requirement into filters. Unrecognised words are ignored. */
export const parseAttributeQuery = (input: string): AttributeFilters => {
  // "°C" and "ºC" → "c"; unify dashes; lower case.
  const text = ` ${input.toLowerCase().replace(/[–—−]/g, "-").replace(/[°º]\s*/g, "")} `
  const filters: Mutable<AttributeFilters> = {}
  // Spans already consumed by a number-with-unit, so "8 pin" is not also read as "male pins".
  const consumed: Array<readonly [number, number]> = []
  const isConsumed = (index: number) => consumed.some(([a, b]) => index >= a && index < b)

  for (const m of text.matchAll(new RegExp(String.raw`${NUM}\s*-?\s*${POSITION_UNITS}`, "g"))) {
    filters.positions = countRange(bound(text, m.index), toNumber(m[1]!))
    consumed.push([m.index, m.index + m[0].length])
  }
  for (const m of text.matchAll(new RegExp(String.raw`${NUM}\s*(?:a|amps?|amperes?)\b(?!\s*-?\s*cod)`, "g"))) {
    filters.currentA = { min: toNumber(m[1]!) }
  }
  for (const m of text.matchAll(new RegExp(String.raw`${NUM}\s*(kv|v|volts?|vac|vdc)\b`, "g"))) {
    const value = toNumber(m[1]!) * (m[2] === "kv" ? 1000 : 1)
    filters.voltageV = { min: value }
  }
  for (const m of text.matchAll(new RegExp(String.raw`${NUM}\s*ghz\b`, "g"))) {
    filters.frequencyGHz = { min: toNumber(m[1]!) }
  }
  const ip = /\bip\s*-?\s*([0-6x])\s*k?\s*([0-9x])\s*k?\b/.exec(text)
  if (ip !== null) {
    filters.ip = { solids: ip[1] === "x" ? 0 : Number(ip[1]), water: ip[2] === "x" ? 0 : Number(ip[2]) }
  } else if (/\b(?:waterproof|water[- ]?tight|sealed|submersible)\b/.test(text)) {
    filters.ip = { solids: 6, water: 7 }
  }
  const span = /(-\d+)\s*c?\s*(?:to|\.\.)\s*\+?(\d+)\s*c\b/.exec(text)
  if (span !== null) {
    filters.operatingC = { min: Number(span[1]), max: Number(span[2]) }
    consumed.push([span.index, span.index + span[0].length])
  }
  for (const m of text.matchAll(/([-+]?\d+)\s*c\b/g)) {
    if (isConsumed(m.index)) continue
    const value = Number(m[1])
    const before = text.slice(Math.max(0, m.index - 12), m.index)
    if (value < 0 || /\b(?:down to|as low as|min(?:imum)?)\s*$/.test(before)) {
      filters.operatingC = { ...filters.operatingC, min: value }
    } else if (value >= 50) {
      filters.operatingC = { ...filters.operatingC, max: value }
    }
  }
  const shell = /\bshell(?:\s*size)?\s*#?\s*(\d+)\b/.exec(text)
  if (shell !== null) filters.shellSize = String(Number(shell[1]))
  const ohm = /(\d+)\s*(?:ohms?|ω)\b|(\d+)\s*ω/.exec(text)
  if (ohm !== null) filters.impedanceOhm = Number(ohm[1] ?? ohm[2])
  const pitch = /(\d+(?:[.,]\d+)?)\s*mm\s*pitch|pitch\s*(?:of\s*)?(\d+(?:[.,]\d+)?)\s*mm/.exec(text)
  if (pitch !== null) filters.pitchMm = toNumber(pitch[1] ?? pitch[2]!)
  if (/\b(?:single[- ]?mode|os2)\b/.test(text)) filters.fiber = "single-mode"
  else if (/\b(?:multi[- ]?mode|om[34])\b/.test(text)) filters.fiber = "multimode"
  if (/\b(?:not|non|no)[- ]?rohs\b|\brohs[- ]non[- ]?compliant\b/.test(text)) filters.rohs = false
  else if (/\brohs\b/.test(text)) filters.rohs = true

  const families = new Set<string>()
  for (const [re, names] of familyWords) if (re.test(text)) for (const n of names) families.add(n)
  // "circular" alone names three families; a more specific word narrows it down.
  if (families.has("circular-mil") && /\bmil(?:itary)?\b/.test(text)) {
    families.delete("circular-sensor")
    families.delete("circular-push-pull")
  }
  if (families.size > 0) filters.families = [...families].sort()
  const series = seriesWords.filter(([re]) => re.test(text)).map(([, s]) => s)
  if (series.length > 0) filters.series = series
  const couplings = couplingWords.filter(([re]) => re.test(text)).map(([, c]) => c)
  if (couplings.length > 0) filters.couplings = couplings
  const terminations = terminationWords.filter(([re]) => re.test(text)).map(([, t]) => t)
  if (terminations.length > 0) filters.terminations = terminations

  const categories = new Set<PartCategory>()
  for (const [re, category] of categoryWords) {
    const m = re.exec(text)
    if (m !== null && !isConsumed(m.index)) categories.add(category)
  }
  filters.categories = categories.size > 0 ? [...categories].sort() : ["connector"]
  // "crimp tool", "solder sleeve cap": the termination word describes the job, not the accessory.
  if (!filters.categories.some((c) => c === "connector" || c === "contact")) delete filters.terminations
  const genders = genderWords.filter(([re]) => re.test(text)).map(([, g]) => g)
  if (genders.length > 0) filters.genders = genders
  const male = /\b(?:male|pins)\b/.exec(text)
  const female = /\b(?:female|sockets)\b/.exec(text)
  if (male !== null && !isConsumed(male.index) && female === null) filters.contactType = "pin"
  if (female !== null && !isConsumed(female.index) && male === null) filters.contactType = "socket"
  return filters
}

/** Whether the filters say anything beyond the default "connectors". */
export const isSpecific = (filters: AttributeFilters): boolean =>
  Object.keys(filters).some((k) => k !== "categories") ||
  (filters.categories !== undefined && !(filters.categories.length === 1 && filters.categories[0] === "connector"))
