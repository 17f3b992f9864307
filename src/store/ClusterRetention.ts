/**
 * Deletes processed cluster messages (and their replies) older than `CLUSTER_RETENTION_DAYS` (default 7), at
 * start and then every hour. @effect/cluster 0.60 has no retention of its own, so `cluster_messages` and
 * `cluster_replies` would otherwise grow forever.
 *
 * Only the chat entity ("ChatConversation") is cleaned: workflow or cron entities rely on their old rows.
 * The dedupe window equals the retention: a LiveChat redelivery arriving after its row was deleted runs again
 * (LiveChat stops retrying after hours, so days are plenty).
 */
import { MessageStorage } from "@effect/cluster"
import { SqlClient } from "@effect/sql"
import type { ConfigError } from "effect"
import { Cause, Clock, Config, Duration, Effect, Layer, Schedule } from "effect"

/** Row ids are snowflakes: `id >> 22` is milliseconds since this epoch (2025-01-01 UTC). */
const snowflakeEpochMillis = Date.UTC(2025, 0, 1)

/** Deleted per statement, so the single embedded connection is never held for long. */
const batchSize = 2000

/** Deletes processed messages of `entityType` older than `olderThan`, with their replies; returns the count. */
export const purgeClusterMessages = Effect.fn("ClusterRetention.purge")(function*(options: {
  readonly entityType: string
  readonly olderThan: Duration.DurationInput
}) {
  const sql = yield* SqlClient.SqlClient
  const now = yield* Clock.currentTimeMillis
  const cutoff = now - Duration.toMillis(options.olderThan) - snowflakeEpochMillis
  let total = 0
  while (true) {
    const rows = yield* sql<{ readonly deleted: number }>`
      WITH old AS (
        SELECT id FROM cluster_messages
        WHERE entity_type = ${options.entityType} AND processed AND (id >> 22) < ${cutoff}::bigint
        LIMIT ${batchSize}
      ), replies AS (
        DELETE FROM cluster_replies WHERE request_id IN (SELECT id FROM old)
      ), messages AS (
        DELETE FROM cluster_messages WHERE id IN (SELECT id FROM old) RETURNING id
      )
      SELECT count(*)::int AS deleted FROM messages`.pipe(sql.withTransaction)
    const deleted = rows[0]?.deleted ?? 0
    total += deleted
    if (deleted < batchSize) break
  }
  yield* Effect.annotateCurrentSpan({ "cluster.retention.deleted": total })
  return total
})

/**
 * The hourly job. Requires `MessageStorage` only so it starts after the cluster has created its tables.
 */
export const ClusterRetention: Layer.Layer<
  never,
  ConfigError.ConfigError,
  SqlClient.SqlClient | MessageStorage.MessageStorage
> = Layer.scopedDiscard(
  Effect.gen(function*() {
    yield* MessageStorage.MessageStorage
    const sql = yield* SqlClient.SqlClient
    const days = yield* Config.integer("CLUSTER_RETENTION_DAYS").pipe(
      Config.withDefault(7),
      Config.validate({ message: "CLUSTER_RETENTION_DAYS must be at least 1", validation: (n) => n >= 1 })
    )
    const purgeOnce = purgeClusterMessages({ entityType: "ChatConversation", olderThan: Duration.days(days) }).pipe(
      Effect.provideService(SqlClient.SqlClient, sql),
      Effect.tap((deleted) => deleted > 0 ? Effect.logInfo("cluster retention", { deleted }) : Effect.void),
      // A failed run is retried at the next hour; it must never stop the job.
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause) ? Effect.interrupt : Effect.logWarning("cluster retention failed", cause)
      )
    )
    yield* Effect.forkScoped(purgeOnce.pipe(Effect.repeat(Schedule.spaced(Duration.hours(1)))))
  })
)
