import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Option, Ref } from "effect"
import { randomUUID } from "node:crypto"
import { MinimalAgentGraph } from "../support/MinimalAgentGraph.js"
import { TalkToEngineerPostback } from "../../src/agents/HumanRequest.js"
import {
  BotRemoved,
  ChatTransferred,
  CustomerMessage,
  HumanJoined,
  HumanMessage,
  ThreadStarted
} from "../../src/conversation/ChatSignal.js"
import { Conversation } from "../../src/conversation/Conversation.js"
import { ChatId, EventId, ThreadId, UserId } from "../../src/domain/Ids.js"
import { HandoffPolicy } from "../../src/handoff/HandoffPolicy.js"
import { ChatStore } from "../../src/store/ChatStore.js"
import { databases } from "../support/Databases.js"
import { ChatRecorder, type RecordedAction, RecordingChatActions } from "../support/RecordingChatActions.js"

const newChat = () => {
  const tag = randomUUID().slice(0, 8).toUpperCase()
  const chatId = ChatId.make(`C${tag}`)
  const threadId = ThreadId.make(`T${tag}`)
  const customerId = UserId.make(`cust-${tag}`)
  let seq = 0
  const message = (text: string, options: { postbackId?: string; thread?: ThreadId } = {}) =>
    new CustomerMessage({
      chatId,
      threadId: options.thread ?? threadId,
      eventId: EventId.make(`${options.thread ?? threadId}_${++seq}`),
      customerId,
      text,
      createdAt: new Date(Date.UTC(2026, 10, 25, 12, 0, seq)).toISOString(),
      ...(options.postbackId === undefined ? {} : { postbackId: options.postbackId })
    })
  return {
    chatId,
    threadId,
    started: new ThreadStarted({ chatId, threadId, customerId, botPresent: true }),
    message
  }
}

const sends = (actions: ReadonlyArray<RecordedAction>) =>
  actions.flatMap((a) => (a._tag === "send" ? [a.message] : []))
const transfers = (actions: ReadonlyArray<RecordedAction>) => actions.filter((a) => a._tag === "transfer")

for (const database of databases) {
  const TestLayer = Conversation.Default.pipe(
    Layer.provide([MinimalAgentGraph, HandoffPolicy.Default]),
    Layer.provideMerge(RecordingChatActions),
    Layer.provideMerge(ChatRecorder.Default),
    Layer.provideMerge(ChatStore.Default),
    Layer.provide(database.layer())
  )

  describe(`Conversation on ${database.name}`, () => {
    // The top-level `layer`, not `it.layer`: sibling `it.layer` blocks in one file share the first block's layer.
    layer(TestLayer, { timeout: "120 seconds" })((it) => {
      const setAvailability = (available: boolean) =>
        Effect.flatMap(ChatRecorder, (r) => Ref.set(r.available, available))

      it.effect("answers a customer message exactly once, honestly, and records the turn", () =>
        Effect.gen(function*() {
          const conversation = yield* Conversation
          const recorder = yield* ChatRecorder
          const store = yield* ChatStore
          const chat = newChat()
          yield* conversation.process(chat.started)
          const question = chat.message("What is the voltage rating of the FMX-99 series?")
          yield* conversation.process(question)

          const sent = sends(yield* recorder.forChat(chat.chatId))
          assert.strictEqual(sent.length, 1)
          assert.strictEqual(sent[0]!.visibility, "all")
          assert.strictEqual(sent[0]!.customId, `fm.${question.eventId}.reply`)
          assert.match(sent[0]!.text, /won't guess/)
          assert.deepStrictEqual(sent[0]!.quickReplies?.map((q) => q.id), [TalkToEngineerPostback])

          const turns = yield* store.turns(chat.chatId, chat.threadId)
          assert.deepStrictEqual(turns.map((t) => t.decision), ["clarify"])
        }))

      it.effect("explicit request with an engineer available: briefing, notice, transfer, then silence", () =>
        Effect.gen(function*() {
          const conversation = yield* Conversation
          const recorder = yield* ChatRecorder
          const store = yield* ChatStore
          yield* setAvailability(true)
          const chat = newChat()
          yield* conversation.process(chat.started)
          yield* conversation.process(chat.message("Which backshell fits the FMC-14 plug?"))
          yield* conversation.process(chat.message("can I talk to a human?"))

          const actions = yield* recorder.forChat(chat.chatId)
          const sent = sends(actions)
          assert.deepStrictEqual(sent.map((m) => m.visibility), ["all", "agents", "all"])
          const note = sent[1]!.text
          assert.match(note, /asked for a person/)
          assert.match(note, /can I talk to a human\?/)
          assert.match(note, /Which backshell fits the FMC-14 plug\?/)
          assert.strictEqual(transfers(actions).length, 1)
          assert.strictEqual((yield* store.thread(chat.chatId, chat.threadId)).pipe(Option.map((t) => t.owner), Option.getOrThrow), "handing_off")

          yield* conversation.process(new ChatTransferred({ chatId: chat.chatId, threadId: chat.threadId, toBot: false, queued: false }))
          assert.strictEqual((yield* store.thread(chat.chatId, chat.threadId)).pipe(Option.map((t) => t.owner), Option.getOrThrow), "human")
          const outcomes = (yield* store.handoffs(chat.chatId)).map((h) => h.outcome)
          assert.deepStrictEqual(outcomes, ["transferred", "confirmed"])

          // Later customer messages and the engineer's replies get no bot reply.
          yield* conversation.process(chat.message("hello? are you there?"))
          yield* conversation.process(
            new HumanMessage({
              chatId: chat.chatId,
              threadId: chat.threadId,
              eventId: EventId.make(`${chat.threadId}_90`),
              agentId: UserId.make("anna@fitmate.example"),
              text: "Hi, Anna here.",
              createdAt: new Date().toISOString()
            })
          )
          assert.strictEqual(sends(yield* recorder.forChat(chat.chatId)).length, 3)
        }))

      it.effect("explicit request with nobody available: honest fallback, email captured as a lead, no transfer", () =>
        Effect.gen(function*() {
          const conversation = yield* Conversation
          const recorder = yield* ChatRecorder
          const store = yield* ChatStore
          yield* setAvailability(false)
          const chat = newChat()
          yield* conversation.process(chat.started)
          yield* conversation.process(chat.message("I want to speak to an engineer"))
          yield* conversation.process(chat.message("sure, it's jane.doe@example.com"))
          yield* setAvailability(true)

          const actions = yield* recorder.forChat(chat.chatId)
          assert.strictEqual(transfers(actions).length, 0)
          const sent = sends(actions)
          assert.strictEqual(sent.length, 2)
          assert.match(sent[0]!.text, /none of our engineers can take the chat right now/)
          assert.notMatch(sent[0]!.text, /transferr|connected/i)
          assert.match(sent[1]!.text, /jane\.doe@example\.com/)

          const leads = yield* store.leads({ chatId: chat.chatId })
          assert.strictEqual(leads.length, 1)
          assert.strictEqual(leads[0]!.email, "jane.doe@example.com")
          assert.isTrue(leads[0]!.transcript.some((m) => m.text === "I want to speak to an engineer"))
          assert.deepStrictEqual((yield* store.handoffs(chat.chatId)).map((h) => h.outcome), ["unavailable"])
        }))

      it.effect("a transfer refused because nobody can be assigned falls back honestly", () =>
        Effect.gen(function*() {
          const conversation = yield* Conversation
          const recorder = yield* ChatRecorder
          yield* Ref.set(recorder.transferOutcome, "nobody_available")
          const chat = newChat()
          yield* conversation.process(chat.started)
          yield* conversation.process(chat.message("Talk to an engineer", { postbackId: TalkToEngineerPostback }))
          yield* Ref.set(recorder.transferOutcome, "transferred")

          const sent = sends(yield* recorder.forChat(chat.chatId))
          assert.match(sent.at(-1)!.text, /none of our engineers can take the chat right now/)
          const store = yield* ChatStore
          const state = Option.getOrThrow(yield* store.thread(chat.chatId, chat.threadId))
          assert.strictEqual(state.owner, "fallback")
          assert.isTrue(state.awaitingEmail)
        }))

      it.effect("a human's message, a human joining, or the bot's removal hand the thread to the human", () =>
        Effect.gen(function*() {
          const conversation = yield* Conversation
          const recorder = yield* ChatRecorder
          const store = yield* ChatStore
          const owners: Array<string> = []
          for (const flip of ["message", "joined", "removed"] as const) {
            const chat = newChat()
            yield* conversation.process(chat.started)
            const signal = flip === "message"
              ? new HumanMessage({
                chatId: chat.chatId,
                threadId: chat.threadId,
                eventId: EventId.make(`${chat.threadId}_50`),
                agentId: UserId.make("anna@fitmate.example"),
                text: "I'll take this one",
                createdAt: new Date().toISOString()
              })
              : flip === "joined"
              ? new HumanJoined({ chatId: chat.chatId, threadId: chat.threadId, agentId: UserId.make("anna@fitmate.example") })
              : new BotRemoved({ chatId: chat.chatId, threadId: chat.threadId })
            yield* conversation.process(signal)
            yield* conversation.process(chat.message("hello"))
            owners.push(Option.getOrThrow(yield* store.thread(chat.chatId, chat.threadId)).owner)
            assert.strictEqual(sends(yield* recorder.forChat(chat.chatId)).length, 0, flip)
          }
          assert.deepStrictEqual(owners, ["human", "human", "human"])
        }))

      it.effect("a new thread starts with the bot again", () =>
        Effect.gen(function*() {
          const conversation = yield* Conversation
          const recorder = yield* ChatRecorder
          const chat = newChat()
          yield* conversation.process(chat.started)
          yield* conversation.process(new BotRemoved({ chatId: chat.chatId, threadId: chat.threadId }))
          const thread2 = ThreadId.make(`${chat.threadId}B`)
          yield* conversation.process(new ThreadStarted({ chatId: chat.chatId, threadId: thread2, botPresent: true }))
          yield* conversation.process(chat.message("hello", { thread: thread2 }))
          const sent = sends(yield* recorder.forChat(chat.chatId))
          assert.strictEqual(sent.length, 1)
          assert.strictEqual(sent[0]!.threadId, thread2)
        }))

      it.effect("a thread routed straight to a human never gets a bot reply", () =>
        Effect.gen(function*() {
          const conversation = yield* Conversation
          const recorder = yield* ChatRecorder
          const chat = newChat()
          yield* conversation.process(new ThreadStarted({ chatId: chat.chatId, threadId: chat.threadId, botPresent: false }))
          yield* conversation.process(chat.message("hello"))
          assert.strictEqual(sends(yield* recorder.forChat(chat.chatId)).length, 0)
        }))

      it.effect("two unresolved questions in a row escalate", () =>
        Effect.gen(function*() {
          const conversation = yield* Conversation
          const recorder = yield* ChatRecorder
          const store = yield* ChatStore
          yield* setAvailability(true)
          const chat = newChat()
          yield* conversation.process(chat.started)
          yield* conversation.process(chat.message("What is the thread pitch on the FMZ-3?"))
          yield* conversation.process(chat.message("And the torque for it?"))
          assert.strictEqual(transfers(yield* recorder.forChat(chat.chatId)).length, 1)
          const turns = yield* store.turns(chat.chatId, chat.threadId)
          assert.deepStrictEqual(turns.map((t) => t.decision), ["clarify", "escalate"])
          assert.deepStrictEqual(turns.map((t) => t.reason), [Option.none(), Option.some("repeated_failure")])
        }))

      it.effect("re-running the same message reuses the same custom ids (the adapter makes sends exactly-once)", () =>
        Effect.gen(function*() {
          const conversation = yield* Conversation
          const recorder = yield* ChatRecorder
          const chat = newChat()
          yield* conversation.process(chat.started)
          const hello = chat.message("hello")
          yield* conversation.process(hello)
          yield* conversation.process(hello)
          const ids = sends(yield* recorder.forChat(chat.chatId)).map((m) => m.customId)
          assert.deepStrictEqual(ids, [`fm.${hello.eventId}.reply`, `fm.${hello.eventId}.reply`])
        }))
    })
  })
}
