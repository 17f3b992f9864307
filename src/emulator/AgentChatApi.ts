/**
 * Agent Chat API actions (§2.2) as a bot or agent sees them: sending events and indicators, transferring,
 * routing statuses, reading and closing chats. Each handler decodes its body, then reads or changes the world
 * in one transaction.
 */
import { Context, Effect, Layer } from "effect"
import { type Action, type ActionTable, authenticated, decodeBody, ok } from "./Actions.js"
import * as Requests from "./AgentChatRequests.js"
import { ApiError, authorization, chatInactive, missingAccess, notFound, validation } from "./ApiError.js"
import type { Principal } from "./Auth.js"
import * as ChatOps from "./ChatOps.js"
import type { Chat, RoutingStatus, Thread, Visibility } from "./Model.js"
import { State } from "./State.js"
import { emit } from "./Webhooks.js"
import { chatWire, threadWire } from "./Wire.js"
import type { World } from "./World.js"

// ---------------------------------------------------------------------------------------------------------------
// shared checks

export const findChat = (world: World, chatId: string): Effect.Effect<Chat, ApiError> => {
  const chat = world.chats.get(chatId)
  return chat === undefined ? Effect.fail(notFound("Chat not found")) : Effect.succeed(chat)
}

export const activeThreadOf = (world: World, chat: Chat): Effect.Effect<Thread, ApiError> => {
  const thread = world.activeThread(chat)
  return thread === undefined ? Effect.fail(chatInactive()) : Effect.succeed(thread)
}

/**
 * Since v3.4 the requester must be a user of the chat. LiveChat documents the rule but not the error type;
 * `authorization` ("not allowed") fits best: the token is fine and has the scope, the user just is not in
 * this chat.
 */
export const requireChatUser = (world: World, chat: Chat, principal: Principal): Effect.Effect<void, ApiError> =>
  world.isMember(chat, principal.userId) ? Effect.void : Effect.fail(authorization("Requester is not a user of this chat"))

/** `chats--access`: members, and agents of one of the chat's groups; the PAT's administrator sees all. */
const canAccess = (world: World, chat: Chat, principal: Principal): boolean =>
  principal.kind === "account" ||
  world.isMember(chat, principal.userId) ||
  chat.groupIds.some((groupId) => world.priorityIn(principal.userId, groupId) !== undefined)

const causeOf = (principal: Principal): ChatOps.Cause => ({ requesterId: principal.userId, sourceClientId: principal.clientId })

const spaced = (status: RoutingStatus): string => status.replaceAll("_", " ")

// ---------------------------------------------------------------------------------------------------------------

export class AgentChatApi extends Context.Tag("emulator/AgentChatApi")<AgentChatApi, ActionTable>() {
  static readonly layer = Layer.effect(
    AgentChatApi,
    Effect.gen(function*() {
      const state = yield* State

      const sendEvent = Effect.fn("AgentChatApi.sendEvent")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.SendEvent, body)
        const type = request.event.type
        if (type !== "message" && type !== "rich_message") {
          return yield* validation(`Unsupported event type \`${type}\`; supported: message, rich_message`)
        }
        const event = type === "message"
          ? yield* decodeBody(Requests.MessageEvent, (body as { event: unknown }).event)
          : yield* decodeBody(Requests.RichMessageEvent, (body as { event: unknown }).event)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, request.chat_id)
            yield* requireChatUser(world, chat, principal)
            const thread = yield* activeThreadOf(world, chat)
            const member = chat.members.find((m) => m.id === principal.userId)
            const visibility: Visibility = event.visibility ?? "all"
            // Users added with visibility "agents" (silent supervisors) cannot talk to the customer.
            if (member?.visibility === "agents" && visibility === "all") {
              return yield* authorization("Requester can only send events with visibility `agents`")
            }
            const fields: Record<string, unknown> = event.type === "message"
              ? { text: event.text, ...(event.postback === undefined ? {} : { postback: event.postback }) }
              : { template_id: event.template_id, elements: event.elements }
            if (event.properties !== undefined) fields.properties = event.properties
            const stored = ChatOps.appendEvent(world, chat, thread, {
              type: event.type,
              authorId: principal.userId,
              visibility,
              customId: event.custom_id,
              fields
            }, causeOf(principal))
            if (chat.indicator?.userId === principal.userId) chat.indicator = undefined
            return { event_id: stored.id }
          })
        )
      })

      const sendEventPreview = Effect.fn("AgentChatApi.sendEventPreview")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.SendEventPreview, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, request.chat_id)
            yield* requireChatUser(world, chat, principal)
            yield* activeThreadOf(world, chat)
            return ok
          })
        )
      })

      const indicator = (kind: "typing" | "thinking") =>
        Effect.fn(`AgentChatApi.send_${kind}_indicator`)(function*({ body, principal }: { body: unknown; principal: Principal }) {
          const request = kind === "typing"
            ? yield* decodeBody(Requests.SendTypingIndicator, body)
            : yield* decodeBody(Requests.SendThinkingIndicator, body)
          return yield* state.transact((world) =>
            Effect.gen(function*() {
              const chat = yield* findChat(world, request.chat_id)
              yield* requireChatUser(world, chat, principal)
              yield* activeThreadOf(world, chat)
              const active = "is_typing" in request ? request.is_typing : true
              if ((request.visibility ?? "all") === "all") {
                chat.indicator = { userId: principal.userId, kind, active, at: world.now }
              }
              return ok
            })
          )
        })

      const transferChat = Effect.fn("AgentChatApi.transferChat")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.TransferChat, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, request.id)
            const thread = yield* activeThreadOf(world, chat)
            if (request.ignore_requester_presence !== true) yield* requireChatUser(world, chat, principal)
            const outcome = ChatOps.transfer(world, chat, thread, request.target, request.ignore_agents_availability ?? false, causeOf(principal))
            if (outcome instanceof ApiError) return yield* outcome
            return ok
          })
        )
      })

      const listAgentsForTransfer = Effect.fn("AgentChatApi.listAgentsForTransfer")(function*({ body }: { body: unknown }) {
        const request = yield* decodeBody(Requests.ListAgentsForTransfer, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, request.chat_id)
            return Array.from(world.humans.values())
              .filter((human) => human.loggedIn && !world.isMember(chat, human.id))
              .map((human) => ({ agent_id: human.id, total_active_chats: world.activeChatCount(human.id) }))
              .sort((a, b) => a.total_active_chats - b.total_active_chats)
          })
        )
      })

      const setRoutingStatus = Effect.fn("AgentChatApi.setRoutingStatus")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.SetRoutingStatus, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const agentId = request.agent_id ?? (principal.kind === "account" ? undefined : principal.userId)
            if (agentId === undefined) return yield* validation("`agent_id` is required")
            const agent = world.agent(agentId)
            if (agent === undefined) return yield* notFound("Agent not found")
            if (principal.kind === "bot" && (agent.kind !== "bot" || agent.bot.ownerClientId !== principal.clientId)) {
              return yield* missingAccess()
            }
            if (principal.kind === "agent" && agentId !== principal.userId) return yield* missingAccess()
            if (agent.kind === "bot") agent.bot.status = request.status
            else {
              if (request.status === "offline") return yield* validation("Status `offline` can be set only for bots")
              agent.human.status = request.status
            }
            emit(world, {
              action: "routing_status_set",
              sourceClientId: principal.clientId,
              agentId,
              payload: { agent_id: agentId, status: spaced(request.status) }
            })
            ChatOps.serveQueue(world)
            return ok
          })
        )
      })

      const listRoutingStatuses = Effect.fn("AgentChatApi.listRoutingStatuses")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        // Needs agents--all:ro + agents-bot--all:ro, which bot tokens do not carry.
        if (principal.kind === "bot") return yield* missingAccess()
        const request = yield* decodeBody(Requests.ListRoutingStatuses, body)
        return yield* state.transact((world) =>
          Effect.sync(() => {
            const groupIds = request.filters?.group_ids
            return world.allAgentIds()
              .filter((id) => groupIds === undefined || groupIds.some((g) => world.priorityIn(id, g) !== undefined))
              .map((id) => ({ agent_id: id, status: world.routingStatus(id) }))
          })
        )
      })

      const getChat = Effect.fn("AgentChatApi.getChat")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.GetChat, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, request.chat_id)
            if (!canAccess(world, chat, principal)) return yield* missingAccess()
            const thread = request.thread_id === undefined
              ? world.lastThread(chat)
              : chat.threadIds.includes(request.thread_id)
              ? world.threads.get(request.thread_id)
              : undefined
            if (thread === undefined) return yield* notFound("Thread not found")
            return chatWire(world, chat, thread, { isFollowed: false })
          })
        )
      })

      const listThreads = Effect.fn("AgentChatApi.listThreads")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.ListThreads, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, request.chat_id)
            if (!canAccess(world, chat, principal)) return yield* missingAccess()
            const ids = request.sort_order === "asc" ? [...chat.threadIds] : [...chat.threadIds].reverse()
            const threads = ids.slice(0, request.limit ?? 3).flatMap((id) => {
              const thread = world.threads.get(id)
              return thread === undefined ? [] : [threadWire(world, thread)]
            })
            return { threads, found_threads: chat.threadIds.length }
          })
        )
      })

      const deactivateChat = Effect.fn("AgentChatApi.deactivateChat")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.DeactivateChat, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, request.id)
            if (request.ignore_requester_presence !== true) yield* requireChatUser(world, chat, principal)
            const thread = yield* activeThreadOf(world, chat)
            ChatOps.deactivate(world, chat, thread, principal.userId, causeOf(principal))
            return ok
          })
        )
      })

      const addUserToChat = Effect.fn("AgentChatApi.addUserToChat")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.AddUserToChat, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, request.chat_id)
            const thread = yield* activeThreadOf(world, chat)
            if (request.ignore_requester_presence !== true) yield* requireChatUser(world, chat, principal)
            if (request.user_type === "customer") return yield* validation("The chat already has a customer")
            if (world.agent(request.user_id) === undefined) return yield* notFound("Agent not found")
            if (world.isMember(chat, request.user_id)) return ok
            ChatOps.addAgent(world, chat, thread, request.user_id, "manual", causeOf(principal))
            return ok
          })
        )
      })

      const removeUserFromChat = Effect.fn("AgentChatApi.removeUserFromChat")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.RemoveUserFromChat, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, request.chat_id)
            yield* activeThreadOf(world, chat)
            if (request.ignore_requester_presence !== true) yield* requireChatUser(world, chat, principal)
            if (request.user_type === "customer" || request.user_id === chat.customerId) {
              return yield* validation("The customer cannot be removed from the chat")
            }
            if (!world.isMember(chat, request.user_id)) return yield* notFound("User is not in the chat")
            ChatOps.removeAgent(world, chat, request.user_id, "manual", causeOf(principal))
            ChatOps.serveQueue(world)
            return ok
          })
        )
      })

      const markEventsAsSeen = Effect.fn("AgentChatApi.markEventsAsSeen")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.MarkEventsAsSeen, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, request.chat_id)
            yield* requireChatUser(world, chat, principal)
            const member = chat.members.find((m) => m.id === principal.userId)
            if (member !== undefined && request.seen_up_to > member.eventsSeenUpTo) member.eventsSeenUpTo = request.seen_up_to
            emit(world, {
              action: "events_marked_as_seen",
              chatId: chat.id,
              sourceClientId: principal.clientId,
              payload: { user_id: principal.userId, chat_id: chat.id, seen_up_to: request.seen_up_to }
            })
            return ok
          })
        )
      })

      const actions: Record<string, Action> = {
        send_event: authenticated(sendEvent),
        send_event_preview: authenticated(sendEventPreview),
        send_typing_indicator: authenticated(indicator("typing")),
        send_thinking_indicator: authenticated(indicator("thinking")),
        transfer_chat: authenticated(transferChat),
        list_agents_for_transfer: authenticated(listAgentsForTransfer),
        set_routing_status: authenticated(setRoutingStatus),
        list_routing_statuses: authenticated(listRoutingStatuses),
        get_chat: authenticated(getChat),
        list_threads: authenticated(listThreads),
        deactivate_chat: authenticated(deactivateChat),
        add_user_to_chat: authenticated(addUserToChat),
        remove_user_from_chat: authenticated(removeUserFromChat),
        mark_events_as_seen: authenticated(markEventsAsSeen)
      }
      return actions
    })
  )
}
