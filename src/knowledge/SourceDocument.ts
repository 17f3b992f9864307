/**
 * A verified source: a Markdown document with YAML front matter (id, title, revision, kind, url, optional
 * series), decoded and chunked. Parsing is pure; KnowledgeSet reads the files.
 */
import { Either, Schema } from "effect"
import { createHash } from "node:crypto"
import { parseDocument } from "yaml"
import { chunkMarkdown, type Chunk } from "./Chunker.js"
import { type ImportProblem, schemaProblems } from "./ImportProblem.js"
import { SourceIdText } from "./Part.js"

export const SourceKind = Schema.Literal(
  "datasheet",
  "assembly_spec",
  "faq",
  "policy",
  "troubleshooting",
  "application_note"
)
export type SourceKind = typeof SourceKind.Type

/** YAML reads `revision: 3` as a number; a revision is text either way. */
const Revision = Schema.transform(Schema.Union(Schema.String, Schema.Number), Schema.NonEmptyTrimmedString, {
  strict: true,
  decode: (value) => String(value),
  encode: (value) => value
})

export const SourceFrontMatter = Schema.Struct({
  id: SourceIdText,
  title: Schema.NonEmptyTrimmedString,
  revision: Revision,
  kind: SourceKind,
  url: Schema.String.pipe(
    Schema.pattern(/^https?:\/\/\S+$/, { message: (issue) => `Expected an http(s) URL, actual ${JSON.stringify(issue.actual)}` })
  ),
  series: Schema.optionalWith(Schema.Array(Schema.NonEmptyTrimmedString), { default: () => [] })
})
export type SourceFrontMatter = typeof SourceFrontMatter.Type

export interface SourceDocument extends SourceFrontMatter {
  readonly file: string
  /** sha256 of the whole file: any change to it (text or front matter) replaces the stored chunks. */
  readonly contentHash: string
  readonly chunks: ReadonlyArray<Chunk>
}

export type SourceDecodeResult =
  | { readonly _tag: "Ok"; readonly source: SourceDocument }
  | { readonly _tag: "Error"; readonly problems: ReadonlyArray<ImportProblem> }

const decodeFrontMatter = Schema.decodeUnknownEither(SourceFrontMatter, { errors: "all" })

export const decodeSourceFile = (file: string, text: string, maxChunkChars?: number): SourceDecodeResult => {
  const lines = text.split(/\r?\n/)
  const fail = (line: number, field: string | null, message: string): SourceDecodeResult => ({
    _tag: "Error",
    problems: [{ file, line, field, message }]
  })
  if (lines[0]?.trim() !== "---") return fail(1, null, "missing front matter (the file must start with a line '---')")
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === "---")
  if (close < 0) return fail(1, null, "front matter is not closed by a line '---'")
  const yamlText = lines.slice(1, close).join("\n")
  // Front matter starts on line 2 of the file.
  const lineOfKey = (key: string) => {
    const index = lines.slice(1, close).findIndex((line) => line.startsWith(`${key}:`))
    return index < 0 ? 1 : index + 2
  }
  const doc = parseDocument(yamlText)
  if (doc.errors.length > 0) {
    return {
      _tag: "Error",
      problems: doc.errors.map((e) => ({
        file,
        line: (e.linePos?.[0].line ?? 0) + 1,
        field: null,
        message: `invalid YAML front matter: ${e.message.split("\n")[0]}`
      }))
    }
  }
  const decoded = decodeFrontMatter(doc.toJS() ?? {})
  if (Either.isLeft(decoded)) {
    return { _tag: "Error", problems: schemaProblems(decoded.left, file, (field) => (field === "" ? 1 : lineOfKey(field))) }
  }
  const body = lines.slice(close + 1).join("\n")
  const chunks = chunkMarkdown(body, maxChunkChars)
  if (chunks.length === 0) return fail(close + 2, null, "the document has no text after the front matter")
  return {
    _tag: "Ok",
    source: {
      ...decoded.right,
      file,
      contentHash: createHash("sha256").update(text).digest("hex"),
      chunks
    }
  }
}
