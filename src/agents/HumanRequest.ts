/**
 * Recognises an explicit request for a person. Deterministic on purpose: a customer who asks for a human must
 * be escalated every time, whatever the answer engine thinks (explicit-request recall is a hard gate).
 */
import { Option } from "effect"

/** The postback id of the "Talk to an engineer" quick reply the bot offers. */
export const TalkToEngineerPostback = "talk_to_engineer"

const people =
  "(?:a |an |the |some |real |live |actual |your |our |one of your |someone from |somebody from |qualified )*" +
  "(?:(?:technical|tech|application|applications|sales|field|design|product|human|real|live|actual)\\s+)*" +
  "(?:human|person|people|someone|somebody|agent|engineer|operator|representative|rep|staff|technician|specialist|" +
  "colleague|expert|man|woman|team member|salesperson|" +
  "support(?: team| staff| desk| department| people)?|customer (?:service|support|care)|service desk|help ?desk|" +
  "sales(?: team| person| department| rep)?)s?"

const patterns: ReadonlyArray<RegExp> = [
  // "talk/speak/chat to a human", "connect me with an engineer", "put me through to someone"
  new RegExp(
    `\\b(?:talk|speak|chat|get|connect|transfer|put|pass|hand|escalate|forward|switch|send)(?:ing)?\\b[^.?!]{0,30}\\b(?:to|with|through to|over to)\\s+${people}\\b`,
    "i"
  ),
  // "I want/need/would like a human", "can I have an engineer", "give me a person"
  new RegExp(
    `\\b(?:want|need|like|have|get|give me|request|prefer|require)\\b[^.?!]{0,20}\\b${people}\\b(?! (?:says|said|told))(?!(?<=support) (?:for|with|on|in|of|to)\\b)(?!(?<=sales) (?:demo|pitch|brochure|figures|numbers|data|material|event)\\b)`,
    "i"
  ),
  // "human please", "agent!", "real person?", "operator"
  new RegExp(`^\\s*(?:${people})\\s*(?:please|pls|plz|now|asap)?\\s*[.!?]*\\s*$`, "i"),
  // "is there a human", "are you a bot? I want…", "is anyone there (human)"
  /\b(?:is there|are there|any)\s+(?:a\s+|an\s+)?(?:real\s+|actual\s+|live\s+)?(?:human|person|people|engineer|agent)s?\b/i,
  // "not a bot", "stop the bot", "no more bot"
  /\b(?:not|no more|stop|enough of|done with)\s+(?:a\s+|the\s+|this\s+|talking to (?:a |the )?)?(?:bot|robot|machine|ai|chatbot)\b/i,
  /\b(?:call me back|phone me|call me)\b/i,
  // "is there someone I can talk to", "anyone I could speak with"
  /\b(?:someone|somebody|anyone|anybody|a (?:real |live )?(?:person|human))\b[^.?!]{0,25}\b(?:talk|speak|chat)\s+(?:to|with)\b/i,
  // Other languages: German, French, Spanish, Italian, Dutch, Polish, Portuguese
  /\b(?:mit einem (?:menschen|mitarbeiter|techniker|ingenieur)|menschen sprechen|echten menschen|mitarbeiter sprechen)\b/i,
  /\b(?:parler (?:à|a|avec) (?:un|une|quelqu'un)|un humain|une personne réelle|un conseiller|un technicien)\b/i,
  /\b(?:hablar con (?:un|una|alguien)|una persona real|un humano|un agente|un técnico|un ingeniero)\b/i,
  /\b(?:parlare con (?:un|una|qualcuno)|un operatore|una persona vera|un essere umano)\b/i,
  /\b(?:met een (?:mens|medewerker|persoon)|echte persoon|een medewerker spreken)\b/i,
  /\b(?:z człowiekiem|z konsultantem|z inżynierem|z pracownikiem)\b/i,
  /\b(?:falar com (?:um|uma|alguém)|um humano|um atendente|uma pessoa real)\b/i,
  // More English ways: asking for a team or a role rather than "a person", and indirect ones
  /\b(?:speak|talk|discuss|chat|go through|get this from|get in touch|reach|ask for)\b[^.?!]{0,40}\b(?:one of your|your|a member of your|someone from your|the)\s+(?:[a-z]+\s+){0,2}(?:engineers?|team|staff|people|experts?|colleagues?|manager|support|specialists?|technicians?)\b/i,
  /\b(?:is|are)\s+(?:a|an|any|the)?\s*(?:human|person|people|engineer|agent|anyone|anybody|someone)s?\s+(?:available|around|free|there|online)\b/i,
  /\b(?:is|are) (?:there )?(?:anyone|anybody|someone|somebody)\b[^.?!]{0,30}\b(?:there|i could|i can|to talk|to speak|available|discuss)\b/i,
  /\b(?:don'?t|do not|won'?t|rather not)\s+(?:want to\s+)?(?:talk|chat|speak)\s+(?:to|with)\s+(?:a|the|this|an)?\s*(?:bot|robot|machine|ai|chatbot)\b/i,
  /\bwho (?:can|could|should) i (?:talk|speak|chat) (?:to|with)\b/i,
  /\bask(?:ing)? for (?:a|an) (?:real |live |human )?(?:engineer|person|human|agent|technician|expert)\b/i,
  /\b(?:needs?|requires?|want|prefer)\b[^.?!]{0,20}\b(?:a|an) (?:real|actual|human|live) (?:engineer|person|human|expert|technician)\b/i,
  /\b(?:from|by|with) a (?:real |live |actual )?(?:person|human)\b/i,
  /\b(?:get|be) in touch with me\b|\b(?:contact|ring) me\b/i,
  // More languages: German call-back, Swedish, Czech, Turkish, Russian, Japanese, Chinese
  /\b(?:zurückrufen|rückruf)\b/i,
  /prata med (?:en )?(?:människa|person|tekniker)/i,
  /mluvit s (?:člověkem|technikem|operátorem)/i,
  /(?:insanla|biriyle|temsilciyle) konuşmak/i,
  /(?:поговорить|связаться|говорить) с (?:человеком|оператором|инженером|специалистом)/i,
  /(?:人|担当者|オペレーター|エンジニア)と話/,
  /(?:人工客服|真人|和人说话|转人工)/
]

// Typing fast: "tlak to a humn", "conect me to a real persn". Words a keystroke away from these count as them.
const keywords = [
  "talk", "speak", "connect", "transfer", "human", "person", "engineer", "agent", "someone", "somebody",
  "operator", "representative", "technician", "people", "please"
]

/** Damerau-style distance, capped: is `word` at most one edit (or one swap of neighbours) from `target`? */
const withinOneEdit = (word: string, target: string): boolean => {
  if (Math.abs(word.length - target.length) > 1) return false
  let i = 0
  while (i < word.length && i < target.length && word[i] === target[i]) i++
  const rest = (a: number, b: number) => word.slice(a) === target.slice(b)
  return rest(i + 1, i + 1) || rest(i + 1, i) || rest(i, i + 1) ||
    (word[i] === target[i + 1] && word[i + 1] === target[i] && rest(i + 2, i + 2))
}

/** The text with near-miss spellings of the request keywords corrected. */
const correctTypos = (text: string): string =>
  text.replace(/[a-z]{4,}/gi, (word) => {
    const lower = word.toLowerCase()
    return keywords.includes(lower) ? word : keywords.find((keyword) => withinOneEdit(lower, keyword)) ?? word
  })

/** True when the text (or the clicked button) asks for a person. */
export const isHumanRequest = (text: string, postbackId: Option.Option<string> = Option.none()): boolean => {
  if (Option.contains(postbackId, TalkToEngineerPostback)) return true
  const corrected = correctTypos(text)
  return patterns.some((pattern) => pattern.test(text) || pattern.test(corrected))
}
