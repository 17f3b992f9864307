/**
 * Runs labeled chats through the production conversation core — the same `Conversation`, `ChatStore`,
 * `HandoffPolicy`, `Handoff` and answer engine the bot runs — on a fresh embedded database loaded with the
 * bundled knowledge (`EvalDatabase.ts`), with the evals transport (`EvalChatActions`) in place of LiveChat.
 *
 * Each chat gets its own chat id; its customer turns are replayed in order, each as one traced signal (like the
 * chat entity handles it), and what the bot did in answer to the LAST customer turn is collected: the recorded
 * turn (decision, reason), the messages sent, the engine's draft, and the per-step latency from the spans.
 */
import { NodeContext } from "@effect/platform-node"
import { Cause, Clock, Context, Effect, Layer, Option } from "effect"
import type { AgentGraph, Citation } from "../src/agents/AgentGraph.js"
import { CustomerMessage, ThreadStarted } from "../src/conversation/ChatSignal.js"
import { Conversation } from "../src/conversation/Conversation.js"
import { conversationKey } from "../src/conversation/ConversationKey.js"
import { ChatId, EventId, ThreadId, UserId } from "../src/domain/Ids.js"
import { HandoffPolicy } from "../src/handoff/HandoffPolicy.js"
import { EmbedderDisabled, EmbedderLive } from "../src/knowledge/Embedder.js"
import { KnowledgeBootstrapLive, KnowledgeIngest } from "../src/knowledge/KnowledgeIngest.js"
import { retrievalQuery } from "../src/knowledge/LabeledChat.js"
import { Retriever, RetrieverPg } from "../src/knowledge/Retriever.js"
import { ChatStore } from "../src/store/ChatStore.js"
import { conversationAttributes, SpanName, Support } from "../src/telemetry/Attributes.js"
import { StepLatency, StepLatencyLive } from "../src/telemetry/StepLatency.js"
import { type DatasetItem, SliceTags } from "./Dataset.js"
import { engineLayer, type EngineMode } from "./Engine.js"
import { evalDatabase } from "./EvalDatabase.js"
import { TurnLog, tapEngine } from "./EngineTap.js"
import { ActionLog, ActionLogLive, EvalChatActions, withEngineersAvailable } from "./EvalChatActions.js"

export type ActualDecision = "answer" | "clarify" | "escalate" | "fallback" | "decline" | "ignored" | "none"

/** What the bot did with one labeled chat. */
export interface ChatRun {
  readonly id: string
  /** The decision recorded for the last customer turn; `none` when no turn was recorded (or the run failed). */
  readonly decision: ActualDecision
  readonly reason: string | null
  /** What the customer saw in answer to the last turn (every visible message, in order). */
  readonly reply: string
  /** The engine's draft for the last turn, when the engine wrote one (text with `[n]` markers). */
  readonly draft: { readonly text: string; readonly citations: ReadonlyArray<Citation> } | null
  readonly intent: string | null
  readonly confidence: number | null
  /** The bot asked LiveChat to transfer the chat (in answer to the last turn). */
  readonly transferred: boolean
  /** Per-step durations of all turns of the chat, from the spans. */
  readonly timings: ReadonlyArray<{ readonly step: string; readonly durationMillis: number }>
  /** Source ids the retriever ranks for the chat's retrieval query (top k), when the chat has gold sources. */
  readonly retrieved: ReadonlyArray<string> | null
  /** Why the chat could not be run (the bot failed, not the labels). */
  readonly error: string | null
}

/** What the bot did, before timings and retrieval are added. */
type Outcome = Omit<ChatRun, "id" | "timings" | "retrieved">

const failed = (cause: Cause.Cause<unknown>): Outcome => ({
  decision: "none",
  reason: null,
  reply: "",
  draft: null,
  intent: null,
  confidence: null,
  transferred: false,
  error: Option.match(Cause.failureOption(cause), {
    onNone: () => Cause.pretty(cause).split("\n")[0] ?? "defect",
    onSome: (error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error))
  })
})

const chatIdOf = (item: DatasetItem) => ChatId.make(`eval-${item.chat.id}`)

export class Harness extends Context.Tag("evals/Harness")<Harness, {
  readonly run: (item: DatasetItem) => Effect.Effect<ChatRun>
}>() {}

export interface HarnessOptions {
  readonly mode: EngineMode
  /** Depth of the retrieval metrics (recall@k, nDCG@k). */
  readonly k: number
  /** Wraps the production engine (tests break it on purpose to prove the gate catches it). */
  readonly engineDecorator?: Layer.Layer<AgentGraph, never, AgentGraph>
  /** Wraps the production hand-off policy (same purpose). */
  readonly policyDecorator?: Layer.Layer<HandoffPolicy, never, HandoffPolicy>
}

/**
 * The instant every run happens at: a Wednesday, 10:00 UTC, inside the default support hours. Hand-off wording
 * depends on business hours, so a run at night must not read differently from one at noon.
 */
export const RunInstant = Date.UTC(2026, 0, 7, 10, 0, 0)

/** Message timestamps: the same chat gives the same records every run. */
const messageTime = (turn: number) => new Date(RunInstant + turn * 1000).toISOString()

/**
 * The real clock moved to `RunInstant`: durations (and so the span timings) stay real, the date and time of
 * day are fixed (a run lasts well under a minute).
 */
export const runClock = (): Clock.Clock => {
  const real = Clock.make()
  const offset = RunInstant - real.unsafeCurrentTimeMillis()
  const offsetNanos = BigInt(offset) * 1_000_000n
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => real.unsafeCurrentTimeMillis() + offset,
    currentTimeMillis: Effect.sync(() => real.unsafeCurrentTimeMillis() + offset),
    unsafeCurrentTimeNanos: () => real.unsafeCurrentTimeNanos() + offsetNanos,
    currentTimeNanos: Effect.sync(() => real.unsafeCurrentTimeNanos() + offsetNanos),
    sleep: (duration) => real.sleep(duration)
  }
}

const make = (options: HarnessOptions) =>
  Effect.gen(function*() {
    const conversation = yield* Conversation
    const store = yield* ChatStore
    const actions = yield* ActionLog
    const turns = yield* TurnLog
    const latency = yield* StepLatency
    const retriever = yield* Retriever
    const keyOf = yield* conversationKey
    const clock = runClock()

    const retrieve = (item: DatasetItem) =>
      item.chat.expected.gold_sources.length === 0
        ? Effect.succeed(null)
        : retriever.search(retrievalQuery(item.chat), { limit: options.k }).pipe(
          Effect.map((passages) => passages.map((p) => p.sourceId)),
          // The probe is not part of any turn: keep it out of the latency figures.
          Effect.withTracerEnabled(false),
          Effect.orElseSucceed(() => [] as ReadonlyArray<string>)
        )

    const converse = Effect.fn("Evals.chat")(function*(item: DatasetItem) {
      const { chat } = item
      const chatId = chatIdOf(item)
      const threadId = ThreadId.make(`thread-${chat.id}`)
      const customerId = UserId.make(`customer-${chat.id}`)
      const key = keyOf(chatId)
      const handled = (signal: ThreadStarted | CustomerMessage) =>
        conversation.process(signal).pipe(
          Effect.withSpan(SpanName.ChatHandle, { attributes: { [Support.Signal]: signal._tag, [Support.Channel]: "eval" } }),
          Effect.annotateSpans(conversationAttributes(key))
        )
      const questions = chat.turns.filter((t) => t.role === "customer").map((t) => t.text)
      yield* handled(new ThreadStarted({ chatId, threadId, customerId, botPresent: true }))
      for (const [index, text] of questions.entries()) {
        yield* handled(
          new CustomerMessage({
            chatId,
            threadId,
            eventId: EventId.make(`${threadId}_${index + 1}`),
            customerId,
            text,
            createdAt: messageTime(index + 1)
          })
        )
      }
      const lastEvent = `${threadId}_${questions.length}`
      const recorded = (yield* store.turns(chatId, threadId)).find((t) => t.eventId === lastEvent)
      const done = yield* actions.take(chatId)
      const prefix = `fm.${lastEvent}.`
      const tapped = (yield* turns.take(key)).at(-1)
      const engine = recorded !== undefined && tapped !== undefined && tapped.question === questions.at(-1)
        ? tapped.result
        : undefined
      const draft = engine === undefined ? Option.none() : engine.draft
      return {
        decision: recorded?.decision ?? "none",
        reason: recorded === undefined ? null : Option.getOrNull(recorded.reason),
        reply: done.flatMap((a) =>
          a._tag === "send" && a.visibility === "all" && a.customId.startsWith(prefix) ? [a.text] : []
        ).join("\n"),
        draft: Option.match(draft, {
          onNone: () => null,
          onSome: (d) => ({ text: d.text, citations: d.citations })
        }),
        intent: engine?.intent ?? null,
        confidence: engine?.confidence ?? null,
        transferred: done.some((a) => a._tag === "transfer" && a.customId.startsWith(prefix)),
        error: null
      } satisfies Outcome
    })

    const run = (item: DatasetItem) =>
      Effect.gen(function*() {
        const outcome = yield* converse(item).pipe(
          withEngineersAvailable(!item.chat.tags.includes(SliceTags.NoEngineerAvailable)),
          Effect.withClock(clock),
          // The bot failing (an error or a defect) is a failed item, not a crashed eval: report it with the item.
          Effect.catchAllCause((cause) => (Cause.isInterruptedOnly(cause) ? Effect.interrupt : Effect.succeed(failed(cause))))
        )
        const timings = (yield* latency.take(keyOf(chatIdOf(item)))).map((t) => ({ step: t.step, durationMillis: t.durationMillis }))
        return { id: item.chat.id, ...outcome, timings, retrieved: yield* retrieve(item) } satisfies ChatRun
      })

    return Harness.of({ run })
  })

/**
 * The knowledge the engine answers from: the bundled datasets, loaded once into the fresh database (with
 * embeddings in llm mode when an embeddings endpoint is configured), and the retriever the retrieval metrics use.
 */
const knowledge = (mode: EngineMode) =>
  Layer.mergeAll(RetrieverPg, KnowledgeBootstrapLive).pipe(
    Layer.provide(KnowledgeIngest.Default),
    Layer.provideMerge(mode === "offline" ? EmbedderDisabled : EmbedderLive)
  )

/**
 * Everything a run needs, production layers wherever production has one. Tracing (with the step recorder) is
 * provided outermost, so building the layers is traced too.
 */
export const harnessLayer = (options: HarnessOptions) => {
  const engine = options.engineDecorator === undefined
    ? engineLayer(options.mode)
    : options.engineDecorator.pipe(Layer.provide(engineLayer(options.mode)))
  const policy = options.policyDecorator === undefined
    ? HandoffPolicy.Default
    : options.policyDecorator.pipe(Layer.provide(HandoffPolicy.Default))
  return Layer.effect(Harness, make(options)).pipe(
    Layer.provide(Conversation.Default),
    Layer.provide(policy),
    Layer.provideMerge(tapEngine.pipe(Layer.provide(engine))),
    Layer.provideMerge(EvalChatActions),
    Layer.provideMerge(ActionLogLive),
    Layer.provideMerge(ChatStore.Default),
    Layer.provideMerge(knowledge(options.mode)),
    Layer.provide(evalDatabase(options.mode === "offline")),
    Layer.provide(NodeContext.layer),
    Layer.provideMerge(StepLatencyLive)
  )
}
