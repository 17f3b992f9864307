/**
 * Bot tokens (v3.6): issued by `issue_bot_token`, valid 24 h, impossible to revoke. One cached token per bot,
 * re-issued before it expires and after LiveChat refuses it. Issuing is single-flight so a burst of calls
 * after startup or expiry asks LiveChat for one token, not one per call.
 */
import { Clock, Duration, Effect, Option, Redacted, Ref, Schema } from "effect"

/** Documented lifetime; used when the token does not say otherwise. */
export const botTokenLifetime = Duration.hours(24)

export interface CachedToken {
  readonly token: Redacted.Redacted<string>
  readonly issuedAtMillis: number
  readonly expiresAtMillis: number
}

const JwtClaims = Schema.parseJson(Schema.Struct({ exp: Schema.optional(Schema.Number) }))
const decodeClaims = Schema.decodeUnknownOption(JwtClaims)

/**
 * When the token expires: its JWT `exp` claim when readable and in the future (never later than the documented
 * 24 h), otherwise 24 h after issuing. Bot tokens carry no data-centre prefix; anything unreadable falls back.
 */
export const expiryOf = (token: Redacted.Redacted<string>, issuedAtMillis: number): number => {
  const fallback = issuedAtMillis + Duration.toMillis(botTokenLifetime)
  const payload = Redacted.value(token).split(".")[1]
  if (payload === undefined) return fallback
  const claims = decodeClaims(Buffer.from(payload, "base64url").toString("utf8"))
  if (Option.isNone(claims) || claims.value.exp === undefined) return fallback
  const exp = claims.value.exp * 1000
  return exp > issuedAtMillis ? Math.min(exp, fallback) : fallback
}

/** When to stop using a token: `margin` before expiry, but never more than a quarter of its lifetime. */
export const refreshAtOf = (cached: CachedToken, margin: Duration.Duration): number => {
  const lifetime = cached.expiresAtMillis - cached.issuedAtMillis
  return cached.expiresAtMillis - Math.min(Duration.toMillis(margin), lifetime / 4)
}

export interface BotTokenCache {
  /** The cached token of this bot, or a fresh one from `issue` when there is none or it is about to expire. */
  readonly get: <E>(
    botId: string,
    issue: Effect.Effect<Redacted.Redacted<string>, E>
  ) => Effect.Effect<Redacted.Redacted<string>, E>
  /** Forget `token` (LiveChat refused it); a newer token issued meanwhile is kept. */
  readonly invalidate: (botId: string, token: Redacted.Redacted<string>) => Effect.Effect<void>
}

export const makeBotTokenCache = Effect.fn("BotTokens.make")(function*(margin: Duration.Duration) {
  const tokens = yield* Ref.make(new Map<string, CachedToken>())
  const issuing = yield* Effect.makeSemaphore(1)

  const fresh = Effect.fn("BotTokens.fresh")(function*(botId: string) {
    const now = yield* Clock.currentTimeMillis
    const cached = (yield* Ref.get(tokens)).get(botId)
    return cached !== undefined && now < refreshAtOf(cached, margin) ? Option.some(cached.token) : Option.none()
  })

  const get = Effect.fn("BotTokens.get")(function*<E>(botId: string, issue: Effect.Effect<Redacted.Redacted<string>, E>) {
    const hit = yield* fresh(botId)
    if (Option.isSome(hit)) return hit.value
    return yield* issuing.withPermits(1)(
      Effect.gen(function*() {
        // another fiber may have issued while this one waited
        const again = yield* fresh(botId)
        if (Option.isSome(again)) return again.value
        const issuedAtMillis = yield* Clock.currentTimeMillis
        const token = yield* issue
        const entry: CachedToken = { token, issuedAtMillis, expiresAtMillis: expiryOf(token, issuedAtMillis) }
        yield* Ref.update(tokens, (map) => new Map(map).set(botId, entry))
        return token
      })
    )
  })

  const invalidate = Effect.fn("BotTokens.invalidate")(function*(botId: string, token: Redacted.Redacted<string>) {
    yield* Ref.update(tokens, (map) => {
      const cached = map.get(botId)
      if (cached === undefined || Redacted.value(cached.token) !== Redacted.value(token)) return map
      const next = new Map(map)
      next.delete(botId)
      return next
    })
  })

  return { get, invalidate } satisfies BotTokenCache
})
