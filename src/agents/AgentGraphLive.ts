/**
 * The answer engine the application runs, chosen from configuration:
 *
 *  - `AGENT_MODE=offline` — the deterministic offline engine (no model, no network);
 *  - `AGENT_MODE=llm`     — the LLM engine: the `openai` SDK against `OPENAI_BASE_URL` / `OPENAI_MODEL` /
 *                           `OPENAI_API_KEY` (any OpenAI-compatible server), same guard, research and verifier;
 *  - unset (`auto`)       — the LLM engine when `OPENAI_API_KEY` is set, the offline engine otherwise.
 *
 * LLM settings: `OPENAI_TIMEOUT_MS`, `OPENAI_MAX_RETRIES`, `OPENAI_RETRY_BASE_MS`, `OPENAI_TEMPERATURE` (see
 * `LanguageModel.ts`) and `AGENT_MAX_TOOL_ROUNDS` (default 3). A broken value fails at start-up.
 *
 * Requires what the edge provides: `SqlClient` (the knowledge tables, loaded e.g. by `KnowledgeBootstrapLive`)
 * and `Embedder` (`EmbedderLive` or `EmbedderDisabled`). The `Catalog` and the PostgreSQL `Retriever` are built
 * here. No `HttpClient` is needed: the `openai` SDK brings its own (and propagates no trace context).
 */
import type { SqlClient } from "@effect/sql"
import { Config, type ConfigError, Effect, Layer, Option } from "effect"
import { Catalog } from "../knowledge/Catalog.js"
import type { Embedder } from "../knowledge/Embedder.js"
import { RetrieverPg } from "../knowledge/Retriever.js"
import type { AgentGraph } from "./AgentGraph.js"
import { LanguageModelConfig, LanguageModelLive } from "./LanguageModel.js"
import { LlmAgentGraph } from "./LlmAgentGraph.js"
import { OfflineAgentGraph } from "./OfflineAgentGraph.js"

export type AgentMode = "offline" | "llm"

export const AgentModeConfig: Config.Config<AgentMode> = Config.all({
  mode: Config.literal("offline", "llm", "auto")("AGENT_MODE").pipe(Config.withDefault("auto" as const)),
  key: Config.option(Config.redacted("OPENAI_API_KEY"))
}).pipe(Config.map(({ key, mode }): AgentMode => (mode === "auto" ? (Option.isSome(key) ? "llm" : "offline") : mode)))

const Knowledge = Layer.mergeAll(RetrieverPg, Catalog.Default)

/** The engine for the configured mode, with the catalog and retriever it needs. */
export const AgentGraphLive: Layer.Layer<AgentGraph, ConfigError.ConfigError, SqlClient.SqlClient | Embedder> = Layer
  .unwrapEffect(
    Effect.gen(function*() {
      const mode = yield* AgentModeConfig
      if (mode === "offline") {
        yield* Effect.logInfo("answer engine: offline")
        return OfflineAgentGraph
      }
      const model = yield* LanguageModelConfig
      const maxToolRounds = yield* Config.integer("AGENT_MAX_TOOL_ROUNDS").pipe(Config.withDefault(3))
      yield* Effect.logInfo("answer engine: llm").pipe(Effect.annotateLogs({ model: model.model }))
      return LlmAgentGraph({ maxToolRounds }).pipe(Layer.provide(LanguageModelLive))
    })
  ).pipe(Layer.provide(Knowledge))
