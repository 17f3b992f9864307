/**
 * Creating a PGlite cluster costs seconds of CPU, the same every time. A template is a closed, ready PGlite data
 * folder built once per key (a digest of whatever decides its content) and kept in the OS temp folder; a database
 * that starts as a copy of it opens in well under a second. Used by the tests and the eval runs.
 */
import { Effect, Layer } from "effect"
import * as fs from "node:fs/promises"
import * as os from "node:os"
import * as path from "node:path"
import { type Database, embedded } from "./Database.js"

/** A temp folder that lives as long as the current scope. */
export const tempDir = (prefix: string) =>
  Effect.acquireRelease(
    Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), prefix))),
    (dir) => Effect.promise(() => fs.rm(dir, { recursive: true, force: true }))
  )

/**
 * The template folder for `key`, built with `prepare` (given the database of a fresh folder) when missing.
 * Older templates with the same prefix are removed.
 */
export const pgliteTemplate = <A, E, R>(options: {
  readonly prefix: string
  readonly key: string
  readonly prepare: Layer.Layer<A, E, R | Database>
}) =>
  Effect.gen(function*() {
    const template = path.join(os.tmpdir(), `${options.prefix}${options.key}`)
    const ready = yield* Effect.promise(() => fs.access(path.join(template, "ready")).then(() => true, () => false))
    if (ready) return template
    // Not under the prefix: the clean-up below must not take another process's half-built folder.
    const building = yield* Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), "fitmate-template-build-")))
    yield* Effect.scoped(Layer.build(options.prepare.pipe(Layer.provideMerge(embedded({ dataDir: building }))))).pipe(
      Effect.onError(() => Effect.promise(() => fs.rm(building, { recursive: true, force: true })))
    )
    yield* Effect.promise(async () => {
      await fs.writeFile(path.join(building, "ready"), "")
      // Another process may have finished first: its template is as good as ours.
      await fs.rename(building, template).catch(() => fs.rm(building, { recursive: true, force: true }))
      for (const entry of await fs.readdir(os.tmpdir())) {
        const other = path.join(os.tmpdir(), entry)
        if (entry.startsWith(options.prefix) && other !== template) await fs.rm(other, { recursive: true, force: true })
      }
    })
    return template
  })

/** A data folder holding a copy of the template, removed when the scope closes. */
export const copyOfTemplate = (template: string, prefix: string) =>
  Effect.gen(function*() {
    const dataDir = yield* tempDir(prefix)
    yield* Effect.promise(() => fs.cp(path.join(template, "pglite"), path.join(dataDir, "pglite"), { recursive: true }))
    return dataDir
  })
