/**
 * LiveChat timestamps: RFC 3339, UTC, with microseconds (`2017-10-12T15:19:21.010200Z`).
 */
export const formatTimestamp = (millis: number, micros = 0): string =>
  new Date(millis).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(micros % 1000).padStart(3, "0")}Z`)

export const EPOCH = "1970-01-01T00:00:00.000000Z"
