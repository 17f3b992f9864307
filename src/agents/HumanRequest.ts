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
  /\b(?:falar com (?:um|uma|alguém)|um humano|um atendente|uma pessoa real)\b/i
]

/** True when the text (or the clicked button) asks for a person. */
export const isHumanRequest = (text: string, postbackId: Option.Option<string> = Option.none()): boolean =>
  Option.contains(postbackId, TalkToEngineerPostback) || patterns.some((pattern) => pattern.test(text))
