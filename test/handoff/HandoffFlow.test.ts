/**
 * The policy's decisions carried out by the conversation core: a safety question gets the verified note, then the
 * hand-off notice, the briefing and the transfer; with nobody available, the fallback wording follows business
 * hours; answers carry their numbered sources and the "Talk to an engineer" button.
 */
import { assert, describe, layer } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option, Ref, TestClock } from "effect"
import { randomUUID } from "node:crypto"
import { AgentGraph, type TurnInput, type TurnResult, unansweredTurn } from "../../src/agents/AgentGraph.js"
import { TalkToEngineerPostback } from "../../src/agents/HumanRequest.js"
import { CustomerMessage, ThreadStarted } from "../../src/conversation/ChatSignal.js"
import { Conversation } from "../../src/conversation/Conversation.js"
import { ChatId, EventId, ThreadId, UserId } from "../../src/domain/Ids.js"
import { HandoffPolicy } from "../../src/handoff/HandoffPolicy.js"
import { ChatStore } from "../../src/store/ChatStore.js"
import { databases } from "../support/Databases.js"
import { ChatRecorder, RecordingChatActions } from "../support/RecordingChatActions.js"

const safetyNote: TurnResult = {
  ...unansweredTurn("x"),
  intent: "product",
  reason: Option.none(),
  confidence: 0.7,
  grounding: "verified",
  draft: Option.some({
    text: "FM-HV connectors must only be mated and unmated with the high-voltage system de-energised [1].",
    citations: [{ id: "ds-fm-hv", title: "FM-HV series datasheet", revision: "G", url: "https://docs.fitmate.example/datasheets/ds-fm-hv" }],
    quickReplies: []
  }),
  entities: { parts: [], series: ["FM-HV"], specs: [] },
  signals: { injection: false, pii: [], frustration: false, sensitive: Option.some("safety") }
}

const rated: TurnResult = {
  ...safetyNote,
  confidence: 0.9,
  draft: Option.some({
    text: "FM-CT-R13-22P is rated 5 A per contact [1].",
    citations: [{ id: "ds-fm-ct", title: "FM-CT series datasheet", revision: "G", url: "https://docs.fitmate.example/datasheets/ds-fm-ct" }],
    quickReplies: [{ id: TalkToEngineerPostback, label: "Talk to an engineer" }]
  }),
  entities: { parts: ["FM-CT-R13-22P"], series: ["FM-CT"], specs: [] },
  signals: { ...safetyNote.signals, sensitive: Option.none() }
}

/** A scripted engine: the answer depends on the question. */
const ScriptedEngine = Layer.succeed(AgentGraph, {
  run: (input: TurnInput) => Effect.succeed(/under load/.test(input.question) ? safetyNote : rated)
})

const chat = () => {
  const tag = randomUUID().slice(0, 8).toUpperCase()
  const chatId = ChatId.make(`C${tag}`)
  const threadId = ThreadId.make(`T${tag}`)
  const customerId = UserId.make(`cust-${tag}`)
  let seq = 0
  return {
    chatId,
    started: new ThreadStarted({ chatId, threadId, customerId, botPresent: true }),
    message: (text: string) =>
      new CustomerMessage({
        chatId,
        threadId,
        eventId: EventId.make(`${threadId}_${++seq}`),
        customerId,
        text,
        createdAt: new Date(Date.UTC(2026, 10, 25, 12, 0, seq)).toISOString()
      })
  }
}

const database = databases.find((d) => d.name === "pglite")!
const TestLayer = Conversation.Default.pipe(
  Layer.provide([ScriptedEngine, HandoffPolicy.Default]),
  Layer.provideMerge(RecordingChatActions),
  Layer.provideMerge(ChatRecorder.Default),
  Layer.provideMerge(ChatStore.Default),
  Layer.provide(database.layer()),
  Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["SUPPORT_TIME_ZONE", "Europe/Berlin"]]))))
)

const sentTexts = (recorder: ChatRecorder, chatId: string) =>
  recorder.forChat(chatId).pipe(
    Effect.map((all) => all.flatMap((a) => (a._tag === "send" ? [{ text: a.message.text, visibility: a.message.visibility, replies: a.message.quickReplies?.map((q) => q.id) ?? [] }] : [])))
  )

describe("hand-off flow", () => {
  layer(TestLayer, { timeout: "120 seconds" })((it) => {
    it.effect("an answer goes out with its numbered sources and the engineer button", () =>
      Effect.gen(function*() {
        const conversation = yield* Conversation
        const recorder = yield* ChatRecorder
        const c = chat()
        yield* conversation.process(c.started)
        yield* conversation.process(c.message("What is the current rating of FM-CT-R13-22P?"))
        const sent = yield* sentTexts(recorder, c.chatId)
        assert.deepStrictEqual(sent, [{
          text: "FM-CT-R13-22P is rated 5 A per contact [1].\n\n[1] FM-CT series datasheet, rev G",
          visibility: "all",
          replies: [TalkToEngineerPostback]
        }])
      }))

    it.effect("a safety question: the verified note, then the briefing, the notice and the transfer", () =>
      Effect.gen(function*() {
        const conversation = yield* Conversation
        const recorder = yield* ChatRecorder
        const store = yield* ChatStore
        yield* Ref.set(recorder.available, true)
        // Wednesday 2026-11-25 11:00 in Berlin: business hours.
        yield* TestClock.setTime(Date.UTC(2026, 10, 25, 10, 0))
        const c = chat()
        yield* conversation.process(c.started)
        yield* conversation.process(c.message("Can I unplug FM-HV under load if I'm quick?"))
        const sent = yield* sentTexts(recorder, c.chatId)
        assert.deepStrictEqual(sent.map((s) => s.visibility), ["all", "agents", "all"])
        assert.match(sent[0]!.text, /de-energised \[1\]\.\n\n\[1\] FM-HV series datasheet, rev G$/)
        assert.match(sent[1]!.text, /reason: sensitive_topic/)
        assert.match(sent[1]!.text, /Topic: product, safety-critical\./)
        assert.strictEqual(sent[2]!.text, "I'll bring in one of our engineers now. They will see this conversation, so you won't need to repeat yourself.")
        const actions = yield* recorder.forChat(c.chatId)
        assert.strictEqual(actions.filter((a) => a._tag === "transfer").length, 1)
        const [turn] = yield* store.turns(c.chatId, c.started.threadId)
        assert.strictEqual(turn!.decision, "escalate")
        assert.deepStrictEqual(turn!.reason, Option.some("sensitive_topic"))
      }))

    it.effect("nobody available on a Saturday: the fallback says when engineers are back", () =>
      Effect.gen(function*() {
        const conversation = yield* Conversation
        const recorder = yield* ChatRecorder
        yield* Ref.set(recorder.available, false)
        yield* TestClock.setTime(Date.UTC(2026, 10, 28, 12, 0))
        const c = chat()
        yield* conversation.process(c.started)
        yield* conversation.process(c.message("I want to talk to an engineer"))
        const sent = yield* sentTexts(recorder, c.chatId)
        assert.strictEqual(sent.length, 1)
        assert.match(sent[0]!.text, /^I'm sorry — none of our engineers can take the chat right now: they work Monday to Friday, 08:00–17:00 \(Europe\/Berlin time\) and are back Monday at 08:00\. If you leave your email address/)
        yield* Ref.set(recorder.available, true)
      }))
  })
})
