import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Layer, Redacted } from "effect"
import { LiveChatConfig } from "../../src/livechat/LiveChatConfig.js"

const fromEnv = (env: Record<string, string>) =>
  LiveChatConfig.fromEnv.pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromJson(env))))

const required = {
  LIVECHAT_ACCOUNT_ID: "account-1",
  LIVECHAT_PAT: "dal:secret-pat",
  LIVECHAT_CLIENT_ID: "client-1",
  LIVECHAT_ORGANIZATION_ID: "org-1"
}

describe("LiveChatConfig", () => {
  it.effect("reads LIVECHAT_* with production defaults and keeps the PAT redacted", () =>
    Effect.gen(function*() {
      const settings = yield* LiveChatConfig
      assert.strictEqual(settings.apiUrl, "https://api.livechatinc.com")
      assert.strictEqual(settings.apiVersion, "3.6")
      assert.strictEqual(settings.accountId, "account-1")
      assert.isTrue(Redacted.isRedacted(settings.pat))
      assert.strictEqual(Redacted.value(settings.pat), "dal:secret-pat")
      assert.notInclude(String(settings.pat), "secret")
      assert.isTrue(Duration.equals(settings.requestTimeout, Duration.seconds(15)))
    }).pipe(Effect.provide(fromEnv(required))))

  it.effect("accepts overrides: URL, version 3.5, timeout", () =>
    Effect.gen(function*() {
      const settings = yield* LiveChatConfig
      assert.strictEqual(settings.apiUrl, "http://127.0.0.1:8090")
      assert.strictEqual(settings.apiVersion, "3.5")
      assert.isTrue(Duration.equals(settings.requestTimeout, Duration.seconds(4)))
    }).pipe(Effect.provide(fromEnv({
      ...required,
      LIVECHAT_API_URL: "http://127.0.0.1:8090/",
      LIVECHAT_API_VERSION: "3.5",
      LIVECHAT_REQUEST_TIMEOUT: "4 seconds"
    }))))

  it.effect("fails at startup when a credential is missing or the version is unknown", () =>
    Effect.gen(function*() {
      const { LIVECHAT_PAT: _pat, ...withoutPat } = required
      const missing = yield* Layer.build(fromEnv(withoutPat)).pipe(Effect.scoped, Effect.flip)
      assert.include(String(missing), "LIVECHAT_PAT")
      const badVersion = yield* Layer.build(fromEnv({ ...required, LIVECHAT_API_VERSION: "3.7" })).pipe(
        Effect.scoped,
        Effect.flip
      )
      assert.include(String(badVersion), "LIVECHAT_API_VERSION")
    }))

  it.effect("the plain constructor fills the same defaults", () =>
    Effect.gen(function*() {
      const settings = yield* LiveChatConfig
      assert.strictEqual(settings.apiVersion, "3.6")
      assert.strictEqual(settings.apiUrl, "http://localhost:1")
      assert.isTrue(Duration.equals(settings.requestTimeout, Duration.seconds(15)))
      assert.isTrue(Redacted.isRedacted(settings.pat))
    }).pipe(Effect.provide(LiveChatConfig.layer({
      apiUrl: "http://localhost:1///",
      accountId: "a",
      pat: "p",
      clientId: "c",
      organizationId: "o"
    }))))
})
