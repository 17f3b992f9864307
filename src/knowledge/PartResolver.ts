/**
 * Finds the catalog parts and series a piece of text mentions: exact matches of normalised part numbers
 * (longest first), series codes with or without their prefix ("FM-CT", "the CT series"), and — only when no
 * part matched exactly — trigram matches for mistyped part numbers ("FM-CT-R13-22" → R13-22P / R13-22S).
 * Also returns where the mentions are, so full-text search can leave them to the part and series channels.
 * Shared by the Retriever and the Catalog.
 */
import type { SqlClient } from "@effect/sql"
import { Effect, Schema } from "effect"
import { bareSeriesTokens, candidateKeys, findKnownKeys, fuzzyCandidates, type PartMention } from "./PartNumber.js"

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
  /** Character spans of the mentions found (parts, series, mistyped part numbers). */
  readonly spans: ReadonlyArray<readonly [number, number]>
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
const FuzzyRow = Schema.Struct({ ...PartKeyRow.fields, candidate: Schema.String, sim: Schema.Number })
const SeriesRow = Schema.Struct({ series: Schema.String, series_key: Schema.String })
const PrefixRow = Schema.Struct({ prefix: Schema.String })

const span = (m: PartMention) => [m.start, m.end] as const

export const makePartResolver = (sql: SqlClient.SqlClient) =>
  Effect.fn("PartResolver.resolve")(function*(text: string) {
    const candidates = candidateKeys(text).slice(0, MAX_CANDIDATES)
    if (candidates.length === 0) return { parts: [], series: [], spans: [] } satisfies ResolvedEntities
    const prefixes = (yield* sql`SELECT DISTINCT prefix FROM knowledge_parts`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(PrefixRow)))
    )).map((r) => r.prefix).filter((p) => p !== "")
    const bare = bareSeriesTokens(text)
    const bareKeys = bare.flatMap((m) => prefixes.map((p) => p + m.key))
    const exactRows = yield* sql`
      SELECT part_key, part_number, series, series_key FROM knowledge_parts
      WHERE part_key = ANY(${candidates}::text[])`.pipe(Effect.flatMap(Schema.decodeUnknown(Schema.Array(PartKeyRow))))
    const seriesRows = yield* sql`
      SELECT DISTINCT series, series_key FROM knowledge_parts
      WHERE series_key = ANY(${[...candidates, ...bareKeys]}::text[])`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.Array(SeriesRow)))
    )
    const series = seriesRows
      .map((r): ResolvedSeries => ({ key: r.series_key, series: r.series }))
      .sort((a, b) => a.key.localeCompare(b.key))
    const seriesKeys = new Set(series.map((s) => s.key))
    const seriesSpans = [
      ...findKnownKeys(text, (k) => seriesKeys.has(k)).map(span),
      ...bare.filter((m) => prefixes.some((p) => seriesKeys.has(p + m.key))).map(span)
    ]

    const byKey = new Map(exactRows.map((r) => [r.part_key, r]))
    const mentions = findKnownKeys(text, (k) => byKey.has(k))
    const exact = [...new Set(mentions.map((m) => m.key))].map((key): ResolvedPart => {
      const r = byKey.get(key)!
      return { key, partNumber: r.part_number, series: r.series, seriesKey: r.series_key, similarity: 1, exact: true }
    })
    if (exact.length > 0) {
      return { parts: exact, series, spans: [...mentions.map(span), ...seriesSpans] } satisfies ResolvedEntities
    }

    const fuzzy = fuzzyCandidates(text, prefixes).filter((c) => !seriesKeys.has(c.key))
    if (fuzzy.length === 0) return { parts: [], series, spans: seriesSpans } satisfies ResolvedEntities
    const fuzzyRows = yield* sql`
      SELECT p.part_key, p.part_number, p.series, p.series_key, c AS candidate, similarity(p.part_key, c)::float8 AS sim
      FROM unnest(${fuzzy.map((c) => c.key)}::text[]) AS c
      JOIN knowledge_parts p ON p.part_key % c
      WHERE similarity(p.part_key, c) >= ${FUZZY_MIN_SIMILARITY}
      ORDER BY sim DESC, p.part_key, c
      LIMIT 40`.pipe(Effect.flatMap(Schema.decodeUnknown(Schema.Array(FuzzyRow))))
    const best = fuzzyRows[0]?.sim ?? 0
    const kept = new Map<string, typeof FuzzyRow.Type>()
    for (const r of fuzzyRows) if (r.sim >= best - FUZZY_BAND && !kept.has(r.part_key)) kept.set(r.part_key, r)
    const parts = [...kept.values()].slice(0, 8).map((r): ResolvedPart => ({
      key: r.part_key,
      partNumber: r.part_number,
      series: r.series,
      seriesKey: r.series_key,
      similarity: r.sim,
      exact: false
    }))
    const matchedCandidates = new Set([...kept.values()].map((r) => r.candidate))
    const fuzzySpans = fuzzy.filter((c) => matchedCandidates.has(c.key)).map(span)
    return { parts, series, spans: [...fuzzySpans, ...seriesSpans] } satisfies ResolvedEntities
  })
