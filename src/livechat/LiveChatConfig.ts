/**
 * Where and as whom `LiveChatClient` talks to LiveChat. Production reads `LIVECHAT_*` variables
 * (`LiveChatConfig.fromEnv`); the dev bootstrap and tests point it at the emulator with
 * `LiveChatConfig.layer({ apiUrl: emulator.url, ...emulator.credentials })`.
 */
import { Config, type ConfigError, Context, Duration, Effect, Layer, Redacted } from "effect"

export type LiveChatApiVersion = "3.6" | "3.5"

export interface LiveChatSettings {
  /** Base URL without version, e.g. `https://api.livechatinc.com` or the emulator's url. */
  readonly apiUrl: string
  /** `3.6` acts as the bot with a bot token; `3.5` uses the PAT plus `X-Author-Id`. */
  readonly apiVersion: LiveChatApiVersion
  /** Account of the personal access token (Basic user name). */
  readonly accountId: string
  readonly pat: Redacted.Redacted<string>
  /** Our app's client id: owner of the bot and of the webhooks. */
  readonly clientId: string
  readonly organizationId: string
  /** Per attempt, including reading the answer. */
  readonly requestTimeout: Duration.Duration
  /** Retries after the first attempt, for failures worth retrying. */
  readonly retryTimes: number
  /** First back-off; doubles per retry, jittered. */
  readonly retryBaseDelay: Duration.Duration
  /** Re-issue a bot token when less than this is left (capped at a quarter of the token's lifetime). */
  readonly botTokenRefreshMargin: Duration.Duration
}

export interface LiveChatSettingsInput {
  readonly apiUrl: string
  readonly apiVersion?: LiveChatApiVersion | undefined
  readonly accountId: string
  readonly pat: string | Redacted.Redacted<string>
  readonly clientId: string
  readonly organizationId: string
  readonly requestTimeout?: Duration.DurationInput | undefined
  readonly retryTimes?: number | undefined
  readonly retryBaseDelay?: Duration.DurationInput | undefined
  readonly botTokenRefreshMargin?: Duration.DurationInput | undefined
}

export const defaultApiUrl = "https://api.livechatinc.com"

const defaults = {
  apiVersion: "3.6" as LiveChatApiVersion,
  requestTimeout: Duration.seconds(15),
  retryTimes: 4,
  retryBaseDelay: Duration.millis(250),
  botTokenRefreshMargin: Duration.hours(1)
}

/** Fills in defaults; a trailing slash of the URL is dropped so paths join cleanly. */
export const makeSettings = (input: LiveChatSettingsInput): LiveChatSettings => ({
  apiUrl: input.apiUrl.replace(/\/+$/, ""),
  apiVersion: input.apiVersion ?? defaults.apiVersion,
  accountId: input.accountId,
  pat: Redacted.isRedacted(input.pat) ? input.pat : Redacted.make(input.pat),
  clientId: input.clientId,
  organizationId: input.organizationId,
  requestTimeout: input.requestTimeout === undefined ? defaults.requestTimeout : Duration.decode(input.requestTimeout),
  retryTimes: input.retryTimes ?? defaults.retryTimes,
  retryBaseDelay: input.retryBaseDelay === undefined ? defaults.retryBaseDelay : Duration.decode(input.retryBaseDelay),
  botTokenRefreshMargin: input.botTokenRefreshMargin === undefined
    ? defaults.botTokenRefreshMargin
    : Duration.decode(input.botTokenRefreshMargin)
})

/** The `LIVECHAT_*` settings; the PAT stays `Redacted`. */
export const fromEnvConfig: Config.Config<LiveChatSettings> = Config.all({
  apiUrl: Config.string("LIVECHAT_API_URL").pipe(Config.withDefault(defaultApiUrl)),
  apiVersion: Config.literal("3.6", "3.5")("LIVECHAT_API_VERSION").pipe(Config.withDefault(defaults.apiVersion)),
  accountId: Config.nonEmptyString("LIVECHAT_ACCOUNT_ID"),
  pat: Config.redacted("LIVECHAT_PAT"),
  clientId: Config.nonEmptyString("LIVECHAT_CLIENT_ID"),
  organizationId: Config.nonEmptyString("LIVECHAT_ORGANIZATION_ID"),
  requestTimeout: Config.duration("LIVECHAT_REQUEST_TIMEOUT").pipe(Config.withDefault(defaults.requestTimeout))
}).pipe(Config.map((settings) => makeSettings(settings)))

export class LiveChatConfig extends Context.Tag("app/LiveChatConfig")<LiveChatConfig, LiveChatSettings>() {
  /** From `LIVECHAT_*` variables (fails at startup with a `ConfigError` naming a missing one). */
  static readonly fromEnv: Layer.Layer<LiveChatConfig, ConfigError.ConfigError> = Layer.effect(
    LiveChatConfig,
    Effect.map(fromEnvConfig, (settings) => LiveChatConfig.of(settings))
  )

  /** Explicit settings, e.g. the emulator's url and credentials. */
  static readonly layer = (input: LiveChatSettingsInput): Layer.Layer<LiveChatConfig> =>
    Layer.succeed(LiveChatConfig, LiveChatConfig.of(makeSettings(input)))
}
