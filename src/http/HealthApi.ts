/** Liveness and readiness for orchestrators and the README's "is it up?" check. */
import { HttpApi, HttpApiBuilder, HttpApiEndpoint, HttpApiError, HttpApiGroup, HttpLayerRouter } from "@effect/platform"
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"

const Status = Schema.Struct({ status: Schema.Literal("ok") })

export class HealthGroup extends HttpApiGroup.make("health")
  .add(HttpApiEndpoint.get("live", "/healthz").addSuccess(Status))
  .add(HttpApiEndpoint.get("ready", "/readyz").addSuccess(Status).addError(HttpApiError.ServiceUnavailable))
{}

export class HealthApi extends HttpApi.make("fitmate").add(HealthGroup) {}

const HealthHandlers = HttpApiBuilder.group(HealthApi, "health", (handlers) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    return handlers
      .handle("live", () => Effect.succeed({ status: "ok" as const }))
      .handle("ready", () =>
        sql`SELECT 1`.pipe(
          Effect.as({ status: "ok" as const }),
          Effect.mapError(() => new HttpApiError.ServiceUnavailable())
        ))
  }))

export const HealthRoutes = HttpLayerRouter.addHttpApi(HealthApi).pipe(Layer.provide(HealthHandlers))
