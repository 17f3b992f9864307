/**
 * The optional LLM judge (`pnpm eval score --judge llm`), RAGAS/promptfoo-style: the model splits the response
 * into atomic claims, then gives a verdict per claim against the context ("not stated" = unsupported), at
 * temperature 0 with a fixed seed. The deterministic atom check still applies on top: an invented part number
 * or number with a unit fails the response whatever the judge says.
 *
 * Every model exchange goes through a content-addressed cache committed with the repository
 * (`evals/judge-cache/<2 hex>/<sha256>.json`, key = sha256 of the prompt version, model, parameters and
 * messages). `replay` only reads it — a miss fails loudly and nothing is sent; `record` calls the model on a
 * miss and writes the answer. With `CI` set, the judge replays, whatever was asked.
 */
import { FileSystem, Path } from "@effect/platform"
import { Config, Context, Data, Effect, Layer, Option, Redacted, Schema } from "effect"
import { createHash } from "node:crypto"
import OpenAI from "openai"
import { GenAIOperation, GenAIProvider, modelCallAttributes, modelCallSpanName } from "../src/telemetry/Attributes.js"
import { canonicalJson } from "./Dataset.js"
import { contextSources, type ScoreInput, toScoreLine } from "./Score.js"
import { type AnswerVerdict, scoreAnswer } from "./Scorer.js"

/** Bump when the prompts change: every cached answer is then a miss. */
export const JudgePromptVersion = "judge-v1"

export type CacheMode = "replay" | "record"

export class JudgeCacheMiss extends Data.TaggedError("JudgeCacheMiss")<{ readonly key: string; readonly line: number }> {
  override get message() {
    return `judge cache miss on input line ${this.line} (key ${this.key}): the judge runs in replay mode and calls no model. ` +
      "Record the answers outside CI with `pnpm eval score --judge llm --judge-cache record` and commit evals/judge-cache/."
  }
}

export class JudgeError extends Data.TaggedError("JudgeError")<{ readonly line: number; readonly detail: string }> {
  override get message() {
    return `judge failed on input line ${this.line}: ${this.detail}`
  }
}

export interface ChatMessage {
  readonly role: "system" | "user"
  readonly content: string
}

export interface ChatRequest {
  readonly promptVersion: string
  readonly model: string
  readonly temperature: 0
  readonly seed: number
  readonly messages: ReadonlyArray<ChatMessage>
}

export const cacheKey = (request: ChatRequest): string => createHash("sha256").update(canonicalJson(request)).digest("hex")

/** Sends a chat request to the model: the one thing a test replaces. */
export class JudgeModel extends Context.Tag("evals/JudgeModel")<JudgeModel, {
  readonly complete: (request: ChatRequest) => Effect.Effect<string, JudgeError>
}>() {}

export const JudgeSettings = Config.all({
  baseUrl: Config.nonEmptyString("EVAL_JUDGE_BASE_URL").pipe(Config.orElse(() => Config.nonEmptyString("OPENAI_BASE_URL")), Config.option),
  model: Config.nonEmptyString("EVAL_JUDGE_MODEL").pipe(
    Config.orElse(() => Config.nonEmptyString("OPENAI_MODEL")),
    Config.withDefault("gpt-4.1-mini")
  ),
  apiKey: Config.redacted("EVAL_JUDGE_API_KEY").pipe(Config.orElse(() => Config.redacted("OPENAI_API_KEY")), Config.option),
  ci: Config.boolean("CI").pipe(Config.withDefault(false))
})

/** The OpenAI-compatible model client (`EVAL_JUDGE_*`, falling back to `OPENAI_*`). */
export const JudgeModelLive = Layer.effect(
  JudgeModel,
  Effect.gen(function*() {
    const settings = yield* JudgeSettings
    const client = new OpenAI({
      ...(Option.isSome(settings.baseUrl) ? { baseURL: settings.baseUrl.value } : {}),
      // Local servers accept any key; the SDK insists on one.
      apiKey: Option.match(settings.apiKey, { onNone: () => "unused", onSome: Redacted.value }),
      timeout: 60_000,
      maxRetries: 2
    })
    return JudgeModel.of({
      complete: (request) =>
        Effect.tryPromise({
          try: (signal) =>
            client.chat.completions.create(
              {
                model: request.model,
                temperature: request.temperature,
                seed: request.seed,
                response_format: { type: "json_object" },
                messages: request.messages.map((m) => ({ role: m.role, content: m.content }))
              },
              { signal }
            ),
          catch: (cause) => new JudgeError({ line: 0, detail: `model call failed: ${String(cause)}` })
        }).pipe(
          Effect.flatMap((response) => {
            const content = response.choices[0]?.message.content
            return typeof content === "string"
              ? Effect.succeed(content)
              : Effect.fail(new JudgeError({ line: 0, detail: "the model returned no message content" }))
          }),
          Effect.withSpan(modelCallSpanName(GenAIOperation.Chat, request.model), {
            kind: "client",
            attributes: modelCallAttributes({ operation: GenAIOperation.Chat, provider: GenAIProvider.OpenAI, model: request.model })
          })
        )
    })
  })
)

// ---------------------------------------------------------------------------------------------------------------
// Prompts
// ---------------------------------------------------------------------------------------------------------------

const claimsPrompt: ChatMessage = {
  role: "system",
  content: [
    "You split a support answer into atomic factual claims.",
    "A claim is one self-contained statement of fact (one value, one property, one relation), with the subject",
    "spelled out (no pronouns). Greetings, questions, offers of help and citation markers such as [1] are not claims.",
    'Reply with JSON only: {"claims": ["…", "…"]}.'
  ].join(" ")
}

const verdictPrompt: ChatMessage = {
  role: "system",
  content: [
    "You check claims against a context. For each claim, answer \"supported\" only if the context states it",
    "(paraphrase and unit conversions are fine); answer \"unsupported\" if the context contradicts it or does not",
    "state it, including numbers, part numbers or units that differ from the context. Do not use outside knowledge.",
    'Reply with JSON only: {"verdicts": [{"claim": "…", "verdict": "supported" | "unsupported", "reason": "…"}]},',
    "one entry per claim, in order."
  ].join(" ")
}

const Claims = Schema.parseJson(Schema.Struct({ claims: Schema.Array(Schema.String) }))
const Verdicts = Schema.parseJson(Schema.Struct({
  verdicts: Schema.Array(Schema.Struct({
    claim: Schema.String,
    verdict: Schema.Literal("supported", "unsupported"),
    reason: Schema.optionalWith(Schema.String, { default: () => "" })
  }))
}))

const formatContext = (input: ScoreInput) =>
  contextSources(input.context).map((s) => `[${s.id}] ${s.text}`).join("\n\n")

// ---------------------------------------------------------------------------------------------------------------

export interface JudgeOptions {
  readonly cacheDir: string
  readonly cacheMode: CacheMode
  readonly model: string
}

/** A judge over one cache; every exchange is looked up (and, when recording, stored) by its key. */
export const makeJudge = Effect.fn("Judge.make")(function*(options: JudgeOptions) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const model = yield* JudgeModel
  const fileOf = (key: string) => path.join(options.cacheDir, key.slice(0, 2), `${key}.json`)
  const CacheEntry = Schema.parseJson(Schema.Struct({ key: Schema.String, response: Schema.String }))

  const exchange = Effect.fn("Judge.exchange")(function*(line: number, messages: ReadonlyArray<ChatMessage>) {
    const request: ChatRequest = { promptVersion: JudgePromptVersion, model: options.model, temperature: 0, seed: 42, messages }
    const key = cacheKey(request)
    const file = fileOf(key)
    const cached = yield* fs.readFileString(file).pipe(
      Effect.flatMap(Schema.decodeUnknown(CacheEntry)),
      Effect.option
    )
    if (Option.isSome(cached)) return cached.value.response
    if (options.cacheMode === "replay") return yield* new JudgeCacheMiss({ key, line })
    const response = yield* model.complete(request).pipe(Effect.mapError((e) => new JudgeError({ line, detail: e.detail })))
    yield* fs.makeDirectory(path.dirname(file), { recursive: true }).pipe(
      Effect.zipRight(fs.writeFileString(file, `${JSON.stringify(JSON.parse(canonicalJson({ key, request, response })), null, 2)}\n`)),
      Effect.mapError((e) => new JudgeError({ line, detail: `cannot write the judge cache: ${e.message}` }))
    )
    return response
  })

  const decode = <A, I>(line: number, schema: Schema.Schema<A, I>, text: string, what: string) =>
    Schema.decodeUnknown(schema)(text).pipe(
      Effect.mapError(() => new JudgeError({ line, detail: `the judge's ${what} is not the JSON asked for: ${text.slice(0, 200)}` }))
    )

  /** Judge one `{context, response}`: claims, verdicts, then the deterministic atom check on top. */
  const judge = Effect.fn("Judge.judge")(function*(line: number, input: ScoreInput) {
    const { claims } = yield* decode(
      line,
      Claims,
      yield* exchange(line, [claimsPrompt, { role: "user", content: `Answer:\n${input.response}` }]),
      "claim list"
    )
    const verdicts = claims.length === 0 ? [] : (yield* decode(
      line,
      Verdicts,
      yield* exchange(line, [
        verdictPrompt,
        { role: "user", content: `Context:\n${formatContext(input)}\n\nClaims:\n${claims.map((c, i) => `${i + 1}. ${c}`).join("\n")}` }
      ]),
      "verdicts"
    )).verdicts
    if (verdicts.length !== claims.length) {
      return yield* new JudgeError({ line, detail: `${claims.length} claims but ${verdicts.length} verdicts` })
    }
    const atoms = scoreAnswer(input.response, contextSources(input.context)).unsupportedAtoms
    const supported = verdicts.filter((v) => v.verdict === "supported").length
    const verdict: AnswerVerdict = {
      grounded: supported === verdicts.length && atoms.length === 0,
      score: verdicts.length === 0 ? 1 : supported / verdicts.length,
      checks: verdicts.length,
      supportedChecks: supported,
      claims: verdicts.map((v, i) => ({
        text: claims[i]!,
        supported: v.verdict === "supported",
        reasons: v.verdict === "supported" ? [] : [v.reason === "" ? "the judge found no support" : v.reason]
      })),
      unsupportedAtoms: atoms
    }
    return toScoreLine(line, input, verdict)
  })

  return {
    /** Lines one at a time, in order (the cache and the logs stay readable; judges are rate-limited anyway). */
    scoreLines: (inputs: ReadonlyArray<{ readonly line: number; readonly input: ScoreInput }>) =>
      Effect.forEach(inputs, ({ input, line }) => judge(line, input))
  } as const
})
