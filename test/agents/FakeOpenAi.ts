/**
 * A local OpenAI-compatible HTTP server for tests: `POST /v1/chat/completions` answered by a script the test sets
 * (tool calls, JSON answers, malformed text, delays, 429/500), recording every request body. The real `openai`
 * SDK talks to it over real HTTP.
 */
import { Context, Duration, Effect, Layer, Option, Redacted } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { LanguageModel, makeLanguageModel } from "../../src/agents/LanguageModel.js"

export interface RecordedRequest {
  readonly at: number
  readonly body: {
    readonly model: string
    readonly messages: ReadonlyArray<{ readonly role: string; readonly content?: string | null; readonly tool_call_id?: string }>
    readonly tools?: ReadonlyArray<{ readonly function: { readonly name: string } }>
    readonly response_format?: { readonly type: string }
  }
  readonly authorization: string | undefined
}

export type Reply =
  | { readonly kind: "answer"; readonly content: string; readonly delayMs?: number }
  | { readonly kind: "tool_calls"; readonly calls: ReadonlyArray<{ readonly name: string; readonly arguments: string }> }
  | { readonly kind: "status"; readonly status: number; readonly body?: string }
  | { readonly kind: "raw"; readonly body: string }

export type Script = (request: RecordedRequest, index: number) => Reply

export interface FakeOpenAiService {
  readonly url: string
  readonly setScript: (script: Script) => Effect.Effect<void>
  /** Requests since the last `setScript`. */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
}

export class FakeOpenAi extends Context.Tag("test/FakeOpenAi")<FakeOpenAi, FakeOpenAiService>() {}

export const json = (answer: {
  readonly answer: string
  readonly citations: ReadonlyArray<string>
  readonly confidence?: number
  readonly needs_human?: boolean
  readonly reason?: string | null
}) =>
  JSON.stringify({ confidence: 0.9, needs_human: false, reason: null, ...answer })

const completion = (request: RecordedRequest, message: Record<string, unknown>, finish: string) => ({
  id: `chatcmpl-${Math.random().toString(36).slice(2, 10)}`,
  object: "chat.completion",
  created: Math.floor(Date.now() / 1000),
  model: `${request.body.model}-2026`,
  choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: finish }],
  usage: { prompt_tokens: 321, completion_tokens: 45, total_tokens: 366 }
})

export const FakeOpenAiLive: Layer.Layer<FakeOpenAi> = Layer.scoped(
  FakeOpenAi,
  Effect.gen(function*() {
    // Plain state: the Node request callback reads it synchronously.
    let script: Script = () => ({ kind: "status", status: 500 })
    let requests: Array<RecordedRequest> = []

    const server = http.createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        {
          const recorded: RecordedRequest = {
            at: Date.now(),
            body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
            authorization: req.headers.authorization
          }
          const index = requests.length
          requests.push(recorded)
          const reply = script(recorded, index)
          const send = (status: number, body: string) => {
            if (res.destroyed) return
            res.writeHead(status, { "content-type": "application/json" })
            res.end(body)
          }
          switch (reply.kind) {
            case "answer": {
              const body = JSON.stringify(completion(recorded, { content: reply.content }, "stop"))
              if (reply.delayMs === undefined) send(200, body)
              else setTimeout(() => send(200, body), reply.delayMs)
              return
            }
            case "tool_calls":
              return send(200, JSON.stringify(completion(recorded, {
                content: null,
                tool_calls: reply.calls.map((c, i) => ({ id: `call_${index}_${i}`, type: "function", function: c }))
              }, "tool_calls")))
            case "status":
              return send(reply.status, reply.body ?? JSON.stringify({ error: { message: `scripted ${reply.status}`, type: "server_error" } }))
            case "raw":
              return send(200, reply.body)
          }
        }
      })
    })
    yield* Effect.async<void>((resume) => {
      server.listen(0, "127.0.0.1", () => resume(Effect.void))
    })
    yield* Effect.addFinalizer(() =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
    )
    const port = (server.address() as AddressInfo).port
    return {
      url: `http://127.0.0.1:${port}/v1`,
      setScript: (next: Script) =>
        Effect.sync(() => {
          script = next
          requests = []
        }),
      requests: Effect.sync(() => [...requests])
    }
  })
)

export const TestModelName = "test-model"
export const TestApiKey = "sk-test-0123456789abcdef"

/** The real model client pointed at the fake server: 400 ms per call, two retries from a 150 ms base. */
export const FakeLanguageModel: Layer.Layer<LanguageModel, never, FakeOpenAi> = Layer.effect(
  LanguageModel,
  Effect.map(FakeOpenAi, (server) =>
    makeLanguageModel({
      baseUrl: server.url,
      model: TestModelName,
      apiKey: Option.some(Redacted.make(TestApiKey)),
      timeout: Duration.millis(400),
      maxRetries: 2,
      retryBase: Duration.millis(150),
      temperature: 0
    }))
)
