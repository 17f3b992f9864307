/**
 * Writes a KnowledgeSet to PostgreSQL as a sync: parts and sources that did not change are not touched,
 * changed ones are rewritten (a changed document's chunks are replaced), missing ones are removed — all in
 * ONE transaction, so readers see the old knowledge or the new, never a mix.
 *
 * Change detection uses content hashes stored with each row (salted with the indexing version, so an upgrade
 * of the chunker or the indexed columns re-indexes everything once).
 */
import { SqlClient } from "@effect/sql"
import { Data, Effect, Schema } from "effect"
import { createHash } from "node:crypto"
import type { KnowledgeSet } from "./KnowledgeSet.js"
import type { Part } from "./Part.js"
import { findKnownKeys, normalizePartNumber, tokenRuns } from "./PartNumber.js"
import type { SourceDocument } from "./SourceDocument.js"

/** Bump when chunking or indexed columns change: every row is then rewritten on the next import. */
const INDEX_VERSION = "1"

export class KnowledgeStoreError extends Data.TaggedError("KnowledgeStoreError")<{
  readonly operation: string
  readonly cause: unknown
}> {}

/** Another import changed the tables between planning and writing; plan again. */
export class KnowledgeChanged extends Data.TaggedError("KnowledgeChanged")<{}> {}

/** Serialises imports (several replicas may start at once and all find the tables empty). */
const IMPORT_LOCK = 4_711_001

export class IngestReport extends Schema.Class<IngestReport>("IngestReport")({
  partsInserted: Schema.Int,
  partsUpdated: Schema.Int,
  partsRemoved: Schema.Int,
  partsUnchanged: Schema.Int,
  sourcesInserted: Schema.Int,
  sourcesUpdated: Schema.Int,
  sourcesRemoved: Schema.Int,
  sourcesUnchanged: Schema.Int,
  chunksWritten: Schema.Int,
  chunksEmbedded: Schema.Int,
  warnings: Schema.Array(Schema.String)
}) {
  get changed(): boolean {
    return (
      this.partsInserted + this.partsUpdated + this.partsRemoved + this.sourcesInserted + this.sourcesUpdated +
          this.sourcesRemoved + this.chunksEmbedded > 0
    )
  }
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex")

export const partHash = (part: Part): string => sha256(`${INDEX_VERSION}\n${JSON.stringify(part)}`)
export const sourceHash = (source: SourceDocument): string => sha256(`${INDEX_VERSION}\n${source.contentHash}`)

/** IP67 → [6, 7]; IP6K9K → [6, 9]; IPX7 → [0, 7]. */
export const ipDigits = (ip: string | null): readonly [number | null, number | null] => {
  if (ip === null) return [null, null]
  const m = /^IP([0-6X])K?([0-9X])K?$/.exec(ip)
  if (m === null) return [null, null]
  return [m[1] === "X" ? 0 : Number(m[1]), m[2] === "X" ? 0 : Number(m[2])]
}

const keys = (xs: ReadonlyArray<string>) => xs.map(normalizePartNumber)

export const partRow = (part: Part) => {
  const [ipSolids, ipWater] = ipDigits(part.ipRating)
  return {
    part_key: normalizePartNumber(part.partNumber),
    part_number: part.partNumber,
    prefix: tokenRuns(part.partNumber)[0]?.[0]?.key ?? "",
    series: part.series,
    series_key: normalizePartNumber(part.series),
    family: part.family,
    category: part.category,
    gender: part.gender,
    contact_type: part.contactType,
    shell_size: part.shellSize,
    positions: part.positions,
    contact_size: part.contactSize,
    current_rating_a: part.currentRatingA,
    voltage_rating_v: part.voltageRatingV,
    temp_min_c: part.tempMinC,
    temp_max_c: part.tempMaxC,
    ip_rating: part.ipRating,
    ip_solids: ipSolids,
    ip_water: ipWater,
    coupling: part.coupling,
    termination: part.termination,
    impedance_ohm: part.impedanceOhm,
    max_frequency_ghz: part.maxFrequencyGHz,
    pitch_mm: part.pitchMm,
    fiber_type: part.fiberType,
    rohs: part.rohs,
    reach: part.reach,
    mating_keys: keys(part.matingParts),
    contact_keys: keys(part.compatibleContacts),
    backshell_keys: keys(part.backshells),
    cap_keys: keys(part.caps),
    tool_keys: keys(part.crimpTools),
    datasheet_id: part.datasheetId,
    datasheet_revision: part.datasheetRevision,
    record: part,
    record_hash: partHash(part)
  }
}

export type ChunkRow = {
  readonly chunk_id: string
  readonly source_id: string
  readonly ordinal: number
  readonly title: string
  readonly heading: string
  readonly content: string
  readonly part_keys: ReadonlyArray<string>
  readonly series_keys: ReadonlyArray<string>
  readonly embedding: ReadonlyArray<number> | null
  readonly embedding_model: string | null
}

/** The text embedded for a chunk: the document title gives the chunk its context. */
export const embeddingText = (row: Pick<ChunkRow, "title" | "content">): string => `${row.title}\n${row.content}`

/** Chunk rows of a source, with the parts and series each chunk mentions (known keys only). */
export const chunkRows = (source: SourceDocument, set: KnowledgeSet): ReadonlyArray<ChunkRow> => {
  const partKeys = new Set(set.parts.map((p) => normalizePartNumber(p.partNumber)))
  const seriesOfPart = new Map(set.parts.map((p) => [normalizePartNumber(p.partNumber), normalizePartNumber(p.series)]))
  const seriesKeys = new Set(set.parts.map((p) => normalizePartNumber(p.series)))
  const sourceSeries = source.series.map(normalizePartNumber)
  return source.chunks.map((chunk) => {
    const parts = [...new Set(findKnownKeys(chunk.text, (k) => partKeys.has(k)).map((m) => m.key))]
    const mentioned = findKnownKeys(chunk.text, (k) => seriesKeys.has(k)).map((m) => m.key)
    const series = new Set([...sourceSeries, ...mentioned, ...parts.map((k) => seriesOfPart.get(k)!)])
    return {
      chunk_id: `${source.id}#${chunk.ordinal}`,
      source_id: source.id,
      ordinal: chunk.ordinal,
      title: source.title,
      heading: chunk.heading,
      content: chunk.text,
      part_keys: parts,
      series_keys: [...series].sort(),
      embedding: null,
      embedding_model: null
    }
  })
}

/** Distinct lower-case words (4+ letters) of all chunks: the vocabulary for typo correction. */
export const vocabulary = (set: KnowledgeSet): ReadonlyArray<string> => {
  const words = new Set<string>()
  for (const source of set.sources) {
    for (const text of [source.title, ...source.chunks.map((c) => c.text)]) {
      for (const w of text.toLowerCase().match(/\p{L}{4,}/gu) ?? []) words.add(w)
    }
  }
  return [...words].sort()
}

/** What the database holds now. */
export interface StoredState {
  /** Digest of all hashes, to detect a concurrent import between planning and writing. */
  readonly fingerprint: string
  readonly partHashes: ReadonlyMap<string, string>
  readonly sourceHashes: ReadonlyMap<string, string>
  /** chunk id → embedding model (null when the chunk has no vector). */
  readonly chunkModels: ReadonlyMap<string, string | null>
}

export interface SyncPlan {
  readonly basedOn: string
  readonly insertParts: ReadonlyArray<ReturnType<typeof partRow>>
  readonly updateParts: ReadonlyArray<ReturnType<typeof partRow>>
  readonly removeParts: ReadonlyArray<string>
  readonly unchangedParts: number
  readonly insertSources: ReadonlyArray<SourceDocument>
  readonly updateSources: ReadonlyArray<SourceDocument>
  readonly removeSources: ReadonlyArray<string>
  readonly unchangedSources: number
  /** Chunks of inserted and updated sources (to be written, embeddings filled in by the caller). */
  readonly newChunks: ReadonlyArray<ChunkRow>
  /** Chunks of unchanged sources whose stored vector is missing or from another model. */
  readonly staleEmbeddings: ReadonlyArray<ChunkRow>
  readonly vocabulary: ReadonlyArray<string>
  readonly warnings: ReadonlyArray<string>
}

/** Pure: compares the set with the stored state. `model` is the embedder's model (null: no vectors wanted). */
export const planSync = (set: KnowledgeSet, state: StoredState, model: string | null): SyncPlan => {
  const rows = set.parts.map(partRow)
  const incomingParts = new Set(rows.map((r) => r.part_key))
  const insertParts = rows.filter((r) => !state.partHashes.has(r.part_key))
  const updateParts = rows.filter((r) => state.partHashes.has(r.part_key) && state.partHashes.get(r.part_key) !== r.record_hash)
  const removeParts = [...state.partHashes.keys()].filter((k) => !incomingParts.has(k)).sort()
  const incomingSources = new Set(set.sources.map((s) => s.id))
  const insertSources = set.sources.filter((s) => !state.sourceHashes.has(s.id))
  const updateSources = set.sources.filter((s) => state.sourceHashes.has(s.id) && state.sourceHashes.get(s.id) !== sourceHash(s))
  const removeSources = [...state.sourceHashes.keys()].filter((id) => !incomingSources.has(id)).sort()
  const rewritten = new Set([...insertSources, ...updateSources].map((s) => s.id))
  const newChunks = [...insertSources, ...updateSources].flatMap((s) => chunkRows(s, set))
  const staleEmbeddings =
    model === null
      ? []
      : set.sources
          .filter((s) => !rewritten.has(s.id))
          .flatMap((s) => chunkRows(s, set))
          .filter((c) => state.chunkModels.get(c.chunk_id) !== model)
  return {
    basedOn: state.fingerprint,
    insertParts,
    updateParts,
    removeParts,
    unchangedParts: rows.length - insertParts.length - updateParts.length,
    insertSources,
    updateSources,
    removeSources,
    unchangedSources: set.sources.length - insertSources.length - updateSources.length,
    newChunks,
    staleEmbeddings,
    vocabulary: vocabulary(set),
    warnings: set.warnings
  }
}

const BATCH = 200

const batches = <A>(xs: ReadonlyArray<A>): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < xs.length; i += BATCH) out.push(xs.slice(i, i + BATCH))
  return out
}

const StateRow = Schema.Struct({ key: Schema.String, hash: Schema.String })
const ChunkModelRow = Schema.Struct({ chunk_id: Schema.String, embedding_model: Schema.NullOr(Schema.String) })
const CountRow = Schema.Struct({ parts: Schema.NumberFromString, sources: Schema.NumberFromString })

/** The knowledge tables, read and written as a whole. Service methods need nothing but the SqlClient captured here. */
export class KnowledgeStore extends Effect.Service<KnowledgeStore>()("app/KnowledgeStore", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const fail = (operation: string) => (cause: unknown) => new KnowledgeStoreError({ operation, cause })

    const fingerprint = (parts: ReadonlyArray<typeof StateRow.Type>, sources: ReadonlyArray<typeof StateRow.Type>) =>
      sha256(
        [...parts.map((r) => `p ${r.key} ${r.hash}`), ...sources.map((r) => `s ${r.key} ${r.hash}`)].sort().join("\n")
      )
    const readHashes = Effect.gen(function*() {
      const parts = yield* sql`SELECT part_key AS key, record_hash AS hash FROM knowledge_parts`.pipe(
        Effect.flatMap(Schema.decodeUnknown(Schema.Array(StateRow)))
      )
      const sources = yield* sql`SELECT source_id AS key, content_hash AS hash FROM knowledge_sources`.pipe(
        Effect.flatMap(Schema.decodeUnknown(Schema.Array(StateRow)))
      )
      return { parts, sources }
    })

    const state = Effect.fn("KnowledgeStore.state")(
      function*() {
        const { parts, sources } = yield* readHashes
        const chunks = yield* sql`SELECT chunk_id, embedding_model FROM knowledge_chunks`.pipe(
          Effect.flatMap(Schema.decodeUnknown(Schema.Array(ChunkModelRow)))
        )
        return {
          fingerprint: fingerprint(parts, sources),
          partHashes: new Map(parts.map((r) => [r.key, r.hash])),
          sourceHashes: new Map(sources.map((r) => [r.key, r.hash])),
          chunkModels: new Map(chunks.map((r) => [r.chunk_id, r.embedding_model]))
        } satisfies StoredState
      },
      Effect.mapError(fail("state"))
    )

    const counts = Effect.fn("KnowledgeStore.counts")(
      function*() {
        const rows = yield* sql`
          SELECT (SELECT count(*) FROM knowledge_parts)::text AS parts,
                 (SELECT count(*) FROM knowledge_sources)::text AS sources`.pipe(
          Effect.flatMap(Schema.decodeUnknown(Schema.Array(CountRow)))
        )
        return rows[0] ?? { parts: 0, sources: 0 }
      },
      Effect.mapError(fail("counts"))
    )

    const insertSourceRow = Effect.fnUntraced(function*(s: SourceDocument) {
      yield* sql`INSERT INTO knowledge_sources ${
        sql.insert({
          source_id: s.id,
          title: s.title,
          revision: s.revision,
          kind: s.kind,
          url: s.url,
          series: s.series,
          file: s.file,
          content_hash: sourceHash(s)
        })
      }`
    })

    /** Applies a plan in one transaction; `embedded` holds vectors for plan.newChunks / plan.staleEmbeddings by chunk id. */
    const apply = Effect.fn("KnowledgeStore.apply")(
      function*(plan: SyncPlan, embedded: ReadonlyMap<string, ReadonlyArray<number>>, model: string | null) {
        const withVector = (row: ChunkRow): ChunkRow => {
          const vector = embedded.get(row.chunk_id)
          return vector === undefined ? row : { ...row, embedding: vector, embedding_model: model }
        }
        const vocabularyChanged =
          plan.insertSources.length + plan.updateSources.length + plan.removeSources.length > 0
        yield* sql.withTransaction(
          Effect.gen(function*() {
            yield* sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`
            const now = yield* readHashes
            if (fingerprint(now.parts, now.sources) !== plan.basedOn) return yield* new KnowledgeChanged()
            for (const batch of batches(plan.removeParts)) {
              yield* sql`DELETE FROM knowledge_parts WHERE part_key IN ${sql.in(batch)}`
            }
            for (const batch of batches(plan.updateParts)) {
              yield* sql`DELETE FROM knowledge_parts WHERE part_key IN ${sql.in(batch.map((r) => r.part_key))}`
            }
            for (const batch of batches([...plan.insertParts, ...plan.updateParts])) {
              yield* sql`INSERT INTO knowledge_parts ${sql.insert(batch)}`
            }
            // Chunks go with their source (ON DELETE CASCADE).
            const replaced = [...plan.removeSources, ...plan.updateSources.map((s) => s.id)]
            for (const batch of batches(replaced)) {
              yield* sql`DELETE FROM knowledge_sources WHERE source_id IN ${sql.in(batch)}`
            }
            for (const s of [...plan.insertSources, ...plan.updateSources]) yield* insertSourceRow(s)
            for (const batch of batches(plan.newChunks.map(withVector))) {
              yield* sql`INSERT INTO knowledge_chunks ${sql.insert(batch)}`
            }
            for (const row of plan.staleEmbeddings) {
              const vector = embedded.get(row.chunk_id)
              if (vector === undefined) continue
              yield* sql`UPDATE knowledge_chunks SET embedding = ${vector}, embedding_model = ${model}
                         WHERE chunk_id = ${row.chunk_id}`
            }
            if (vocabularyChanged) {
              yield* sql`DELETE FROM knowledge_lexemes`
              yield* sql`INSERT INTO knowledge_lexemes (lexeme, ndoc)
                         SELECT word, ndoc FROM ts_stat('SELECT tsv FROM knowledge_chunks')`
              yield* sql`DELETE FROM knowledge_terms`
              for (const batch of batches(plan.vocabulary)) {
                yield* sql`INSERT INTO knowledge_terms ${sql.insert(batch.map((term) => ({ term })))}`
              }
            }
          })
        )
        yield* Effect.annotateCurrentSpan({
          "knowledge.parts_written": plan.insertParts.length + plan.updateParts.length,
          "knowledge.sources_written": plan.insertSources.length + plan.updateSources.length,
          "knowledge.chunks_written": plan.newChunks.length
        })
      },
      Effect.catchTags({
        SqlError: (cause) => Effect.fail(fail("apply")(cause)),
        ParseError: (cause) => Effect.fail(fail("apply")(cause))
      })
    )

    return { state, counts, apply } as const
  })
}) {}
