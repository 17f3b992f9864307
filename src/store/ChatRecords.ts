/**
 * What `ChatStore` returns. Optional values are `Option`s; the row form (null) is what the fields decode from,
 * so a row selected with camelCase aliases decodes straight into these classes.
 */
import { Schema } from "effect"
import { ChatId, EventId, GroupId, ThreadId, UserId } from "../domain/Ids.js"

/** Who may answer in a thread: the bot, nobody yet (transfer pending), a human, or the bot collecting an email. */
export const Owner = Schema.Literal("bot", "handing_off", "human", "fallback")
export type Owner = typeof Owner.Type

export const MessageAuthor = Schema.Literal("customer", "bot", "agent", "system")
export type MessageAuthor = typeof MessageAuthor.Type

export const Visibility = Schema.Literal("all", "agents")
export type Visibility = typeof Visibility.Type

export const TurnDecision = Schema.Literal("answer", "clarify", "escalate", "fallback", "decline", "ignored")
export type TurnDecision = typeof TurnDecision.Type

export const HandoffOutcome = Schema.Literal("transferred", "queued", "unavailable", "confirmed", "failed")
export type HandoffOutcome = typeof HandoffOutcome.Type

export const SentKind = Schema.Literal("message", "rich_message", "note", "transfer")
export type SentKind = typeof SentKind.Type

export class ThreadState extends Schema.Class<ThreadState>("ThreadState")({
  chatId: ChatId,
  threadId: ThreadId,
  owner: Owner,
  awaitingEmail: Schema.Boolean,
  unresolvedTurns: Schema.Int,
  customerId: Schema.OptionFromNullOr(UserId),
  groupId: Schema.OptionFromNullOr(GroupId),
  createdAt: Schema.DateFromSelf,
  updatedAt: Schema.DateFromSelf
}) {}

export class StoredMessage extends Schema.Class<StoredMessage>("StoredMessage")({
  chatId: ChatId,
  threadId: ThreadId,
  eventId: EventId,
  customId: Schema.OptionFromNullOr(Schema.String),
  author: MessageAuthor,
  authorId: Schema.OptionFromNullOr(UserId),
  text: Schema.String,
  visibility: Visibility,
  createdAt: Schema.DateFromSelf
}) {}

/** A transcript as stored in JSON (a lead keeps the conversation it came from): dates as ISO strings. */
export const TranscriptJson = Schema.Array(
  Schema.transform(
    Schema.Struct({ ...StoredMessage.fields, createdAt: Schema.Date }),
    Schema.typeSchema(StoredMessage),
    { strict: true, decode: (fields) => new StoredMessage(fields), encode: (message) => ({ ...message }) }
  )
)

export const Citation = Schema.Struct({ id: Schema.String, title: Schema.String })
export type Citation = typeof Citation.Type

export class StoredTurn extends Schema.Class<StoredTurn>("StoredTurn")({
  chatId: ChatId,
  threadId: ThreadId,
  eventId: EventId,
  question: Schema.String,
  answer: Schema.OptionFromNullOr(Schema.String),
  citations: Schema.Array(Citation),
  confidence: Schema.Number,
  decision: TurnDecision,
  reason: Schema.OptionFromNullOr(Schema.String),
  latencyMs: Schema.Int,
  createdAt: Schema.DateFromSelf
}) {}

export class StoredHandoff extends Schema.Class<StoredHandoff>("StoredHandoff")({
  chatId: ChatId,
  threadId: ThreadId,
  eventId: EventId,
  reason: Schema.String,
  groupId: GroupId,
  outcome: HandoffOutcome,
  detail: Schema.OptionFromNullOr(Schema.String),
  createdAt: Schema.DateFromSelf
}) {}

export class StoredLead extends Schema.Class<StoredLead>("StoredLead")({
  chatId: ChatId,
  threadId: ThreadId,
  email: Schema.String,
  transcript: TranscriptJson,
  reason: Schema.String,
  createdAt: Schema.DateFromSelf
}) {}

export class SentRecord extends Schema.Class<SentRecord>("SentRecord")({
  customId: Schema.String,
  eventId: EventId,
  chatId: ChatId
}) {}

/** A chat signal the handler gave up on. Ids are plain strings: the signal may have failed to decode. */
export class StoredDeadLetter extends Schema.Class<StoredDeadLetter>("StoredDeadLetter")({
  entity: Schema.String,
  chatId: Schema.String,
  eventId: Schema.String,
  payload: Schema.Unknown,
  error: Schema.String,
  createdAt: Schema.DateFromSelf
}) {}
