import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Redacted, Ref, TestClock } from "effect"
import { expiryOf, makeBotTokenCache, refreshAtOf } from "../../src/livechat/BotToken.js"

const hour = Duration.toMillis(Duration.hours(1))

const jwt = (claims: Record<string, unknown>): string =>
  ["{\"alg\":\"HS256\"}", JSON.stringify(claims), "signature"]
    .map((part) => Buffer.from(part).toString("base64url"))
    .join(".")

/** An issuer that hands out numbered JWTs valid for `lifetime` from the (test) clock's now. */
const makeIssuer = (lifetime: Duration.Duration) =>
  Effect.gen(function*() {
    const issued = yield* Ref.make(0)
    const issue = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const n = yield* Ref.updateAndGet(issued, (count) => count + 1)
      return Redacted.make(jwt({ jti: `token-${n}`, exp: Math.floor((now + Duration.toMillis(lifetime)) / 1000) }))
    })
    return { issue, count: Ref.get(issued) }
  })

const jti = (token: Redacted.Redacted<string>): unknown =>
  JSON.parse(Buffer.from(Redacted.value(token).split(".")[1]!, "base64url").toString("utf8")).jti

describe("bot token expiry", () => {
  it("reads the JWT exp claim, capped at the documented 24 h", () => {
    const issuedAt = 1_000_000
    assert.strictEqual(expiryOf(Redacted.make(jwt({ exp: (issuedAt + hour) / 1000 })), issuedAt), issuedAt + hour)
    assert.strictEqual(expiryOf(Redacted.make(jwt({ exp: (issuedAt + 48 * hour) / 1000 })), issuedAt), issuedAt + 24 * hour)
  })

  it("falls back to 24 h for opaque tokens, missing or past exp", () => {
    const issuedAt = 5_000_000
    for (const token of ["opaque", jwt({ sub: "bot" }), jwt({ exp: 1 }), "a.%%%.c", "a.bm90IGpzb24.c"]) {
      assert.strictEqual(expiryOf(Redacted.make(token), issuedAt), issuedAt + 24 * hour, token)
    }
  })

  it("refreshes a margin before expiry, at most a quarter of the lifetime", () => {
    const day = { token: Redacted.make("t"), issuedAtMillis: 0, expiresAtMillis: 24 * hour }
    assert.strictEqual(refreshAtOf(day, Duration.hours(1)), 23 * hour)
    const short = { token: Redacted.make("t"), issuedAtMillis: 0, expiresAtMillis: 4_000 }
    assert.strictEqual(refreshAtOf(short, Duration.hours(1)), 3_000)
  })
})

describe("bot token cache", () => {
  it.effect("issues once and serves the cached token until the refresh point", () =>
    Effect.gen(function*() {
      const issuer = yield* makeIssuer(Duration.hours(24))
      const cache = yield* makeBotTokenCache(Duration.hours(1))
      const first = yield* cache.get("bot-a", issuer.issue)
      const second = yield* cache.get("bot-a", issuer.issue)
      assert.strictEqual(yield* issuer.count, 1)
      assert.strictEqual(Redacted.value(first), Redacted.value(second))

      yield* TestClock.adjust("22 hours")
      yield* cache.get("bot-a", issuer.issue)
      assert.strictEqual(yield* issuer.count, 1, "still more than an hour left")

      yield* TestClock.adjust("61 minutes")
      const renewed = yield* cache.get("bot-a", issuer.issue)
      assert.strictEqual(yield* issuer.count, 2, "less than an hour left: re-issued before expiry")
      assert.strictEqual(jti(renewed), "token-2")
    }))

  it.effect("keeps one token per bot", () =>
    Effect.gen(function*() {
      const issuer = yield* makeIssuer(Duration.hours(24))
      const cache = yield* makeBotTokenCache(Duration.hours(1))
      const a = yield* cache.get("bot-a", issuer.issue)
      const b = yield* cache.get("bot-b", issuer.issue)
      assert.notStrictEqual(jti(a), jti(b))
      yield* cache.get("bot-a", issuer.issue)
      yield* cache.get("bot-b", issuer.issue)
      assert.strictEqual(yield* issuer.count, 2)
    }))

  it.effect("concurrent callers share a single issuance", () =>
    Effect.gen(function*() {
      const issuer = yield* makeIssuer(Duration.hours(24))
      const slowIssue = Effect.zipRight(Effect.sleep("1 second"), issuer.issue)
      const cache = yield* makeBotTokenCache(Duration.hours(1))
      const fiber = yield* Effect.fork(
        Effect.all(Array.from({ length: 8 }, () => cache.get("bot-a", slowIssue)), { concurrency: "unbounded" })
      )
      yield* TestClock.adjust("2 seconds")
      const tokens = yield* fiber
      assert.strictEqual(yield* issuer.count, 1)
      assert.strictEqual(new Set(tokens.map(jti)).size, 1)
    }))

  it.effect("invalidate forgets only the refused token", () =>
    Effect.gen(function*() {
      const issuer = yield* makeIssuer(Duration.hours(24))
      const cache = yield* makeBotTokenCache(Duration.hours(1))
      const refused = yield* cache.get("bot-a", issuer.issue)
      yield* cache.invalidate("bot-a", refused)
      const fresh = yield* cache.get("bot-a", issuer.issue)
      assert.strictEqual(jti(fresh), "token-2")
      // a late invalidation of the old token must not drop the new one
      yield* cache.invalidate("bot-a", refused)
      const still = yield* cache.get("bot-a", issuer.issue)
      assert.strictEqual(jti(still), "token-2")
      assert.strictEqual(yield* issuer.count, 2)
    }))

  it.effect("a failed issuance is not cached", () =>
    Effect.gen(function*() {
      const issuer = yield* makeIssuer(Duration.hours(24))
      const cache = yield* makeBotTokenCache(Duration.hours(1))
      const failure = yield* cache.get("bot-a", Effect.fail("refused" as const)).pipe(Effect.flip)
      assert.strictEqual(failure, "refused")
      yield* cache.get("bot-a", issuer.issue)
      assert.strictEqual(yield* issuer.count, 1)
    }))
})
