/**
 * The guard: what may go into the engine and what may come out of it. Pure functions.
 *
 * In: personal data (e-mail addresses, phone numbers, payment cards, IBANs) is replaced by placeholders before any
 * model call or search; prompt injection (instructions to the assistant, fake system/tool messages, requests for
 * the prompt or secrets) is detected and the offending sentences are cut out, also from retrieved documents.
 * Abuse and frustration are flagged for the hand-off policy.
 *
 * Out: a draft is refused when it leaks the instructions, names a price, promises what the bot cannot do, or
 * links somewhere its sources do not.
 */

import type { PiiKind } from "./AgentGraph.js"

export interface Redaction {
  readonly text: string
  /** Kinds of personal data that were replaced (no values). */
  readonly found: ReadonlyArray<PiiKind>
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b/g
const CARD = /(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])/g
const PHONE = /(?<![\w-])(?:\+|00)?\d[\d ().\/-]{6,}\d(?![\w-])/g

const luhn = (digits: string): boolean => {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** Replaces personal data with `<email>`, `<phone>`, `<card>`, `<iban>`. Part numbers and ratings are left alone. */
export const redactPii = (input: string): Redaction => {
  const found = new Set<PiiKind>()
  let text = input.replace(EMAIL, () => {
    found.add("email")
    return "<email>"
  })
  text = text.replace(IBAN, () => {
    found.add("iban")
    return "<iban>"
  })
  text = text.replace(CARD, (m) => {
    const digits = m.replace(/\D/g, "")
    if (digits.length < 13 || !luhn(digits)) return m
    found.add("card")
    return "<card>"
  })
  text = text.replace(PHONE, (m) => {
    const digits = m.replace(/\D/g, "")
    // Nine digits or more, and not a range or a dimension ("3.0-6.5", "1310/1550").
    if (digits.length < 9 || /^\d+(?:[.,]\d+)?(?:\s?[-/]\s?\d+(?:[.,]\d+)?)?$/.test(m.trim())) return m
    found.add("phone")
    return "<phone>"
  })
  return { text, found: [...found] }
}

// ---------------------------------------------------------------------------------------------------------------
// Prompt injection
// ---------------------------------------------------------------------------------------------------------------

const injectionPatterns: ReadonlyArray<RegExp> = [
  // "ignore / disregard / forget … previous instructions / rules / prompt"
  /\b(?:ignore|disregard|forget|override|bypass|skip|drop)\b[^.!?\n]{0,40}\b(?:instructions?|rules?|prompts?|guidelines?|guardrails?|polic(?:y|ies)|directives?|restrictions?|constraints?|everything (?:above|before)|what (?:you were|i) told)\b/i,
  // asking for the prompt, configuration or secrets
  /\b(?:system|developer|hidden|initial|original|secret|internal|base)\s+(?:prompt|instructions?|message|rules|configuration)\b/i,
  /\b(?:reveal|print|show|repeat|output|display|dump|leak|recite|echo|share|tell me|give me|what (?:is|are|were))\b[^.!?\n]{0,30}\b(?:your|the)\s+(?:prompt|instructions|rules|configuration|api[ _-]?key|secrets?|password|credentials|tokens?|tools?(?: list| definitions?| schemas?)?)\b/i,
  /\b(?:api[ _-]?key|access token|bearer token|OPENAI_API_KEY|env(?:ironment)? variables?)\b/i,
  /\b(?:repeat|print|output|copy|echo|reproduce)\b[^.!?\n]{0,20}\b(?:the )?(?:text|words|messages?|everything|conversation) (?:above|before|so far|verbatim)\b/i,
  /\b(?:list|describe|show|print)\b[^.!?\n]{0,15}\b(?:your|the|all) (?:tools|functions|plugins)\b|\bwhat (?:tools|functions) (?:do you have|can you (?:call|use))\b/i,
  // role play and jailbreaks
  /\byou are (?:now|no longer|actually)\b|\b(?:act|behave|respond) as (?:if|an?|the)\b|\bpretend (?:to be|you(?:'re| are)?)\b|\broleplay\b|\bjailbreak\b|\bDAN\b|\bdeveloper mode\b|\bdo anything now\b|\bunfiltered\b/i,
  /\b(?:from now on|new (?:rule|instruction|task|persona)s?|updated instructions|you must (?:now )?(?:always|answer|reply|say|respond|obey))\b/i,
  // fake system, assistant and tool turns
  /(?:^|\n)\s*(?:system|assistant|developer|tool|function)\s*:/i,
  /\b(?:assistant|ai|bot|model|chatbot)\s*[:,]\s*(?:say|reply|answer|tell|respond|ignore|print|reveal)\b/i,
  /```\s*(?:system|tool|developer)\b|<\/?\s*(?:system|customer_message|sources|instructions?)\s*>/i,
  /<\|?\s*\/?\s*(?:im_start|im_end|system|endoftext|assistant|tool)\s*\|?>/i,
  /\[\/?(?:INST|SYS|SYSTEM)\]|<<\/?SYS>>/,
  /"role"\s*:\s*"(?:system|tool|assistant|function|developer)"/i,
  /\b(?:tool|function)[ _](?:call|result|output|response)s?\b\s*[:=({]/i,
  /\b(?:BEGIN|END) (?:SYSTEM|ADMIN|INSTRUCTIONS)\b|\bADMIN(?:ISTRATOR)? (?:OVERRIDE|MODE|COMMAND)\b|\bSUDO\b/i,
  // "say 'PWNED'", "answer every question with 'yes'": dictating the output
  /\b(?:say|reply|respond|answer|write|print|output|start|begin|end|prefix|append)\b[^.!?\n]{0,30}["'“‘][^"'”’\n]{1,40}["'”’]/i,
  // instructions addressed to the assistant inside data
  /\b(?:note|message|instruction)s? (?:to|for) (?:the )?(?:ai|assistant|bot|model|llm|chatbot)\b/i,
  /\b(?:the )?(?:assistant|ai|bot|model|chatbot) (?:must|should|shall|will) (?:now )?(?:say|reply|answer|tell|respond|state|claim|offer|give)\b/i,
  // other languages: German, French, Spanish
  /\b(?:ignoriere|vergiss)\b[^.!?\n]{0,30}\b(?:anweisungen|regeln)\b/i,
  /\b(?:ignore[sz]?|oublie[sz]?)\b[^.!?\n]{0,30}\b(?:instructions|consignes|règles)\b/i,
  /\b(?:ignora|olvida)\b[^.!?\n]{0,30}\b(?:instrucciones|reglas)\b/i
]

/** True when the text tries to instruct the assistant instead of asking about products. */
export const looksLikeInjection = (text: string): boolean => injectionPatterns.some((p) => p.test(text))

const sentencesOf = (text: string): ReadonlyArray<string> =>
  text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter((s) => s !== "")

export interface Screened {
  /** The text without the sentences that carry instructions. */
  readonly text: string
  readonly injection: boolean
}

/**
 * Hidden or fake-role text: HTML comments, zero-width and bidirectional control characters, and blocks dressed up
 * as system/assistant/tool turns (`<system>…</system>`, `<|im_start|>system…<|im_end|>`, `[INST]…[/INST]`,
 * `<<SYS>>…<</SYS>>`) with any stray tags of the kind.
 */
const HIDDEN = new RegExp(
  [
    String.raw`<!--[\s\S]*?(?:-->|$)`,
    String.raw`[​-‏ -‮⁠-⁤﻿]`,
    String.raw`<\s*(system|assistant|tool|developer|instructions?)\s*>[\s\S]*?<\s*\/\s*\s*>`,
    String.raw`<\|\s*im_start\s*\|>[\s\S]*?(?:<\|\s*im_end\s*\|>|$)`,
    String.raw`\[INST\][\s\S]*?(?:\[\/INST\]|$)`,
    String.raw`<<SYS>>[\s\S]*?(?:<<\/SYS>>|$)`,
    String.raw`<\s*\/?\s*(?:system|assistant|tool|developer|customer_message|sources|instructions?)\s*>`
  ].join("|"),
  "gi"
)

/**
 * Cuts out what carries instructions to the assistant (customer text or documents): hidden comments and
 * invisible characters, then every sentence or line that instructs.
 */
export const screenInjection = (text: string): Screened => {
  const visible = text.replace(HIDDEN, " ")
  const hidden = visible !== text
  if (!looksLikeInjection(visible)) return { text: hidden ? visible.replace(/\s+/g, " ").trim() : text, injection: hidden }
  const kept = sentencesOf(visible).filter((s) => !looksLikeInjection(s))
  return { text: kept.join(" "), injection: true }
}

// ---------------------------------------------------------------------------------------------------------------
// Abuse and frustration
// ---------------------------------------------------------------------------------------------------------------

const frustrationPatterns: ReadonlyArray<RegExp> = [
  /\b(?:useless|pointless|stupid|idiot\w*|dumb|moron\w*|ridiculous|pathetic|rubbish|garbage|terrible|awful|worst|hopeless|incompetent)\b/i,
  /\b(?:waste of (?:my )?time|wasting (?:my|our) time|not helpful|unhelpful|(?:does ?n[o']?t|does not|not) help(?:ing)?(?: at all)?|no help)\b/i,
  /\byou (?:still )?(?:don'?t|do not|didn'?t|did not|never) (?:understand|get it|listen|read)\b/i,
  /\b(?:asked|told you|said)(?: (?:this|that|it))? (?:three|3|four|4|several|many|multiple|two|2|five|5) times\b|\bagain and again\b|\bfor the (?:third|fourth|fifth|last) time\b/i,
  /\b(?:frustrat\w*|annoy\w*|fed up|sick of|tired of|give up|angry|furious|unacceptable|disappointed)\b/i,
  /\b(?:fuck\w*|shit\w*|crap|damn\w*|bloody|wtf|ffs)\b/i
]

/** Signs that the customer is frustrated or abusive (hand-off reason `frustration`). */
export const looksFrustrated = (text: string): boolean =>
  frustrationPatterns.some((p) => p.test(text)) || /[!?]{3,}/.test(text) && /\b[A-Z]{4,}\b.*\b[A-Z]{4,}\b/.test(text)

// ---------------------------------------------------------------------------------------------------------------
// Output screening
// ---------------------------------------------------------------------------------------------------------------

export type OutputProblem = "instruction_leak" | "price" | "false_promise" | "foreign_link" | "personal_data"

const leakPatterns: ReadonlyArray<RegExp> = [
  /\b(?:my|the) (?:system )?(?:prompt|instructions|rules|guidelines)\b(?: (?:say|are|is|tell))/i,
  /\bsystem prompt\b/i,
  /\byou are fitmate assist\b/i,
  /\bsk-[A-Za-z0-9_-]{8,}/,
  /\bOPENAI_API_KEY\b/
]

const promisePatterns: ReadonlyArray<RegExp> = [
  /\bI(?:'ve| have)? (?:placed|booked|processed|cancel+ed|shipped|refunded|approved|scheduled|created|opened|issued|reserved|transferred|escalated|forwarded|sent)\b/i,
  /\bI(?:'ll| will) (?:call|phone|email|e-mail|get back to|follow up|send you|ship|refund|reserve|order)\b/i,
  /\b(?:your|the) (?:order|refund|rma|return|replacement|quote|sample)s? (?:is|has been|was|will be) (?:placed|approved|on (?:its|the) way|shipped|processed|confirmed|sent)\b/i,
  /\b(?:we|i) (?:promise|guarantee)\b/i
]

/** Fragments of the system instructions that must never appear in an answer (longer than common phrases). */
export const instructionShingles = (instructions: string, size: number = 8): ReadonlySet<string> => {
  const words = instructions.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const out = new Set<string>()
  for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(" "))
  return out
}

export interface OutputScreenInput {
  readonly text: string
  /** URLs of the cited sources; any other link is refused. */
  readonly allowedUrls: ReadonlyArray<string>
  /** From `instructionShingles(systemPrompt)`; empty for the offline engine. */
  readonly instructionShingles?: ReadonlySet<string>
}

/** Problems that forbid sending a draft, whatever its sources say. */
export const screenOutput = (input: OutputScreenInput): ReadonlyArray<OutputProblem> => {
  const problems = new Set<OutputProblem>()
  const { text } = input
  if (leakPatterns.some((p) => p.test(text))) problems.add("instruction_leak")
  if (input.instructionShingles !== undefined && input.instructionShingles.size > 0) {
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
    for (let i = 0; i + 8 <= words.length; i++) {
      if (input.instructionShingles.has(words.slice(i, i + 8).join(" "))) {
        problems.add("instruction_leak")
        break
      }
    }
  }
  if (/[$€£¥]\s?\d|\d\s?(?:[€$£]|EUR|USD|GBP|CHF)\b|\b(?:EUR|USD|GBP|CHF)\s?\d|\b(?:price|cost)s? (?:is|are|of)\s+\d/i.test(text)) {
    problems.add("price")
  }
  if (promisePatterns.some((p) => p.test(text))) problems.add("false_promise")
  for (const url of text.match(/\bhttps?:\/\/[^\s)\]>"']+/gi) ?? []) {
    const clean = url.replace(/[.,;:]+$/, "")
    if (!input.allowedUrls.some((allowed) => clean === allowed || clean.startsWith(`${allowed}#`))) {
      problems.add("foreign_link")
    }
  }
  if (new RegExp(EMAIL.source).test(text)) problems.add("personal_data")
  return [...problems]
}
