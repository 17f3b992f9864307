/**
 * Which answer engine the evals run: the application's own `AgentGraphLive`, with its mode forced by the
 * command line instead of the environment (`--mode offline` must not turn into an LLM run because
 * `OPENAI_API_KEY` happens to be set, and the other way round).
 *
 * - `offline` (default): the deterministic engine the bot runs with no model configured.
 * - `llm`: the model-backed engine against `OPENAI_BASE_URL` / `OPENAI_API_KEY` / `OPENAI_MODEL`.
 */
import type { SqlClient } from "@effect/sql"
import { ConfigProvider, Layer } from "effect"
import type { ConfigError } from "effect"
import type { AgentGraph } from "../src/agents/AgentGraph.js"
import { AgentGraphLive } from "../src/agents/AgentGraphLive.js"
import type { Embedder } from "../src/knowledge/Embedder.js"

export type EngineMode = "offline" | "llm"

/** `AgentGraphLive` with `AGENT_MODE` set to `mode`; every other setting still comes from the environment. */
export const engineLayer = (mode: EngineMode): Layer.Layer<AgentGraph, ConfigError.ConfigError, SqlClient.SqlClient | Embedder> =>
  AgentGraphLive.pipe(
    Layer.provide(
      Layer.setConfigProvider(
        ConfigProvider.fromMap(new Map([["AGENT_MODE", mode]])).pipe(ConfigProvider.orElse(() => ConfigProvider.fromEnv()))
      )
    )
  )
