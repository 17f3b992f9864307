import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { agentApi, basic, bearer, configApi, expectOk, get, post, setupBot, withEmulator } from "./support.js"

describe("Configuration API", () => {
  it.live("creates, reads, lists, updates and deletes a bot", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const pat = basic(emulator.credentials)
        const created = yield* expectOk(yield* configApi(emulator, "create_bot", {
          name: "Ava (bot)",
          owner_client_id: emulator.credentials.clientId,
          max_chats_count: 20,
          groups: [{ id: 0, priority: "first" }]
        }, pat))
        const id = get(created, "id") as string
        assert.match(id, /^[0-9a-f]{32}$/)
        assert.match(get(created, "secret") as string, /^[0-9a-f]{32}$/)

        const bot = yield* expectOk(yield* configApi(emulator, "get_bot", { id }, pat))
        assert.deepStrictEqual(bot, {
          id,
          name: "Ava (bot)",
          avatar_path: "",
          owner_client_id: emulator.credentials.clientId,
          type: "chatbot",
          max_chats_count: 20,
          groups: [{ id: 0, priority: "first" }]
        })

        yield* expectOk(yield* configApi(emulator, "update_bot", { id, name: "Ava 2", groups: [{ id: 1, priority: "last" }] }, pat))
        const listed = yield* expectOk(yield* configApi(emulator, "list_bots", { fields: ["groups"] }, pat))
        assert.deepStrictEqual(listed, [{ id, name: "Ava 2", avatar_path: "", groups: [{ id: 1, priority: "last" }] }])

        yield* expectOk(yield* configApi(emulator, "delete_bot", { id }, pat))
        const missing = yield* configApi(emulator, "get_bot", { id }, pat)
        assert.strictEqual(missing.status, 404)
        assert.strictEqual(get(missing.body, "error", "type"), "not_found")
      })
    ))

  it.live("requires owner_client_id with a PAT and validates bodies with a clear message", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const pat = basic(emulator.credentials)
        const noOwner = yield* configApi(emulator, "create_bot", { name: "Ava" }, pat)
        assert.deepStrictEqual(noOwner, { status: 400, body: { error: { type: "validation", message: "`owner_client_id` is required" } } })
        const noName = yield* configApi(emulator, "create_bot", { owner_client_id: "x" }, pat)
        assert.deepStrictEqual(noName, { status: 400, body: { error: { type: "validation", message: "`name` is required" } } })
        const badPriority = yield* configApi(emulator, "create_bot", { name: "A", owner_client_id: "x", groups: [{ id: 0, priority: "top" }] }, pat)
        assert.strictEqual(badPriority.status, 400)
        assert.include(get(badPriority.body, "error", "message") as string, "groups.0.priority")
        const noGroup = yield* configApi(emulator, "create_bot", { name: "A", owner_client_id: "x", groups: [{ id: 42, priority: "first" }] }, pat)
        assert.strictEqual(get(noGroup.body, "error", "type"), "group_not_found")
      })
    ))

  it.live("answers authentication errors, unknown actions and malformed JSON in the LiveChat error shape", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const invalid = { status: 401, body: { error: { type: "authentication", message: "Invalid access token" } } }
        assert.deepStrictEqual(yield* configApi(emulator, "list_groups", {}), invalid)
        assert.deepStrictEqual(yield* configApi(emulator, "list_groups", {}, basic({ accountId: emulator.credentials.accountId, pat: "wrong" })), invalid)
        // A PAT sent as Bearer is the classic mistake: it is not a Bearer token.
        assert.deepStrictEqual(yield* configApi(emulator, "list_groups", {}, bearer(emulator.credentials.pat)), invalid)
        assert.deepStrictEqual(yield* agentApi(emulator, "send_event", { chat_id: "X" }, bearer("not-a-token")), invalid)

        const unknown = yield* configApi(emulator, "no_such_action", {}, basic(emulator.credentials))
        assert.strictEqual(unknown.status, 404)
        assert.strictEqual(get(unknown.body, "error", "type"), "not_found")

        const malformed = yield* post(`${emulator.url}/v3.6/configuration/action/list_groups`, "{not json", { authorization: basic(emulator.credentials) }, { raw: true })
        assert.deepStrictEqual(malformed, { status: 400, body: { error: { type: "validation", message: "Malformed JSON in request body" } } })
      })
    ))

  it.live("issues bot tokens only for the right secret, client and organisation", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const { botId, secret, token } = yield* setupBot(emulator, { accepting: false })
        assert.lengthOf(token.split("."), 3)
        const request = { bot_id: botId, client_id: emulator.credentials.clientId, bot_secret: secret, organization_id: emulator.credentials.organizationId }
        const wrongSecret = yield* configApi(emulator, "issue_bot_token", { ...request, bot_secret: "0".repeat(32) })
        assert.strictEqual(get(wrongSecret.body, "error", "type"), "authentication")
        const wrongClient = yield* configApi(emulator, "issue_bot_token", { ...request, client_id: "someone-else" })
        assert.strictEqual(get(wrongClient.body, "error", "type"), "authorization")
        const wrongOrganization = yield* configApi(emulator, "issue_bot_token", { ...request, organization_id: "nope" })
        assert.strictEqual(get(wrongOrganization.body, "error", "type"), "validation")
        const unknownBot = yield* configApi(emulator, "issue_bot_token", { ...request, bot_id: "f".repeat(32) })
        assert.strictEqual(get(unknownBot.body, "error", "type"), "not_found")
      })
    ))

  it.live("registers, lists and unregisters webhooks, validating action, url, filters and the per-action limit", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const pat = basic(emulator.credentials)
        const clientId = emulator.credentials.clientId
        const base = { secret_key: "s3cret", url: "http://127.0.0.1:9/hook", type: "bot", owner_client_id: clientId }
        const registered = yield* expectOk(yield* configApi(emulator, "register_webhook", {
          ...base,
          action: "incoming_event",
          description: "customer messages",
          filters: { author_type: "customer", chat_presence: { my_bots: true } },
          additional_data: ["chat_presence_user_ids"]
        }, pat))
        const id = get(registered, "id") as string
        assert.match(id, /^[0-9a-f]{32}$/)
        const listed = yield* expectOk(yield* configApi(emulator, "list_webhooks", { owner_client_id: clientId }, pat))
        assert.deepStrictEqual(listed, [{
          id,
          url: base.url,
          description: "customer messages",
          action: "incoming_event",
          secret_key: "s3cret",
          filters: { author_type: "customer", chat_presence: { my_bots: true } },
          owner_client_id: clientId,
          type: "bot",
          additional_data: ["chat_presence_user_ids"]
        }])

        const badAction = yield* configApi(emulator, "register_webhook", { ...base, action: "incoming_customer" }, pat)
        assert.strictEqual(get(badAction.body, "error", "type"), "validation")
        const badUrl = yield* configApi(emulator, "register_webhook", { ...base, action: "incoming_chat", url: "not a url" }, pat)
        assert.strictEqual(get(badUrl.body, "error", "type"), "validation")
        const badFilter = yield* configApi(emulator, "register_webhook", { ...base, action: "incoming_chat", filters: { author_type: "customer" } }, pat)
        assert.strictEqual(get(badFilter.body, "error", "type"), "validation")
        const badType = yield* configApi(emulator, "register_webhook", { ...base, action: "incoming_chat", type: "app" }, pat)
        assert.strictEqual(badType.status, 400)

        for (let i = 0; i < 2; i++) yield* expectOk(yield* configApi(emulator, "register_webhook", { ...base, action: "incoming_event" }, pat))
        const fourth = yield* configApi(emulator, "register_webhook", { ...base, action: "incoming_event" }, pat)
        assert.strictEqual(get(fourth.body, "error", "type"), "limit_reached")

        yield* expectOk(yield* configApi(emulator, "unregister_webhook", { id, owner_client_id: clientId }, pat))
        const again = yield* configApi(emulator, "unregister_webhook", { id, owner_client_id: clientId }, pat)
        assert.strictEqual(get(again.body, "error", "type"), "not_found")
        const after = yield* expectOk(yield* configApi(emulator, "list_webhooks", { owner_client_id: clientId }, pat))
        assert.lengthOf(after as ReadonlyArray<unknown>, 2)
      })
    ))

  it.live("switches licence webhooks per client", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const pat = basic(emulator.credentials)
        const owner = { owner_client_id: emulator.credentials.clientId }
        assert.deepStrictEqual(yield* expectOk(yield* configApi(emulator, "get_license_webhooks_state", owner, pat)), { license_webhooks_enabled: true })
        yield* expectOk(yield* configApi(emulator, "disable_license_webhooks", owner, pat))
        assert.deepStrictEqual(yield* expectOk(yield* configApi(emulator, "get_license_webhooks_state", owner, pat)), { license_webhooks_enabled: false })
        yield* expectOk(yield* configApi(emulator, "enable_license_webhooks", owner, pat))
        assert.deepStrictEqual(yield* expectOk(yield* configApi(emulator, "get_license_webhooks_state", owner, pat)), { license_webhooks_enabled: true })
      })
    ))

  it.live("lists groups, and routing statuses only for a PAT or agent token (not a bot token)", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const pat = basic(emulator.credentials)
        const bot = yield* setupBot(emulator)
        yield* emulator.agentLogin({ agentId: "anna.smith@example.com", name: "Anna Smith", accepting: false })
        const groups = yield* expectOk(yield* configApi(emulator, "list_groups", { fields: ["agent_priorities", "routing_status"] }, pat))
        assert.deepStrictEqual(groups, [
          { id: 0, name: "General", language_code: "en", agent_priorities: { [bot.botId]: "first", "anna.smith@example.com": "normal" }, routing_status: "accepting_chats" },
          { id: 1, name: "Engineering", language_code: "en", agent_priorities: { "anna.smith@example.com": "normal" }, routing_status: "not_accepting_chats" }
        ])
        const statuses = yield* expectOk(yield* configApi(emulator, "list_routing_statuses", { filters: { group_ids: [1] } }, pat))
        assert.deepStrictEqual(statuses, [{ agent_id: "anna.smith@example.com", status: "not_accepting_chats" }])
        const viaAgentApi = yield* expectOk(yield* agentApi(emulator, "list_routing_statuses", {}, pat))
        assert.deepStrictEqual(viaAgentApi, [
          { agent_id: bot.botId, status: "accepting_chats" },
          { agent_id: "anna.smith@example.com", status: "not_accepting_chats" }
        ])
        const asBot = yield* agentApi(emulator, "list_routing_statuses", {}, bot.auth)
        assert.deepStrictEqual(asBot, { status: 403, body: { error: { type: "missing_access", message: "Missing access" } } })
        assert.strictEqual((yield* configApi(emulator, "list_groups", {}, bot.auth)).status, 403)
      })
    ))

  it.live("bot tokens stop working after their TTL and after expireBotTokens", () =>
    Effect.gen(function*() {
      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          const { auth } = yield* setupBot(emulator, { accepting: false })
          const response = yield* Effect.gen(function*() {
            yield* Effect.sleep("1200 millis")
            return yield* agentApi(emulator, "set_routing_status", { status: "accepting_chats" }, auth)
          })
          assert.deepStrictEqual(response.status, 401)
          assert.strictEqual(get(response.body, "error", "type"), "authentication")
        }), { botTokenTtl: "1 second" })

      yield* withEmulator((emulator) =>
        Effect.gen(function*() {
          const { auth } = yield* setupBot(emulator, { accepting: false })
          yield* expectOk(yield* agentApi(emulator, "set_routing_status", { status: "accepting_chats" }, auth))
          yield* emulator.expireBotTokens
          const response = yield* agentApi(emulator, "set_routing_status", { status: "not_accepting_chats" }, auth)
          assert.deepStrictEqual(response, { status: 401, body: { error: { type: "authentication", message: "Invalid access token" } } })
        })
      )
    }))

  it.live("v3.5 lets a PAT act as a bot with X-Author-Id; v3.6 ignores the header", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const pat = basic(emulator.credentials)
        const { botId } = yield* setupBot(emulator, { accepting: false })
        const asBot = { authorization: pat, "x-author-id": botId }
        // v3.5: no agent_id needed, the header says who "I" am.
        yield* expectOk(yield* post(`${emulator.url}/v3.5/agent/action/set_routing_status`, { status: "accepting_chats" }, asBot))
        const statuses = yield* expectOk(yield* agentApi(emulator, "list_routing_statuses", {}, pat))
        assert.deepStrictEqual(statuses, [{ agent_id: botId, status: "accepting_chats" }])
        // v3.6: the header is ignored, so the PAT acts as itself and must name the agent.
        const ignored = yield* post(`${emulator.url}/v3.6/agent/action/set_routing_status`, { status: "offline" }, asBot)
        assert.deepStrictEqual(ignored, { status: 400, body: { error: { type: "validation", message: "`agent_id` is required" } } })
        const unknownBot = yield* post(`${emulator.url}/v3.5/agent/action/set_routing_status`, { status: "offline" }, { authorization: pat, "x-author-id": "0".repeat(32) })
        assert.strictEqual(get(unknownBot.body, "error", "type"), "authorization")
      })
    ))
})
