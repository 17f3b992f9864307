/**
 * Guards the emulator's `World`: every read or change runs under one lock, uninterruptibly, so concurrent
 * requests cannot interleave half-done changes. Webhooks decided during a change are handed to the dispatcher
 * before the lock is released, which keeps deliveries in event order.
 */
import { Clock, Context, Effect, Layer } from "effect"
import type { ResolvedOptions } from "./Options.js"
import { WebhookDelivery } from "./WebhookDelivery.js"
import { World } from "./World.js"

export class State extends Context.Tag("emulator/State")<State, {
  readonly options: ResolvedOptions
  readonly transact: <A, E>(change: (world: World) => Effect.Effect<A, E>) => Effect.Effect<A, E>
}>() {
  static readonly layer = (options: ResolvedOptions) =>
    Layer.effect(
      State,
      Effect.gen(function*() {
        const delivery = yield* WebhookDelivery
        const world = new World(options)
        const lock = yield* Effect.makeSemaphore(1)
        const flush = Effect.suspend(() => {
          const outbox = world.outbox
          world.outbox = []
          return delivery.enqueue(outbox)
        })
        const transact = <A, E>(change: (world: World) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
          lock.withPermits(1)(
            Effect.gen(function*() {
              world.now = yield* Clock.currentTimeMillis
              return yield* Effect.ensuring(Effect.suspend(() => change(world)), flush)
            }).pipe(Effect.uninterruptible)
          )
        return { options, transact }
      })
    )
}
