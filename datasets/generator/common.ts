/** Small helpers shared by the series generators: a seeded PRNG, number formatting, Markdown tables. */
import type { Doc, DocKind, PartRecord } from "./model.js"

/** mulberry32: a tiny seeded PRNG, so every run of the generator produces the same bytes. */
export const prng = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** String hash (FNV-1a) used to derive a per-document seed from its id. */
export const hash = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A document's revision letter (B..G) and issue date, derived from its id only. */
export const revisionOf = (id: string): { readonly revision: string; readonly date: string } => {
  const next = prng(hash(id))
  const revision = "BCDEFG"[Math.floor(next() * 6)]!
  const month = 1 + Math.floor(next() * 12)
  const day = 1 + Math.floor(next() * 28)
  const year = 2023 + Math.floor(next() * 3)
  return { revision, date: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` }
}

/** Numbers are written the same way everywhere (catalog values and document text agree). */
export const num = (n: number): string => (Number.isInteger(n) ? String(n) : String(n))

export const amps = (n: number): string => `${num(n)} A`
export const volts = (n: number): string => `${num(n)} V`
export const celsius = (n: number): string => (n > 0 ? `+${n} °C` : `${n} °C`)
export const tempRange = (min: number, max: number): string => `${celsius(min)} to ${celsius(max)}`

export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`)
  ].join("\n")

export const dash = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === "" ? "—" : String(value)

export const list = (items: ReadonlyArray<string>): string => (items.length === 0 ? "—" : items.join(", "))

export const SYNTHETIC_NOTE =
  "> Synthetic sample data for FitMate Assist. FitMate, its series and its part numbers are fictitious."

export interface DocInit {
  readonly path: string
  readonly id: string
  readonly title: string
  readonly kind: DocKind
  readonly series?: ReadonlyArray<string>
  readonly sections: ReadonlyArray<readonly [heading: string, body: string]>
  readonly intro?: string
}

/** Renders a document body: a title, the synthetic-data note, an optional intro and `##` sections. */
export const makeDoc = (init: DocInit): Doc => {
  const { date, revision } = revisionOf(init.id)
  const body = [
    `# ${init.title}`,
    "",
    SYNTHETIC_NOTE,
    "",
    `Document ${init.id}, revision ${revision}, issued ${date}.`,
    ...(init.intro === undefined ? [] : ["", init.intro]),
    ...init.sections.flatMap(([heading, text]) => ["", `## ${heading}`, "", text.trim()])
  ].join("\n")
  return {
    path: init.path,
    id: init.id,
    title: init.title,
    revision,
    kind: init.kind,
    series: init.series ?? [],
    body: `${body}\n`
  }
}

export const byNumber = (a: PartRecord, b: PartRecord): number =>
  a.partNumber < b.partNumber ? -1 : a.partNumber > b.partNumber ? 1 : 0

export const pad = (n: number, width: number): string => String(n).padStart(width, "0")

/** 50000 → "50,000" without depending on the host's locale data. */
export const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",")
