/**
 * The evals transport: a `ChatActions` that records what the conversation core did to each chat instead of
 * talking to LiveChat. Everything else — store, engine, policy, hand-off — is the production code.
 *
 * Whether an engineer is accepting chats is the chat's scenario (`no-engineer-available`), set per chat with
 * `withEngineersAvailable` around the chat's signals (a fiber-local setting, so chats run in parallel safely).
 */
import { Context, Effect, FiberRef, Layer } from "effect"
import { ChatActions, type OutgoingMessage } from "../src/conversation/ChatActions.js"
import { type KeyedLog, makeKeyedLog } from "./KeyedLog.js"

export type RecordedAction =
  | { readonly _tag: "send"; readonly customId: string; readonly text: string; readonly visibility: "all" | "agents" }
  | { readonly _tag: "transfer"; readonly customId: string }

const engineersAvailable = FiberRef.unsafeMake(true)

/** Runs `effect` with engineers available or not (the hand-off scenario of one chat). */
export const withEngineersAvailable = (available: boolean) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.locally(effect, engineersAvailable, available)

/** What was done to each chat (by chat id), in order. */
export class ActionLog extends Context.Tag("evals/ActionLog")<ActionLog, KeyedLog<RecordedAction>>() {}

export const ActionLogLive = Layer.effect(ActionLog, makeKeyedLog<RecordedAction>())

/** `ChatActions` for the evals: records sends and transfers; transfers succeed when engineers are available. */
export const EvalChatActions = Layer.effect(
  ChatActions,
  Effect.map(ActionLog, (log) =>
    ChatActions.of({
      send: (message: OutgoingMessage) =>
        log.record(message.chatId, {
          _tag: "send",
          customId: message.customId,
          text: message.text,
          visibility: message.visibility
        }),
      typing: () => Effect.void,
      engineersAvailable: () => FiberRef.get(engineersAvailable),
      transfer: (input) =>
        Effect.zipRight(
          log.record(input.chatId, { _tag: "transfer", customId: input.customId }),
          Effect.map(FiberRef.get(engineersAvailable), (available) => (available ? "transferred" as const : "nobody_available" as const))
        )
    }))
)
