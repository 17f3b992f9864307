/**
 * The control operations behind `Emulator` (everything except its URL): customers and human engineers acting,
 * reading transcripts and chat state, fault injection. Each runs in one `State` transaction.
 */
import { Context, Effect, Layer } from "effect"
import { ApiError, authorization, chatInactive, notFound } from "./ApiError.js"
import * as ChatOps from "./ChatOps.js"
import type { CustomerIndicator, EmulatorChatView, EmulatorService, TranscriptEntry } from "./Emulator.js"
import { EmulatorError } from "./Emulator.js"
import { Faults } from "./Faults.js"
import { newAgentAccessToken, newClientEventId } from "./Ids.js"
import type { Chat, ChatEvent } from "./Model.js"
import { State } from "./State.js"
import { WebhookDelivery } from "./WebhookDelivery.js"
import { emit } from "./Webhooks.js"
import type { World } from "./World.js"

export type EmulatorOperations = Omit<EmulatorService, "url" | "credentials">

const toEmulatorError = (error: ApiError) => new EmulatorError({ type: error.type, message: error.message })

const findChat = (world: World, chatId: string): Effect.Effect<Chat, ApiError> => {
  const chat = world.chats.get(chatId)
  return chat === undefined ? Effect.fail(notFound("Chat not found")) : Effect.succeed(chat)
}

/** Indicators older than this are stale: the sender stopped without saying so. */
const indicatorLifetimeMillis = 15_000

const transcriptEntry = (world: World, event: ChatEvent): TranscriptEntry => {
  const wire = event.wire
  const authorType = event.authorId === undefined
    ? undefined
    : world.bots.has(event.authorId)
    ? "bot" as const
    : event.authorType
  return {
    eventId: event.id,
    threadId: event.threadId,
    type: event.type,
    ...(event.authorId === undefined ? {} : { authorId: event.authorId }),
    ...(authorType === undefined ? {} : { authorType }),
    ...(typeof wire.text === "string" ? { text: wire.text } : {}),
    visibility: event.visibility,
    ...(event.customId === undefined ? {} : { customId: event.customId }),
    createdAt: event.createdAt,
    ...(event.type === "rich_message" ? { richMessage: { template_id: wire.template_id, elements: wire.elements } } : {}),
    ...(typeof wire.system_message_type === "string" ? { systemMessageType: wire.system_message_type } : {})
  }
}

const chatView = (world: World, chat: Chat): EmulatorChatView => {
  const thread = world.activeThread(chat)
  const assignee = thread === undefined ? undefined : world.agentIdsIn(chat)[0]
  return {
    chatId: chat.id,
    ...(thread === undefined ? {} : { activeThreadId: thread.id }),
    userIds: world.presentUserIds(chat),
    ...(assignee === undefined ? {} : { assignee }),
    groupIds: [...chat.groupIds],
    queued: thread?.queue !== undefined
  }
}

export class Operations extends Context.Tag("emulator/Operations")<Operations, EmulatorOperations>() {
  static readonly layer = Layer.effect(
    Operations,
    Effect.gen(function*() {
      const state = yield* State
      const faults = yield* Faults
      const delivery = yield* WebhookDelivery
      const widget = state.options.widgetClientId
      const agentApp = state.options.agentAppClientId

      const startChat: EmulatorOperations["startChat"] = Effect.fn("Emulator.startChat")(function*(input) {
        return yield* state.transact((world) =>
          Effect.sync(() => {
            const { chat, thread } = ChatOps.startChat(world, input)
            const first = thread.events[0]
            return {
              chatId: chat.id,
              threadId: thread.id,
              customerId: chat.customerId,
              ...(first === undefined ? {} : { firstEventId: first.id })
            }
          })
        )
      })

      const sendCustomerMessage: EmulatorOperations["sendCustomerMessage"] = Effect.fn("Emulator.sendCustomerMessage")(
        function*(input) {
          return yield* state.transact((world) =>
            Effect.gen(function*() {
              const chat = yield* findChat(world, input.chatId)
              const thread = world.activeThread(chat)
              if (thread === undefined) return yield* chatInactive()
              const fields: Record<string, unknown> = { text: input.text }
              if (input.postback !== undefined) {
                const postback: Record<string, unknown> = {
                  id: input.postback.id,
                  thread_id: input.postback.eventId.split("_")[0] ?? thread.id,
                  event_id: input.postback.eventId,
                  type: "message"
                }
                if (input.postback.value !== undefined) postback.value = input.postback.value
                fields.postback = postback
              }
              const event = ChatOps.appendEvent(world, chat, thread, {
                type: "message",
                authorId: chat.customerId,
                visibility: "all",
                customId: newClientEventId(),
                fields
              }, { requesterId: chat.customerId, sourceClientId: widget })
              return { eventId: event.id }
            })
          ).pipe(Effect.mapError(toEmulatorError))
        }
      )

      const startNewThread: EmulatorOperations["startNewThread"] = Effect.fn("Emulator.startNewThread")(function*(input) {
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, input.chatId)
            const cause = { requesterId: chat.customerId, sourceClientId: widget }
            const active = world.activeThread(chat)
            // The router closes a thread the customer left open before a new one starts.
            if (active !== undefined) ChatOps.deactivate(world, chat, active, undefined, { sourceClientId: undefined })
            const thread = ChatOps.openThread(world, chat, { text: input.text }, cause)
            return { threadId: thread.id }
          })
        ).pipe(Effect.mapError(toEmulatorError))
      })

      const closeChat: EmulatorOperations["closeChat"] = Effect.fn("Emulator.closeChat")(function*(chatId) {
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, chatId)
            const thread = world.activeThread(chat)
            if (thread === undefined) return yield* chatInactive()
            ChatOps.deactivate(world, chat, thread, chat.customerId, { requesterId: chat.customerId, sourceClientId: widget })
          })
        ).pipe(Effect.mapError(toEmulatorError))
      })

      const announceStatus = (world: World, agentId: string) =>
        emit(world, {
          action: "routing_status_set",
          sourceClientId: agentApp,
          agentId,
          payload: { agent_id: agentId, status: world.routingStatus(agentId).replaceAll("_", " ") }
        })

      const agentLogin: EmulatorOperations["agentLogin"] = Effect.fn("Emulator.agentLogin")(function*(input) {
        return yield* state.transact((world) =>
          Effect.sync(() => {
            const groups = (input.groups ?? [1]).map((id) => ({ id, priority: "normal" as const }))
            const status = input.accepting === false ? "not_accepting_chats" as const : "accepting_chats" as const
            const existing = world.humans.get(input.agentId)
            if (existing === undefined) {
              world.humans.set(input.agentId, {
                id: input.agentId,
                name: input.name ?? input.agentId.split("@")[0] ?? input.agentId,
                groups,
                maxChats: input.maxChats ?? 6,
                loggedIn: true,
                status
              })
            } else {
              if (input.name !== undefined) existing.name = input.name
              if (input.groups !== undefined) existing.groups = groups
              if (input.maxChats !== undefined) existing.maxChats = input.maxChats
              existing.loggedIn = true
              existing.status = status
            }
            const accessToken = newAgentAccessToken()
            world.agentTokens.set(accessToken, input.agentId)
            announceStatus(world, input.agentId)
            ChatOps.serveQueue(world)
            return { accessToken }
          })
        )
      })

      const agentLogout: EmulatorOperations["agentLogout"] = Effect.fn("Emulator.agentLogout")(function*(agentId) {
        return yield* state.transact((world) =>
          Effect.sync(() => {
            const human = world.humans.get(agentId)
            if (human === undefined) return
            human.loggedIn = false
            for (const [token, owner] of world.agentTokens) if (owner === agentId) world.agentTokens.delete(token)
            // Signing out hands the agent's chats back to the router (LiveChat's routing.unassigned_*).
            for (const chat of world.chats.values()) {
              const thread = world.activeThread(chat)
              if (thread === undefined || !world.isMember(chat, agentId)) continue
              ChatOps.removeAgent(world, chat, agentId, "unassigned", { sourceClientId: undefined })
              if (world.agentIdsIn(chat).length === 0) thread.queue = { queuedAt: world.timestamp(), order: world.nextQueueOrder() }
            }
            announceStatus(world, agentId)
            ChatOps.serveQueue(world)
          })
        )
      })

      const setAgentAccepting: EmulatorOperations["setAgentAccepting"] = Effect.fn("Emulator.setAgentAccepting")(
        function*(agentId, accepting) {
          return yield* state.transact((world) =>
            Effect.sync(() => {
              const human = world.humans.get(agentId)
              if (human === undefined) return
              human.status = accepting ? "accepting_chats" : "not_accepting_chats"
              announceStatus(world, agentId)
              ChatOps.serveQueue(world)
            })
          )
        }
      )

      const agentSendMessage: EmulatorOperations["agentSendMessage"] = Effect.fn("Emulator.agentSendMessage")(function*(input) {
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, input.chatId)
            if (!world.isMember(chat, input.agentId)) return yield* authorization("Requester is not a user of this chat")
            const thread = world.activeThread(chat)
            if (thread === undefined) return yield* chatInactive()
            const event = ChatOps.appendEvent(world, chat, thread, {
              type: "message",
              authorId: input.agentId,
              visibility: input.visibility ?? "all",
              customId: newClientEventId(),
              fields: { text: input.text }
            }, { requesterId: input.agentId, sourceClientId: agentApp })
            return { eventId: event.id }
          })
        ).pipe(Effect.mapError(toEmulatorError))
      })

      const transcript: EmulatorOperations["transcript"] = Effect.fn("Emulator.transcript")(function*(chatId, as) {
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const chat = yield* findChat(world, chatId)
            return chat.threadIds
              .flatMap((id) => world.threads.get(id)?.events ?? [])
              .filter((event) => as === "agent" || event.visibility === "all")
              .map((event) => transcriptEntry(world, event))
          })
        ).pipe(Effect.mapError(toEmulatorError))
      })

      const chat: EmulatorOperations["chat"] = Effect.fn("Emulator.chat")(function*(chatId) {
        return yield* state.transact((world) => Effect.map(findChat(world, chatId), (c) => chatView(world, c))).pipe(
          Effect.mapError(toEmulatorError)
        )
      })

      const chats: EmulatorOperations["chats"] = state.transact((world) =>
        Effect.sync(() => Array.from(world.chats.values()).map((c) => chatView(world, c)))
      ).pipe(Effect.withSpan("Emulator.chats"))

      const indicator: EmulatorOperations["indicator"] = Effect.fn("Emulator.indicator")(function*(chatId) {
        return yield* state.transact((world) =>
          Effect.map(findChat(world, chatId), (c): CustomerIndicator | undefined =>
            c.indicator !== undefined && c.indicator.active && world.now - c.indicator.at < indicatorLifetimeMillis
              ? { userId: c.indicator.userId, kind: c.indicator.kind }
              : undefined
          )
        ).pipe(Effect.mapError(toEmulatorError))
      })

      const expireBotTokens: EmulatorOperations["expireBotTokens"] = state.transact((world) =>
        Effect.sync(() => world.botTokens.clear())
      ).pipe(Effect.withSpan("Emulator.expireBotTokens"))

      return {
        startChat,
        sendCustomerMessage,
        startNewThread,
        closeChat,
        agentLogin,
        agentLogout,
        setAgentAccepting,
        agentSendMessage,
        transcript,
        chat,
        chats,
        indicator,
        deliveries: delivery.log,
        injectFault: (fault) => faults.inject(fault),
        setWebhookBehaviour: (behaviour) => delivery.setBehaviour(behaviour),
        expireBotTokens
      }
    })
  )
}
