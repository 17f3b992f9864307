/**
 * Retriever port: search the verified documents, returning passages with ids, scores and source metadata.
 *
 * RetrieverPg ranks document chunks in PostgreSQL (works on the server and on the embedded PGlite) with
 * four channels fused by reciprocal rank:
 *  - text:     full-text search over the question minus its part numbers and series names, each lexeme
 *              weighted by IDF (rare words count, "connector" does not), body > title, misspelt words corrected
 *              against the documents' vocabulary (pg_trgm); weak incidental matches get no vote;
 *  - part:     chunks mentioning a part number found in the question (normalised exact match, or trigram
 *              match for a mistyped one), the part's own datasheet first;
 *  - series:   the text channel narrowed to the series named in the question (or of the matched parts);
 *  - semantic: cosine similarity of embeddings, when an embeddings endpoint is configured.
 * Results are diversified (one chunk per source by default) and the best hit of the part, text and semantic
 * channels always keeps a place, so "price of FM-CT-R13-22P?" shows the pricing policy next to the datasheet.
 */
import { SqlClient } from "@effect/sql"
import { Context, Data, Effect, Layer, Schema } from "effect"
import { Embedder } from "./Embedder.js"
import { withoutSpans } from "./PartNumber.js"
import { makePartResolver, type ResolvedEntities } from "./PartResolver.js"
import { type Channel, type Fused, type RankedList, reciprocalRankFusion } from "./RankFusion.js"
import { SourceKind } from "./SourceDocument.js"
import { Retrieval, retrieverAttributes } from "../telemetry/Attributes.js"
import { annotateStringArray } from "../telemetry/Tracing.js"

export class Passage extends Schema.Class<Passage>("Passage")({
  /** Chunk id: `<sourceId>#<ordinal>`. */
  id: Schema.String,
  sourceId: Schema.String,
  title: Schema.String,
  revision: Schema.String,
  kind: SourceKind,
  url: Schema.String,
  /** The section the passage comes from ("" for a document's opening text). */
  heading: Schema.String,
  text: Schema.String,
  /** Fused reciprocal-rank score; higher is better, comparable within one search only. */
  score: Schema.Number,
  /** Which channels found it: "part" means the question named a part this passage mentions. */
  matchedBy: Schema.Array(Schema.Literal("text", "part", "series", "semantic"))
}) {}

export class RetrievalError extends Data.TaggedError("RetrievalError")<{ readonly cause: unknown }> {}

export interface SearchOptions {
  /** Passages to return (default 5). */
  readonly limit?: number
  /** At most this many passages from one source (default 1), so the top results cover several documents. */
  readonly maxPerSource?: number
  /** Only these kinds of source, e.g. ["policy"] when the question is commercial (default: all kinds). */
  readonly kinds?: ReadonlyArray<SourceKind>
}

export class Retriever extends Context.Tag("app/Retriever")<Retriever, {
  readonly search: (query: string, options?: SearchOptions) => Effect.Effect<ReadonlyArray<Passage>, RetrievalError>
}>() {}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Channel weights and depths, tuned on datasets/chats/seed.jsonl (test/knowledge/RetrievalQuality.test.ts) and
 * checked against the evals' labeled chats. An exact part number is the strongest evidence there is.
 */
export const ranking = {
  weights: { text: 1, part: 2, fuzzyPart: 1, series: 0.6, semantic: 1 },
  depth: 40,
  /**
   * ts_rank weights for D, C (body), B (heading), A (title). The title is shared by every chunk of a document,
   * so it weighs less than PostgreSQL's default (1.0 vs 0.2 for the body) lets it: chunk text decides.
   */
  fieldWeights: [0.1, 0.3, 0.5, 0.8],
  /** Minimum trigram similarity for correcting a misspelt question word. */
  correction: 0.45,
  /**
   * Semantic hits must reach this fraction of the best cosine similarity. Every chunk has *some* similarity to
   * any question; without a cut the long tail would lend fusion votes to chunks the text channel found anyway.
   */
  semanticRelative: 0.8,
  /** Text hits must reach this fraction of the best text score to vote (same reasoning as semanticRelative). */
  textRelative: 0.2,
  /** Channels whose best hit always gets a place in the results (the series channel is only a prior). */
  guaranteed: ["part", "text", "semantic"] as ReadonlyArray<Channel>
} as const

/** Tie-break between equally scored chunks: a datasheet answers more questions than a policy. */
const kindPriority: Record<SourceKind, number> = {
  datasheet: 0,
  assembly_spec: 1,
  troubleshooting: 2,
  faq: 3,
  application_note: 4,
  policy: 5
}

const ScoreRow = Schema.Struct({ chunk_id: Schema.String, score: Schema.Number })
const CandidateRow = Schema.Struct({
  chunk_id: Schema.String,
  kind: SourceKind,
  ordinal: Schema.Number,
  /** How many of the asked parts the chunk mentions. */
  hits: Schema.Number,
  /** 1 when the chunk belongs to the datasheet of an asked part (its primary source), else 0. */
  own: Schema.Number
})
const CorrectionRow = Schema.Struct({ word: Schema.String, fix: Schema.NullOr(Schema.String) })
const PassageRow = Schema.Struct({
  chunk_id: Schema.String,
  source_id: Schema.String,
  title: Schema.String,
  revision: Schema.String,
  kind: SourceKind,
  url: Schema.String,
  heading: Schema.String,
  content: Schema.String
})

const rows = <A, I>(schema: Schema.Schema<A, I>) => Effect.flatMap(Schema.decodeUnknown(Schema.Array(schema)))

const sourceOf = (chunkId: string) => chunkId.slice(0, chunkId.lastIndexOf("#"))

/**
 * The results: fused order, at most `maxPerSource` chunks per source, and the best hit of each guaranteed
 * channel kept in (replacing the weakest non-guaranteed pick) — a question about the price of a named part
 * should see the pricing policy the text channel found, even though the part channel votes for the datasheet
 * several times over.
 */
export const select = (
  fused: ReadonlyArray<Fused>,
  lists: ReadonlyArray<RankedList>,
  limit: number,
  maxPerSource: number
): ReadonlyArray<Fused> => {
  const perSource = new Map<string, number>()
  const chosen: Array<Fused> = []
  for (const hit of fused) {
    if (chosen.length >= limit) break
    const seen = perSource.get(sourceOf(hit.id)) ?? 0
    if (seen >= maxPerSource) continue
    perSource.set(sourceOf(hit.id), seen + 1)
    chosen.push(hit)
  }
  const byId = new Map(fused.map((f) => [f.id, f]))
  const kept = new Set<string>()
  for (const channel of ranking.guaranteed) {
    const best = lists.find((l) => l.channel === channel)?.ids[0]
    if (best === undefined) continue
    const present = chosen.find((c) => sourceOf(c.id) === sourceOf(best))
    if (present !== undefined) {
      kept.add(present.id)
      continue
    }
    const victim = [...chosen].reverse().find((c) => !kept.has(c.id))
    if (chosen.length >= limit && victim === undefined) continue
    if (chosen.length >= limit) chosen.splice(chosen.indexOf(victim!), 1)
    chosen.push(byId.get(best)!)
    kept.add(best)
  }
  return chosen.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
}

export const makeRetrieverPg = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const embedder = yield* Embedder
  const resolve = makePartResolver(sql)

  /** Question words unknown to the documents, replaced by their closest document word (typos). */
  const corrections = Effect.fn("Retriever.corrections")(function*(text: string) {
    const words = [...new Set(text.toLowerCase().match(/\p{L}{4,}/gu) ?? [])]
    if (words.length === 0) return []
    const found = yield* sql`
      SELECT w AS word,
             (SELECT t.term FROM knowledge_terms t
               WHERE t.term % w AND similarity(t.term, w) >= ${ranking.correction}
               ORDER BY similarity(t.term, w) DESC, t.term LIMIT 1) AS fix
      FROM unnest(${words}::text[]) AS w
      WHERE NOT EXISTS (SELECT 1 FROM knowledge_terms t WHERE t.term = w)`.pipe(rows(CorrectionRow))
    const fixes = found.flatMap((r) => (r.fix === null ? [] : [r.fix]))
    yield* Effect.annotateCurrentSpan({ "retriever.corrections": fixes.length })
    return fixes
  })

  /** IDF-weighted full-text score per chunk. */
  const fullText = Effect.fn("Retriever.fullText")(function*(text: string) {
    const scored = yield* sql`
      WITH total AS (SELECT greatest(count(*), 1)::float8 AS n FROM knowledge_chunks),
      ql AS (
        SELECT ln((total.n + 1) / (s.ndoc + 0.5)) AS idf, quote_literal(l.lexeme)::tsquery AS tq
        FROM unnest(tsvector_to_array(to_tsvector('english'::regconfig, ${text}))) AS l(lexeme)
        JOIN knowledge_lexemes s ON s.lexeme = l.lexeme
        CROSS JOIN total
      )
      SELECT c.chunk_id, sum(ql.idf * ts_rank(${ranking.fieldWeights}::float4[], c.tsv, ql.tq, 1))::float8 AS score
      FROM ql JOIN knowledge_chunks c ON c.tsv @@ ql.tq
      GROUP BY c.chunk_id
      ORDER BY score DESC, c.chunk_id
      LIMIT 200`.pipe(rows(ScoreRow))
    return new Map(scored.map((r) => [r.chunk_id, r.score]))
  })

  type Candidate = typeof CandidateRow.Type

  /**
   * More mentions of the asked parts first; then text score; then the parts' own datasheets (a tool datasheet
   * that lists every part it crimps mentions the part too, but is not where its ratings are).
   */
  const rank = (textScore: ReadonlyMap<string, number>) => (a: Candidate, b: Candidate) =>
    b.hits - a.hits ||
    (textScore.get(b.chunk_id) ?? 0) - (textScore.get(a.chunk_id) ?? 0) ||
    b.own - a.own ||
    kindPriority[a.kind] - kindPriority[b.kind] ||
    a.ordinal - b.ordinal ||
    (a.chunk_id < b.chunk_id ? -1 : 1)

  /**
   * Chunks mentioning the parts. Only when no chunk mentions them (a catalog whose datasheets do not list every
   * part number) does the part's datasheet stand in, best text match first.
   */
  const byPart = Effect.fn("Retriever.byPart")(function*(keys: ReadonlyArray<string>, textScore: ReadonlyMap<string, number>) {
    const found = yield* sql`
      WITH wanted AS (SELECT unnest(${keys}::text[]) AS k),
      sheets AS (SELECT DISTINCT datasheet_id FROM knowledge_parts WHERE part_key = ANY(${keys}::text[]) AND datasheet_id IS NOT NULL)
      SELECT c.chunk_id, s.kind, c.ordinal,
             (CASE WHEN c.source_id IN (SELECT datasheet_id FROM sheets) THEN 1 ELSE 0 END)::float8 AS own,
             (SELECT count(*) FROM unnest(c.part_keys) AS pk WHERE pk IN (SELECT k FROM wanted))::float8 AS hits
      FROM knowledge_chunks c JOIN knowledge_sources s ON s.source_id = c.source_id
      WHERE c.part_keys && ${keys}::text[] OR c.source_id IN (SELECT datasheet_id FROM sheets)`.pipe(rows(CandidateRow))
    const mentioning = found.filter((r) => r.hits > 0)
    const chosen = mentioning.length > 0 ? mentioning : found
    return [...chosen].sort(rank(textScore)).slice(0, ranking.depth).map((r) => r.chunk_id)
  })

  /**
   * The text channel narrowed to the series: chunks of the series that match the question's words. When the
   * question has no other words ("FM-CT?"), the series' chunks in document order, datasheet first.
   */
  const bySeries = Effect.fn("Retriever.bySeries")(function*(series: ReadonlyArray<string>, textScore: ReadonlyMap<string, number>) {
    // own: the document is about the series (front matter), not one that merely mentions it.
    const found = yield* sql`
      SELECT c.chunk_id, s.kind, c.ordinal, 0::float8 AS hits,
             (CASE WHEN EXISTS (
                SELECT 1 FROM unnest(s.series) AS x
                WHERE upper(regexp_replace(x, '[[:space:]/._-]+', '', 'g')) = ANY(${series}::text[])
              ) THEN 1 ELSE 0 END)::float8 AS own
      FROM knowledge_chunks c JOIN knowledge_sources s ON s.source_id = c.source_id
      WHERE c.series_keys && ${series}::text[]`.pipe(rows(CandidateRow))
    const matching = found.filter((r) => (textScore.get(r.chunk_id) ?? 0) > 0)
    const chosen = matching.length > 0 ? matching : found
    return [...chosen].sort(rank(textScore)).slice(0, ranking.depth).map((r) => r.chunk_id)
  })

  const semantic = Effect.fn("Retriever.semantic")(function*(text: string, model: string) {
    const vectors = yield* embedder.embed([text])
    const vector = vectors[0]
    if (vector === undefined) return []
    const found = yield* sql`
      SELECT chunk_id, (SELECT sum(a * b) FROM unnest(embedding, ${vector}::real[]) AS t(a, b))::float8 AS score
      FROM knowledge_chunks
      WHERE embedding_model = ${model}
      ORDER BY score DESC, chunk_id
      LIMIT ${ranking.depth}`.pipe(rows(ScoreRow))
    const best = found[0]?.score ?? 0
    return best <= 0 ? [] : found.filter((r) => r.score >= best * ranking.semanticRelative).map((r) => r.chunk_id)
  })

  const chunksOfKinds = Effect.fn("Retriever.chunksOfKinds")(function*(kinds: ReadonlyArray<SourceKind>) {
    const found = yield* sql`
      SELECT c.chunk_id FROM knowledge_chunks c JOIN knowledge_sources s ON s.source_id = c.source_id
      WHERE s.kind = ANY(${kinds}::text[])`.pipe(rows(Schema.Struct({ chunk_id: Schema.String })))
    return new Set(found.map((r) => r.chunk_id))
  })

  const passages = Effect.fn("Retriever.passages")(function*(ids: ReadonlyArray<string>) {
    if (ids.length === 0) return []
    return yield* sql`
      SELECT c.chunk_id, c.source_id, s.title, s.revision, s.kind, s.url, c.heading, c.content
      FROM knowledge_chunks c JOIN knowledge_sources s ON s.source_id = c.source_id
      WHERE c.chunk_id = ANY(${ids}::text[])`.pipe(rows(PassageRow))
  })

  const search = Effect.fn("Retriever.search")(
    function*(query: string, options?: SearchOptions) {
      const limit = Math.max(1, options?.limit ?? 5)
      const maxPerSource = Math.max(1, options?.maxPerSource ?? 1)
      const entities: ResolvedEntities = yield* resolve(query)
      // Part numbers and series names are the part and series channels' business; left in the text query
      // they would rank every chunk that merely repeats the series name in its title.
      const words = withoutSpans(query, entities.spans)
      const fixes = yield* corrections(words)
      const textScore = yield* fullText(fixes.length === 0 ? words : `${words} ${fixes.join(" ")}`)
      // Chunks that share only an incidental word with the question get no vote.
      const textFloor = ranking.textRelative * Math.max(0, ...textScore.values())
      const lists: Array<RankedList> = [
        {
          channel: "text",
          weight: ranking.weights.text,
          ids: [...textScore.entries()].filter(([, score]) => score >= textFloor).map(([id]) => id).slice(0, ranking.depth)
        }
      ]
      if (entities.parts.length > 0) {
        const exact = entities.parts.every((p) => p.exact)
        lists.push({
          channel: "part",
          weight: exact ? ranking.weights.part : ranking.weights.fuzzyPart,
          ids: yield* byPart(entities.parts.map((p) => p.key), textScore)
        })
      }
      const seriesKeys = [...new Set([...entities.series.map((s) => s.key), ...entities.parts.map((p) => p.seriesKey)])]
      if (seriesKeys.length > 0) {
        lists.push({ channel: "series", weight: ranking.weights.series, ids: yield* bySeries(seriesKeys, textScore) })
      }
      if (embedder.model !== null) {
        const ids = yield* semantic(query, embedder.model).pipe(
          // The endpoint being down must not take search down with it: rank without the semantic channel.
          Effect.catchTag("EmbeddingError", (error) =>
            Effect.as(Effect.logWarning("semantic search skipped: embeddings endpoint failed", error.reason), [])
          )
        )
        lists.push({ channel: "semantic", weight: ranking.weights.semantic, ids })
      }
      const allowed = options?.kinds === undefined ? undefined : yield* chunksOfKinds(options.kinds)
      const kept = allowed === undefined
        ? lists
        : lists.map((l) => ({ ...l, ids: l.ids.filter((id) => allowed.has(id)) }))
      const chosen = select(reciprocalRankFusion(kept), kept, limit, maxPerSource)
      const found = new Map((yield* passages(chosen.map((c) => c.id))).map((r) => [r.chunk_id, r]))
      const result = chosen.flatMap((c) => {
        const r = found.get(c.id)
        return r === undefined ? [] : [
          new Passage({
            id: r.chunk_id,
            sourceId: r.source_id,
            title: r.title,
            revision: r.revision,
            kind: r.kind,
            url: r.url,
            heading: r.heading,
            text: r.content,
            score: c.score,
            matchedBy: c.channels
          })
        ]
      })
      yield* Effect.annotateCurrentSpan({
        ...retrieverAttributes("fitmate"),
        [Retrieval.HitCount]: result.length,
        [Retrieval.TopScore]: result[0]?.score ?? 0,
        [Retrieval.Source]: "fused",
        "retriever.part_matches": entities.parts.length,
        "retriever.series_matches": seriesKeys.length,
        "retriever.semantic": embedder.model !== null
      })
      yield* annotateStringArray(Retrieval.SourceIds, result.map((p) => p.sourceId))
      return result
    },
    Effect.catchTags({
      SqlError: (cause) => Effect.fail(new RetrievalError({ cause })),
      ParseError: (cause) => Effect.fail(new RetrievalError({ cause }))
    })
  )

  return Retriever.of({ search })
})

/** The PostgreSQL retriever; needs SqlClient and Embedder (EmbedderLive or EmbedderDisabled). */
export const RetrieverPg: Layer.Layer<Retriever, never, SqlClient.SqlClient | Embedder> = Layer.effect(Retriever, makeRetrieverPg)
