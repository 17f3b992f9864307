/**
 * Sees what the answer engine returned for each turn without changing it: the scorer needs the draft (text with
 * citation markers, and the cited sources), which the customer only sees rendered.
 */
import { Context, Effect, Layer, Ref } from "effect"
import { AgentGraph, type TurnResult } from "../src/agents/AgentGraph.js"

export interface TappedTurn {
  readonly question: string
  readonly result: TurnResult
}

export class TurnLog extends Context.Tag("evals/TurnLog")<TurnLog, {
  /** Removes and returns the engine results of one conversation, oldest first. */
  readonly take: (conversationKey: string) => Effect.Effect<ReadonlyArray<TappedTurn>>
}>() {}

/**
 * `AgentGraph` → `AgentGraph` (tapped) + `TurnLog`. Provide the engine under it:
 * `tapEngine.pipe(Layer.provide(engine))`.
 */
export const tapEngine: Layer.Layer<AgentGraph | TurnLog, never, AgentGraph> = Layer.effectContext(
  Effect.gen(function*() {
    const inner = yield* AgentGraph
    const log = yield* Ref.make<ReadonlyMap<string, ReadonlyArray<TappedTurn>>>(new Map())
    const record = (key: string, turn: TappedTurn) =>
      Ref.update(log, (all) => new Map(all).set(key, [...(all.get(key) ?? []), turn]))
    const graph = AgentGraph.of({
      run: (input) =>
        inner.run(input).pipe(Effect.tap((result) => record(input.conversationKey, { question: input.question, result })))
    })
    const turns = TurnLog.of({
      take: (key) =>
        Ref.modify(log, (all) => {
          const next = new Map(all)
          next.delete(key)
          return [all.get(key) ?? [], next] as const
        })
    })
    return Context.make(AgentGraph, graph).pipe(Context.add(TurnLog, turns))
  })
)
