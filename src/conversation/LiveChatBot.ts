import { Context } from "effect"
import type { BotIdentity } from "../livechat/BotIdentity.js"

/** The bot this process runs as on LiveChat (created or reused at start-up). */
export class LiveChatBot extends Context.Tag("app/LiveChatBot")<LiveChatBot, BotIdentity>() {}
