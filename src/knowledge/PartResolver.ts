/**
 * Finds the catalog parts and series a piece of text mentions: exact matches of normalised part numbers
 * (longest first), series codes with or without their prefix ("FM-CT", "the CT series"), and — only when no
 * part matched exactly — trigram matches for mistyped part numbers ("FM-CT-R13-22" → R13-22P / R13-22S).
 * Shared by the Retriever and the Catalog.
 */
import type { SqlClient } from "@effect/sql"
import { Effect, Schema } from "effect"
import { bareSeriesTokens, candidateKeys, findKnownKeys, fuzzyCandidates } from "./PartNumber.js"

export interface ResolvedPart {
  readonly key: string
  readonly partNumber: string
  readonly series: string
  readonly seriesKey: string
  /** 1 for exact matches, the trigram similarity otherwise. */
  readonly similarity: number
  readonly exact: boolean
}

export interface ResolvedSeries {
  readonly key: string
  readonly series: string
}

export interface ResolvedEntities {
  readonly parts: ReadonlyArray<ResolvedPart>
  readonly series: ReadonlyArray<ResolvedSeries>
}

/** Below this trigram similarity a typed string is not taken for a part number. */
export const FUZZY_MIN_SIMILARITY = 0.5
/** Fuzzy matches within this distance of the best one are kept (ambiguity is the caller's to handle). */
const FUZZY_BAND = 0.08
const MAX_CANDIDATES = 400

const PartKeyRow = Schema.Struct({
  part_key: Schema.String,
  part_number: Schema.String,
  series: Schema.String,
  series_key: Schema.String
})
const FuzzyRow = Schema.Struct({ ...PartKeyRow.fields, sim: Schema.Number })
const SeriesRow = Schema.Struct({ series: Schema.String, series_key: Schema.String })
const PrefixRow = Schema.Struct({ prefix: Schema.String })

export const makePartResolver = (sql: SqlClient.SqlClient) =>
  Effect.fn("PartResolver.resolve")(function*(text: string) {
    const candidates = candidateKeys(text).slice(0, MAX_CANDIDATES)
    if (candidates.length === 0) return { parts: [], series: [] } satisfies ResolvedEntities
    const prefixes = (yield* sql`SELECT DISTINCT prefix FROM knowledge_parts`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(PrefixRow)))
    )).map((r) => r.prefix).filter((p) => p !== "")
    const bare = bareSeriesTokens(text).flatMap((token) => prefixes.map((p) => p + token))
    const exactRows = yield* sql`
      SELECT part_key, part_number, series, series_key FROM knowledge_parts
      WHERE part_key = ANY(${candidates}::text[])`.pipe(Effect.flatMap(Schema.decodeUnknown(Schema.Array(PartKeyRow))))
    const seriesRows = yield* sql`
      SELECT DISTINCT series, series_key FROM knowledge_parts
      WHERE series_key = ANY(${[...candidates, ...bare]}::text[])`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(SeriesRow)))
    )
    const byKey = new Map(exactRows.map((r) => [r.part_key, r]))
    const exact = [...new Set(findKnownKeys(text, (k) => byKey.has(k)).map((m) => m.key))].map((key): ResolvedPart => {
      const r = byKey.get(key)!
      return { key, partNumber: r.part_number, series: r.series, seriesKey: r.series_key, similarity: 1, exact: true }
    })
    const series = seriesRows
      .map((r): ResolvedSeries => ({ key: r.series_key, series: r.series }))
      .sort((a, b) => a.key.localeCompare(b.key))
    if (exact.length > 0) return { parts: exact, series } satisfies ResolvedEntities

    const seriesKeys = new Set(series.map((s) => s.key))
    const fuzzy = fuzzyCandidates(text, prefixes).filter((c) => !seriesKeys.has(c))
    if (fuzzy.length === 0) return { parts: [], series } satisfies ResolvedEntities
    const fuzzyRows = yield* sql`
      SELECT p.part_key, p.part_number, p.series, p.series_key, max(similarity(p.part_key, c))::float8 AS sim
      FROM unnest(${fuzzy}::text[]) AS c
      JOIN knowledge_parts p ON p.part_key % c
      GROUP BY p.part_key, p.part_number, p.series, p.series_key
      HAVING max(similarity(p.part_key, c)) >= ${FUZZY_MIN_SIMILARITY}
      ORDER BY sim DESC, p.part_key
      LIMIT 8`.pipe(Effect.flatMap(Schema.decodeUnknown(Schema.Array(FuzzyRow))))
    const best = fuzzyRows[0]?.sim ?? 0
    const parts = fuzzyRows
      .filter((r) => r.sim >= best - FUZZY_BAND)
      .map((r): ResolvedPart => ({
        key: r.part_key,
        partNumber: r.part_number,
        series: r.series,
        seriesKey: r.series_key,
        similarity: r.sim,
        exact: false
      }))
    return { parts, series } satisfies ResolvedEntities
  })
