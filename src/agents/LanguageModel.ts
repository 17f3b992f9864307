/**
 * A chat model behind the `openai` SDK: any OpenAI-compatible server (OpenAI, Azure OpenAI, vLLM, Ollama…).
 *
 * - Configuration: `OPENAI_BASE_URL` (default https://api.openai.com/v1), `OPENAI_MODEL` (default gpt-4.1-mini),
 *   `OPENAI_API_KEY` (redacted; local servers accept any), `OPENAI_TIMEOUT_MS` per call (default 20000),
 *   `OPENAI_MAX_RETRIES` (default 2), `OPENAI_RETRY_BASE_MS` (default 500), `OPENAI_TEMPERATURE` (default 0).
 * - Every attempt is a `chat {model}` CLIENT span with the GenAI attributes (operation, provider, models, token
 *   usage, finish reasons, response id; `error.type` on failure) and feeds `recordModelCall`. Prompts and
 *   completions go on the span only with content capture on.
 * - 429, 5xx and transport errors are retried with jittered exponential backoff; timeouts are not (the customer
 *   is waiting — the engine falls back instead). The SDK's own retries are off so each attempt is visible.
 * - The response is decoded with Schema: model output is external input.
 */
import { Clock, Config, type ConfigError, Context, Data, Duration, Effect, Layer, Option, Redacted, Schedule, Schema } from "effect"
import OpenAI from "openai"
import {
  ErrorType,
  GenAI,
  GenAIOperation,
  GenAIProvider,
  modelCallAttributes,
  modelCallSpanName,
  modelUsageAttributes
} from "../telemetry/Attributes.js"
import { recordModelCall } from "../telemetry/Metrics.js"
import { annotateContent } from "../telemetry/Privacy.js"
import { annotateStringArray } from "../telemetry/Tracing.js"

export type ChatMessage =
  | { readonly role: "system" | "user"; readonly content: string }
  | {
    readonly role: "assistant"
    readonly content: string | null
    readonly toolCalls?: ReadonlyArray<ToolCall>
  }
  | { readonly role: "tool"; readonly toolCallId: string; readonly content: string }

export interface ToolCall {
  readonly id: string
  readonly name: string
  /** JSON text as the model wrote it (decode it before use). */
  readonly arguments: string
}

export interface ToolDefinition {
  readonly name: string
  readonly description: string
  /** JSON Schema of the arguments object. */
  readonly parameters: Record<string, unknown>
}

export interface ChatRequest {
  readonly messages: ReadonlyArray<ChatMessage>
  readonly tools?: ReadonlyArray<ToolDefinition>
  /** Ask for a JSON object matching this schema (structured output); ignored by servers without support. */
  readonly jsonSchema?: { readonly name: string; readonly schema: Record<string, unknown> }
}

export interface ChatResponse {
  readonly id: string
  readonly model: string
  readonly content: Option.Option<string>
  readonly toolCalls: ReadonlyArray<ToolCall>
  readonly finishReason: string
  readonly inputTokens: number
  readonly outputTokens: number
}

export type LanguageModelFailure = "timeout" | "rate_limited" | "server" | "client" | "transport" | "malformed"

export class LanguageModelError extends Data.TaggedError("LanguageModelError")<{
  readonly reason: LanguageModelFailure
  readonly status: number | undefined
  readonly cause: unknown
}> {
  override get message() {
    return `model call failed: ${this.reason}${this.status === undefined ? "" : ` (HTTP ${this.status})`}`
  }
}

export interface LanguageModelService {
  readonly model: string
  readonly chat: (request: ChatRequest) => Effect.Effect<ChatResponse, LanguageModelError>
}

export class LanguageModel extends Context.Tag("app/LanguageModel")<LanguageModel, LanguageModelService>() {}

export interface LanguageModelOptions {
  readonly baseUrl: string
  readonly model: string
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly timeout: Duration.Duration
  readonly maxRetries: number
  readonly retryBase: Duration.Duration
  readonly temperature: number
}

export const LanguageModelConfig: Config.Config<LanguageModelOptions> = Config.all({
  baseUrl: Config.string("OPENAI_BASE_URL").pipe(Config.withDefault("https://api.openai.com/v1")),
  model: Config.nonEmptyString("OPENAI_MODEL").pipe(Config.withDefault("gpt-4.1-mini")),
  apiKey: Config.option(Config.redacted("OPENAI_API_KEY")),
  timeout: Config.integer("OPENAI_TIMEOUT_MS").pipe(Config.withDefault(20_000), Config.map(Duration.millis)),
  maxRetries: Config.integer("OPENAI_MAX_RETRIES").pipe(Config.withDefault(2)),
  retryBase: Config.integer("OPENAI_RETRY_BASE_MS").pipe(Config.withDefault(500), Config.map(Duration.millis)),
  temperature: Config.number("OPENAI_TEMPERATURE").pipe(Config.withDefault(0))
})

// ---------------------------------------------------------------------------------------------------------------
// Response decoding
// ---------------------------------------------------------------------------------------------------------------

const WireToolCall = Schema.Struct({
  id: Schema.String,
  type: Schema.optional(Schema.String),
  function: Schema.Struct({ name: Schema.String, arguments: Schema.String })
})

const WireResponse = Schema.Struct({
  id: Schema.optionalWith(Schema.String, { default: () => "" }),
  model: Schema.optionalWith(Schema.String, { default: () => "" }),
  choices: Schema.NonEmptyArray(Schema.Struct({
    finish_reason: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
    message: Schema.Struct({
      content: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
      tool_calls: Schema.optionalWith(Schema.NullOr(Schema.Array(WireToolCall)), { default: () => null })
    })
  })),
  usage: Schema.optionalWith(
    Schema.NullOr(Schema.Struct({
      prompt_tokens: Schema.optionalWith(Schema.Number, { default: () => 0 }),
      completion_tokens: Schema.optionalWith(Schema.Number, { default: () => 0 })
    })),
    { default: () => null }
  )
})

const decodeResponse = Schema.decodeUnknown(WireResponse)

const toWireMessage = (m: ChatMessage): OpenAI.Chat.Completions.ChatCompletionMessageParam => {
  switch (m.role) {
    case "system":
      return { role: "system", content: m.content }
    case "user":
      return { role: "user", content: m.content }
    case "tool":
      return { role: "tool", tool_call_id: m.toolCallId, content: m.content }
    case "assistant":
      return m.toolCalls !== undefined && m.toolCalls.length > 0
        ? {
          role: "assistant",
          content: m.content,
          tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } }))
        }
        : { role: "assistant", content: m.content ?? "" }
  }
}

const classify = (cause: unknown): LanguageModelError => {
  if (cause instanceof OpenAI.APIConnectionTimeoutError) return new LanguageModelError({ reason: "timeout", status: undefined, cause })
  if (cause instanceof OpenAI.APIConnectionError) return new LanguageModelError({ reason: "transport", status: undefined, cause })
  if (cause instanceof OpenAI.APIError) {
    const status = typeof cause.status === "number" ? cause.status : undefined
    const reason: LanguageModelFailure = status === 429
      ? "rate_limited"
      : status !== undefined && (status >= 500 || status === 408)
      ? "server"
      : "client"
    return new LanguageModelError({ reason, status, cause })
  }
  return new LanguageModelError({ reason: "transport", status: undefined, cause })
}

const retryable = (e: LanguageModelError) => e.reason === "rate_limited" || e.reason === "server" || e.reason === "transport"

// ---------------------------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------------------------

export const makeLanguageModel = (options: LanguageModelOptions): LanguageModelService => {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // Local servers (vLLM, Ollama) accept any key; the SDK insists on one.
    apiKey: Option.match(options.apiKey, { onNone: () => "unused", onSome: Redacted.value }),
    maxRetries: 0,
    timeout: Duration.toMillis(options.timeout)
  })
  const provider = GenAIProvider.OpenAI
  const model = options.model

  const attempt = (request: ChatRequest) =>
    Effect.gen(function*() {
      const started = yield* Clock.currentTimeMillis
      yield* annotateContent({ [GenAI.InputMessages]: JSON.stringify(request.messages) })
      const outcome = yield* Effect.tryPromise({
        try: (signal) =>
          client.chat.completions.create(
            {
              model,
              messages: request.messages.map(toWireMessage),
              temperature: options.temperature,
              ...(request.tools === undefined || request.tools.length === 0 ? {} : {
                tools: request.tools.map((t) => ({
                  type: "function" as const,
                  function: { name: t.name, description: t.description, parameters: t.parameters }
                }))
              }),
              ...(request.jsonSchema === undefined ? {} : {
                response_format: {
                  type: "json_schema" as const,
                  json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: false }
                }
              })
            },
            { signal, timeout: Duration.toMillis(options.timeout), maxRetries: 0 }
          ),
        catch: classify
      }).pipe(
        // The SDK's timeout covers the request; this one covers everything, body included.
        Effect.timeoutFail({
          duration: Duration.sum(options.timeout, Duration.millis(250)),
          onTimeout: () => new LanguageModelError({ reason: "timeout", status: undefined, cause: "deadline" })
        }),
        Effect.flatMap((raw) =>
          decodeResponse(raw).pipe(
            Effect.mapError((cause) => new LanguageModelError({ reason: "malformed", status: undefined, cause }))
          )
        ),
        Effect.tapError((error) =>
          Effect.gen(function*() {
            const ended = yield* Clock.currentTimeMillis
            yield* Effect.annotateCurrentSpan({ [ErrorType]: error.reason, ...(error.status === undefined ? {} : { "http.response.status_code": error.status }) })
            yield* recordModelCall({
              operation: GenAIOperation.Chat,
              provider,
              model,
              inputTokens: 0,
              outputTokens: 0,
              durationMillis: ended - started,
              errorType: error.reason
            })
          })
        )
      )
      const ended = yield* Clock.currentTimeMillis
      const choice = outcome.choices[0]
      const inputTokens = outcome.usage?.prompt_tokens ?? 0
      const outputTokens = outcome.usage?.completion_tokens ?? 0
      const response: ChatResponse = {
        id: outcome.id,
        model: outcome.model === "" ? model : outcome.model,
        content: Option.fromNullable(choice.message.content),
        toolCalls: (choice.message.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
        finishReason: choice.finish_reason ?? "unknown",
        inputTokens,
        outputTokens
      }
      yield* Effect.annotateCurrentSpan({
        ...modelUsageAttributes({ responseModel: response.model, inputTokens, outputTokens }),
        [GenAI.ResponseId]: response.id
      })
      yield* annotateStringArray(GenAI.ResponseFinishReasons, [response.finishReason])
      yield* annotateContent({ [GenAI.OutputMessages]: Option.getOrElse(response.content, () => JSON.stringify(response.toolCalls)) })
      yield* recordModelCall({ operation: GenAIOperation.Chat, provider, model, inputTokens, outputTokens, durationMillis: ended - started })
      return response
    }).pipe(
      Effect.withSpan(modelCallSpanName(GenAIOperation.Chat, model), {
        kind: "client",
        attributes: { ...modelCallAttributes({ operation: GenAIOperation.Chat, provider, model }), [GenAI.RequestTemperature]: options.temperature }
      })
    )

  const backoff = Schedule.exponential(options.retryBase).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(Math.max(0, options.maxRetries)))
  )

  const chat = Effect.fn("LanguageModel.chat")(function*(request: ChatRequest) {
    return yield* attempt(request).pipe(Effect.retry({ schedule: backoff, while: retryable }))
  })

  return { model, chat }
}

/** The model from configuration (`OPENAI_*`). */
export const LanguageModelLive: Layer.Layer<LanguageModel, ConfigError.ConfigError> = Layer.effect(
  LanguageModel,
  Effect.map(LanguageModelConfig, makeLanguageModel)
)
