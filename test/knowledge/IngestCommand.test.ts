/**
 * The `pnpm ingest` entry point as an operator runs it: a child process against a fresh PostgreSQL database.
 * Exit status 0 and a summary when the files are good (a second run changes nothing); exit status 1,
 * every problem as file:line: field: message on stderr and nothing written when they are not.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { tempDir, temporaryPostgresDatabase } from "../support/Databases.js"

const root = fileURLToPath(new URL("../../", import.meta.url))

const ingest = (databaseUrl: string, args: ReadonlyArray<string> = []) =>
  Effect.async<{ readonly code: number; readonly stdout: string; readonly stderr: string }>((resume) => {
    const child = execFile(
      path.join(root, "node_modules/.bin/tsx"),
      ["src/knowledge/ingest.ts", ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resume(Effect.succeed({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr }))
    )
    return Effect.sync(() => child.kill())
  })

describe("pnpm ingest", () => {
  it.live("loads the bundled datasets, is idempotent, and refuses bad files with every problem listed", () =>
    Effect.gen(function*() {
      const { url } = yield* temporaryPostgresDatabase

      const first = yield* ingest(url)
      assert.strictEqual(first.code, 0, first.stderr)
      assert.include(first.stdout, "parts:   546 inserted")
      assert.include(first.stdout, "sources: 69 inserted")

      const dir = yield* tempDir("fitmate-bad-")
      yield* Effect.promise(() => fs.cp(path.join(root, "datasets"), dir, { recursive: true }))
      const csvPath = path.join(dir, "fitmate", "accessories.csv")
      const csv = (yield* Effect.promise(() => fs.readFile(csvPath, "utf8"))).split("\n")
      csv[2] = csv[2]!.replace(",IP68,", ",IP6X8,")
      yield* Effect.promise(() => fs.writeFile(csvPath, csv.join("\n")))
      const mdPath = path.join(dir, "sources", "faq", "faq-rf.md")
      yield* Effect.promise(async () =>
        fs.writeFile(mdPath, (await fs.readFile(mdPath, "utf8")).replace(/^revision: .*$/m, "revision: \"\""))
      )
      const bad = yield* ingest(url, ["--catalog", path.join(dir, "fitmate"), "--sources", path.join(dir, "sources")])
      assert.strictEqual(bad.code, 1)
      assert.include(bad.stderr, "Import refused, nothing was written (2 problems)")
      assert.include(bad.stderr, `${csvPath}:3: ipRating: Expected an IP code such as IP67 or IP6K9K, actual "IP6X8"`)
      assert.include(bad.stderr, `${mdPath}:4: revision:`)

      // The refused import wrote nothing, and an unchanged import changes nothing.
      const after = yield* ingest(url)
      assert.strictEqual(after.code, 0, after.stderr)
      assert.include(after.stdout, "546 unchanged")
      assert.include(after.stdout, "nothing changed")
    }).pipe(Effect.scoped), { timeout: 240_000 })
})
