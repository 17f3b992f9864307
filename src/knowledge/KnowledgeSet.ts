/**
 * The complete knowledge to import: catalog parts and verified sources, decoded and cross-checked. Nothing
 * reaches the database unless the whole set is free of problems (see KnowledgeStore.replace).
 */
import { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"
import { decodeCsvCatalog, decodeJsonCatalog, type DecodedPart } from "./CatalogFile.js"
import { type ImportProblem, KnowledgeImportError } from "./ImportProblem.js"
import { type Part, referenceFields } from "./Part.js"
import { normalizePartNumber } from "./PartNumber.js"
import { decodeSourceFile, type SourceDocument } from "./SourceDocument.js"

export interface KnowledgeSet {
  readonly parts: ReadonlyArray<Part>
  readonly sources: ReadonlyArray<SourceDocument>
  /** Not errors, worth telling the operator (e.g. a datasheet referenced by parts but not imported). */
  readonly warnings: ReadonlyArray<string>
}

export interface KnowledgeFile {
  readonly path: string
  readonly text: string
}

export interface KnowledgeFiles {
  readonly catalog: ReadonlyArray<KnowledgeFile>
  readonly sources: ReadonlyArray<KnowledgeFile>
  /** Problems met while listing or reading (missing folder, unreadable file). */
  readonly problems: ReadonlyArray<ImportProblem>
}

export interface KnowledgeDirectories {
  readonly catalogDir: string
  readonly sourcesDir: string
}

/** Reads every `*.json` / `*.csv` of the catalog folder and every `*.md` under the sources folder, sorted by path. */
export const readKnowledgeFiles = Effect.fn("KnowledgeSet.readFiles")(function*(dirs: KnowledgeDirectories) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const problems: Array<ImportProblem> = []
  const list = (dir: string, recursive: boolean, keep: (name: string) => boolean) =>
    fs.readDirectory(dir, { recursive }).pipe(
      Effect.map((names) => names.filter(keep).sort().map((name) => path.join(dir, name))),
      Effect.catchAll((error) => {
        problems.push({ file: dir, line: 1, field: null, message: `cannot list folder: ${error.message}` })
        return Effect.succeed<ReadonlyArray<string>>([])
      })
    )
  const read = (file: string) =>
    fs.readFileString(file).pipe(
      Effect.map((text): ReadonlyArray<KnowledgeFile> => [{ path: file, text }]),
      Effect.catchAll((error) => {
        problems.push({ file, line: 1, field: null, message: `cannot read file: ${error.message}` })
        return Effect.succeed<ReadonlyArray<KnowledgeFile>>([])
      })
    )
  const catalogPaths = yield* list(dirs.catalogDir, false, (name) => /\.(json|csv)$/i.test(name))
  const sourcePaths = yield* list(dirs.sourcesDir, true, (name) => /\.md$/i.test(name))
  const catalog = (yield* Effect.forEach(catalogPaths, read)).flat()
  const sources = (yield* Effect.forEach(sourcePaths, read)).flat()
  yield* Effect.annotateCurrentSpan({ "knowledge.catalog_files": catalog.length, "knowledge.source_files": sources.length })
  return { catalog, sources, problems } satisfies KnowledgeFiles
})

/** Decodes and cross-checks everything; fails with every problem found, or returns the set. */
export const buildKnowledgeSet = Effect.fn("KnowledgeSet.build")(function*(files: KnowledgeFiles) {
  const problems: Array<ImportProblem> = [...files.problems]
  const decoded: Array<DecodedPart> = []
  const refused = new Set<string>()
  for (const file of files.catalog) {
    const result = /\.csv$/i.test(file.path) ? decodeCsvCatalog(file.path, file.text) : decodeJsonCatalog(file.path, file.text)
    decoded.push(...result.parts)
    problems.push(...result.problems)
    for (const pn of result.refused) refused.add(normalizePartNumber(pn))
  }
  const sources: Array<SourceDocument> = []
  const sourceById = new Map<string, SourceDocument>()
  for (const file of files.sources) {
    const result = decodeSourceFile(file.path, file.text)
    if (result._tag === "Error") {
      problems.push(...result.problems)
      continue
    }
    const existing = sourceById.get(result.source.id)
    if (existing !== undefined) {
      problems.push({ file: file.path, line: 2, field: "id", message: `duplicate of ${existing.file}` })
      continue
    }
    sourceById.set(result.source.id, result.source)
    sources.push(result.source)
  }
  problems.push(...crossCheck(decoded, sourceById, refused))
  const warnings = missingDatasheets(decoded, sourceById)
  yield* Effect.annotateCurrentSpan({ "knowledge.problems": problems.length })
  if (problems.length > 0) return yield* new KnowledgeImportError({ problems })
  return { parts: decoded.map((d) => d.part), sources, warnings } satisfies KnowledgeSet
})

/** `refused`: keys of records already reported as invalid; references to them are not reported again. */
const crossCheck = (
  decoded: ReadonlyArray<DecodedPart>,
  sourceById: ReadonlyMap<string, SourceDocument>,
  refused: ReadonlySet<string>
): ReadonlyArray<ImportProblem> => {
  const problems: Array<ImportProblem> = []
  const byKey = new Map<string, DecodedPart>()
  for (const d of decoded) {
    const key = normalizePartNumber(d.part.partNumber)
    const first = byKey.get(key)
    if (first !== undefined) {
      problems.push({
        file: d.file,
        line: d.lineOf("partNumber"),
        field: "partNumber",
        message: `duplicate of ${first.part.partNumber} (${first.file}:${first.line})`
      })
    } else {
      byKey.set(key, d)
    }
  }
  for (const d of decoded) {
    const p = d.part
    for (const field of referenceFields) {
      for (const ref of p[field]) {
        const key = normalizePartNumber(ref)
        if (!byKey.has(key) && !refused.has(key)) {
          problems.push({ file: d.file, line: d.lineOf(field), field, message: `unknown part ${ref}` })
        }
      }
    }
    for (const ref of p.matingParts) {
      const mate = byKey.get(normalizePartNumber(ref))?.part
      if (mate === undefined) continue
      if (!mate.matingParts.some((back) => normalizePartNumber(back) === normalizePartNumber(p.partNumber))) {
        problems.push({
          file: d.file,
          line: d.lineOf("matingParts"),
          field: "matingParts",
          message: `${ref} does not list ${p.partNumber} as a mating part`
        })
      }
      const disagreements = (["series", "shellSize", "positions"] as const).filter((f) => mate[f] !== p[f])
      if (disagreements.length > 0) {
        problems.push({
          file: d.file,
          line: d.lineOf("matingParts"),
          field: "matingParts",
          message: `${ref} differs in ${disagreements.join(", ")}; a mating pair must agree on series, shell size and positions`
        })
      }
    }
    if (p.datasheetId !== null) {
      const ds = sourceById.get(p.datasheetId)
      if (ds !== undefined && ds.revision !== p.datasheetRevision) {
        problems.push({
          file: d.file,
          line: d.lineOf("datasheetRevision"),
          field: "datasheetRevision",
          message: `${p.datasheetId} is revision ${ds.revision} in ${ds.file}, the record says ${p.datasheetRevision}`
        })
      }
    }
  }
  return problems
}

const missingDatasheets = (
  decoded: ReadonlyArray<DecodedPart>,
  sourceById: ReadonlyMap<string, SourceDocument>
): ReadonlyArray<string> => {
  const missing = new Set<string>()
  for (const d of decoded) if (d.part.datasheetId !== null && !sourceById.has(d.part.datasheetId)) missing.add(d.part.datasheetId)
  return [...missing].sort().map((id) => `datasheet ${id} is referenced by parts but is not among the sources`)
}
