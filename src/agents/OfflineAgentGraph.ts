/**
 * The offline engine (the default): guard → triage → research → writer → verifier with the deterministic writer.
 * Needs the `Catalog` and a `Retriever`; no model, no network.
 */
import { Effect, Layer } from "effect"
import { Catalog } from "../knowledge/Catalog.js"
import { Retriever } from "../knowledge/Retriever.js"
import { GenAI, GenAIProvider, SpanName } from "../telemetry/Attributes.js"
import { AgentGraph, type TurnInput } from "./AgentGraph.js"
import { writeOffline } from "./OfflineWriter.js"
import {
  guardStep,
  makeResearchStep,
  makeTriageStep,
  type ResearchResult,
  turnResult,
  type TriagedTurn,
  verifierStep
} from "./Steps.js"

export const offlineWriterStep = Effect.fn(SpanName.Writer)(function*(t: TriagedTurn, research: ResearchResult) {
  yield* Effect.annotateCurrentSpan({ [GenAI.ProviderName]: GenAIProvider.Offline })
  return writeOffline(t, research)
})

export const makeOfflineAgentGraph = Effect.gen(function*() {
  const catalog = yield* Catalog
  const retriever = yield* Retriever
  const triage = makeTriageStep(catalog)
  const research = makeResearchStep(catalog, retriever)

  const run = Effect.fn("AgentGraph.run")(function*(input: TurnInput) {
    yield* Effect.annotateCurrentSpan({ [GenAI.ProviderName]: GenAIProvider.Offline })
    const guarded = yield* guardStep(input)
    const triaged = yield* triage(guarded)
    const found = yield* research(triaged)
    const draft = yield* offlineWriterStep(triaged, found)
    const verification = yield* verifierStep(draft, found.passages)
    return turnResult(triaged, draft, verification)
  })
  return AgentGraph.of({ run })
})

/** The offline engine; requires `Catalog` and `Retriever` (see `AgentGraphLive` for the full wiring). */
export const OfflineAgentGraph: Layer.Layer<AgentGraph, never, Catalog | Retriever> = Layer.effect(AgentGraph, makeOfflineAgentGraph)
