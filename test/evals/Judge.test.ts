/**
 * The LLM judge against a local OpenAI-compatible server started here (the real `openai` SDK over real HTTP,
 * never the outside world): claims then verdicts at temperature 0, a content-addressed cache that replays without
 * calling the model, and a loud failure on a cache miss in replay mode (what CI runs).
 */
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, Layer } from "effect"
import { execFile } from "node:child_process"
import * as fs from "node:fs/promises"
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { cacheKey, JudgeCacheMiss, JudgeModelLive, JudgePromptVersion, makeJudge } from "../../evals/Judge.js"
import type { ScoreInput } from "../../evals/Score.js"

interface Recorded {
  readonly path: string
  readonly body: {
    readonly model: string
    readonly temperature: number
    readonly seed: number
    readonly messages: ReadonlyArray<{ readonly role: string; readonly content: string }>
  }
}

/** A tiny stand-in model: splits answers at sentence ends; a claim is supported when its numbers are in the context. */
const answer = (body: Recorded["body"]): string => {
  const system = body.messages[0]!.content
  const user = body.messages[1]!.content
  if (system.includes("atomic factual claims")) {
    const text = user.replace(/^Answer:\n/, "")
    return JSON.stringify({ claims: text.split(/(?<=\.)\s+/).map((s) => s.trim()).filter((s) => s !== "") })
  }
  const [context, claims] = user.replace(/^Context:\n/, "").split("\n\nClaims:\n") as [string, string]
  return JSON.stringify({
    verdicts: claims.split("\n").map((line) => {
      const claim = line.replace(/^\d+\.\s*/, "")
      const numbers = claim.match(/\d+(?:\.\d+)?/g) ?? []
      const ok = numbers.every((n) => context.includes(n))
      return { claim, verdict: ok ? "supported" : "unsupported", reason: ok ? "" : "the number is not in the context" }
    })
  })
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = ""
    req.on("data", (chunk) => (data += chunk))
    req.on("end", () => resolve(data))
  })

/** The server, with the requests it received. */
const ModelServer = Effect.acquireRelease(
  Effect.async<{ readonly url: string; readonly requests: Array<Recorded>; readonly server: Server }>((resume) => {
    const requests: Array<Recorded> = []
    const server = createServer(async (req, res) => {
      const body = JSON.parse(await readBody(req)) as Recorded["body"]
      requests.push({ path: req.url ?? "", body })
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion",
        created: 0,
        model: body.model,
        choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: answer(body) } }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 }
      }))
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resume(Effect.succeed({ url: `http://127.0.0.1:${port}/v1`, requests, server }))
    })
  }),
  ({ server }) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
)

const tempDir = Effect.acquireRelease(
  Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), "fitmate-judge-"))),
  (dir) => Effect.promise(() => fs.rm(dir, { recursive: true, force: true }))
)

const context = "FM-CT-R13-22P | 13 | 22 | pin | 22D | 5 A | 400 V | IP68"
const inputs: ReadonlyArray<{ line: number; input: ScoreInput }> = [
  { line: 1, input: { id: "a", context, response: "FM-CT-R13-22P carries 5 A. It is rated 400 V." } },
  { line: 2, input: { id: "b", context: [context], response: "FM-CT-R13-22P carries 7.5 A [1]." } }
]

const judgeWith = (url: string, cacheDir: string, cacheMode: "replay" | "record") =>
  makeJudge({ cacheDir, cacheMode, model: "judge-test-model" }).pipe(
    Effect.provide(JudgeModelLive.pipe(
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([
        ["EVAL_JUDGE_BASE_URL", url],
        ["EVAL_JUDGE_API_KEY", "test-key"]
      ]))))
    )),
    Effect.provide(NodeContext.layer)
  )

describe("LLM judge", () => {
  it.live("records through the SDK at temperature 0, then replays from the cache without calling out", () =>
    Effect.gen(function*() {
      const model = yield* ModelServer
      const cacheDir = yield* tempDir
      const recording = yield* judgeWith(model.url, cacheDir, "record")
      const first = yield* recording.scoreLines(inputs)

      assert.deepStrictEqual(first.map((l) => [l.id, l.verdict, l.score]), [["a", "grounded", 1], ["b", "ungrounded", 0]])
      assert.deepStrictEqual(first[1]!.claims.map((c) => c.reasons), [["the number is not in the context"]])
      // The deterministic atom check stays on top of the judge.
      assert.deepStrictEqual(first[1]!.unsupported.map((u) => u.text), ["7.5 A"])
      assert.strictEqual(model.requests.length, 4)
      for (const r of model.requests) {
        assert.strictEqual(r.path, "/v1/chat/completions")
        assert.strictEqual(r.body.temperature, 0)
        assert.strictEqual(r.body.seed, 42)
        assert.strictEqual(r.body.model, "judge-test-model")
      }

      // Content-addressed: each exchange is one file named by the hash of what was asked.
      const files = (yield* Effect.promise(() => fs.readdir(cacheDir, { recursive: true }))).filter((f) => f.endsWith(".json"))
      assert.strictEqual(files.length, 4)
      const key = cacheKey({
        promptVersion: JudgePromptVersion,
        model: "judge-test-model",
        temperature: 0,
        seed: 42,
        messages: model.requests[0]!.body.messages.map((m) => ({ role: m.role as "system" | "user", content: m.content }))
      })
      assert.include(files, path.join(key.slice(0, 2), `${key}.json`))

      const replaying = yield* judgeWith(model.url, cacheDir, "replay")
      const second = yield* replaying.scoreLines(inputs)
      assert.deepStrictEqual(second, first)
      assert.strictEqual(model.requests.length, 4, "replay made no call")

      // A miss in replay mode fails loudly, naming the line, and still calls nothing.
      const miss = yield* Effect.exit(replaying.scoreLines([{ line: 7, input: { context, response: "FM-CT-R13-22P is rated 400 V." } }]))
      assert.isTrue(Exit.isFailure(miss))
      if (Exit.isFailure(miss)) {
        const error = miss.cause._tag === "Fail" ? miss.cause.error : undefined
        assert.instanceOf(error, JudgeCacheMiss)
        assert.match((error as JudgeCacheMiss).message, /judge cache miss on input line 7 .* calls no model/)
      }
      assert.strictEqual(model.requests.length, 4)
    }).pipe(Effect.scoped), { timeout: 60_000 })

  it.live("pnpm eval score --judge llm with CI set replays only: a miss exits non-zero without a request", () =>
    Effect.gen(function*() {
      const model = yield* ModelServer
      const dir = yield* tempDir
      const input = path.join(dir, "in.jsonl")
      yield* Effect.promise(() =>
        fs.writeFile(input, `${JSON.stringify({ context, response: `A claim never judged before: ${Math.random()}` })}\n`)
      )
      const root = fileURLToPath(new URL("../..", import.meta.url))
      const result = yield* Effect.promise(() =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          execFile(
            "node",
            ["--import", "tsx", "evals/main.ts", "score", "--judge", "llm", "--judge-cache", "record", "--input", input],
            {
              cwd: root,
              env: { ...process.env, CI: "true", EVAL_JUDGE_BASE_URL: model.url, EVAL_JUDGE_API_KEY: "test-key" }
            },
            (error, _stdout, stderr) => resolve({ code: error === null ? 0 : (error.code as number | null) ?? 1, stderr })
          )
        })
      )
      assert.notStrictEqual(result.code, 0)
      assert.match(result.stderr, /CI is set: the judge replays its cache only/)
      assert.match(result.stderr, /judge cache miss on input line 1/)
      assert.strictEqual(model.requests.length, 0)
    }).pipe(Effect.scoped), { timeout: 60_000 })
})
