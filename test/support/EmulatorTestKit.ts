/**
 * Helpers shared by the suites that drive the emulator over real HTTP (test/emulator, test/livechat):
 * polling with a deadline, and a local webhook receiver. Each suite keeps what only it needs (its own
 * emulator settings, API client, what the receiver records and answers).
 */
import { createServer, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Duration, Effect, type Scope } from "effect"

/**
 * `eventually` with a suite's default deadline: re-runs `effect` until `done` holds and dies with the last
 * value after the deadline. Deadlines are generous because the tests run on a slow 2-core machine.
 */
export const eventuallyWithin =
  (defaultTimeout: Duration.DurationInput) =>
  <A, E, R>(
    effect: Effect.Effect<A, E, R>,
    done: (value: A) => boolean,
    options: { readonly timeout?: Duration.DurationInput; readonly what?: string } = {}
  ): Effect.Effect<A, E, R> =>
    Effect.gen(function*() {
      const deadline = Date.now() + Duration.toMillis(options.timeout ?? defaultTimeout)
      while (true) {
        const value = yield* effect
        if (done(value)) return value
        if (Date.now() > deadline) {
          return yield* Effect.dieMessage(
            `timed out waiting for ${options.what ?? "condition"}; last value: ${JSON.stringify(value)}`
          )
        }
        yield* Effect.sleep("50 millis")
      }
    })

/**
 * A local HTTP server on a free port that hands each request's complete body to `onRequest`, which must
 * answer it. The URL ends in the bot's webhook path; the server and its open connections close with the scope.
 */
export const webhookServer = (
  onRequest: (body: Buffer, response: ServerResponse) => void
): Effect.Effect<{ readonly url: string }, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly close: () => Promise<void> }>((resume) => {
      const server = createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => onRequest(Buffer.concat(chunks), response))
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          url: `http://127.0.0.1:${port}/livechat/webhook`,
          close: () =>
            new Promise<void>((done) => {
              server.closeAllConnections()
              server.close(() => done())
            })
        }))
      })
    }),
    ({ close }) => Effect.promise(close)
  ).pipe(Effect.map(({ url }) => ({ url })))
