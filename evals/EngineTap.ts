/**
 * Sees what the answer engine returned for each turn without changing it: the scorer needs the draft (text with
 * citation markers, and the cited sources), which the customer only sees rendered.
 */
import { Context, Effect, Layer } from "effect"
import { AgentGraph, type TurnResult } from "../src/agents/AgentGraph.js"
import { type KeyedLog, makeKeyedLog } from "./KeyedLog.js"

export interface TappedTurn {
  readonly question: string
  readonly result: TurnResult
}

/** The engine results of each conversation (by conversation key), oldest first. */
export class TurnLog extends Context.Tag("evals/TurnLog")<TurnLog, Pick<KeyedLog<TappedTurn>, "take">>() {}

/**
 * `AgentGraph` → `AgentGraph` (tapped) + `TurnLog`. Provide the engine under it:
 * `tapEngine.pipe(Layer.provide(engine))`.
 */
export const tapEngine: Layer.Layer<AgentGraph | TurnLog, never, AgentGraph> = Layer.effectContext(
  Effect.gen(function*() {
    const inner = yield* AgentGraph
    const log = yield* makeKeyedLog<TappedTurn>()
    const graph = AgentGraph.of({
      run: (input) =>
        inner.run(input).pipe(Effect.tap((result) => log.record(input.conversationKey, { question: input.question, result })))
    })
    return Context.make(AgentGraph, graph).pipe(Context.add(TurnLog, TurnLog.of({ take: log.take })))
  })
)
