/**
 * Optional semantic search against a local OpenAI-compatible embeddings server (the real `openai` SDK over
 * real HTTP): vectors are stored with the chunks, fused into the ranking, kept across idempotent imports,
 * refreshed when the model changes, and a failing endpoint degrades search instead of breaking it.
 */
import { NodeContext } from "@effect/platform-node"
import { SqlClient } from "@effect/sql"
import { assert } from "@effect/vitest"
import { Effect, Layer, Redacted, Ref, Schema } from "effect"
import { Embedder, EmbedderDisabled, makeOpenAiEmbedder } from "../../src/knowledge/Embedder.js"
import { bundledDatasets, KnowledgeIngest } from "../../src/knowledge/KnowledgeIngest.js"
import { makeRetrieverPg, Retriever } from "../../src/knowledge/Retriever.js"
import type { TestDatabase } from "../support/Databases.js"
import { DIMENSIONS, EmbeddingsServer, EmbeddingsServerLive } from "./EmbeddingsServer.js"
import { perDatabase } from "./perDatabase.js"

const MODEL = "fitmate-test-embed-1"

const EmbedderFromServer = Layer.effect(
  Embedder,
  Effect.map(EmbeddingsServer, (server) =>
    makeOpenAiEmbedder({ baseUrl: server.baseUrl, model: MODEL, apiKey: Redacted.make("sk-test-not-a-secret"), batchSize: 50 }))
)

const SemanticLayer = (database: TestDatabase) =>
  Layer.mergeAll(KnowledgeIngest.Default, Layer.effect(Retriever, makeRetrieverPg)).pipe(
    Layer.provide(EmbedderFromServer),
    Layer.provideMerge(EmbeddingsServerLive),
    Layer.provide(NodeContext.layer),
    Layer.provideMerge(database.layer())
  )

/** The same retriever, without embeddings: the baseline the semantic channel must beat. */
const lexicalRetriever = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return yield* makeRetrieverPg.pipe(Effect.provide(Layer.mergeAll(EmbedderDisabled, Layer.succeed(SqlClient.SqlClient, sql))))
})

const vectors = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return yield* sql`
    SELECT embedding_model AS model, count(*)::int AS chunks, min(cardinality(embedding))::int AS dims
    FROM knowledge_chunks GROUP BY embedding_model ORDER BY embedding_model`.pipe(
    Effect.flatMap(Schema.decodeUnknown(Schema.Array(Schema.Struct({
      model: Schema.NullOr(Schema.String),
      chunks: Schema.Number,
      dims: Schema.NullOr(Schema.Number)
    }))))
  )
})

// Neither "underwater" nor "submerge" appears in any document; the embedder maps them onto "immersion".
const QUESTION = "Can I leave the plug underwater? I want to submerge it for days."

perDatabase("semantic search", SemanticLayer, (it) => {
  it.effect("the import embeds every chunk through the SDK and stores unit vectors with the model name", () =>
    Effect.gen(function*() {
      const server = yield* EmbeddingsServer
      const report = yield* (yield* KnowledgeIngest).ingest(bundledDatasets)
      assert.strictEqual(report.chunksEmbedded, report.chunksWritten)
      assert.deepStrictEqual(yield* vectors, [{ model: MODEL, chunks: report.chunksWritten, dims: DIMENSIONS }])
      const requests = yield* Ref.get(server.requests)
      assert.isTrue(requests.every((r) => r.model === MODEL && r.authorization === "Bearer sk-test-not-a-secret"))
      assert.strictEqual(requests.reduce((n, r) => n + r.inputs, 0), report.chunksWritten)
      assert.isTrue(requests.every((r) => r.inputs <= 50))
      const sql = yield* SqlClient.SqlClient
      const [norm] = yield* sql`
        SELECT max(abs(1 - sqrt((SELECT sum(x * x) FROM unnest(embedding) AS t(x)))))::float8 AS err
        FROM knowledge_chunks`.pipe(Effect.flatMap(Schema.decodeUnknown(Schema.Array(Schema.Struct({ err: Schema.Number })))))
      assert.isBelow(norm!.err, 1e-4)
    }))

  it.effect("semantic matches are fused into the ranking", () =>
    Effect.gen(function*() {
      const lexical = yield* (yield* lexicalRetriever).search(QUESTION)
      assert.notInclude(lexical.map((p) => p.sourceId), "an-ip-ratings", "the baseline should not find it without embeddings")
      const semantic = yield* (yield* Retriever).search(QUESTION)
      const ip = semantic.find((p) => p.sourceId === "an-ip-ratings")
      assert.isDefined(ip, semantic.map((p) => p.sourceId).join(", "))
      assert.include(ip!.matchedBy, "semantic")
      // Exact part numbers still win: the semantic channel adds, it does not replace.
      const [top] = yield* (yield* Retriever).search("FM-CT-R13-22P current rating")
      assert.strictEqual(top?.sourceId, "ds-fm-ct")
    }))

  it.effect("a second import embeds nothing; a new model re-embeds everything", () =>
    Effect.gen(function*() {
      const server = yield* EmbeddingsServer
      const before = (yield* Ref.get(server.requests)).length
      const again = yield* (yield* KnowledgeIngest).ingest(bundledDatasets)
      assert.isFalse(again.changed)
      assert.strictEqual(again.chunksEmbedded, 0)
      assert.strictEqual((yield* Ref.get(server.requests)).length, before)

      const sql = yield* SqlClient.SqlClient
      const next = makeOpenAiEmbedder({ baseUrl: server.baseUrl, model: "fitmate-test-embed-2", apiKey: undefined })
      const report = yield* Effect.flatMap(KnowledgeIngest, (k) => k.ingest(bundledDatasets)).pipe(
        Effect.provide(
          KnowledgeIngest.Default.pipe(
            Layer.provide(Layer.mergeAll(Layer.succeed(Embedder, next), Layer.succeed(SqlClient.SqlClient, sql), NodeContext.layer))
          )
        )
      )
      assert.strictEqual(report.sourcesUpdated + report.partsUpdated, 0)
      assert.isAbove(report.chunksEmbedded, 300)
      assert.deepStrictEqual((yield* vectors).map((v) => v.model), ["fitmate-test-embed-2"])
      const unauthenticated = (yield* Ref.get(server.requests)).at(-1)
      assert.strictEqual(unauthenticated?.authorization, "Bearer unused")
    }))

  it.effect("when the endpoint fails, search still answers from the other channels", () =>
    Effect.gen(function*() {
      const passages = yield* (yield* Retriever).search("please fail — what is the warranty period?")
      assert.include(passages.map((p) => p.sourceId), "pol-warranty")
      assert.isTrue(passages.every((p) => !p.matchedBy.includes("semantic")))
    }))
})
