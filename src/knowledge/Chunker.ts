/**
 * Splits a Markdown document body into retrievable chunks: one per `##` section, long sections packed into
 * pieces of at most `maxChars`, long tables split by rows with their header repeated (a row without its
 * header is meaningless to a reader and to the verifier).
 */

export interface Chunk {
  readonly ordinal: number
  /** The `##` heading the chunk belongs to ("" for the text before the first heading). */
  readonly heading: string
  /** Heading line + content, as shown to the writer. */
  readonly text: string
}

export const DEFAULT_MAX_CHARS = 1000

interface Section {
  readonly heading: string
  readonly lines: ReadonlyArray<string>
}

const sections = (body: string): ReadonlyArray<Section> => {
  const out: Array<{ heading: string; lines: Array<string> }> = [{ heading: "", lines: [] }]
  for (const line of body.split(/\r?\n/)) {
    if (/^#\s/.test(line)) continue // the document title; it is stored with the source
    const h2 = /^##\s+(.*)$/.exec(line)
    if (h2 !== null) out.push({ heading: h2[1]!.trim(), lines: [] })
    else out[out.length - 1]!.lines.push(line)
  }
  return out
}

/** Blocks: paragraphs, lists and tables, separated by blank lines (a table is always one block). */
const blocks = (lines: ReadonlyArray<string>): ReadonlyArray<string> => {
  const out: Array<string> = []
  let current: Array<string> = []
  const flush = () => {
    if (current.length > 0) out.push(current.join("\n"))
    current = []
  }
  for (const line of lines) {
    if (line.trim() === "") flush()
    else current.push(line)
  }
  flush()
  return out
}

const isTable = (block: string) => block.startsWith("|")

/** Splits an oversized block: tables by rows (header repeated), prose by sentences. */
const splitBlock = (block: string, maxChars: number): ReadonlyArray<string> => {
  if (isTable(block)) {
    const [header, rule, ...rows] = block.split("\n")
    const head = `${header}\n${rule}`
    const out: Array<string> = []
    let current: Array<string> = []
    let size = head.length
    for (const row of rows) {
      if (current.length > 0 && size + row.length + 1 > maxChars) {
        out.push([head, ...current].join("\n"))
        current = []
        size = head.length
      }
      current.push(row)
      size += row.length + 1
    }
    if (current.length > 0) out.push([head, ...current].join("\n"))
    return out
  }
  const sentences = block.match(/[^.!?]+[.!?]+(\s+|$)|[^.!?]+$/g) ?? [block]
  const out: Array<string> = []
  let current = ""
  for (const sentence of sentences) {
    if (current !== "" && current.length + sentence.length > maxChars) {
      out.push(current.trim())
      current = ""
    }
    current += sentence
  }
  if (current.trim() !== "") out.push(current.trim())
  return out
}

export const chunkMarkdown = (body: string, maxChars: number = DEFAULT_MAX_CHARS): ReadonlyArray<Chunk> => {
  const chunks: Array<Chunk> = []
  for (const section of sections(body)) {
    const pieces = blocks(section.lines).flatMap((b) => (b.length > maxChars ? splitBlock(b, maxChars) : [b]))
    if (pieces.length === 0) continue
    const budget = Math.max(200, maxChars - section.heading.length)
    let current: Array<string> = []
    let size = 0
    const emit = () => {
      if (current.length === 0) return
      const content = current.join("\n\n")
      chunks.push({
        ordinal: chunks.length,
        heading: section.heading,
        text: section.heading === "" ? content : `${section.heading}\n\n${content}`
      })
      current = []
      size = 0
    }
    for (const piece of pieces) {
      // Keep a table separate from a long paragraph before it, but let short lead-ins travel with it.
      if (current.length > 0 && size + piece.length + 2 > budget) emit()
      current.push(piece)
      size += piece.length + 2
    }
    emit()
  }
  return chunks
}
