/**
 * Run the same tests on both backends: the embedded PGlite and the PostgreSQL server.
 *
 *   import { databases } from "../support/Databases.js"
 *
 *   for (const database of databases) {
 *     it.layer(MyService.Default.pipe(Layer.provideMerge(database.layer())), { timeout: 120_000 })(
 *       database.name, (it) => { it.effect("...", () => ...) })
 *   }
 *
 * Each `layer()` call builds a FRESH, migrated database (call it once per `it.layer` block, not per test):
 * - "pglite": a new temp folder, removed on release;
 * - "postgres": a new uniquely named database on `TEST_DATABASE_URL`
 *   (default `postgres://postgres@127.0.0.1:5432/postgres`), dropped on release.
 * So test files run in parallel without seeing each other's rows. It provides `SqlClient`, `PgClient` and
 * `DatabaseKind`, like `DatabaseLive`.
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"
import { randomUUID } from "node:crypto"
import * as fs from "node:fs/promises"
import * as os from "node:os"
import * as path from "node:path"
import type { Database, DatabaseError } from "../../src/store/Database.js"
import { embedded, server } from "../../src/store/Database.js"

export type DatabaseName = "pglite" | "postgres"

export interface TestDatabase {
  readonly name: DatabaseName
  /** A fresh, migrated database; released (removed/dropped) with the layer. */
  readonly layer: () => Layer.Layer<Database, DatabaseError | Error>
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"

/** A temp folder that lives as long as the current scope. */
export const tempDir = (prefix: string) =>
  Effect.acquireRelease(
    Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), prefix))),
    (dir) => Effect.promise(() => fs.rm(dir, { recursive: true, force: true }))
  )

const pglite = (): Layer.Layer<Database, DatabaseError | Error> =>
  Layer.unwrapScoped(Effect.map(tempDir("fitmate-pglite-"), (dataDir) => embedded({ dataDir })))

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
