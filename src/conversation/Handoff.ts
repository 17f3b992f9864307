/**
 * Handing a chat to a human engineer: brief them, tell the customer, transfer — or, when nobody can take it,
 * say so honestly and offer email follow-up. The bot never claims a transfer it did not make.
 */
import { Clock, Config, Effect, Option } from "effect"
import type { TurnResult } from "../agents/AgentGraph.js"
import { GroupId } from "../domain/Ids.js"
import { briefing } from "../handoff/Briefing.js"
import type { EscalationReason } from "../handoff/HandoffDecision.js"
import { HandoffPolicy } from "../handoff/HandoffPolicy.js"
import { ChatStore } from "../store/ChatStore.js"
import type { ThreadState } from "../store/ChatRecords.js"
import { ChatActions, customIdFor } from "./ChatActions.js"
import { Speaker } from "./Speaker.js"
import type { CustomerMessage } from "./ChatSignal.js"
import { recordEscalation } from "../telemetry/Metrics.js"

export type HandoffOutcome = "transferred" | "fallback"

const customId = (signal: CustomerMessage, step: string) => customIdFor(signal.eventId, step)

export class Handoff extends Effect.Service<Handoff>()("app/Handoff", {
  effect: Effect.gen(function*() {
    const store = yield* ChatStore
    const actions = yield* ChatActions
    const speaker = yield* Speaker
    const policy = yield* HandoffPolicy
    const groupId = GroupId.make(yield* Config.integer("HANDOFF_GROUP_ID").pipe(Config.withDefault(1)))

    /** The hand-off's outcome, in the store (for the engineer's follow-up) and in the escalation metric. */
    const recordOutcome = (signal: CustomerMessage, reason: EscalationReason, outcome: "transferred" | "unavailable") =>
      store.recordHandoff({
        chatId: signal.chatId,
        threadId: signal.threadId,
        eventId: signal.eventId,
        reason,
        groupId,
        outcome
      }).pipe(Effect.zipRight(recordEscalation({ reason, outcome })))

    const fallback = Effect.fn("Handoff.fallback")(function*(signal: CustomerMessage, reason: EscalationReason, text: string) {
      yield* speaker.say({
        chatId: signal.chatId,
        threadId: signal.threadId,
        customId: customId(signal, "fallback"),
        text,
        visibility: "all"
      })
      yield* store.updateThread(signal.chatId, signal.threadId, { owner: "fallback", awaitingEmail: true })
      yield* recordOutcome(signal, reason, "unavailable")
      return "fallback" as const
    })

    const escalate = Effect.fn("Handoff.escalate")(function*(input: {
      readonly signal: CustomerMessage
      readonly reason: EscalationReason
      readonly result: TurnResult
    }) {
      const { reason, result, signal } = input
      yield* Effect.annotateCurrentSpan({ "support.handoff.reason": reason })
      const available = yield* actions.engineersAvailable(groupId)
      yield* Effect.annotateCurrentSpan({ "support.handoff.available": available })
      const now = new Date(yield* Clock.currentTimeMillis)
      const route = yield* policy.route({ reason, available, now })
      if (route._tag === "Fallback") return yield* fallback(signal, reason, route.text)

      const transcript = yield* store.transcript(signal.chatId, signal.threadId)
      const earlier = transcript.filter((m) => m.eventId !== signal.eventId)
      yield* speaker.say({
        chatId: signal.chatId,
        threadId: signal.threadId,
        customId: customId(signal, "briefing"),
        text: briefing({
          question: signal.text,
          reason,
          result,
          lastAnswer: Option.fromNullable(earlier.filter((m) => m.author === "bot").at(-1)?.text),
          customerMessages: earlier.filter((m) => m.author === "customer").map((m) => m.text)
        }),
        visibility: "agents"
      })
      yield* speaker.say({
        chatId: signal.chatId,
        threadId: signal.threadId,
        customId: customId(signal, "handoff"),
        text: route.text,
        visibility: "all"
      })
      yield* store.updateThread(signal.chatId, signal.threadId, { owner: "handing_off" })
      const outcome = yield* actions.transfer({
        chatId: signal.chatId,
        threadId: signal.threadId,
        customId: customId(signal, "transfer"),
        groupId
      })
      // Someone stopped accepting between the check and the transfer: same honest fallback.
      if (outcome === "nobody_available") {
        const unavailable = yield* policy.route({ reason, available: false, now })
        return yield* fallback(signal, reason, unavailable.text)
      }
      yield* recordOutcome(signal, reason, "transferred")
      return "transferred" as const
    })

    /** LiveChat confirmed the chat left the bot (transfer, a human joined, or the bot was removed). */
    const confirm = Effect.fn("Handoff.confirm")(function*(thread: ThreadState) {
      const handoffs = yield* store.handoffs(thread.chatId)
      const pending = handoffs.filter((h) => h.threadId === thread.threadId)
      const last = pending.at(-1)
      if (last === undefined || last.outcome !== "transferred") return
      yield* store.recordHandoff({
        chatId: thread.chatId,
        threadId: thread.threadId,
        eventId: last.eventId,
        reason: last.reason,
        groupId: last.groupId,
        outcome: "confirmed"
      })
    })

    return { escalate, confirm, groupId } as const
  }),
  dependencies: [Speaker.Default]
}) {}
