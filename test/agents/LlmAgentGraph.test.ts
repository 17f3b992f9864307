/**
 * The LLM engine against a local OpenAI-compatible server (real `openai` SDK, real HTTP), on an ingested
 * PostgreSQL database: a tool-call round trip, structured output, malformed output, a timeout, 500s, a 429 retried
 * with backoff, and answers the sources do not support. The customer never sees raw model text.
 */
import { NodeContext } from "@effect/platform-node"
import { assert, layer } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { AgentGraph, type TurnResult } from "../../src/agents/AgentGraph.js"
import { LlmAgentGraph, SYSTEM_PROMPT } from "../../src/agents/LlmAgentGraph.js"
import { decideWith } from "../../src/handoff/HandoffPolicy.js"
import { Catalog } from "../../src/knowledge/Catalog.js"
import { EmbedderDisabled } from "../../src/knowledge/Embedder.js"
import { KnowledgeBootstrapLive, KnowledgeIngest } from "../../src/knowledge/KnowledgeIngest.js"
import { RetrieverPg } from "../../src/knowledge/Retriever.js"
import { GenAI } from "../../src/telemetry/Attributes.js"
import { databases } from "../support/Databases.js"
import { SpanCapture, SpanCaptureLive, spansNamed } from "../telemetry/SpanCapture.js"
import { FakeLanguageModel, FakeOpenAi, FakeOpenAiLive, json, TestApiKey } from "./FakeOpenAi.js"

const database = databases.find((d) => d.name === "postgres")!
const TestLayer = LlmAgentGraph({ maxToolRounds: 3 }).pipe(
  Layer.provide(Layer.mergeAll(RetrieverPg, Catalog.Default, FakeLanguageModel)),
  Layer.provideMerge(FakeOpenAiLive),
  Layer.provide(KnowledgeBootstrapLive),
  Layer.provide(KnowledgeIngest.Default),
  Layer.provide(Layer.mergeAll(EmbedderDisabled, NodeContext.layer)),
  Layer.provide(database.layer()),
  Layer.provideMerge(SpanCaptureLive)
)

const ask = (question: string, history: ReadonlyArray<{ role: "customer" | "bot"; text: string }> = []) =>
  Effect.flatMap(AgentGraph, (engine) => engine.run({ conversationKey: "k", question, history, postbackId: Option.none() }))

const decide = decideWith({ minConfidence: 0.5, maxUnresolvedTurns: 2 })
const decisionOf = (question: string, result: TurnResult) => {
  const d = decide({ question, postbackId: Option.none(), result, unresolvedTurns: 0 })
  return d._tag === "Escalate" ? `escalate:${d.reason}` : d._tag.toLowerCase()
}
const textOf = (result: TurnResult) => Option.match(result.draft, { onNone: () => "", onSome: (d) => d.text })

const rating = "What is the current rating of FM-CT-R13-22P?"

layer(TestLayer, { timeout: "180 seconds", excludeTestServices: true })("LLM engine", (it) => {
  it.effect("tool-call round trip: lookup_part, then a cited JSON answer", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      yield* SpanCapture.reset
      yield* server.setScript((_, index) =>
        index === 0
          ? { kind: "tool_calls", calls: [{ name: "lookup_part", arguments: JSON.stringify({ part_number: "FM-CT-R13-22P" }) }] }
          : { kind: "answer", content: json({ answer: "FM-CT-R13-22P is rated 5 A per contact [1].", citations: ["ds-fm-ct"], confidence: 0.92 }) }
      )
      const result = yield* ask(rating)
      assert.strictEqual(result.grounding, "verified")
      assert.strictEqual(textOf(result), "FM-CT-R13-22P is rated 5 A per contact [1].")
      assert.deepStrictEqual(Option.getOrThrow(result.draft).citations.map((c) => [c.id, c.revision]), [["ds-fm-ct", "G"]])
      assert.strictEqual(result.confidence, 0.92)
      assert.strictEqual(decisionOf(rating, result), "answer")

      const requests = yield* server.requests
      assert.strictEqual(requests.length, 2)
      const [first, second] = requests
      assert.strictEqual(first!.authorization, `Bearer ${TestApiKey}`)
      assert.strictEqual(first!.body.messages[0]!.content, SYSTEM_PROMPT)
      assert.deepStrictEqual(first!.body.tools?.map((t) => t.function.name), ["lookup_part", "search_parts", "search_documents"])
      assert.strictEqual(first!.body.response_format?.type, "json_schema")
      assert.match(String(first!.body.messages.at(-1)!.content), /<customer_message>\nWhat is the current rating of FM-CT-R13-22P\?\n<\/customer_message>/)
      assert.match(String(first!.body.messages.at(-1)!.content), /<source id="ds-fm-ct"/)
      const toolMessage = second!.body.messages.find((m) => m.role === "tool")!
      assert.strictEqual(toolMessage.tool_call_id, "call_0_0")
      const toolResult = JSON.parse(String(toolMessage.content))
      assert.strictEqual(toolResult.found, true)
      assert.strictEqual(toolResult.part.current_per_contact_a, 5)
      assert.include(toolResult.mating_parts, "FM-CT-P13-22S")

      // Spans: two model calls with GenAI usage, one tool execution, the five steps.
      const spans = yield* SpanCapture.spans
      const calls = spansNamed(spans, "chat test-model")
      assert.strictEqual(calls.length, 2)
      assert.strictEqual(calls[0]!.attributes[GenAI.OperationName], "chat")
      assert.strictEqual(calls[0]!.attributes[GenAI.ProviderName], "openai")
      assert.strictEqual(calls[0]!.attributes[GenAI.UsageInputTokens], 321)
      assert.strictEqual(calls[0]!.attributes[GenAI.UsageOutputTokens], 45)
      assert.strictEqual(calls[0]!.attributes[GenAI.ResponseModel], "test-model-2026")
      assert.strictEqual(spansNamed(spans, "execute_tool lookup_part").length, 1)
      for (const step of ["AgentGraph.guard", "AgentGraph.triage", "AgentGraph.research", "AgentGraph.writer", "AgentGraph.verifier"]) {
        assert.strictEqual(spansNamed(spans, step).length, 1, step)
      }
      // No prompt, answer or key on any span (content capture is off).
      const everything = JSON.stringify(spans.map((s) => s.attributes))
      assert.notInclude(everything, "current rating")
      assert.notInclude(everything, TestApiKey)
    }))

  it.effect("structured output in a code fence is decoded", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      yield* server.setScript(() => ({
        kind: "answer",
        content: "```json\n" + json({ answer: "FM-CT connectors are rated from -65 °C to +175 °C [1].", citations: ["ds-fm-ct"] }) + "\n```"
      }))
      const result = yield* ask("Temperature range of the FM-CT series?")
      assert.strictEqual(result.grounding, "verified")
      assert.strictEqual(textOf(result), "FM-CT connectors are rated from -65 °C to +175 °C [1].")
      assert.strictEqual((yield* server.requests).length, 1)
    }))

  it.effect("malformed output → the offline answer, never the model's text", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      for (const content of ["Sure! FM-CT-R13-22P handles 50 A easily.", json({ answer: "5 A", citations: [], confidence: 7 }), "{\"answer\": "]) {
        yield* server.setScript(() => ({ kind: "answer", content }))
        const result = yield* ask(rating)
        assert.strictEqual(result.grounding, "verified", content)
        assert.strictEqual(textOf(result), "FM-CT-R13-22P is rated 5 A per contact [1].")
        assert.notInclude(textOf(result), "50 A")
        assert.deepStrictEqual(result.reason, Option.some("model_malformed"))
      }
      yield* server.setScript(() => ({ kind: "raw", body: "<html>bad gateway</html>" }))
      const raw = yield* ask(rating)
      assert.strictEqual(textOf(raw), "FM-CT-R13-22P is rated 5 A per contact [1].")
    }))

  it.effect("a timeout → the offline answer, without retrying", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      yield* server.setScript(() => ({ kind: "answer", content: json({ answer: "too late", citations: [] }), delayMs: 1500 }))
      const result = yield* ask(rating)
      assert.strictEqual(textOf(result), "FM-CT-R13-22P is rated 5 A per contact [1].")
      assert.deepStrictEqual(result.reason, Option.some("model_timeout"))
      assert.strictEqual((yield* server.requests).length, 1)
    }))

  it.effect("500s are retried, then the turn goes to a person when nothing else answers", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      yield* server.setScript(() => ({ kind: "status", status: 500 }))
      const question = "How do I recycle old connectors from a decommissioned machine?"
      const result = yield* ask(question)
      assert.strictEqual((yield* server.requests).length, 3) // first attempt + OPENAI_MAX_RETRIES=2
      assert.isTrue(Option.isNone(result.draft))
      assert.isTrue(result.needsHuman)
      assert.deepStrictEqual(result.reason, Option.some("model_unavailable"))
      assert.strictEqual(decisionOf(question, result), "escalate:low_confidence")
    }))

  it.effect("a 429 is retried with backoff and the answer used", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      yield* server.setScript((_, index) =>
        index === 0
          ? { kind: "status", status: 429, body: JSON.stringify({ error: { message: "slow down", type: "rate_limit_exceeded" } }) }
          : { kind: "answer", content: json({ answer: "FM-CT-R13-22P mates with FM-CT-P13-22S [1].", citations: ["ds-fm-ct"] }) }
      )
      const result = yield* ask("What mates with FM-CT-R13-22P?")
      const requests = yield* server.requests
      assert.strictEqual(requests.length, 2)
      // Jittered exponential backoff from 150 ms: at least 0.8 × 150 ms between the attempts.
      assert.isAtLeast(requests[1]!.at - requests[0]!.at, 110)
      assert.strictEqual(textOf(result), "FM-CT-R13-22P mates with FM-CT-P13-22S [1].")
    }))

  it.effect("an answer the sources do not support is refused; the offline answer is used", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      const unsupported = [
        json({ answer: "FM-CT-R13-22P is rated 13 A per contact [1].", citations: ["ds-fm-ct"] }),
        json({ answer: "FM-CT-R13-22P is rated 5 A per contact [1].", citations: ["ds-fm-zz"] }),
        json({ answer: "FM-CT-R13-22P is rated 5 A per contact.", citations: [] }),
        json({ answer: "FM-CT-R13-22P is rated 5 A per contact [2].", citations: ["ds-fm-ct"] })
      ]
      for (const content of unsupported) {
        yield* server.setScript(() => ({ kind: "answer", content }))
        const result = yield* ask(rating)
        assert.strictEqual(textOf(result), "FM-CT-R13-22P is rated 5 A per contact [1].", content)
        assert.deepStrictEqual(result.reason, Option.some("model_answer_rejected"), content)
      }
    }))

  it.effect("the model asking for a person escalates", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      yield* server.setScript(() => ({ kind: "answer", content: json({ answer: "", citations: [], confidence: 0.2, needs_human: true, reason: "custom insert" }) }))
      const question = "Which insert arrangement fits my FM-CT shell 15 harness best?"
      const result = yield* ask(question)
      assert.isTrue(result.needsHuman)
      assert.strictEqual(decisionOf(question, result), "escalate:low_confidence")
      // The model's free-text reason never becomes a machine reason.
      assert.deepStrictEqual(result.reason, Option.some("model_needs_human"))
    }))

  it.effect("requests for a person, greetings, sensitive and clarifying turns never call the model", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      yield* server.setScript(() => ({ kind: "answer", content: json({ answer: "It costs $5 [1].", citations: ["pol-pricing-quotes"] }) }))
      const questions = [
        "Can I talk to a human?",
        "hello",
        "How much does FM-CT-R13-22P cost?",
        "Can I unplug FM-HV under load if I'm quick?",
        "Can you make an FM-CT with a 40-position insert in shell 15?",
        "What's the current rating?",
        "curent rating of FM-CT-R13-22?"
      ]
      for (const question of questions) {
        const result = yield* ask(question)
        assert.notInclude(textOf(result), "$5", question)
      }
      assert.strictEqual((yield* server.requests).length, 0)
    }))

  it.effect("follow-ups carry the conversation to the model", () =>
    Effect.gen(function*() {
      const server = yield* FakeOpenAi
      yield* server.setScript(() => ({ kind: "answer", content: json({ answer: "FM-CT-R13-08P mates with FM-CT-P13-08S [1].", citations: ["ds-fm-ct"] }) }))
      const result = yield* ask("and the mating plug?", [
        { role: "customer", text: "What is the current rating of FM-CT-R13-08P?" },
        { role: "bot", text: "FM-CT-R13-08P is rated 7.5 A per contact [1]." }
      ])
      assert.strictEqual(textOf(result), "FM-CT-R13-08P mates with FM-CT-P13-08S [1].")
      assert.deepStrictEqual(result.entities.parts, ["FM-CT-R13-08P"])
      const [request] = yield* server.requests
      const roles = request!.body.messages.map((m) => m.role)
      assert.deepStrictEqual(roles, ["system", "user", "assistant", "user"])
      assert.match(String(request!.body.messages[3]!.content), /FM-CT-R13-08P|ds-fm-ct/)
    }))
})
