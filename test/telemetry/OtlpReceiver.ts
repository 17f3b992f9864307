/**
 * A tiny OTLP/HTTP (JSON) receiver for tests: a `node:http` server on an ephemeral loopback port that records
 * every request and answers `200 {}` like a well-behaved collector.
 */
import { Effect, type Scope } from "effect"
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

export interface OtlpReceiver {
  /** Base URL, e.g. `http://127.0.0.1:41234` (what `OTEL_EXPORTER_OTLP_ENDPOINT` is set to). */
  readonly url: string
  /** Requests received so far (a copy). */
  readonly requests: () => ReadonlyArray<ReceivedRequest>
  /** JSON bodies of the requests to `path`. */
  readonly bodies: (path: string) => ReadonlyArray<unknown>
}

export const startOtlpReceiver: Effect.Effect<OtlpReceiver, never, Scope.Scope> = Effect
  .acquireRelease(
    Effect.async<{ readonly server: ReturnType<typeof createServer>; readonly received: Array<ReceivedRequest> }>(
      (resume) => {
        const received: Array<ReceivedRequest> = []
        const server = createServer((request, response) => {
          const chunks: Array<Buffer> = []
          request.on("data", (chunk: Buffer) => chunks.push(chunk))
          request.on("end", () => {
            received.push({
              method: request.method ?? "",
              path: request.url ?? "",
              headers: request.headers,
              body: Buffer.concat(chunks).toString("utf8")
            })
            response.writeHead(200, { "content-type": "application/json" })
            response.end("{}")
          })
        })
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed({ server, received })))
      }
    ),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )
  .pipe(
    Effect.map(({ received, server }): OtlpReceiver => {
      const { port } = server.address() as AddressInfo
      return {
        url: `http://127.0.0.1:${port}`,
        requests: () => received.slice(),
        bodies: (path) => received.filter((r) => r.path === path).map((r) => JSON.parse(r.body) as unknown)
      }
    })
  )
