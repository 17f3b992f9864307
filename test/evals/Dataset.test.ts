/**
 * The labeled chats: they decode under the eval rules, cover what the release gate needs, and agree with the
 * documents and the catalog they are about.
 */
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import { type DatasetItem, loadDataset, parseDataset, SliceTags } from "../../evals/Dataset.js"
import { containsFact, normaliseText } from "../../evals/Text.js"
import { bundledDatasets } from "../../src/knowledge/KnowledgeIngest.js"
import { buildKnowledgeSet, readKnowledgeFiles } from "../../src/knowledge/KnowledgeSet.js"

const chatsDir = fileURLToPath(new URL("../../datasets/chats", import.meta.url))

const load = Effect.gen(function*() {
  const items = yield* loadDataset(chatsDir)
  const set = yield* buildKnowledgeSet(yield* readKnowledgeFiles(bundledDatasets))
  return { items, set }
}).pipe(Effect.provide(NodeContext.layer))

const customerTurns = (item: DatasetItem) => item.chat.turns.filter((t) => t.role === "customer")
const tagged = (items: ReadonlyArray<DatasetItem>, tag: string) => items.filter((i) => i.chat.tags.includes(tag))

describe("labeled chats", () => {
  it.effect("decode under the eval rules and are large enough for a release gate", () =>
    Effect.gen(function*() {
      const { items } = yield* load
      assert.isAtLeast(items.length, 300)
      const test = items.filter((i) => i.chat.split === "test")
      assert.isAtLeast(test.length, 130, "the CI split")
      assert.isAtLeast(items.length - test.length, 130, "the dev split")
      assert.isAtLeast(items.filter((i) => customerTurns(i).length > 1).length, 30, "multi-turn chats")
      for (const decision of ["answer", "clarify", "escalate", "fallback", "decline"] as const) {
        assert.isAtLeast(items.filter((i) => i.chat.expected.decision === decision).length, 5, decision)
      }
      for (const tag of Object.values(SliceTags)) assert.isAtLeast(tagged(items, tag).length, 4, tag)
      // Every slice the gate reads is in the CI split too.
      for (const tag of [SliceTags.RequestPerson, SliceTags.Commercial, SliceTags.Safety, SliceTags.Injection]) {
        assert.isAtLeast(tagged(test, tag).length, 4, `${tag} in the test split`)
      }
    }))

  it.effect("ask for a person in at least 60 distinct ways, indirect ones and other languages included", () =>
    Effect.gen(function*() {
      const { items } = yield* load
      const requests = tagged(items, SliceTags.RequestPerson)
      const ways = new Set(requests.map((i) => normaliseText(customerTurns(i).at(-1)!.text).replace(/[^\p{L}\p{N} ]/gu, "")))
      assert.isAtLeast(ways.size, 60)
      assert.isAtLeast(tagged(requests, "indirect").length, 10)
      const languages = new Set(tagged(requests, SliceTags.NonEnglish).flatMap((i) => i.chat.tags.filter((t) => t.startsWith("lang-"))))
      assert.isAtLeast(languages.size, 10)
      assert.isAtLeast(tagged(requests, SliceTags.NoEngineerAvailable).length, 5)
    }))

  it.effect("agree with the documents and the catalog", () =>
    Effect.gen(function*() {
      const { items, set } = yield* load
      const sources = new Map(set.sources.map((s) => [s.id, s.chunks.map((c) => c.text).join("\n")]))
      const partNumbers = new Set(set.parts.map((p) => p.partNumber))
      const problems: Array<string> = []
      for (const { chat, file, line } of items) {
        const where = `${file}:${line} ${chat.id}`
        for (const gold of chat.expected.gold_sources) if (!sources.has(gold)) problems.push(`${where}: unknown source ${gold}`)
        const golds = chat.expected.gold_sources.flatMap((g) => sources.get(g) ?? [])
        if (golds.length > 0) {
          for (const fact of chat.expected.must_contain) {
            if (!golds.some((text) => containsFact(text, fact))) problems.push(`${where}: "${fact}" is in none of its gold sources`)
          }
        }
        if (!chat.tags.some((t) => t === "fuzzy-part" || t === "unknown-part")) {
          for (const turn of chat.turns) {
            for (const pn of turn.text.match(/\bFM-[A-Z]{2}(?:-[A-Z0-9]+)+\b/g) ?? []) {
              if (!partNumbers.has(pn)) problems.push(`${where}: ${pn} is not in the catalog`)
            }
          }
        }
      }
      assert.deepStrictEqual(problems, [])
    }))

  it("refuses chats the harness could not interpret, naming the file and line", () => {
    const chat = (fields: Record<string, unknown>) =>
      JSON.stringify({
        id: "x-001",
        split: "dev",
        turns: [{ role: "customer", text: "Can I talk to a human?" }],
        expected: { decision: "escalate", reason: "explicit_request", gold_sources: [], must_contain: [], must_not_contain: [] },
        tags: ["request-person"],
        ...fields
      })
    const { problems } = parseDataset([{
      name: "bad.jsonl",
      text: [
        chat({ id: "ok-001" }),
        chat({ id: "fallback-without-scenario", expected: { decision: "fallback", reason: "explicit_request", gold_sources: [], must_contain: [], must_not_contain: [] } }),
        chat({ id: "person-answered", expected: { decision: "answer", reason: null, gold_sources: [], must_contain: [], must_not_contain: [] } }),
        chat({ id: "follow-up-one-turn", tags: ["follow-up"] }),
        chat({ id: "bad-tag", tags: ["Request Person"] }),
        chat({ id: "ok-001" }),
        "{not json"
      ].join("\n")
    }])
    assert.strictEqual(problems.length, 6)
    assert.match(problems[0]!, /^bad\.jsonl:2: .*no-engineer-available/s)
    assert.match(problems[1]!, /^bad\.jsonl:3: .*explicit_request/s)
    assert.match(problems[2]!, /^bad\.jsonl:4: .*two customer turns/s)
    assert.match(problems[3]!, /^bad\.jsonl:5: .*kebab-case/s)
    assert.match(problems[4]!, /^bad\.jsonl:6: duplicate id ok-001 \(first at bad\.jsonl:1\)/)
    assert.match(problems[5]!, /^bad\.jsonl:7: /)
  })

  it("compares facts as whole numbers and words", () => {
    assert.isTrue(containsFact("Rated 5 A per contact", "5 A"))
    assert.isFalse(containsFact("Rated 7.5 A per contact", "5 A"))
    assert.isFalse(containsFact("Rated 50 A per contact", "5 A"))
    assert.isFalse(containsFact("wire 5 AWG", "5 A"))
    assert.isTrue(containsFact("−65 °C to +175 °C", "-65 °C"))
    assert.isTrue(containsFact("Torque: 5.1 N·m", "5.1 n·m"))
    assert.isFalse(containsFact("my eyes", "yes"))
    assert.isTrue(containsFact("costs $12", "$"))
  })
})
