/**
 * The shape shared by Agent Chat and Configuration API actions: a handler gets the caller and the JSON body and
 * answers a JSON value or an `ApiError`. Bodies are decoded with Schema; a decoding failure becomes a
 * `validation` error naming the offending field, in LiveChat's wording ("`id` is required").
 */
import { Effect, ParseResult, Schema } from "effect"
import { ApiError, validation } from "./ApiError.js"
import type { ApiVersion, Principal } from "./Auth.js"

export interface AuthenticatedContext {
  readonly principal: Principal
  readonly body: unknown
  readonly version: ApiVersion
}

export interface OpenContext {
  readonly body: unknown
  readonly version: ApiVersion
}

export type Action =
  | { readonly auth: "required"; readonly run: (context: AuthenticatedContext) => Effect.Effect<unknown, ApiError> }
  /** No credentials needed (e.g. `issue_bot_token`, which authenticates with the bot secret in the body). */
  | { readonly auth: "none"; readonly run: (context: OpenContext) => Effect.Effect<unknown, ApiError> }

export type ActionTable = Readonly<Record<string, Action>>

export const authenticated = (run: (context: AuthenticatedContext) => Effect.Effect<unknown, ApiError>): Action => ({ auth: "required", run })
export const open = (run: (context: OpenContext) => Effect.Effect<unknown, ApiError>): Action => ({ auth: "none", run })

const describe = (issue: ParseResult.ArrayFormatterIssue): string => {
  const path = issue.path.map(String).join(".")
  if (path === "") return issue.message
  if (issue._tag === "Missing") return `\`${path}\` is required`
  return `\`${path}\`: ${issue.message}`
}

export const describeParseError = (error: ParseResult.ParseError): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  return issues.length === 0 ? "Wrong format of request" : issues.map(describe).join("; ")
}

/** Decodes a request body, answering `validation` with a readable message on bad input. */
export const decodeBody = <A, I>(schema: Schema.Schema<A, I>, body: unknown): Effect.Effect<A, ApiError> =>
  Schema.decodeUnknown(schema, { errors: "all" })(body).pipe(
    Effect.mapError((error) => validation(describeParseError(error)))
  )

export const ok = {} as const
