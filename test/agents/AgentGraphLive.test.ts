import { assert, describe, it, layer } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option } from "effect"
import { AgentGraph } from "../../src/agents/AgentGraph.js"
import { AgentGraphLive, AgentModeConfig } from "../../src/agents/AgentGraphLive.js"
import { helloReply } from "../../src/agents/CannedReplies.js"
import { EmbedderDisabled } from "../../src/knowledge/Embedder.js"
import { databases } from "../support/Databases.js"
import { FakeOpenAi, FakeOpenAiLive, json } from "./FakeOpenAi.js"

const withConfig = (entries: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries))))

describe("AgentModeConfig", () => {
  const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
    [{}, "offline"],
    [{ OPENAI_API_KEY: "sk-x" }, "llm"],
    [{ AGENT_MODE: "offline", OPENAI_API_KEY: "sk-x" }, "offline"],
    [{ AGENT_MODE: "llm" }, "llm"],
    [{ AGENT_MODE: "auto" }, "offline"]
  ]
  for (const [env, mode] of cases) {
    it.effect(`${JSON.stringify(env)} → ${mode}`, () =>
      Effect.map(AgentModeConfig, (m) => assert.strictEqual(m, mode)).pipe(Effect.provide(withConfig(env))))
  }
  it.effect("an unknown mode is a configuration error", () =>
    Effect.map(Effect.exit(AgentModeConfig), (exit) => assert.strictEqual(exit._tag, "Failure")).pipe(
      Effect.provide(withConfig({ AGENT_MODE: "magic" }))
    ))
})

const database = databases.find((d) => d.name === "pglite")!

/** AgentGraphLive as the edge wires it: a database and an embedder; LLM mode pointed at the local server. */
const LlmWired = Layer.unwrapEffect(Effect.map(FakeOpenAi, (server) =>
  AgentGraphLive.pipe(
    Layer.provide(withConfig({ AGENT_MODE: "llm", OPENAI_BASE_URL: server.url, OPENAI_MODEL: "wired-model", OPENAI_MAX_RETRIES: "0" }))
  ))).pipe(
    Layer.provideMerge(FakeOpenAiLive),
    Layer.provide(Layer.mergeAll(EmbedderDisabled, database.layer()))
  )

layer(LlmWired, { timeout: "120 seconds", excludeTestServices: true })("AgentGraphLive in LLM mode", (it) => {
  it.effect("builds from SqlClient + Embedder and calls the configured model", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      const engine = yield* AgentGraph
      yield* server.setScript(() => ({ kind: "answer", content: json({ answer: "", citations: [], needs_human: true, confidence: 0.1 }) }))
      const greeting = yield* engine.run({ conversationKey: "k", question: "hello", history: [], postbackId: Option.none() })
      assert.deepStrictEqual(Option.map(greeting.draft, (d) => d.text), Option.some(helloReply))
      // The knowledge tables are empty here: nothing to answer from, so the model says a person is needed.
      const result = yield* engine.run({ conversationKey: "k", question: "How do I recycle old connectors?", history: [], postbackId: Option.none() })
      const requests = yield* server.requests
      assert.strictEqual(requests.length, 1)
      assert.strictEqual(requests[0]!.body.model, "wired-model")
      assert.isTrue(result.needsHuman)
    }))
})
