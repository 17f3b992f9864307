/**
 * The database: one layer, two backends, migrated before anything else uses it.
 *
 * - `DATABASE_URL` set → a PostgreSQL server (pool `DATABASE_POOL_SIZE`, default 10). Kind "server".
 * - unset → the embedded default: PGlite in `DATA_DIR/pglite` (default `.data`), with pg_trgm, served on an
 *   ephemeral 127.0.0.1 port by pglite-socket and reached through a `PgClient` with exactly ONE connection.
 *   (pglite-socket multiplexes several clients onto one backend and interleaves their extended-protocol
 *   messages: statements fail with `portal "" cannot be run`.) Kind "embedded".
 *   The folder is locked while open (`DataDirLock.ts`): a second process fails with `DataDirLocked` instead of
 *   corrupting it, because PGlite itself does not guard against that.
 *
 * Release order of the embedded backend: the client closes, then the socket server stops, then PGlite closes,
 * then the folder lock is released.
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import { NodeContext } from "@effect/platform-node"
import type { SqlError } from "@effect/sql"
import { SqlClient } from "@effect/sql"
import type { Migrator } from "@effect/sql"
import { PgClient, PgMigrator } from "@effect/sql-pg"
import { PGlite } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import type { ConfigError } from "effect"
import { Config, Context, Data, Duration, Effect, Layer, Option, Redacted } from "effect"
import * as path from "node:path"
import { DatabaseKind } from "./DatabaseKind.js"
import type { DataDirLocked, DataDirLockError } from "./DataDirLock.js"
import { lockDataDir } from "./DataDirLock.js"
import { migrations } from "./migrations/index.js"

const applicationName = "fitmate-assist"

/** The embedded database could not be opened or served. */
export class EmbeddedDatabaseError extends Data.TaggedError("EmbeddedDatabaseError")<{
  readonly step: "open" | "serve"
  readonly cause: unknown
}> {
  override get message() {
    return `Embedded database failed to ${this.step}: ${String(this.cause)}`
  }
}

export type DatabaseError =
  | SqlError.SqlError
  | Migrator.MigrationError
  | ConfigError.ConfigError
  | EmbeddedDatabaseError
  | DataDirLocked
  | DataDirLockError

export type Database = SqlClient.SqlClient | PgClient.PgClient | DatabaseKind

/**
 * A new migrator layer per database: layers are memoized by reference, so one module-level migrator layer would
 * run once per memo map — a second database built in the same memo map (nested test layers) would never be
 * migrated. The migrator belongs to its client, so it is made together with it.
 */
const migrator = () =>
  PgMigrator.layer({ loader: PgMigrator.fromRecord(migrations) }).pipe(Layer.provide(NodeContext.layer))

/** Runs the migrations while the layer is built, so every consumer sees the migrated schema. */
const migrated = <E>(client: Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, E>, kind: "embedded" | "server") =>
  Layer.merge(migrator(), Layer.succeed(DatabaseKind, { kind })).pipe(Layer.provideMerge(client))

// ---------------------------------------------------------------------------------------------------------------
// Embedded: PGlite + pglite-socket

const openPglite = Effect.fn("Database.openPglite")(function*(dataDir: string) {
  return yield* Effect.acquireRelease(
    Effect.tryPromise({
      try: () => PGlite.create(path.join(dataDir, "pglite"), { extensions: { pg_trgm } }),
      catch: (cause) => new EmbeddedDatabaseError({ step: "open", cause })
    }),
    (db) =>
      Effect.tryPromise(() => db.close()).pipe(
        Effect.catchAll((error) => Effect.logWarning("embedded database did not close cleanly", error))
      )
  )
})

const servePglite = Effect.fn("Database.servePglite")(function*(db: PGlite) {
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 1 })
  yield* Effect.acquireRelease(
    Effect.tryPromise({
      try: () => server.start(),
      catch: (cause) => new EmbeddedDatabaseError({ step: "serve", cause })
    }),
    () =>
      Effect.tryPromise(() => server.stop()).pipe(
        Effect.catchAll((error) => Effect.logWarning("embedded database server did not stop cleanly", error))
      )
  )
  // getServerConn() is "host:port" once listening; the port was chosen by the OS.
  const port = Number(server.getServerConn().split(":").at(-1))
  return port
})

const embeddedClient = (dataDir: string) =>
  Layer.scopedContext(
    Effect.gen(function*() {
      const dir = path.resolve(dataDir)
      yield* lockDataDir(dir)
      const db = yield* openPglite(dir)
      const port = yield* servePglite(db)
      const client = yield* PgClient.make({
        host: "127.0.0.1",
        port,
        username: "postgres",
        database: "postgres",
        applicationName,
        maxConnections: 1,
        // Keep the one connection open: a reconnect could race the server's cleanup of the old socket
        // and be refused ("Too many connections").
        idleTimeout: Duration.zero,
        connectTimeout: Duration.seconds(30)
      })
      return Context.make(PgClient.PgClient, client).pipe(Context.add(SqlClient.SqlClient, client))
    })
  ).pipe(Layer.provide(Reactivity.layer))

/** PGlite stored in `<dataDir>/pglite`, migrated. Kind "embedded". */
export const embedded = (options: { readonly dataDir: string }): Layer.Layer<Database, DatabaseError> =>
  migrated(embeddedClient(options.dataDir), "embedded")

// ---------------------------------------------------------------------------------------------------------------
// Server: PostgreSQL

/** A PostgreSQL server at `url`, migrated. Kind "server". */
export const server = (options: {
  readonly url: Redacted.Redacted | string
  readonly poolSize?: number
}): Layer.Layer<Database, DatabaseError> =>
  migrated(
    PgClient.layer({
      url: typeof options.url === "string" ? Redacted.make(options.url) : options.url,
      maxConnections: options.poolSize ?? 10,
      applicationName
    }),
    "server"
  )

const serverFromConfig = migrated(
  PgClient.layerConfig({
    url: Config.redacted("DATABASE_URL"),
    maxConnections: Config.integer("DATABASE_POOL_SIZE").pipe(Config.withDefault(10)),
    applicationName: Config.succeed(applicationName)
  }),
  "server"
)

/**
 * The database chosen by configuration: `DATABASE_URL` → PostgreSQL, otherwise the embedded PGlite in
 * `DATA_DIR` (default `.data`). Provide it once, at the edge.
 */
export const DatabaseLive: Layer.Layer<Database, DatabaseError> = Layer.unwrapEffect(
  Effect.gen(function*() {
    const url = yield* Config.option(Config.redacted("DATABASE_URL"))
    if (Option.isSome(url) && Redacted.value(url.value).trim() !== "") return serverFromConfig
    const dataDir = yield* Config.string("DATA_DIR").pipe(Config.withDefault(".data"))
    return embedded({ dataDir })
  })
)

/** `Database.embedded({ dataDir })`, `Database.server({ url })` for tests and tools; `Database.Live` from config. */
export const Database = { embedded, server, Live: DatabaseLive } as const
