/**
 * A small RFC 4180 CSV reader that remembers where each record starts, so decoding errors can name the line.
 * Quoted fields may contain commas, doubled quotes and line breaks; CRLF and LF are both accepted.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  readonly line: number
  readonly cells: ReadonlyArray<string>
}

export type CsvResult =
  | { readonly _tag: "Ok"; readonly records: ReadonlyArray<CsvRecord> }
  | { readonly _tag: "Error"; readonly line: number; readonly message: string }

export const parseCsv = (text: string): CsvResult => {
  const records: Array<CsvRecord> = []
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let line = 1
  let recordLine = 1
  let cells: Array<string> = []
  let cell = ""
  let quoted = false
  let quoteLine = 0
  let fieldStart = true
  const endRecord = () => {
    cells.push(cell)
    // A blank line is not a record.
    if (!(cells.length === 1 && cells[0] === "")) records.push({ line: recordLine, cells })
    cells = []
    cell = ""
    fieldStart = true
  }
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"'
          i++
        } else {
          quoted = false
        }
      } else {
        if (ch === "\n") line++
        cell += ch
      }
      continue
    }
    if (ch === '"' && fieldStart) {
      quoted = true
      quoteLine = line
      fieldStart = false
    } else if (ch === '"') {
      return { _tag: "Error", line, message: "a quote inside an unquoted field (quote the whole field and double the quote)" }
    } else if (ch === ",") {
      cells.push(cell)
      cell = ""
      fieldStart = true
    } else if (ch === "\r" && body[i + 1] === "\n") {
      // handled with the \n
    } else if (ch === "\n") {
      endRecord()
      line++
      recordLine = line
    } else {
      cell += ch
      fieldStart = false
    }
  }
  if (quoted) return { _tag: "Error", line: quoteLine, message: "a quoted field is never closed" }
  if (cell !== "" || cells.length > 0) endRecord()
  return { _tag: "Ok", records }
}
