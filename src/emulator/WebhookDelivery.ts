/**
 * Delivers webhooks over HTTP like LiveChat (§1.2): POST JSON, success = HTTP 200 within the timeout, otherwise
 * retried after each configured delay (default 3 retries within about a minute). Deliveries start in event
 * order (one dispatcher takes them off a queue); each then runs on its own fiber, owned by this service's scope,
 * so a slow receiver never holds up the next delivery and shutdown interrupts everything.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Clock, Context, Duration, Effect, FiberSet, Layer, Queue, Ref } from "effect"
import type { PendingDelivery } from "./Model.js"
import type { ResolvedOptions } from "./Options.js"
import { formatTimestamp } from "./Timestamps.js"

export interface DeliveryRecord {
  readonly webhookId: string
  readonly action: string
  readonly url: string
  /** 1 for the first try, 2.. for retries. */
  readonly attempt: number
  /** HTTP status, absent when the receiver could not be reached or did not answer in time. */
  readonly status?: number | undefined
  readonly ok: boolean
  readonly at: string
}

export interface WebhookBehaviour {
  /** Extra copies of each delivery (each retried on its own), to exercise receivers' de-duplication. */
  readonly duplicates?: number | undefined
  /** Pause before the first attempt of every delivery. */
  readonly delay?: Duration.DurationInput | undefined
}

export class WebhookDelivery extends Context.Tag("emulator/WebhookDelivery")<WebhookDelivery, {
  readonly enqueue: (deliveries: ReadonlyArray<PendingDelivery>) => Effect.Effect<void>
  readonly setBehaviour: (behaviour: WebhookBehaviour) => Effect.Effect<void>
  readonly log: Effect.Effect<ReadonlyArray<DeliveryRecord>>
}>() {
  static readonly layer = (options: Pick<ResolvedOptions, "webhookTimeout" | "webhookRetryDelays">) =>
    Layer.scoped(
      WebhookDelivery,
      Effect.gen(function*() {
        // Our trace ids are none of the receiver's business (and real LiveChat sends none).
        const client = (yield* HttpClient.HttpClient).pipe(HttpClient.withTracerPropagation(false))
        const queue = yield* Effect.acquireRelease(Queue.unbounded<PendingDelivery>(), (q) => Queue.shutdown(q))
        const running = yield* FiberSet.make<void>()
        const behaviour = yield* Ref.make<{ readonly duplicates: number; readonly delay: Duration.Duration }>({
          duplicates: 0,
          delay: Duration.zero
        })
        const records = yield* Ref.make<ReadonlyArray<DeliveryRecord>>([])
        const timeout = Duration.decode(options.webhookTimeout)
        const retryDelays = options.webhookRetryDelays.map((d) => Duration.decode(d))

        /** One POST; the status when the receiver answered in time, undefined otherwise. */
        const post = (delivery: PendingDelivery) =>
          client.execute(HttpClientRequest.post(delivery.url).pipe(HttpClientRequest.bodyUnsafeJson(delivery.body))).pipe(
            // Drain the body so the connection can be reused.
            Effect.flatMap((response) => Effect.as(Effect.ignore(response.arrayBuffer), response.status)),
            Effect.timeout(timeout),
            Effect.option,
            Effect.map((status) => (status._tag === "Some" ? status.value : undefined))
          )

        const attempt = Effect.fn("WebhookDelivery.attempt")(function*(delivery: PendingDelivery, number: number) {
          yield* Effect.annotateCurrentSpan({ "webhook.action": delivery.action, "webhook.attempt": number })
          const status = yield* post(delivery)
          const ok = status === 200
          const at = formatTimestamp(yield* Clock.currentTimeMillis)
          const record: DeliveryRecord = status === undefined
            ? { webhookId: delivery.webhookId, action: delivery.action, url: delivery.url, attempt: number, ok, at }
            : { webhookId: delivery.webhookId, action: delivery.action, url: delivery.url, attempt: number, status, ok, at }
          yield* Ref.update(records, (all) => [...all, record])
          return ok
        })

        const deliver = Effect.fn("WebhookDelivery.deliver")(function*(delivery: PendingDelivery, delay: Duration.Duration) {
          if (Duration.greaterThan(delay, Duration.zero)) yield* Effect.sleep(delay)
          for (let number = 1; number <= retryDelays.length + 1; number++) {
            if (yield* attempt(delivery, number)) return
            const pause = retryDelays[number - 1]
            if (pause !== undefined) yield* Effect.sleep(pause)
          }
        })

        const dispatch = Effect.fn("WebhookDelivery.dispatch")(function*(delivery: PendingDelivery) {
          const { delay, duplicates } = yield* Ref.get(behaviour)
          for (let copy = 0; copy <= duplicates; copy++) yield* FiberSet.run(running, deliver(delivery, delay))
        })

        yield* Effect.forkScoped(Effect.forever(Effect.flatMap(Queue.take(queue), (delivery) => dispatch(delivery))))

        const enqueue = Effect.fn("WebhookDelivery.enqueue")(function*(deliveries: ReadonlyArray<PendingDelivery>) {
          if (deliveries.length > 0) yield* Queue.offerAll(queue, deliveries)
        })
        const setBehaviour = Effect.fn("WebhookDelivery.setBehaviour")(function*(next: WebhookBehaviour) {
          yield* Ref.set(behaviour, {
            duplicates: Math.max(0, Math.floor(next.duplicates ?? 0)),
            delay: next.delay === undefined ? Duration.zero : Duration.decode(next.delay)
          })
        })
        return { enqueue, setBehaviour, log: Ref.get(records) }
      })
    )
}
