/**
 * Chats, per-thread ownership, transcripts, turns, hand-offs, leads, the outbox ledger and dead letters.
 *
 * Writes keyed on LiveChat ids are idempotent (`ON CONFLICT DO NOTHING`): a redelivered webhook or a re-run after
 * a crash changes nothing. Every method fails only with `StoreError`, which callers may retry.
 * The database layer is provided once at the edge (`DatabaseLive`), not bundled here.
 */
import { SqlClient } from "@effect/sql"
import { Effect, Option, Schema } from "effect"
import type { ChatId, EventId, GroupId, ThreadId, UserId } from "../domain/Ids.js"
import type { Citation, HandoffOutcome, MessageAuthor, Owner, SentKind, TurnDecision, Visibility } from "./ChatRecords.js"
import {
  SentRecord,
  StoredDeadLetter,
  StoredHandoff,
  StoredLead,
  StoredMessage,
  StoredTurn,
  ThreadState,
  TranscriptJson
} from "./ChatRecords.js"
import { StoreError } from "./StoreError.js"

export interface ThreadPatch {
  readonly owner?: Owner | undefined
  readonly awaitingEmail?: boolean | undefined
  readonly unresolvedTurns?: number | undefined
}

export interface NewMessage {
  readonly chatId: ChatId
  readonly threadId: ThreadId
  readonly eventId: EventId
  readonly customId?: string | undefined
  readonly author: MessageAuthor
  readonly authorId?: UserId | undefined
  readonly text: string
  readonly visibility: Visibility
  readonly createdAt: Date
}

export interface NewTurn {
  readonly chatId: ChatId
  readonly threadId: ThreadId
  readonly eventId: EventId
  readonly question: string
  readonly answer: Option.Option<string>
  readonly citations: ReadonlyArray<Citation>
  readonly confidence: number
  readonly decision: TurnDecision
  readonly reason: Option.Option<string>
  readonly latencyMs: number
}

export interface NewHandoff {
  readonly chatId: ChatId
  readonly threadId: ThreadId
  readonly eventId: EventId
  readonly reason: string
  readonly groupId: GroupId
  readonly outcome: HandoffOutcome
  readonly detail?: string | undefined
}

export interface NewLead {
  readonly chatId: ChatId
  readonly threadId: ThreadId
  readonly email: string
  readonly transcript: ReadonlyArray<StoredMessage>
  readonly reason: string
}

export interface NewSent {
  readonly customId: string
  readonly chatId: ChatId
  readonly threadId: ThreadId
  readonly eventId: EventId
  readonly kind: SentKind
}

export interface NewDeadLetter {
  readonly entity: string
  readonly chatId: string
  readonly eventId: string
  readonly payload: unknown
  readonly error: string
}

/** Maps any failure of a store operation (SqlError, a row that does not decode) to `StoreError`. */
const storeError = (operation: string) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.mapError(self, (cause) => new StoreError({ operation, cause }))

/** JSON for a jsonb parameter; a payload that cannot be serialised is kept as its description. */
const toJson = (value: unknown): string => {
  try {
    return JSON.stringify(value ?? null)
  } catch {
    return JSON.stringify({ unserializable: String(value) })
  }
}

const decodeThreads = Schema.decodeUnknown(Schema.Array(ThreadState))
const decodeMessages = Schema.decodeUnknown(Schema.Array(StoredMessage))
const decodeTurns = Schema.decodeUnknown(Schema.Array(StoredTurn))
const decodeHandoffs = Schema.decodeUnknown(Schema.Array(StoredHandoff))
const decodeLeads = Schema.decodeUnknown(Schema.Array(StoredLead))
const decodeSent = Schema.decodeUnknown(Schema.Array(SentRecord))
const decodeDeadLetters = Schema.decodeUnknown(Schema.Array(StoredDeadLetter))
const encodeTranscript = Schema.encode(TranscriptJson)

export class ChatStore extends Effect.Service<ChatStore>()("app/ChatStore", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    // Column lists aliased to the record fields, so rows decode straight into the record classes.
    const threadColumns = sql.literal(`
      chat_id AS "chatId", thread_id AS "threadId", owner, awaiting_email AS "awaitingEmail",
      unresolved_turns AS "unresolvedTurns", customer_id AS "customerId", group_id AS "groupId",
      created_at AS "createdAt", updated_at AS "updatedAt"`)
    const messageColumns = sql.literal(`
      chat_id AS "chatId", thread_id AS "threadId", event_id AS "eventId", custom_id AS "customId", author,
      author_id AS "authorId", text, visibility, created_at AS "createdAt"`)
    const turnColumns = sql.literal(`
      chat_id AS "chatId", thread_id AS "threadId", event_id AS "eventId", question, answer, citations,
      confidence, decision, reason, latency_ms AS "latencyMs", created_at AS "createdAt"`)
    const handoffColumns = sql.literal(`
      chat_id AS "chatId", thread_id AS "threadId", event_id AS "eventId", reason, group_id AS "groupId",
      outcome, detail, created_at AS "createdAt"`)
    const leadColumns = sql.literal(`
      chat_id AS "chatId", thread_id AS "threadId", email, transcript, reason, created_at AS "createdAt"`)
    const deadLetterColumns = sql.literal(`
      entity, chat_id AS "chatId", event_id AS "eventId", payload, error, created_at AS "createdAt"`)

    const selectThread = (chatId: ChatId, threadId: ThreadId) =>
      sql`SELECT ${threadColumns} FROM threads WHERE chat_id = ${chatId} AND thread_id = ${threadId}`.pipe(
        Effect.flatMap(decodeThreads),
        Effect.map((rows) => Option.fromNullable(rows[0]))
      )

    const thread = Effect.fn("ChatStore.thread")(
      function*(chatId: ChatId, threadId: ThreadId) {
        return yield* selectThread(chatId, threadId)
      },
      storeError("thread")
    )

    const currentThread = Effect.fn("ChatStore.currentThread")(
      function*(chatId: ChatId) {
        const rows = yield* sql`
          SELECT ${threadColumns} FROM threads WHERE chat_id = ${chatId} ORDER BY seq DESC LIMIT 1`.pipe(
          Effect.flatMap(decodeThreads)
        )
        return Option.fromNullable(rows[0])
      },
      storeError("currentThread")
    )

    /**
     * A new thread starts with the bot and becomes the chat's current thread (threads are ordered by first
     * sight). A known thread — current or older — keeps its state; only a missing customer or group is filled in.
     */
    const threadStarted = Effect.fn("ChatStore.threadStarted")(
      function*(input: {
        readonly chatId: ChatId
        readonly threadId: ThreadId
        readonly customerId?: UserId | undefined
        readonly groupId?: GroupId | undefined
      }) {
        const customerId = input.customerId ?? null
        const groupId = input.groupId ?? null
        const state = yield* Effect.gen(function*() {
          yield* sql`
            INSERT INTO chats (chat_id, customer_id) VALUES (${input.chatId}, ${customerId})
            ON CONFLICT (chat_id) DO NOTHING`
          const inserted = yield* sql`
            INSERT INTO threads (chat_id, thread_id, customer_id, group_id)
            VALUES (${input.chatId}, ${input.threadId}, ${customerId}, ${groupId})
            ON CONFLICT (chat_id, thread_id) DO NOTHING
            RETURNING 1 AS inserted`
          if (inserted.length > 0) {
            yield* sql`
              UPDATE chats SET updated_at = now(), customer_id = COALESCE(${customerId}::text, customer_id)
              WHERE chat_id = ${input.chatId}`
          } else if (customerId !== null || groupId !== null) {
            yield* sql`
              UPDATE threads
              SET customer_id = COALESCE(customer_id, ${customerId}::text),
                  group_id = COALESCE(group_id, ${groupId}::integer)
              WHERE chat_id = ${input.chatId} AND thread_id = ${input.threadId}
                AND ((customer_id IS NULL AND ${customerId}::text IS NOT NULL)
                  OR (group_id IS NULL AND ${groupId}::integer IS NOT NULL))`
          }
          return yield* selectThread(input.chatId, input.threadId)
        }).pipe(sql.withTransaction)
        yield* Effect.annotateCurrentSpan({ "store.thread.owner": Option.isSome(state) ? state.value.owner : "none" })
        if (Option.isNone(state)) {
          return yield* Effect.fail(new Error("thread not found right after it was stored"))
        }
        return state.value
      },
      storeError("threadStarted")
    )

    const updateThread = Effect.fn("ChatStore.updateThread")(
      function*(chatId: ChatId, threadId: ThreadId, patch: ThreadPatch) {
        const rows = yield* sql`
          UPDATE threads
          SET owner = COALESCE(${patch.owner ?? null}::text, owner),
              awaiting_email = COALESCE(${patch.awaitingEmail ?? null}::boolean, awaiting_email),
              unresolved_turns = COALESCE(${patch.unresolvedTurns ?? null}::integer, unresolved_turns),
              updated_at = now()
          WHERE chat_id = ${chatId} AND thread_id = ${threadId}
          RETURNING ${threadColumns}`.pipe(Effect.flatMap(decodeThreads))
        return Option.fromNullable(rows[0])
      },
      storeError("updateThread")
    )

    const recordMessage = Effect.fn("ChatStore.recordMessage")(
      function*(m: NewMessage) {
        const rows = yield* sql`
          INSERT INTO messages (chat_id, thread_id, event_id, custom_id, author, author_id, text, visibility, created_at)
          VALUES (${m.chatId}, ${m.threadId}, ${m.eventId}, ${m.customId ?? null}, ${m.author},
                  ${m.authorId ?? null}, ${m.text}, ${m.visibility}, ${m.createdAt})
          ON CONFLICT (chat_id, event_id) DO NOTHING
          RETURNING 1 AS inserted`
        return rows.length > 0
      },
      storeError("recordMessage")
    )

    const transcript = Effect.fn("ChatStore.transcript")(
      function*(chatId: ChatId, threadId: ThreadId) {
        return yield* sql`
          SELECT ${messageColumns} FROM messages
          WHERE chat_id = ${chatId} AND thread_id = ${threadId}
          ORDER BY id`.pipe(Effect.flatMap(decodeMessages))
      },
      storeError("transcript")
    )

    const recordTurn = Effect.fn("ChatStore.recordTurn")(
      function*(t: NewTurn) {
        const rows = yield* sql`
          INSERT INTO turns (chat_id, thread_id, event_id, question, answer, citations, confidence, decision,
                             reason, latency_ms)
          VALUES (${t.chatId}, ${t.threadId}, ${t.eventId}, ${t.question}, ${Option.getOrNull(t.answer)},
                  ${toJson(t.citations.map((c) => ({ id: c.id, title: c.title })))}::jsonb, ${t.confidence},
                  ${t.decision}, ${Option.getOrNull(t.reason)}, ${Math.max(0, Math.round(t.latencyMs))})
          ON CONFLICT (chat_id, event_id) DO NOTHING
          RETURNING 1 AS inserted`
        return rows.length > 0
      },
      storeError("recordTurn")
    )

    const turns = Effect.fn("ChatStore.turns")(
      function*(chatId: ChatId, threadId: ThreadId) {
        return yield* sql`
          SELECT ${turnColumns} FROM turns WHERE chat_id = ${chatId} AND thread_id = ${threadId}
          ORDER BY id`.pipe(Effect.flatMap(decodeTurns))
      },
      storeError("turns")
    )

    const findSent = Effect.fn("ChatStore.findSent")(
      function*(customId: string) {
        const rows = yield* sql`
          SELECT custom_id AS "customId", event_id AS "eventId", chat_id AS "chatId"
          FROM outbox WHERE custom_id = ${customId}`.pipe(Effect.flatMap(decodeSent))
        return Option.fromNullable(rows[0])
      },
      storeError("findSent")
    )

    const recordSent = Effect.fn("ChatStore.recordSent")(
      function*(s: NewSent) {
        yield* sql`
          INSERT INTO outbox (custom_id, chat_id, thread_id, event_id, kind)
          VALUES (${s.customId}, ${s.chatId}, ${s.threadId}, ${s.eventId}, ${s.kind})
          ON CONFLICT (custom_id) DO NOTHING`
      },
      storeError("recordSent")
    )

    const recordHandoff = Effect.fn("ChatStore.recordHandoff")(
      function*(h: NewHandoff) {
        yield* Effect.annotateCurrentSpan({ "support.handoff.outcome": h.outcome })
        yield* sql`
          INSERT INTO handoffs (chat_id, thread_id, event_id, reason, group_id, outcome, detail)
          VALUES (${h.chatId}, ${h.threadId}, ${h.eventId}, ${h.reason}, ${h.groupId}, ${h.outcome},
                  ${h.detail ?? null})
          ON CONFLICT (chat_id, event_id, outcome) DO NOTHING`
      },
      storeError("recordHandoff")
    )

    const handoffs = Effect.fn("ChatStore.handoffs")(
      function*(chatId: ChatId) {
        return yield* sql`SELECT ${handoffColumns} FROM handoffs WHERE chat_id = ${chatId} ORDER BY id`.pipe(
          Effect.flatMap(decodeHandoffs)
        )
      },
      storeError("handoffs")
    )

    const recordLead = Effect.fn("ChatStore.recordLead")(
      function*(l: NewLead) {
        const transcript = yield* encodeTranscript(l.transcript)
        const rows = yield* sql`
          INSERT INTO leads (chat_id, thread_id, email, transcript, reason)
          VALUES (${l.chatId}, ${l.threadId}, ${l.email}, ${toJson(transcript)}::jsonb, ${l.reason})
          ON CONFLICT (chat_id, thread_id, lower(email)) DO NOTHING
          RETURNING 1 AS inserted`
        return rows.length > 0
      },
      storeError("recordLead")
    )

    const leads = Effect.fn("ChatStore.leads")(
      function*(filter?: { readonly chatId?: ChatId | undefined }) {
        const rows = filter?.chatId === undefined
          ? yield* sql`SELECT ${leadColumns} FROM leads ORDER BY id`
          : yield* sql`SELECT ${leadColumns} FROM leads WHERE chat_id = ${filter.chatId} ORDER BY id`
        return yield* decodeLeads(rows)
      },
      storeError("leads")
    )

    const recordDeadLetter = Effect.fn("ChatStore.recordDeadLetter")(
      function*(d: NewDeadLetter) {
        yield* sql`
          INSERT INTO dead_letters (entity, chat_id, event_id, payload, error)
          VALUES (${d.entity}, ${d.chatId}, ${d.eventId}, ${toJson(d.payload)}::jsonb, ${d.error})
          ON CONFLICT (entity, event_id) DO NOTHING`
      },
      storeError("recordDeadLetter")
    )

    const deadLetters = Effect.fn("ChatStore.deadLetters")(
      function*() {
        return yield* sql`SELECT ${deadLetterColumns} FROM dead_letters ORDER BY id`.pipe(
          Effect.flatMap(decodeDeadLetters)
        )
      },
      storeError("deadLetters")
    )

    return {
      threadStarted,
      currentThread,
      thread,
      updateThread,
      recordMessage,
      transcript,
      recordTurn,
      turns,
      findSent,
      recordSent,
      recordHandoff,
      handoffs,
      recordLead,
      leads,
      recordDeadLetter,
      deadLetters
    } as const
  })
}) {}
