/**
 * Deterministic generator of the synthetic FitMate sample data: the catalog (datasets/fitmate/) and the
 * documents whose numbers must agree with it (datasets/sources/, except the hand-written policies/).
 *
 *   pnpm tsx datasets/generate.ts          # rewrite the generated files
 *
 * One source of truth (the series specifications in datasets/generator/) feeds both the catalog and the
 * documents; a seeded PRNG picks revisions and dates, so every run produces the same bytes
 * (test/knowledge/GeneratedData.test.ts checks that).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { fmCB, fmCT, fmMS, fmPP } from "./generator/circular.js"
import { guideDocs } from "./generator/guides.js"
import { docUrl, partFields, type Doc, type PartRecord } from "./generator/model.js"
import { fmPX, fmHV } from "./generator/power.js"
import { fmBB, fmHR, fmWB } from "./generator/rectangular.js"
import { fmQB, fmQN, fmQS } from "./generator/rf.js"
import { fmAS, fmFL } from "./generator/sealed.js"
import type { SeriesOutput } from "./generator/series.js"
import { TOOLS_SERIES, toolDocs, toolParts } from "./generator/tools.js"

/** Folders under datasets/ whose content is entirely generated (anything else there is stale). */
export const generatedFolders = [
  "fitmate",
  "sources/datasheets",
  "sources/specs",
  "sources/troubleshooting",
  "sources/faq",
  "sources/notes"
] as const

const normalise = (pn: string): string => pn.toUpperCase().replace(/[\s\-/._]/g, "")

const ACCESSORY_CATEGORIES: ReadonlyArray<PartRecord["category"]> = ["backshell", "housing", "cap", "tool"]

/** Everything the generator knows, before serialisation. */
export const buildDataset = (): {
  readonly series: ReadonlyArray<SeriesOutput>
  readonly parts: ReadonlyArray<PartRecord>
  readonly docs: ReadonlyArray<Doc>
} => {
  const productSeries = [fmCT(), fmCB(), fmMS(), fmPP(), fmHR(), fmBB(), fmWB(), fmQS(), fmQN(), fmQB(), fmPX(), fmHV(), fmAS(), fmFL()]
  const productParts = productSeries.flatMap((s) => s.parts)
  const toolSeries: SeriesOutput = {
    code: TOOLS_SERIES,
    name: "FM-TC crimp and service tools",
    family: "tooling",
    parts: toolParts(),
    docs: []
  }
  const parts = [...productParts, ...toolSeries.parts]
  const tools = { ...toolSeries, docs: toolDocs(parts) }
  const series = [...productSeries, tools]
  const docs = [...series.flatMap((s) => s.docs), ...guideDocs(series, parts)]
  check(parts, docs, series)
  return { series, parts, docs }
}

/** Internal consistency: the generator refuses to write data that contradicts itself. */
const check = (parts: ReadonlyArray<PartRecord>, docs: ReadonlyArray<Doc>, series: ReadonlyArray<SeriesOutput>) => {
  const problems: Array<string> = []
  const byNumber = new Map<string, PartRecord>()
  const byKey = new Map<string, string>()
  for (const p of parts) {
    if (byNumber.has(p.partNumber)) problems.push(`duplicate part number ${p.partNumber}`)
    byNumber.set(p.partNumber, p)
    const key = normalise(p.partNumber)
    const clash = byKey.get(key)
    if (clash !== undefined) problems.push(`${p.partNumber} and ${clash} normalise to the same key`)
    byKey.set(key, p.partNumber)
  }
  const docIds = new Map(docs.map((d) => [d.id, d]))
  for (const p of parts) {
    const refs = {
      matingParts: p.matingParts,
      compatibleContacts: p.compatibleContacts,
      backshells: p.backshells,
      caps: p.caps,
      crimpTools: p.crimpTools
    }
    for (const [field, list] of Object.entries(refs)) {
      for (const ref of list) if (!byNumber.has(ref)) problems.push(`${p.partNumber}.${field}: unknown ${ref}`)
    }
    for (const mate of p.matingParts) {
      const m = byNumber.get(mate)
      if (m === undefined) continue
      if (!m.matingParts.includes(p.partNumber)) problems.push(`${p.partNumber} mates ${mate} but not back`)
      if (m.series !== p.series || m.shellSize !== p.shellSize || m.positions !== p.positions) {
        problems.push(`${p.partNumber} and ${mate} disagree on series, shell size or positions`)
      }
      if (p.category === "connector" && m.contactSize !== p.contactSize) {
        problems.push(`${p.partNumber} and ${mate} disagree on contact size`)
      }
    }
    for (const c of p.compatibleContacts) {
      const contact = byNumber.get(c)
      if (contact !== undefined && contact.contactSize !== p.contactSize) {
        problems.push(`${p.partNumber}: contact ${c} has size ${contact.contactSize}, connector ${p.contactSize}`)
      }
    }
    const ds = docIds.get(p.datasheetId)
    if (ds === undefined) problems.push(`${p.partNumber}: no datasheet ${p.datasheetId}`)
    else if (ds.revision !== p.datasheetRevision) problems.push(`${p.partNumber}: datasheet revision mismatch`)
    if (ds !== undefined && ds.kind === "datasheet" && !ds.body.includes(p.partNumber)) {
      problems.push(`${p.partNumber} is not listed in its datasheet ${ds.id}`)
    }
  }
  const seriesCodes = new Set(series.map((s) => s.code))
  for (const d of docs) {
    for (const token of d.body.match(/\bFM-[A-Z]{2}(?:-[A-Z0-9]+)*\b/g) ?? []) {
      if (!byNumber.has(token) && !seriesCodes.has(token)) problems.push(`${d.id} mentions unknown ${token}`)
    }
  }
  if (new Set(docs.map((d) => d.id)).size !== docs.length) problems.push("duplicate document id")
  if (problems.length > 0) throw new Error(`inconsistent sample data:\n  ${problems.join("\n  ")}`)
}

// ---------------------------------------------------------------------------------------------
// Serialisation
// ---------------------------------------------------------------------------------------------

const orderedRecord = (p: PartRecord): Record<string, unknown> =>
  Object.fromEntries(partFields.map((field) => [field, p[field]]))

/** A JSON array with one part per line, so an import error can name the line of the record. */
const catalogJson = (parts: ReadonlyArray<PartRecord>): string =>
  `[\n${parts.map((p) => JSON.stringify(orderedRecord(p))).join(",\n")}\n]\n`

const csvCell = (value: unknown): string => {
  const text =
    value === null ? "" : Array.isArray(value) ? value.join("|") : typeof value === "boolean" ? String(value) : String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const catalogCsv = (parts: ReadonlyArray<PartRecord>): string =>
  [partFields.join(","), ...parts.map((p) => partFields.map((f) => csvCell(p[f])).join(","))].join("\n") + "\n"

const markdown = (d: Doc): string => {
  const front = [
    "---",
    `id: ${d.id}`,
    `title: ${JSON.stringify(d.title)}`,
    `revision: ${d.revision}`,
    `kind: ${d.kind}`,
    `url: ${docUrl(d.kind, d.id)}`,
    ...(d.series.length > 0 ? [`series: [${d.series.join(", ")}]`] : []),
    "---",
    ""
  ]
  return front.join("\n") + d.body
}

/** Every generated file, keyed by its path relative to datasets/. */
export const generate = (): ReadonlyMap<string, string> => {
  const { docs, parts } = buildDataset()
  const files = new Map<string, string>()
  files.set(
    "fitmate/parts.json",
    catalogJson(parts.filter((p) => !ACCESSORY_CATEGORIES.includes(p.category)))
  )
  files.set("fitmate/accessories.csv", catalogCsv(parts.filter((p) => ACCESSORY_CATEGORIES.includes(p.category))))
  for (const d of docs) files.set(`sources/${d.path}`, markdown(d))
  return files
}

const datasetsDir = dirname(fileURLToPath(import.meta.url))

const writeAll = () => {
  for (const folder of generatedFolders) rmSync(join(datasetsDir, folder), { recursive: true, force: true })
  const files = generate()
  for (const [path, content] of files) {
    mkdirSync(dirname(join(datasetsDir, path)), { recursive: true })
    writeFileSync(join(datasetsDir, path), content)
  }
  const docs = [...files.keys()].filter((p) => p.endsWith(".md")).length
  const handWritten = readdirSync(join(datasetsDir, "sources/policies")).length
  console.log(`wrote ${files.size} files (${docs} generated documents; ${handWritten} hand-written policies kept)`)
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) writeAll()
