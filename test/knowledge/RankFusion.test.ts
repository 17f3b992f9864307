import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { type RankedList, reciprocalRankFusion, RRF_K } from "../../src/knowledge/RankFusion.js"
import { select } from "../../src/knowledge/Retriever.js"

describe("rank fusion", () => {
  it.effect("sums weight / (k + rank) over the lists and remembers which channels found each id", () =>
    Effect.sync(() => {
      const fused = reciprocalRankFusion([
        { channel: "text", weight: 1, ids: ["a#0", "b#0"] },
        { channel: "part", weight: 2, ids: ["b#0"] }
      ])
      assert.deepStrictEqual(fused.map((f) => f.id), ["b#0", "a#0"])
      assert.closeTo(fused[0]!.score, 1 / (RRF_K + 2) + 2 / (RRF_K + 1), 1e-12)
      assert.deepStrictEqual(fused[0]!.channels, ["text", "part"])
      // Ties are broken by id, so the order never depends on insertion order.
      assert.deepStrictEqual(
        reciprocalRankFusion([{ channel: "text", weight: 1, ids: ["z#0"] }, { channel: "semantic", weight: 1, ids: ["y#0"] }]).map((f) => f.id),
        ["y#0", "z#0"]
      )
    }))

  it.effect("selection caps chunks per source and keeps the best hit of each guaranteed channel", () =>
    Effect.sync(() => {
      const lists: ReadonlyArray<RankedList> = [
        { channel: "part", weight: 2, ids: ["sheet#1", "sheet#2", "tools#1", "notes#1", "spec#1"] },
        { channel: "series", weight: 0.6, ids: ["sheet#1", "sheet#2", "spec#1", "faq#1", "tools#1"] },
        { channel: "text", weight: 1, ids: ["policy#1"] }
      ]
      const chosen = select(reciprocalRankFusion(lists), lists, 4, 1)
      const ids = chosen.map((c) => c.id)
      assert.strictEqual(ids.length, 4)
      assert.strictEqual(ids[0], "sheet#1")
      assert.include(ids, "policy#1")
      assert.strictEqual(new Set(ids.map((id) => id.split("#")[0])).size, 4)
      // Sorted by fused score.
      assert.deepStrictEqual([...chosen].sort((a, b) => b.score - a.score), [...chosen])
      // With room to spare nothing is displaced, and two chunks per source are allowed when asked for.
      const roomy = select(reciprocalRankFusion(lists), lists, 10, 2).map((c) => c.id)
      assert.includeMembers(roomy, ["sheet#1", "sheet#2", "policy#1"])
    }))
})
