/**
 * Injected failures of the emulator's own API, for testing clients: the next `times` calls of an action answer
 * 5xx / 429, or hang longer than the client waits (optionally after applying the action anyway).
 */
import { Context, Duration, Effect, Layer, Option, Ref } from "effect"

export type FaultKind = "internal" | "service_unavailable" | "too_many_requests" | "timeout"

export interface Fault {
  readonly action: string
  readonly kind: FaultKind
  readonly times: number
  /** For "timeout": apply the action anyway, then hold the response (default false). */
  readonly processed?: boolean | undefined
  /** For "timeout": how long to hold the response (default 30 s); for others: a pause before answering. */
  readonly delay?: Duration.DurationInput | undefined
}

export interface ActiveFault {
  readonly kind: FaultKind
  readonly processed: boolean
  readonly delay: Duration.Duration
}

export class Faults extends Context.Tag("emulator/Faults")<Faults, {
  readonly inject: (fault: Fault) => Effect.Effect<void>
  /** Consumes one use of the first fault armed for this action. */
  readonly take: (action: string) => Effect.Effect<Option.Option<ActiveFault>>
}>() {
  static readonly layer = Layer.effect(
    Faults,
    Effect.gen(function*() {
      const armed = yield* Ref.make<ReadonlyArray<Fault>>([])
      const inject = Effect.fn("Faults.inject")(function*(fault: Fault) {
        if (fault.times <= 0) return
        yield* Ref.update(armed, (faults) => [...faults, fault])
      })
      const take = Effect.fn("Faults.take")(function*(action: string) {
        return yield* Ref.modify(armed, (faults): [Option.Option<ActiveFault>, ReadonlyArray<Fault>] => {
          const index = faults.findIndex((fault) => fault.action === action)
          if (index < 0) return [Option.none(), faults]
          const fault = faults[index]!
          const rest = fault.times > 1
            ? faults.map((f, i) => (i === index ? { ...f, times: f.times - 1 } : f))
            : faults.filter((_, i) => i !== index)
          const delay = fault.delay !== undefined
            ? Duration.decode(fault.delay)
            : fault.kind === "timeout"
            ? Duration.seconds(30)
            : Duration.zero
          return [Option.some({ kind: fault.kind, processed: fault.processed ?? false, delay }), rest]
        })
      })
      return { inject, take }
    })
  )
}
