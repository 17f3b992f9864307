import { assert, describe, it } from "@effect/vitest"
import { Option } from "effect"
import { isHumanRequest, TalkToEngineerPostback } from "../../src/agents/HumanRequest.js"

const requests = [
  "can I talk to a human?",
  "I'd like to talk to a human, please.",
  "Talk to an engineer",
  "Please connect me with an engineer",
  "I want to speak to a real person",
  "put me through to someone from support",
  "agent please",
  "Human!",
  "is there a human I can chat with?",
  "I need a person, not a bot",
  "can you transfer me to your support team",
  "get me a representative",
  "I'd prefer to speak with a technician",
  "stop the bot",
  "Can someone call me back?",
  "Ich möchte mit einem Menschen sprechen",
  "je voudrais parler à un humain",
  "quiero hablar con una persona real",
  "posso parlare con un operatore?",
  "mag ik met een medewerker praten",
  "chcę porozmawiać z konsultantem",
  "quero falar com um atendente"
]

const notRequests = [
  "What is the current rating of the FM-C38 contacts?",
  "Does the FMR-12 plug mate with the FMR-12 receptacle?",
  "hello",
  "How do I crimp size 20 contacts?",
  "My engineer says the IP rating is IP67, is that right?",
  "Which backshell fits shell size 14?",
  "thanks, that helps"
]

describe("isHumanRequest", () => {
  for (const text of requests) {
    it(`recognises: ${text}`, () => assert.isTrue(isHumanRequest(text)))
  }
  for (const text of notRequests) {
    it(`does not fire on: ${text}`, () => assert.isFalse(isHumanRequest(text)))
  }
  it("recognises the quick-reply button", () =>
    assert.isTrue(isHumanRequest("Yes", Option.some(TalkToEngineerPostback))))
})
