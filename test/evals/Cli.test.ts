/** `pnpm eval score` as a process: JSON lines in, one verdict line per input line out; bad input names the line. */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../..", import.meta.url))
const pairs = fileURLToPath(new URL("fixtures/groundedness-pairs.jsonl", import.meta.url))

const evalCli = (args: ReadonlyArray<string>, stdin?: string) =>
  Effect.promise(() =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile("node", ["--import", "tsx", "evals/main.ts", ...args], { cwd: root }, (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr }))
      if (stdin !== undefined) child.stdin?.end(stdin)
    })
  )

describe("pnpm eval score", () => {
  it.live("scores a JSONL file of {context, response}, one verdict per line", () =>
    Effect.gen(function*() {
      const { code, stderr, stdout } = yield* evalCli(["score", "--input", pairs])
      assert.strictEqual(code, 0, stderr)
      const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { line: number; id: string; verdict: string; score: number })
      assert.strictEqual(lines.length, 53)
      assert.deepStrictEqual(lines.slice(0, 2).map((l) => [l.line, l.id, l.verdict, l.score]), [[1, "exact-01", "grounded", 1], [2, "exact-02", "grounded", 1]])
      const swapped = lines.find((l) => l.id === "swapped-number-01")!
      assert.strictEqual(swapped.verdict, "ungrounded")
      assert.match(stderr, /^20 grounded, 33 ungrounded$/m)
    }), { timeout: 60_000 })

  it.live("reads standard input, and refuses a bad line by number", () =>
    Effect.gen(function*() {
      const ok = yield* evalCli(["score"], `${JSON.stringify({ context: ["FM-PX size 3: 200 A"], response: "Size 3 carries 200 A [1]." })}\n`)
      assert.strictEqual(ok.code, 0, ok.stderr)
      assert.strictEqual(JSON.parse(ok.stdout).verdict, "grounded")
      const bad = yield* evalCli(["score"], `${JSON.stringify({ context: "x", response: "y" })}\n{"context": 3}\n`)
      assert.notStrictEqual(bad.code, 0)
      assert.match(bad.stderr, /input line 2/)
      assert.strictEqual(bad.stdout, "")
    }), { timeout: 60_000 })
})
