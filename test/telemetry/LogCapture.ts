/**
 * Captures the JSON log lines the app would print (the real `Logging` loggers, writing into memory) and turns log
 * calls inside spans into span events exactly as `LoggingLive` does. For privacy assertions on log output:
 *
 * ```ts
 * const lines = yield* LogCapture.lines
 * assert.isFalse(lines.some((line) => line.includes(sentinel)))
 * ```
 */
import { Context, Effect, Layer, Logger, LogLevel } from "effect"
import * as Logging from "../../src/telemetry/Logging.js"

export class LogCapture extends Context.Tag("test/telemetry/LogCapture")<LogCapture, {
  /** The JSON lines logged so far. */
  readonly lines: Effect.Effect<ReadonlyArray<string>>
}>() {
  static readonly lines: Effect.Effect<ReadonlyArray<string>, never, LogCapture> = Effect.flatMap(
    LogCapture,
    (capture) => capture.lines
  )
  /** The lines parsed back into records. */
  static readonly records: Effect.Effect<ReadonlyArray<Logging.LogRecord>, never, LogCapture> = Effect.map(
    LogCapture.lines,
    (lines) => lines.map((line) => JSON.parse(line) as Logging.LogRecord)
  )
}

export const layer = (options: {
  readonly captureContent?: boolean
  readonly level?: LogLevel.LogLevel
} = {}): Layer.Layer<LogCapture> =>
  Layer.unwrapEffect(Effect.sync(() => {
    const lines: Array<string> = []
    const settings = { captureContent: options.captureContent ?? false, level: options.level ?? LogLevel.Debug }
    return Layer.mergeAll(
      Layer.succeed(LogCapture, { lines: Effect.sync(() => lines.slice()) }),
      Logger.replace(
        Logger.defaultLogger,
        Logger.map(Logging.makeJsonLogger(settings), (line) => void lines.push(line))
      ),
      Logger.replace(Logger.tracerLogger, Logging.makeSpanEventLogger(settings)),
      Logger.minimumLogLevel(settings.level)
    )
  }))

export const LogCaptureLive: Layer.Layer<LogCapture> = layer()
