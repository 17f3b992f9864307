/**
 * The emulator's state model: licence, groups, agents (humans and bots), customers, chats, threads, events,
 * webhook registrations and credentials. Plain mutable records, owned by `World` and only touched while
 * `State` holds its lock.
 */

/** A JSON object as it goes over the wire. */
export type Wire = { readonly [key: string]: unknown }

export type Priority = "first" | "normal" | "last" | "supervisor"
export type RoutingStatus = "accepting_chats" | "not_accepting_chats" | "offline"
export type Visibility = "all" | "agents"
export type UserType = "customer" | "agent"

export interface GroupMembership {
  readonly id: number
  readonly priority: Priority
}

export interface Group {
  readonly id: number
  readonly name: string
  readonly languageCode: string
}

export interface Bot {
  readonly id: string
  secret: string
  name: string
  avatar: string | undefined
  maxChatsCount: number
  defaultGroupPriority: Priority | undefined
  jobTitle: string | undefined
  groups: ReadonlyArray<GroupMembership>
  readonly ownerClientId: string
  type: string
  workScheduler: unknown
  status: RoutingStatus
}

export interface Human {
  /** The agent's e-mail is its id. */
  readonly id: string
  name: string
  /** Explicit groups; every human is also a `normal` member of group 0 ("General", all agents). */
  groups: ReadonlyArray<GroupMembership>
  maxChats: number
  loggedIn: boolean
  status: RoutingStatus
}

export interface Customer {
  readonly id: string
  readonly name: string | undefined
  readonly email: string | undefined
  readonly createdAt: string
}

export interface ChatEvent {
  readonly id: string
  readonly threadId: string
  readonly type: string
  readonly authorId: string | undefined
  readonly authorType: UserType | undefined
  readonly visibility: Visibility
  readonly customId: string | undefined
  readonly createdAt: string
  /** The event exactly as the API and webhooks show it. */
  readonly wire: Wire
}

export interface QueueEntry {
  readonly queuedAt: string
  /** Monotonic order of entering the queue. */
  readonly order: number
}

export interface Thread {
  readonly id: string
  readonly chatId: string
  active: boolean
  /** Users who took part in this thread, in order of joining. */
  readonly userIds: Array<string>
  readonly events: Array<ChatEvent>
  readonly createdAt: string
  groupIds: ReadonlyArray<number>
  queue: QueueEntry | undefined
  readonly previousThreadId: string | undefined
  nextThreadId: string | undefined
  sequence: number
  readonly properties: Wire
}

export interface ChatMember {
  readonly id: string
  readonly type: UserType
  readonly visibility: Visibility
  eventsSeenUpTo: string
}

export interface Chat {
  readonly id: string
  readonly customerId: string
  /** Users currently in the chat (present). The customer is always one of them. */
  readonly members: Array<ChatMember>
  /** Thread ids, oldest first; only the last one can be active. */
  readonly threadIds: Array<string>
  groupIds: ReadonlyArray<number>
  readonly properties: Wire
  /** Client id that started the chat (`properties.source.client_id`). */
  readonly sourceClientId: string
  /** Latest typing/thinking indicator of a non-customer user, for the customer page. */
  indicator: { readonly userId: string; readonly kind: "typing" | "thinking"; readonly active: boolean; readonly at: number } | undefined
}

export type WebhookType = "bot" | "license"

export interface WebhookFilters {
  readonly authorType: UserType | undefined
  readonly onlyMyChats: boolean
  readonly myBots: boolean
  readonly userIds: ReadonlyArray<string> | undefined
  readonly excludeUserIds: ReadonlyArray<string> | undefined
  readonly sourceType: ReadonlyArray<"my_client" | "other_clients" | "system"> | undefined
  readonly agentIds: ReadonlyArray<string> | undefined
  /** As registered, for `list_webhooks`. */
  readonly wire: Wire | undefined
}

export interface WebhookRegistration {
  readonly id: string
  readonly action: string
  readonly url: string
  readonly secretKey: string
  readonly type: WebhookType
  readonly ownerClientId: string
  readonly description: string | undefined
  readonly filters: WebhookFilters
  readonly additionalData: ReadonlyArray<string>
}

export interface BotToken {
  readonly botId: string
  readonly clientId: string
  readonly expiresAtMillis: number
}

/** One HTTP delivery to make, decided (filters, gating) when the event happened. */
export interface PendingDelivery {
  readonly webhookId: string
  readonly action: string
  readonly url: string
  readonly body: Wire
}
