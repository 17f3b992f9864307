/**
 * The emulator's in-process control surface: what a test, demo or the customer page / agent console does in
 * place of real customers and human engineers, plus inspection (transcripts, delivery log) and fault
 * injection. The same operations are served over HTTP at `POST <url>/control/<operation>`.
 */
import { Context, Data, type Effect } from "effect"
import type { ApiErrorType } from "./ApiError.js"
import type { Fault } from "./Faults.js"
import type { DeliveryRecord, WebhookBehaviour } from "./WebhookDelivery.js"

export class EmulatorError extends Data.TaggedError("EmulatorError")<{
  readonly type: ApiErrorType
  readonly message: string
}> {}

export interface TranscriptEntry {
  readonly eventId: string
  readonly threadId: string
  readonly type: string
  readonly authorId?: string | undefined
  readonly authorType?: "customer" | "agent" | "bot" | undefined
  readonly text?: string | undefined
  readonly visibility: "all" | "agents"
  readonly customId?: string | undefined
  readonly createdAt: string
  readonly richMessage?: unknown
  readonly systemMessageType?: string | undefined
}

export interface EmulatorChatView {
  readonly chatId: string
  readonly activeThreadId?: string | undefined
  /** Users present in the chat (customer and agents). */
  readonly userIds: ReadonlyArray<string>
  /** The agent currently handling the chat, if any. */
  readonly assignee?: string | undefined
  readonly groupIds: ReadonlyArray<number>
  readonly queued: boolean
}

export interface EmulatorCredentials {
  readonly organizationId: string
  readonly accountId: string
  readonly pat: string
  readonly clientId: string
}

export interface StartChatInput {
  readonly customerName?: string | undefined
  readonly customerEmail?: string | undefined
  readonly groupId?: number | undefined
  readonly text?: string | undefined
}

export interface StartedChat {
  readonly chatId: string
  readonly threadId: string
  readonly customerId: string
  readonly firstEventId?: string | undefined
}

export interface CustomerMessageInput {
  readonly chatId: string
  readonly text: string
  readonly postback?: { readonly id: string; readonly eventId: string; readonly value?: string | undefined } | undefined
}

export interface AgentLoginInput {
  /** The agent's e-mail, which is its id. */
  readonly agentId: string
  readonly name?: string | undefined
  /** Default [1]; every agent is also in group 0 ("General"). */
  readonly groups?: ReadonlyArray<number> | undefined
  /** Default true. */
  readonly accepting?: boolean | undefined
  readonly maxChats?: number | undefined
}

export interface AgentMessageInput {
  readonly agentId: string
  readonly chatId: string
  readonly text: string
  readonly visibility?: "all" | "agents" | undefined
}

/** What the customer page shows besides events: who is typing or thinking right now. */
export interface CustomerIndicator {
  readonly userId: string
  readonly kind: "typing" | "thinking"
}

export interface EmulatorService {
  readonly url: string
  readonly credentials: EmulatorCredentials
  // customers
  readonly startChat: (input: StartChatInput) => Effect.Effect<StartedChat>
  readonly sendCustomerMessage: (input: CustomerMessageInput) => Effect.Effect<{ readonly eventId: string }, EmulatorError>
  readonly startNewThread: (input: { readonly chatId: string; readonly text?: string | undefined }) => Effect.Effect<{ readonly threadId: string }, EmulatorError>
  readonly closeChat: (chatId: string) => Effect.Effect<void, EmulatorError>
  // human engineers
  readonly agentLogin: (input: AgentLoginInput) => Effect.Effect<{ readonly accessToken: string }>
  readonly agentLogout: (agentId: string) => Effect.Effect<void>
  readonly setAgentAccepting: (agentId: string, accepting: boolean) => Effect.Effect<void>
  readonly agentSendMessage: (input: AgentMessageInput) => Effect.Effect<{ readonly eventId: string }, EmulatorError>
  // reading
  readonly transcript: (chatId: string, as: "customer" | "agent") => Effect.Effect<ReadonlyArray<TranscriptEntry>, EmulatorError>
  readonly chat: (chatId: string) => Effect.Effect<EmulatorChatView, EmulatorError>
  readonly chats: Effect.Effect<ReadonlyArray<EmulatorChatView>>
  readonly indicator: (chatId: string) => Effect.Effect<CustomerIndicator | undefined, EmulatorError>
  readonly deliveries: Effect.Effect<ReadonlyArray<DeliveryRecord>>
  // fault injection (for tests)
  readonly injectFault: (fault: Fault) => Effect.Effect<void>
  readonly setWebhookBehaviour: (behaviour: WebhookBehaviour) => Effect.Effect<void>
  readonly expireBotTokens: Effect.Effect<void>
}

export class Emulator extends Context.Tag("emulator/Emulator")<Emulator, EmulatorService>() {}

export type { DeliveryRecord, Fault, WebhookBehaviour }
