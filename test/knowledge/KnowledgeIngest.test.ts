import { NodeContext } from "@effect/platform-node"
import { SqlClient } from "@effect/sql"
import { assert } from "@effect/vitest"
import { Duration, Effect, Layer, Option, Schema } from "effect"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { EmbedderDisabled } from "../../src/knowledge/Embedder.js"
import { KnowledgeImportError } from "../../src/knowledge/ImportProblem.js"
import { bundledDatasets, KnowledgeIngest } from "../../src/knowledge/KnowledgeIngest.js"
import { type TestDatabase, tempDir } from "../support/Databases.js"
import { perDatabase } from "./perDatabase.js"

const IngestLayer = (database: TestDatabase) =>
  KnowledgeIngest.Default.pipe(
    Layer.provide(Layer.mergeAll(EmbedderDisabled, NodeContext.layer)),
    Layer.provideMerge(database.layer())
  )

/** Every row version of the knowledge tables (xmin changes whenever a row is rewritten). */
const snapshot = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql`
    SELECT 'p:' || part_key || ':' || xmin::text AS v FROM knowledge_parts
    UNION ALL SELECT 's:' || source_id || ':' || xmin::text FROM knowledge_sources
    UNION ALL SELECT 'c:' || chunk_id || ':' || xmin::text FROM knowledge_chunks
    UNION ALL SELECT 't:' || term || ':' || xmin::text FROM knowledge_terms`.pipe(
    Effect.flatMap(Schema.decodeUnknown(Schema.Array(Schema.Struct({ v: Schema.String }))))
  )
  return rows.map((r) => r.v).sort()
})

const counts = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql`
    SELECT (SELECT count(*) FROM knowledge_parts)::int AS parts,
           (SELECT count(*) FROM knowledge_sources)::int AS sources,
           (SELECT count(*) FROM knowledge_chunks)::int AS chunks`.pipe(
    Effect.flatMap(Schema.decodeUnknown(Schema.Array(Schema.Struct({ parts: Schema.Number, sources: Schema.Number, chunks: Schema.Number }))))
  )
  return row!
})

/** A private copy of the bundled datasets that a test may edit. */
const copyOfDatasets = Effect.gen(function*() {
  const dir = yield* tempDir("fitmate-datasets-")
  yield* Effect.promise(() => fs.cp(path.dirname(bundledDatasets.catalogDir), dir, { recursive: true }))
  return { catalogDir: path.join(dir, "fitmate"), sourcesDir: path.join(dir, "sources") }
})

const expectImportError = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flip(effect).pipe(
    Effect.map((error) => {
      assert.instanceOf(error, KnowledgeImportError)
      return error as unknown as KnowledgeImportError
    })
  )

perDatabase("knowledge ingest", IngestLayer, (it, database) => {
      it.effect("loads the bundled datasets into empty tables, then changes nothing on a second run", () =>
        Effect.gen(function*() {
          const knowledge = yield* KnowledgeIngest
          const [elapsed, first] = yield* Effect.timed(knowledge.ingestIfEmpty(bundledDatasets))
          assert.isTrue(Option.isSome(first))
          const report = Option.getOrThrow(first)
          assert.strictEqual(report.partsInserted, 546)
          assert.strictEqual(report.sourcesInserted, 69)
          assert.isAbove(report.chunksWritten, 300)
          assert.deepStrictEqual(report.warnings, [])
          yield* Effect.log(`${database.name}: bundled ingest took ${Duration.format(elapsed)}`)
          const before = yield* snapshot
          const stored = yield* counts
          assert.deepStrictEqual(stored, { parts: 546, sources: 69, chunks: report.chunksWritten })

          // Not empty any more: the start-up path does nothing.
          assert.isTrue(Option.isNone(yield* knowledge.ingestIfEmpty(bundledDatasets)))

          const again = yield* knowledge.ingest(bundledDatasets)
          assert.isFalse(again.changed)
          assert.strictEqual(again.partsUnchanged, 546)
          assert.strictEqual(again.sourcesUnchanged, 69)
          assert.strictEqual(again.chunksWritten, 0)
          // Not a single row was rewritten.
          assert.deepStrictEqual(yield* snapshot, before)
        }))

      it.effect("bad catalog and source files: every problem names file, line and field; nothing is written", () =>
        Effect.gen(function*() {
          const knowledge = yield* KnowledgeIngest
          const dirs = yield* copyOfDatasets
          const before = yield* snapshot

          const csvPath = path.join(dirs.catalogDir, "accessories.csv")
          const csv = (yield* Effect.promise(() => fs.readFile(csvPath, "utf8"))).split("\n")
          // Line 3 of the CSV: a bogus IP code.
          csv[2] = csv[2]!.replace(",-65,175,IP68,", ",-65,175,IP6X8,")
          assert.include(csv[2], ",IP6X8,")
          yield* Effect.promise(() => fs.writeFile(csvPath, csv.join("\n")))

          const jsonPath = path.join(dirs.catalogDir, "parts.json")
          const json = (yield* Effect.promise(() => fs.readFile(jsonPath, "utf8"))).split("\n")
          json[1] = json[1]!.replace(`"currentRatingA":5,`, `"currentRatingA":-5,`)
          json[4] = json[4]!.replace(`"compatibleContacts":["`, `"compatibleContacts":["FM-CT-C99XP","`)
          yield* Effect.promise(() => fs.writeFile(jsonPath, json.join("\n")))

          const mdPath = path.join(dirs.sourcesDir, "specs", "as-fm-ct.md")
          const md = (yield* Effect.promise(() => fs.readFile(mdPath, "utf8"))).replace("kind: assembly_spec", "kind: manual")
          yield* Effect.promise(() => fs.writeFile(mdPath, md))

          const error = yield* expectImportError(knowledge.ingest(dirs))
          const problems = error.problems.map((p) => ({ file: path.relative(path.dirname(dirs.catalogDir), p.file), line: p.line, field: p.field }))
          assert.deepInclude(problems, { file: "fitmate/accessories.csv", line: 3, field: "ipRating" })
          assert.deepInclude(problems, { file: "fitmate/parts.json", line: 2, field: "currentRatingA" })
          assert.deepInclude(problems, { file: "fitmate/parts.json", line: 5, field: "compatibleContacts" })
          assert.deepInclude(problems, { file: "sources/specs/as-fm-ct.md", line: 5, field: "kind" })
          assert.isTrue(error.problems.some((p) => p.message.includes("FM-CT-C99XP")))
          assert.match(error.message, /parts\.json:2: currentRatingA: Expected a positive number, actual -5/)
          // The refused import left every stored row as it was.
          assert.deepStrictEqual(yield* snapshot, before)
        }).pipe(Effect.scoped))

      it.effect("mating pairs must agree; duplicate part numbers are refused even when spelt differently", () =>
        Effect.gen(function*() {
          const knowledge = yield* KnowledgeIngest
          const dirs = yield* copyOfDatasets
          const before = yield* snapshot
          const jsonPath = path.join(dirs.catalogDir, "parts.json")
          const lines = (yield* Effect.promise(() => fs.readFile(jsonPath, "utf8"))).split("\n")
          // Line 2 is FM-CT-R09-06P; make its mate FM-CT-P09-06S claim 7 positions.
          const mateLine = lines.findIndex((l) => l.includes(`"partNumber":"FM-CT-P09-06S"`))
          lines[mateLine] = lines[mateLine]!.replace(`"positions":6,`, `"positions":7,`)
          // And append a record whose part number normalises to an existing one.
          const close = lines.lastIndexOf("]")
          lines[close - 1] = `${lines[close - 1]},`
          lines.splice(close, 0, lines[1]!.replace(`"partNumber":"FM-CT-R09-06P"`, `"partNumber":"fm ct r09/06p"`).replace(/,$/, ""))
          yield* Effect.promise(() => fs.writeFile(jsonPath, lines.join("\n")))

          const error = yield* expectImportError(knowledge.ingest(dirs))
          const messages = error.problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.field}: ${p.message}`)
          assert.isTrue(
            messages.some((m) => m.startsWith("parts.json:2:matingParts:") && m.includes("differs in positions")),
            messages.join("\n")
          )
          assert.isTrue(messages.some((m) => m.includes("partNumber: duplicate of FM-CT-R09-06P")), messages.join("\n"))
          assert.deepStrictEqual(yield* snapshot, before)
        }).pipe(Effect.scoped))

      it.effect("a changed document replaces only its own chunks; a removed part disappears", () =>
        Effect.gen(function*() {
          const knowledge = yield* KnowledgeIngest
          const sql = yield* SqlClient.SqlClient
          const dirs = yield* copyOfDatasets
          const before = new Set(yield* snapshot)

          const mdPath = path.join(dirs.sourcesDir, "policies", "pol-warranty.md")
          const md = (yield* Effect.promise(() => fs.readFile(mdPath, "utf8")))
            .replace("revision: C", "revision: D")
            .replace("for 24 months from the date of delivery", "for 36 months from the date of delivery")
          yield* Effect.promise(() => fs.writeFile(mdPath, md))
          const csvPath = path.join(dirs.catalogDir, "accessories.csv")
          const csv = (yield* Effect.promise(() => fs.readFile(csvPath, "utf8"))).split("\n")
          const fc2 = csv.findIndex((l) => l.startsWith("FM-TC-F2,"))
          csv.splice(fc2, 1)
          yield* Effect.promise(() => fs.writeFile(csvPath, csv.join("\n")))

          const report = yield* knowledge.ingest(dirs)
          assert.strictEqual(report.sourcesUpdated, 1)
          assert.strictEqual(report.sourcesInserted + report.sourcesRemoved, 0)
          assert.strictEqual(report.partsRemoved, 1)
          assert.strictEqual(report.partsUpdated + report.partsInserted, 0)

          const [source] = yield* sql`SELECT revision FROM knowledge_sources WHERE source_id = 'pol-warranty'`.pipe(
            Effect.flatMap(Schema.decodeUnknown(Schema.Array(Schema.Struct({ revision: Schema.String }))))
          )
          assert.strictEqual(source!.revision, "D")
          const texts = yield* sql`SELECT content FROM knowledge_chunks WHERE source_id = 'pol-warranty'`.pipe(
            Effect.flatMap(Schema.decodeUnknown(Schema.Array(Schema.Struct({ content: Schema.String }))))
          )
          assert.isTrue(texts.some((t) => t.content.includes("36 months")))
          assert.isFalse(texts.some((t) => t.content.includes("24 months from the date")))

          // Rows of other documents and parts were not rewritten.
          const after = yield* snapshot
          const rewritten = after.filter((v) => !before.has(v)).map((v) => v.split(":").slice(0, 2).join(":"))
          assert.isTrue(rewritten.length > 0)
          assert.isTrue(
            rewritten.every((v) => v === "s:pol-warranty" || v.startsWith("c:pol-warranty#") || v.startsWith("t:")),
            rewritten.join(", ")
          )
          assert.isFalse(after.some((v) => v.startsWith("p:FMTCF2:")))

          // And back to the bundled data.
          const restored = yield* knowledge.ingest(bundledDatasets)
          assert.strictEqual(restored.sourcesUpdated, 1)
          assert.strictEqual(restored.partsInserted, 1)
        }).pipe(Effect.scoped))
})
