/**
 * Changes to chats, with the webhooks each one triggers: opening a thread (routing it), events, users joining
 * and leaving, closing, transfers, and serving the queue. Synchronous on purpose: they run inside one
 * `State.transact`, which makes every change atomic.
 */
import { ApiError } from "./ApiError.js"
import { eventId, newChatId, newClientEventId, newCustomerId, newThreadId } from "./Ids.js"
import type { Chat, ChatEvent, Thread, UserType, Visibility, Wire } from "./Model.js"
import { isAssignable, pickAssignee } from "./Routing.js"
import { emit } from "./Webhooks.js"
import { agentUser, chatWire, queueWire } from "./Wire.js"
import type { World } from "./World.js"

export interface Cause {
  /** Who asked for the change; absent when the router / platform did it. */
  readonly requesterId?: string | undefined
  /** Client id of the requester (webhook `source_type`); undefined = system. */
  readonly sourceClientId: string | undefined
}

// Bots are agents too (`author_type` filters treat them so).
const userTypeOf = (chat: Chat, userId: string): UserType => (userId === chat.customerId ? "customer" : "agent")

// ---------------------------------------------------------------------------------------------------------------
// events

export interface NewEvent {
  readonly type: string
  readonly authorId?: string | undefined
  readonly visibility: Visibility
  readonly customId?: string | undefined
  /** Type-specific fields, in wire form (`text`, `postback`, `template_id`, `elements`, …). */
  readonly fields: Wire
}

/** Appends an event to the thread; emits `incoming_event` unless it is part of a new thread's `incoming_chat`. */
export const appendEvent = (world: World, chat: Chat, thread: Thread, input: NewEvent, cause: Cause, options?: { readonly silent?: boolean }): ChatEvent => {
  thread.sequence++
  const id = eventId(thread.id, thread.sequence)
  const createdAt = world.timestamp()
  const wire: Record<string, unknown> = { id }
  if (input.customId !== undefined) wire.custom_id = input.customId
  wire.type = input.type
  if (input.authorId !== undefined) wire.author_id = input.authorId
  wire.created_at = createdAt
  wire.visibility = input.visibility
  Object.assign(wire, input.fields)
  const authorType = input.authorId === undefined ? undefined : userTypeOf(chat, input.authorId)
  const event: ChatEvent = {
    id,
    threadId: thread.id,
    type: input.type,
    authorId: input.authorId,
    authorType,
    visibility: input.visibility,
    customId: input.customId,
    createdAt,
    wire
  }
  thread.events.push(event)
  const author = input.authorId === undefined ? undefined : chat.members.find((m) => m.id === input.authorId)
  if (author !== undefined) author.eventsSeenUpTo = createdAt
  if (options?.silent !== true) {
    emit(world, {
      action: "incoming_event",
      chatId: chat.id,
      authorType,
      sourceClientId: cause.sourceClientId,
      payload: { chat_id: chat.id, thread_id: thread.id, event: wire }
    })
  }
  return event
}

// ---------------------------------------------------------------------------------------------------------------
// users

/** Adds an agent to the chat and its thread; emits `user_added_to_chat` unless the thread is just being opened. */
export const addAgent = (
  world: World,
  chat: Chat,
  thread: Thread,
  agentId: string,
  reason: string,
  cause: Cause,
  options?: { readonly silent?: boolean }
): void => {
  if (!world.isMember(chat, agentId)) chat.members.push({ id: agentId, type: "agent", visibility: "all", eventsSeenUpTo: thread.createdAt })
  if (!thread.userIds.includes(agentId)) thread.userIds.push(agentId)
  if (options?.silent === true) return
  const payload: Record<string, unknown> = {
    chat_id: chat.id,
    thread_id: thread.id,
    user: agentUser(world, agentId, chat.members.find((m) => m.id === agentId), { withRoutingStatus: false }),
    user_type: "agent",
    reason
  }
  if (cause.requesterId !== undefined) payload.requester_id = cause.requesterId
  emit(world, { action: "user_added_to_chat", chatId: chat.id, sourceClientId: cause.sourceClientId, payload })
}

/** Removes an agent; `chat_presence` filters see the chat as it was, so the removed agent hears about it. */
export const removeAgent = (world: World, chat: Chat, agentId: string, reason: string, cause: Cause): void => {
  const before = world.presentUserIds(chat)
  const index = chat.members.findIndex((m) => m.id === agentId)
  if (index < 0) return
  chat.members.splice(index, 1)
  const thread = world.activeThread(chat)
  const payload: Record<string, unknown> = { chat_id: chat.id }
  if (thread !== undefined) payload.thread_id = thread.id
  payload.user_id = agentId
  payload.user_type = "agent"
  payload.reason = reason
  if (cause.requesterId !== undefined) payload.requester_id = cause.requesterId
  emit(world, { action: "user_removed_from_chat", chatId: chat.id, sourceClientId: cause.sourceClientId, payload, presenceForFilters: before })
}

// ---------------------------------------------------------------------------------------------------------------
// threads

const enqueue = (world: World, thread: Thread): void => {
  thread.queue = { queuedAt: world.timestamp(), order: world.nextQueueOrder() }
}

/**
 * Opens a new thread on the chat (a new chat, or a returning customer), routes it and emits `incoming_chat`
 * with the thread's initial events. Agents of the previous thread leave silently.
 */
export const openThread = (world: World, chat: Chat, input: { readonly text?: string | undefined }, cause: Cause): Thread => {
  const previous = world.lastThread(chat)
  for (const agentId of world.agentIdsIn(chat)) chat.members.splice(chat.members.findIndex((m) => m.id === agentId), 1)
  const thread: Thread = {
    id: newThreadId(),
    chatId: chat.id,
    active: true,
    userIds: [chat.customerId],
    events: [],
    createdAt: world.timestamp(),
    groupIds: [...chat.groupIds],
    queue: undefined,
    previousThreadId: previous?.id,
    nextThreadId: undefined,
    sequence: 0,
    properties: {
      routing: { continuous: false, idle: false, unassigned: false, start_url: "https://www.fitmate.example/support", referrer: "https://www.fitmate.example/" },
      source: { client_id: chat.sourceClientId }
    }
  }
  if (previous !== undefined) previous.nextThreadId = thread.id
  world.threads.set(thread.id, thread)
  chat.threadIds.push(thread.id)
  if (input.text !== undefined && input.text.length > 0) {
    appendEvent(world, chat, thread, {
      type: "message",
      authorId: chat.customerId,
      visibility: "all",
      customId: newClientEventId(),
      fields: { text: input.text }
    }, cause, { silent: true })
  }
  const assignee = pickAssignee(world, thread.groupIds, new Set())
  if (assignee === undefined) enqueue(world, thread)
  else addAgent(world, chat, thread, assignee, "assigned", cause, { silent: true })
  emit(world, { action: "incoming_chat", chatId: chat.id, sourceClientId: cause.sourceClientId, payload: { chat: chatWire(world, chat, thread) } })
  return thread
}

/** A customer starts a brand-new chat through the widget. */
export const startChat = (
  world: World,
  input: { readonly customerName?: string | undefined; readonly customerEmail?: string | undefined; readonly groupId?: number | undefined; readonly text?: string | undefined }
): { readonly chat: Chat; readonly thread: Thread } => {
  const customerId = newCustomerId()
  const createdAt = world.timestamp()
  world.customers.set(customerId, { id: customerId, name: input.customerName, email: input.customerEmail, createdAt })
  const source = world.options.widgetClientId
  const chat: Chat = {
    id: newChatId(),
    customerId,
    members: [{ id: customerId, type: "customer", visibility: "all", eventsSeenUpTo: createdAt }],
    threadIds: [],
    groupIds: [input.groupId ?? 0],
    properties: {
      routing: { continuous: false, pinned: false },
      source: { client_id: source, customer_client_id: source }
    },
    sourceClientId: source,
    indicator: undefined
  }
  world.chats.set(chat.id, chat)
  const thread = openThread(world, chat, { text: input.text }, { requesterId: customerId, sourceClientId: source })
  return { chat, thread }
}

/** Closes the active thread; `userId` absent = closed by the router. Frees a slot, so the queue moves. */
export const deactivate = (world: World, chat: Chat, thread: Thread, userId: string | undefined, cause: Cause): void => {
  thread.active = false
  thread.queue = undefined
  const payload: Record<string, unknown> = { chat_id: chat.id, thread_id: thread.id }
  if (userId !== undefined) payload.user_id = userId
  emit(world, { action: "chat_deactivated", chatId: chat.id, sourceClientId: cause.sourceClientId, payload })
  serveQueue(world)
}

/** Assigns queued threads, oldest first, to whoever can take them now. */
export const serveQueue = (world: World): void => {
  for (const thread of world.queuedThreads()) {
    const chat = world.chats.get(thread.chatId)
    if (chat === undefined) continue
    const assignee = pickAssignee(world, thread.groupIds, new Set(world.agentIdsIn(chat)))
    if (assignee === undefined) continue
    thread.queue = undefined
    addAgent(world, chat, thread, assignee, "assigned", { sourceClientId: undefined })
  }
}

// ---------------------------------------------------------------------------------------------------------------
// transfer

export type TransferTarget =
  | { readonly type: "group"; readonly ids: ReadonlyArray<number> }
  | { readonly type: "agent"; readonly ids: ReadonlyArray<string> }

export const cannotAssign = () => new ApiError({ type: "validation", message: "Cannot assign any agent from requested groups" })

/**
 * Moves the chat to a group or an agent (§2.2 `transfer_chat`, §6.8). Emits, in this order: `chat_transferred`,
 * the `chat_transferred` system message (`incoming_event`), `chat_access_updated` when the groups changed,
 * `user_added_to_chat` for the new assignee and `user_removed_from_chat` for the agents who were in the chat.
 * With nobody assignable it fails, or queues the thread when `ignoreAvailability` is set.
 */
export const transfer = (
  world: World,
  chat: Chat,
  thread: Thread,
  target: TransferTarget | undefined,
  ignoreAvailability: boolean,
  cause: Cause
): ApiError | { readonly assignee: string | undefined; readonly queued: boolean } => {
  const previousAgents = world.agentIdsIn(chat)
  const exclude = new Set([...previousAgents, ...(cause.requesterId === undefined ? [] : [cause.requesterId])])
  const groupIds = target?.type === "group" ? [...new Set(target.ids)] : [...thread.groupIds]
  let assignee: string | undefined
  if (target?.type === "agent") {
    for (const id of target.ids) {
      if (world.agent(id) === undefined) return new ApiError({ type: "validation", message: `Agent ${id} not found` })
    }
    assignee = target.ids.find((id) => !previousAgents.includes(id) && (ignoreAvailability || isAssignable(world, id)))
    if (assignee === undefined) return new ApiError({ type: "validation", message: "Cannot assign any agent from requested agents" })
  } else {
    for (const id of groupIds) {
      if (!world.groups.has(id)) return new ApiError({ type: "validation", message: `Group ${id} not found` })
    }
    assignee = pickAssignee(world, groupIds, exclude)
    if (assignee === undefined && !ignoreAvailability) return cannotAssign()
  }

  const presenceBefore = world.presentUserIds(chat)
  const presenceAfter = [
    ...presenceBefore.filter((id) => !previousAgents.includes(id)),
    ...(assignee === undefined ? [] : [assignee])
  ]
  const groupsChanged = target?.type === "group" && groupIds.join(",") !== chat.groupIds.join(",")
  if (target?.type === "group") {
    chat.groupIds = groupIds
    thread.groupIds = groupIds
  }
  if (assignee === undefined) enqueue(world, thread)
  else thread.queue = undefined

  const transferredTo: Record<string, unknown> = {}
  if (target?.type !== "agent") transferredTo.group_ids = groupIds
  if (assignee !== undefined) transferredTo.agent_ids = [assignee]
  const payload: Record<string, unknown> = { chat_id: chat.id, thread_id: thread.id }
  if (cause.requesterId !== undefined) payload.requester_id = cause.requesterId
  payload.reason = "manual"
  payload.transferred_to = transferredTo
  if (assignee === undefined) payload.queue = queueWire(world, thread)
  emit(world, {
    action: "chat_transferred",
    chatId: chat.id,
    sourceClientId: cause.sourceClientId,
    payload,
    presenceForFilters: presenceBefore,
    presenceForData: presenceAfter
  })

  const initiator = cause.requesterId === undefined ? "System" : world.agentName(cause.requesterId)
  const targets = target?.type === "agent"
    ? target.ids.map((id) => world.agentName(id)).join(", ")
    : groupIds.map((id) => world.groups.get(id)?.name ?? String(id)).join(", ")
  appendEvent(world, chat, thread, {
    type: "system_message",
    visibility: "all",
    fields: {
      text: `${initiator} transferred the chat to ${targets}`,
      system_message_type: "chat_transferred",
      text_vars: { initiator, targets }
    }
  }, { sourceClientId: undefined })

  if (groupsChanged) {
    emit(world, { action: "chat_access_updated", chatId: chat.id, sourceClientId: cause.sourceClientId, payload: { id: chat.id, access: { group_ids: groupIds } } })
  }
  if (assignee !== undefined) addAgent(world, chat, thread, assignee, "manual", cause)
  for (const agentId of previousAgents) {
    if (agentId !== assignee) removeAgent(world, chat, agentId, "manual", cause)
  }
  serveQueue(world)
  return { assignee, queued: assignee === undefined }
}
