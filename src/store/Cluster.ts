/**
 * The durable per-chat processing runtime: @effect/cluster on one runner (`SingleRunner`'s composition).
 *
 * - Message storage is SQL on both backends: a persisted send returns once its row is stored, a duplicate
 *   primary key is stored once and run once, and unprocessed rows survive a restart.
 * - Runner storage (shard locks) is in memory on the embedded PGlite: the SQL runner storage reserves a
 *   connection for its advisory locks forever, which starves PGlite's single connection (startup hangs).
 *   On a PostgreSQL server it is SQL, so a second process on the same database cannot run the same shards.
 *
 * This is `SingleRunner.layer` with one change: the sharding config is given explicitly instead of being read
 * from the environment. `SingleRunner.layer` reads generic names (`HOST`, `PORT`, `SHARDS_PER_GROUP`, ...), so an
 * HTTP server's `PORT` would silently become the runner port. Our settings are `CLUSTER_RUNNER_HOST` and
 * `CLUSTER_RUNNER_PORT`. `shardsPerGroup` stays at the default (300) — it is stored in every message row and must
 * never change once messages exist.
 */
import type { MessageStorage } from "@effect/cluster"
import {
  RunnerAddress,
  RunnerHealth,
  Runners,
  RunnerStorage,
  Sharding,
  ShardingConfig,
  SqlMessageStorage,
  SqlRunnerStorage
} from "@effect/cluster"
import type { SqlClient } from "@effect/sql"
import type { ConfigError } from "effect"
import { Config, Effect, Layer, Option } from "effect"
import { DatabaseKind } from "./DatabaseKind.js"

export type Cluster = Sharding.Sharding | Runners.Runners | MessageStorage.MessageStorage

export interface ClusterOptions {
  readonly runnerStorage: "memory" | "sql"
  readonly runnerAddress: RunnerAddress.RunnerAddress
  /** Other sharding settings (tests shorten intervals); never `shardsPerGroup` once messages exist. */
  readonly sharding?: Partial<Omit<ShardingConfig.ShardingConfig["Type"], "runnerAddress">> | undefined
}

/** A single-runner cluster with explicit settings; nothing is read from the environment. */
export const makeCluster = (options: ClusterOptions): Layer.Layer<Cluster, never, SqlClient.SqlClient> =>
  Sharding.layer.pipe(
    Layer.provideMerge(Runners.layerNoop),
    Layer.provideMerge(SqlMessageStorage.layer),
    Layer.provide([
      options.runnerStorage === "memory" ? RunnerStorage.layerMemory : Layer.orDie(SqlRunnerStorage.layer),
      RunnerHealth.layerNoop
    ]),
    Layer.provide(
      ShardingConfig.layer({ ...options.sharding, runnerAddress: Option.some(options.runnerAddress) })
    )
  )

/** The cluster for the configured database: memory runner storage on the embedded PGlite, SQL on a server. */
export const ClusterLive: Layer.Layer<Cluster, ConfigError.ConfigError, SqlClient.SqlClient | DatabaseKind> = Layer
  .unwrapEffect(
    Effect.gen(function*() {
      const { kind } = yield* DatabaseKind
      const host = yield* Config.string("CLUSTER_RUNNER_HOST").pipe(Config.withDefault("localhost"))
      const port = yield* Config.port("CLUSTER_RUNNER_PORT").pipe(Config.withDefault(34431))
      return makeCluster({
        runnerStorage: kind === "embedded" ? "memory" : "sql",
        runnerAddress: RunnerAddress.make(host, port)
      })
    })
  )
