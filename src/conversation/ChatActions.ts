/**
 * What the conversation does to the live chat. The LiveChat implementation makes every send exactly-once by
 * its custom id (ledger + a look at the chat), so a re-run after a crash never posts twice.
 */
import { Context, Data, type Effect } from "effect"
import type { QuickReply } from "../agents/AgentGraph.js"
import type { ChatId, EventId, GroupId, ThreadId } from "../domain/Ids.js"

export class ChatActionError extends Data.TaggedError("ChatActionError")<{
  readonly action: string
  /** Worth retrying in place (timeouts, 5xx, rate limits, storage hiccups). */
  readonly transient: boolean
  readonly cause: unknown
}> {}

/** Custom ids of everything a turn sends, derived from the event id so a re-run reuses them. */
export const customIdFor = (eventId: EventId, step: string) => `fm.${eventId}.${step}`

export interface OutgoingMessage {
  readonly chatId: ChatId
  readonly threadId: ThreadId
  /** Derived from the triggering event id and the step, e.g. `fm.<event>.reply`. */
  readonly customId: string
  readonly text: string
  /** `agents` = an internal note the customer never sees. */
  readonly visibility: "all" | "agents"
  readonly quickReplies?: ReadonlyArray<QuickReply>
}

export type TransferOutcome = "transferred" | "nobody_available"

export class ChatActions extends Context.Tag("app/ChatActions")<ChatActions, {
  readonly send: (message: OutgoingMessage) => Effect.Effect<void, ChatActionError>
  /** Best effort: an indicator that fails must never fail the turn. */
  readonly typing: (chatId: ChatId, isTyping: boolean) => Effect.Effect<void>
  /** Is any human engineer of the group accepting chats right now? */
  readonly engineersAvailable: (groupId: GroupId) => Effect.Effect<boolean, ChatActionError>
  readonly transfer: (input: {
    readonly chatId: ChatId
    readonly threadId: ThreadId
    readonly customId: string
    readonly groupId: GroupId
  }) => Effect.Effect<TransferOutcome, ChatActionError>
}>() {}
