import { NodeContext } from "@effect/platform-node"
import { assert } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { Catalog } from "../../src/knowledge/Catalog.js"
import { EmbedderDisabled } from "../../src/knowledge/Embedder.js"
import { KnowledgeBootstrapLive, KnowledgeIngest } from "../../src/knowledge/KnowledgeIngest.js"
import type { TestDatabase } from "../support/Databases.js"
import { perDatabase } from "./perDatabase.js"

const CatalogLayer = (database: TestDatabase) =>
  Layer.mergeAll(Catalog.Default, KnowledgeBootstrapLive).pipe(
    Layer.provide(KnowledgeIngest.Default),
    Layer.provide(Layer.mergeAll(EmbedderDisabled, NodeContext.layer)),
    Layer.provideMerge(database.layer())
  )

const numbers = (parts: ReadonlyArray<{ readonly partNumber: string }>) => parts.map((p) => p.partNumber)

perDatabase("catalog tools", CatalogLayer, (it) => {
  it.effect("exact lookup normalises the part number", () =>
    Effect.gen(function*() {
      const catalog = yield* Catalog
      for (const written of ["FM-CT-R13-22P", "fm ct r13/22p", "FMCTR1322P", "fm_ct_r13.22p"]) {
        const part = Option.getOrThrow(yield* catalog.lookup(written))
        assert.strictEqual(part.partNumber, "FM-CT-R13-22P")
        assert.strictEqual(part.currentRatingA, 5)
        assert.strictEqual(part.voltageRatingV, 400)
        assert.strictEqual(part.shellSize, "13")
        assert.strictEqual(part.positions, 22)
        assert.strictEqual(part.datasheetId, "ds-fm-ct")
      }
      assert.isTrue(Option.isNone(yield* catalog.lookup("FM-CT-R13-22X")))
    }))

  it.effect("a missing part fails with close suggestions", () =>
    Effect.gen(function*() {
      const catalog = yield* Catalog
      const error = yield* Effect.flip(catalog.find("FM-CT-R13-22"))
      assert.strictEqual(error._tag, "PartNotFound")
      if (error._tag !== "PartNotFound") return
      assert.includeMembers(error.suggestions.slice(0, 2), ["FM-CT-R13-22P", "FM-CT-R13-22S"])
      const none = yield* Effect.flip(catalog.find("XYZ"))
      assert.deepStrictEqual(none._tag === "PartNotFound" ? none.suggestions : ["?"], [])
    }))

  it.effect("resolves parts and series mentioned in free text, exactly or approximately", () =>
    Effect.gen(function*() {
      const catalog = yield* Catalog
      const exact = yield* catalog.resolve("Does fm-ct-r13-22p mate with FM-CT-P13-22S from the CB series?")
      assert.deepStrictEqual(exact.parts.map((p) => [p.partNumber, p.exact]), [
        ["FM-CT-R13-22P", true],
        ["FM-CT-P13-22S", true]
      ])
      assert.deepStrictEqual(exact.series.map((s) => s.series), ["FM-CB", "FM-CT"])
      const typo = yield* catalog.resolve("mating plug for FM-AS-RO6-A?")
      assert.isTrue(typo.parts.length > 0 && typo.parts.every((p) => !p.exact))
      assert.include(typo.parts.map((p) => p.partNumber), "FM-AS-R06-A")
      const nothing = yield* catalog.resolve("hello, is anyone there?")
      assert.deepStrictEqual(nothing.parts, [])
    }))

  it.effect("mating parts agree on series, shell size and positions", () =>
    Effect.gen(function*() {
      const catalog = yield* Catalog
      assert.deepStrictEqual(numbers(yield* catalog.matingParts("FM-CT-R13-22P")), ["FM-CT-P13-22S"])
      // Finish does not matter for FM-CB: both finishes of the opposite half mate.
      assert.deepStrictEqual(numbers(yield* catalog.matingParts("FM-CB-R12-10P-Z")), ["FM-CB-P12-10S-C", "FM-CB-P12-10S-Z"])
      assert.deepStrictEqual(numbers(yield* catalog.matingParts("FM-BB-P080")), ["FM-BB-R080-05", "FM-BB-R080-08"])
      const part = yield* catalog.find("FM-AS-P06-A")
      for (const mate of yield* catalog.matingParts(part.partNumber)) {
        assert.deepStrictEqual([mate.series, mate.shellSize, mate.positions], [part.series, part.shellSize, part.positions])
      }
    }))

  it.effect("compatible contacts, backshells, caps and tools — and what an accessory fits", () =>
    Effect.gen(function*() {
      const catalog = yield* Catalog
      const ct = yield* catalog.compatible("FM-CT-R13-22P")
      assert.deepStrictEqual(numbers(ct.contacts), ["FM-CT-C22DP"])
      assert.deepStrictEqual(numbers(ct.backshells), ["FM-CT-B13-A", "FM-CT-B13-S"])
      assert.deepStrictEqual(numbers(ct.caps), ["FM-CT-DC13-R"])
      assert.deepStrictEqual(numbers(ct.tools), ["FM-TC-M1"])
      assert.strictEqual(ct.contacts[0]!.contactSize, ct.part.contactSize)

      const cap = yield* catalog.compatible("FM-CT-DC13-R")
      assert.deepStrictEqual(numbers(cap.usedWith), ["FM-CT-R13-08P", "FM-CT-R13-08S", "FM-CT-R13-22P", "FM-CT-R13-22S"])

      const contact = yield* catalog.compatible("FM-HR-C16M-15")
      assert.deepStrictEqual(numbers(contact.tools), ["FM-TC-H1"])
      assert.deepStrictEqual(numbers(contact.matingParts), ["FM-HR-C16F-15"])
      assert.includeMembers(numbers(contact.usedWith), ["FM-HR-I06-06M", "FM-HR-I24-24M"])

      const tool = yield* catalog.compatible("FM-TC-Q1")
      assert.includeMembers(numbers(tool.usedWith), ["FM-QS-P-316", "FM-QB-P50-58"])
      assert.notInclude(numbers(tool.usedWith), "FM-QB-P75-6")
    }))

  it.effect("attribute search: IP67 circular, 8 positions, at least 10 A", () =>
    Effect.gen(function*() {
      const catalog = yield* Catalog
      const result = yield* catalog.searchText("IP67 circular, 8 positions, at least 10 A")
      assert.isAbove(result.total, 0)
      assert.strictEqual(result.parts.length, result.total)
      for (const p of result.parts) {
        assert.include(["circular-mil", "circular-sensor", "circular-push-pull"], p.family)
        assert.strictEqual(p.positions, 8)
        assert.isAtLeast(p.currentRatingA!, 10)
        assert.include(["IP67", "IP68"], p.ipRating)
        assert.strictEqual(p.category, "connector")
      }
      assert.include(numbers(result.parts), "FM-CB-R24-08P-Z")
    }))

  it.effect("attribute search: structured filters, limits and series named in the text", () =>
    Effect.gen(function*() {
      const catalog = yield* Catalog
      const rf = yield* catalog.search({ impedanceOhm: 75, genders: ["jack"], categories: ["connector"] })
      assert.deepStrictEqual(numbers(rf.parts), ["FM-QB-J75-BH", "FM-QB-J75-PCB"])
      const hot = yield* catalog.search({ operatingC: { max: 175 }, categories: ["connector"] }, { limit: 3 })
      assert.strictEqual(hot.parts.length, 3)
      assert.isAbove(hot.total, 3)
      assert.isTrue(hot.parts.every((p) => p.tempMaxC! >= 175))
      const cold = yield* catalog.searchText("FM-CB receptacle rated down to -65 °C, not RoHS")
      assert.isTrue(cold.parts.length > 0)
      assert.isTrue(cold.parts.every((p) => p.series === "FM-CB" && p.gender === "receptacle" && p.tempMinC! <= -65))
      const tools = yield* catalog.searchText("crimp tool")
      assert.isTrue(tools.parts.every((p) => p.category === "tool"))
      assert.isAtLeast(tools.total, 10)
      const none = yield* catalog.searchText("IP68 board-to-board")
      assert.strictEqual(none.total, 0)
    }))

  it.effect("lists the series", () =>
    Effect.gen(function*() {
      const catalog = yield* Catalog
      const series = yield* catalog.seriesList()
      assert.isAtLeast(series.length, 10)
      const ct = series.find((s) => s.series === "FM-CT")!
      assert.deepStrictEqual([ct.family, ct.datasheetId, ct.parts, ct.connectors], ["circular-mil", "ds-fm-ct", 114, 72])
    }))
})
