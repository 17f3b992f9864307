/**
 * The conversation core: applies one chat signal. It knows the ownership rules and the turn flow, not LiveChat:
 * side effects go through `ChatActions`, state through `ChatStore`.
 *
 * Ownership per thread: bot → handing_off → human, or bot → fallback (awaiting an email) → bot.
 * Only customer messages in threads the bot owns start a turn.
 */
import { Clock, Effect, Match, Option } from "effect"
import { AgentGraph, type TurnResult, unansweredTurn } from "../agents/AgentGraph.js"
import type { ChatId, ThreadId } from "../domain/Ids.js"
import { HandoffDecision } from "../handoff/HandoffDecision.js"
import { HandoffPolicy } from "../handoff/HandoffPolicy.js"
import { ChatStore } from "../store/ChatStore.js"
import { Handoff as HandoffAttribute, Support, turnAttributes } from "../telemetry/Attributes.js"
import { recordTurn as recordTurnMetric } from "../telemetry/Metrics.js"
import { ChatActions, customIdFor } from "./ChatActions.js"
import { Speaker } from "./Speaker.js"
import type {
  BotRemoved,
  ChatSignal,
  ChatTransferred,
  CustomerMessage,
  HumanJoined,
  HumanMessage,
  ThreadClosed,
  ThreadStarted
} from "./ChatSignal.js"
import { conversationKey } from "./ConversationKey.js"
import { findEmail } from "./Email.js"
import { Handoff } from "./Handoff.js"
import { leadSaved, renderDraft, somethingWentWrong } from "./Replies.js"


export class Conversation extends Effect.Service<Conversation>()("app/Conversation", {
  effect: Effect.gen(function*() {
    const store = yield* ChatStore
    const actions = yield* ChatActions
    const speaker = yield* Speaker
    const agents = yield* AgentGraph
    const policy = yield* HandoffPolicy
    const handoff = yield* Handoff
    const keyOf = yield* conversationKey

    /** The thread a chat-level signal without a thread id refers to: the chat's current one. */
    const threadOf = (chatId: ChatId, threadId: ThreadId | undefined) =>
      threadId === undefined
        ? store.currentThread(chatId)
        : store.thread(chatId, threadId)

    const handToHuman = Effect.fn("Conversation.handToHuman")(
      function*(chatId: ChatId, threadId: ThreadId | undefined) {
        const thread = yield* threadOf(chatId, threadId)
        if (Option.isNone(thread) || thread.value.owner === "human") return
        yield* store.updateThread(chatId, thread.value.threadId, { owner: "human", awaitingEmail: false })
        yield* handoff.confirm(thread.value)
      }
    )

    const onThreadStarted = Effect.fn("Conversation.threadStarted")(function*(signal: ThreadStarted) {
      const state = yield* store.threadStarted({
        chatId: signal.chatId,
        threadId: signal.threadId,
        ...(signal.customerId === undefined ? {} : { customerId: signal.customerId }),
        ...(signal.groupId === undefined ? {} : { groupId: signal.groupId })
      })
      // Routing gave this thread to a human directly (no free bot slot, or the customer opted out of bots).
      if (!signal.botPresent && state.owner === "bot") {
        yield* store.updateThread(signal.chatId, signal.threadId, { owner: "human" })
      }
    })

    const onHumanMessage = Effect.fn("Conversation.humanMessage")(function*(signal: HumanMessage) {
      yield* store.recordMessage({
        chatId: signal.chatId,
        threadId: signal.threadId,
        eventId: signal.eventId,
        author: "agent",
        authorId: signal.agentId,
        text: signal.text,
        visibility: "all",
        createdAt: new Date(signal.createdAt)
      })
      yield* handToHuman(signal.chatId, signal.threadId)
    })

    const onTransferred = Effect.fn("Conversation.transferred")(function*(signal: ChatTransferred) {
      if (!signal.toBot) return yield* handToHuman(signal.chatId, signal.threadId)
      // A human handed the chat back to the bot: the bot owns the thread again.
      const thread = yield* threadOf(signal.chatId, signal.threadId)
      if (Option.isSome(thread)) {
        yield* store.updateThread(signal.chatId, thread.value.threadId, { owner: "bot", unresolvedTurns: 0 })
      }
    })

    const replyWithLead = Effect.fn("Conversation.captureLead")(
      function*(signal: CustomerMessage, email: string) {
        const transcript = yield* store.transcript(signal.chatId, signal.threadId)
        yield* store.recordLead({
          chatId: signal.chatId,
          threadId: signal.threadId,
          email,
          transcript,
          reason: "no engineer available"
        })
        yield* speaker.say({
          chatId: signal.chatId,
          threadId: signal.threadId,
          customId: customIdFor(signal.eventId, "lead"),
          text: leadSaved(email),
          visibility: "all"
        })
        yield* store.updateThread(signal.chatId, signal.threadId, { owner: "bot", awaitingEmail: false })
        return "fallback" as const
      }
    )

    const runEngine = Effect.fn("Conversation.runEngine")(function*(signal: CustomerMessage) {
      const transcript = yield* store.transcript(signal.chatId, signal.threadId)
      const history = transcript
        .filter((m) => m.eventId !== signal.eventId && m.visibility === "all" && m.author !== "system")
        .map((m) => ({ role: m.author === "customer" ? "customer" as const : m.author === "bot" ? "bot" as const : "agent" as const, text: m.text }))
      return yield* agents.run({
        conversationKey: keyOf(signal.chatId),
        question: signal.text,
        history,
        postbackId: Option.fromNullable(signal.postbackId)
      }).pipe(
        // A failing engine must not silence the bot: treat it as "nothing supported", the policy takes it from there.
        Effect.catchTag("AgentError", (error) =>
          Effect.logWarning("answer engine failed; treating the turn as unanswered", { step: error.step }).pipe(
            Effect.as<TurnResult>(unansweredTurn("engine_error"))
          )
        )
      )
    })

    const answerTurn = Effect.fn("Conversation.turn")(function*(signal: CustomerMessage, unresolvedTurns: number) {
      const send = (text: string, quickReplies: ReadonlyArray<{ id: string; label: string }>) =>
        speaker.say({
          chatId: signal.chatId,
          threadId: signal.threadId,
          customId: customIdFor(signal.eventId, "reply"),
          text,
          visibility: "all",
          quickReplies
        })
      const result = yield* runEngine(signal)
      const decision = yield* policy.decide({
        question: signal.text,
        postbackId: Option.fromNullable(signal.postbackId),
        result,
        unresolvedTurns
      })
      const outcome = yield* HandoffDecision.$match(decision, {
        Answer: ({ draft }) =>
          send(renderDraft(draft), draft.quickReplies).pipe(
            Effect.zipRight(store.updateThread(signal.chatId, signal.threadId, { unresolvedTurns: 0 })),
            Effect.as({ decision: "answer" as const, answer: Option.some(renderDraft(draft)), reason: Option.none<string>() })
          ),
        Clarify: ({ quickReplies, text }) =>
          send(text, quickReplies).pipe(
            Effect.zipRight(store.updateThread(signal.chatId, signal.threadId, { unresolvedTurns: unresolvedTurns + 1 })),
            Effect.as({ decision: "clarify" as const, answer: Option.some(text), reason: Option.none<string>() })
          ),
        Decline: ({ quickReplies, text }) =>
          send(text, quickReplies).pipe(
            Effect.as({ decision: "decline" as const, answer: Option.some(text), reason: Option.some("out_of_scope") })
          ),
        Escalate: ({ interim, reason }) =>
          // A verified safety note goes out before the hand-off notice ("mate only de-energised [1]").
          Option.match(interim, { onNone: () => Effect.void, onSome: (draft) => send(renderDraft(draft), []) }).pipe(
            Effect.zipRight(handoff.escalate({ signal, reason, result })),
            Effect.map((handedOff) => ({
              decision: handedOff === "transferred" ? "escalate" as const : "fallback" as const,
              answer: Option.map(interim, renderDraft),
              reason: Option.some<string>(reason)
            }))
          )
      })
      yield* Effect.annotateCurrentSpan({
        ...turnAttributes,
        [Support.Intent]: result.intent,
        [HandoffAttribute.Decision]: outcome.decision,
        [HandoffAttribute.Confidence]: Math.min(1, Math.max(0, result.confidence)),
        ...Option.match(outcome.reason, { onNone: () => ({}), onSome: (reason) => ({ [HandoffAttribute.Reason]: reason }) })
      })
      return { result, ...outcome }
    })

    const onCustomerMessage = Effect.fn("Conversation.customerMessage")(function*(signal: CustomerMessage) {
      const started = yield* Clock.currentTimeMillis
      // The thread may be unknown when its incoming_chat was never delivered to us: it starts with the bot.
      const state = yield* store.thread(signal.chatId, signal.threadId).pipe(
        Effect.flatMap(Option.match({
          onSome: Effect.succeed,
          onNone: () => store.threadStarted({ chatId: signal.chatId, threadId: signal.threadId, customerId: signal.customerId })
        }))
      )
      yield* store.recordMessage({
        chatId: signal.chatId,
        threadId: signal.threadId,
        eventId: signal.eventId,
        author: "customer",
        authorId: signal.customerId,
        text: signal.text,
        visibility: "all",
        createdAt: new Date(signal.createdAt)
      })
      yield* Effect.annotateCurrentSpan({ [Support.Owner]: state.owner })
      if (state.owner === "human" || state.owner === "handing_off") return

      const email = state.awaitingEmail ? findEmail(signal.text) : Option.none<string>()
      if (Option.isSome(email)) {
        yield* replyWithLead(signal, email.value)
        return yield* recordTurn(signal, started, {
          decision: "fallback",
          answer: Option.some("lead captured"),
          reason: Option.some("lead_captured"),
          confidence: 1
        })
      }

      yield* actions.typing(signal.chatId, true)
      const turn = yield* answerTurn(signal, state.unresolvedTurns).pipe(Effect.ensuring(actions.typing(signal.chatId, false)))
      yield* recordTurn(signal, started, { ...turn, confidence: turn.result.confidence })
    })

    const recordTurn = (
      signal: CustomerMessage,
      started: number,
      turn: {
        readonly decision: "answer" | "clarify" | "escalate" | "fallback" | "decline"
        readonly answer: Option.Option<string>
        readonly reason: Option.Option<string>
        readonly confidence: number
        readonly result?: TurnResult
      }
    ) =>
      Clock.currentTimeMillis.pipe(
        Effect.flatMap((now) =>
          store.recordTurn({
            chatId: signal.chatId,
            threadId: signal.threadId,
            eventId: signal.eventId,
            question: signal.text,
            answer: turn.answer,
            citations: Option.match(turn.result?.draft ?? Option.none(), {
              onNone: () => [],
              onSome: (draft) => draft.citations.map((c) => ({ id: c.id, title: c.title }))
            }),
            confidence: turn.confidence,
            decision: turn.decision,
            reason: turn.reason,
            latencyMs: now - started
          }).pipe(Effect.zipRight(recordTurnMetric({ durationMillis: now - started, decision: turn.decision })))
        ),
        Effect.asVoid
      )

    const onHumanJoined = (signal: HumanJoined) => handToHuman(signal.chatId, signal.threadId)
    const onBotRemoved = (signal: BotRemoved) => handToHuman(signal.chatId, signal.threadId)
    // Nothing to undo when a thread closes: a returning customer starts a new thread, which the bot owns again.
    const onThreadClosed = (_signal: ThreadClosed) => Effect.void

    /** Applies one signal. Fails only with errors worth retrying or recording as dead letters. */
    const process = (signal: ChatSignal) =>
      Match.valueTags(signal, {
        ThreadStarted: onThreadStarted,
        CustomerMessage: onCustomerMessage,
        HumanMessage: onHumanMessage,
        ChatTransferred: onTransferred,
        HumanJoined: onHumanJoined,
        BotRemoved: onBotRemoved,
        ThreadClosed: onThreadClosed
      })

    /** Last resort after a turn could not be completed: tell the customer instead of going silent. */
    const apologise = Effect.fn("Conversation.apologise")(function*(signal: CustomerMessage) {
      yield* speaker.say({
        chatId: signal.chatId,
        threadId: signal.threadId,
        customId: customIdFor(signal.eventId, "apology"),
        text: somethingWentWrong,
        visibility: "all"
      })
    })

    return { process, apologise } as const
  }),
  dependencies: [Handoff.Default, Speaker.Default]
}) {}

