/**
 * The LiveChat Web API (v3.6, or v3.5 compatibility) over `HttpClient`: Configuration API calls with the
 * personal access token, Agent Chat API calls as the bot (`client.asBot(identity)`).
 *
 * Every call: Schema-encoded request → one attempt with a per-attempt timeout → `{error:{type,message}}` mapped
 * to a typed error → retries only where repeating is harmless:
 * - reads, lists, `issue_bot_token`, indicators, `set_routing_status`, `update_bot`: transient failures
 *   (transport, timeout, 429, 5xx) with jittered exponential back-off;
 * - `send_event`, `transfer_chat` and other calls that must not happen twice: only `too_many_requests` and
 *   connections that provably never opened. After a timeout or a 5xx the caller decides (custom_id + get_chat).
 *
 * Tokens, secrets and message text never reach logs or span attributes.
 */
import { HttpClient, type HttpClientError, HttpClientRequest } from "@effect/platform"
import { Duration, Effect, Either, Redacted, Schedule, Schema } from "effect"
import type { ChatId, EventId, GroupId, ThreadId, UserId } from "../domain/Ids.js"
import * as Api from "./ApiMessages.js"
import { BotIdentity } from "./BotIdentity.js"
import { makeBotTokenCache } from "./BotToken.js"
import type { Chat, RoutingStatus } from "./Chats.js"
import { Chat as ChatSchema } from "./Chats.js"
import { describeIssue } from "./DecodeIssues.js"
import { LiveChatConfig } from "./LiveChatConfig.js"
import {
  fromErrorBody,
  fromStatus,
  isAuthenticationError,
  isSafeToResend,
  isTransient,
  type LiveChatError,
  LiveChatTimeoutError,
  LiveChatTransportError,
  LiveChatUnexpectedResponseError,
  LiveChatValidationError
} from "./LiveChatErrors.js"

/** Agent Chat API calls made as the bot. */
export interface BotApi {
  readonly botId: UserId
  /** A message or quick replies; returns LiveChat's event id. Never retried after an unclear failure. */
  readonly sendEvent: (input: {
    readonly chatId: ChatId
    readonly event: Api.OutgoingEvent
  }) => Effect.Effect<EventId, LiveChatError>
  readonly sendTypingIndicator: (input: Api.TypingIndicatorInput) => Effect.Effect<void, LiveChatError>
  readonly sendThinkingIndicator: (input: Api.ThinkingIndicatorInput) => Effect.Effect<void, LiveChatError>
  /** Fails with a validation error recognised by `isNobodyAvailable` when nobody can take the chat. */
  readonly transferChat: (input: Api.TransferChatInput) => Effect.Effect<void, LiveChatError>
  readonly listAgentsForTransfer: (chatId: ChatId) => Effect.Effect<ReadonlyArray<Api.AgentForTransfer>, LiveChatError>
  /** Without `agentId`: the bot itself. */
  readonly setRoutingStatus: (status: RoutingStatus, agentId?: UserId) => Effect.Effect<void, LiveChatError>
  /** The chat with one thread (the latest unless `threadId`), events included with their `custom_id`. */
  readonly getChat: (chatId: ChatId, threadId?: ThreadId) => Effect.Effect<Chat, LiveChatError>
  readonly deactivateChat: (chatId: ChatId) => Effect.Effect<void, LiveChatError>
}

type ApiKind = "agent" | "configuration"

/** `repeatable`: safe to send again after any transient failure; `once`: only when LiveChat surely did not act. */
type RetryPolicy = "repeatable" | "once"

type Credentials =
  | { readonly _tag: "Pat" }
  | { readonly _tag: "BotToken"; readonly token: Redacted.Redacted<string> }
  /** v3.5: the PAT acting as the bot through `X-Author-Id`. */
  | { readonly _tag: "PatAsBot"; readonly botId: string }

interface Endpoint<RA, RI, A, AI> {
  readonly operation: string
  readonly api: ApiKind
  readonly action: string
  readonly request: Schema.Schema<RA, RI>
  readonly response: Schema.Schema<A, AI>
  readonly retry: RetryPolicy
}

const endpoint = <RA, RI, A, AI>(spec: Endpoint<RA, RI, A, AI>): Endpoint<RA, RI, A, AI> => spec

const ErrorBody = Schema.Struct({
  error: Schema.Struct({
    type: Schema.String,
    message: Schema.optionalWith(Schema.String, { default: () => "" })
  })
})
const decodeErrorBody = Schema.decodeUnknownEither(ErrorBody)

const parseJson = (text: string): Either.Either<unknown, undefined> =>
  text.trim() === ""
    ? Either.right({})
    : Either.try({ try: () => JSON.parse(text) as unknown, catch: () => undefined })

/** Network error codes that mean the connection never opened, so the request cannot have been processed. */
const notSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
])

const neverSent = (cause: unknown, depth = 0): boolean => {
  if (depth > 5 || cause === null || typeof cause !== "object") return false
  const { code, cause: inner, errors } = cause as { code?: unknown; cause?: unknown; errors?: unknown }
  if (typeof code === "string" && notSentCodes.has(code)) return true
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => neverSent(e, depth + 1))) return true
  return neverSent(inner, depth + 1)
}

const transportError = (operation: string, error: HttpClientError.HttpClientError): LiveChatTransportError => {
  // Invalid URL / unencodable body: nothing left this process.
  const notSent = error._tag === "RequestError" && (error.reason !== "Transport" || neverSent(error.cause))
  return new LiveChatTransportError({
    operation,
    status: 0,
    requestSent: notSent ? "no" : "unknown",
    message: notSent ? "could not connect to LiveChat" : "the connection to LiveChat failed",
    // only the network error: the HttpClientError holds the request, whose JSON body (message text, bot
    // secret) would be printed by any log of this error
    cause: error.cause
  })
}

export class LiveChatClient extends Effect.Service<LiveChatClient>()("app/LiveChatClient", {
  effect: Effect.gen(function*() {
    const settings = yield* LiveChatConfig
    // no trace headers to a third party
    const http = (yield* HttpClient.HttpClient).pipe(HttpClient.withTracerPropagation(false))
    const tokens = yield* makeBotTokenCache(settings.botTokenRefreshMargin)

    const backoff = Schedule.exponential(settings.retryBaseDelay).pipe(
      Schedule.jittered,
      Schedule.intersect(Schedule.recurs(settings.retryTimes))
    )

    const authorize = (credentials: Credentials) => (request: HttpClientRequest.HttpClientRequest) => {
      switch (credentials._tag) {
        case "Pat":
          return HttpClientRequest.basicAuth(request, settings.accountId, settings.pat)
        case "BotToken":
          return HttpClientRequest.bearerToken(request, credentials.token)
        case "PatAsBot":
          return request.pipe(
            HttpClientRequest.basicAuth(settings.accountId, settings.pat),
            HttpClientRequest.setHeader("X-Author-Id", credentials.botId)
          )
      }
    }

    /** One HTTP exchange, bounded by the per-attempt timeout (sending and reading the answer). */
    const attempt = Effect.fn("LiveChatClient.attempt")(function*(
      operation: string,
      url: string,
      body: unknown,
      credentials: Credentials
    ) {
      const request = HttpClientRequest.post(url).pipe(
        HttpClientRequest.acceptJson,
        HttpClientRequest.bodyUnsafeJson(body),
        authorize(credentials)
      )
      const answer = yield* http.execute(request).pipe(
        Effect.flatMap((response) => Effect.map(response.text, (text) => ({ status: response.status, text }))),
        Effect.mapError((error) => transportError(operation, error)),
        Effect.timeoutFail({
          duration: settings.requestTimeout,
          onTimeout: () =>
            new LiveChatTimeoutError({
              operation,
              status: 0,
              message: `no answer within ${Duration.format(settings.requestTimeout)}`
            })
        }),
        Effect.tapError((error) => Effect.annotateCurrentSpan("livechat.error", error._tag))
      )
      yield* Effect.annotateCurrentSpan("http.response.status_code", answer.status)
      return answer
    })

    const interpret = <A, AI>(
      operation: string,
      response: Schema.Schema<A, AI>,
      answer: { readonly status: number; readonly text: string }
    ): Effect.Effect<A, LiveChatError> => {
      const json = parseJson(answer.text)
      if (answer.status >= 200 && answer.status < 300) {
        if (Either.isLeft(json)) {
          return Effect.fail(
            new LiveChatUnexpectedResponseError({ operation, status: answer.status, message: "the answer is not JSON" })
          )
        }
        return Schema.decodeUnknown(response)(json.right).pipe(
          Effect.mapError((error) =>
            new LiveChatUnexpectedResponseError({
              operation,
              status: answer.status,
              message: `the answer has an unexpected shape: ${describeIssue(error.issue)}`
            })
          )
        )
      }
      const body = Either.isRight(json) ? decodeErrorBody(json.right) : undefined
      return Effect.fail(
        body !== undefined && Either.isRight(body)
          ? fromErrorBody(operation, answer.status, body.right.error)
          : fromStatus(operation, answer.status)
      )
    }

    /** Encode, send with retries per the endpoint's policy, decode. (Its span is the public method's.) */
    const call = Effect.fnUntraced(function*<RA, RI, A, AI>(
      spec: Endpoint<RA, RI, A, AI>,
      input: RA,
      credentials: Credentials
    ): Effect.fn.Return<A, LiveChatError> {
      yield* Effect.annotateCurrentSpan({
        "livechat.action": spec.action,
        "livechat.api": spec.api,
        "livechat.api_version": settings.apiVersion,
        "livechat.retry_policy": spec.retry
      })
      const body = yield* Schema.encode(spec.request)(input).pipe(
        Effect.mapError((error) =>
          new LiveChatValidationError({
            operation: spec.operation,
            status: 0,
            message: `request not sent, it does not match the API: ${describeIssue(error.issue)}`
          })
        )
      )
      const url = `${settings.apiUrl}/v${settings.apiVersion}/${spec.api}/action/${spec.action}`
      return yield* attempt(spec.operation, url, body, credentials).pipe(
        Effect.flatMap((answer) => interpret(spec.operation, spec.response, answer)),
        Effect.retry({ schedule: backoff, while: spec.retry === "repeatable" ? isTransient : isSafeToResend }),
        Effect.tapError((error) => Effect.annotateCurrentSpan("livechat.error", error._tag))
      )
    })

    // ---------------------------------------------------------------------------------------------------
    // Endpoints

    const endpoints = {
      createBot: endpoint({
        operation: "createBot",
        api: "configuration",
        action: "create_bot",
        request: Api.CreateBotRequest,
        response: Api.CreateBotResponse,
        retry: "once"
      }),
      getBot: endpoint({
        operation: "getBot",
        api: "configuration",
        action: "get_bot",
        request: Api.GetBotRequest,
        response: Api.Bot,
        retry: "repeatable"
      }),
      listBots: endpoint({
        operation: "listBots",
        api: "configuration",
        action: "list_bots",
        request: Api.ListBotsRequest,
        response: Schema.Array(Api.Bot),
        retry: "repeatable"
      }),
      updateBot: endpoint({
        operation: "updateBot",
        api: "configuration",
        action: "update_bot",
        request: Api.UpdateBotRequest,
        response: Api.EmptyResponse,
        retry: "repeatable"
      }),
      deleteBot: endpoint({
        operation: "deleteBot",
        api: "configuration",
        action: "delete_bot",
        request: Api.BotIdRequest,
        response: Api.EmptyResponse,
        retry: "once"
      }),
      issueBotToken: endpoint({
        operation: "issueBotToken",
        api: "configuration",
        action: "issue_bot_token",
        request: Api.IssueBotTokenRequest,
        response: Api.IssueBotTokenResponse,
        retry: "repeatable"
      }),
      registerWebhook: endpoint({
        operation: "registerWebhook",
        api: "configuration",
        action: "register_webhook",
        request: Api.RegisterWebhookRequest,
        response: Api.RegisterWebhookResponse,
        retry: "once"
      }),
      listWebhooks: endpoint({
        operation: "listWebhooks",
        api: "configuration",
        action: "list_webhooks",
        request: Api.OwnerClientRequest,
        response: Schema.Array(Api.RegisteredWebhook),
        retry: "repeatable"
      }),
      unregisterWebhook: endpoint({
        operation: "unregisterWebhook",
        api: "configuration",
        action: "unregister_webhook",
        request: Api.UnregisterWebhookRequest,
        response: Api.EmptyResponse,
        retry: "once"
      }),
      enableLicenseWebhooks: endpoint({
        operation: "enableLicenseWebhooks",
        api: "configuration",
        action: "enable_license_webhooks",
        request: Api.OwnerClientRequest,
        response: Api.EmptyResponse,
        retry: "repeatable"
      }),
      listGroups: endpoint({
        operation: "listGroups",
        api: "configuration",
        action: "list_groups",
        request: Api.ListGroupsRequest,
        response: Schema.Array(Api.Group),
        retry: "repeatable"
      }),
      listRoutingStatuses: endpoint({
        operation: "listRoutingStatuses",
        api: "agent",
        action: "list_routing_statuses",
        request: Api.ListRoutingStatusesRequest,
        response: Schema.Array(Api.AgentRoutingStatus),
        retry: "repeatable"
      }),
      sendEvent: endpoint({
        operation: "sendEvent",
        api: "agent",
        action: "send_event",
        request: Api.SendEventRequest,
        response: Api.SendEventResponse,
        retry: "once"
      }),
      sendTypingIndicator: endpoint({
        operation: "sendTypingIndicator",
        api: "agent",
        action: "send_typing_indicator",
        request: Api.SendTypingIndicatorRequest,
        response: Api.EmptyResponse,
        retry: "repeatable"
      }),
      sendThinkingIndicator: endpoint({
        operation: "sendThinkingIndicator",
        api: "agent",
        action: "send_thinking_indicator",
        request: Api.SendThinkingIndicatorRequest,
        response: Api.EmptyResponse,
        retry: "repeatable"
      }),
      transferChat: endpoint({
        operation: "transferChat",
        api: "agent",
        action: "transfer_chat",
        request: Api.TransferChatRequest,
        response: Api.EmptyResponse,
        retry: "once"
      }),
      listAgentsForTransfer: endpoint({
        operation: "listAgentsForTransfer",
        api: "agent",
        action: "list_agents_for_transfer",
        request: Api.ChatIdRequest,
        response: Schema.Array(Api.AgentForTransfer),
        retry: "repeatable"
      }),
      setRoutingStatus: endpoint({
        operation: "setRoutingStatus",
        api: "agent",
        action: "set_routing_status",
        request: Api.SetRoutingStatusRequest,
        response: Api.EmptyResponse,
        retry: "repeatable"
      }),
      getChat: endpoint({
        operation: "getChat",
        api: "agent",
        action: "get_chat",
        request: Api.GetChatRequest,
        response: ChatSchema,
        retry: "repeatable"
      }),
      deactivateChat: endpoint({
        operation: "deactivateChat",
        api: "agent",
        action: "deactivate_chat",
        request: Api.DeactivateChatRequest,
        response: Api.EmptyResponse,
        retry: "once"
      })
    } as const

    const pat: Credentials = { _tag: "Pat" }

    // ---------------------------------------------------------------------------------------------------
    // Configuration API (PAT)

    const createBot = Effect.fn("LiveChatClient.createBot")(function*(input: Api.CreateBotInput) {
      const created = yield* call(endpoints.createBot, { ...input, ownerClientId: settings.clientId }, pat)
      return new BotIdentity({ botId: created.id, botSecret: created.secret })
    })

    const getBot = Effect.fn("LiveChatClient.getBot")(function*(botId: UserId) {
      return yield* call(endpoints.getBot, { id: botId }, pat)
    })

    const listBots = Effect.fn("LiveChatClient.listBots")(function*(input: Api.ListBotsInput = {}) {
      return yield* call(endpoints.listBots, input, pat)
    })

    const updateBot = Effect.fn("LiveChatClient.updateBot")(function*(input: Api.UpdateBotInput) {
      yield* call(endpoints.updateBot, input, pat)
    })

    const deleteBot = Effect.fn("LiveChatClient.deleteBot")(function*(botId: UserId) {
      yield* call(endpoints.deleteBot, { id: botId }, pat)
    })

    /** A new bot token, bypassing the cache (v3.6). */
    const issueBotToken = Effect.fn("LiveChatClient.issueBotToken")(function*(identity: BotIdentity) {
      const issued = yield* call(endpoints.issueBotToken, {
        botId: identity.botId,
        clientId: settings.clientId,
        botSecret: identity.botSecret,
        organizationId: settings.organizationId
      }, pat)
      return issued.token
    })

    /** Returns the registration id (the `webhook_id` of every delivery). */
    const registerWebhook = Effect.fn("LiveChatClient.registerWebhook")(function*(input: Api.RegisterWebhookInput) {
      yield* Effect.annotateCurrentSpan("livechat.webhook_action", input.action)
      const registered = yield* call(endpoints.registerWebhook, { ...input, ownerClientId: settings.clientId }, pat)
      return registered.id
    })

    const listWebhooks = Effect.fn("LiveChatClient.listWebhooks")(function*() {
      return yield* call(endpoints.listWebhooks, { ownerClientId: settings.clientId }, pat)
    })

    const unregisterWebhook = Effect.fn("LiveChatClient.unregisterWebhook")(function*(webhookId: string) {
      yield* call(endpoints.unregisterWebhook, { id: webhookId, ownerClientId: settings.clientId }, pat)
    })

    const enableLicenseWebhooks = Effect.fn("LiveChatClient.enableLicenseWebhooks")(function*() {
      yield* call(endpoints.enableLicenseWebhooks, { ownerClientId: settings.clientId }, pat)
    })

    const listGroups = Effect.fn("LiveChatClient.listGroups")(function*(
      fields: ReadonlyArray<"agent_priorities" | "routing_status"> = []
    ) {
      return yield* call(endpoints.listGroups, fields.length === 0 ? {} : { fields }, pat)
    })

    /** Agent Chat API, but needs `agents--all:ro` + `agents-bot--all:ro`: bot tokens lack them, so the PAT. */
    const listRoutingStatuses = Effect.fn("LiveChatClient.listRoutingStatuses")(function*(
      groupIds?: ReadonlyArray<GroupId>
    ) {
      return yield* call(endpoints.listRoutingStatuses, groupIds === undefined ? {} : { filters: { groupIds } }, pat)
    })

    // ---------------------------------------------------------------------------------------------------
    // As the bot

    /**
     * v3.6: the cached bot token; when LiveChat refuses it (`authentication`), forget it, issue a new one and
     * try once more. v3.5: the PAT with `X-Author-Id`.
     */
    const asBotCall = Effect.fnUntraced(function*<RA, RI, A, AI>(
      identity: BotIdentity,
      spec: Endpoint<RA, RI, A, AI>,
      input: RA
    ): Effect.fn.Return<A, LiveChatError> {
      if (settings.apiVersion === "3.5") return yield* call(spec, input, { _tag: "PatAsBot", botId: identity.botId })
      const issue = issueBotToken(identity)
      const token = yield* tokens.get(identity.botId, issue)
      return yield* call(spec, input, { _tag: "BotToken", token }).pipe(
        Effect.catchIf(isAuthenticationError, () =>
          Effect.gen(function*() {
            yield* Effect.annotateCurrentSpan("livechat.bot_token_reissued", true)
            yield* Effect.logInfo("LiveChat refused the bot token; issuing a new one").pipe(
              Effect.annotateLogs({ botId: identity.botId, operation: spec.operation })
            )
            yield* tokens.invalidate(identity.botId, token)
            const fresh = yield* tokens.get(identity.botId, issue)
            return yield* call(spec, input, { _tag: "BotToken", token: fresh })
          }))
      )
    })

    const asBot = (identity: BotIdentity): BotApi => ({
      botId: identity.botId,
      sendEvent: Effect.fn("LiveChatClient.sendEvent")(function*(input) {
        yield* Effect.annotateCurrentSpan({
          "livechat.event_type": input.event.type,
          "livechat.visibility": input.event.visibility ?? "all"
        })
        const sent = yield* asBotCall(identity, endpoints.sendEvent, input)
        return sent.event_id
      }),
      sendTypingIndicator: Effect.fn("LiveChatClient.sendTypingIndicator")(function*(input) {
        yield* asBotCall(identity, endpoints.sendTypingIndicator, input)
      }),
      sendThinkingIndicator: Effect.fn("LiveChatClient.sendThinkingIndicator")(function*(input) {
        yield* asBotCall(identity, endpoints.sendThinkingIndicator, input)
      }),
      transferChat: Effect.fn("LiveChatClient.transferChat")(function*(input) {
        yield* Effect.annotateCurrentSpan({
          "livechat.transfer_target": input.target?.type ?? "current_group",
          "livechat.ignore_agents_availability": input.ignoreAgentsAvailability ?? false
        })
        yield* asBotCall(identity, endpoints.transferChat, input)
      }),
      listAgentsForTransfer: Effect.fn("LiveChatClient.listAgentsForTransfer")(function*(chatId) {
        return yield* asBotCall(identity, endpoints.listAgentsForTransfer, { chatId })
      }),
      setRoutingStatus: Effect.fn("LiveChatClient.setRoutingStatus")(function*(status, agentId) {
        yield* Effect.annotateCurrentSpan("livechat.routing_status", status)
        yield* asBotCall(
          identity,
          endpoints.setRoutingStatus,
          agentId === undefined ? { status } : { status, agentId }
        )
      }),
      getChat: Effect.fn("LiveChatClient.getChat")(function*(chatId, threadId) {
        return yield* asBotCall(identity, endpoints.getChat, threadId === undefined ? { chatId } : { chatId, threadId })
      }),
      deactivateChat: Effect.fn("LiveChatClient.deactivateChat")(function*(chatId) {
        yield* asBotCall(identity, endpoints.deactivateChat, { chatId })
      })
    })

    return {
      settings: { apiUrl: settings.apiUrl, apiVersion: settings.apiVersion, clientId: settings.clientId },
      createBot,
      getBot,
      listBots,
      updateBot,
      deleteBot,
      issueBotToken,
      registerWebhook,
      listWebhooks,
      unregisterWebhook,
      enableLicenseWebhooks,
      listGroups,
      listRoutingStatuses,
      asBot
    } as const
  })
}) {}
