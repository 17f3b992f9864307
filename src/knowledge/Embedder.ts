/**
 * Optional semantic search: text → unit-length vectors from an OpenAI-compatible embeddings endpoint
 * (OpenAI, Azure OpenAI, vLLM, Ollama, …) through the `openai` SDK.
 *
 * Configured by EMBEDDINGS_BASE_URL + EMBEDDINGS_MODEL (+ EMBEDDINGS_API_KEY, redacted); without them the
 * embedder is disabled (`model: null`) and retrieval uses full text and part numbers only.
 */
import { Config, Context, Data, Effect, Layer, Option, Redacted, Schema } from "effect"
import OpenAI from "openai"

export class EmbeddingError extends Data.TaggedError("EmbeddingError")<{
  readonly reason: "request" | "response"
  readonly cause: unknown
}> {}

export interface EmbedderService {
  /** The model whose vectors are stored with the chunks; null when semantic search is off. */
  readonly model: string | null
  /** One unit-length vector per text, in order. */
  readonly embed: (texts: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<ReadonlyArray<number>>, EmbeddingError>
}

export class Embedder extends Context.Tag("app/Embedder")<Embedder, EmbedderService>() {}

export const EmbedderDisabled: Layer.Layer<Embedder> = Layer.succeed(Embedder, {
  model: null,
  embed: () => Effect.succeed([])
})

const EmbeddingResponse = Schema.Struct({
  data: Schema.Array(
    Schema.Struct({
      index: Schema.Int.pipe(Schema.nonNegative()),
      embedding: Schema.NonEmptyArray(Schema.Number.pipe(Schema.finite()))
    })
  )
})

const unit = (v: ReadonlyArray<number>): ReadonlyArray<number> => {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0))
  return norm === 0 ? v : v.map((x) => x / norm)
}

export interface OpenAiEmbedderOptions {
  readonly baseUrl: string
  readonly model: string
  readonly apiKey: Redacted.Redacted<string> | undefined
  /** Texts per request (default 64). */
  readonly batchSize?: number
  /** Per-request timeout in ms (default 30 s); the SDK retries twice on 429/5xx/timeouts. */
  readonly timeoutMs?: number
}

export const makeOpenAiEmbedder = (options: OpenAiEmbedderOptions): EmbedderService => {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // Local servers (vLLM, Ollama) accept any key; the SDK insists on one.
    apiKey: options.apiKey === undefined ? "unused" : Redacted.value(options.apiKey),
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: 2
  })
  const batchSize = options.batchSize ?? 64
  const decode = Schema.decodeUnknown(EmbeddingResponse)

  const embedBatch = Effect.fn("Embedder.embedBatch")(function*(texts: ReadonlyArray<string>) {
    const response = yield* Effect.tryPromise({
      try: (signal) =>
        client.embeddings.create({ model: options.model, input: [...texts], encoding_format: "float" }, { signal }),
      catch: (cause) => new EmbeddingError({ reason: "request", cause })
    })
    const { data } = yield* decode(response).pipe(
      Effect.mapError((cause) => new EmbeddingError({ reason: "response", cause }))
    )
    const byIndex = [...data].sort((a, b) => a.index - b.index)
    const dims = byIndex[0]?.embedding.length
    if (byIndex.length !== texts.length || byIndex.some((d, i) => d.index !== i || d.embedding.length !== dims)) {
      return yield* new EmbeddingError({ reason: "response", cause: "vectors do not match the inputs" })
    }
    return byIndex.map((d) => unit(d.embedding))
  })

  const embed = Effect.fn("Embedder.embed")(function*(texts: ReadonlyArray<string>) {
    yield* Effect.annotateCurrentSpan({ "embeddings.model": options.model, "embeddings.inputs": texts.length })
    const batches: Array<ReadonlyArray<string>> = []
    for (let i = 0; i < texts.length; i += batchSize) batches.push(texts.slice(i, i + batchSize))
    const vectors = yield* Effect.forEach(batches, embedBatch, { concurrency: 1 })
    return vectors.flat()
  })

  return { model: options.model, embed }
}

/** From configuration: the OpenAI-compatible embedder when EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL are set. */
export const EmbedderLive: Layer.Layer<Embedder, never> = Layer.unwrapEffect(
  Effect.gen(function*() {
    const baseUrl = yield* Config.option(Config.nonEmptyString("EMBEDDINGS_BASE_URL"))
    const model = yield* Config.option(Config.nonEmptyString("EMBEDDINGS_MODEL"))
    const apiKey = yield* Config.option(Config.redacted("EMBEDDINGS_API_KEY"))
    if (Option.isNone(baseUrl) || Option.isNone(model)) return EmbedderDisabled
    return Layer.succeed(
      Embedder,
      makeOpenAiEmbedder({ baseUrl: baseUrl.value, model: model.value, apiKey: Option.getOrUndefined(apiKey) })
    )
  }).pipe(Effect.orElseSucceed(() => EmbedderDisabled))
)
