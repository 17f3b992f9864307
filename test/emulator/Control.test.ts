import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { agentApi, bearer, expectOk, get, post, setupBot, withEmulator } from "./support.js"

describe("Control API over HTTP", () => {
  it.live("drives customers and agents and reads state with the in-process operations' names and fields", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const control = (operation: string, body: unknown = {}) => post(`${emulator.url}/control/${operation}`, body)
        const credentials = yield* expectOk(yield* control("credentials"))
        assert.deepStrictEqual(credentials, { ...emulator.credentials })

        const bot = yield* setupBot(emulator)
        const started = yield* expectOk(yield* control("startChat", { customerName: "Thomas", text: "hello" }))
        const chatId = get(started, "chatId") as string
        assert.strictEqual(get(started, "firstEventId"), `${get(started, "threadId")}_1`)
        yield* expectOk(yield* control("sendCustomerMessage", { chatId, text: "anyone?" }))

        const login = yield* expectOk(yield* control("agentLogin", { agentId: "anna.smith@example.com", groups: [1] }))
        const token = get(login, "accessToken") as string
        assert.match(token, /^dal:/)
        yield* expectOk(yield* agentApi(emulator, "transfer_chat", { id: chatId, target: { type: "group", ids: [1] } }, bot.auth))
        yield* expectOk(yield* control("agentSendMessage", { agentId: "anna.smith@example.com", chatId, text: "Anna here", visibility: "all" }))
        // The agent's token speaks the Agent Chat API as that agent.
        yield* expectOk(yield* agentApi(emulator, "send_event", { chat_id: chatId, event: { type: "message", text: "note", visibility: "agents" } }, bearer(token)))

        const view = yield* expectOk(yield* control("chat", { chatId }))
        assert.deepStrictEqual(get(view, "assignee"), "anna.smith@example.com")
        const forCustomer = yield* expectOk(yield* control("transcript", { chatId, as: "customer" }))
        assert.deepStrictEqual((forCustomer as ReadonlyArray<unknown>).map((e) => get(e, "text")), ["hello", "anyone?", "Ava (bot) transferred the chat to Engineering", "Anna here"])
        const forAgents = yield* expectOk(yield* control("transcript", { chatId }))
        assert.lengthOf(forAgents as ReadonlyArray<unknown>, 5)
        const chats = yield* expectOk(yield* control("chats"))
        assert.lengthOf(chats as ReadonlyArray<unknown>, 1)

        yield* expectOk(yield* control("setAgentAccepting", { agentId: "anna.smith@example.com", accepting: false }))
        yield* expectOk(yield* control("closeChat", { chatId }))
        const closedAgain = yield* control("closeChat", { chatId })
        assert.deepStrictEqual(closedAgain, { status: 422, body: { error: { type: "chat_inactive", message: "Chat is inactive" } } })
        const thread = yield* expectOk(yield* control("startNewThread", { chatId, text: "me again" }))
        assert.strictEqual(get(yield* expectOk(yield* control("chat", { chatId })), "activeThreadId"), get(thread, "threadId"))
        yield* expectOk(yield* control("agentLogout", { agentId: "anna.smith@example.com" }))
        // A logged-out agent's token no longer authenticates.
        const loggedOut = yield* agentApi(emulator, "list_routing_statuses", {}, bearer(token))
        assert.strictEqual(loggedOut.status, 401)

        yield* expectOk(yield* control("injectFault", { action: "get_chat", kind: "internal", times: 1 }))
        assert.strictEqual((yield* agentApi(emulator, "get_chat", { chat_id: chatId }, bot.auth)).status, 500)
        yield* expectOk(yield* control("setWebhookBehaviour", { duplicates: 1, delay: 10 }))
        yield* expectOk(yield* control("expireBotTokens"))
        assert.strictEqual((yield* agentApi(emulator, "get_chat", { chat_id: chatId }, bot.auth)).status, 401)
        assert.deepStrictEqual(yield* expectOk(yield* control("deliveries")), [])
      })
    ))

  it.live("answers validation errors and unknown operations like the Web API", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        const control = (operation: string, body: unknown) => post(`${emulator.url}/control/${operation}`, body)
        assert.deepStrictEqual(yield* control("sendCustomerMessage", { text: "no chat" }), {
          status: 400,
          body: { error: { type: "validation", message: "`chatId` is required" } }
        })
        assert.strictEqual(get((yield* control("injectFault", { action: "x", kind: "explode" })).body, "error", "type"), "validation")
        assert.strictEqual(get((yield* control("setWebhookBehaviour", { delay: "soon" })).body, "error", "type"), "validation")
        assert.strictEqual((yield* control("launchRockets", {})).status, 404)
        assert.strictEqual(get((yield* control("chat", { chatId: "NOPE" })).body, "error", "type"), "not_found")
      })
    ))

  it.live("serves the customer page and the agent console", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        for (const [path, marker] of [["/", "sendCustomerMessage"], ["/console", "agentSendMessage"]] as const) {
          const response = yield* Effect.promise(() => fetch(`${emulator.url}${path}`))
          assert.strictEqual(response.status, 200)
          assert.include(response.headers.get("content-type") ?? "", "text/html")
          assert.include(yield* Effect.promise(() => response.text()), marker)
        }
      })
    ))
})
