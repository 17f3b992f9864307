/** Liveness, readiness and the processing backlog, for orchestrators, alerts and the README's "is it up?". */
import { HttpApi, HttpApiBuilder, HttpApiEndpoint, HttpApiError, HttpApiGroup, HttpLayerRouter } from "@effect/platform"
import { SqlClient } from "@effect/sql"
import { Clock, Effect, Layer, Schema } from "effect"

const Status = Schema.Struct({ status: Schema.Literal("ok") })

/** Accepted webhook messages not yet processed, and how long the oldest has waited (alert on both). */
export const Backlog = Schema.Struct({
  unprocessed: Schema.Int,
  oldestAgeSeconds: Schema.NullOr(Schema.Number)
})

export class HealthGroup extends HttpApiGroup.make("health")
  .add(HttpApiEndpoint.get("live", "/healthz").addSuccess(Status))
  .add(HttpApiEndpoint.get("ready", "/readyz").addSuccess(Status).addError(HttpApiError.ServiceUnavailable))
  .add(HttpApiEndpoint.get("backlog", "/ops/backlog").addSuccess(Backlog).addError(HttpApiError.ServiceUnavailable))
{}

export class HealthApi extends HttpApi.make("fitmate").add(HealthGroup) {}

// Cluster message ids are snowflakes: the top bits are milliseconds since 2025-01-01T00:00:00Z.
const snowflakeEpochMillis = 1_735_689_600_000

const BacklogRow = Schema.Struct({ unprocessed: Schema.NumberFromString, oldest: Schema.NullOr(Schema.NumberFromString) })

const HealthHandlers = HttpApiBuilder.group(HealthApi, "health", (handlers) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const unavailable = () => new HttpApiError.ServiceUnavailable()
    const backlog = Effect.gen(function*() {
      const rows = yield* sql`
        SELECT count(*)::text AS unprocessed, ((min(id) >> 22) + ${snowflakeEpochMillis})::text AS oldest
        FROM cluster_messages WHERE processed = false AND entity_type = 'ChatConversation'`
      const row = yield* Schema.decodeUnknown(BacklogRow)(rows[0])
      const now = yield* Clock.currentTimeMillis
      return {
        unprocessed: row.unprocessed,
        oldestAgeSeconds: row.oldest === null ? null : Math.max(0, (now - row.oldest) / 1000)
      }
    })
    return handlers
      .handle("live", () => Effect.succeed({ status: "ok" as const }))
      .handle("ready", () => sql`SELECT 1`.pipe(Effect.as({ status: "ok" as const }), Effect.mapError(unavailable)))
      .handle("backlog", () => backlog.pipe(Effect.mapError(unavailable)))
  }))

export const HealthRoutes = HttpLayerRouter.addHttpApi(HealthApi).pipe(Layer.provide(HealthHandlers))
