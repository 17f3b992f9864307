/**
 * `ChatActions` on LiveChat, as the bot. Sends are exactly-once by custom id: the ledger (`outbox`) is checked
 * first, then the chat itself — a previous attempt may have reached LiveChat and crashed before it was recorded.
 */
import { Effect, Layer, Option } from "effect"
import { EventId } from "../domain/Ids.js"
import type { OutgoingEvent } from "../livechat/ApiMessages.js"
import { LiveChatClient } from "../livechat/LiveChatClient.js"
import { isNobodyAvailable, isTransient, type LiveChatError } from "../livechat/LiveChatErrors.js"
import { ChatStore } from "../store/ChatStore.js"
import type { StoreError } from "../store/StoreError.js"
import { ChatActionError, ChatActions, type OutgoingMessage } from "./ChatActions.js"
import { authorKind } from "./WebhookSignals.js"
import { LiveChatBot } from "./LiveChatBot.js"

const actionError = (action: string) => (error: LiveChatError | StoreError) =>
  new ChatActionError({ action, transient: error._tag === "StoreError" || isTransient(error), cause: error })

const toEvent = (message: OutgoingMessage): OutgoingEvent =>
  message.quickReplies !== undefined && message.quickReplies.length > 0
    ? {
      type: "quick_replies",
      title: message.text,
      replies: message.quickReplies.map((reply) => ({ id: reply.id, label: reply.label })),
      visibility: message.visibility,
      customId: message.customId
    }
    : { type: "message", text: message.text, visibility: message.visibility, customId: message.customId }

export const LiveChatActions = Layer.effect(
  ChatActions,
  Effect.gen(function*() {
    const client = yield* LiveChatClient
    const store = yield* ChatStore
    const identity = yield* LiveChatBot
    const bot = client.asBot(identity)

    /** The id of an event we already posted with this custom id, if the chat has one. */
    const alreadyPosted = Effect.fn("LiveChatActions.alreadyPosted")(function*(message: OutgoingMessage) {
      const recorded = yield* store.findSent(message.customId)
      if (Option.isSome(recorded)) return Option.some(recorded.value.eventId)
      const chat = yield* bot.getChat(message.chatId, message.threadId)
      const threads = [...(chat.thread === undefined ? [] : [chat.thread]), ...(chat.threads ?? [])]
      return Option.fromNullable(
        threads.flatMap((thread) => thread.events).find((event) => event.custom_id === message.customId)?.id
      )
    })

    const send = Effect.fn("LiveChatActions.send")(
      function*(message: OutgoingMessage) {
        yield* Effect.annotateCurrentSpan({ "livechat.visibility": message.visibility })
        const posted = yield* alreadyPosted(message)
        const eventId = Option.isSome(posted)
          ? posted.value
          : yield* bot.sendEvent({ chatId: message.chatId, event: toEvent(message) })
        yield* Effect.annotateCurrentSpan({ "livechat.deduplicated": Option.isSome(posted) })
        yield* store.recordSent({
          customId: message.customId,
          chatId: message.chatId,
          threadId: message.threadId,
          eventId,
          kind: message.visibility === "agents" ? "note" : message.quickReplies?.length ? "rich_message" : "message"
        })
      },
      Effect.mapError(actionError("send"))
    )

    const typing = (chatId: OutgoingMessage["chatId"], isTyping: boolean) =>
      bot.sendTypingIndicator({ chatId, isTyping }).pipe(
        Effect.catchAll((error) => Effect.logDebug("typing indicator failed", { error: error._tag })),
        Effect.withSpan("LiveChatActions.typing")
      )

    const engineersAvailable = Effect.fn("LiveChatActions.engineersAvailable")(
      function*(groupId: Parameters<ChatActions["Type"]["engineersAvailable"]>[0]) {
        const statuses = yield* client.listRoutingStatuses([groupId])
        // Bots (ours included) never count: only a human engineer can take a hand-off.
        return statuses.some((s) => s.status === "accepting_chats" && authorKind(s.agent_id) === "human_agent")
      },
      Effect.mapError(actionError("engineersAvailable"))
    )

    const transfer = Effect.fn("LiveChatActions.transfer")(
      function*(input: Parameters<ChatActions["Type"]["transfer"]>[0]) {
        if (Option.isSome(yield* store.findSent(input.customId))) return "transferred" as const
        const outcome = yield* bot.transferChat({
          chatId: input.chatId,
          target: { type: "group", ids: [input.groupId] }
        }).pipe(
          Effect.as("transferred" as const),
          Effect.catchIf(isNobodyAvailable, () => Effect.succeed("nobody_available" as const))
        )
        if (outcome === "transferred") {
          yield* store.recordSent({
            customId: input.customId,
            chatId: input.chatId,
            threadId: input.threadId,
            eventId: EventId.make(input.customId),
            kind: "transfer"
          })
        }
        yield* Effect.annotateCurrentSpan({ "support.handoff.transfer": outcome })
        return outcome
      },
      Effect.mapError(actionError("transfer"))
    )

    return ChatActions.of({ send, typing, engineersAvailable, transfer })
  })
)
