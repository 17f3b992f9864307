/**
 * An in-memory `ChatActions` for conversation tests: records what the conversation did to the chat and lets a test
 * decide whether engineers are available and how a transfer ends.
 */
import { Effect, Layer, Ref } from "effect"
import { ChatActions, type OutgoingMessage, type TransferOutcome } from "../../src/conversation/ChatActions.js"

export type RecordedAction =
  | { readonly _tag: "send"; readonly message: OutgoingMessage }
  | { readonly _tag: "transfer"; readonly chatId: string; readonly groupId: number; readonly customId: string }

export class ChatRecorder extends Effect.Service<ChatRecorder>()("test/ChatRecorder", {
  effect: Effect.gen(function*() {
    const actions = yield* Ref.make<ReadonlyArray<RecordedAction>>([])
    const available = yield* Ref.make(true)
    const transferOutcome = yield* Ref.make<TransferOutcome>("transferred")
    return {
      actions,
      available,
      transferOutcome,
      /** Everything recorded for one chat, in order. */
      forChat: (chatId: string) =>
        Ref.get(actions).pipe(
          Effect.map((all) => all.filter((a) => (a._tag === "send" ? a.message.chatId : a.chatId) === chatId))
        )
    } as const
  })
}) {}

export const RecordingChatActions = Layer.effect(
  ChatActions,
  Effect.gen(function*() {
    const recorder = yield* ChatRecorder
    const record = (action: RecordedAction) => Ref.update(recorder.actions, (all) => [...all, action])
    return ChatActions.of({
      send: (message) => record({ _tag: "send", message }),
      typing: () => Effect.void,
      engineersAvailable: () => Ref.get(recorder.available),
      transfer: (input) =>
        record({ _tag: "transfer", chatId: input.chatId, groupId: input.groupId, customId: input.customId }).pipe(
          Effect.zipRight(Ref.get(recorder.transferOutcome))
        )
    })
  })
)
