/**
 * Triage rules: what kind of turn this is (intent), what the customer asks about (focus), whether it continues an
 * earlier question, and which topics belong to a person. Deterministic and pure, so both engines and the policy
 * agree on them and every rule is testable on its own.
 */
import { Option } from "effect"
import type { Intent, SensitiveTopic } from "./AgentGraph.js"
import { looksFrustrated } from "./Guard.js"
import { isHumanRequest } from "./HumanRequest.js"

// ---------------------------------------------------------------------------------------------------------------
// Sensitive topics
// ---------------------------------------------------------------------------------------------------------------

const commercial: ReadonlyArray<RegExp> = [
  /\b(?:price|prices|pricing|priced|cost|costs|costing|quote|quotes|quotation|discount|rebate|cheaper|invoice|payment|credit terms)\b/i,
  /\b(?:lead[- ]?times?|delivery (?:date|time)|ship(?:ping|ment|ped)?|deliver(?:ed|y)?|arriv(?:e|ed|al)|in stock|stock|availability|backorder|eta)\b/i,
  /\b(?<!in )(?:order(?:ed|ing|s)?|purchase|buy|buying|procure)\b(?!\s+(?:code|number|information|key|table)s?\b)|\b(?:can|do) you (?:supply|sell)\b/i,
  /\b(?:rma|refund|credit note|return(?:ing|ed|s)?(?!\s+loss)|send (?:it|them) back)\b/i,
  /\bwarranty (?:claim|replacement|return|case)\b|\bclaim (?:under|on) (?:the )?warranty\b|\b(?:want|need|get|request)\b[^.?!]{0,25}\breplacement\b/i,
  /\b(?:samples?|distributor|reseller|minimum order|moq)\b/i
]

const safety: ReadonlyArray<RegExp> = [
  /\b(?:life[- ]?support|ventilator|defibrillator|implant\w*|patient|medical device|aircraft|avionics|flight[- ]control|nuclear|railway signal\w*|safety[- ]critical|airbag|brak(?:e|ing) system|pacemaker)\b/i,
  /\b(?:under load|while (?:live|energi[sz]ed|powered|running|hot)|hot[- ]?(?:plug\w*|swap\w*|mat\w*)|live[- ]?(?:mat\w*|work\w*)|if i'?m quick|with (?:the )?power on)\b/i,
  /\b(?:derat\w*|beyond (?:the )?(?:rated|rating|spec\w*|limit)|exceed\w* (?:the )?(?:rated|rating|limits?|max\w*|spec\w*|\d+\s?(?:A|V|°C|amps?|volts?)\b)|above (?:the )?(?:rated|rating|limit|max\w*)|over(?:load\w*|rat\w*)|higher than (?:the )?(?:rated|rating|max\w*)|outside (?:the )?(?:rating|spec\w*|limits?))\b/i
]

const custom: ReadonlyArray<RegExp> = [
  /\b(?:custom(?:i[sz]ed)?|bespoke|tailor[- ]?made|non[- ]standard|special (?:version|variant|insert|length|design)|modif(?:y|ied|ication) (?:the|a|an|your)|private label)\b/i,
  /\bcan you (?:make|build|design|manufacture|produce|develop|engineer)\b/i,
  /\b(?:overmo(?:u)?ld\w*)\b|\b(?:build|make|design|manufacture|produce|assemble)\b[^.?!]{0,40}\b(?:cable assembl\w*|harness\w*)\b/i
]

/** Commercial (price, quote, lead time, stock, order, RMA, warranty claim, samples), safety-critical use, custom designs. */
export const sensitiveTopic = (text: string): Option.Option<SensitiveTopic> =>
  commercial.some((p) => p.test(text))
    ? Option.some("commercial")
    : safety.some((p) => p.test(text))
    ? Option.some("safety")
    : custom.some((p) => p.test(text))
    ? Option.some("custom")
    : Option.none()

// ---------------------------------------------------------------------------------------------------------------
// Greetings, closings, scope
// ---------------------------------------------------------------------------------------------------------------

export type Pleasantry = "hello" | "thanks"

const hello = /^\s*(?:hi+|hello+|hey+|hallo|good (?:morning|afternoon|evening|day)|greetings|bonjour|hola|ciao|servus|moin|guten (?:tag|morgen))\b/i
const thanks = /\b(?:thanks?|thank you|thx|cheers|merci|danke|gracias)\b|\b(?:that'?s all|that is all|bye|goodbye|have a nice day)\b/i

const domainWords =
  /\b(?:fm|fitmate|connectors?|contacts?|pins?|sockets?|plugs?|receptacles?|jacks?|headers?|housings?|inserts?|shells?|crimp\w*|cables?|wires?|awg|gauge|torque\w*|seal\w*|ip\d\w*|ratings?|rated|current|amps?|amperes?|volt\w*|temperature|temp|series|parts?|datasheets?|backshells?|hoods?|caps?|tools?|mat(?:e|es|ed|ing)|coax\w*|rf|fib(?:er|re)s?|m12|sma|bnc|n-style|warranty|rma|support|hours|orders?|quotes?|prices?|samples?|pcb|solder\w*|termin\w*|coupling|thread\w*|bayonet|push-pull|ethernet|signals?|frequency|impedance|vswr|loss|link|video|studs?|hvil|lever|wedge|latch\w*|strip\w*|reflow|calibrat\w*|mezzanine|board|positions?|ways?|channels?|key(?:ed|ing)?|coded|coding|waterproof|sealed|rohs|reach|compliant|power|high-voltage|battery|harness|assembly|spec\w*|drawing|cad|3d|model)\b/i

const offTopic =
  /\b(?:weather|forecast|football|soccer|basketball|tennis|match tonight|who will win|poem|poetry|song|lyrics|joke|story|essay|homework|assignment|recipe|cook\w*|lasagna|pizza|movie|film|netflix|celebrit\w*|politic\w*|election|president|bitcoin|crypto\w*|stock market|horoscope|dating|girlfriend|boyfriend|capital of|translate (?:this|that|into)|meaning of life)\b|\bwrite (?:me )?(?:a|an) (?:poem|story|essay|song|letter|limerick|haiku)\b/i

export const pleasantry = (text: string): Option.Option<Pleasantry> => {
  if (domainWords.test(text)) return Option.none()
  if (thanks.test(text)) return Option.some("thanks")
  if (hello.test(text)) return Option.some("hello")
  return Option.none()
}

/** Clearly about something else (weather, poems, homework…). Anything else is researched first. */
export const outOfScope = (text: string, hasEntities: boolean): boolean => !hasEntities && offTopic.test(text)

export const mentionsDomain = (text: string): boolean => domainWords.test(text)

// ---------------------------------------------------------------------------------------------------------------
// Focus: what the customer asks about
// ---------------------------------------------------------------------------------------------------------------

export type Focus =
  | "current"
  | "voltage"
  | "temperature"
  | "sealing"
  | "compliance"
  | "impedance"
  | "frequency"
  | "pitch"
  | "positions"
  | "fiber"
  | "materials"
  | "coupling"
  | "termination"
  | "wire"
  | "mating"
  | "contacts"
  | "backshells"
  | "caps"
  | "tools"
  | "fits"
  | "howto"

const focusPatterns: ReadonlyArray<readonly [Focus, RegExp]> = [
  ["current", /\b(?:cur+ent|amps?|amperes?|amperage|carry|\d+(?:\.\d+)?\s?a)\b/i],
  ["voltage", /\b(?:voltage|volts?|\d+(?:\.\d+)?\s?v)\b/i],
  ["temperature", /\b(?:temperature|temp|temprature|°c|heat|hot|cold|degrees?)\b/i],
  ["sealing", /\b(?:ip ?\d\w*|ip rating|seal(?:ed|ing)?|waterproof|water|dust|ingress|wash\w*)\b/i],
  ["compliance", /\b(?:rohs|reach|compliant|compliance|cadmium|lead[- ]free|svhc)\b/i],
  ["impedance", /\b(?:impedance|ohms?|ω)\b/i],
  ["frequency", /\b(?:frequency|ghz|mhz|bandwidth)\b/i],
  ["pitch", /\bpitch\b/i],
  ["positions", /\b(?:how many (?:positions|pins|contacts|ways|channels|poles)|positions|channels|pin count|number of (?:pins|contacts|positions|channels))\b/i],
  ["fiber", /\b(?:fib(?:er|re) type|single[- ]?mode|multi[- ]?mode|os2|om4|fib(?:er|re))\b/i],
  ["materials", /\b(?:material|plating|plated|finish|housing material|shell material|gold|nickel|zinc)\b/i],
  ["coupling", /\b(?:coupling|bayonet|threaded|push[- ]pull|latch)\b/i],
  ["termination", /\b(?:termination|terminate|solder cup|pcb mount|smt|through[- ]hole)\b/i],
  ["wire", /\b(?:wire (?:size|range|gauge)|awg|gauge|cross[- ]section|mm²|cable (?:size|diameter))\b/i],
  ["mating", /\b(?:mat(?:e|es|ed|ing)|counterpart|goes? (?:with|into)|plug into|fit into)\b/i],
  ["contacts", /\bcontacts?\b(?! (?:resistance|rating|size))/i],
  ["backshells", /\b(?:backshells?|hoods?|collets?|boots?|shield clamps?|strain relief)\b/i],
  ["caps", /\b(?:caps?|dust caps?|covers?|protective caps?)\b/i],
  ["tools", /\b(?:tools?|crimpers?|crimp tools?|pliers|extraction|removal tool|insertion tool)\b/i],
  ["fits", /\b(?:fits?|compatible|compatibility|works? with|use with|goes with|suitable for)\b/i],
  ["howto", /\b(?:how (?:do|should|can|to)|steps|procedure|install\w*|assembl\w*|strip length|crimp height|clean\w*|torque|tighten\w*|read (?:the|a) part number|part number key)\b/i]
]

/** The attributes or relations the question asks about (empty: a general "tell me about it"). */
export const focusOf = (text: string): ReadonlySet<Focus> =>
  new Set(focusPatterns.filter(([, pattern]) => pattern.test(text)).map(([focus]) => focus))

const catalogRelations: ReadonlySet<Focus> = new Set(["mating", "contacts", "backshells", "caps", "tools", "fits"])

// ---------------------------------------------------------------------------------------------------------------
// Intent
// ---------------------------------------------------------------------------------------------------------------

const troubleshooting =
  /\b(?:won'?t|will not|can'?t|cannot|doesn'?t|does not|isn'?t|not working|keeps?|kept|fail\w*|problem|issue|trouble|dropp?\w*|loose|hot|overheat\w*|melt\w*|burn\w*|water (?:got |gets )?in\w*|inside|corro\w*|intermittent|fault|error|high (?:vswr|insertion loss|resistance)|broken|damag\w*|stuck|bent)\b/i

export interface IntentInput {
  readonly text: string
  readonly postbackId: Option.Option<string>
  /** The question (or the conversation it continues) names catalog parts or series. */
  readonly hasEntities: boolean
}

/** Intent, in rule order: person > pleasantry > out of scope > commercial > troubleshooting > compatibility > product. */
export const classifyIntent = (input: IntentInput): Intent => {
  const { text } = input
  if (isHumanRequest(text, input.postbackId)) return "human_request"
  if (Option.isSome(pleasantry(text))) return "greeting"
  if (outOfScope(text, input.hasEntities)) return "out_of_scope"
  if (Option.contains(sensitiveTopic(text), "commercial")) return "commercial"
  if (troubleshooting.test(text)) return "troubleshooting"
  const focus = focusOf(text)
  if ([...focus].some((f) => catalogRelations.has(f))) return "compatibility"
  return input.hasEntities || mentionsDomain(text) ? "product" : "unknown"
}

export const isFrustrated = looksFrustrated

// ---------------------------------------------------------------------------------------------------------------
// Follow-ups
// ---------------------------------------------------------------------------------------------------------------

const followUpCue =
  /^\s*(?:and|also|plus|what about|how about|same (?:for|question)|ok(?:ay)?,? (?:and|what|how)|then|so)\b|\b(?:it|its|them|they|those|these|that one|this one|the same|same one|the other|one)\b|\bthe \w+(?:[- ]\w+)? (?:version|one|variant|model|type)\b/i

/** The question leans on an earlier one ("and the mating plug?", "what torque do I tighten them to?"). */
export const isFollowUp = (text: string): boolean => followUpCue.test(text)
