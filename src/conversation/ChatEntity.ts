/**
 * One durable entity per chat (@effect/cluster): messages are persisted before the webhook is acknowledged,
 * deduplicated by their primary key, and run one at a time in arrival order.
 *
 * The handler is total. Transient failures are retried in place — the chat waits, so order holds — and anything
 * else is written to the dead-letter table and the handler succeeds: a defect would make the cluster retry the
 * message later, after the chat's newer messages (see docs/adr/0002-durable-processing.md).
 */
import { ClusterSchema, Entity } from "@effect/cluster"
import { Rpc } from "@effect/rpc"
import { Cause, Config, Duration, Effect, Option, Schedule } from "effect"
import { ChatStore } from "../store/ChatStore.js"
import { ChatSignalMessage } from "./ChatSignal.js"
import { Conversation } from "./Conversation.js"
import { conversationKey } from "./ConversationKey.js"
import { parentSpan } from "./TraceContext.js"
import { conversationAttributes, SpanName, Support } from "../telemetry/Attributes.js"

/** Persisted names: the entity type and Rpc tag are part of every stored message id. Never rename. */
export const ChatConversation = Entity.make("ChatConversation", [
  Rpc.make("HandleEvent", { payload: ChatSignalMessage }).annotate(ClusterSchema.Persisted, true)
])

const isTransient = (error: { readonly _tag: string; readonly transient?: boolean }) =>
  error._tag === "StoreError" || error.transient === true

export const ChatConversationLive = ChatConversation.toLayer(
  Effect.gen(function*() {
    const conversation = yield* Conversation
    const store = yield* ChatStore
    const keyOf = yield* Effect.orDie(conversationKey)
    // Entity layers cannot fail while building; a bad setting is a start-up defect.
    const retries = yield* Config.integer("PROCESSING_MAX_RETRIES").pipe(Config.withDefault(6), Effect.orDie)
    const retryPolicy = Schedule.exponential("500 millis", 2).pipe(
      Schedule.union(Schedule.spaced("30 seconds")), // cap the wait between attempts
      Schedule.jittered,
      Schedule.intersect(Schedule.recurs(retries))
    )

    const deadLetter = (message: ChatSignalMessage, cause: Cause.Cause<unknown>) =>
      store.recordDeadLetter({
        entity: "ChatConversation",
        chatId: message.signal.chatId,
        eventId: message.key,
        payload: { tag: message.signal._tag, key: message.key },
        error: Cause.pretty(cause, { renderErrorCause: true }).slice(0, 4000)
      }).pipe(
        Effect.zipRight(
          message.signal._tag === "CustomerMessage"
            ? conversation.apologise(message.signal).pipe(Effect.ignore)
            : Effect.void
        ),
        Effect.zipRight(Effect.logError("chat signal dead-lettered", { signal: message.signal._tag })),
        // If even the dead-letter write fails, log and move on: the chat's order matters more than this record.
        Effect.catchAll((error) => Effect.logError("dead letter could not be recorded", { error: error._tag }))
      )

    return ChatConversation.of({
      HandleEvent: ({ payload }) =>
        conversation.process(payload.signal).pipe(
          Effect.retry({ schedule: retryPolicy, while: isTransient }),
          Effect.catchAllCause((cause) => Cause.isInterruptedOnly(cause) ? Effect.interrupt : deadLetter(payload, cause)),
          Effect.annotateLogs({ signal: payload.signal._tag }),
          // Every span of the turn carries the chat's pseudonym, never the chat id.
          Effect.annotateSpans(conversationAttributes(keyOf(payload.signal.chatId))),
          Effect.withSpan(SpanName.ChatHandle, {
            attributes: { [Support.Signal]: payload.signal._tag },
            // A child of the webhook that accepted it: one trace per turn, across the persisted hop.
            ...Option.match(parentSpan(payload.traceparent), { onNone: () => ({}), onSome: (parent) => ({ parent }) })
          })
        )
    })
  }),
  { maxIdleTime: Duration.minutes(10) }
)
