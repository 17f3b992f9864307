import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
describe("smoke", () => { it.effect("runs", () => Effect.sync(() => assert.strictEqual(1, 1))) })
