/**
 * Which registrations a platform event reaches, and the envelope each one gets (§1.1). Decided when the event
 * happens, against the state of that moment: `chat_presence` filters may be told to look at presence *before*
 * a change, so a bot removed by a transfer still learns about it.
 */
import type { UserType, WebhookRegistration, Wire } from "./Model.js"
import type { World } from "./World.js"

export const chatWebhookActions = [
  "incoming_chat",
  "chat_deactivated",
  "chat_access_updated",
  "chat_transferred",
  "user_added_to_chat",
  "user_removed_from_chat",
  "incoming_event",
  "event_updated",
  "event_deleted",
  "incoming_rich_message_postback",
  "chat_properties_updated",
  "chat_properties_deleted",
  "thread_properties_updated",
  "thread_properties_deleted",
  "event_properties_updated",
  "event_properties_deleted",
  "thread_tagged",
  "thread_untagged",
  "events_marked_as_seen",
  "thread_summary_set",
  "customer_session_fields_updated"
] as const

export const configurationWebhookActions = [
  "agent_created",
  "agent_updated",
  "agent_deleted",
  "bot_created",
  "bot_updated",
  "bot_deleted",
  "group_created",
  "group_updated",
  "group_deleted",
  "auto_accesses_updated"
] as const

export const webhookActions: ReadonlyArray<string> = [...chatWebhookActions, "routing_status_set", ...configurationWebhookActions]

export interface Trigger {
  readonly action: string
  readonly payload: Wire
  /** The chat the event belongs to; chat-level filters and additional data need it. */
  readonly chatId?: string | undefined
  /** Author of an `incoming_event` / `event_updated` (system messages have none). */
  readonly authorType?: UserType | undefined
  /** Client id of whoever caused the event; undefined = the platform itself ("system"). */
  readonly sourceClientId: string | undefined
  /** Presence to filter on, when it differs from the current one (removals, transfers). */
  readonly presenceForFilters?: ReadonlyArray<string> | undefined
  /** Presence to report in `additional_data`, when it differs from the current one. */
  readonly presenceForData?: ReadonlyArray<string> | undefined
  /** `routing_status_set`: whose status changed. */
  readonly agentId?: string | undefined
}

/** `type: "bot"` registrations fire only while a bot of the owning client is not offline. */
const isLive = (world: World, registration: WebhookRegistration): boolean =>
  registration.type === "license"
    ? !world.licenseWebhooksDisabled.has(registration.ownerClientId)
    : Array.from(world.bots.values()).some((bot) => bot.ownerClientId === registration.ownerClientId && bot.status !== "offline")

const sourceTypeOf = (trigger: Trigger, ownerClientId: string): "my_client" | "other_clients" | "system" =>
  trigger.sourceClientId === undefined ? "system" : trigger.sourceClientId === ownerClientId ? "my_client" : "other_clients"

const passesFilters = (world: World, registration: WebhookRegistration, trigger: Trigger): boolean => {
  const filters = registration.filters
  if (filters.authorType !== undefined && trigger.authorType !== filters.authorType) return false
  if (filters.sourceType !== undefined && !filters.sourceType.includes(sourceTypeOf(trigger, registration.ownerClientId))) return false
  if (filters.agentIds !== undefined && (trigger.agentId === undefined || !filters.agentIds.includes(trigger.agentId))) return false
  const chat = trigger.chatId === undefined ? undefined : world.chats.get(trigger.chatId)
  if (chat === undefined) return true
  if (filters.onlyMyChats && chat.sourceClientId !== registration.ownerClientId) return false
  const present = trigger.presenceForFilters ?? world.presentUserIds(chat)
  if (filters.myBots && !present.some((id) => world.bots.get(id)?.ownerClientId === registration.ownerClientId)) return false
  if (filters.userIds !== undefined && !present.some((id) => filters.userIds!.includes(id))) return false
  if (filters.excludeUserIds !== undefined && present.some((id) => filters.excludeUserIds!.includes(id))) return false
  return true
}

const additionalData = (world: World, registration: WebhookRegistration, trigger: Trigger): Wire => {
  const chat = trigger.chatId === undefined ? undefined : world.chats.get(trigger.chatId)
  const data: Record<string, unknown> = {}
  if (chat === undefined) return data
  if (registration.additionalData.includes("chat_properties")) data.chat_properties = chat.properties
  if (registration.additionalData.includes("chat_presence_user_ids")) {
    data.chat_presence_user_ids = [...(trigger.presenceForData ?? world.presentUserIds(chat))]
  }
  return data
}

/** Queue one delivery per matching, live registration, in registration order. */
export const emit = (world: World, trigger: Trigger): void => {
  for (const registration of world.webhooks.values()) {
    if (registration.action !== trigger.action) continue
    if (!isLive(world, registration) || !passesFilters(world, registration, trigger)) continue
    world.outbox.push({
      webhookId: registration.id,
      action: trigger.action,
      url: registration.url,
      body: {
        webhook_id: registration.id,
        secret_key: registration.secretKey,
        action: trigger.action,
        organization_id: world.options.organizationId,
        payload: trigger.payload,
        additional_data: additionalData(world, registration, trigger)
      }
    })
  }
}
