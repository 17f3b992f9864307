/**
 * Acceptance: every labeled seed chat (datasets/chats/seed.jsonl) through the offline engine and the hand-off
 * policy, against a database the start-up bootstrap ingested.
 *
 *  - every part number and every number with a unit in a sent answer appears in a cited source — checked against
 *    the full source documents on disk, independently of what the engine retrieved;
 *  - every explicit request for a person is escalated with reason `explicit_request`;
 *  - quality floors (decision and must-contain agreement with the labels) so regressions show up here.
 */
import { NodeContext } from "@effect/platform-node"
import { assert, layer } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { AgentGraph, type HistoryEntry, type TurnResult } from "../../src/agents/AgentGraph.js"
import { extractAtoms } from "../../src/agents/Groundedness.js"
import { checkGroundedness } from "../../src/agents/Groundedness.js"
import { OfflineAgentGraph } from "../../src/agents/OfflineAgentGraph.js"
import { renderDraft } from "../../src/conversation/Replies.js"
import type { HandoffDecision } from "../../src/handoff/HandoffDecision.js"
import { decideWith } from "../../src/handoff/HandoffPolicy.js"
import { Catalog } from "../../src/knowledge/Catalog.js"
import { EmbedderDisabled } from "../../src/knowledge/Embedder.js"
import { KnowledgeBootstrapLive, KnowledgeIngest } from "../../src/knowledge/KnowledgeIngest.js"
import { type LabeledChat, parseLabeledChats } from "../../src/knowledge/LabeledChat.js"
import { RetrieverPg } from "../../src/knowledge/Retriever.js"
import { databases } from "../support/Databases.js"

const root = fileURLToPath(new URL("../../datasets/", import.meta.url))
const seed = parseLabeledChats(fs.readFileSync(path.join(root, "chats/seed.jsonl"), "utf8"))

/** Every source document by id, as on disk (front matter title included). */
const documents = new Map<string, string>()
const walk = (dir: string): void => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full)
    else if (entry.name.endsWith(".md")) {
      const text = fs.readFileSync(full, "utf8")
      const id = /^id:\s*(\S+)/m.exec(text)?.[1]
      if (id !== undefined) documents.set(id, text)
    }
  }
}
walk(path.join(root, "sources"))

const policy = decideWith({ minConfidence: 0.5, maxUnresolvedTurns: 2 })

interface Outcome {
  readonly chat: LabeledChat
  readonly result: TurnResult
  readonly decision: HandoffDecision
  /** What the customer saw from the bot for the last turn ("" for a bare hand-off). */
  readonly sent: string
}

const decisionName = (d: HandoffDecision) => (d._tag === "Escalate" ? "escalate" : d._tag.toLowerCase())

const database = databases.find((d) => d.name === "postgres")!
const EngineLayer = OfflineAgentGraph.pipe(
  Layer.provide(Layer.mergeAll(RetrieverPg, Catalog.Default)),
  Layer.provide(KnowledgeBootstrapLive),
  Layer.provide(KnowledgeIngest.Default),
  Layer.provide(Layer.mergeAll(EmbedderDisabled, NodeContext.layer)),
  Layer.provide(database.layer())
)

/** Replays the customer turns; the bot's earlier replies join the history as the customer saw them. */
const runChat = (chat: LabeledChat) =>
  Effect.gen(function*() {
    const engine = yield* AgentGraph
    const history: Array<HistoryEntry> = []
    let unresolved = 0
    let last: Outcome | undefined
    for (const turn of chat.turns) {
      if (turn.role === "bot") {
        history.push({ role: "bot", text: turn.text })
        continue
      }
      const postbackId = Option.none<string>()
      const result = yield* engine.run({ conversationKey: chat.id, question: turn.text, history: [...history], postbackId })
      const decision = policy({ question: turn.text, postbackId, result, unresolvedTurns: unresolved })
      const sent = decision._tag === "Answer"
        ? renderDraft(decision.draft)
        : decision._tag === "Clarify" || decision._tag === "Decline"
        ? decision.text
        : Option.match(decision.interim, { onNone: () => "", onSome: renderDraft })
      unresolved = decision._tag === "Clarify" ? unresolved + 1 : decision._tag === "Answer" ? 0 : unresolved
      history.push({ role: "customer", text: turn.text })
      if (sent !== "") history.push({ role: "bot", text: sent })
      last = { chat, result, decision, sent }
    }
    return last!
  })

layer(EngineLayer, { timeout: "180 seconds" })("offline engine on the seed set", (it) => {
  let outcomes: ReadonlyArray<Outcome> = []
  const all = Effect.gen(function*() {
    if (outcomes.length === 0) outcomes = yield* Effect.forEach(seed.chats, runChat)
    return outcomes
  })

  it.effect("the seed set decodes and is large enough", () =>
    Effect.sync(() => {
      assert.deepStrictEqual(seed.problems, [])
      assert.isAtLeast(seed.chats.length, 80)
      assert.isAtLeast(documents.size, 60)
    }))

  it.effect("every part number and number with a unit in a sent answer is in a cited source", () =>
    Effect.gen(function*() {
      const problems: Array<string> = []
      let answers = 0
      for (const o of yield* all) {
        const draft = o.decision._tag === "Answer"
          ? Option.some(o.decision.draft)
          : o.decision._tag === "Escalate"
          ? o.decision.interim
          : Option.none()
        if (Option.isNone(draft)) {
          // Questions back and declines state no ratings and no prices.
          const atoms = extractAtoms(o.sent).filter((a) => a.kind === "quantity" || a.kind === "money")
          if (atoms.length > 0) problems.push(`${o.chat.id}: ${decisionName(o.decision)} text states ${atoms.map((a) => a.text)}`)
          continue
        }
        if (draft.value.citations.length === 0) continue // greetings: no atoms (checked by the verifier)
        answers++
        const sources = draft.value.citations.map((c) => ({ id: c.id, text: documents.get(c.id) ?? "" }))
        const missing = draft.value.citations.filter((c) => !documents.has(c.id)).map((c) => c.id)
        if (missing.length > 0) problems.push(`${o.chat.id}: cites unknown sources ${missing}`)
        const report = checkGroundedness(o.sent, sources)
        const unsupported = report.atoms.filter((a) => !a.supported)
        if (unsupported.length > 0) problems.push(`${o.chat.id}: unsupported ${unsupported.map((a) => a.text).join(", ")}`)
        if (!report.grounded) {
          problems.push(`${o.chat.id}: not grounded: ${report.sentences.filter((s) => !s.supported).map((s) => s.text).join(" | ")}`)
        }
      }
      assert.isAtLeast(answers, 60, "the engine answered too few seed questions")
      assert.deepStrictEqual(problems, [])
    }), { timeout: 120_000 })

  it.effect("every explicit request for a person is escalated", () =>
    Effect.gen(function*() {
      const requests = (yield* all).filter((o) => o.chat.expected.reason === "explicit_request")
      assert.isAtLeast(requests.length, 15)
      for (const o of requests) {
        assert.strictEqual(o.decision._tag === "Escalate" ? o.decision.reason : o.decision._tag, "explicit_request", o.chat.id)
      }
    }))

  it.effect("follow-ups: a clicked series or part completes the earlier question; pronouns reach back", () =>
    Effect.gen(function*() {
      const engine = yield* AgentGraph
      const turn = (question: string, history: ReadonlyArray<HistoryEntry>, postback?: string) =>
        engine.run({ conversationKey: "k", question, history, postbackId: Option.fromNullable(postback) })
      const text = (r: TurnResult) => Option.match(r.draft, { onNone: () => "", onSome: (d) => d.text })

      const vague = yield* turn("What's the current rating?", [])
      const buttons = Option.getOrThrow(vague.clarification).quickReplies
      assert.includeMembers(buttons.map((b) => b.label), ["FM-CT", "FM-CB", "Talk to an engineer"])
      const series = buttons.find((b) => b.label === "FM-CT")!
      const completed = yield* turn(series.label, [
        { role: "customer", text: "What's the current rating?" },
        { role: "bot", text: Option.getOrThrow(vague.clarification).text }
      ], series.id)
      assert.match(text(completed), /5 A \(size 22D\), 7\.5 A \(size 20\), 13 A \(size 16\)/)

      const typo = yield* turn("curent rating of FM-CT-R13-22?", [])
      const options = Option.getOrThrow(typo.clarification).quickReplies.map((q) => q.label)
      assert.includeMembers(options, ["FM-CT-R13-22P", "FM-CT-R13-22S"])
      const chosen = yield* turn("FM-CT-R13-22P", [{ role: "customer", text: "curent rating of FM-CT-R13-22?" }], "part:FM-CT-R13-22P")
      assert.strictEqual(text(chosen), "FM-CT-R13-22P is rated 5 A per contact [1].")

      const backshells = yield* turn("what torque do I tighten them to?", [
        { role: "customer", text: "Which backshells fit FM-CT-R17-26P?" },
        { role: "bot", text: "Backshells for FM-CT-R17-26P: FM-CT-B17-A and FM-CT-B17-S [1]." }
      ])
      assert.match(text(backshells), /5\.1 N·m/)
    }))

  it.effect("decisions, reasons and facts agree with the labels (quality floors)", () =>
    Effect.gen(function*() {
      const done = yield* all
      const decisionMisses = done.filter((o) => {
        const want = o.chat.expected
        const got = decisionName(o.decision)
        const reason = o.decision._tag === "Escalate" ? o.decision.reason : o.decision._tag === "Decline" ? "out_of_scope" : null
        return got !== want.decision || reason !== want.reason
      })
      const normal = (s: string) => s.toLowerCase().replace(/\s+/g, " ")
      const contentMisses = done.filter((o) =>
        o.chat.expected.must_contain.some((m) => !normal(o.sent).includes(normal(m))) ||
        o.chat.expected.must_not_contain.some((m) => normal(o.sent).includes(normal(m)))
      )
      const report = (list: ReadonlyArray<Outcome>) =>
        list.map((o) => `${o.chat.id}: ${decisionName(o.decision)} — ${o.sent.slice(0, 160)}`).join("\n")
      assert.isAtMost(decisionMisses.length / done.length, 0.03, `decision misses:\n${report(decisionMisses)}`)
      assert.isAtMost(contentMisses.length / done.length, 0.06, `must_contain misses:\n${report(contentMisses)}`)
    }))
})
