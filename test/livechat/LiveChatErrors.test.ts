import { assert, describe, it } from "@effect/vitest"
import {
  fromErrorBody,
  fromStatus,
  isNobodyAvailable,
  isSafeToResend,
  isTransient,
  LiveChatTimeoutError,
  LiveChatTransportError
} from "../../src/livechat/LiveChatErrors.js"

describe("LiveChat error mapping", () => {
  it("maps every documented error.type to its own class, keeping operation, status and message", () => {
    const cases = [
      ["validation", "LiveChatValidationError"],
      ["authentication", "LiveChatAuthenticationError"],
      ["authorization", "LiveChatAuthorizationError"],
      ["missing_access", "LiveChatMissingAccessError"],
      ["not_found", "LiveChatNotFoundError"],
      ["chat_inactive", "LiveChatChatInactiveError"],
      ["too_many_requests", "LiveChatTooManyRequestsError"],
      ["internal", "LiveChatInternalError"],
      ["service_unavailable", "LiveChatServiceUnavailableError"],
      ["request_timeout", "LiveChatRequestTimeoutError"],
      ["misdirected_request", "LiveChatOtherApiError"]
    ] as const
    for (const [type, tag] of cases) {
      const error = fromErrorBody("sendEvent", 418, { type, message: `about ${type}` })
      assert.strictEqual(error._tag, tag)
      assert.strictEqual(error.operation, "sendEvent")
      assert.strictEqual(error.status, 418)
      assert.strictEqual(error.message, `about ${type}`)
    }
    const other = fromErrorBody("getChat", 421, { type: "misdirected_request", message: "Wrong region" })
    assert.strictEqual(other._tag === "LiveChatOtherApiError" ? other.errorType : undefined, "misdirected_request")
  })

  it("classifies bodiless answers by status", () => {
    assert.strictEqual(fromStatus("x", 429)._tag, "LiveChatTooManyRequestsError")
    assert.strictEqual(fromStatus("x", 500)._tag, "LiveChatInternalError")
    assert.strictEqual(fromStatus("x", 502)._tag, "LiveChatServiceUnavailableError")
    assert.strictEqual(fromStatus("x", 401)._tag, "LiveChatAuthenticationError")
    assert.strictEqual(fromStatus("x", 404)._tag, "LiveChatUnexpectedResponseError")
  })

  it("isTransient: failures worth repeating a safe call for", () => {
    const transient = [
      fromErrorBody("x", 429, { type: "too_many_requests", message: "" }),
      fromErrorBody("x", 500, { type: "internal", message: "" }),
      fromErrorBody("x", 503, { type: "service_unavailable", message: "" }),
      fromErrorBody("x", 408, { type: "request_timeout", message: "" }),
      fromStatus("x", 504),
      new LiveChatTimeoutError({ operation: "x", status: 0, message: "" }),
      new LiveChatTransportError({ operation: "x", status: 0, requestSent: "unknown", message: "", cause: null })
    ]
    for (const error of transient) assert.isTrue(isTransient(error), error._tag)
    const permanent = [
      fromErrorBody("x", 400, { type: "validation", message: "" }),
      fromErrorBody("x", 401, { type: "authentication", message: "" }),
      fromErrorBody("x", 403, { type: "missing_access", message: "" }),
      fromErrorBody("x", 422, { type: "chat_inactive", message: "" }),
      fromErrorBody("x", 404, { type: "not_found", message: "" })
    ]
    for (const error of permanent) assert.isFalse(isTransient(error), error._tag)
  })

  it("isSafeToResend: only when LiveChat surely did not act", () => {
    assert.isTrue(isSafeToResend(fromErrorBody("x", 429, { type: "too_many_requests", message: "" })))
    assert.isTrue(isSafeToResend(
      new LiveChatTransportError({ operation: "x", status: 0, requestSent: "no", message: "", cause: null })
    ))
    assert.isFalse(isSafeToResend(
      new LiveChatTransportError({ operation: "x", status: 0, requestSent: "unknown", message: "", cause: null })
    ))
    assert.isFalse(isSafeToResend(new LiveChatTimeoutError({ operation: "x", status: 0, message: "" })))
    assert.isFalse(isSafeToResend(fromErrorBody("x", 500, { type: "internal", message: "" })))
    assert.isFalse(isSafeToResend(fromErrorBody("x", 503, { type: "service_unavailable", message: "" })))
  })

  it("recognises the transfer failure when nobody can take the chat", () => {
    const nobody = fromErrorBody("transferChat", 400, {
      type: "validation",
      message: "Cannot assign any agent from requested groups"
    })
    assert.isTrue(isNobodyAvailable(nobody))
    assert.isFalse(isNobodyAvailable(fromErrorBody("transferChat", 400, { type: "validation", message: "`id` is required" })))
    assert.isFalse(isNobodyAvailable(fromErrorBody("transferChat", 422, { type: "chat_inactive", message: "Chat is inactive" })))
  })
})
