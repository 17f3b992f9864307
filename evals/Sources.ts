/**
 * The verified documents as the scorer reads them: a cited source id → what a reader of that source sees (title,
 * headings, text). Read through the knowledge importer from the same folders the database is loaded from, so the
 * scorer and the retriever see the same documents.
 */
import { Effect } from "effect"
import { bundledDatasets } from "../src/knowledge/KnowledgeIngest.js"
import { buildKnowledgeSet, type KnowledgeDirectories, readKnowledgeFiles } from "../src/knowledge/KnowledgeSet.js"

export interface SourceText {
  readonly id: string
  readonly title: string
  readonly text: string
}

export type SourceTexts = ReadonlyMap<string, SourceText>

export const loadSources = Effect.fn("Evals.loadSources")(function*(dirs: KnowledgeDirectories = bundledDatasets) {
  const set = yield* buildKnowledgeSet(yield* readKnowledgeFiles(dirs))
  return new Map(set.sources.map((source) => [
    source.id,
    { id: source.id, title: source.title, text: [source.title, ...source.chunks.map((c) => c.text)].join("\n") }
  ])) as SourceTexts
})

/** A citation id as the engine writes it (`ds-fm-ct`, or a chunk id `ds-fm-ct#3`) → the source id. */
export const sourceIdOf = (citationId: string): string => {
  const hash = citationId.indexOf("#")
  return hash === -1 ? citationId : citationId.slice(0, hash)
}
