/**
 * `POST /livechat/webhook`: verify → decode → persist → 200. The chat work happens later in the chat's entity,
 * so the answer comes well inside LiveChat's ~10 s window, and nothing is acknowledged before it is stored.
 *
 *   wrong secret → 401 (nothing stored) · not JSON / wrong shape → 400 · too large → 413
 *   unknown action → 200 (ignored) · storage unavailable → 503 (LiveChat retries)
 */
import { HttpLayerRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Context, Data, Effect, Option, type Redacted } from "effect"
import { ChatConversation } from "../conversation/ChatEntity.js"
import { ChatSignalMessage } from "../conversation/ChatSignal.js"
import { conversationKey } from "../conversation/ConversationKey.js"
import { currentTraceparent } from "../conversation/TraceContext.js"
import { webhookSignals } from "../conversation/WebhookSignals.js"
import type { UserId } from "../domain/Ids.js"
import { decodeWebhook, peekSecret, secretMatches } from "../livechat/Webhook.js"
import { SpanName, Support, WebhookOutcome } from "../telemetry/Attributes.js"
import { recordWebhook } from "../telemetry/Metrics.js"

/** What the route needs to know about the bot it serves. */
export class WebhookContext extends Context.Tag("app/WebhookContext")<WebhookContext, {
  readonly botId: UserId
  readonly secret: Redacted.Redacted<string>
  readonly maxBytes: number
}>() {}

class WrongSecret extends Data.TaggedError("WrongSecret") {}
class TooLarge extends Data.TaggedError("TooLarge") {}

const json = (status: number, body: Record<string, unknown>) => HttpServerResponse.unsafeJson(body, { status })

const reply = (outcome: WebhookOutcome, response: HttpServerResponse.HttpServerResponse, action?: string) => ({
  outcome,
  response,
  action
})

const isTooLarge = (cause: unknown) => cause instanceof Error && /maxBytes/i.test(cause.message)

export const WebhookRoute = HttpLayerRouter.use(Effect.fnUntraced(function*(router) {
  const context = yield* WebhookContext
  const chats = yield* ChatConversation.client
  const keyOf = yield* Effect.orDie(conversationKey)
  const tooLarge = json(413, { error: `body larger than ${context.maxBytes} bytes` })

  const accept = Effect.fnUntraced(function*(request: HttpServerRequest.HttpServerRequest) {
    // Refuse by the declared length before reading, so the client gets a clean 413 (Node drains the unread body);
    // a body without a length is still cut off at the limit while it is read.
    if (Number(request.headers["content-length"] ?? 0) > context.maxBytes) return yield* new TooLarge()
    const body = yield* request.text.pipe(HttpServerRequest.withMaxBodySize(Option.some(context.maxBytes)))
    const secret = yield* peekSecret(body)
    if (!secretMatches(secret, context.secret)) return yield* new WrongSecret()

    const webhook = yield* decodeWebhook(body)
    const signals = webhookSignals(webhook, context.botId)
    yield* Effect.annotateCurrentSpan({ [Support.WebhookAction]: webhook.action, "support.signals": signals.length })
    // The processing continues this trace, even when it runs after a restart.
    const traceparent = Option.getOrUndefined(yield* currentTraceparent)
    // One at a time, in payload order: the entity stores them in this order and runs them in this order.
    for (const message of signals) {
      // Entities are addressed by the chat's pseudonym: the cluster puts entity ids into span names and attributes.
      yield* chats(keyOf(message.signal.chatId)).HandleEvent(
        traceparent === undefined ? message : new ChatSignalMessage({ ...message, traceparent }),
        { discard: true }
      )
    }
    return reply(
      signals.length > 0 ? WebhookOutcome.Accepted : WebhookOutcome.Ignored,
      json(200, { status: "accepted", signals: signals.length }),
      webhook.action
    )
  })

  const handle = (request: HttpServerRequest.HttpServerRequest) =>
    accept(request).pipe(
      Effect.catchTags({
        WrongSecret: () => Effect.succeed(reply(WebhookOutcome.Unauthorized, json(401, { error: "invalid secret_key" }))),
        TooLarge: () => Effect.succeed(reply(WebhookOutcome.TooLarge, tooLarge)),
        WebhookDecodeError: (error) =>
          Effect.succeed(reply(WebhookOutcome.Invalid, json(400, { error: error.message }), error.action)),
        RequestError: (error) =>
          Effect.succeed(
            isTooLarge(error.cause)
              ? reply(WebhookOutcome.TooLarge, tooLarge)
              : reply(WebhookOutcome.Invalid, json(400, { error: "could not read the request body" }))
          ),
        PersistenceError: () =>
          Effect.succeed(reply(WebhookOutcome.Unavailable, json(503, { error: "storage unavailable, retry later" }))),
        MailboxFull: () => Effect.succeed(reply(WebhookOutcome.Unavailable, json(503, { error: "busy, retry later" }))),
        AlreadyProcessingMessage: () =>
          Effect.succeed(reply(WebhookOutcome.Duplicate, json(200, { status: "accepted", duplicate: true })))
      }),
      // Anything unforeseen: not stored, so let LiveChat retry rather than lose the event.
      Effect.catchAllCause((cause) =>
        Effect.logError("webhook not accepted", cause).pipe(
          Effect.as(reply(WebhookOutcome.Unavailable, json(503, { error: "not stored, retry later" })))
        )
      ),
      Effect.tap(({ action, outcome }) =>
        Effect.zipRight(
          Effect.annotateCurrentSpan({ [Support.WebhookOutcome]: outcome }),
          recordWebhook({ outcome, action })
        )
      ),
      Effect.map(({ response }) => response),
      Effect.withSpan(SpanName.Webhook)
    )

  yield* router.add("POST", "/livechat/webhook", handle, { uninterruptible: true })
}))
