/** The README is the settings reference: every variable the code reads must be in its table. */
import { assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "../..")

const sourceFiles = (dir: string): ReadonlyArray<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(path.join(dir, entry.name))
      : entry.name.endsWith(".ts") ? [path.join(dir, entry.name)] : []
  )

// `Config.string("NAME")`, `Config.redacted("NAME")`, `Config.literal(...)("NAME")`, …
const configName = /Config\.[a-zA-Z]+(?:\([^()]*\))?\(\s*"([A-Z][A-Z0-9_]+)"/g

describe("README", () => {
  it("documents every environment variable the bot reads", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
    const names = new Set(
      sourceFiles(path.join(root, "src")).flatMap((file) =>
        [...fs.readFileSync(file, "utf8").matchAll(configName)].map((match) => match[1]!)
      )
    )
    assert.isAbove(names.size, 20)
    const missing = [...names].filter((name) => !readme.includes(`\`${name}\``)).sort()
    assert.deepStrictEqual(missing, [])
  })
})
