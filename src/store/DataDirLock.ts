/**
 * An exclusive lock on the embedded database's folder. PGlite itself takes no lock: a second process (or a second
 * instance in the same process) opens the same folder without complaint and both then write to it, which corrupts
 * it. So we hold `<dataDir>/pglite.lock`, created atomically with `O_EXCL`, for as long as the database is open.
 *
 * The file records the owner's pid and, on Linux, the process start time. A lock whose owner is gone (crash,
 * kill -9, container restart with the same pid) is stale and taken over.
 */
import { Data, Effect } from "effect"
import * as fs from "node:fs/promises"
import * as path from "node:path"

export class DataDirLocked extends Data.TaggedError("DataDirLocked")<{
  readonly lockFile: string
  readonly ownerPid: number
}> {
  override get message() {
    return `The embedded database in ${path.dirname(this.lockFile)} is in use by process ${this.ownerPid}. ` +
      `Stop that process, or set DATA_DIR to another folder (or DATABASE_URL to a PostgreSQL server).`
  }
}

export class DataDirLockError extends Data.TaggedError("DataDirLockError")<{
  readonly lockFile: string
  readonly cause: unknown
}> {
  override get message() {
    return `Could not lock the embedded database folder (${this.lockFile})`
  }
}

interface LockOwner {
  readonly pid: number
  readonly startTime: string | null
}

/** Folders locked by this process; a lock file naming our own pid but not listed here is stale. */
const heldByThisProcess = new Set<string>()

/** Start time of a process from /proc (Linux); null where /proc is not available. */
const processStartTime = async (pid: number): Promise<string | null> => {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8")
    // Fields after the command name (which may contain spaces) start after the last ")"; starttime is field 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null
  } catch {
    return null
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

const readOwner = async (lockFile: string): Promise<LockOwner | null> => {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(lockFile, "utf8"))
    if (typeof parsed === "object" && parsed !== null && "pid" in parsed && typeof parsed.pid === "number") {
      const startTime = "startTime" in parsed && typeof parsed.startTime === "string" ? parsed.startTime : null
      return { pid: parsed.pid, startTime }
    }
    return null
  } catch {
    return null // unreadable or half-written: treated as stale
  }
}

const ownerIsRunning = async (lockFile: string, owner: LockOwner): Promise<boolean> => {
  if (owner.pid === process.pid) return heldByThisProcess.has(lockFile)
  if (!isAlive(owner.pid)) return false
  if (owner.startTime === null) return true
  const current = await processStartTime(owner.pid)
  return current === null || current === owner.startTime // a different start time: the pid was reused
}

const tryCreate = async (lockFile: string, owner: LockOwner): Promise<boolean> => {
  try {
    await fs.writeFile(lockFile, JSON.stringify(owner), { flag: "wx" })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false
    throw error
  }
}

type Acquired = { readonly _tag: "Acquired" } | { readonly _tag: "Locked"; readonly ownerPid: number }

const acquire = async (lockFile: string): Promise<Acquired> => {
  const self: LockOwner = { pid: process.pid, startTime: await processStartTime(process.pid) }
  // Two rounds: the second follows the removal of a stale lock. (Two processes starting in the same instant
  // after a crash could both remove it; that window is accepted.)
  for (let round = 0; round < 2; round++) {
    if (await tryCreate(lockFile, self)) {
      heldByThisProcess.add(lockFile)
      return { _tag: "Acquired" }
    }
    const owner = await readOwner(lockFile)
    if (owner !== null && await ownerIsRunning(lockFile, owner)) return { _tag: "Locked", ownerPid: owner.pid }
    await fs.rm(lockFile, { force: true })
  }
  const owner = await readOwner(lockFile)
  return { _tag: "Locked", ownerPid: owner?.pid ?? -1 }
}

/** Holds the lock on `dataDir` for the lifetime of the current scope. */
export const lockDataDir = Effect.fn("Database.lockDataDir")(function*(dataDir: string) {
  const lockFile = path.join(path.resolve(dataDir), "pglite.lock")
  yield* Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        await fs.mkdir(path.dirname(lockFile), { recursive: true })
        return acquire(lockFile)
      },
      catch: (cause) => new DataDirLockError({ lockFile, cause })
    }).pipe(
      Effect.flatMap((result) =>
        result._tag === "Acquired"
          ? Effect.void
          : Effect.fail(new DataDirLocked({ lockFile, ownerPid: result.ownerPid }))
      )
    ),
    () =>
      Effect.promise(async () => {
        heldByThisProcess.delete(lockFile)
        await fs.rm(lockFile, { force: true }).catch(() => undefined)
      })
  )
  return lockFile
})
