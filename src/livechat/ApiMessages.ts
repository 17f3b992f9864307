/**
 * Request and response bodies of the LiveChat v3.6 Web API calls the client makes (reference §2.2, §3).
 * Requests: camelCase in TypeScript, encoded to LiveChat's snake_case (`Schema.fromKey`). Responses:
 * decoded leniently and kept in LiveChat's own names, like the webhook structures.
 */
import { Schema } from "effect"
import { ChatId, EventId, GroupId, ThreadId, UserId } from "../domain/Ids.js"
import { RoutingStatus, RoutingStatusFromWire } from "./Chats.js"
import { Visibility } from "./Events.js"

const renamed = <S extends Schema.Schema.All, const K extends string>(schema: S, key: K) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

const optionalRenamed = <S extends Schema.Schema.All, const K extends string>(schema: S, key: K) =>
  Schema.optional(schema).pipe(Schema.fromKey(key))

/** Any JSON answer; used where LiveChat documents `{}`. */
export const EmptyResponse = Schema.Unknown

// ---------------------------------------------------------------------------------------------------------
// Configuration API: bots

export const GroupPriority = Schema.Literal("first", "normal", "last", "supervisor")
export type GroupPriority = typeof GroupPriority.Type

export const BotGroup = Schema.Struct({ id: GroupId, priority: GroupPriority })
export type BotGroup = typeof BotGroup.Type

const botSettings = {
  avatar: Schema.optional(Schema.String),
  maxChatsCount: optionalRenamed(Schema.Int.pipe(Schema.between(0, 500)), "max_chats_count"),
  defaultGroupPriority: optionalRenamed(GroupPriority, "default_group_priority"),
  jobTitle: optionalRenamed(Schema.String, "job_title"),
  groups: Schema.optional(Schema.Array(BotGroup)),
  /** Free categorisation (v3.6), default `chatbot`. */
  type: Schema.optional(Schema.String)
}

export const CreateBotRequest = Schema.Struct({
  name: Schema.NonEmptyString,
  ...botSettings,
  ownerClientId: renamed(Schema.String, "owner_client_id")
})
export type CreateBotInput = Omit<typeof CreateBotRequest.Type, "ownerClientId">

export const CreateBotResponse = Schema.Struct({ id: UserId, secret: Schema.Redacted(Schema.String) })

export const UpdateBotRequest = Schema.Struct({
  id: UserId,
  name: Schema.optional(Schema.NonEmptyString),
  ...botSettings
})
export type UpdateBotInput = typeof UpdateBotRequest.Type

export const BotIdRequest = Schema.Struct({ id: UserId })

export const GetBotRequest = Schema.Struct({ id: UserId, fields: Schema.optional(Schema.Array(Schema.String)) })

export const ListBotsRequest = Schema.Struct({
  all: Schema.optional(Schema.Boolean),
  fields: Schema.optional(Schema.Array(Schema.String))
})
export type ListBotsInput = typeof ListBotsRequest.Type

export const Bot = Schema.Struct({
  id: UserId,
  name: Schema.optional(Schema.String),
  avatar_path: Schema.optional(Schema.String),
  default_group_priority: Schema.optional(Schema.String),
  owner_client_id: Schema.optional(Schema.String),
  max_chats_count: Schema.optional(Schema.Number),
  job_title: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  groups: Schema.optional(Schema.Array(Schema.Struct({ id: GroupId, priority: Schema.optional(Schema.String) })))
})
export type Bot = typeof Bot.Type

export const IssueBotTokenRequest = Schema.Struct({
  botId: renamed(UserId, "bot_id"),
  clientId: renamed(Schema.String, "client_id"),
  botSecret: renamed(Schema.Redacted(Schema.String), "bot_secret"),
  organizationId: renamed(Schema.String, "organization_id")
})

export const IssueBotTokenResponse = Schema.Struct({ token: Schema.Redacted(Schema.String) })

// ---------------------------------------------------------------------------------------------------------
// Configuration API: webhooks and groups

export const WebhookType = Schema.Literal("license", "bot")
export type WebhookType = typeof WebhookType.Type

export const AdditionalDataKey = Schema.Literal("chat_properties", "chat_presence_user_ids")

export const WebhookFilters = Schema.Struct({
  /** Only for `incoming_event` and `event_updated`. */
  authorType: optionalRenamed(Schema.Literal("customer", "agent"), "author_type"),
  onlyMyChats: optionalRenamed(Schema.Boolean, "only_my_chats"),
  chatPresence: optionalRenamed(
    Schema.Struct({
      userIds: optionalRenamed(
        Schema.Struct({
          values: Schema.optional(Schema.Array(Schema.String)),
          excludeValues: optionalRenamed(Schema.Array(Schema.String), "exclude_values")
        }),
        "user_ids"
      ),
      myBots: optionalRenamed(Schema.Boolean, "my_bots")
    }),
    "chat_presence"
  ),
  sourceType: optionalRenamed(Schema.Array(Schema.Literal("my_client", "other_clients", "system")), "source_type")
})
export type WebhookFilters = typeof WebhookFilters.Type

export const RegisterWebhookRequest = Schema.Struct({
  action: Schema.NonEmptyString,
  secretKey: renamed(Schema.Redacted(Schema.String), "secret_key"),
  url: Schema.NonEmptyString.pipe(Schema.maxLength(500)),
  type: WebhookType,
  ownerClientId: renamed(Schema.String, "owner_client_id"),
  additionalData: optionalRenamed(Schema.Array(AdditionalDataKey), "additional_data"),
  description: Schema.optional(Schema.String),
  filters: Schema.optional(WebhookFilters)
})
export type RegisterWebhookInput = Omit<typeof RegisterWebhookRequest.Type, "ownerClientId">

export const RegisterWebhookResponse = Schema.Struct({ id: Schema.String })

export const OwnerClientRequest = Schema.Struct({ ownerClientId: renamed(Schema.String, "owner_client_id") })

export const UnregisterWebhookRequest = Schema.Struct({
  id: Schema.String,
  ownerClientId: renamed(Schema.String, "owner_client_id")
})

/** A registration as `list_webhooks` shows it (its `secret_key` is deliberately not decoded). */
export const RegisteredWebhook = Schema.Struct({
  id: Schema.String,
  url: Schema.String,
  action: Schema.String,
  type: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  owner_client_id: Schema.optional(Schema.String),
  filters: Schema.optional(Schema.Unknown),
  additional_data: Schema.optional(Schema.Array(Schema.String))
})
export type RegisteredWebhook = typeof RegisteredWebhook.Type

export const ListGroupsRequest = Schema.Struct({ fields: Schema.optional(Schema.Array(Schema.String)) })

export const Group = Schema.Struct({
  id: GroupId,
  name: Schema.String,
  language_code: Schema.optional(Schema.String),
  routing_status: Schema.optional(RoutingStatusFromWire),
  agent_priorities: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
})
export type Group = typeof Group.Type

// ---------------------------------------------------------------------------------------------------------
// Agent Chat API

export const OutgoingMessage = Schema.Struct({
  type: Schema.Literal("message"),
  text: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(16_384)),
  visibility: Schema.optional(Visibility),
  /** Our idempotency marker: find the event again with `get_chat` after an unclear failure. */
  customId: optionalRenamed(Schema.String, "custom_id")
})
export type OutgoingMessage = typeof OutgoingMessage.Type

export const QuickReply = Schema.Struct({
  /** Comes back as `postback.id` when clicked. */
  id: Schema.String,
  label: Schema.String
})

const WireQuickReplies = Schema.Struct({
  type: Schema.Literal("rich_message"),
  template_id: Schema.Literal("quick_replies"),
  elements: Schema.Tuple(Schema.Struct({
    title: Schema.String,
    buttons: Schema.Array(Schema.Struct({
      text: Schema.String,
      type: Schema.Literal("message"),
      value: Schema.String,
      postback_id: Schema.String,
      user_ids: Schema.Array(Schema.String)
    }))
  })),
  visibility: Schema.optional(Visibility),
  custom_id: Schema.optional(Schema.String)
})

const QuickRepliesFields = Schema.Struct({
  type: Schema.Literal("quick_replies"),
  title: Schema.String,
  replies: Schema.Array(QuickReply).pipe(Schema.minItems(1), Schema.maxItems(13)),
  visibility: Schema.optional(Visibility),
  customId: Schema.optional(Schema.String)
})

/** A `quick_replies` rich message: a title and buttons that answer with their label (see F4/F5). */
export const OutgoingQuickReplies = Schema.transform(WireQuickReplies, QuickRepliesFields, {
  strict: true,
  decode: (wire) => ({
    type: "quick_replies" as const,
    title: wire.elements[0].title,
    replies: wire.elements[0].buttons.map((button) => ({ id: button.postback_id, label: button.text })),
    ...(wire.visibility === undefined ? {} : { visibility: wire.visibility }),
    ...(wire.custom_id === undefined ? {} : { customId: wire.custom_id })
  }),
  encode: (event) => ({
    type: "rich_message" as const,
    template_id: "quick_replies" as const,
    elements: [{
      title: event.title,
      buttons: event.replies.map((reply) => ({
        text: reply.label,
        type: "message" as const,
        value: reply.label,
        postback_id: reply.id,
        user_ids: []
      }))
    }] as const,
    ...(event.visibility === undefined ? {} : { visibility: event.visibility }),
    ...(event.customId === undefined ? {} : { custom_id: event.customId })
  })
})
export type OutgoingQuickReplies = typeof OutgoingQuickReplies.Type

export const OutgoingEvent = Schema.Union(OutgoingMessage, OutgoingQuickReplies)
export type OutgoingEvent = typeof OutgoingEvent.Type

export const SendEventRequest = Schema.Struct({
  chatId: renamed(ChatId, "chat_id"),
  event: OutgoingEvent
})

export const SendEventResponse = Schema.Struct({ event_id: EventId })

export const SendTypingIndicatorRequest = Schema.Struct({
  chatId: renamed(ChatId, "chat_id"),
  isTyping: renamed(Schema.Boolean, "is_typing"),
  visibility: Schema.optional(Visibility)
})
export type TypingIndicatorInput = typeof SendTypingIndicatorRequest.Type

export const SendThinkingIndicatorRequest = Schema.Struct({
  chatId: renamed(ChatId, "chat_id"),
  title: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  visibility: Schema.optional(Visibility),
  customId: optionalRenamed(Schema.String, "custom_id")
})
export type ThinkingIndicatorInput = typeof SendThinkingIndicatorRequest.Type

export const TransferTarget = Schema.Union(
  Schema.Struct({ type: Schema.Literal("group"), ids: Schema.NonEmptyArray(GroupId) }),
  Schema.Struct({ type: Schema.Literal("agent"), ids: Schema.NonEmptyArray(UserId) })
)
export type TransferTarget = typeof TransferTarget.Type

export const TransferChatRequest = Schema.Struct({
  chatId: renamed(ChatId, "id"),
  /** Without a target LiveChat transfers within the current group. */
  target: Schema.optional(TransferTarget),
  /** `true` queues the chat when nobody is free; `false` (default) fails with "Cannot assign any agent…". */
  ignoreAgentsAvailability: optionalRenamed(Schema.Boolean, "ignore_agents_availability"),
  ignoreRequesterPresence: optionalRenamed(Schema.Boolean, "ignore_requester_presence")
})
export type TransferChatInput = typeof TransferChatRequest.Type

export const ChatIdRequest = Schema.Struct({ chatId: renamed(ChatId, "chat_id") })

export const AgentForTransfer = Schema.Struct({ agent_id: UserId, total_active_chats: Schema.Number })
export type AgentForTransfer = typeof AgentForTransfer.Type

export const SetRoutingStatusRequest = Schema.Struct({
  status: RoutingStatus,
  agentId: optionalRenamed(UserId, "agent_id")
})

export const ListRoutingStatusesRequest = Schema.Struct({
  filters: Schema.optional(Schema.Struct({ groupIds: optionalRenamed(Schema.Array(GroupId), "group_ids") }))
})

export const AgentRoutingStatus = Schema.Struct({ agent_id: UserId, status: RoutingStatusFromWire })
export type AgentRoutingStatus = typeof AgentRoutingStatus.Type

export const GetChatRequest = Schema.Struct({
  chatId: renamed(ChatId, "chat_id"),
  threadId: optionalRenamed(ThreadId, "thread_id")
})

export const DeactivateChatRequest = Schema.Struct({
  chatId: renamed(ChatId, "id"),
  ignoreRequesterPresence: optionalRenamed(Schema.Boolean, "ignore_requester_presence")
})
