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
import { webhookSignals } from "../conversation/WebhookSignals.js"
import type { UserId } from "../domain/Ids.js"
import { decodeWebhook, peekSecret, secretMatches } from "../livechat/Webhook.js"

/** What the route needs to know about the bot it serves. */
export class WebhookContext extends Context.Tag("app/WebhookContext")<WebhookContext, {
  readonly botId: UserId
  readonly secret: Redacted.Redacted<string>
  readonly maxBytes: number
}>() {}

class WrongSecret extends Data.TaggedError("WrongSecret") {}
class TooLarge extends Data.TaggedError("TooLarge") {}

const json = (status: number, body: Record<string, unknown>) => HttpServerResponse.unsafeJson(body, { status })

const isTooLarge = (cause: unknown) => cause instanceof Error && /maxBytes/i.test(cause.message)

export const WebhookRoute = HttpLayerRouter.use(Effect.fnUntraced(function*(router) {
  const context = yield* WebhookContext
  const chats = yield* ChatConversation.client
  const tooLarge = json(413, { error: `body larger than ${context.maxBytes} bytes` })

  const accept = Effect.fn("Webhook.livechat")(function*(request: HttpServerRequest.HttpServerRequest) {
    // Refuse by the declared length before reading, so the client gets a clean 413 (Node drains the unread body);
    // a body without a length is still cut off at the limit while it is read.
    if (Number(request.headers["content-length"] ?? 0) > context.maxBytes) return yield* new TooLarge()
    const body = yield* request.text.pipe(HttpServerRequest.withMaxBodySize(Option.some(context.maxBytes)))
    const secret = yield* peekSecret(body)
    if (!secretMatches(secret, context.secret)) return yield* new WrongSecret()

    const webhook = yield* decodeWebhook(body)
    const signals = webhookSignals(webhook, context.botId)
    yield* Effect.annotateCurrentSpan({
      "livechat.webhook.action": webhook.action,
      "support.signals": signals.length
    })
    // One at a time, in payload order: the entity stores them in this order and runs them in this order.
    for (const message of signals) {
      yield* chats(message.signal.chatId).HandleEvent(message, { discard: true })
    }
    return json(200, { status: "accepted", signals: signals.length })
  })

  yield* router.add("POST", "/livechat/webhook", (request) =>
    accept(request).pipe(
      Effect.catchTags({
        WrongSecret: () => Effect.succeed(json(401, { error: "invalid secret_key" })),
        TooLarge: () => Effect.succeed(tooLarge),
        WebhookDecodeError: (error) => Effect.succeed(json(400, { error: error.message })),
        RequestError: (error) =>
          Effect.succeed(
            isTooLarge(error.cause)
              ? tooLarge
              : json(400, { error: "could not read the request body" })
          ),
        PersistenceError: () => Effect.succeed(json(503, { error: "storage unavailable, retry later" })),
        MailboxFull: () => Effect.succeed(json(503, { error: "busy, retry later" })),
        AlreadyProcessingMessage: () => Effect.succeed(json(200, { status: "accepted", duplicate: true }))
      }),
      // Anything unforeseen: not stored, so let LiveChat retry rather than lose the event.
      Effect.catchAllCause((cause) =>
        Effect.logError("webhook not accepted", cause).pipe(Effect.as(json(503, { error: "not stored, retry later" })))
      )
    ), { uninterruptible: true })
}))
