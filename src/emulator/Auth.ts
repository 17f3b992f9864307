/**
 * Who is calling (§2.1, §4.1): `Basic base64(accountId:pat)` is the licence owner's PAT, `Bearer` is a bot token
 * from `issue_bot_token` or an agent access token from `agentLogin`. On v3.5 a PAT or agent token plus
 * `X-Author-Id: <bot id>` acts as that bot; v3.6 removed `X-Author-Id` and ignores it.
 */
import { timingSafeEqual } from "node:crypto"
import { ApiError, invalidAccessToken } from "./ApiError.js"
import type { World } from "./World.js"

export type Principal =
  /** The PAT's account: a licence administrator without a client id. */
  | { readonly kind: "account"; readonly userId: string; readonly clientId: undefined }
  | { readonly kind: "agent"; readonly userId: string; readonly clientId: string }
  | { readonly kind: "bot"; readonly userId: string; readonly clientId: string }

export type ApiVersion = "v3.5" | "v3.6"

const sameSecret = (a: string, b: string): boolean => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

const fromBasic = (world: World, encoded: string): Principal | undefined => {
  const decoded = Buffer.from(encoded, "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  if (colon < 0) return undefined
  const accountId = decoded.slice(0, colon)
  const pat = decoded.slice(colon + 1)
  const { options } = world
  if (!sameSecret(accountId, options.accountId) || !sameSecret(pat, options.pat)) return undefined
  return { kind: "account", userId: options.accountEmail, clientId: undefined }
}

const fromBearer = (world: World, token: string): Principal | undefined => {
  const bot = world.botTokens.get(token)
  if (bot !== undefined) {
    // Expired or belonging to a deleted bot: the token no longer authenticates anyone.
    if (bot.expiresAtMillis <= world.now || !world.bots.has(bot.botId)) return undefined
    return { kind: "bot", userId: bot.botId, clientId: bot.clientId }
  }
  const agentId = world.agentTokens.get(token)
  if (agentId !== undefined && world.humans.get(agentId)?.loggedIn === true) {
    return { kind: "agent", userId: agentId, clientId: world.options.agentAppClientId }
  }
  return undefined
}

export const authenticate = (
  world: World,
  headers: { readonly authorization: string | undefined; readonly authorId: string | undefined },
  version: ApiVersion
): Principal | ApiError => {
  const header = headers.authorization?.trim() ?? ""
  const space = header.indexOf(" ")
  const scheme = space < 0 ? "" : header.slice(0, space).toLowerCase()
  const credentials = space < 0 ? "" : header.slice(space + 1).trim()
  const principal = scheme === "basic" ? fromBasic(world, credentials) : scheme === "bearer" ? fromBearer(world, credentials) : undefined
  if (principal === undefined) return invalidAccessToken()
  if (version === "v3.5" && headers.authorId !== undefined && headers.authorId !== "" && principal.kind !== "bot") {
    const bot = world.bots.get(headers.authorId)
    // A PAT may act for any bot of its organisation; an agent token only for bots it may manage (all, here).
    if (bot === undefined) return new ApiError({ type: "authorization", message: "Invalid X-Author-Id" })
    return { kind: "bot", userId: bot.id, clientId: bot.ownerClientId }
  }
  return principal
}
