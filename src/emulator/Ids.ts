/**
 * Identifier and token formats as LiveChat shows them: chat and thread ids are 10 upper-case alphanumerics,
 * event ids `<thread>_<n>`, customers UUIDs, bots and secrets 32-hex, webhook registrations 32-hex,
 * bot tokens JWT-shaped, agent access tokens region-prefixed. Values are random; only the shapes matter.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto"

const upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

const upperAlnumId = (): string => Array.from({ length: 10 }, () => upperAlnum[randomInt(upperAlnum.length)]).join("")

export const newChatId = upperAlnumId
export const newThreadId = upperAlnumId
export const eventId = (threadId: string, sequence: number): string => `${threadId}_${sequence}`
const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"

/** The `custom_id` LiveChat's own widget and agent app put on the events they send (`kx9v2p0m1qa`). */
export const newClientEventId = (): string => Array.from({ length: 11 }, () => lowerAlnum[randomInt(lowerAlnum.length)]).join("")

export const newCustomerId = (): string => randomUUID()
export const hex32 = (): string => randomBytes(16).toString("hex")
export const newBotId = hex32
export const newBotSecret = hex32
export const newWebhookId = hex32

const base64url = (value: string | Buffer): string => Buffer.from(value).toString("base64url")

/** A JWT-shaped bot token. Nobody verifies the signature: the emulator looks tokens up in its own table. */
export const newBotToken = (claims: { botId: string; clientId: string; organizationId: string; expiresAtMillis: number }): string =>
  [
    base64url(JSON.stringify({ alg: "HS256", typ: "JWT" })),
    base64url(JSON.stringify({
      sub: claims.botId,
      client_id: claims.clientId,
      organization_id: claims.organizationId,
      exp: Math.floor(claims.expiresAtMillis / 1000),
      jti: randomUUID()
    })),
    base64url(randomBytes(32))
  ].join(".")

/** Agent access tokens carry a data-centre prefix like real OAuth tokens (`dal:…`). */
export const newAgentAccessToken = (): string => `dal:${randomBytes(24).toString("base64url")}`
