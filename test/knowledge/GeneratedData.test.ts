/**
 * The committed sample data is exactly what the generator produces, it decodes without a single problem,
 * it is big and varied enough, and the documents agree with the catalog.
 */
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { generate, generatedFolders } from "../../datasets/generate.js"
import { bundledDatasets } from "../../src/knowledge/KnowledgeIngest.js"
import { buildKnowledgeSet, readKnowledgeFiles } from "../../src/knowledge/KnowledgeSet.js"
import { parseLabeledChats } from "../../src/knowledge/LabeledChat.js"

const datasetsDir = fileURLToPath(new URL("../../datasets/", import.meta.url))

const listFiles = (dir: string): ReadonlyArray<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]
  )

const bundled = Effect.gen(function*() {
  const files = yield* readKnowledgeFiles(bundledDatasets)
  return yield* buildKnowledgeSet(files)
}).pipe(Effect.provide(NodeContext.layer))

const celsius = (n: number) => (n > 0 ? `+${n} °C` : `${n} °C`)
const normalise = (text: string) => text.replace(/\s+/g, " ").toLowerCase()

describe("FitMate sample data", () => {
  it.effect("regenerating yields identical bytes, and nothing stale is left in the generated folders", () =>
    Effect.sync(() => {
      const files = generate()
      for (const [relative, content] of files) {
        const onDisk = fs.readFileSync(path.join(datasetsDir, relative), "utf8")
        assert.isTrue(onDisk === content, `${relative} differs from the generator output: run pnpm tsx datasets/generate.ts`)
      }
      const generatedPaths = new Set([...files.keys()].map((p) => path.join(datasetsDir, p)))
      for (const folder of generatedFolders) {
        for (const file of listFiles(path.join(datasetsDir, folder))) {
          assert.isTrue(generatedPaths.has(file), `${file} is not produced by the generator`)
        }
      }
    }))

  it.effect("decodes without problems and meets the size targets", () =>
    Effect.gen(function*() {
      const set = yield* bundled
      assert.deepStrictEqual(set.warnings, [])
      assert.isAtLeast(set.parts.length, 400)
      const productSeries = new Set(set.parts.filter((p) => p.category === "connector").map((p) => p.series))
      assert.isAtLeast(productSeries.size, 10)
      const families = new Set(set.parts.map((p) => p.family))
      for (const family of ["circular-mil", "rectangular-industrial", "rf-coaxial", "board-to-board", "power", "sealed-automotive", "fiber-optic"]) {
        assert.isTrue(families.has(family), family)
      }
      assert.isAtLeast(set.sources.length, 60)
      const kinds = new Set(set.sources.map((s) => s.kind))
      assert.deepStrictEqual([...kinds].sort(), ["application_note", "assembly_spec", "datasheet", "faq", "policy", "troubleshooting"])
      // Every part number is fictitious: the FitMate prefix.
      assert.isTrue(set.parts.every((p) => p.partNumber.startsWith("FM-")))
    }))

  it.effect("every part is in its datasheet with the same ratings and temperature range", () =>
    Effect.gen(function*() {
      const set = yield* bundled
      const sources = new Map(set.sources.map((s) => [s.id, s]))
      for (const part of set.parts) {
        const sheet = sources.get(part.datasheetId!)
        assert.isDefined(sheet, part.partNumber)
        assert.strictEqual(sheet!.revision, part.datasheetRevision, part.partNumber)
        const text = sheet!.chunks.map((c) => c.text).join("\n")
        const row = text.split("\n").find((line) => line.startsWith(`| ${part.partNumber} |`))
        assert.isDefined(row, `${part.partNumber} has no row in ${sheet!.id}`)
        if (part.currentRatingA !== null) assert.include(row!, ` ${part.currentRatingA} A |`, part.partNumber)
        if (part.voltageRatingV !== null && / V \|/.test(row!)) assert.include(row!, ` ${part.voltageRatingV} V |`, part.partNumber)
        if (part.positions !== null && part.category === "connector" && part.positions > 1) {
          assert.include(row!, `| ${part.positions} |`, part.partNumber)
        }
        if (part.category === "connector" && part.tempMinC !== null && part.tempMaxC !== null) {
          assert.include(text, `${celsius(part.tempMinC)} to ${celsius(part.tempMaxC)}`, part.partNumber)
        }
      }
    }))

  it.effect("the seed questions are labeled consistently with the documents", () =>
    Effect.gen(function*() {
      const set = yield* bundled
      const { chats, problems } = parseLabeledChats(fs.readFileSync(path.join(datasetsDir, "chats/seed.jsonl"), "utf8"))
      assert.deepStrictEqual(problems, [])
      assert.isAtLeast(chats.length, 80)
      const sources = new Map(set.sources.map((s) => [s.id, normalise(s.chunks.map((c) => c.text).join(" "))]))
      const partNumbers = new Set(set.parts.map((p) => p.partNumber))
      const explicitRequests = chats.filter((c) => c.tags.includes("request-person"))
      assert.isAtLeast(explicitRequests.length, 15)
      assert.isTrue(explicitRequests.every((c) => c.expected.decision === "escalate" && c.expected.reason === "explicit_request"))
      for (const tag of ["product", "compatibility", "troubleshooting", "commercial", "greeting", "out-of-scope", "typo", "follow-up"]) {
        assert.isTrue(chats.some((c) => c.tags.includes(tag)), tag)
      }
      for (const chat of chats) {
        for (const gold of chat.expected.gold_sources) assert.isTrue(sources.has(gold), `${chat.id}: unknown source ${gold}`)
        if (chat.expected.gold_sources.length > 0) {
          for (const fact of chat.expected.must_contain) {
            assert.isTrue(
              chat.expected.gold_sources.some((g) => sources.get(g)!.includes(normalise(fact))),
              `${chat.id}: "${fact}" is in none of its gold sources`
            )
          }
        }
        // Part numbers in questions exist, unless the question is about a mistyped or unknown one.
        if (!chat.tags.some((t) => t === "fuzzy-part" || t === "unknown-part")) {
          for (const turn of chat.turns) {
            for (const pn of turn.text.match(/\bFM-[A-Z]{2}(?:-[A-Z0-9]+)+\b/g) ?? []) {
              assert.isTrue(partNumbers.has(pn), `${chat.id}: ${pn} is not in the catalog`)
            }
          }
        }
      }
    }))
})
