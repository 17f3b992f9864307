/**
 * The progress bar of a run, on standard error (standard output carries the results). On a terminal it redraws
 * one line; in CI logs it prints a line every 10 %.
 */
import { Context, Effect, Layer, Ref } from "effect"

export class Progress extends Context.Tag("evals/Progress")<Progress, {
  readonly start: (total: number, label: string) => Effect.Effect<void>
  readonly tick: Effect.Effect<void>
  readonly finish: Effect.Effect<void>
}>() {}

export const bar = (done: number, total: number, width = 30) => {
  const filled = total === 0 ? width : Math.round((done / total) * width)
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`
}

export const ProgressStderr = Layer.effect(
  Progress,
  Effect.gen(function*() {
    const state = yield* Ref.make({ done: 0, total: 0, label: "", lastDecile: -1 })
    const tty = process.stderr.isTTY === true
    const write = (text: string) => Effect.sync(() => process.stderr.write(text))
    return Progress.of({
      start: (total, label) => Ref.set(state, { done: 0, total, label, lastDecile: -1 }),
      tick: Ref.modify(state, (s) => {
        const done = s.done + 1
        const decile = s.total === 0 ? 10 : Math.floor((done / s.total) * 10)
        const line = tty
          ? `\r${s.label} ${bar(done, s.total)}`
          : decile > s.lastDecile
          ? `${s.label} ${bar(done, s.total)}\n`
          : ""
        return [line, { ...s, done, lastDecile: Math.max(decile, s.lastDecile) }] as const
      }).pipe(Effect.flatMap((line) => (line === "" ? Effect.void : write(line)))),
      finish: tty ? write("\n") : Effect.void
    })
  })
)

export const ProgressSilent = Layer.succeed(Progress, Progress.of({ start: () => Effect.void, tick: Effect.void, finish: Effect.void }))
