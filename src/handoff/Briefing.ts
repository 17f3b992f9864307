/**
 * The internal note an engineer reads when a chat is handed over: what was asked, what the bot said and why it
 * escalates — so the customer never has to repeat themselves.
 */
import { Option } from "effect"
import type { TurnResult } from "../agents/AgentGraph.js"
import type { EscalationReason } from "./HandoffDecision.js"

export interface BriefingInput {
  readonly question: string
  readonly reason: EscalationReason
  readonly result: TurnResult
  /** The bot's last answer in this thread, with its sources, if it gave one. */
  readonly lastAnswer: Option.Option<string>
  /** Earlier customer messages of the thread, oldest first (details they already gave). */
  readonly customerMessages: ReadonlyArray<string>
}

const reasonLabels: Record<EscalationReason, string> = {
  explicit_request: "the customer asked for a person",
  low_confidence: "the bot was not confident in an answer",
  unsupported_answer: "the sources did not support an answer",
  repeated_failure: "two questions in a row went unresolved",
  frustration: "the customer seems frustrated",
  sensitive_topic: "pricing, orders, warranty or safety-critical topics belong to an engineer",
  out_of_scope: "the request is outside the product scope"
}

const quote = (text: string, max = 500) => {
  const oneLine = text.replace(/\s+/g, " ").trim()
  return `"${oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine}"`
}

export const briefing = (input: BriefingInput): string => {
  const { entities } = input.result
  const lines = [
    `FitMate Assist hand-off — ${reasonLabels[input.reason]} (reason: ${input.reason}, confidence ${
      input.result.confidence.toFixed(2)
    }).`,
    `Question: ${quote(input.question)}`,
    `Detected parts: ${entities.parts.length > 0 ? entities.parts.join(", ") : "none"}; series: ${
      entities.series.length > 0 ? entities.series.join(", ") : "none"
    }.`,
    `Bot answered: ${Option.match(input.lastAnswer, { onNone: () => "nothing yet", onSome: (text) => quote(text) })}`
  ]
  if (input.customerMessages.length > 0) {
    lines.push(`Earlier from the customer: ${input.customerMessages.slice(-5).map((text) => quote(text, 200)).join(" / ")}`)
  }
  return lines.join("\n")
}
