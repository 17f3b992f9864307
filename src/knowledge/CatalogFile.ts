/**
 * Decoding one catalog file (JSON array or CSV) into part records, with every problem located by line and
 * field. Pure: reading the file and cross-checking records across files happen in KnowledgeSet.
 */
import { Either, Schema } from "effect"
import { parseCsv } from "./Csv.js"
import { type ImportProblem, schemaProblems } from "./ImportProblem.js"
import { findJsonSyntaxError } from "./JsonSyntax.js"
import { booleanFields, numberFields, Part, partFieldNames } from "./Part.js"

export interface DecodedPart {
  readonly part: Part
  readonly file: string
  /** Line where the record starts. */
  readonly line: number
  /** Line of a field inside the record (the record line when not found). */
  readonly lineOf: (field: string) => number
}

export interface DecodeResult {
  readonly parts: ReadonlyArray<DecodedPart>
  readonly problems: ReadonlyArray<ImportProblem>
  /** Part numbers of records that were refused, so references to them are not reported a second time. */
  readonly refused: ReadonlyArray<string>
}

const decodePart = Schema.decodeUnknownEither(Part, { onExcessProperty: "error", errors: "all" })

/** The part number of a refused record, when it has a readable one. */
const refusedNumber = (record: unknown): ReadonlyArray<string> =>
  typeof record === "object" && record !== null && "partNumber" in record && typeof record.partNumber === "string"
    ? [record.partNumber]
    : []

/** Checks that need more than one field. */
const recordProblems = (part: Part, file: string, lineOf: (field: string) => number): ReadonlyArray<ImportProblem> => {
  const problems: Array<ImportProblem> = []
  if (part.tempMinC !== null && part.tempMaxC !== null && part.tempMinC > part.tempMaxC) {
    problems.push({ file, line: lineOf("tempMinC"), field: "tempMinC", message: `is above tempMaxC (${part.tempMaxC})` })
  }
  if ((part.datasheetId === null) !== (part.datasheetRevision === null)) {
    const missing = part.datasheetId === null ? "datasheetId" : "datasheetRevision"
    problems.push({ file, line: lineOf(missing), field: missing, message: "datasheetId and datasheetRevision go together" })
  }
  return problems
}

const lineAt = (text: string, offset: number): number => {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** Start and end offsets of the top-level elements of a JSON array (the text is known to parse). */
const topLevelElements = (text: string): ReadonlyArray<readonly [number, number]> => {
  const spans: Array<[number, number]> = []
  let depth = 0
  let inString = false
  let start = -1
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (inString) {
      if (ch === "\\") i++
      else if (ch === '"') inString = false
      continue
    }
    if (ch === '"') {
      inString = true
      if (depth === 1 && start < 0) start = i
    } else if (ch === "{" || ch === "[") {
      if (depth === 1 && start < 0) start = i
      depth++
    } else if (ch === "}" || ch === "]") {
      depth--
      if (depth === 1 && start >= 0) {
        spans.push([start, i + 1])
        start = -1
      }
      if (depth === 0 && start >= 0) {
        spans.push([start, i])
        start = -1
      }
    } else if (ch === ",") {
      if (depth === 1 && start >= 0) {
        spans.push([start, i])
        start = -1
      }
    } else if (depth === 1 && start < 0 && !/\s/.test(ch)) {
      start = i
    }
  }
  return spans
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

export const decodeJsonCatalog = (file: string, text: string): DecodeResult => {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const located = findJsonSyntaxError(text)
    const message = located?.message ?? (error instanceof Error ? error.message : String(error))
    const line = located === null ? 1 : lineAt(text, located.offset)
    return { parts: [], refused: [], problems: [{ file, line, field: null, message: `invalid JSON: ${message}` }] }
  }
  if (!Array.isArray(data)) {
    return {
      parts: [],
      refused: [],
      problems: [{ file, line: 1, field: null, message: "expected a JSON array of part records" }]
    }
  }
  const spans = topLevelElements(text)
  const parts: Array<DecodedPart> = []
  const problems: Array<ImportProblem> = []
  const refused: Array<string> = []
  data.forEach((element: unknown, index) => {
    const [start, end] = spans[index] ?? [0, text.length]
    const line = lineAt(text, start)
    const body = text.slice(start, end)
    const lineOf = (field: string) => {
      const at = new RegExp(`"${escapeRegExp(field)}"\\s*:`).exec(body)
      return at === null ? line : line + lineAt(body, at.index) - 1
    }
    const decoded = decodePart(element)
    if (Either.isLeft(decoded)) {
      problems.push(...schemaProblems(decoded.left, file, lineOf))
      refused.push(...refusedNumber(element))
      return
    }
    const extra = recordProblems(decoded.right, file, lineOf)
    if (extra.length > 0) {
      problems.push(...extra)
      refused.push(decoded.right.partNumber)
    } else {
      parts.push({ part: decoded.right, file, line, lineOf })
    }
  })
  return { parts, problems, refused }
}

/** The separator of list cells in CSV files. */
export const CSV_LIST_SEPARATOR = "|"

const LIST_FIELDS = new Set(["matingParts", "compatibleContacts", "backshells", "caps", "crimpTools"])
const REQUIRED_COLUMNS = ["partNumber", "series", "family", "category", "description"] as const

/** Turns a CSV cell into the JSON value the schema expects; text that is not a number/boolean stays text so the
 * schema reports it ("Expected number, actual \"ten\""). */
const cellValue = (field: string, cell: string): unknown => {
  const text = cell.trim()
  if (LIST_FIELDS.has(field)) {
    return text === "" ? [] : text.split(CSV_LIST_SEPARATOR).map((s) => s.trim()).filter((s) => s !== "")
  }
  if (text === "") return null
  if (numberFields.has(field as keyof Part) && /^[-+]?\d+(\.\d+)?$/.test(text)) return Number(text)
  if (booleanFields.has(field as keyof Part)) {
    if (/^true$/i.test(text)) return true
    if (/^false$/i.test(text)) return false
  }
  return text
}

export const decodeCsvCatalog = (file: string, text: string): DecodeResult => {
  const parsed = parseCsv(text)
  if (parsed._tag === "Error") {
    return {
      parts: [],
      refused: [],
      problems: [{ file, line: parsed.line, field: null, message: `invalid CSV: ${parsed.message}` }]
    }
  }
  const [header, ...rows] = parsed.records
  if (header === undefined) return { parts: [], problems: [], refused: [] }
  const columns = header.cells.map((c) => c.trim())
  const known = new Set<string>(partFieldNames)
  const problems: Array<ImportProblem> = []
  columns.forEach((column) => {
    if (!known.has(column)) problems.push({ file, line: header.line, field: column, message: "unknown column" })
  })
  for (const required of REQUIRED_COLUMNS) {
    if (!columns.includes(required)) {
      problems.push({ file, line: header.line, field: required, message: "required column is missing" })
    }
  }
  if (new Set(columns).size !== columns.length) {
    problems.push({ file, line: header.line, field: null, message: "a column appears twice in the header" })
  }
  if (problems.length > 0) return { parts: [], problems, refused: [] }
  const parts: Array<DecodedPart> = []
  const refused: Array<string> = []
  for (const row of rows) {
    const lineOf = () => row.line
    if (row.cells.length !== columns.length) {
      problems.push({
        file,
        line: row.line,
        field: null,
        message: `expected ${columns.length} cells, found ${row.cells.length}`
      })
      continue
    }
    const record: Record<string, unknown> = {}
    columns.forEach((column, i) => {
      const value = cellValue(column, row.cells[i]!)
      if (value !== null) record[column] = value
    })
    const decoded = decodePart(record)
    if (Either.isLeft(decoded)) {
      problems.push(...schemaProblems(decoded.left, file, lineOf))
      refused.push(...refusedNumber(record))
      continue
    }
    const extra = recordProblems(decoded.right, file, lineOf)
    if (extra.length > 0) {
      problems.push(...extra)
      refused.push(decoded.right.partNumber)
    } else {
      parts.push({ part: decoded.right, file, line: row.line, lineOf })
    }
  }
  return { parts, problems, refused }
}
