/**
 * Test support for the emulator suites: a fresh emulator per test (fast retry settings), a tiny API client
 * over real HTTP, a real webhook receiver, and polling with generous deadlines for a slow 2-core machine.
 */
import { readFileSync } from "node:fs"
import type { ServeError } from "@effect/platform/HttpServerError"
import { Duration, Effect, type Scope } from "effect"
import { Emulator, type EmulatorService } from "../../src/emulator/Emulator.js"
import { type EmulatorOptions, layer } from "../../src/emulator/EmulatorServer.js"
import { eventuallyWithin, webhookServer } from "../support/EmulatorTestKit.js"

export const fastOptions: EmulatorOptions = {
  webhookTimeout: "1 second",
  webhookRetryDelays: ["150 millis", "150 millis", "150 millis"]
}

/** Runs `body` against its own emulator (no state shared between tests). */
export const withEmulator = <A, E>(
  body: (emulator: EmulatorService) => Effect.Effect<A, E, Scope.Scope>,
  options: EmulatorOptions = fastOptions
): Effect.Effect<A, E | ServeError> =>
  Effect.scoped(Effect.flatMap(Emulator, body)).pipe(Effect.provide(layer(options)))

// ---------------------------------------------------------------------------------------------------------------
// JSON helpers

export type Json = unknown

/** `get(value, "payload", "event", "id")`: a nested field, or undefined. */
export const get = (value: Json, ...path: ReadonlyArray<string | number>): Json => {
  let current: Json = value
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<string | number, Json>)[key]
  }
  return current
}

export const keysOf = (value: Json): Array<string> =>
  value !== null && typeof value === "object" ? Object.keys(value).sort() : []

export const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8"))

// ---------------------------------------------------------------------------------------------------------------
// API client

export interface ApiResponse {
  readonly status: number
  readonly body: Json
}

export const basic = (credentials: { readonly accountId: string; readonly pat: string }): string =>
  `Basic ${Buffer.from(`${credentials.accountId}:${credentials.pat}`).toString("base64")}`

export const bearer = (token: string): string => `Bearer ${token}`

/** POSTs a JSON body (or raw text) to the emulator with optional headers. */
export const post = (
  url: string,
  body: Json,
  headers: Record<string, string> = {},
  options: { readonly raw?: boolean; readonly timeout?: Duration.DurationInput } = {}
): Effect.Effect<ApiResponse> =>
  Effect.promise(async (signal) => {
    const timeoutSignal = AbortSignal.timeout(Duration.toMillis(options.timeout ?? "20 seconds"))
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: options.raw === true ? String(body) : JSON.stringify(body),
      signal: AbortSignal.any([signal, timeoutSignal])
    })
    const text = await response.text()
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) as Json }
  })

export const agentApi = (emulator: EmulatorService, action: string, body: Json, authorization?: string, version = "v3.6") =>
  post(`${emulator.url}/${version}/agent/action/${action}`, body, authorization === undefined ? {} : { authorization })

export const configApi = (emulator: EmulatorService, action: string, body: Json, authorization?: string, version = "v3.6") =>
  post(`${emulator.url}/${version}/configuration/action/${action}`, body, authorization === undefined ? {} : { authorization })

/** Fails the test with the response when the status is not 200. */
export const expectOk = (response: ApiResponse): Effect.Effect<Json> =>
  response.status === 200
    ? Effect.succeed(response.body)
    : Effect.dieMessage(`expected 200, got ${response.status}: ${JSON.stringify(response.body)}`)

// ---------------------------------------------------------------------------------------------------------------
// webhook receiver

export interface Received {
  readonly body: Json
  readonly receivedAt: number
}

export interface Receiver {
  readonly url: string
  readonly received: Effect.Effect<ReadonlyArray<Received>>
  readonly bodies: Effect.Effect<ReadonlyArray<Json>>
}

/** How the receiver answers its n-th request (0-based): status (default 200) and an optional delay. */
export type Responder = (index: number, body: Json) => { readonly status?: number; readonly delayMillis?: number }

export const makeReceiver = (respond: Responder = () => ({})): Effect.Effect<Receiver, never, Scope.Scope> =>
  Effect.suspend(() => {
    const received: Array<Received> = []
    return webhookServer((raw, response) => {
      const body: Json = JSON.parse(raw.toString("utf8"))
      const index = received.length
      received.push({ body, receivedAt: Date.now() })
      const { delayMillis = 0, status = 200 } = respond(index, body)
      setTimeout(() => {
        if (!response.destroyed) response.writeHead(status, { "content-type": "text/plain" }).end("ok")
      }, delayMillis)
    }).pipe(Effect.map(({ url }) => ({
      url,
      received: Effect.sync(() => [...received]),
      bodies: Effect.sync(() => received.map((r) => r.body))
    })))
  })

/** Re-runs `effect` until `done` holds, failing after the deadline (15 s unless the call says otherwise). */
export const eventually = eventuallyWithin("15 seconds")

/** Webhook bodies of one action. */
export const ofAction = (bodies: ReadonlyArray<Json>, action: string): Array<Json> => bodies.filter((b) => get(b, "action") === action)

// ---------------------------------------------------------------------------------------------------------------
// scenario helpers

export interface BotSetup {
  readonly botId: string
  readonly secret: string
  readonly token: string
  readonly auth: string
}

/** create_bot (first in group 0) → issue_bot_token → optionally accepting_chats. */
export const setupBot = (
  emulator: EmulatorService,
  options: { readonly accepting?: boolean; readonly name?: string; readonly groups?: ReadonlyArray<{ id: number; priority: string }>; readonly maxChats?: number; readonly clientId?: string } = {}
): Effect.Effect<BotSetup> =>
  Effect.gen(function*() {
    const pat = basic(emulator.credentials)
    const clientId = options.clientId ?? emulator.credentials.clientId
    const created = yield* expectOk(yield* configApi(emulator, "create_bot", {
      name: options.name ?? "Ava (bot)",
      owner_client_id: clientId,
      groups: options.groups ?? [{ id: 0, priority: "first" }],
      ...(options.maxChats === undefined ? {} : { max_chats_count: options.maxChats })
    }, pat))
    const botId = get(created, "id") as string
    const secret = get(created, "secret") as string
    const issued = yield* expectOk(yield* configApi(emulator, "issue_bot_token", {
      bot_id: botId,
      client_id: clientId,
      bot_secret: secret,
      organization_id: emulator.credentials.organizationId
    }))
    const token = get(issued, "token") as string
    if (options.accepting !== false) {
      yield* expectOk(yield* agentApi(emulator, "set_routing_status", { status: "accepting_chats" }, bearer(token)))
    }
    return { botId, secret, token, auth: bearer(token) }
  })

export const registerWebhook = (
  emulator: EmulatorService,
  input: {
    readonly action: string
    readonly url: string
    readonly type?: "bot" | "license"
    readonly filters?: Json
    readonly additionalData?: ReadonlyArray<string>
    readonly secretKey?: string
    readonly clientId?: string
  }
): Effect.Effect<string> =>
  Effect.gen(function*() {
    const body = yield* expectOk(yield* configApi(emulator, "register_webhook", {
      action: input.action,
      url: input.url,
      secret_key: input.secretKey ?? "wh_s3cr3t_test",
      type: input.type ?? "license",
      owner_client_id: input.clientId ?? emulator.credentials.clientId,
      ...(input.filters === undefined ? {} : { filters: input.filters }),
      ...(input.additionalData === undefined ? {} : { additional_data: input.additionalData })
    }, basic(emulator.credentials)))
    return get(body, "id") as string
  })
