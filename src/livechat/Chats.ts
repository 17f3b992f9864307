/**
 * LiveChat v3.6 chat, thread and user structures (webhook `incoming_chat`, `user_added_to_chat`, `get_chat`).
 * Lenient like the events: only ids and the fields the bot relies on are required.
 */
import { Schema } from "effect"
import { ChatId, GroupId, ThreadId, UserId } from "../domain/Ids.js"
import { Event, Properties, Visibility } from "./Events.js"

export const Access = Schema.Struct({
  group_ids: Schema.optionalWith(Schema.Array(GroupId), { default: () => [] })
})
export type Access = typeof Access.Type

/** Routing status spelled with underscores, as the API and pushes use. */
export const RoutingStatus = Schema.Literal("accepting_chats", "not_accepting_chats", "offline")
export type RoutingStatus = typeof RoutingStatus.Type

/**
 * Accepts both spellings: the webhook docs write `accepting chats`, the API and pushes `accepting_chats`.
 * Always decodes to the underscore form.
 */
export const RoutingStatusFromWire = Schema.transform(
  Schema.Literal(
    "accepting_chats",
    "not_accepting_chats",
    "offline",
    "accepting chats",
    "not accepting chats"
  ),
  RoutingStatus,
  {
    strict: true,
    decode: (status) =>
      status === "accepting chats" ? "accepting_chats" : status === "not accepting chats" ? "not_accepting_chats" : status,
    encode: (status) => status
  }
)

export const AgentUser = Schema.Struct({
  id: UserId,
  type: Schema.Literal("agent"),
  name: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  present: Schema.optional(Schema.Boolean),
  events_seen_up_to: Schema.optional(Schema.String),
  avatar: Schema.optional(Schema.String),
  visibility: Schema.optional(Visibility),
  routing_status: Schema.optional(RoutingStatusFromWire)
})
export type AgentUser = typeof AgentUser.Type

export const CustomerUser = Schema.Struct({
  id: UserId,
  type: Schema.Literal("customer"),
  name: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  email_verified: Schema.optional(Schema.Boolean),
  present: Schema.optional(Schema.Boolean),
  events_seen_up_to: Schema.optional(Schema.String),
  created_at: Schema.optional(Schema.String),
  session_fields: Schema.optional(Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown })))
})
export type CustomerUser = typeof CustomerUser.Type

export const ChatUser = Schema.Union(AgentUser, CustomerUser)
export type ChatUser = typeof ChatUser.Type

export const QueueInfo = Schema.Struct({
  position: Schema.optional(Schema.Number),
  wait_time: Schema.optional(Schema.Number),
  queued_at: Schema.optional(Schema.String)
})
export type QueueInfo = typeof QueueInfo.Type

export const ThreadSummary = Schema.Struct({
  status: Schema.optional(Schema.String),
  text: Schema.optional(Schema.String),
  updated_at: Schema.optional(Schema.String)
})

export const Thread = Schema.Struct({
  id: ThreadId,
  active: Schema.Boolean,
  user_ids: Schema.optionalWith(Schema.Array(UserId), { default: () => [] }),
  // absent when `restricted_access` is set
  events: Schema.optionalWith(Schema.Array(Event), { default: () => [] }),
  properties: Schema.optional(Properties),
  access: Schema.optional(Access),
  tags: Schema.optional(Schema.Array(Schema.String)),
  queue: Schema.optional(QueueInfo),
  previous_thread_id: Schema.optional(ThreadId),
  next_thread_id: Schema.optional(ThreadId),
  restricted_access: Schema.optional(Schema.String),
  created_at: Schema.optional(Schema.String),
  summary: Schema.optional(ThreadSummary)
})
export type Thread = typeof Thread.Type

/** A chat with its current (or requested) thread, as in webhooks and `get_chat`. */
export const Chat = Schema.Struct({
  id: ChatId,
  users: Schema.optionalWith(Schema.Array(ChatUser), { default: () => [] }),
  thread: Schema.optional(Thread),
  // some structures carry `threads[]` instead of one `thread`
  threads: Schema.optional(Schema.Array(Thread)),
  properties: Schema.optional(Properties),
  access: Schema.optional(Access),
  is_followed: Schema.optional(Schema.Boolean)
})
export type Chat = typeof Chat.Type
