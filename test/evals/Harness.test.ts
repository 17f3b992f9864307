/**
 * The harness end to end, on a subset of the labeled chats (the full set is `pnpm eval`): the chats run through
 * the production core (offline engine, PGlite), the run is deterministic, and a deliberately broken engine or
 * policy — set up here, never in the product — fails the gate with a message naming the metric and the chats.
 */
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Option } from "effect"
import * as fs from "node:fs/promises"
import * as os from "node:os"
import * as path from "node:path"
import { AgentGraph } from "../../src/agents/AgentGraph.js"
import { HandoffPolicy, type PolicyInput } from "../../src/handoff/HandoffPolicy.js"
import { SpanName } from "../../src/telemetry/Attributes.js"
import { makeBaseline, renderBaseline } from "../../evals/Baseline.js"
import type { GateResult } from "../../evals/Gates.js"
import { harnessLayer, type HarnessOptions } from "../../evals/Harness.js"
import { ProgressSilent } from "../../evals/Progress.js"
import { defaultDatasetDir, evalsDir, GatesFailed, runAndScore, type RunOptions, runEvals } from "../../evals/Run.js"
import type { ItemResult } from "../../evals/Scoring.js"

/** Numeric answers, requests for a person (one with nobody available), a decline, a clarification, a follow-up. */
const subset = [
  "prod-001", "prod-002", "qa-001", "qa-006", "qa-020", "qa-047", "spec-001", "fu-001", "follow-001",
  "human-001", "human-002", "human-016", "person-001", "person-011", "person-046", "person-070",
  "oos-001", "cl-001", "greet-001", "comm-001"
]

const options = (dir: string, fields: Partial<RunOptions> = {}): RunOptions => ({
  mode: "offline",
  split: "all",
  concurrency: 4,
  k: 5,
  updateBaseline: false,
  datasetDir: defaultDatasetDir,
  reportsDir: path.join(dir, "reports"),
  gatesDir: dir,
  only: subset,
  ...fields
})

const tempDir = Effect.acquireRelease(
  Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), "fitmate-evals-test-"))),
  (dir) => Effect.promise(() => fs.rm(dir, { recursive: true, force: true }))
)

const withHarness = (harness: HarnessOptions) =>
  Effect.provide(Layer.mergeAll(harnessLayer(harness), ProgressSilent, NodeContext.layer))

const score = (dir: string, harness: Partial<HarnessOptions> = {}) =>
  runAndScore(options(dir)).pipe(withHarness({ mode: "offline", k: 5, ...harness }))

/** The writer drops its citations (markers and sources) — a regression the gate must catch. */
const DroppedCitations = Layer.effect(
  AgentGraph,
  Effect.map(AgentGraph, (engine) =>
    AgentGraph.of({
      run: (input) =>
        Effect.map(engine.run(input), (result) => ({
          ...result,
          draft: Option.map(result.draft, (draft) => ({ ...draft, text: draft.text.replace(/\s*\[\d+(?:,\s*\d+)*\]/g, ""), citations: [] }))
        }))
    }))
)

/** The policy no longer sees requests for a person (the question and the engine's intent are hidden from it). */
const IgnoresRequestsForAPerson = Layer.effect(
  HandoffPolicy,
  Effect.map(HandoffPolicy, (policy) => {
    const blind = (input: PolicyInput): PolicyInput => ({
      ...input,
      question: "",
      postbackId: Option.none(),
      result: { ...input.result, intent: input.result.intent === "human_request" ? "unknown" : input.result.intent }
    })
    return HandoffPolicy.make({ ...policy, decide: (input: PolicyInput) => policy.decide(blind(input)) })
  })
)

/** Run the gate with this baseline; the failed gates (or none). */
const gateFailures = (dir: string, harness: Partial<HarnessOptions>) =>
  runEvals(options(dir)).pipe(
    withHarness({ mode: "offline", k: 5, ...harness }),
    Effect.exit,
    Effect.map((exit): ReadonlyArray<GateResult> => {
      if (Exit.isSuccess(exit)) return []
      const failure = Cause.failureOption(exit.cause)
      if (Option.isSome(failure) && failure.value instanceof GatesFailed) return failure.value.failed
      throw new Error(`the run failed for another reason: ${Cause.pretty(exit.cause)}`)
    })
  )

const prepareGates = (dir: string, items: ReadonlyArray<ItemResult>, summary: Parameters<typeof makeBaseline>[2]) =>
  Effect.promise(async () => {
    await fs.copyFile(path.join(evalsDir, "thresholds.json"), path.join(dir, "thresholds.json"))
    await fs.writeFile(path.join(dir, "baseline.offline.json"), renderBaseline(makeBaseline("offline", items, summary)))
  })

const byId = (items: ReadonlyArray<ItemResult>) => new Map(items.map((i) => [i.id, i]))

describe("eval harness", () => {
  it.live("runs the chats through the production core, deterministically", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const first = yield* score(dir)
      const items = byId(first.results)
      assert.strictEqual(first.results.length, subset.length)
      assert.deepStrictEqual(first.results.map((i) => i.error), subset.map(() => null))

      assert.strictEqual(items.get("prod-001")!.actual.decision, "answer")
      assert.isTrue(items.get("prod-001")!.groundedness!.grounded)
      assert.isAbove(items.get("prod-001")!.citations.length, 0)
      assert.deepStrictEqual(items.get("human-001")!.actual, { decision: "escalate", reason: "explicit_request" })
      // The scenario of a fallback chat: nobody is accepting chats, the bot says so instead of transferring.
      assert.deepStrictEqual(items.get("person-070")!.actual, { decision: "fallback", reason: "explicit_request" })
      assert.strictEqual(items.get("oos-001")!.actual.decision, "decline")
      // Latency per step comes from the spans of the run.
      const steps = new Set(first.results.flatMap((i) => i.timings.map((t) => t.step)))
      for (const step of [SpanName.ChatHandle, SpanName.Turn, SpanName.Guard, SpanName.Writer, SpanName.Verifier]) {
        assert.isTrue(steps.has(step), step)
      }
      assert.isTrue(first.summary.latency.some((s) => s.step === SpanName.Turn && s.n >= subset.length))

      // Same inputs, a fresh database: the same verdicts and byte-identical baseline.
      const second = yield* score(dir)
      const strip = (i: ItemResult) => ({ ...i, timings: [] })
      assert.deepStrictEqual(second.results.map(strip), first.results.map(strip))
      assert.strictEqual(
        renderBaseline(makeBaseline("offline", second.results, second.summary)),
        renderBaseline(makeBaseline("offline", first.results, first.summary))
      )
    }).pipe(Effect.scoped), { timeout: 180_000 })

  it.live("a writer that drops its citations, and a policy that ignores requests for a person, fail the gate", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const healthy = yield* score(dir)
      yield* prepareGates(dir, healthy.results, healthy.summary)
      const answeredWithSources = healthy.results.filter((i) => i.citations.length > 0 && i.slices.includes("numeric")).map((i) => i.id)
      const handedOff = healthy.results
        .filter((i) => i.tags.includes("request-person") && (i.actual.decision === "escalate" || i.actual.decision === "fallback"))
        .map((i) => i.id)
      assert.isAtLeast(answeredWithSources.length, 5)
      assert.isAtLeast(handedOff.length, 5)

      const noCitations = yield* gateFailures(dir, { engineDecorator: DroppedCitations })
      const atoms = noCitations.find((g) => g.gate === "groundedness.answersWithUnsupportedAtoms")
      assert.isDefined(atoms, noCitations.map((g) => g.message).join("\n"))
      assert.match(atoms!.message, /^groundedness\.answersWithUnsupportedAtoms = \d+ .* maximum 0 — .* chats against it: /)
      for (const id of answeredWithSources) assert.include(atoms!.items, id)
      const flips = noCitations.find((g) => g.gate === "flips.numeric")
      assert.isDefined(flips)
      assert.match(flips!.message, /hard slice numeric: \d+ chat\(s\) passed in the baseline and fail now: .*grounded: /)

      const deaf = yield* gateFailures(dir, { policyDecorator: IgnoresRequestsForAPerson })
      const recall = deaf.find((g) => g.gate === "escalation.explicitRequestRecall")
      assert.isDefined(recall, deaf.map((g) => g.message).join("\n"))
      assert.match(recall!.message, /^escalation\.explicitRequestRecall = 0\.\d{3} .* minimum 1\.000 — .* chats against it: /)
      for (const id of handedOff) assert.include(recall!.items, id)
      const personFlips = deaf.find((g) => g.gate === "flips.request-person")
      assert.isDefined(personFlips)
      for (const id of handedOff) assert.include(personFlips!.items, id)
    }).pipe(Effect.scoped), { timeout: 240_000 })
})
