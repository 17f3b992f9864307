/**
 * The only failure of `ChatStore`: the database could not be reached or answered something unexpected.
 * Callers treat it as transient (retry in place); `cause` keeps the driver error for logs, never for users.
 */
import { Data } from "effect"

export class StoreError extends Data.TaggedError("StoreError")<{
  readonly operation: string
  readonly cause: unknown
}> {}
