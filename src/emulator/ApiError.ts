/**
 * The LiveChat error model: every failure is `{"error":{"type","message"}}`. The HTTP status per type is not
 * documented for v3; the mapping below is the reference's suggestion, and clients must branch on `type`.
 */
import { Data } from "effect"

export type ApiErrorType =
  | "validation"
  | "authentication"
  | "authorization"
  | "missing_access"
  | "not_found"
  | "chat_inactive"
  | "limit_reached"
  | "group_not_found"
  | "too_many_requests"
  | "request_timeout"
  | "internal"
  | "service_unavailable"

export class ApiError extends Data.TaggedError("ApiError")<{
  readonly type: ApiErrorType
  readonly message: string
}> {}

export const statusOf = (type: ApiErrorType): number => {
  switch (type) {
    case "validation":
      return 400
    case "authentication":
      return 401
    case "authorization":
    case "missing_access":
    case "limit_reached":
      return 403
    case "not_found":
    case "group_not_found":
      return 404
    case "request_timeout":
      return 408
    // The action is well-formed but the chat's state forbids it (no active thread).
    case "chat_inactive":
      return 422
    case "too_many_requests":
      return 429
    case "internal":
      return 500
    case "service_unavailable":
      return 503
  }
}

export const errorBody = (error: { readonly type: string; readonly message: string }) => ({
  error: { type: error.type, message: error.message }
})

export const invalidAccessToken = () => new ApiError({ type: "authentication", message: "Invalid access token" })
export const validation = (message: string) => new ApiError({ type: "validation", message })
export const notFound = (message: string) => new ApiError({ type: "not_found", message })
export const chatInactive = () => new ApiError({ type: "chat_inactive", message: "Chat is inactive" })
export const missingAccess = () => new ApiError({ type: "missing_access", message: "Missing access" })
export const authorization = (message: string) => new ApiError({ type: "authorization", message })
