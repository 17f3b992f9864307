/**
 * Placeholder for the demo pages (customer page `GET /`, human-agent console `GET /console`).
 */
import { HttpLayerRouter, HttpServerResponse } from "@effect/platform"
import { Layer } from "effect"

export const PageRoutes = Layer.mergeAll(
  HttpLayerRouter.add("GET", "/health", HttpServerResponse.unsafeJson({ status: "ok" }))
)
