/**
 * Turns a decoded LiveChat webhook into the signals the chat's entity processes. Everything that can never lead
 * to a bot action is dropped here: the bot's own echoes, internal notes, system messages, other bots' messages.
 *
 * Who wrote an event: LiveChat ids have distinct shapes — human agents are e-mail addresses, bots 32 hex digits,
 * customers UUIDs — and `incoming_event` carries no user list, so the shape is how an author is classified.
 */
import { DateTime, Option } from "effect"
import { createHash } from "node:crypto"
import type { ChatId, ThreadId, UserId } from "../domain/Ids.js"
import type { Event, MessageEvent } from "../livechat/Events.js"
import type { Webhook } from "../livechat/Webhook.js"
import {
  BotRemoved,
  type ChatSignal,
  ChatSignalMessage,
  ChatTransferred,
  CustomerMessage,
  HumanJoined,
  HumanMessage,
  ThreadClosed,
  ThreadStarted
} from "./ChatSignal.js"

export type AuthorKind = "human_agent" | "bot" | "customer"

export const authorKind = (userId: string): AuthorKind =>
  userId.includes("@") ? "human_agent" : /^[0-9a-f]{32}$/i.test(userId) ? "bot" : "customer"

const digest = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 40)

// The unknown-type fallback also has a string `type`, so the tag alone does not narrow the union.
const isMessage = (event: Event): event is MessageEvent => event.type === "message" && "text" in event

const eventSignal = (chatId: ChatId, threadId: ThreadId, event: Event, botId: UserId): Option.Option<ChatSignal> => {
  if (!isMessage(event) || event.visibility !== "all" || event.author_id === undefined) return Option.none()
  if (event.author_id === botId) return Option.none() // our own echo
  const createdAt = DateTime.formatIso(event.created_at)
  switch (authorKind(event.author_id)) {
    case "customer":
      return Option.some(
        new CustomerMessage({
          chatId,
          threadId,
          eventId: event.id,
          customerId: event.author_id,
          text: event.text,
          createdAt,
          ...(event.postback === undefined ? {} : { postbackId: event.postback.id })
        })
      )
    case "human_agent":
      return Option.some(
        new HumanMessage({ chatId, threadId, eventId: event.id, agentId: event.author_id, text: event.text, createdAt })
      )
    case "bot":
      return Option.none() // another bot of the licence: not a customer, not a human taking over
  }
}

const keyed = (key: string, signal: ChatSignal) => new ChatSignalMessage({ key, signal })

/**
 * The signals of one webhook, in order, each with its primary key: `event:<id>` for events (so the same event
 * arriving in `incoming_chat` and again in `incoming_event` runs once), `<action>:<digest of the payload>` otherwise.
 */
export const webhookSignals = (webhook: Webhook, botId: UserId): ReadonlyArray<ChatSignalMessage> => {
  switch (webhook._tag) {
    case "IncomingChat": {
      const { chat } = webhook.payload
      const thread = chat.thread ?? chat.threads?.at(-1)
      if (thread === undefined) return []
      const customer = chat.users.find((user) => user.type === "customer")
      const present = [
        ...thread.user_ids,
        ...chat.users.map((user) => user.id),
        ...(webhook.additional_data.chat_presence_user_ids ?? [])
      ]
      const groupId = thread.access?.group_ids?.[0] ?? chat.access?.group_ids?.[0]
      const started = new ThreadStarted({
        chatId: chat.id,
        threadId: thread.id,
        botPresent: present.includes(botId),
        ...(customer === undefined ? {} : { customerId: customer.id }),
        ...(groupId === undefined ? {} : { groupId })
      })
      const events = thread.events.flatMap((event) =>
        Option.toArray(Option.map(eventSignal(chat.id, thread.id, event, botId), (s) => keyed(`event:${event.id}`, s)))
      )
      return [keyed(`thread:${thread.id}`, started), ...events]
    }
    case "IncomingEvent": {
      const { chat_id, event, thread_id } = webhook.payload
      return Option.toArray(Option.map(eventSignal(chat_id, thread_id, event, botId), (s) => keyed(`event:${event.id}`, s)))
    }
    case "ChatTransferred": {
      const { payload } = webhook
      return [
        keyed(
          `chat_transferred:${digest(payload)}`,
          new ChatTransferred({
            chatId: payload.chat_id,
            toBot: (payload.transferred_to.agent_ids ?? []).includes(botId),
            queued: payload.queue !== undefined,
            ...(payload.thread_id === undefined ? {} : { threadId: payload.thread_id })
          })
        )
      ]
    }
    case "UserAddedToChat": {
      const { payload } = webhook
      if (payload.user.type !== "agent" || authorKind(payload.user.id) !== "human_agent") return []
      return [
        keyed(
          `user_added_to_chat:${digest(payload)}`,
          new HumanJoined({
            chatId: payload.chat_id,
            agentId: payload.user.id,
            ...(payload.thread_id === undefined ? {} : { threadId: payload.thread_id })
          })
        )
      ]
    }
    case "UserRemovedFromChat": {
      const { payload } = webhook
      if (payload.user_id !== botId) return []
      return [
        keyed(
          `user_removed_from_chat:${digest(payload)}`,
          new BotRemoved({
            chatId: payload.chat_id,
            ...(payload.thread_id === undefined ? {} : { threadId: payload.thread_id })
          })
        )
      ]
    }
    case "ChatDeactivated": {
      const { payload } = webhook
      return [
        keyed(`chat_deactivated:${payload.thread_id}`, new ThreadClosed({ chatId: payload.chat_id, threadId: payload.thread_id }))
      ]
    }
    default:
      // Postback toggles arrive as a message with `postback` too; everything else needs no bot action.
      return []
  }
}
