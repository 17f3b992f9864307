/**
 * What a chat's entity processes: the LiveChat webhooks that matter to the conversation, normalised.
 * Persisted by @effect/cluster, so the tags and fields are part of the stored format: rename with care.
 */
import { PrimaryKey, Schema } from "effect"
import { ChatId, EventId, GroupId, ThreadId, UserId } from "../domain/Ids.js"

/** A new thread began (new chat, or a customer returning to a chat). */
export class ThreadStarted extends Schema.TaggedClass<ThreadStarted>()("ThreadStarted", {
  chatId: ChatId,
  threadId: ThreadId,
  customerId: Schema.optional(UserId),
  groupId: Schema.optional(GroupId),
  /** Whether routing put the bot in the chat; if not, a human has it from the start. */
  botPresent: Schema.Boolean
}) {}

/** A customer's message visible to everyone — the only thing the bot ever answers. */
export class CustomerMessage extends Schema.TaggedClass<CustomerMessage>()("CustomerMessage", {
  chatId: ChatId,
  threadId: ThreadId,
  eventId: EventId,
  customerId: UserId,
  text: Schema.String,
  postbackId: Schema.optional(Schema.String),
  createdAt: Schema.String
}) {}

/** A human agent wrote to the customer: the human owns the chat from now on. */
export class HumanMessage extends Schema.TaggedClass<HumanMessage>()("HumanMessage", {
  chatId: ChatId,
  threadId: ThreadId,
  eventId: EventId,
  agentId: UserId,
  text: Schema.String,
  createdAt: Schema.String
}) {}

export class ChatTransferred extends Schema.TaggedClass<ChatTransferred>()("ChatTransferred", {
  chatId: ChatId,
  threadId: Schema.optional(ThreadId),
  /** The chat was transferred to the bot itself (a human handing it back). */
  toBot: Schema.Boolean,
  queued: Schema.Boolean
}) {}

/** A human agent joined the chat. */
export class HumanJoined extends Schema.TaggedClass<HumanJoined>()("HumanJoined", {
  chatId: ChatId,
  threadId: Schema.optional(ThreadId),
  agentId: UserId
}) {}

/** The bot was removed from the chat (after a transfer, or by a supervisor). */
export class BotRemoved extends Schema.TaggedClass<BotRemoved>()("BotRemoved", {
  chatId: ChatId,
  threadId: Schema.optional(ThreadId)
}) {}

export class ThreadClosed extends Schema.TaggedClass<ThreadClosed>()("ThreadClosed", {
  chatId: ChatId,
  threadId: ThreadId
}) {}

export const ChatSignal = Schema.Union(
  ThreadStarted,
  CustomerMessage,
  HumanMessage,
  ChatTransferred,
  HumanJoined,
  BotRemoved,
  ThreadClosed
)
export type ChatSignal = typeof ChatSignal.Type

/**
 * The persisted message. `key` is its primary key: the LiveChat event id for events, a digest of the payload
 * for chat-level actions — so redeliveries (retries, duplicate registrations) are stored once and run once.
 */
export class ChatSignalMessage extends Schema.Class<ChatSignalMessage>("ChatSignalMessage")({
  key: Schema.String,
  signal: ChatSignal,
  /** W3C traceparent of the webhook request that accepted it, to link the processing span back to it. */
  traceparent: Schema.optional(Schema.String)
}) {
  [PrimaryKey.symbol]() {
    return this.key
  }
}
