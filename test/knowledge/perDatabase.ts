/**
 * One `it.layer` block per database backend, in one test file.
 *
 * @effect/vitest 0.30 `it.layer` assigns its block's `effect`/`layer`/… onto the shared `it` object
 * (`Object.assign(defaultApi, …)` in internal.js), so a SECOND top-level `it.layer` in the same file silently
 * nests inside the first: it rebuilds the first block's layer and resolves services from it. Tests register
 * their runtime when they are declared, so restoring the original methods after each block is declared keeps
 * the blocks independent.
 */
import { describe, it, type Vitest } from "@effect/vitest"
import type { Layer } from "effect"
import { databases, type TestDatabase } from "../support/Databases.js"

type Methods = Pick<typeof it, "effect" | "scoped" | "live" | "scopedLive" | "layer" | "prop" | "flakyTest">

export const perDatabase = <ROut, E>(
  title: string,
  makeLayer: (database: TestDatabase) => Layer.Layer<ROut, E>,
  body: (it: Vitest.MethodsNonLive<ROut>, database: TestDatabase) => void,
  options: { readonly timeout?: `${number} seconds` } = {}
) => {
  for (const database of databases) {
    const pristine: Methods = {
      effect: it.effect,
      scoped: it.scoped,
      live: it.live,
      scopedLive: it.scopedLive,
      layer: it.layer,
      prop: it.prop,
      flakyTest: it.flakyTest
    }
    describe(`${title} on ${database.name}`, () => {
      it.layer(makeLayer(database), { timeout: options.timeout ?? "180 seconds" })((blockIt) => body(blockIt, database))
      // Suite factories run when vitest collects them, so restore here, right after the block is declared.
      Object.assign(it, pristine)
    })
  }
}
