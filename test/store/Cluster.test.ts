/**
 * The cluster wiring on both databases, with a small test entity shaped like the chat entity (Persisted Rpc,
 * primary key = event id, `discard: true` sends): duplicates run once, one entity's messages run in send order
 * and one at a time, and different entities run in parallel. Also the retention job's SQL against the real tables.
 */
import { ClusterSchema, Entity, RunnerAddress } from "@effect/cluster"
import type { Sharding } from "@effect/cluster"
import { Rpc } from "@effect/rpc"
import { SqlClient } from "@effect/sql"
import { assert, describe, it, layer } from "@effect/vitest"
import { Context, Duration, Effect, Layer, PrimaryKey, Ref, Schedule, Schema } from "effect"
import type { Predicate } from "effect"
import { randomUUID } from "node:crypto"
import { ClusterLive, makeCluster } from "../../src/store/Cluster.js"
import { ClusterRetention, purgeClusterMessages } from "../../src/store/ClusterRetention.js"
import { DatabaseKind } from "../../src/store/DatabaseKind.js"
import { databases, persistentDatabase } from "../support/Databases.js"

class TestEvent extends Schema.Class<TestEvent>("TestEvent")({
  eventId: Schema.String,
  sleepMs: Schema.Number,
  /** Hold the handler until this many entities of the same group have started (proves parallelism). */
  awaitPeers: Schema.optionalWith(Schema.Struct({ group: Schema.String, count: Schema.Number }), { exact: true })
}) {
  [PrimaryKey.symbol]() {
    return this.eventId
  }
}

const TestChat = Entity.make("TestChat", [
  Rpc.make("Handle", { payload: TestEvent }).annotate(ClusterSchema.Persisted, true)
])

interface Entry {
  readonly entityId: string
  readonly eventId: string
  readonly phase: "start" | "end"
  readonly peersSeen?: number
}

class ExecutionLog extends Context.Tag("test/ExecutionLog")<ExecutionLog, {
  readonly entries: Ref.Ref<ReadonlyArray<Entry>>
  readonly started: Ref.Ref<ReadonlyMap<string, number>>
}>() {
  static readonly layer = Layer.effect(
    ExecutionLog,
    Effect.all({ entries: Ref.make<ReadonlyArray<Entry>>([]), started: Ref.make<ReadonlyMap<string, number>>(new Map()) })
  )
}

const TestChatLive = TestChat.toLayer(Effect.gen(function*() {
  const log = yield* ExecutionLog
  const append = (entry: Entry) => Ref.update(log.entries, (entries) => [...entries, entry])
  return TestChat.of({
    Handle: ({ address, payload }) =>
      Effect.gen(function*() {
        const entityId = address.entityId
        yield* append({ entityId, eventId: payload.eventId, phase: "start" })
        let peersSeen: number | undefined
        if (payload.awaitPeers !== undefined) {
          const { count, group } = payload.awaitPeers
          yield* Ref.update(log.started, (m) => new Map(m).set(group, (m.get(group) ?? 0) + 1))
          // Wait (bounded) until every peer has started: impossible if entities ran one after another.
          peersSeen = yield* pollUntil(
            Ref.get(log.started).pipe(Effect.map((m) => m.get(group) ?? 0)),
            (n) => n >= count,
            "30 seconds"
          ).pipe(Effect.orElseSucceed(() => -1))
        }
        yield* Effect.sleep(Duration.millis(payload.sleepMs))
        yield* append({
          entityId,
          eventId: payload.eventId,
          phase: "end",
          ...(peersSeen === undefined ? {} : { peersSeen })
        })
      })
  })
}))

/** Polls until `done` holds for the log (generous deadline: the machine is slow and shared). */
const waitForLog = (done: (entries: ReadonlyArray<Entry>) => boolean) =>
  Effect.gen(function*() {
    const log = yield* ExecutionLog
    return yield* pollUntil(Ref.get(log.entries), done, "60 seconds")
  })

const endsOf = (entries: ReadonlyArray<Entry>, entityId: string) =>
  entries.filter((e) => e.entityId === entityId && e.phase === "end").map((e) => e.eventId)

/** Re-runs `self` until its value satisfies `done`, returning that value. */
const pollUntil = <A, E, R>(self: Effect.Effect<A, E, R>, done: Predicate.Predicate<A>, deadline: Duration.DurationInput) =>
  self.pipe(
    Effect.filterOrFail(done, () => "not yet" as const),
    Effect.retry({ schedule: Schedule.spaced("50 millis"), while: (e) => e === "not yet" }),
    Effect.timeoutFail({ duration: deadline, onTimeout: () => new Error("timed out polling") })
  )

const freshEntity = (label: string) => `${label}-${randomUUID().slice(0, 8)}`

for (const database of databases) {
  describe(`Cluster on ${database.name}`, () => {
    const testLayer = TestChatLive.pipe(
      Layer.provideMerge(ClusterLive),
      Layer.provideMerge(ExecutionLog.layer),
      Layer.provideMerge(database.layer())
    )

    layer(testLayer, { timeout: "180 seconds", excludeTestServices: true })((it) => {
      it.effect("uses memory runner storage only on the embedded database", () =>
        Effect.gen(function*() {
          const { kind } = yield* DatabaseKind
          const sql = yield* SqlClient.SqlClient
          // SqlRunnerStorage creates cluster_runners; the memory storage does not touch the database.
          const tables = yield* sql<{ readonly name: string }>`
            SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE 'cluster_%'`
          const names = tables.map((t) => t.name)
          assert.include(names, "cluster_messages")
          assert.include(names, "cluster_replies")
          assert.strictEqual(names.includes("cluster_runners"), kind === "server")
        }))

      it.effect("stores a duplicate key once and runs it once, even when redelivered after it ran", () =>
        Effect.gen(function*() {
          const client = yield* TestChat.client
          const sql = yield* SqlClient.SqlClient
          const entityId = freshEntity("dup")
          const chat = client(entityId)
          const event = new TestEvent({ eventId: `${entityId}_1`, sleepMs: 100 })
          yield* chat.Handle(event, { discard: true })
          yield* chat.Handle(event, { discard: true })
          yield* chat.Handle(event, { discard: true })
          // A later event of the same entity runs after the duplicates would have: once it ends, they are settled.
          yield* chat.Handle(new TestEvent({ eventId: `${entityId}_2`, sleepMs: 0 }), { discard: true })
          yield* waitForLog((entries) => endsOf(entries, entityId).includes(`${entityId}_2`))

          yield* chat.Handle(event, { discard: true }) // a redelivery long after it was processed
          yield* chat.Handle(new TestEvent({ eventId: `${entityId}_3`, sleepMs: 0 }), { discard: true })
          const entries = yield* waitForLog((entries) => endsOf(entries, entityId).includes(`${entityId}_3`))

          assert.deepStrictEqual(endsOf(entries, entityId), [`${entityId}_1`, `${entityId}_2`, `${entityId}_3`])
          assert.strictEqual(entries.filter((e) => e.entityId === entityId && e.phase === "start").length, 3)
          // The stored message id is the dedupe key: entity type / entity id / tag / primary key.
          const stored = yield* sql<{ readonly messageId: string }>`
            SELECT message_id AS "messageId" FROM cluster_messages WHERE entity_id = ${entityId} ORDER BY id`
          assert.deepStrictEqual(stored.map((r) => r.messageId), [
            `TestChat/${entityId}/Handle/${entityId}_1`,
            `TestChat/${entityId}/Handle/${entityId}_2`,
            `TestChat/${entityId}/Handle/${entityId}_3`
          ])
        }))

      it.effect("runs one entity's messages in send order, one at a time", () =>
        Effect.gen(function*() {
          const client = yield* TestChat.client
          const entityId = freshEntity("order")
          const eventIds = Array.from({ length: 8 }, (_, i) => `${entityId}_${i + 1}`)
          for (const [i, eventId] of eventIds.entries()) {
            // Uneven handler times: a later message would overtake an earlier one if they overlapped.
            yield* client(entityId).Handle(new TestEvent({ eventId, sleepMs: (i % 3) * 40 }), { discard: true })
          }
          const entries = yield* waitForLog((entries) => endsOf(entries, entityId).length === eventIds.length)
          const mine = entries.filter((e) => e.entityId === entityId).map((e) => `${e.phase}:${e.eventId}`)
          assert.deepStrictEqual(mine, eventIds.flatMap((id) => [`start:${id}`, `end:${id}`]))
        }))

      it.effect("runs different entities in parallel", () =>
        Effect.gen(function*() {
          const client = yield* TestChat.client
          const group = randomUUID()
          const entityIds = [freshEntity("par"), freshEntity("par"), freshEntity("par")]
          for (const entityId of entityIds) {
            yield* client(entityId).Handle(
              new TestEvent({ eventId: `${entityId}_1`, sleepMs: 0, awaitPeers: { group, count: entityIds.length } }),
              { discard: true }
            )
          }
          const entries = yield* waitForLog((entries) =>
            entityIds.every((entityId) => endsOf(entries, entityId).length === 1)
          )
          const ends = entries.filter((e) => entityIds.includes(e.entityId) && e.phase === "end")
          // Each handler saw all three started while it was still running.
          assert.deepStrictEqual(ends.map((e) => e.peersSeen), [3, 3, 3])
        }))

      it.effect("purges processed messages and their replies older than the retention, per entity type", () =>
        Effect.gen(function*() {
          const client = yield* TestChat.client
          const sql = yield* SqlClient.SqlClient
          const entityId = freshEntity("purge")
          yield* client(entityId).Handle(new TestEvent({ eventId: `${entityId}_1`, sleepMs: 0 }), { discard: true })
          yield* waitForLog((entries) => endsOf(entries, entityId).length === 1)
          const count = (entity: string) =>
            sql<{ readonly n: number }>`
              SELECT count(*)::int AS n FROM cluster_messages WHERE entity_id = ${entity} AND processed`.pipe(
              Effect.map((rows) => rows[0]?.n ?? 0)
            )
          // The row is marked processed when the handler's reply is saved, just after the handler ends.
          assert.strictEqual(yield* pollUntil(count(entityId), (n) => n > 0, "30 seconds"), 1)

          // Nothing is a week old yet, and other entity types are never touched.
          assert.strictEqual(yield* purgeClusterMessages({ entityType: "TestChat", olderThan: Duration.days(7) }), 0)
          assert.strictEqual(yield* purgeClusterMessages({ entityType: "ChatConversation", olderThan: 0 }), 0)

          const deleted = yield* purgeClusterMessages({ entityType: "TestChat", olderThan: 0 })
          assert.isAtLeast(deleted, 1)
          const left = yield* sql<{ readonly messages: number; readonly replies: number }>`
            SELECT (SELECT count(*)::int FROM cluster_messages WHERE entity_type = 'TestChat' AND processed) AS messages,
                   (SELECT count(*)::int FROM cluster_replies r
                    WHERE NOT EXISTS (SELECT 1 FROM cluster_messages m WHERE m.id = r.request_id)) AS replies`
          assert.deepStrictEqual(left[0], { messages: 0, replies: 0 })
        }))

      it.effect("the retention job removes week-old processed chat messages at start", () =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const entityId = freshEntity("old")
          const snowflake = (ageMillis: number, n: number) =>
            ((BigInt(Date.now() - ageMillis - Date.UTC(2025, 0, 1)) << 22n) + BigInt(n)).toString()
          const eightDays = 8 * 24 * 3600 * 1000
          const rows = [
            { id: snowflake(eightDays, 1), processed: true }, // purged
            { id: snowflake(eightDays, 2), processed: false }, // never processed: kept
            { id: snowflake(60_000, 3), processed: true } // recent: kept
          ]
          for (const [i, row] of rows.entries()) {
            yield* sql`
              INSERT INTO cluster_messages (id, message_id, shard_id, entity_type, entity_id, kind, tag, payload,
                                            processed, request_id)
              VALUES (${row.id}::bigint, ${`ChatConversation/${entityId}/HandleEvent/${i}`}, 'default:1',
                      'ChatConversation', ${entityId}, 0, 'HandleEvent', '{}', ${row.processed}, ${row.id}::bigint)`
            yield* sql`
              INSERT INTO cluster_replies (id, kind, request_id, payload)
              VALUES (${row.id}::bigint + 7, 0, ${row.id}::bigint, '{}')`
          }
          const remaining = sql<{ readonly id: string }>`
            SELECT id::text AS id FROM cluster_messages WHERE entity_id = ${entityId} ORDER BY id`.pipe(
            Effect.map((rows) => rows.map((r) => r.id))
          )
          yield* Effect.scoped(Effect.gen(function*() {
            yield* Layer.build(ClusterRetention)
            yield* pollUntil(remaining, (ids) => ids.length === 2, "30 seconds")
          }))
          assert.deepStrictEqual(yield* remaining, [rows[1]!.id, rows[2]!.id])
          const replies = yield* sql<{ readonly requestId: string }>`
            SELECT request_id::text AS "requestId" FROM cluster_replies
            WHERE request_id IN (${rows[0]!.id}::bigint, ${rows[1]!.id}::bigint, ${rows[2]!.id}::bigint)
            ORDER BY request_id`
          assert.deepStrictEqual(replies.map((r) => r.requestId), [rows[1]!.id, rows[2]!.id])
        }))
    })
  })
}

/** Records the start and then never finishes: the process is "stopped" mid-message. */
const StuckTestChatLive = TestChat.toLayer(Effect.gen(function*() {
  const log = yield* ExecutionLog
  return TestChat.of({
    Handle: ({ address, payload }) =>
      Ref.update(log.entries, (entries) => [...entries, {
        entityId: address.entityId,
        eventId: payload.eventId,
        phase: "start" as const
      }]).pipe(Effect.zipRight(Effect.never))
  })
}))

/** ClusterLive's wiring with a short termination timeout, so stopping with a stuck handler is quick. */
const RestartableCluster = Layer.unwrapEffect(Effect.map(DatabaseKind, ({ kind }) =>
  makeCluster({
    runnerStorage: kind === "embedded" ? "memory" : "sql",
    runnerAddress: RunnerAddress.make("localhost", 34431),
    sharding: { entityTerminationTimeout: Duration.seconds(1) }
  })))

for (const database of databases) {
  describe(`Cluster restart on ${database.name}`, () => {
    it.live("messages accepted before a stop run after the restart, in order, none lost", () =>
      Effect.gen(function*() {
        const open = yield* persistentDatabase(database.name)
        const log = yield* ExecutionLog.pipe(Effect.provide(ExecutionLog.layer))
        const logLayer = Layer.succeed(ExecutionLog, log)
        const entityId = freshEntity("restart")
        const eventIds = [1, 2, 3].map((n) => `${entityId}_${n}`)
        /** One "process lifetime": database, cluster and entity up, `body` runs, everything shut down. */
        const run = <A, E>(
          entity: Layer.Layer<never, never, ExecutionLog | Sharding.Sharding>,
          body: Effect.Effect<A, E, Sharding.Sharding | ExecutionLog>
        ) =>
          Effect.provide(
            body,
            entity.pipe(
              Layer.provideMerge(RestartableCluster),
              Layer.provideMerge(logLayer),
              Layer.provideMerge(open())
            )
          )

        yield* run(StuckTestChatLive, Effect.gen(function*() {
          const client = yield* TestChat.client
          for (const eventId of eventIds) {
            yield* client(entityId).Handle(new TestEvent({ eventId, sleepMs: 0 }), { discard: true })
          }
          yield* waitForLog((entries) => entries.some((e) => e.entityId === entityId && e.phase === "start"))
        }))

        const entries = yield* run(
          TestChatLive,
          waitForLog((entries) => endsOf(entries, entityId).length === eventIds.length)
        )
        const mine = entries.filter((e) => e.entityId === entityId).map((e) => `${e.phase}:${e.eventId}`)
        // The interrupted first message runs again (at-least-once), then the rest, in order.
        assert.deepStrictEqual(mine, [`start:${eventIds[0]}`, ...eventIds.flatMap((id) => [`start:${id}`, `end:${id}`])])
      }).pipe(Effect.scoped), { timeout: 180_000 })
  })
}
