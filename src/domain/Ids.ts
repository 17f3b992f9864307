/**
 * Branded identifiers. LiveChat ids are opaque strings (chat `PJ0MRSHTDG`, thread `K600PKZON8`,
 * event `<thread>_<n>`, customer UUID, agent e-mail, bot 32-hex); groups are integers.
 */
import { Schema } from "effect"

export const ChatId = Schema.String.pipe(Schema.minLength(1), Schema.brand("ChatId"))
export type ChatId = typeof ChatId.Type

export const ThreadId = Schema.String.pipe(Schema.minLength(1), Schema.brand("ThreadId"))
export type ThreadId = typeof ThreadId.Type

export const EventId = Schema.String.pipe(Schema.minLength(1), Schema.brand("EventId"))
export type EventId = typeof EventId.Type

/** Any chat user: customer (UUID), human agent (e-mail) or bot (32-hex). */
export const UserId = Schema.String.pipe(Schema.minLength(1), Schema.brand("UserId"))
export type UserId = typeof UserId.Type

export const GroupId = Schema.Int.pipe(Schema.nonNegative(), Schema.brand("GroupId"))
export type GroupId = typeof GroupId.Type
