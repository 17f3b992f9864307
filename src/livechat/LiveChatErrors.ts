/**
 * Failures of LiveChat Web API calls. LiveChat answers `{"error":{"type","message"}}` and documents no HTTP
 * status per type, so the class follows `error.type`; every error keeps the operation, the HTTP status (0
 * when no response arrived) and LiveChat's own message (which never contains our message text or tokens).
 */
import { Data } from "effect"

interface ApiErrorFields {
  /** Client operation, e.g. `sendEvent`. */
  readonly operation: string
  /** HTTP status of the answer. */
  readonly status: number
  /** LiveChat's `error.message`. */
  readonly message: string
}

/** `validation`: wrong request — or, on `transfer_chat`, nobody can take the chat (see `isNobodyAvailable`). */
export class LiveChatValidationError extends Data.TaggedError("LiveChatValidationError")<ApiErrorFields> {}

/** `authentication`: missing, invalid or expired token / PAT. */
export class LiveChatAuthenticationError extends Data.TaggedError("LiveChatAuthenticationError")<ApiErrorFields> {}

/** `authorization`: authenticated but not allowed (e.g. the bot is no longer a user of the chat). */
export class LiveChatAuthorizationError extends Data.TaggedError("LiveChatAuthorizationError")<ApiErrorFields> {}

/** `missing_access`: the token lacks the scope or group access. */
export class LiveChatMissingAccessError extends Data.TaggedError("LiveChatMissingAccessError")<ApiErrorFields> {}

export class LiveChatNotFoundError extends Data.TaggedError("LiveChatNotFoundError")<ApiErrorFields> {}

/** `chat_inactive`: the action needs an active thread. */
export class LiveChatChatInactiveError extends Data.TaggedError("LiveChatChatInactiveError")<ApiErrorFields> {}

export class LiveChatTooManyRequestsError extends Data.TaggedError("LiveChatTooManyRequestsError")<ApiErrorFields> {}

export class LiveChatInternalError extends Data.TaggedError("LiveChatInternalError")<ApiErrorFields> {}

export class LiveChatServiceUnavailableError
  extends Data.TaggedError("LiveChatServiceUnavailableError")<ApiErrorFields>
{}

/** LiveChat's own 15 s server-side timeout (`request_timeout`). */
export class LiveChatRequestTimeoutError extends Data.TaggedError("LiveChatRequestTimeoutError")<ApiErrorFields> {}

/** Any other documented or future `error.type` (limit_reached, license_expired, misdirected_request…). */
export class LiveChatOtherApiError extends Data.TaggedError("LiveChatOtherApiError")<
  ApiErrorFields & { readonly errorType: string }
> {}

/**
 * No HTTP answer. `requestSent: "no"` only when the connection provably never opened (refused, unknown
 * host), so the request cannot have been processed; otherwise "unknown".
 */
export class LiveChatTransportError extends Data.TaggedError("LiveChatTransportError")<{
  readonly operation: string
  readonly status: 0
  readonly requestSent: "no" | "unknown"
  readonly message: string
  readonly cause: unknown
}> {}

/** Our per-attempt timeout fired; LiveChat may or may not have processed the request. */
export class LiveChatTimeoutError extends Data.TaggedError("LiveChatTimeoutError")<{
  readonly operation: string
  readonly status: 0
  readonly message: string
}> {}

/** An answer we cannot read: not JSON, not the documented shape, or an error without `error.type`. */
export class LiveChatUnexpectedResponseError extends Data.TaggedError("LiveChatUnexpectedResponseError")<{
  readonly operation: string
  readonly status: number
  readonly message: string
}> {}

export type LiveChatApiError =
  | LiveChatValidationError
  | LiveChatAuthenticationError
  | LiveChatAuthorizationError
  | LiveChatMissingAccessError
  | LiveChatNotFoundError
  | LiveChatChatInactiveError
  | LiveChatTooManyRequestsError
  | LiveChatInternalError
  | LiveChatServiceUnavailableError
  | LiveChatRequestTimeoutError
  | LiveChatOtherApiError

export type LiveChatError =
  | LiveChatApiError
  | LiveChatTransportError
  | LiveChatTimeoutError
  | LiveChatUnexpectedResponseError

/** Builds the error for a LiveChat `{error:{type,message}}` answer. */
export const fromErrorBody = (
  operation: string,
  status: number,
  body: { readonly type: string; readonly message: string }
): LiveChatApiError => {
  const fields = { operation, status, message: body.message }
  switch (body.type) {
    case "validation":
      return new LiveChatValidationError(fields)
    case "authentication":
      return new LiveChatAuthenticationError(fields)
    case "authorization":
      return new LiveChatAuthorizationError(fields)
    case "missing_access":
      return new LiveChatMissingAccessError(fields)
    case "not_found":
      return new LiveChatNotFoundError(fields)
    case "chat_inactive":
      return new LiveChatChatInactiveError(fields)
    case "too_many_requests":
      return new LiveChatTooManyRequestsError(fields)
    case "internal":
      return new LiveChatInternalError(fields)
    case "service_unavailable":
      return new LiveChatServiceUnavailableError(fields)
    case "request_timeout":
      return new LiveChatRequestTimeoutError(fields)
    default:
      return new LiveChatOtherApiError({ ...fields, errorType: body.type })
  }
}

/**
 * An answer without a readable LiveChat error body (a proxy's HTML 502, an empty 429…): classified by status
 * so that retries still work.
 */
export const fromStatus = (operation: string, status: number): LiveChatError => {
  const fields = { operation, status, message: `HTTP ${status} without a LiveChat error body` }
  switch (status) {
    case 401:
      return new LiveChatAuthenticationError(fields)
    case 408:
      return new LiveChatRequestTimeoutError(fields)
    case 429:
      return new LiveChatTooManyRequestsError(fields)
    case 500:
      return new LiveChatInternalError(fields)
    case 502:
    case 503:
    case 504:
      return new LiveChatServiceUnavailableError(fields)
    default:
      return new LiveChatUnexpectedResponseError(fields)
  }
}

/**
 * Worth retrying for a call that is safe to repeat: no answer, our timeout, rate limiting, LiveChat's
 * timeout and server-side failures.
 */
export const isTransient = (error: LiveChatError): boolean => {
  switch (error._tag) {
    case "LiveChatTransportError":
    case "LiveChatTimeoutError":
    case "LiveChatTooManyRequestsError":
    case "LiveChatInternalError":
    case "LiveChatServiceUnavailableError":
    case "LiveChatRequestTimeoutError":
      return true
    case "LiveChatOtherApiError":
      return [500, 502, 503, 504].includes(error.status)
    default:
      return false
  }
}

/**
 * Worth retrying for a call that must not run twice (`send_event`, `transfer_chat`): only when LiveChat
 * certainly did not act — it refused us for rate limiting, or the connection never opened.
 */
export const isSafeToResend = (error: LiveChatError): boolean =>
  error._tag === "LiveChatTooManyRequestsError" ||
  (error._tag === "LiveChatTransportError" && error.requestSent === "no")

/** `transfer_chat` without `ignore_agents_availability` found nobody to assign. */
export const isNobodyAvailable = (error: LiveChatError): boolean =>
  error._tag === "LiveChatValidationError" && /cannot assign any agent/i.test(error.message)

/** The token (bot token or PAT) was refused: re-issue a bot token once, or fix the configuration. */
export const isAuthenticationError = (error: LiveChatError): error is LiveChatAuthenticationError =>
  error._tag === "LiveChatAuthenticationError"
