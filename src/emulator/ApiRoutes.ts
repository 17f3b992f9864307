/**
 * The LiveChat Web API over HTTP: `POST /v3.5|v3.6/agent|configuration/action/<action>`. One pipeline for every
 * action: injected fault → JSON body → credentials → handler → `200` with JSON or `{"error":{type,message}}`.
 */
import { HttpLayerRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect, Option } from "effect"
import type { Action, ActionTable } from "./Actions.js"
import { AgentChatApi } from "./AgentChatApi.js"
import { ApiError, errorBody, notFound, statusOf, validation } from "./ApiError.js"
import { type ApiVersion, authenticate } from "./Auth.js"
import { ConfigurationApi } from "./ConfigurationApi.js"
import { type ActiveFault, Faults } from "./Faults.js"
import { State } from "./State.js"

const respondError = (error: { readonly type: ApiError["type"]; readonly message: string }) =>
  HttpServerResponse.unsafeJson(errorBody(error), { status: statusOf(error.type) })

const faultError = (fault: ActiveFault): ApiError => {
  switch (fault.kind) {
    case "internal":
      return new ApiError({ type: "internal", message: "Internal server error" })
    case "service_unavailable":
      return new ApiError({ type: "service_unavailable", message: "Service unavailable" })
    case "too_many_requests":
      return new ApiError({ type: "too_many_requests", message: "Too many requests" })
    case "timeout":
      return new ApiError({ type: "request_timeout", message: "Request timed out" })
  }
}

/** An empty body counts as `{}`; anything else must be valid JSON. */
const readJson = (request: HttpServerRequest.HttpServerRequest) =>
  request.text.pipe(
    Effect.mapError(() => validation("Could not read the request body")),
    Effect.flatMap((text) =>
      text.trim() === ""
        ? Effect.succeed<unknown>({})
        : Effect.try({ try: (): unknown => JSON.parse(text), catch: () => validation("Malformed JSON in request body") })
    )
  )

export const ApiRoutes = HttpLayerRouter.use(Effect.fnUntraced(function*(router) {
  const state = yield* State
  const faults = yield* Faults
  const tables: Record<"agent" | "configuration", ActionTable> = {
    agent: yield* AgentChatApi,
    configuration: yield* ConfigurationApi
  }

  const perform = Effect.fn("EmulatorApi.perform")(function*(
    action: Action,
    request: HttpServerRequest.HttpServerRequest,
    version: ApiVersion
  ) {
    const body = yield* readJson(request)
    if (action.auth === "none") return yield* action.run({ body, version })
    const principal = yield* state.transact((world) => {
      const result = authenticate(world, {
        authorization: request.headers["authorization"],
        authorId: request.headers["x-author-id"]
      }, version)
      return result instanceof ApiError ? Effect.fail(result) : Effect.succeed(result)
    })
    return yield* action.run({ principal, body, version })
  })

  const handle = (api: "agent" | "configuration", version: ApiVersion) =>
    Effect.fn("EmulatorApi.request")(function*(request: HttpServerRequest.HttpServerRequest) {
      const name = (yield* HttpLayerRouter.params).action ?? ""
      yield* Effect.annotateCurrentSpan({ "livechat.api": api, "livechat.action": name, "livechat.version": version })
      const action = tables[api][name]
      if (action === undefined) return respondError(notFound(`Unknown action \`${name}\``))
      const fault = yield* faults.take(name)
      if (Option.isSome(fault) && fault.value.kind !== "timeout") {
        yield* Effect.sleep(fault.value.delay)
        return respondError(faultError(fault.value))
      }
      if (Option.isSome(fault) && !fault.value.processed) {
        // Hold the answer longer than the client waits; the action never happens.
        yield* Effect.sleep(fault.value.delay)
        return respondError(faultError(fault.value))
      }
      const response = yield* perform(action, request, version).pipe(
        Effect.map((result) => HttpServerResponse.unsafeJson(result)),
        Effect.catchTag("ApiError", (error) => Effect.succeed(respondError(error)))
      )
      // A processed "timeout": the action happened, but the client gives up before hearing about it.
      if (Option.isSome(fault)) yield* Effect.sleep(fault.value.delay)
      return response
    })

  for (const version of ["v3.5", "v3.6"] as const) {
    for (const api of ["agent", "configuration"] as const) {
      yield* router.add("POST", `/${version}/${api}/action/:action`, handle(api, version))
    }
  }
}))
