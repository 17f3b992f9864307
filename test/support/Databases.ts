/**
 * Run the same tests on both backends: the embedded PGlite and the PostgreSQL server.
 *
 *   import { layer } from "@effect/vitest"
 *   import { databases } from "../support/Databases.js"
 *
 *   for (const database of databases) {
 *     layer(MyService.Default.pipe(Layer.provideMerge(database.layer())), { timeout: "120 seconds" })(
 *       database.name, (it) => { it.effect("...", () => ...) })
 *   }
 *
 * Use the top-level `layer` export, NOT `it.layer`, for sibling blocks: in @effect/vitest 0.30 the `it` handed to
 * a block's callback is the global `it` mutated in place (`Object.assign`), so a later top-level `it.layer(...)`
 * is really the previous block's nested `layer`: it is built on top of the previous block's layer and in its
 * memo map, and module-level layers (`X.Default`, migrators) are reused from there — the "postgres" block then
 * silently talks to the previous block's PGlite. For the same reason a top-level `it.effect`/`it.scoped` written
 * after a layer block runs inside that block's layer; `it.live` is not affected.
 *
 * Each `layer()` call builds a FRESH, migrated database (call it once per `layer` block, not per test):
 * - "pglite": a new temp folder, removed on release. PGlite's initdb costs ~3-4 s of CPU, so the folder starts
 *   as a copy of a migrated template kept in the OS temp folder (built once per version of the migrations,
 *   shared by all test processes); the migrator still runs on the copy;
 * - "postgres": a new uniquely named database on `TEST_DATABASE_URL`
 *   (default `postgres://postgres@127.0.0.1:5432/postgres`), dropped on release.
 * So test files run in parallel without seeing each other's rows. It provides `SqlClient`, `PgClient` and
 * `DatabaseKind`, like `DatabaseLive`.
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"
import { createHash, randomUUID } from "node:crypto"
import * as fs from "node:fs/promises"
import type { Database, DatabaseError } from "../../src/store/Database.js"
import { embedded, server } from "../../src/store/Database.js"
import { copyOfTemplate, pgliteTemplate, tempDir } from "../../src/store/PgliteTemplate.js"

export type DatabaseName = "pglite" | "postgres"

export interface TestDatabase {
  readonly name: DatabaseName
  /** A fresh, migrated database; released (removed/dropped) with the layer. */
  readonly layer: () => Layer.Layer<Database, DatabaseError | Error>
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"

export { tempDir }

/** Identifies the template: the PGlite version and the source of the migrations and the database wiring. */
const templateKey = Effect.promise(async () => {
  const hash = createHash("sha256")
  const read = (relative: string) => fs.readFile(new URL(relative, import.meta.url))
  hash.update(await read("../../node_modules/@electric-sql/pglite/package.json"))
  hash.update(await read("../../src/store/Database.ts"))
  const migrationsDir = new URL("../../src/store/migrations/", import.meta.url)
  for (const file of (await fs.readdir(migrationsDir)).sort()) {
    hash.update(file).update(await fs.readFile(new URL(file, migrationsDir)))
  }
  return hash.digest("hex").slice(0, 16)
})

const templatePrefix = "fitmate-pglite-template-"

/** A data folder holding a migrated PGlite (a copy of the template), removed when the scope closes. */
export const pgliteDataDir = Effect.gen(function*() {
  const template = yield* pgliteTemplate({ prefix: templatePrefix, key: yield* templateKey, prepare: Layer.empty })
  return yield* copyOfTemplate(template, "fitmate-pglite-")
})

const pglite = (): Layer.Layer<Database, DatabaseError | Error> =>
  Layer.unwrapScoped(Effect.map(pgliteDataDir, (dataDir) => embedded({ dataDir })))

/** Runs statements on the maintenance database (CREATE/DROP DATABASE cannot run inside the test database). */
const onAdminDatabase = <A, E>(f: (sql: PgClient.PgClient) => Effect.Effect<A, E>) =>
  Effect.scoped(
    Effect.flatMap(PgClient.make({ url: Redacted.make(testDatabaseUrl), maxConnections: 1 }), f)
  ).pipe(Effect.provide(Reactivity.layer))

/** A database that lives as long as the current scope; connections left over at release are terminated. */
export const temporaryPostgresDatabase = Effect.acquireRelease(
  Effect.gen(function*() {
    const name = `fitmate_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`
    yield* onAdminDatabase((sql) => sql`CREATE DATABASE ${sql(name)}`)
    const url = new URL(testDatabaseUrl)
    url.pathname = `/${name}`
    return { name, url: url.toString() }
  }),
  ({ name }) =>
    onAdminDatabase((sql) =>
      Effect.zipRight(
        sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${name} AND pid <> pg_backend_pid()`,
        sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`
      )
    ).pipe(Effect.orDie)
)

const postgres = (): Layer.Layer<Database, DatabaseError | Error> =>
  Layer.unwrapScoped(Effect.map(temporaryPostgresDatabase, ({ url }) => server({ url, poolSize: 5 })))

export const databases: ReadonlyArray<TestDatabase> = [
  { name: "pglite", layer: pglite },
  { name: "postgres", layer: postgres }
]

/**
 * A database that outlives several layers (restart tests): returns a factory; every layer it makes opens the
 * same PGlite folder or PostgreSQL database. Removed/dropped when the current scope closes.
 */
export const persistentDatabase = (name: DatabaseName) =>
  name === "pglite"
    ? Effect.map(pgliteDataDir, (dataDir) => () => embedded({ dataDir }))
    : Effect.map(temporaryPostgresDatabase, ({ url }) => () => server({ url, poolSize: 5 }))
