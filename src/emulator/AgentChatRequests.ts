/**
 * Request bodies of the Agent Chat API actions a bot uses (v3.6 names: `id` for transfer/deactivate,
 * `ignore_agents_availability`, `visibility`).
 */
import { Schema } from "effect"

export const Visibility = Schema.Literal("all", "agents")
const Properties = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** First pass: just enough to tell the event type apart. */
export const SendEvent = Schema.Struct({
  chat_id: Schema.NonEmptyString,
  event: Schema.Struct({ type: Schema.String }),
  attach_to_last_thread: Schema.optional(Schema.Boolean)
})

const Postback = Schema.Struct({
  id: Schema.String,
  thread_id: Schema.String,
  event_id: Schema.String,
  type: Schema.optional(Schema.String),
  value: Schema.optional(Schema.String)
})

export const MessageEvent = Schema.Struct({
  type: Schema.Literal("message"),
  text: Schema.NonEmptyString.pipe(Schema.maxLength(16_384)),
  visibility: Schema.optional(Visibility),
  custom_id: Schema.optional(Schema.String),
  properties: Schema.optional(Properties),
  postback: Schema.optional(Postback)
})

const Button = Schema.Struct({
  text: Schema.String,
  type: Schema.optional(Schema.Literal("webview", "message", "url", "phone", "cancel")),
  value: Schema.optional(Schema.String),
  postback_id: Schema.optional(Schema.String),
  user_ids: Schema.optional(Schema.Array(Schema.String)),
  webview_height: Schema.optional(Schema.Literal("compact", "tall", "full")),
  target: Schema.optional(Schema.Literal("current", "new"))
})

const RichElement = Schema.Struct({
  title: Schema.optional(Schema.String),
  subtitle: Schema.optional(Schema.String),
  image: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  buttons: Schema.optional(Schema.Array(Button).pipe(Schema.maxItems(13)))
})

export const RichMessageEvent = Schema.Struct({
  type: Schema.Literal("rich_message"),
  template_id: Schema.Literal("cards", "sticker", "quick_replies", "ecommerce"),
  elements: Schema.Array(RichElement).pipe(Schema.maxItems(10)),
  visibility: Schema.optional(Visibility),
  custom_id: Schema.optional(Schema.String),
  properties: Schema.optional(Properties)
})

export const SendEventPreview = Schema.Struct({
  chat_id: Schema.NonEmptyString,
  event: Schema.Struct({ type: Schema.Literal("message"), text: Schema.String, visibility: Schema.optional(Visibility), custom_id: Schema.optional(Schema.String) })
})

export const SendTypingIndicator = Schema.Struct({
  chat_id: Schema.NonEmptyString,
  is_typing: Schema.Boolean,
  visibility: Schema.optional(Visibility)
})

export const SendThinkingIndicator = Schema.Struct({
  chat_id: Schema.NonEmptyString,
  title: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  visibility: Schema.optional(Visibility),
  custom_id: Schema.optional(Schema.String)
})

export const TransferTarget = Schema.Union(
  Schema.Struct({ type: Schema.Literal("group"), ids: Schema.NonEmptyArray(Schema.Int.pipe(Schema.nonNegative())) }),
  Schema.Struct({ type: Schema.Literal("agent"), ids: Schema.NonEmptyArray(Schema.NonEmptyString) })
)

export const TransferChat = Schema.Struct({
  id: Schema.NonEmptyString,
  target: Schema.optional(TransferTarget),
  ignore_agents_availability: Schema.optional(Schema.Boolean),
  ignore_requester_presence: Schema.optional(Schema.Boolean)
})

export const ListAgentsForTransfer = Schema.Struct({ chat_id: Schema.NonEmptyString })

export const RoutingStatus = Schema.Literal("accepting_chats", "not_accepting_chats", "offline")

export const SetRoutingStatus = Schema.Struct({
  status: RoutingStatus,
  agent_id: Schema.optional(Schema.NonEmptyString)
})

export const ListRoutingStatuses = Schema.Struct({
  filters: Schema.optional(Schema.Struct({ group_ids: Schema.optional(Schema.Array(Schema.Int)) }))
})

export const GetChat = Schema.Struct({ chat_id: Schema.NonEmptyString, thread_id: Schema.optional(Schema.NonEmptyString) })

export const DeactivateChat = Schema.Struct({
  id: Schema.NonEmptyString,
  ignore_requester_presence: Schema.optional(Schema.Boolean)
})

export const AddUserToChat = Schema.Struct({
  chat_id: Schema.NonEmptyString,
  user_id: Schema.NonEmptyString,
  user_type: Schema.Literal("agent", "customer"),
  visibility: Schema.optional(Visibility),
  ignore_requester_presence: Schema.optional(Schema.Boolean)
})

export const RemoveUserFromChat = Schema.Struct({
  chat_id: Schema.NonEmptyString,
  user_id: Schema.NonEmptyString,
  user_type: Schema.Literal("agent", "customer"),
  ignore_requester_presence: Schema.optional(Schema.Boolean)
})

export const MarkEventsAsSeen = Schema.Struct({ chat_id: Schema.NonEmptyString, seen_up_to: Schema.NonEmptyString })

export const ListThreads = Schema.Struct({
  chat_id: Schema.NonEmptyString,
  sort_order: Schema.optional(Schema.Literal("asc", "desc")),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 100)))
})
