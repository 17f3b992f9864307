/**
 * The internal note an engineer reads when a chat is handed over: what was asked, which parts and series, what the
 * bot answered and from which sources, why it escalates and how sure it was, and what the customer already told
 * us — so the customer never has to repeat themselves. Visible to agents only (LiveChat `visibility: agents`).
 */
import { Option } from "effect"
import type { Draft, TurnResult } from "../agents/AgentGraph.js"
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
  sensitive_topic: "pricing, orders, warranty, safety-critical use or custom designs belong to an engineer",
  out_of_scope: "the request is outside the product scope"
}

const topicLabels = { commercial: "commercial", safety: "safety-critical", custom: "custom design" } as const

const quote = (text: string, max = 500) => {
  const oneLine = text.replace(/\s+/g, " ").trim()
  return `"${oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine}"`
}

/** Quantities, part counts and applications the customer mentioned ("500 pcs", "life-support ventilator"). */
export const customerDetails = (messages: ReadonlyArray<string>): ReadonlyArray<string> => {
  const details = new Set<string>()
  for (const text of messages) {
    for (const m of text.matchAll(/\b(\d+(?:[.,]\d+)?\s?k?)\s?(?:pcs|pieces|units|parts|connectors|off)\b/gi)) {
      details.add(`quantity ${m[0].trim()}`)
    }
    for (const m of text.matchAll(/\b(?:for (?:a|an|our|the) )([a-z][a-z -]{3,40}?)(?=[,.?!]|$| application| project| system)/gi)) {
      const what = m[1]!.trim()
      if (!/^(?:fm|part|quote|price)/i.test(what)) details.add(`application: ${what}`)
    }
    if (/\b(?:urgent|asap|deadline|by (?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week))\b/i.test(text)) {
      details.add("time-critical")
    }
  }
  return [...details].slice(0, 6)
}

const sourcesLine = (draft: Draft) =>
  draft.citations.map((c, i) => `[${i + 1}] ${c.title}${c.revision === "" ? "" : `, rev ${c.revision}`} — ${c.url}`).join("; ")

export const briefing = (input: BriefingInput): string => {
  const { result } = input
  const { entities } = result
  const sensitive = Option.map(result.signals.sensitive, (t) => `, ${topicLabels[t]}`).pipe(Option.getOrElse(() => ""))
  const lines = [
    `FitMate Assist hand-off — ${reasonLabels[input.reason]} (reason: ${input.reason}, confidence ${
      result.confidence.toFixed(2)
    }).`,
    `Question: ${quote(input.question)}`,
    `Topic: ${result.intent}${sensitive}.`,
    `Detected parts: ${entities.parts.length > 0 ? entities.parts.join(", ") : "none"}; series: ${
      entities.series.length > 0 ? entities.series.join(", ") : "none"
    }.`
  ]
  if (entities.specs.length > 0) lines.push(`Requirements stated: ${entities.specs.join(", ")}.`)
  lines.push(
    `Bot answered: ${Option.match(input.lastAnswer, { onNone: () => "nothing yet", onSome: (text) => quote(text, 800) })}`
  )
  Option.match(result.draft, {
    onNone: () => {
      if (result.grounding === "rejected") lines.push("A draft for this question failed the source check and was not sent.")
    },
    onSome: (draft) => {
      lines.push(`Draft for this question (verified against its sources): ${quote(draft.text, 800)}`)
      if (draft.citations.length > 0) lines.push(`Sources: ${sourcesLine(draft)}`)
    }
  })
  const details = customerDetails([...input.customerMessages, input.question])
  if (details.length > 0) lines.push(`Customer details: ${details.join("; ")}.`)
  if (result.signals.pii.length > 0) lines.push(`The customer shared contact data (${result.signals.pii.join(", ")}); see the transcript.`)
  if (input.customerMessages.length > 0) {
    lines.push(`Earlier from the customer: ${input.customerMessages.slice(-5).map((text) => quote(text, 200)).join(" / ")}`)
  }
  return lines.join("\n")
}
