/**
 * The single source of truth for the span names and attribute keys the bot emits and that the collector
 * configuration (`otel-collector.yaml`), dashboards and evals depend on. Nothing else should spell these strings:
 * `test/telemetry/CollectorConfig.test.ts` reads this module and checks that the collector only samples and
 * aggregates on keys and values listed here.
 *
 * Conventions:
 * - OpenTelemetry GenAI semantic conventions (status "Development", latest names; `gen_ai.system` is deprecated)
 *   on model, retrieval and agent spans; OpenInference keys alongside so Phoenix renders span kinds.
 * - App-specific keys live under `support.*`.
 * - Span names are low-cardinality (`Service.method`); ids go in attributes, never in names.
 * - Keys marked "content" carry customer text and are only written when content capture is on
 *   (`OTEL_CAPTURE_CONTENT=true`, see `Privacy.ts`); the collector deletes them again unless the resource says
 *   content capture is on.
 */
import type { Intent } from "../agents/AgentGraph.js"
import { type EscalationReason, EscalationReasons } from "../handoff/HandoffDecision.js"

// ---------------------------------------------------------------------------------------------------------------
// GenAI semantic conventions
// ---------------------------------------------------------------------------------------------------------------

export const GenAI = {
  /** Required on every GenAI span; one of `GenAIOperation`. Set when the span starts. */
  OperationName: "gen_ai.operation.name",
  /** Required; e.g. `openai`, or `fitmate.offline` for the deterministic engine. Set when the span starts. */
  ProviderName: "gen_ai.provider.name",
  RequestModel: "gen_ai.request.model",
  ResponseModel: "gen_ai.response.model",
  ResponseId: "gen_ai.response.id",
  /** string[]; on the NodeSdk path write it with `Tracing.annotateStringArray` (Effect stringifies arrays). */
  ResponseFinishReasons: "gen_ai.response.finish_reasons",
  /** int; input tokens include cached ones. */
  UsageInputTokens: "gen_ai.usage.input_tokens",
  /** int */
  UsageOutputTokens: "gen_ai.usage.output_tokens",
  RequestTemperature: "gen_ai.request.temperature",
  RequestMaxTokens: "gen_ai.request.max_tokens",
  RequestTopK: "gen_ai.request.top_k",
  /** HMAC of the chat id (`conversation/ConversationKey.ts`), never the raw LiveChat id. */
  ConversationId: "gen_ai.conversation.id",
  AgentName: "gen_ai.agent.name",
  DataSourceId: "gen_ai.data_source.id",
  ToolName: "gen_ai.tool.name",
  ToolCallId: "gen_ai.tool.call.id",
  /** Metric attribute of `gen_ai.client.token.usage`: `input` | `output`. */
  TokenType: "gen_ai.token.type",
  /** content */
  InputMessages: "gen_ai.input.messages",
  /** content */
  OutputMessages: "gen_ai.output.messages",
  /** content */
  SystemInstructions: "gen_ai.system_instructions",
  /** content */
  RetrievalQueryText: "gen_ai.retrieval.query.text"
} as const

/** Well-known values of `gen_ai.operation.name` used by the bot. */
export const GenAIOperation = {
  Chat: "chat",
  TextCompletion: "text_completion",
  GenerateContent: "generate_content",
  Embeddings: "embeddings",
  Retrieval: "retrieval",
  ExecuteTool: "execute_tool",
  InvokeAgent: "invoke_agent"
} as const
export type GenAIOperation = typeof GenAIOperation[keyof typeof GenAIOperation]

/** Values of `gen_ai.provider.name`. `openai` for any OpenAI-compatible server, per the conventions. */
export const GenAIProvider = {
  OpenAI: "openai",
  /** The deterministic offline engine (not a model; still reported so dashboards can split by engine). */
  Offline: "fitmate.offline"
} as const

/** `gen_ai.agent.name` of the turn span. */
export const AgentName = "fitmate-assist"

/** `session.id`: Phoenix and Langfuse group a conversation's traces by it. Same value as `gen_ai.conversation.id`. */
export const SessionId = "session.id"

/** `error.type`: the error's tag (`AgentError`, `TimeoutException`…), low-cardinality. */
export const ErrorType = "error.type"

// ---------------------------------------------------------------------------------------------------------------
// OpenInference (Arize Phoenix)
// ---------------------------------------------------------------------------------------------------------------

export const OpenInference = {
  SpanKind: "openinference.span.kind",
  LlmModelName: "llm.model_name",
  LlmProvider: "llm.provider",
  LlmTokenCountPrompt: "llm.token_count.prompt",
  LlmTokenCountCompletion: "llm.token_count.completion",
  LlmTokenCountTotal: "llm.token_count.total",
  /** content */
  InputValue: "input.value",
  /** content */
  OutputValue: "output.value"
} as const

export const OpenInferenceSpanKind = {
  Llm: "LLM",
  Embedding: "EMBEDDING",
  Chain: "CHAIN",
  Retriever: "RETRIEVER",
  Reranker: "RERANKER",
  Tool: "TOOL",
  Agent: "AGENT",
  Guardrail: "GUARDRAIL",
  Evaluator: "EVALUATOR",
  Prompt: "PROMPT"
} as const
export type OpenInferenceSpanKind = typeof OpenInferenceSpanKind[keyof typeof OpenInferenceSpanKind]

/** OpenInference retriever documents, flattened: `retrieval.documents.<i>.document.id|score` (ids and scores only). */
export const retrievalDocumentKey = (index: number, field: "id" | "score"): string =>
  `retrieval.documents.${index}.document.${field}`

// ---------------------------------------------------------------------------------------------------------------
// The bot's own keys
// ---------------------------------------------------------------------------------------------------------------

export const Retrieval = {
  /** int: passages returned after fusion. */
  HitCount: "support.retrieval.hit_count",
  /** double: best fused score, 0 when nothing was found. */
  TopScore: "support.retrieval.top_score",
  /** string[] of document / catalog ids (never passage text); use `Tracing.annotateStringArray`. */
  SourceIds: "support.retrieval.source_ids",
  /** `documents` | `catalog` | `fused` */
  Source: "support.retrieval.source"
} as const

export const Handoff = {
  /** One of `HandoffDecisionValue`; on the policy span, the turn span and the chat handler. */
  Decision: "support.handoff.decision",
  /** One of `HandoffReasonValue`; set when the decision is `escalate` or `fallback`. */
  Reason: "support.handoff.reason",
  /** double 0..1: the engine's confidence the decision was taken on. Never a metric dimension. */
  Confidence: "support.handoff.confidence",
  /** boolean: an engineer was accepting chats when the bot tried to hand off. */
  Available: "support.handoff.available",
  /** `transferred` | `unavailable`: what `Handoff.escalate` achieved. */
  Outcome: "support.handoff.outcome"
} as const

/**
 * Values of `support.handoff.decision` (lower case; the span-metrics dimension and the tail-sampling policy match
 * them exactly). `fallback` is an escalation nobody could take. Map the policy's `_tag` with `handoffDecisionValue`.
 */
export const HandoffDecisionValue = {
  Answer: "answer",
  Clarify: "clarify",
  Escalate: "escalate",
  Decline: "decline",
  Fallback: "fallback"
} as const
export type HandoffDecisionValue = typeof HandoffDecisionValue[keyof typeof HandoffDecisionValue]

/** `HandoffDecision["_tag"]` (`"Escalate"`…) → the attribute value (`"escalate"`…). */
export const handoffDecisionValue = (tag: "Answer" | "Clarify" | "Escalate" | "Decline" | "Fallback"): HandoffDecisionValue =>
  HandoffDecisionValue[tag]

/** Decisions that put a person in the loop; tail sampling keeps every trace with one of them. */
export const EscalatingDecisions: ReadonlyArray<HandoffDecisionValue> = [
  HandoffDecisionValue.Escalate,
  HandoffDecisionValue.Fallback
]

/** Values of `support.handoff.reason`: the policy's escalation reasons. */
export const HandoffReasonValues = EscalationReasons
export type HandoffReasonValue = EscalationReason

export const Support = {
  /** The triage intent (`AgentGraph.Intent`). */
  Intent: "support.intent",
  /** The chat signal the entity handled (`CustomerMessage`, `HumanJoined`…). */
  Signal: "support.signal",
  /** Who owns the thread: `bot` | `handing_off` | `human` | `fallback`. */
  Owner: "support.owner",
  /** boolean: the turn took longer than `SlowTurnThresholdMillis`; tail sampling keeps it. */
  TurnSlow: "support.turn.slow",
  /** int: the turn's position in the thread (filter only, never a metric dimension). */
  TurnIndex: "support.turn.index",
  /** `livechat` | `chat_api` | `eval`. */
  Channel: "support.channel",
  /** Guard verdict: `pass` | `blocked` | … (low-cardinality). */
  GuardVerdict: "support.guard.verdict",
  /** boolean: the verifier accepted the draft as grounded in its sources. */
  VerifierGrounded: "support.verifier.grounded",
  /** int: citations in the sent draft. */
  CitationCount: "support.citations.count",
  /** What happened to a webhook delivery; one of `WebhookOutcome`. */
  WebhookOutcome: "support.webhook.outcome",
  /** The LiveChat webhook action (`incoming_event`, `chat_transferred`…). */
  WebhookAction: "livechat.webhook.action",
  /** The LiveChat API method a client span calls (`send_event`, `transfer_chat`…). */
  LiveChatMethod: "livechat.api.method",
  /** LiveChat's `{error:{type}}` on a failed call (`not_found`, `limit_reached`…). */
  LiveChatErrorType: "livechat.api.error_type",
  /** Resource attribute: `true` when the process was started with content capture on. */
  ContentCapture: "support.content_capture"
} as const

/** Values of `support.intent`, checked against the engine's type. */
export const IntentValues = [
  "product",
  "compatibility",
  "troubleshooting",
  "commercial",
  "human_request",
  "greeting",
  "out_of_scope",
  "unknown"
] as const satisfies ReadonlyArray<Intent>
const _everyIntentListed: [Exclude<Intent, typeof IntentValues[number]>] extends [never] ? true : never = true
void _everyIntentListed

/** Values of `support.webhook.outcome` (span attribute and metric tag). */
export const WebhookOutcome = {
  /** Persisted for processing; answered 200. */
  Accepted: "accepted",
  /** A redelivery of an event already persisted; answered 200. */
  Duplicate: "duplicate",
  /** Valid but not for the bot (own echo, internal note, unknown action); answered 200. */
  Ignored: "ignored",
  /** Wrong `secret_key`; answered 401. */
  Unauthorized: "unauthorized",
  /** Not JSON or the wrong shape; answered 400. */
  Invalid: "invalid",
  /** Larger than `WEBHOOK_MAX_BYTES`; answered 413. */
  TooLarge: "too_large",
  /** Storage failed; answered 503 so LiveChat retries. */
  Unavailable: "unavailable"
} as const
export type WebhookOutcome = typeof WebhookOutcome[keyof typeof WebhookOutcome]

/** Turns slower than this get `support.turn.slow=true`; the collector's latency policy uses the same number. */
export const SlowTurnThresholdMillis = 8_000

// ---------------------------------------------------------------------------------------------------------------
// Span names
// ---------------------------------------------------------------------------------------------------------------

export const SpanName = {
  /** The webhook route (inside the HTTP server span). */
  Webhook: "Webhook.livechat",
  /** Prefix of the HTTP server span (`http.server POST`); the route is in `http.route`, not in the name. */
  HttpServerPrefix: "http.server",
  /** The per-chat entity handler: one per chat signal. */
  ChatHandle: "ChatConversation.handle",
  /** One customer turn (engine → policy → actions). */
  Turn: "Conversation.turn",
  Guard: "AgentGraph.guard",
  Triage: "AgentGraph.triage",
  Research: "AgentGraph.research",
  Writer: "AgentGraph.writer",
  Verifier: "AgentGraph.verifier",
  Policy: "HandoffPolicy.decide",
  Retriever: "Retriever.search",
  /** Prefix of the LiveChat API client spans: `LiveChatClient.<method>`. */
  LiveChatClientPrefix: "LiveChatClient."
} as const

/** The agent steps in order; the eval harness reports per-step latency from spans with these names. */
export const AgentStepSpans = [
  SpanName.Guard,
  SpanName.Triage,
  SpanName.Research,
  SpanName.Writer,
  SpanName.Verifier
] as const

/** `LiveChatClient.sendEvent`, `LiveChatClient.transferChat`… */
export const liveChatClientSpan = (method: string): string => `${SpanName.LiveChatClientPrefix}${method}`

/** GenAI span name for a model call: `{operation} {model}`, e.g. `chat gpt-4.1-mini` (models are low-cardinality). */
export const modelCallSpanName = (operation: GenAIOperation, model: string): string => `${operation} ${model}`

// ---------------------------------------------------------------------------------------------------------------
// Content keys and attribute helpers
// ---------------------------------------------------------------------------------------------------------------

/** Keys that carry customer or model text. Written only with content capture on; deleted by the collector. */
export const ContentAttributes: ReadonlyArray<string> = [
  GenAI.InputMessages,
  GenAI.OutputMessages,
  GenAI.SystemInstructions,
  GenAI.RetrievalQueryText,
  OpenInference.InputValue,
  OpenInference.OutputValue
]

/** Attributes every span of a turn carries (`Effect.annotateSpans` at the start of the chat handler). */
export const conversationAttributes = (conversationKey: string): Record<string, string> => ({
  [GenAI.ConversationId]: conversationKey,
  [SessionId]: conversationKey
})

/**
 * Start attributes of a model-call span (GenAI + OpenInference). Pass them to `Effect.withSpan(name, { kind:
 * "client", attributes })` so samplers see them when the span starts.
 */
export const modelCallAttributes = (options: {
  readonly operation: GenAIOperation
  readonly provider: string
  readonly model: string
}): Record<string, string> => ({
  [GenAI.OperationName]: options.operation,
  [GenAI.ProviderName]: options.provider,
  [GenAI.RequestModel]: options.model,
  [OpenInference.SpanKind]: options.operation === GenAIOperation.Embeddings
    ? OpenInferenceSpanKind.Embedding
    : OpenInferenceSpanKind.Llm,
  [OpenInference.LlmModelName]: options.model,
  [OpenInference.LlmProvider]: options.provider
})

/** Response attributes of a model call: response model and token counts (integers), GenAI + OpenInference. */
export const modelUsageAttributes = (usage: {
  readonly responseModel?: string | undefined
  readonly inputTokens: number
  readonly outputTokens: number
}): Record<string, string | number> => ({
  ...(usage.responseModel === undefined ? {} : { [GenAI.ResponseModel]: usage.responseModel }),
  [GenAI.UsageInputTokens]: Math.round(usage.inputTokens),
  [GenAI.UsageOutputTokens]: Math.round(usage.outputTokens),
  [OpenInference.LlmTokenCountPrompt]: Math.round(usage.inputTokens),
  [OpenInference.LlmTokenCountCompletion]: Math.round(usage.outputTokens),
  [OpenInference.LlmTokenCountTotal]: Math.round(usage.inputTokens + usage.outputTokens)
})

/** Start attributes of the `Retriever.search` span. */
export const retrieverAttributes = (dataSource: string): Record<string, string> => ({
  [GenAI.OperationName]: GenAIOperation.Retrieval,
  [GenAI.DataSourceId]: dataSource,
  [OpenInference.SpanKind]: OpenInferenceSpanKind.Retriever
})

/** Result attributes of the `Retriever.search` span (ids and scores only, no passage text). */
export const retrievalResultAttributes = (
  hits: ReadonlyArray<{ readonly id: string; readonly score: number }>
): Record<string, string | number> => {
  const attributes: Record<string, string | number> = {
    [Retrieval.HitCount]: hits.length,
    [Retrieval.TopScore]: hits.reduce((best, hit) => Math.max(best, hit.score), 0)
  }
  hits.forEach((hit, index) => {
    attributes[retrievalDocumentKey(index, "id")] = hit.id
    attributes[retrievalDocumentKey(index, "score")] = hit.score
  })
  return attributes
}

/** Attributes of the policy span (and the turn span). `reason` only for escalations and fallbacks. */
export const handoffAttributes = (options: {
  readonly decision: HandoffDecisionValue
  readonly reason?: HandoffReasonValue | undefined
  readonly confidence: number
}): Record<string, string | number> => ({
  [Handoff.Decision]: options.decision,
  ...(options.reason === undefined ? {} : { [Handoff.Reason]: options.reason }),
  [Handoff.Confidence]: Math.min(1, Math.max(0, options.confidence)),
  [OpenInference.SpanKind]: OpenInferenceSpanKind.Guardrail
})

/** Start attributes of the turn span (`invoke_agent` in GenAI terms). */
export const turnAttributes: Record<string, string> = {
  [GenAI.OperationName]: GenAIOperation.InvokeAgent,
  [GenAI.AgentName]: AgentName,
  [OpenInference.SpanKind]: OpenInferenceSpanKind.Agent
}
