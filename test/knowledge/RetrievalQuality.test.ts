/**
 * Acceptance: the retriever puts a gold source in the top 5 for at least 95 % of the seed questions that
 * have one, on PGlite and on the PostgreSQL server. The query is the customer's turns (follow-ups need
 * the earlier ones), exactly what `retrievalQuery` gives the answer engine.
 */
import { NodeContext } from "@effect/platform-node"
import { assert } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as fs from "node:fs"
import { fileURLToPath } from "node:url"
import { EmbedderDisabled } from "../../src/knowledge/Embedder.js"
import { KnowledgeBootstrapLive, KnowledgeIngest } from "../../src/knowledge/KnowledgeIngest.js"
import { parseLabeledChats, retrievalQuery } from "../../src/knowledge/LabeledChat.js"
import { Retriever, RetrieverPg } from "../../src/knowledge/Retriever.js"
import type { TestDatabase } from "../support/Databases.js"
import { perDatabase } from "./perDatabase.js"

const seed = parseLabeledChats(
  fs.readFileSync(fileURLToPath(new URL("../../datasets/chats/seed.jsonl", import.meta.url)), "utf8")
)
const withGold = seed.chats.filter((c) => c.expected.gold_sources.length > 0)

/** The start-up bootstrap loads the bundled datasets into the fresh database; the retriever reads them. */
const RetrievalLayer = (database: TestDatabase) =>
  Layer.mergeAll(RetrieverPg, KnowledgeBootstrapLive).pipe(
    Layer.provide(KnowledgeIngest.Default),
    Layer.provide(Layer.mergeAll(EmbedderDisabled, NodeContext.layer)),
    Layer.provideMerge(database.layer())
  )

perDatabase("retrieval quality", RetrievalLayer, (it, database) => {
  it.effect("the seed set decodes and has enough labeled questions", () =>
    Effect.sync(() => {
      assert.deepStrictEqual(seed.problems, [])
      assert.isAtLeast(seed.chats.length, 80)
      assert.isAtLeast(withGold.length, 60)
    }))

  it.effect("a gold source is in the top 5 for at least 95 % of the seed questions that have one", () =>
    Effect.gen(function*() {
      const retriever = yield* Retriever
      const misses: Array<string> = []
      for (const chat of withGold) {
        const passages = yield* retriever.search(retrievalQuery(chat), { limit: 5 })
        const gold = new Set(chat.expected.gold_sources)
        if (!passages.some((p) => gold.has(p.sourceId))) {
          misses.push(`${chat.id}: got ${passages.map((p) => p.sourceId).join(", ")} want ${[...gold].join(" | ")}`)
        }
      }
      const hitRate = 1 - misses.length / withGold.length
      assert.isAtLeast(hitRate, 0.95, `${database.name}: hit rate ${hitRate.toFixed(3)}; misses:\n${misses.join("\n")}`)
    }))

  it.effect("an exact part number puts its datasheet first, however it is written", () =>
    Effect.gen(function*() {
      const retriever = yield* Retriever
      for (const query of ["FM-CT-R13-22P", "fm ct r13/22p", "FMCTR1322P", "what is fm-ct-r13 22p rated for"]) {
        const [top] = yield* retriever.search(query)
        assert.strictEqual(top?.sourceId, "ds-fm-ct", query)
        assert.include(top!.text, "FM-CT-R13-22P", query)
        assert.include(top!.matchedBy, "part", query)
      }
    }))

  it.effect("passages carry their source metadata", () =>
    Effect.gen(function*() {
      const retriever = yield* Retriever
      const passages = yield* retriever.search("warranty period", { limit: 3 })
      const warranty = passages.find((p) => p.sourceId === "pol-warranty")
      assert.isDefined(warranty)
      assert.strictEqual(warranty!.kind, "policy")
      assert.strictEqual(warranty!.revision, "C")
      assert.strictEqual(warranty!.url, "https://docs.fitmate.example/policies/pol-warranty")
      assert.strictEqual(warranty!.title, "FitMate product warranty")
      assert.match(warranty!.id, /^pol-warranty#\d+$/)
      assert.isAbove(warranty!.score, 0)
      // Scores are sorted, and no source fills more than two of the places.
      assert.deepStrictEqual([...passages].sort((a, b) => b.score - a.score), [...passages])
    }))

  it.effect("a kinds filter restricts the sources, e.g. policies for a commercial question", () =>
    Effect.gen(function*() {
      const retriever = yield* Retriever
      const passages = yield* retriever.search("How much does FM-CT-R13-22P cost?", { kinds: ["policy"], limit: 3 })
      assert.isAbove(passages.length, 0)
      assert.isTrue(passages.every((p) => p.kind === "policy"))
      assert.strictEqual(passages[0]!.sourceId, "pol-pricing-quotes")
      const several = yield* retriever.search("FM-CT-R13-22P", { maxPerSource: 3, limit: 3 })
      assert.deepStrictEqual(several.map((p) => p.sourceId), ["ds-fm-ct", "ds-fm-ct", "ds-fm-ct"])
    }))

  it.effect("questions with nothing to find return few or unrelated passages, never an error", () =>
    Effect.gen(function*() {
      const retriever = yield* Retriever
      assert.deepStrictEqual(yield* retriever.search("", { limit: 5 }), [])
      const passages = yield* retriever.search("??? !!!", { limit: 5 })
      assert.deepStrictEqual(passages, [])
    }))
})
