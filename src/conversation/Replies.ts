/** What the bot says to customers around hand-offs: one place, so the wording stays honest and consistent. */
import type { Citation, Draft } from "../agents/AgentGraph.js"

export const handingOver =
  "I'll bring in one of our engineers now. They will see this conversation, so you won't need to repeat yourself."

export const nobodyAvailable =
  "I'm sorry — none of our engineers can take the chat right now. If you leave your email address, an engineer will reply by email with this conversation attached."

export const askEmailAgain = "If you'd like an engineer to follow up, just type your email address."

export const leadSaved = (email: string) =>
  `Thank you. I've passed your question and this conversation to our engineers; they will reply to ${email}.`

export const somethingWentWrong =
  "I'm sorry — something went wrong on my side and I couldn't finish that answer. Please ask again, or type \"talk to an engineer\"."

const citationLine = (citation: Citation, index: number) =>
  `[${index + 1}] ${citation.title}${citation.revision === "" ? "" : `, rev ${citation.revision}`}`

/** The answer followed by its numbered sources, as the customer sees it. */
export const renderDraft = (draft: Draft): string =>
  draft.citations.length === 0
    ? draft.text
    : `${draft.text}\n\n${draft.citations.map(citationLine).join("\n")}`
