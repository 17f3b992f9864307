/**
 * Loads a catalog folder and a sources folder into the knowledge tables: read → decode and cross-check
 * everything → compare with what is stored → embed new chunks (outside any transaction) → write the
 * difference in one transaction. Idempotent: a second run with the same files writes nothing.
 *
 * `KnowledgeBootstrapLive` ingests the bundled `datasets/` at start-up when the tables are empty, so
 * `pnpm start` answers from the sample data with no setup.
 */
import { FileSystem, Path } from "@effect/platform"
import { Duration, Effect, Layer, Option, Schedule } from "effect"
import { fileURLToPath } from "node:url"
import { Embedder } from "./Embedder.js"
import { buildKnowledgeSet, type KnowledgeDirectories, readKnowledgeFiles } from "./KnowledgeSet.js"
import { embeddingText, IngestReport, KnowledgeStore, planSync, type SyncPlan } from "./KnowledgeStore.js"

/** The sample data shipped in the repository. */
export const bundledDatasets: KnowledgeDirectories = {
  catalogDir: fileURLToPath(new URL("../../datasets/fitmate", import.meta.url)),
  sourcesDir: fileURLToPath(new URL("../../datasets/sources", import.meta.url))
}

const report = (plan: SyncPlan, embedded: number, warnings: ReadonlyArray<string>) =>
  new IngestReport({
    partsInserted: plan.insertParts.length,
    partsUpdated: plan.updateParts.length,
    partsRemoved: plan.removeParts.length,
    partsUnchanged: plan.unchangedParts,
    sourcesInserted: plan.insertSources.length,
    sourcesUpdated: plan.updateSources.length,
    sourcesRemoved: plan.removeSources.length,
    sourcesUnchanged: plan.unchangedSources,
    chunksWritten: plan.newChunks.length,
    chunksEmbedded: embedded,
    warnings: [...plan.warnings, ...warnings]
  })

export class KnowledgeIngest extends Effect.Service<KnowledgeIngest>()("app/KnowledgeIngest", {
  effect: Effect.gen(function*() {
    const store = yield* KnowledgeStore
    const embedder = yield* Embedder
    const platform = Layer.mergeAll(
      Layer.succeed(FileSystem.FileSystem, yield* FileSystem.FileSystem),
      Layer.succeed(Path.Path, yield* Path.Path)
    )

    /** Vectors for the chunks that need one; an unreachable endpoint leaves them for the next import. */
    const embed = Effect.fn("KnowledgeIngest.embed")(function*(plan: SyncPlan) {
      const wanted = [...plan.newChunks, ...plan.staleEmbeddings]
      if (embedder.model === null || wanted.length === 0) {
        return { vectors: new Map<string, ReadonlyArray<number>>(), warnings: [] as ReadonlyArray<string> }
      }
      return yield* embedder.embed(wanted.map(embeddingText)).pipe(
        Effect.map((vectors) => ({
          vectors: new Map(wanted.map((c, i) => [c.chunk_id, vectors[i]!] as const)),
          warnings: [] as ReadonlyArray<string>
        })),
        Effect.catchTag("EmbeddingError", (error) =>
          Effect.succeed({
            vectors: new Map<string, ReadonlyArray<number>>(),
            warnings: [`embeddings skipped (${error.reason} failed); the next import will add them`]
          })
        )
      )
    })

    const syncOnce = Effect.fn("KnowledgeIngest.sync")(function*(dirs: KnowledgeDirectories) {
      const files = yield* readKnowledgeFiles(dirs).pipe(Effect.provide(platform))
      const set = yield* buildKnowledgeSet(files)
      const plan = planSync(set, yield* store.state(), embedder.model)
      const { vectors, warnings } = yield* embed(plan)
      yield* store.apply(plan, vectors, embedder.model)
      return report(plan, vectors.size, warnings)
    })

    /** Imports the folders as the complete knowledge set (see datasets/README.md for the format). */
    const ingest = Effect.fn("KnowledgeIngest.ingest")(function*(dirs: KnowledgeDirectories) {
      const result = yield* syncOnce(dirs).pipe(
        // A concurrent import won the race: plan again against what it wrote.
        Effect.retry({ while: (e) => e._tag === "KnowledgeChanged", schedule: Schedule.recurs(3) })
      )
      yield* Effect.annotateCurrentSpan({
        "knowledge.parts_changed": result.partsInserted + result.partsUpdated + result.partsRemoved,
        "knowledge.sources_changed": result.sourcesInserted + result.sourcesUpdated + result.sourcesRemoved,
        "knowledge.chunks_embedded": result.chunksEmbedded
      })
      return result
    })

    /** Imports only when no part and no source is stored yet; None when the tables already had content. */
    const ingestIfEmpty = Effect.fn("KnowledgeIngest.ingestIfEmpty")(function*(dirs: KnowledgeDirectories) {
      const { parts, sources } = yield* store.counts()
      if (parts > 0 || sources > 0) return Option.none<IngestReport>()
      return Option.some(yield* ingest(dirs))
    })

    return { ingest, ingestIfEmpty } as const
  }),
  dependencies: [KnowledgeStore.Default]
}) {}

/**
 * Start-up: load the bundled sample data into empty knowledge tables (and log how long it took).
 * Requires KnowledgeIngest (with SqlClient, Embedder, FileSystem, Path provided).
 */
export const KnowledgeBootstrapLive = Layer.effectDiscard(
  Effect.gen(function*() {
    const knowledge = yield* KnowledgeIngest
    const [elapsed, result] = yield* Effect.timed(knowledge.ingestIfEmpty(bundledDatasets))
    if (Option.isSome(result)) {
      yield* Effect.logInfo("knowledge base loaded from the bundled datasets").pipe(
        Effect.annotateLogs({
          parts: result.value.partsInserted,
          sources: result.value.sourcesInserted,
          chunks: result.value.chunksWritten,
          embedded: result.value.chunksEmbedded,
          millis: Math.round(Duration.toMillis(elapsed))
        })
      )
      for (const warning of result.value.warnings) yield* Effect.logWarning(warning)
    }
  }).pipe(Effect.withSpan("KnowledgeBootstrap.load"))
)
