/**
 * The simplest honest engine: it recognises greetings and requests for a person and answers nothing it cannot
 * support. Used in tests of the conversation core and where no knowledge base is loaded; `AgentGraphLive` is the
 * real engine.
 */
import { Effect, Layer, Option } from "effect"
import { AgentGraph, type TurnInput, type TurnResult, unansweredTurn } from "../../src/agents/AgentGraph.js"
import { helloReply } from "../../src/agents/CannedReplies.js"
import { isHumanRequest } from "../../src/agents/HumanRequest.js"
import { pleasantry } from "../../src/agents/Triage.js"

export const classify = (input: TurnInput): TurnResult => {
  const empty = unansweredTurn("minimal_engine")
  if (isHumanRequest(input.question, input.postbackId)) {
    return { ...empty, intent: "human_request", confidence: 1, reason: Option.none() }
  }
  if (Option.contains(pleasantry(input.question), "hello")) {
    return {
      ...empty,
      intent: "greeting",
      draft: Option.some({ text: helloReply, citations: [], quickReplies: [] }),
      confidence: 1,
      reason: Option.none(),
      grounding: "verified"
    }
  }
  return empty
}

export const MinimalAgentGraph = Layer.succeed(
  AgentGraph,
  AgentGraph.of({ run: Effect.fn("AgentGraph.run")((input: TurnInput) => Effect.succeed(classify(input))) })
)
