/**
 * How the bot says something in a chat: sent through `ChatActions` (exactly once, by custom id) and kept in the
 * thread's transcript, so follow-up turns, briefings and leads see what the bot said. Its LiveChat echo is dropped
 * at the webhook, so this is the one place bot messages are recorded.
 */
import { Effect } from "effect"
import { EventId } from "../domain/Ids.js"
import { ChatStore } from "../store/ChatStore.js"
import { ChatActions, type OutgoingMessage } from "./ChatActions.js"

export class Speaker extends Effect.Service<Speaker>()("app/Speaker", {
  effect: Effect.gen(function*() {
    const actions = yield* ChatActions
    const store = yield* ChatStore
    const say = Effect.fn("Speaker.say")(function*(message: OutgoingMessage) {
      yield* actions.send(message)
      yield* store.recordMessage({
        chatId: message.chatId,
        threadId: message.threadId,
        // The custom id is unique per send and stable across re-runs: the transcript keeps one copy.
        eventId: EventId.make(message.customId),
        customId: message.customId,
        author: "bot",
        text: message.text,
        visibility: message.visibility,
        createdAt: new Date()
      })
    })
    return { say } as const
  })
}) {}
