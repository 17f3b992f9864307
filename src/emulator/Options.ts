/**
 * Settings of one emulator instance and the fixed development values it starts with. The dev values are not
 * secrets: they only open the local emulator, never a real LiveChat licence.
 */
import type { Duration } from "effect"

export interface EmulatorOptions {
  /** 0 / undefined = an ephemeral port on 127.0.0.1. */
  readonly port?: number
  readonly organizationId?: string
  /** PAT account: `Authorization: Basic base64(accountId:pat)`. */
  readonly accountId?: string
  readonly pat?: string
  /** Our app's client id (the `owner_client_id` of bots and webhooks). */
  readonly clientId?: string
  readonly groups?: ReadonlyArray<{ readonly id: number; readonly name: string }>
  /** How long a webhook receiver may take to answer 200 before the attempt counts as failed. */
  readonly webhookTimeout?: Duration.DurationInput
  /** Pauses before each retry of a failed delivery; its length is the number of retries. */
  readonly webhookRetryDelays?: ReadonlyArray<Duration.DurationInput>
  readonly botTokenTtl?: Duration.DurationInput
}

export const EmulatorDefaults = {
  organizationId: "d6a8c5e2-4b1f-4c3e-9a7d-2f0e8b1c5a93",
  accountId: "0b7f9a52-3c1d-4e8f-a2b6-5d4c3e2f1a09",
  pat: "dal:emulator-dev-personal-access-token",
  /** E-mail of the account that owns the PAT; it acts as a licence administrator. */
  accountEmail: "owner@fitmate.example",
  clientId: "9f3b2c1d4e5f60718293a4b5c6d7e8f9",
  /** Client id of the chat widget: customer-side events come from it. */
  widgetClientId: "c5e4f61e1a6c3b1521b4b7a1c2d0f1e3",
  /** Client id carried by human agents' access tokens (the LiveChat agent app). */
  agentAppClientId: "bb9e5b2f1ab480e4a715977b7b1b4279",
  groups: [{ id: 0, name: "General" }, { id: 1, name: "Engineering" }] as ReadonlyArray<{ readonly id: number; readonly name: string }>,
  port: 8090,
  webhookTimeout: "10 seconds" as Duration.DurationInput,
  webhookRetryDelays: ["5 seconds", "15 seconds", "30 seconds"] as ReadonlyArray<Duration.DurationInput>,
  botTokenTtl: "24 hours" as Duration.DurationInput
} as const

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly port: number
  readonly organizationId: string
  readonly accountId: string
  readonly pat: string
  readonly accountEmail: string
  readonly clientId: string
  readonly widgetClientId: string
  readonly agentAppClientId: string
  readonly groups: ReadonlyArray<{ readonly id: number; readonly name: string }>
  readonly webhookTimeout: Duration.DurationInput
  readonly webhookRetryDelays: ReadonlyArray<Duration.DurationInput>
  readonly botTokenTtl: Duration.DurationInput
}

export const resolveOptions = (options: EmulatorOptions = {}): ResolvedOptions => ({
  port: options.port ?? 0,
  organizationId: options.organizationId ?? EmulatorDefaults.organizationId,
  accountId: options.accountId ?? EmulatorDefaults.accountId,
  pat: options.pat ?? EmulatorDefaults.pat,
  accountEmail: EmulatorDefaults.accountEmail,
  clientId: options.clientId ?? EmulatorDefaults.clientId,
  widgetClientId: EmulatorDefaults.widgetClientId,
  agentAppClientId: EmulatorDefaults.agentAppClientId,
  groups: options.groups ?? EmulatorDefaults.groups,
  webhookTimeout: options.webhookTimeout ?? EmulatorDefaults.webhookTimeout,
  webhookRetryDelays: options.webhookRetryDelays ?? EmulatorDefaults.webhookRetryDelays,
  botTokenTtl: options.botTokenTtl ?? EmulatorDefaults.botTokenTtl
})
