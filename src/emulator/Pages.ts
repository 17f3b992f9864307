/**
 * The demo pages: a customer chat page (`GET /`) and a human-agent console (`GET /console`), plus a health probe.
 */
import { HttpLayerRouter, HttpServerResponse } from "@effect/platform"
import { Layer } from "effect"
import { consolePage } from "./ConsolePage.js"
import { customerPage } from "./CustomerPage.js"

const html = (body: string) => HttpServerResponse.text(body, { contentType: "text/html; charset=utf-8" })

export const PageRoutes = Layer.mergeAll(
  HttpLayerRouter.add("GET", "/", html(customerPage)),
  HttpLayerRouter.add("GET", "/console", html(consolePage)),
  HttpLayerRouter.add("GET", "/health", HttpServerResponse.unsafeJson({ status: "ok" }))
)
