/**
 * Decoding of LiveChat v3.6 webhook deliveries. The route calls, in this order:
 *
 *   1. `peekSecret(body)` + `secretMatches(peeked, configured)` — reject forgeries before trusting the payload;
 *   2. `decodeWebhook(body)` — a typed `Webhook`; unknown actions become `UnknownWebhook` (answer 200, ignore).
 *
 * Errors name the wrong fields but never echo values (payloads carry message text and e-mails).
 */
import { createHash, timingSafeEqual } from "node:crypto"
import { Effect, Either, Redacted, Schema } from "effect"
import { describeIssue } from "./DecodeIssues.js"
import { type KnownWebhook, type WebhookAction, webhookSchemas } from "./WebhookPayloads.js"

export * from "./WebhookPayloads.js"

/** The body is not JSON, or a known action has the wrong shape. The route answers 400. */
export class WebhookDecodeError extends Schema.TaggedError<WebhookDecodeError>()("WebhookDecodeError", {
  /** The envelope's action when it could be read. */
  action: Schema.optional(Schema.String),
  /** Human-readable; names fields, never values. */
  message: Schema.String
}) {}

/** A delivery for an action this code does not handle (new LiveChat actions, configuration webhooks…). */
export const UnknownWebhook = Schema.TaggedStruct("UnknownWebhook", {
  action: Schema.String,
  webhook_id: Schema.optional(Schema.String)
})
export type UnknownWebhook = typeof UnknownWebhook.Type

export type Webhook = KnownWebhook | UnknownWebhook

/** Just enough of the envelope to route a delivery. */
const EnvelopeHead = Schema.Struct({
  action: Schema.String,
  webhook_id: Schema.optional(Schema.String)
})

const SecretOnly = Schema.Struct({ secret_key: Schema.Redacted(Schema.String) })

const isAction = (action: string): action is WebhookAction => Object.hasOwn(webhookSchemas, action)

// JSON.parse messages quote the input ("…is not valid JSON"), so they are replaced, not forwarded.
const parseJson = (body: string): Either.Either<unknown, WebhookDecodeError> =>
  Either.try({
    try: () => JSON.parse(body) as unknown,
    catch: () => new WebhookDecodeError({ message: "the body is not valid JSON" })
  })

const decodeHead = Schema.decodeUnknownEither(EnvelopeHead)
const decodeSecret = Schema.decodeUnknownEither(SecretOnly)

/** Decode a webhook body. Unknown actions succeed as `UnknownWebhook`. */
export const decodeWebhook = Effect.fn("LiveChatWebhook.decode")(function*(body: string) {
  const json = yield* parseJson(body)
  const head = yield* decodeHead(json).pipe(
    Either.mapLeft((error) =>
      new WebhookDecodeError({ message: `not a LiveChat webhook envelope: ${describeIssue(error.issue)}` })
    )
  )
  yield* Effect.annotateCurrentSpan("livechat.webhook.action", head.action)
  if (!isAction(head.action)) {
    return UnknownWebhook.make({
      action: head.action,
      ...(head.webhook_id === undefined ? {} : { webhook_id: head.webhook_id })
    })
  }
  const schema: Schema.Schema<KnownWebhook, unknown> = webhookSchemas[head.action] as never
  return yield* Schema.decodeUnknownEither(schema)(json).pipe(
    Either.mapLeft((error) =>
      new WebhookDecodeError({
        action: head.action,
        message: `${head.action} webhook has the wrong shape: ${describeIssue(error.issue)}`
      })
    )
  )
})

/** Read only `secret_key`, so a forged delivery is rejected before its payload is decoded. */
export const peekSecret = Effect.fn("LiveChatWebhook.peekSecret")(function*(body: string) {
  const json = yield* parseJson(body)
  const { secret_key } = yield* decodeSecret(json).pipe(
    Either.mapLeft((error) => new WebhookDecodeError({ message: `no usable secret_key: ${describeIssue(error.issue)}` }))
  )
  return secret_key
})

const digest = (secret: Redacted.Redacted<string>): Buffer =>
  createHash("sha256").update(Redacted.value(secret), "utf8").digest()

/**
 * Constant-time comparison. Both sides are hashed first, so the buffers always have the same length and a
 * length difference does not short-circuit on content.
 */
export const secretMatches = (a: Redacted.Redacted<string>, b: Redacted.Redacted<string>): boolean =>
  timingSafeEqual(digest(a), digest(b))
