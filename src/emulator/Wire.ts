/**
 * How state looks on the wire (v3.6 data structures): users, events, threads, chats. Field names and
 * presence follow the reference fixtures (§9), so a client cannot tell these from LiveChat's.
 */
import type { Chat, ChatMember, Thread, Wire } from "./Model.js"
import { EPOCH } from "./Timestamps.js"
import type { World } from "./World.js"

const avatarBase = "https://cdn.livechat-files.com/api/file/lc/avatars"

/** An agent (human or bot) as a chat user. `routing_status` appears in chat user lists, not in `user_added_to_chat`. */
export const agentUser = (
  world: World,
  agentId: string,
  member: ChatMember | undefined,
  options: { readonly withRoutingStatus: boolean }
): Wire => {
  const agent = world.agent(agentId)
  const base: Record<string, unknown> = { id: agentId, type: "agent", name: world.agentName(agentId) }
  // Bots have no e-mail; a human's id is its e-mail.
  if (agent?.kind !== "bot") base.email = agentId
  base.present = member !== undefined
  base.events_seen_up_to = member?.eventsSeenUpTo ?? EPOCH
  base.avatar = agent?.kind === "bot" && agent.bot.avatar !== undefined ? agent.bot.avatar : `${avatarBase}/${agent?.kind === "bot" ? "bot" : "agent"}.png`
  base.visibility = member?.visibility ?? "all"
  if (options.withRoutingStatus) base.routing_status = world.routingStatus(agentId)
  return base
}

const lastEventAt = (world: World, chat: Chat, authorType: "customer" | "agent"): string | undefined => {
  for (let i = chat.threadIds.length - 1; i >= 0; i--) {
    const thread = world.threads.get(chat.threadIds[i]!)
    const event = thread?.events.findLast((e) => e.authorType === authorType)
    if (event !== undefined) return event.createdAt
  }
  return undefined
}

export const customerUser = (world: World, chat: Chat): Wire => {
  const customer = world.customers.get(chat.customerId)
  const member = chat.members.find((m) => m.id === chat.customerId)
  const createdAt = customer?.createdAt ?? EPOCH
  const user: Record<string, unknown> = { id: chat.customerId, type: "customer" }
  if (customer?.name !== undefined) user.name = customer.name
  if (customer?.email !== undefined) user.email = customer.email
  user.email_verified = false
  user.present = member !== undefined
  user.events_seen_up_to = member?.eventsSeenUpTo ?? EPOCH
  user.created_at = createdAt
  user.visit = {
    started_at: createdAt,
    referrer: "https://www.fitmate.example/",
    ip: "203.0.113.17",
    user_agent: "Mozilla/5.0 (X11; Linux x86_64) FitMateEmulator/1.0",
    geolocation: { country: "Germany", country_code: "DE", region: "Berlin", city: "Berlin", timezone: "Europe/Berlin" },
    last_pages: [{ opened_at: createdAt, url: "https://www.fitmate.example/support", title: "Support" }]
  }
  user.statistics = { chats_count: 1, threads_count: chat.threadIds.length, visits_count: 1 }
  user.session_fields = []
  user.agent_last_event_created_at = lastEventAt(world, chat, "agent") ?? createdAt
  user.customer_last_event_created_at = lastEventAt(world, chat, "customer") ?? createdAt
  return user
}

/** Users of a chat: present members first (customer, then agents), then past participants of the thread. */
export const chatUsers = (world: World, chat: Chat, thread: Thread | undefined): Array<Wire> => {
  const users: Array<Wire> = [customerUser(world, chat)]
  const agentIds = new Set<string>(world.agentIdsIn(chat))
  for (const id of thread?.userIds ?? []) if (id !== chat.customerId) agentIds.add(id)
  for (const id of agentIds) {
    users.push(agentUser(world, id, chat.members.find((m) => m.id === id), { withRoutingStatus: true }))
  }
  return users
}

export const threadWire = (world: World, thread: Thread, audience: "agent" | "customer" = "agent"): Wire => {
  const wire: Record<string, unknown> = {
    id: thread.id,
    active: thread.active,
    user_ids: [...thread.userIds],
    events: thread.events
      .filter((event) => audience === "agent" || event.visibility === "all")
      .map((event) => event.wire),
    properties: thread.properties,
    access: { group_ids: [...thread.groupIds] },
    created_at: thread.createdAt
  }
  if (thread.queue !== undefined && thread.active) wire.queue = queueWire(world, thread)
  if (thread.previousThreadId !== undefined) wire.previous_thread_id = thread.previousThreadId
  if (thread.nextThreadId !== undefined) wire.next_thread_id = thread.nextThreadId
  return wire
}

export const queueWire = (world: World, thread: Thread): Wire => {
  const position = Math.max(1, world.queuePosition(thread))
  return { position, wait_time: position * 60, queued_at: thread.queue?.queuedAt ?? world.timestamp() }
}

export const chatWire = (world: World, chat: Chat, thread: Thread | undefined, options?: { readonly isFollowed?: boolean }): Wire => {
  const wire: Record<string, unknown> = { id: chat.id, users: chatUsers(world, chat, thread) }
  if (thread !== undefined) wire.thread = threadWire(world, thread)
  wire.properties = chat.properties
  wire.access = { group_ids: [...chat.groupIds] }
  if (options?.isFollowed !== undefined) wire.is_followed = options.isFollowed
  return wire
}
