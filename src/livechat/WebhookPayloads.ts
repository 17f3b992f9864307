/**
 * One schema per LiveChat v3.6 webhook action: the shared envelope plus the action's payload. Each decoded
 * webhook gets a `_tag` (not on the wire) so callers can `switch`/`Match.tag` on it.
 */
import { Schema } from "effect"
import { ChatId, EventId, GroupId, ThreadId, UserId } from "../domain/Ids.js"
import { Access, Chat, ChatUser, QueueInfo, RoutingStatusFromWire, ThreadSummary } from "./Chats.js"
import { Event, Properties } from "./Events.js"

/** Only the keys requested at registration; configuration webhooks carry `{}`. */
export const AdditionalData = Schema.Struct({
  chat_properties: Schema.optional(Properties),
  chat_presence_user_ids: Schema.optional(Schema.Array(UserId))
})

/** Configuration webhooks (bot_*, agent_*, group_*) name who made the change (v3.6). */
export const Requester = Schema.Struct({
  user_id: Schema.optional(Schema.String),
  account_id: Schema.optional(Schema.String),
  client_id: Schema.optional(Schema.String)
})

const webhook = <const Tag extends string, const Action extends string, P extends Schema.Schema.Any>(
  tag: Tag,
  action: Action,
  payload: P
) =>
  Schema.Struct({
    webhook_id: Schema.String,
    secret_key: Schema.Redacted(Schema.String),
    action: Schema.Literal(action),
    // replaced `license_id` in v3.4; not needed by the bot, so not required
    organization_id: Schema.optional(Schema.String),
    payload,
    additional_data: Schema.optionalWith(AdditionalData, { default: () => ({}) }),
    requester: Schema.optional(Requester)
  }).pipe(Schema.attachPropertySignature("_tag", tag))

/** `chat_properties_deleted` & co.: `{ <namespace>: [<names>] }`. */
const DeletedProperties = Schema.Record({ key: Schema.String, value: Schema.Array(Schema.String) })

export const IncomingChatWebhook = webhook(
  "IncomingChat",
  "incoming_chat",
  Schema.Struct({
    chat: Chat,
    requester_id: Schema.optional(UserId),
    transferred_from: Schema.optional(Schema.Struct({
      group_ids: Schema.optional(Schema.Array(GroupId)),
      agent_ids: Schema.optional(Schema.Array(UserId))
    }))
  })
)
export type IncomingChatWebhook = typeof IncomingChatWebhook.Type

const EventPayload = Schema.Struct({ chat_id: ChatId, thread_id: ThreadId, event: Event })

export const IncomingEventWebhook = webhook("IncomingEvent", "incoming_event", EventPayload)
export type IncomingEventWebhook = typeof IncomingEventWebhook.Type

export const EventUpdatedWebhook = webhook("EventUpdated", "event_updated", EventPayload)
export type EventUpdatedWebhook = typeof EventUpdatedWebhook.Type

export const EventDeletedWebhook = webhook(
  "EventDeleted",
  "event_deleted",
  Schema.Struct({ chat_id: ChatId, thread_id: ThreadId, event_id: EventId })
)
export type EventDeletedWebhook = typeof EventDeletedWebhook.Type

export const IncomingRichMessagePostbackWebhook = webhook(
  "IncomingRichMessagePostback",
  "incoming_rich_message_postback",
  Schema.Struct({
    user_id: UserId,
    chat_id: ChatId,
    thread_id: ThreadId,
    event_id: EventId,
    postback: Schema.Struct({
      id: Schema.String,
      toggled: Schema.Boolean,
      button_type: Schema.optional(Schema.String),
      button_value: Schema.optional(Schema.String),
      ecommerce: Schema.optional(Schema.Unknown)
    })
  })
)
export type IncomingRichMessagePostbackWebhook = typeof IncomingRichMessagePostbackWebhook.Type

export const ChatDeactivatedWebhook = webhook(
  "ChatDeactivated",
  "chat_deactivated",
  // no `user_id` when the router closed the thread (inactivity)
  Schema.Struct({ chat_id: ChatId, thread_id: ThreadId, user_id: Schema.optional(UserId) })
)
export type ChatDeactivatedWebhook = typeof ChatDeactivatedWebhook.Type

export const ChatAccessUpdatedWebhook = webhook(
  "ChatAccessUpdated",
  "chat_access_updated",
  Schema.Struct({ id: ChatId, access: Access })
)
export type ChatAccessUpdatedWebhook = typeof ChatAccessUpdatedWebhook.Type

export const ChatTransferredWebhook = webhook(
  "ChatTransferred",
  "chat_transferred",
  Schema.Struct({
    chat_id: ChatId,
    // only when the chat is active
    thread_id: Schema.optional(ThreadId),
    requester_id: Schema.optional(UserId),
    // manual | inactive | assigned | unassigned | other
    reason: Schema.optional(Schema.String),
    // no `agent_ids` when the chat was queued instead of assigned
    transferred_to: Schema.optionalWith(
      Schema.Struct({
        group_ids: Schema.optional(Schema.Array(GroupId)),
        agent_ids: Schema.optional(Schema.Array(UserId))
      }),
      { default: () => ({}) }
    ),
    queue: Schema.optional(QueueInfo)
  })
)
export type ChatTransferredWebhook = typeof ChatTransferredWebhook.Type

export const UserAddedToChatWebhook = webhook(
  "UserAddedToChat",
  "user_added_to_chat",
  Schema.Struct({
    chat_id: ChatId,
    thread_id: Schema.optional(ThreadId),
    user: ChatUser,
    user_type: Schema.String,
    reason: Schema.optional(Schema.String),
    requester_id: Schema.optional(UserId)
  })
)
export type UserAddedToChatWebhook = typeof UserAddedToChatWebhook.Type

export const UserRemovedFromChatWebhook = webhook(
  "UserRemovedFromChat",
  "user_removed_from_chat",
  Schema.Struct({
    chat_id: ChatId,
    thread_id: Schema.optional(ThreadId),
    user_id: UserId,
    user_type: Schema.String,
    reason: Schema.optional(Schema.String),
    requester_id: Schema.optional(UserId)
  })
)
export type UserRemovedFromChatWebhook = typeof UserRemovedFromChatWebhook.Type

export const ChatPropertiesUpdatedWebhook = webhook(
  "ChatPropertiesUpdated",
  "chat_properties_updated",
  Schema.Struct({ chat_id: ChatId, properties: Properties })
)
export type ChatPropertiesUpdatedWebhook = typeof ChatPropertiesUpdatedWebhook.Type

export const ChatPropertiesDeletedWebhook = webhook(
  "ChatPropertiesDeleted",
  "chat_properties_deleted",
  Schema.Struct({ chat_id: ChatId, properties: DeletedProperties })
)
export type ChatPropertiesDeletedWebhook = typeof ChatPropertiesDeletedWebhook.Type

export const ThreadPropertiesUpdatedWebhook = webhook(
  "ThreadPropertiesUpdated",
  "thread_properties_updated",
  Schema.Struct({ chat_id: ChatId, thread_id: ThreadId, properties: Properties })
)
export type ThreadPropertiesUpdatedWebhook = typeof ThreadPropertiesUpdatedWebhook.Type

export const ThreadPropertiesDeletedWebhook = webhook(
  "ThreadPropertiesDeleted",
  "thread_properties_deleted",
  Schema.Struct({ chat_id: ChatId, thread_id: ThreadId, properties: DeletedProperties })
)
export type ThreadPropertiesDeletedWebhook = typeof ThreadPropertiesDeletedWebhook.Type

export const EventPropertiesUpdatedWebhook = webhook(
  "EventPropertiesUpdated",
  "event_properties_updated",
  Schema.Struct({ chat_id: ChatId, thread_id: ThreadId, event_id: EventId, properties: Properties })
)
export type EventPropertiesUpdatedWebhook = typeof EventPropertiesUpdatedWebhook.Type

export const EventPropertiesDeletedWebhook = webhook(
  "EventPropertiesDeleted",
  "event_properties_deleted",
  Schema.Struct({ chat_id: ChatId, thread_id: ThreadId, event_id: EventId, properties: DeletedProperties })
)
export type EventPropertiesDeletedWebhook = typeof EventPropertiesDeletedWebhook.Type

const TagPayload = Schema.Struct({ chat_id: ChatId, thread_id: ThreadId, tag: Schema.String })

export const ThreadTaggedWebhook = webhook("ThreadTagged", "thread_tagged", TagPayload)
export type ThreadTaggedWebhook = typeof ThreadTaggedWebhook.Type

export const ThreadUntaggedWebhook = webhook("ThreadUntagged", "thread_untagged", TagPayload)
export type ThreadUntaggedWebhook = typeof ThreadUntaggedWebhook.Type

export const RoutingStatusSetWebhook = webhook(
  "RoutingStatusSet",
  "routing_status_set",
  Schema.Struct({ agent_id: UserId, status: RoutingStatusFromWire })
)
export type RoutingStatusSetWebhook = typeof RoutingStatusSetWebhook.Type

export const CustomerSessionFieldsUpdatedWebhook = webhook(
  "CustomerSessionFieldsUpdated",
  "customer_session_fields_updated",
  Schema.Struct({
    id: UserId,
    active_chat: Schema.optional(Schema.Struct({ chat_id: ChatId, thread_id: Schema.optional(ThreadId) })),
    session_fields: Schema.optionalWith(
      Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
      { default: () => [] }
    )
  })
)
export type CustomerSessionFieldsUpdatedWebhook = typeof CustomerSessionFieldsUpdatedWebhook.Type

export const EventsMarkedAsSeenWebhook = webhook(
  "EventsMarkedAsSeen",
  "events_marked_as_seen",
  Schema.Struct({ user_id: UserId, chat_id: ChatId, seen_up_to: Schema.String })
)
export type EventsMarkedAsSeenWebhook = typeof EventsMarkedAsSeenWebhook.Type

export const ThreadSummarySetWebhook = webhook(
  "ThreadSummarySet",
  "thread_summary_set",
  Schema.Struct({ chat_id: ChatId, thread_id: ThreadId, summary: ThreadSummary })
)
export type ThreadSummarySetWebhook = typeof ThreadSummarySetWebhook.Type

const BotPayload = Schema.Struct({
  id: UserId,
  name: Schema.optional(Schema.String),
  default_group_priority: Schema.optional(Schema.String),
  max_chats_count: Schema.optional(Schema.Number),
  owner_client_id: Schema.optional(Schema.String),
  groups: Schema.optional(Schema.Array(Schema.Struct({ id: GroupId, priority: Schema.optional(Schema.String) })))
})

export const BotCreatedWebhook = webhook("BotCreated", "bot_created", BotPayload)
export type BotCreatedWebhook = typeof BotCreatedWebhook.Type

/** Carries only the changed fields besides `id`. */
export const BotUpdatedWebhook = webhook("BotUpdated", "bot_updated", BotPayload)
export type BotUpdatedWebhook = typeof BotUpdatedWebhook.Type

export const BotDeletedWebhook = webhook("BotDeleted", "bot_deleted", Schema.Struct({ id: UserId }))
export type BotDeletedWebhook = typeof BotDeletedWebhook.Type

/** Every action this module understands, keyed by its wire name. */
export const webhookSchemas = {
  incoming_chat: IncomingChatWebhook,
  incoming_event: IncomingEventWebhook,
  event_updated: EventUpdatedWebhook,
  event_deleted: EventDeletedWebhook,
  incoming_rich_message_postback: IncomingRichMessagePostbackWebhook,
  chat_deactivated: ChatDeactivatedWebhook,
  chat_access_updated: ChatAccessUpdatedWebhook,
  chat_transferred: ChatTransferredWebhook,
  user_added_to_chat: UserAddedToChatWebhook,
  user_removed_from_chat: UserRemovedFromChatWebhook,
  chat_properties_updated: ChatPropertiesUpdatedWebhook,
  chat_properties_deleted: ChatPropertiesDeletedWebhook,
  thread_properties_updated: ThreadPropertiesUpdatedWebhook,
  thread_properties_deleted: ThreadPropertiesDeletedWebhook,
  event_properties_updated: EventPropertiesUpdatedWebhook,
  event_properties_deleted: EventPropertiesDeletedWebhook,
  thread_tagged: ThreadTaggedWebhook,
  thread_untagged: ThreadUntaggedWebhook,
  routing_status_set: RoutingStatusSetWebhook,
  customer_session_fields_updated: CustomerSessionFieldsUpdatedWebhook,
  events_marked_as_seen: EventsMarkedAsSeenWebhook,
  thread_summary_set: ThreadSummarySetWebhook,
  bot_created: BotCreatedWebhook,
  bot_updated: BotUpdatedWebhook,
  bot_deleted: BotDeletedWebhook
} as const

export type WebhookAction = keyof typeof webhookSchemas

export type KnownWebhook = {
  readonly [A in WebhookAction]: (typeof webhookSchemas)[A]["Type"]
}[WebhookAction]
