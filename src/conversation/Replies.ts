/** What the bot says to customers around hand-offs: one place, so the wording stays honest and consistent. */
import { Option } from "effect"
import type { Citation, Draft } from "../agents/AgentGraph.js"

/** Business hours as the wording needs them (see `handoff/BusinessHours.ts`). */
export interface HoursContext {
  /** Engineers normally staff the chat right now. */
  readonly open: boolean
  /** "Monday to Friday, 08:00–17:00 (Europe/Berlin time)". */
  readonly schedule: string
  /** "Monday at 08:00", when closed. */
  readonly nextOpening: Option.Option<string>
}

export const handingOver =
  "I'll bring in one of our engineers now. They will see this conversation, so you won't need to repeat yourself."

export const nobodyAvailable =
  "I'm sorry — none of our engineers can take the chat right now. If you leave your email address, an engineer will reply by email with this conversation attached."

/** Transfer notice; outside business hours it says a reply may take longer (an engineer is online, but off-hours). */
export const handingOverText = (hours: HoursContext): string =>
  hours.open
    ? handingOver
    : `${handingOver} We're outside our usual support hours (${hours.schedule}), so it may take a little longer.`

/** The honest fallback when nobody can take the chat; outside business hours it says when engineers are back. */
export const nobodyAvailableText = (hours: HoursContext): string =>
  hours.open
    ? nobodyAvailable
    : `I'm sorry — none of our engineers can take the chat right now: they work ${hours.schedule}${
      Option.match(hours.nextOpening, { onNone: () => "", onSome: (next) => ` and are back ${next}` })
    }. If you leave your email address, an engineer will reply by email on the next business day, with this conversation attached.`

export const askEmailAgain = "If you'd like an engineer to follow up, just type your email address."

export const leadSaved = (email: string) =>
  `Thank you. I've passed your question and this conversation to our engineers; they will reply to ${email}.`

export const somethingWentWrong =
  "I'm sorry — something went wrong on my side and I couldn't finish that answer. Please ask again, or type \"talk to an engineer\"."

/** Nothing in the verified data answers the question: ask for the detail that would. */
export const cannotFind =
  "I couldn't find that in our verified product data, so I won't guess. Could you give me the part number or series? Or I can pass you to an engineer."

/** Out of scope: decline politely, offer a person. */
export const outOfScope =
  "I can only help with FitMate connectors, contacts, accessories and tooling. If you need something else, an engineer can take a look."

const citationLine = (citation: Citation, index: number) =>
  `[${index + 1}] ${citation.title}${citation.revision === "" ? "" : `, rev ${citation.revision}`}`

/** The answer followed by its numbered sources, as the customer sees it. */
export const renderDraft = (draft: Draft): string =>
  draft.citations.length === 0
    ? draft.text
    : `${draft.text}\n\n${draft.citations.map(citationLine).join("\n")}`
