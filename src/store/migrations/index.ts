/**
 * Every migration, in order. Keys are `NNNN_name` (the number is the migration id stored in
 * `effect_sql_migrations`); values are the migration effects. Append new migrations at the end; never
 * edit or renumber one that has shipped.
 */
import type { SqlClient } from "@effect/sql"
import type { Effect } from "effect"
import chatStore from "./0001_chat_store.js"
import knowledge from "./0002_knowledge.js"
import botIdentity from "./0003_bot_identity.js"

export const migrations: Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>> = {
  "0001_chat_store": chatStore,
  "0002_knowledge": knowledge,
  "0003_bot_identity": botIdentity
}
