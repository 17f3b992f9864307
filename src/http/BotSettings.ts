/** Settings of the bot's own HTTP server and identity on LiveChat. */
import { Config } from "effect"

export const BotSettings = Config.all({
  /** Port of the bot's HTTP server (webhook, health, chat API). */
  port: Config.port("PORT").pipe(Config.withDefault(8080)),
  /** Address the bot listens on. */
  host: Config.string("HOST_ADDRESS").pipe(Config.withDefault("127.0.0.1")),
  /** Public base URL LiveChat delivers webhooks to; defaults to the local address. */
  publicUrl: Config.option(Config.url("PUBLIC_URL")),
  /** Shared secret LiveChat echoes in every webhook body. Required against real LiveChat. */
  webhookSecret: Config.option(Config.redacted("LIVECHAT_WEBHOOK_SECRET")),
  botName: Config.string("BOT_NAME").pipe(Config.withDefault("FitMate Assist")),
  /** The group new chats enter; the bot joins it with `first` priority. */
  entryGroupId: Config.integer("ENTRY_GROUP_ID").pipe(Config.withDefault(0)),
  botMaxChats: Config.integer("BOT_MAX_CHATS").pipe(Config.withDefault(50)),
  /** Webhook bodies larger than this are refused (413) before parsing. */
  webhookMaxBytes: Config.integer("WEBHOOK_MAX_BYTES").pipe(Config.withDefault(512 * 1024))
})
