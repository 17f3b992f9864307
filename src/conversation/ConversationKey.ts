/**
 * A stable pseudonym for a chat: HMAC-SHA256 of the chat id under a secret key. It links the turns of one chat in
 * traces and engine calls without ever exposing the LiveChat chat id.
 */
import { Config, Effect, Redacted } from "effect"
import { createHmac } from "node:crypto"
import type { ChatId } from "../domain/Ids.js"

export const conversationKey = Effect.gen(function*() {
  const key = yield* Config.redacted("CONVERSATION_KEY_SECRET").pipe(
    Config.withDefault(Redacted.make("fitmate-assist-development-key"))
  )
  return (chatId: ChatId): string =>
    createHmac("sha256", Redacted.value(key)).update(chatId).digest("hex").slice(0, 32)
})
