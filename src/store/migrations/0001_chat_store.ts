/**
 * Chat store: chats, threads (ownership lives per thread), messages, turns, hand-offs, leads, the outbox of
 * sent messages and dead letters. Every table that records a LiveChat event is unique on the LiveChat ids,
 * so a redelivered webhook or a re-run after a crash inserts nothing new.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  // The knowledge base matches part numbers with trigram indexes; PostgreSQL and PGlite both ship pg_trgm.
  yield* sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`

  yield* sql`
    CREATE TABLE chats (
      chat_id     text PRIMARY KEY,
      customer_id text,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    )`

  // seq orders a chat's threads by first sight, and the chat's current thread is the one seen last. Deriving it
  // (rather than storing a pointer) means a late webhook for an already known older thread can never make it current again.
  yield* sql`
    CREATE TABLE threads (
      chat_id          text NOT NULL REFERENCES chats (chat_id),
      thread_id        text NOT NULL,
      seq              bigserial NOT NULL,
      owner            text NOT NULL DEFAULT 'bot'
                       CHECK (owner IN ('bot', 'handing_off', 'human', 'fallback')),
      awaiting_email   boolean NOT NULL DEFAULT false,
      unresolved_turns integer NOT NULL DEFAULT 0 CHECK (unresolved_turns >= 0),
      customer_id      text,
      group_id         integer,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (chat_id, thread_id)
    )`
  yield* sql`CREATE INDEX threads_current_idx ON threads (chat_id, seq DESC)`

  // id gives the insert order of the transcript; created_at is LiveChat's event time. No foreign key to
  // threads: an agent's message can arrive for a thread whose start we never saw, and it must still be kept.
  yield* sql`
    CREATE TABLE messages (
      id          bigserial PRIMARY KEY,
      chat_id     text NOT NULL,
      thread_id   text NOT NULL,
      event_id    text NOT NULL,
      custom_id   text,
      author      text NOT NULL CHECK (author IN ('customer', 'bot', 'agent', 'system')),
      author_id   text,
      text        text NOT NULL,
      visibility  text NOT NULL CHECK (visibility IN ('all', 'agents')),
      created_at  timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (chat_id, event_id)
    )`
  yield* sql`CREATE INDEX messages_thread_idx ON messages (chat_id, thread_id, id)`

  yield* sql`
    CREATE TABLE turns (
      id         bigserial PRIMARY KEY,
      chat_id    text NOT NULL,
      thread_id  text NOT NULL,
      event_id   text NOT NULL,
      question   text NOT NULL,
      answer     text,
      citations  jsonb NOT NULL DEFAULT '[]'::jsonb,
      confidence double precision NOT NULL,
      decision   text NOT NULL
                 CHECK (decision IN ('answer', 'clarify', 'escalate', 'fallback', 'decline', 'ignored')),
      reason     text,
      latency_ms integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (chat_id, event_id)
    )`
  yield* sql`CREATE INDEX turns_thread_idx ON turns (chat_id, thread_id, id)`
  yield* sql`CREATE INDEX turns_created_idx ON turns (created_at)`

  // One row per step of a hand-off (transferred, then confirmed, ...), each once per triggering event.
  yield* sql`
    CREATE TABLE handoffs (
      id         bigserial PRIMARY KEY,
      chat_id    text NOT NULL,
      thread_id  text NOT NULL,
      event_id   text NOT NULL,
      reason     text NOT NULL,
      group_id   integer NOT NULL,
      outcome    text NOT NULL
                 CHECK (outcome IN ('transferred', 'queued', 'unavailable', 'confirmed', 'failed')),
      detail     text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (chat_id, event_id, outcome)
    )`
  yield* sql`CREATE INDEX handoffs_chat_idx ON handoffs (chat_id, id)`

  yield* sql`
    CREATE TABLE leads (
      id         bigserial PRIMARY KEY,
      chat_id    text NOT NULL,
      thread_id  text NOT NULL,
      email      text NOT NULL,
      transcript jsonb NOT NULL,
      reason     text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`
  // Addresses are case-insensitive in practice: "Ann@x.com" and "ann@x.com" are one lead.
  yield* sql`CREATE UNIQUE INDEX leads_unique_idx ON leads (chat_id, thread_id, lower(email))`
  yield* sql`CREATE INDEX leads_created_idx ON leads (created_at)`

  // Everything sent to LiveChat, keyed by the custom_id derived from the triggering event: a re-run after a
  // crash finds the row and does not send twice.
  yield* sql`
    CREATE TABLE outbox (
      custom_id  text PRIMARY KEY,
      chat_id    text NOT NULL,
      thread_id  text NOT NULL,
      event_id   text NOT NULL,
      kind       text NOT NULL CHECK (kind IN ('message', 'rich_message', 'note', 'transfer')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`

  yield* sql`
    CREATE TABLE dead_letters (
      id         bigserial PRIMARY KEY,
      entity     text NOT NULL,
      chat_id    text NOT NULL,
      event_id   text NOT NULL,
      payload    jsonb NOT NULL,
      error      text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (entity, event_id)
    )`
})
