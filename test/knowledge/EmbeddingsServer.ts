/**
 * A tiny OpenAI-compatible embeddings server for tests: `POST /v1/embeddings` on 127.0.0.1, an OS-chosen port,
 * answering with a deterministic "semantic" embedder, so the real `openai` SDK is exercised over real HTTP.
 *
 * The embedder is a hashed bag of concepts: each word is mapped through a small synonym table (so
 * "underwater", "submerge" and "immersion" land on the same dimension, weighted like a salient topic — what
 * makes it semantic rather than lexical); other words are hashed into the remaining dimensions with weight 1.
 * Inputs containing "please fail" get a 500, to test degradation.
 */
import { HttpLayerRouter, HttpServer, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Context, Effect, Layer, Ref, Schema } from "effect"
import { createServer } from "node:http"

export const DIMENSIONS = 256
/** Dimensions reserved for concepts, so no ordinary word collides with one. */
const CONCEPT_DIMENSIONS = 8

/** word → concept dimension */
const concepts: Record<string, number> = {
  underwater: 0,
  submerge: 0,
  submerged: 0,
  submersion: 0,
  immersion: 0,
  immersed: 0,
  diving: 0,
  flooded: 0
}

const hash = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** Words of four letters or more only: short function words would make every text look alike. */
export const embed = (text: string): ReadonlyArray<number> => {
  const v = new Array<number>(DIMENSIONS).fill(0)
  for (const word of text.toLowerCase().match(/\p{L}{4,}/gu) ?? []) {
    const concept = concepts[word]
    if (concept !== undefined) v[concept]! += 4
    else v[CONCEPT_DIMENSIONS + (hash(word) % (DIMENSIONS - CONCEPT_DIMENSIONS))]! += 1
  }
  return v
}

const EmbeddingRequest = Schema.Struct({
  model: Schema.String,
  input: Schema.Union(Schema.String, Schema.Array(Schema.String)),
  encoding_format: Schema.optional(Schema.Literal("float", "base64"))
})

export interface RecordedRequest {
  readonly model: string
  readonly inputs: number
  readonly authorization: string | undefined
}

export class EmbeddingsServer extends Context.Tag("test/EmbeddingsServer")<EmbeddingsServer, {
  /** Base URL for the SDK, e.g. http://127.0.0.1:41234/v1 */
  readonly baseUrl: string
  readonly requests: Ref.Ref<ReadonlyArray<RecordedRequest>>
}>() {}

const Requests = Context.GenericTag<"test/EmbeddingsRequests", Ref.Ref<ReadonlyArray<RecordedRequest>>>(
  "test/EmbeddingsRequests"
)

const Route = HttpLayerRouter.add(
  "POST",
  "/v1/embeddings",
  Effect.gen(function*() {
    const requests = yield* Requests
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = yield* HttpServerRequest.schemaBodyJson(EmbeddingRequest)
    const inputs = typeof body.input === "string" ? [body.input] : body.input
    yield* Ref.update(requests, (all) => [
      ...all,
      { model: body.model, inputs: inputs.length, authorization: request.headers["authorization"] }
    ])
    if (inputs.some((text) => text.includes("please fail"))) {
      return HttpServerResponse.unsafeJson({ error: { message: "scripted failure", type: "server_error" } }, { status: 500 })
    }
    return HttpServerResponse.unsafeJson({
      object: "list",
      model: body.model,
      data: inputs.map((text, index) => ({ object: "embedding", index, embedding: embed(text) })),
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length }
    })
  }).pipe(Effect.catchAll(() => HttpServerResponse.text("bad request", { status: 400 })))
)

/** Starts the server for the lifetime of the layer. */
export const EmbeddingsServerLive: Layer.Layer<EmbeddingsServer> = Layer.unwrapScoped(
  Effect.gen(function*() {
    const requests = yield* Ref.make<ReadonlyArray<RecordedRequest>>([])
    const server = HttpLayerRouter.serve(Route, { disableLogger: true }).pipe(
      Layer.provide(Layer.succeed(Requests, requests)),
      Layer.provideMerge(NodeHttpServer.layer(createServer, { host: "127.0.0.1", port: 0 }))
    )
    return Layer.effect(
      EmbeddingsServer,
      HttpServer.addressWith((address) =>
        Effect.succeed({
          baseUrl: address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}/v1` : "http://invalid",
          requests
        })
      )
    ).pipe(Layer.provide(server))
  })
).pipe(Layer.orDie)
