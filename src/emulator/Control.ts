/**
 * The control API over HTTP: `POST /control/<operation>` with the same operations and field names as the
 * in-process `Emulator` service, for demos, the customer page / agent console and processes that do not embed
 * the emulator. Durations are milliseconds or strings such as "2 seconds".
 */
import { HttpLayerRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Duration, Effect, Option, ParseResult, Schema } from "effect"
import { describeParseError } from "./Actions.js"
import { ApiError, errorBody, notFound, statusOf, validation } from "./ApiError.js"
import type { EmulatorError } from "./Emulator.js"
import { Operations } from "./Operations.js"
import { State } from "./State.js"

const DurationJson = Schema.transformOrFail(Schema.Union(Schema.NonNegative, Schema.String), Schema.DurationFromSelf, {
  strict: true,
  decode: (input, _, ast) =>
    Option.match(Duration.decodeUnknown(input), {
      onNone: () => ParseResult.fail(new ParseResult.Type(ast, input, "Expected milliseconds or a duration such as \"2 seconds\"")),
      onSome: (duration) => ParseResult.succeed(duration)
    }),
  encode: (duration) => ParseResult.succeed(Duration.toMillis(duration))
})

const ChatRef = Schema.Struct({ chatId: Schema.NonEmptyString })
const AgentRef = Schema.Struct({ agentId: Schema.NonEmptyString })
const Empty = Schema.Struct({})

const StartChat = Schema.Struct({
  customerName: Schema.optional(Schema.String),
  customerEmail: Schema.optional(Schema.String),
  groupId: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  text: Schema.optional(Schema.String)
})
const CustomerMessage = Schema.Struct({
  chatId: Schema.NonEmptyString,
  text: Schema.NonEmptyString,
  postback: Schema.optional(Schema.Struct({ id: Schema.String, eventId: Schema.String, value: Schema.optional(Schema.String) }))
})
const NewThread = Schema.Struct({ chatId: Schema.NonEmptyString, text: Schema.optional(Schema.String) })
const AgentLogin = Schema.Struct({
  agentId: Schema.NonEmptyString,
  name: Schema.optional(Schema.String),
  groups: Schema.optional(Schema.Array(Schema.Int.pipe(Schema.nonNegative()))),
  accepting: Schema.optional(Schema.Boolean),
  maxChats: Schema.optional(Schema.Int.pipe(Schema.positive()))
})
const AgentAccepting = Schema.Struct({ agentId: Schema.NonEmptyString, accepting: Schema.Boolean })
const AgentMessage = Schema.Struct({
  agentId: Schema.NonEmptyString,
  chatId: Schema.NonEmptyString,
  text: Schema.NonEmptyString,
  visibility: Schema.optional(Schema.Literal("all", "agents"))
})
const Transcript = Schema.Struct({ chatId: Schema.NonEmptyString, as: Schema.optionalWith(Schema.Literal("customer", "agent"), { default: () => "agent" as const }) })
const InjectFault = Schema.Struct({
  action: Schema.NonEmptyString,
  kind: Schema.Literal("internal", "service_unavailable", "too_many_requests", "timeout"),
  times: Schema.optionalWith(Schema.Int.pipe(Schema.positive()), { default: () => 1 }),
  processed: Schema.optional(Schema.Boolean),
  delay: Schema.optional(DurationJson)
})
const WebhookBehaviour = Schema.Struct({
  duplicates: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  delay: Schema.optional(DurationJson)
})

type Handler = (body: unknown) => Effect.Effect<unknown, ApiError | EmulatorError>

const operation = <A, I>(schema: Schema.Schema<A, I>, run: (input: A) => Effect.Effect<unknown, ApiError | EmulatorError>): Handler =>
(body) =>
  Schema.decodeUnknown(schema, { errors: "all" })(body).pipe(
    Effect.mapError((error) => validation(describeParseError(error))),
    Effect.flatMap(run)
  )

export const ControlRoutes = HttpLayerRouter.use(Effect.fnUntraced(function*(router) {
  const ops = yield* Operations
  const { options } = yield* State

  const operations: Readonly<Record<string, Handler>> = {
    credentials: operation(Empty, () =>
      Effect.succeed({
        organizationId: options.organizationId,
        accountId: options.accountId,
        pat: options.pat,
        clientId: options.clientId
      })),
    startChat: operation(StartChat, (input) => ops.startChat(input)),
    sendCustomerMessage: operation(CustomerMessage, (input) => ops.sendCustomerMessage(input)),
    startNewThread: operation(NewThread, (input) => ops.startNewThread(input)),
    closeChat: operation(ChatRef, ({ chatId }) => ops.closeChat(chatId)),
    agentLogin: operation(AgentLogin, (input) => ops.agentLogin(input)),
    agentLogout: operation(AgentRef, ({ agentId }) => ops.agentLogout(agentId)),
    setAgentAccepting: operation(AgentAccepting, ({ accepting, agentId }) => ops.setAgentAccepting(agentId, accepting)),
    agentSendMessage: operation(AgentMessage, (input) => ops.agentSendMessage(input)),
    transcript: operation(Transcript, ({ as, chatId }) => ops.transcript(chatId, as)),
    chat: operation(ChatRef, ({ chatId }) => ops.chat(chatId)),
    chats: operation(Empty, () => ops.chats),
    indicator: operation(ChatRef, ({ chatId }) => Effect.map(ops.indicator(chatId), (indicator) => ({ indicator: indicator ?? null }))),
    deliveries: operation(Empty, () => ops.deliveries),
    injectFault: operation(InjectFault, (fault) => ops.injectFault(fault)),
    setWebhookBehaviour: operation(WebhookBehaviour, (behaviour) => ops.setWebhookBehaviour(behaviour)),
    expireBotTokens: operation(Empty, () => ops.expireBotTokens)
  }

  const respondError = (error: ApiError | EmulatorError) =>
    HttpServerResponse.unsafeJson(errorBody(error), { status: statusOf(error.type) })

  yield* router.add("POST", "/control/:operation", Effect.fn("EmulatorControl.request")(function*(request: HttpServerRequest.HttpServerRequest) {
    const name = (yield* HttpLayerRouter.params).operation ?? ""
    yield* Effect.annotateCurrentSpan({ "emulator.operation": name })
    const run = operations[name]
    if (run === undefined) return respondError(notFound(`Unknown control operation \`${name}\``))
    const text = yield* Effect.orElseSucceed(request.text, () => "")
    const body = yield* Effect.try({
      try: (): unknown => (text.trim() === "" ? {} : JSON.parse(text)),
      catch: () => validation("Malformed JSON in request body")
    }).pipe(Effect.either)
    if (body._tag === "Left") return respondError(body.left)
    return yield* run(body.right).pipe(
      Effect.map((result) => HttpServerResponse.unsafeJson(result ?? {})),
      Effect.catchAll((error) => Effect.succeed(respondError(error)))
    )
  }))
}))
