/**
 * Which answer engine the evals run: the application's own `AgentGraphLive`, with its mode forced by the
 * command line instead of the environment (`--mode offline` must not turn into an LLM run because
 * `OPENAI_API_KEY` happens to be set, and the other way round).
 *
 * - `offline` (default): the deterministic engine the bot runs with no model configured.
 * - `llm`: the model-backed engine against `OPENAI_BASE_URL` / `OPENAI_API_KEY` / `OPENAI_MODEL`. Refused when
 *   no endpoint is configured: the engine would fall back to its offline path on every turn and the run would
 *   measure the wrong thing.
 */
import type { SqlClient } from "@effect/sql"
import { Config, ConfigProvider, Data, Effect, Layer, Option } from "effect"
import type { ConfigError } from "effect"
import type { AgentGraph } from "../src/agents/AgentGraph.js"
import { AgentGraphLive } from "../src/agents/AgentGraphLive.js"
import type { Embedder } from "../src/knowledge/Embedder.js"

export type EngineMode = "offline" | "llm"

export class EngineUnavailable extends Data.TaggedError("EngineUnavailable")<{ readonly reason: string }> {
  override get message() {
    return this.reason
  }
}

const endpointConfigured = Config.all([
  Config.option(Config.nonEmptyString("OPENAI_BASE_URL")),
  Config.option(Config.nonEmptyString("OPENAI_API_KEY"))
]).pipe(Config.map(([url, key]) => Option.isSome(url) || Option.isSome(key)))

/** `AgentGraphLive` with `AGENT_MODE` set to `mode`; every other setting still comes from the environment. */
export const engineLayer = (
  mode: EngineMode
): Layer.Layer<AgentGraph, ConfigError.ConfigError | EngineUnavailable, SqlClient.SqlClient | Embedder> => {
  const engine = AgentGraphLive.pipe(
    Layer.provide(
      Layer.setConfigProvider(
        ConfigProvider.fromMap(new Map([["AGENT_MODE", mode]])).pipe(ConfigProvider.orElse(() => ConfigProvider.fromEnv()))
      )
    )
  )
  if (mode === "offline") return engine
  return Layer.unwrapEffect(Effect.gen(function*() {
    if (!(yield* endpointConfigured)) {
      return yield* new EngineUnavailable({
        reason: "--mode llm needs an OpenAI-compatible endpoint: set OPENAI_BASE_URL (a local server) or OPENAI_API_KEY, and OPENAI_MODEL"
      })
    }
    return engine
  }))
}
