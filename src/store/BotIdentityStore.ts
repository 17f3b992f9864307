/** Remembers the bot created for a LiveChat API, so restarts reuse it (see migration 0003). */
import { SqlClient } from "@effect/sql"
import { Effect, Option, Redacted } from "effect"
import { UserId } from "../domain/Ids.js"
import { BotIdentity } from "../livechat/BotIdentity.js"
import { StoreError } from "./StoreError.js"

export class BotIdentityStore extends Effect.Service<BotIdentityStore>()("app/BotIdentityStore", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const load = Effect.fn("BotIdentityStore.load")(
      function*(apiUrl: string) {
        const rows = yield* sql<{ botId: string; botSecret: string }>`
          SELECT bot_id AS "botId", bot_secret AS "botSecret" FROM bot_identity WHERE api_url = ${apiUrl}`
        return Option.map(
          Option.fromNullable(rows[0]),
          (row) => new BotIdentity({ botId: UserId.make(row.botId), botSecret: Redacted.make(row.botSecret) })
        )
      },
      Effect.mapError((cause) => new StoreError({ operation: "BotIdentityStore.load", cause }))
    )

    const save = Effect.fn("BotIdentityStore.save")(
      function*(apiUrl: string, identity: BotIdentity) {
        yield* sql`
          INSERT INTO bot_identity (api_url, bot_id, bot_secret)
          VALUES (${apiUrl}, ${identity.botId}, ${Redacted.value(identity.botSecret)})
          ON CONFLICT (api_url) DO UPDATE SET bot_id = EXCLUDED.bot_id, bot_secret = EXCLUDED.bot_secret, updated_at = now()`
      },
      Effect.mapError((cause) => new StoreError({ operation: "BotIdentityStore.save", cause }))
    )

    return { load, save } as const
  })
}) {}
