/**
 * The simplest honest engine: it recognises greetings and requests for a person and answers nothing it cannot
 * support. Used where no knowledge base is loaded; the full engine replaces it in production wiring.
 */
import { Effect, Layer, Option } from "effect"
import { AgentGraph, type TurnInput, type TurnResult } from "./AgentGraph.js"
import { isHumanRequest } from "./HumanRequest.js"

const greeting = /^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening)|hallo|bonjour|hola|ciao)\b[\s!,.]*(?:there)?[\s!.]*$/i

const result = (fields: Pick<TurnResult, "intent" | "draft" | "confidence">): TurnResult => ({
  ...fields,
  needsHuman: false,
  reason: Option.none(),
  entities: { parts: [], series: [] }
})

export const classify = (input: TurnInput): TurnResult => {
  if (isHumanRequest(input.question, input.postbackId)) {
    return result({ intent: "human_request", draft: Option.none(), confidence: 1 })
  }
  if (greeting.test(input.question)) {
    return result({
      intent: "greeting",
      draft: Option.some({
        text: "Hello! I'm FitMate Assist. Ask me about a connector part number, series, mating parts or accessories.",
        citations: [],
        quickReplies: []
      }),
      confidence: 1
    })
  }
  return result({ intent: "unknown", draft: Option.none(), confidence: 0 })
}

export const MinimalAgentGraph = Layer.succeed(
  AgentGraph,
  AgentGraph.of({ run: Effect.fn("AgentGraph.run")((input: TurnInput) => Effect.succeed(classify(input))) })
)
