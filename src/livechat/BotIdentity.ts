/**
 * Who the bot is on LiveChat: its agent id and the secret `create_bot` returned (needed for
 * `issue_bot_token`). The secret stays `Redacted`; store it like any other credential.
 */
import { Schema } from "effect"
import { UserId } from "../domain/Ids.js"

export class BotIdentity extends Schema.Class<BotIdentity>("BotIdentity")({
  botId: UserId,
  botSecret: Schema.Redacted(Schema.String)
}) {}
