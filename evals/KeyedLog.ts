/** An append-only log per key (a chat, a conversation), read once: what the evals taps record while chats run. */
import { Effect, Ref } from "effect"

export interface KeyedLog<A> {
  readonly record: (key: string, entry: A) => Effect.Effect<void>
  /** Removes and returns the entries of one key, oldest first. */
  readonly take: (key: string) => Effect.Effect<ReadonlyArray<A>>
}

export const makeKeyedLog = <A>(): Effect.Effect<KeyedLog<A>> =>
  Effect.map(Ref.make<ReadonlyMap<string, ReadonlyArray<A>>>(new Map()), (log) => ({
    record: (key, entry) => Ref.update(log, (all) => new Map(all).set(key, [...(all.get(key) ?? []), entry])),
    take: (key) =>
      Ref.modify(log, (all) => {
        const next = new Map(all)
        next.delete(key)
        return [all.get(key) ?? [], next] as const
      })
  }))
