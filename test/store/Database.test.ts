import { SqlClient } from "@effect/sql"
import { assert, describe, it, layer } from "@effect/vitest"
import { Cause, ConfigProvider, Effect, Exit, Layer, Option } from "effect"
import { spawn } from "node:child_process"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { DatabaseLive, embedded } from "../../src/store/Database.js"
import { DatabaseKind } from "../../src/store/DatabaseKind.js"
import { lockDataDir } from "../../src/store/DataDirLock.js"
import { databases, pgliteDataDir, tempDir, temporaryPostgresDatabase } from "../support/Databases.js"

const kindOf = Effect.map(DatabaseKind, ({ kind }) => kind)

/** Start time of a process as the lock records it (field 22 of /proc/<pid>/stat). */
const startTimeOf = (pid: number) =>
  Effect.promise(async () => {
    const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8")
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null
  })

/** A live process that is not us, stopped when the scope closes. */
const otherProcess = Effect.acquireRelease(
  Effect.sync(() => spawn("sleep", ["120"], { stdio: "ignore" })),
  (child) => Effect.sync(() => child.kill("SIGKILL"))
)

const countMessages = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM messages`.pipe(Effect.map((rows) => rows[0]?.n)))

for (const database of databases) {
  describe(`Database on ${database.name}`, () => {
    layer(database.layer(), { timeout: "120 seconds" })((it) => {
      it.effect("applies the migrations once, with pg_trgm available", () =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const applied = yield* sql<{ readonly id: number; readonly name: string }>`
            SELECT migration_id AS id, name FROM effect_sql_migrations ORDER BY migration_id`
          assert.deepStrictEqual(applied[0], { id: 1, name: "chat_store" })
          const [row] = yield* sql<{ readonly s: number }>`SELECT similarity('FM-M12-8P', 'FM-M12-8P') AS s`
          assert.strictEqual(row?.s, 1)
          const tables = yield* sql<{ readonly name: string }>`
            SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_name IN
              ('chats', 'threads', 'messages', 'turns', 'handoffs', 'leads', 'outbox', 'dead_letters')`
          assert.strictEqual(tables.length, 8)
        }))
    })
  })
}

describe("embedded database folder", () => {
  it.live("keeps data across reopening, and refuses a second opener while open", () =>
    Effect.gen(function*() {
      const dataDir = yield* pgliteDataDir
      const insert = Effect.flatMap(SqlClient.SqlClient, (sql) =>
        sql`INSERT INTO messages (chat_id, thread_id, event_id, author, text, visibility, created_at)
            VALUES ('C1', 'T1', 'E1', 'customer', 'hello', 'all', now())`)

      yield* Effect.scoped(Effect.gen(function*() {
        const first = yield* Layer.build(embedded({ dataDir }))
        yield* Effect.provide(insert, first)
        const second = yield* Effect.exit(Effect.scoped(Layer.build(embedded({ dataDir }))))
        assert.isTrue(Exit.isFailure(second))
        if (Exit.isFailure(second)) {
          const error = Option.getOrUndefined(Cause.failureOption(second.cause))
          assert.strictEqual(error?._tag, "DataDirLocked")
          assert.include(error?.message ?? "", String(process.pid))
        }
        // The first opener is unaffected.
        assert.strictEqual(yield* Effect.provide(countMessages, first), 1)
      }))

      // Released: the lock file is gone and the data is still there.
      const files = yield* Effect.promise(() => fs.readdir(dataDir))
      assert.notInclude(files, "pglite.lock")
      assert.strictEqual(yield* Effect.provide(countMessages, embedded({ dataDir })), 1)
    }).pipe(Effect.scoped), { timeout: 120_000 })

  it.live("refuses a folder locked by another live process, and takes over stale locks", () =>
    Effect.gen(function*() {
      // The lock alone (no PGlite): what a second process sees depends only on the lock file.
      const dataDir = yield* tempDir("fitmate-lock-")
      const lockFile = path.join(dataDir, "pglite.lock")
      const writeLock = (owner: { readonly pid: number; readonly startTime: string | null }) =>
        Effect.promise(() => fs.writeFile(lockFile, JSON.stringify(owner)))
      const lock = Effect.scoped(Effect.as(lockDataDir(dataDir), "locked" as const))

      const other = yield* otherProcess
      const otherPid = other.pid!
      yield* writeLock({ pid: otherPid, startTime: yield* startTimeOf(otherPid) })
      const refused = yield* Effect.flip(lock)
      assert.strictEqual(refused._tag, "DataDirLocked")
      assert.include(refused.message, String(otherPid))
      assert.strictEqual(
        JSON.parse(yield* Effect.promise(() => fs.readFile(lockFile, "utf8"))).pid,
        otherPid,
        "a refused opener leaves the owner's lock alone"
      )

      // Same pid, different start time: the pid was reused by an unrelated process after a crash.
      yield* writeLock({ pid: otherPid, startTime: "1" })
      assert.strictEqual(yield* lock, "locked")

      // Our own pid, but not held by us: a previous incarnation (container restart) left it.
      yield* writeLock({ pid: process.pid, startTime: null })
      assert.strictEqual(yield* lock, "locked")

      // A dead owner, and an unreadable file.
      other.kill("SIGKILL")
      yield* Effect.promise(() => new Promise((resolve) => other.once("exit", resolve)))
      yield* writeLock({ pid: otherPid, startTime: null })
      assert.strictEqual(yield* lock, "locked")
      yield* Effect.promise(() => fs.writeFile(lockFile, "{"))
      assert.strictEqual(yield* lock, "locked")

      // Released with its scope.
      const files = yield* Effect.promise(() => fs.readdir(dataDir))
      assert.notInclude(files, "pglite.lock")
    }).pipe(Effect.scoped), { timeout: 60_000 })
})

describe("DatabaseLive", () => {
  const withConfig = (entries: Record<string, string>) =>
    Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries))))

  it.live("uses the PostgreSQL server when DATABASE_URL is set", () =>
    Effect.gen(function*() {
      const { url } = yield* temporaryPostgresDatabase
      const kind = yield* kindOf.pipe(Effect.provide(DatabaseLive.pipe(Layer.provide(withConfig({ DATABASE_URL: url })))))
      assert.strictEqual(kind, "server")
    }).pipe(Effect.scoped), { timeout: 120_000 })

  it.live("uses PGlite in DATA_DIR when DATABASE_URL is unset or empty", () =>
    Effect.gen(function*() {
      const dataDir = yield* pgliteDataDir
      const kind = yield* kindOf.pipe(
        Effect.provide(DatabaseLive.pipe(Layer.provide(withConfig({ DATABASE_URL: " ", DATA_DIR: dataDir }))))
      )
      assert.strictEqual(kind, "embedded")
      const files = yield* Effect.promise(() => fs.readdir(path.join(dataDir, "pglite")))
      assert.include(files, "PG_VERSION")
    }).pipe(Effect.scoped), { timeout: 120_000 })
})
