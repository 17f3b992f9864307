/**
 * The few replies the bot writes itself, without sources: greetings and thanks. They state no facts (no part
 * numbers, no ratings), so the verifier lets them through without citations; anything else needs sources.
 */

export const helloReply =
  "Hello! I'm FitMate Assist. Ask me about a FitMate part number or series, mating parts, accessories, tools or assembly, and I'll answer from our datasheets and documents."

export const thanksReply =
  "You're welcome! If anything else comes up, just ask here — or type \"talk to an engineer\" to reach a person."

const canned: ReadonlySet<string> = new Set([helloReply, thanksReply])

/** True for the bot's own source-free replies (the evals scorer treats them as grounded). */
export const isCannedReply = (text: string): boolean => canned.has(text.trim())
