/**
 * The LiveChat bot this deployment created, so a restart reuses it instead of creating another. One row per
 * API base URL (the emulator and a real licence never share a bot). The secret is a credential: treat the
 * database like the rest of the bot's secrets.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE TABLE IF NOT EXISTS bot_identity (
      api_url text PRIMARY KEY,
      bot_id text NOT NULL,
      bot_secret text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`
})
