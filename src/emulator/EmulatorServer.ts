/**
 * The emulator as one scoped layer: its HTTP server on 127.0.0.1 (the LiveChat Web API, the control API and
 * the demo pages), the guarded state and the webhook dispatcher. Closing the layer stops the server, then
 * interrupts every delivery still in flight.
 */
import { createServer } from "node:http"
import { HttpLayerRouter, HttpServer } from "@effect/platform"
import { NodeHttpClient, NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { AgentChatApi } from "./AgentChatApi.js"
import { ApiRoutes } from "./ApiRoutes.js"
import { ConfigurationApi } from "./ConfigurationApi.js"
import { ControlRoutes } from "./Control.js"
import { Emulator } from "./Emulator.js"
import { Faults } from "./Faults.js"
import { Operations } from "./Operations.js"
import { type EmulatorOptions, resolveOptions } from "./Options.js"
import { PageRoutes } from "./Pages.js"
import { State } from "./State.js"
import { WebhookDelivery } from "./WebhookDelivery.js"

export { EmulatorDefaults, type EmulatorOptions } from "./Options.js"

export const layer = (options?: EmulatorOptions) => {
  const resolved = resolveOptions(options)
  const Delivery = WebhookDelivery.layer(resolved).pipe(Layer.provide(NodeHttpClient.layerUndici))
  const Core = Layer.mergeAll(
    ConfigurationApi.layer.pipe(Layer.provideMerge(AgentChatApi.layer)),
    Operations.layer
  ).pipe(Layer.provideMerge(Layer.merge(State.layer(resolved), Faults.layer)), Layer.provideMerge(Delivery))

  const Http = HttpLayerRouter.serve(Layer.mergeAll(ApiRoutes, ControlRoutes, PageRoutes), {
    disableLogger: true,
    disableListenLog: true
  }).pipe(Layer.provideMerge(NodeHttpServer.layer(createServer, { port: resolved.port, host: "127.0.0.1" })))

  const EmulatorLive = Layer.effect(
    Emulator,
    Effect.gen(function*() {
      const operations = yield* Operations
      const server = yield* HttpServer.HttpServer
      const url = server.address._tag === "TcpAddress"
        ? `http://127.0.0.1:${server.address.port}`
        : `http://unix:${server.address.path}`
      return Emulator.of({
        ...operations,
        url,
        credentials: {
          organizationId: resolved.organizationId,
          accountId: resolved.accountId,
          pat: resolved.pat,
          clientId: resolved.clientId
        }
      })
    })
  )

  return EmulatorLive.pipe(Layer.provide(Http), Layer.provide(Core))
}
