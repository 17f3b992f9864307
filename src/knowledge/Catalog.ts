/**
 * Catalog tools, used by both answer-engine modes: exact part lookup (normalised part numbers, with
 * suggestions for mistyped ones), mating parts, compatible contacts / backshells / caps / tools (and, the other
 * way round, what an accessory fits), and attribute search from structured filters or from a phrase
 * ("IP67 circular, 8 positions, at least 10 A").
 *
 * Every part comes back as the decoded catalog record (`Part`), so callers cite `datasheetId` /
 * `datasheetRevision` and quote values exactly as the datasheet prints them.
 */
import { SqlClient } from "@effect/sql"
import type { Statement } from "@effect/sql"
import { Data, Effect, Option, Schema } from "effect"
import { type AttributeFilters, parseAttributeQuery } from "./AttributeQuery.js"
import { Part } from "./Part.js"
import { normalizePartNumber } from "./PartNumber.js"
import { makePartResolver, type ResolvedEntities } from "./PartResolver.js"

export class CatalogError extends Data.TaggedError("CatalogError")<{ readonly cause: unknown }> {}

export class PartNotFound extends Data.TaggedError("PartNotFound")<{
  readonly partNumber: string
  /** Close part numbers (trigram), best first; empty when nothing is close. */
  readonly suggestions: ReadonlyArray<string>
}> {}

export interface Compatibility {
  readonly part: Part
  readonly matingParts: ReadonlyArray<Part>
  readonly contacts: ReadonlyArray<Part>
  readonly backshells: ReadonlyArray<Part>
  readonly caps: ReadonlyArray<Part>
  readonly tools: ReadonlyArray<Part>
  /** The other direction: parts that list this one (the connectors a cap fits, what a tool crimps). */
  readonly usedWith: ReadonlyArray<Part>
}

export interface PartSearchResult {
  readonly filters: AttributeFilters
  /** Matching parts, ordered by series then part number, at most `limit`. */
  readonly parts: ReadonlyArray<Part>
  /** All matches, before the limit. */
  readonly total: number
}

export interface SeriesSummary {
  readonly series: string
  readonly family: string
  readonly datasheetId: string | null
  readonly datasheetRevision: string | null
  readonly parts: number
  readonly connectors: number
}

const RecordRow = Schema.Struct({ record: Part })
const CountedRecordRow = Schema.Struct({ record: Part, total: Schema.Number })
const SeriesRow = Schema.Struct({
  series: Schema.String,
  family: Schema.String,
  datasheet_id: Schema.NullOr(Schema.String),
  datasheet_revision: Schema.NullOr(Schema.String),
  parts: Schema.Number,
  connectors: Schema.Number
})
const SuggestionRow = Schema.Struct({ part_number: Schema.String })

const decodeRows = <A, I>(schema: Schema.Schema<A, I>) => Effect.flatMap(Schema.decodeUnknown(Schema.Array(schema)))

export class Catalog extends Effect.Service<Catalog>()("app/Catalog", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const resolver = makePartResolver(sql)
    const toCatalogError = Effect.mapError((cause: unknown) => new CatalogError({ cause }))

    const byKeys = Effect.fnUntraced(function*(keys: ReadonlyArray<string>) {
      if (keys.length === 0) return []
      const rows = yield* sql`SELECT record FROM knowledge_parts WHERE part_key = ANY(${keys}::text[]) ORDER BY part_number`.pipe(
        decodeRows(RecordRow)
      )
      return rows.map((r) => r.record)
    })

    /** Exact lookup after normalisation ("fm ct r13/22p" finds FM-CT-R13-22P). */
    const lookup = Effect.fn("Catalog.lookup")(
      function*(partNumber: string) {
        const [row] = yield* byKeys([normalizePartNumber(partNumber)])
        yield* Effect.annotateCurrentSpan({ "catalog.found": row !== undefined })
        return Option.fromNullable(row)
      },
      toCatalogError
    )

    /** Close part numbers by trigram similarity, best first. */
    const suggest = Effect.fn("Catalog.suggest")(
      function*(partNumber: string, limit: number = 5) {
        const key = normalizePartNumber(partNumber)
        if (key.length < 3) return []
        const rows = yield* sql`
          SELECT part_number FROM knowledge_parts
          WHERE part_key % ${key}
          ORDER BY similarity(part_key, ${key}) DESC, part_number
          LIMIT ${limit}`.pipe(decodeRows(SuggestionRow))
        return rows.map((r) => r.part_number)
      },
      toCatalogError
    )

    /** Like lookup, but a missing part is an error carrying suggestions. */
    const find = Effect.fn("Catalog.find")(function*(partNumber: string) {
      const found = yield* lookup(partNumber)
      if (Option.isSome(found)) return found.value
      return yield* new PartNotFound({ partNumber, suggestions: yield* suggest(partNumber) })
    })

    /** The parts (exact, or close matches for a mistyped number) and series a text mentions. */
    const resolve = Effect.fn("Catalog.resolve")(
      function*(text: string) {
        const entities: ResolvedEntities = yield* resolver(text)
        yield* Effect.annotateCurrentSpan({
          "catalog.parts": entities.parts.length,
          "catalog.series": entities.series.length,
          "catalog.exact": entities.parts.every((p) => p.exact)
        })
        return entities
      },
      toCatalogError
    )

    const matingParts = Effect.fn("Catalog.matingParts")(function*(partNumber: string) {
      const part = yield* find(partNumber)
      return yield* byKeys(part.matingParts.map(normalizePartNumber)).pipe(toCatalogError)
    })

    const compatible = Effect.fn("Catalog.compatible")(function*(partNumber: string) {
      const part = yield* find(partNumber)
      const load = (refs: ReadonlyArray<string>) => byKeys(refs.map(normalizePartNumber)).pipe(toCatalogError)
      const key = normalizePartNumber(part.partNumber)
      const usedWith = yield* sql`
        SELECT record FROM knowledge_parts
        WHERE ${key} = ANY(mating_keys) OR ${key} = ANY(contact_keys) OR ${key} = ANY(backshell_keys)
           OR ${key} = ANY(cap_keys) OR ${key} = ANY(tool_keys)
        ORDER BY part_number`.pipe(
        decodeRows(RecordRow),
        Effect.map((rows) => rows.map((r) => r.record).filter((p) => !part.matingParts.includes(p.partNumber))),
        toCatalogError
      )
      const result: Compatibility = {
        part,
        matingParts: yield* load(part.matingParts),
        contacts: yield* load(part.compatibleContacts),
        backshells: yield* load(part.backshells),
        caps: yield* load(part.caps),
        tools: yield* load(part.crimpTools),
        usedWith
      }
      yield* Effect.annotateCurrentSpan({ "catalog.used_with": usedWith.length })
      return result
    })

    const conditions = (f: AttributeFilters): ReadonlyArray<Statement.Fragment> => {
      const c: Array<Statement.Fragment> = []
      const range = (column: string, r: { readonly min?: number; readonly max?: number } | undefined) => {
        if (r?.min !== undefined) c.push(sql`${sql(column)} >= ${r.min}`)
        if (r?.max !== undefined) c.push(sql`${sql(column)} <= ${r.max}`)
      }
      if (f.families !== undefined && f.families.length > 0) c.push(sql`family IN ${sql.in(f.families)}`)
      if (f.series !== undefined && f.series.length > 0) {
        c.push(sql`series_key IN ${sql.in(f.series.map(normalizePartNumber))}`)
      }
      if (f.categories !== undefined && f.categories.length > 0) c.push(sql`category IN ${sql.in(f.categories)}`)
      if (f.genders !== undefined && f.genders.length > 0) c.push(sql`gender IN ${sql.in(f.genders)}`)
      if (f.contactType !== undefined) c.push(sql`contact_type = ${f.contactType}`)
      range("positions", f.positions)
      range("current_rating_a", f.currentA)
      range("voltage_rating_v", f.voltageV)
      range("max_frequency_ghz", f.frequencyGHz)
      if (f.ip !== undefined) c.push(sql`ip_solids >= ${f.ip.solids} AND ip_water >= ${f.ip.water}`)
      if (f.operatingC?.min !== undefined) c.push(sql`temp_min_c <= ${f.operatingC.min}`)
      if (f.operatingC?.max !== undefined) c.push(sql`temp_max_c >= ${f.operatingC.max}`)
      if (f.shellSize !== undefined) c.push(sql`upper(shell_size) = upper(${f.shellSize})`)
      if (f.couplings !== undefined && f.couplings.length > 0) {
        c.push(sql.or(f.couplings.map((v) => sql`coupling ILIKE ${`%${v}%`}`)))
      }
      if (f.terminations !== undefined && f.terminations.length > 0) {
        c.push(sql.or(f.terminations.map((v) => sql`termination ILIKE ${`%${v}%`}`)))
      }
      if (f.rohs !== undefined) c.push(sql`rohs = ${f.rohs}`)
      if (f.impedanceOhm !== undefined) c.push(sql`impedance_ohm = ${f.impedanceOhm}`)
      if (f.pitchMm !== undefined) c.push(sql`abs(pitch_mm - ${f.pitchMm}) < 0.001`)
      if (f.fiber !== undefined) {
        c.push(sql`fiber_type ILIKE ${f.fiber === "single-mode" ? "single-mode%" : "multimode%"}`)
      }
      return c
    }

    /** Parts matching every filter (an empty filter set matches everything). */
    const search = Effect.fn("Catalog.search")(
      function*(filters: AttributeFilters, options?: { readonly limit?: number }) {
        const limit = Math.max(1, Math.min(options?.limit ?? 20, 200))
        const rows = yield* sql`
          SELECT record, (count(*) OVER ())::int AS total FROM knowledge_parts
          WHERE ${sql.and(conditions(filters))}
          ORDER BY series, part_number
          LIMIT ${limit}`.pipe(decodeRows(CountedRecordRow))
        const total = rows[0]?.total ?? 0
        yield* Effect.annotateCurrentSpan({ "catalog.matches": total, "catalog.filters": Object.keys(filters).join(",") })
        return { filters, parts: rows.map((r) => r.record), total } satisfies PartSearchResult
      },
      toCatalogError
    )

    /** Parses a phrase into filters (adding any series it names) and searches. */
    const searchText = Effect.fn("Catalog.searchText")(function*(text: string, options?: { readonly limit?: number }) {
      const parsed = parseAttributeQuery(text)
      const entities = yield* resolve(text)
      const named = entities.series.map((s) => s.series)
      const filters: AttributeFilters = named.length === 0
        ? parsed
        : { ...parsed, series: [...new Set([...(parsed.series ?? []), ...named])] }
      return yield* search(filters, options)
    })

    const seriesList = Effect.fn("Catalog.seriesList")(
      function*() {
        return yield* sql`
          SELECT series, min(family) AS family, min(datasheet_id) AS datasheet_id,
                 min(datasheet_revision) AS datasheet_revision, count(*)::int AS parts,
                 (count(*) FILTER (WHERE category = 'connector'))::int AS connectors
          FROM knowledge_parts GROUP BY series ORDER BY series`.pipe(
          decodeRows(SeriesRow),
          Effect.map((rows) =>
            rows.map((r): SeriesSummary => ({
              series: r.series,
              family: r.family,
              datasheetId: r.datasheet_id,
              datasheetRevision: r.datasheet_revision,
              parts: r.parts,
              connectors: r.connectors
            }))
          )
        )
      },
      toCatalogError
    )

    return { lookup, suggest, find, resolve, matingParts, compatible, search, searchText, seriesList } as const
  })
}) {}
