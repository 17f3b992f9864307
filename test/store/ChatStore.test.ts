import { assert, describe, layer } from "@effect/vitest"
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Option } from "effect"
import { randomUUID } from "node:crypto"
import { ChatId, EventId, GroupId, ThreadId, UserId } from "../../src/domain/Ids.js"
import { ChatStore } from "../../src/store/ChatStore.js"
import { DatabaseKind } from "../../src/store/DatabaseKind.js"
import { databases } from "../support/Databases.js"

/** Fresh ids per test: the database is shared by the tests of one backend. */
const ids = () => {
  const tag = randomUUID().slice(0, 8).toUpperCase()
  return {
    chatId: ChatId.make(`CHAT${tag}`),
    thread1: ThreadId.make(`T1${tag}`),
    thread2: ThreadId.make(`T2${tag}`),
    customer: UserId.make(`customer-${tag}`),
    agent: UserId.make(`agent-${tag}@fitmate.example`),
    event: (n: number) => EventId.make(`${tag}_${n}`)
  }
}

const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, second))

for (const database of databases) {
  describe(`ChatStore on ${database.name}`, () => {
    layer(ChatStore.Default.pipe(Layer.provideMerge(database.layer())), { timeout: "120 seconds" })((it) => {
      it.effect("reports the backend kind", () =>
        Effect.gen(function*() {
          const { kind } = yield* DatabaseKind
          assert.strictEqual(kind, database.name === "pglite" ? "embedded" : "server")
        }))

      it.effect("a new thread starts with the bot and is idempotent", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const id = ids()
          assert.isTrue(Option.isNone(yield* store.currentThread(id.chatId)))

          const first = yield* store.threadStarted({
            chatId: id.chatId,
            threadId: id.thread1,
            customerId: id.customer,
            groupId: GroupId.make(2)
          })
          assert.strictEqual(first.owner, "bot")
          assert.isFalse(first.awaitingEmail)
          assert.strictEqual(first.unresolvedTurns, 0)
          assert.deepStrictEqual(first.customerId, Option.some(id.customer))
          assert.deepStrictEqual(first.groupId, Option.some(GroupId.make(2)))
          assert.instanceOf(first.createdAt, Date)

          yield* store.updateThread(id.chatId, id.thread1, { owner: "human" })
          // Redelivery of the same thread start: the existing state, unchanged.
          const again = yield* store.threadStarted({ chatId: id.chatId, threadId: id.thread1 })
          assert.strictEqual(again.owner, "human")
          assert.deepStrictEqual(again.groupId, Option.some(GroupId.make(2)))

          const current = yield* store.currentThread(id.chatId)
          assert.deepStrictEqual(Option.map(current, (t) => t.threadId), Option.some(id.thread1))
        }))

      it.effect("fills a missing customer or group of a known thread without touching ownership", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const id = ids()
          yield* store.threadStarted({ chatId: id.chatId, threadId: id.thread1 })
          yield* store.updateThread(id.chatId, id.thread1, { owner: "fallback", awaitingEmail: true })
          const filled = yield* store.threadStarted({
            chatId: id.chatId,
            threadId: id.thread1,
            customerId: id.customer,
            groupId: GroupId.make(0)
          })
          assert.deepStrictEqual(filled.customerId, Option.some(id.customer))
          assert.deepStrictEqual(filled.groupId, Option.some(GroupId.make(0)))
          assert.strictEqual(filled.owner, "fallback")
          assert.isTrue(filled.awaitingEmail)
        }))

      it.effect("a new thread becomes current with the bot; a stale thread never replaces it", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const id = ids()
          yield* store.threadStarted({ chatId: id.chatId, threadId: id.thread1 })
          yield* store.updateThread(id.chatId, id.thread1, { owner: "human", unresolvedTurns: 2 })

          const second = yield* store.threadStarted({ chatId: id.chatId, threadId: id.thread2 })
          assert.strictEqual(second.owner, "bot")
          assert.strictEqual(second.unresolvedTurns, 0)

          // A late redelivery for the first thread returns its own state and leaves the second current.
          const stale = yield* store.threadStarted({ chatId: id.chatId, threadId: id.thread1 })
          assert.strictEqual(stale.threadId, id.thread1)
          assert.strictEqual(stale.owner, "human")
          assert.strictEqual(stale.unresolvedTurns, 2)

          const current = yield* store.currentThread(id.chatId)
          assert.deepStrictEqual(Option.map(current, (t) => [t.threadId, t.owner]), Option.some([id.thread2, "bot"]))
          const old = yield* store.thread(id.chatId, id.thread1)
          assert.deepStrictEqual(Option.map(old, (t) => t.owner), Option.some("human"))
        }))

      it.effect("updateThread patches only the given fields and ignores unknown threads", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const id = ids()
          const started = yield* store.threadStarted({ chatId: id.chatId, threadId: id.thread1 })

          const handingOff = yield* store.updateThread(id.chatId, id.thread1, { owner: "handing_off" })
          assert.deepStrictEqual(
            Option.map(handingOff, (t) => [t.owner, t.awaitingEmail, t.unresolvedTurns]),
            Option.some(["handing_off", false, 0])
          )
          const fallback = yield* store.updateThread(id.chatId, id.thread1, {
            owner: "fallback",
            awaitingEmail: true,
            unresolvedTurns: 3
          })
          assert.deepStrictEqual(
            Option.map(fallback, (t) => [t.owner, t.awaitingEmail, t.unresolvedTurns]),
            Option.some(["fallback", true, 3])
          )
          const onlyCount = yield* store.updateThread(id.chatId, id.thread1, { unresolvedTurns: 0 })
          assert.deepStrictEqual(
            Option.map(onlyCount, (t) => [t.owner, t.awaitingEmail, t.unresolvedTurns]),
            Option.some(["fallback", true, 0])
          )
          assert.isTrue(Option.getOrThrow(onlyCount).updatedAt >= started.updatedAt)

          assert.isTrue(Option.isNone(yield* store.updateThread(id.chatId, id.thread2, { owner: "human" })))
          assert.isTrue(Option.isNone(yield* store.thread(id.chatId, id.thread2)))
        }))

      it.effect("records each message once and returns the transcript in insert order", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const id = ids()
          yield* store.threadStarted({ chatId: id.chatId, threadId: id.thread1 })
          const customer = {
            chatId: id.chatId,
            threadId: id.thread1,
            eventId: id.event(1),
            author: "customer" as const,
            authorId: id.customer,
            text: "Do you have an M12 8-pin connector?",
            visibility: "all" as const,
            createdAt: at(10)
          }
          assert.isTrue(yield* store.recordMessage(customer))
          assert.isFalse(yield* store.recordMessage(customer)) // redelivery
          assert.isTrue(
            yield* store.recordMessage({
              chatId: id.chatId,
              threadId: id.thread1,
              eventId: id.event(2),
              customId: "fm.x.answer",
              author: "bot",
              text: "Yes: FM-M12-8P.",
              visibility: "all",
              createdAt: at(5) // an earlier clock than the customer's: insert order still wins
            })
          )
          assert.isTrue(
            yield* store.recordMessage({
              chatId: id.chatId,
              threadId: id.thread1,
              eventId: id.event(3),
              author: "agent",
              authorId: id.agent,
              text: "internal note",
              visibility: "agents",
              createdAt: at(20)
            })
          )
          // Another thread's message stays out of this transcript; a message for a never-started thread is kept.
          assert.isTrue(
            yield* store.recordMessage({ ...customer, threadId: id.thread2, eventId: id.event(4), createdAt: at(30) })
          )

          const transcript = yield* store.transcript(id.chatId, id.thread1)
          assert.deepStrictEqual(transcript.map((m) => m.eventId), [id.event(1), id.event(2), id.event(3)])
          const [first, second, third] = transcript
          assert.strictEqual(first?.text, customer.text)
          assert.deepStrictEqual(first?.authorId, Option.some(id.customer))
          assert.deepStrictEqual(first?.customId, Option.none())
          assert.strictEqual(first?.createdAt.getTime(), at(10).getTime())
          assert.deepStrictEqual(second?.customId, Option.some("fm.x.answer"))
          assert.deepStrictEqual(second?.authorId, Option.none())
          assert.strictEqual(third?.visibility, "agents")
          assert.strictEqual((yield* store.transcript(id.chatId, id.thread2)).length, 1)
        }))

      it.effect("records each turn once, with citations and optional fields", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const id = ids()
          const turn = {
            chatId: id.chatId,
            threadId: id.thread1,
            eventId: id.event(1),
            question: "What is the IP rating of FM-M12-8P?",
            answer: Option.some("IP67 when mated [1]."),
            citations: [{ id: "doc:m12-datasheet#3", title: "M12 datasheet" }],
            confidence: 0.82,
            decision: "answer" as const,
            reason: Option.none(),
            latencyMs: 1234.6
          }
          assert.isTrue(yield* store.recordTurn(turn))
          assert.isFalse(yield* store.recordTurn({ ...turn, decision: "escalate" }))
          assert.isTrue(
            yield* store.recordTurn({
              ...turn,
              eventId: id.event(2),
              answer: Option.none(),
              citations: [],
              confidence: 0,
              decision: "escalate",
              reason: Option.some("explicit_request"),
              latencyMs: 12
            })
          )
          const stored = yield* store.turns(id.chatId, id.thread1)
          assert.strictEqual(stored.length, 2)
          const [answered, escalated] = stored
          assert.strictEqual(answered?.decision, "answer")
          assert.deepStrictEqual(answered?.answer, Option.some("IP67 when mated [1]."))
          assert.deepStrictEqual(answered?.citations, [{ id: "doc:m12-datasheet#3", title: "M12 datasheet" }])
          assert.strictEqual(answered?.confidence, 0.82)
          assert.strictEqual(answered?.latencyMs, 1235)
          assert.deepStrictEqual(answered?.reason, Option.none())
          assert.strictEqual(escalated?.decision, "escalate")
          assert.deepStrictEqual(escalated?.answer, Option.none())
          assert.deepStrictEqual(escalated?.reason, Option.some("explicit_request"))
          assert.deepStrictEqual(yield* store.turns(id.chatId, id.thread2), [])
        }))

      it.effect("the outbox ledger finds what was sent, once", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const id = ids()
          const customId = `fm.${id.event(1)}.answer`
          assert.isTrue(Option.isNone(yield* store.findSent(customId)))
          const sent = { customId, chatId: id.chatId, threadId: id.thread1, eventId: id.event(7), kind: "message" as const }
          yield* store.recordSent(sent)
          yield* store.recordSent({ ...sent, eventId: id.event(8) }) // a re-run: the first record stays
          const found = yield* store.findSent(customId)
          assert.deepStrictEqual(
            Option.map(found, (s) => ({ customId: s.customId, eventId: s.eventId, chatId: s.chatId })),
            Option.some({ customId, eventId: id.event(7), chatId: id.chatId })
          )
        }))

      it.effect("records hand-off steps once each, in order", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const id = ids()
          const handoff = {
            chatId: id.chatId,
            threadId: id.thread1,
            eventId: id.event(1),
            reason: "explicit_request",
            groupId: GroupId.make(3),
            outcome: "transferred" as const
          }
          yield* store.recordHandoff(handoff)
          yield* store.recordHandoff(handoff)
          yield* store.recordHandoff({ ...handoff, outcome: "confirmed", detail: "agent joined" })
          yield* store.recordHandoff({ ...handoff, eventId: id.event(9), outcome: "unavailable" })

          const stored = yield* store.handoffs(id.chatId)
          assert.deepStrictEqual(stored.map((h) => h.outcome), ["transferred", "confirmed", "unavailable"])
          assert.deepStrictEqual(stored[1]?.detail, Option.some("agent joined"))
          assert.deepStrictEqual(stored[0]?.detail, Option.none())
          assert.strictEqual(stored[0]?.groupId, 3)
          assert.strictEqual(stored[0]?.reason, "explicit_request")
          assert.deepStrictEqual(yield* store.handoffs(ChatId.make(`${id.chatId}-other`)), [])
        }))

      it.effect("keeps one lead per chat, thread and address, with its transcript", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const id = ids()
          yield* store.threadStarted({ chatId: id.chatId, threadId: id.thread1 })
          yield* store.recordMessage({
            chatId: id.chatId,
            threadId: id.thread1,
            eventId: id.event(1),
            author: "customer",
            authorId: id.customer,
            text: "Please email me: ann@example.com",
            visibility: "all",
            createdAt: at(1)
          })
          const transcript = yield* store.transcript(id.chatId, id.thread1)
          const lead = { chatId: id.chatId, threadId: id.thread1, email: "Ann@Example.com", transcript, reason: "no engineer" }
          assert.isTrue(yield* store.recordLead(lead))
          assert.isFalse(yield* store.recordLead({ ...lead, email: "ann@example.com" }))
          assert.isTrue(yield* store.recordLead({ ...lead, email: "bob@example.com", transcript: [] }))

          const mine = yield* store.leads({ chatId: id.chatId })
          assert.deepStrictEqual(mine.map((l) => l.email), ["Ann@Example.com", "bob@example.com"])
          assert.deepStrictEqual(mine[0]?.transcript, transcript)
          assert.strictEqual(mine[0]?.reason, "no engineer")
          const all = yield* store.leads()
          assert.isTrue(all.length >= 2)
          assert.isTrue(all.some((l) => l.chatId === id.chatId))
        }))

      it.effect("keeps one dead letter per entity and event", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const id = ids()
          const letter = {
            entity: "ChatConversation",
            chatId: id.chatId,
            eventId: id.event(1),
            payload: { tag: "CustomerMessage", key: id.event(1), nested: [1, 2] },
            error: "boom"
          }
          yield* store.recordDeadLetter(letter)
          yield* store.recordDeadLetter({ ...letter, error: "boom again" })
          yield* store.recordDeadLetter({ ...letter, entity: "Other" })
          yield* store.recordDeadLetter({ ...letter, eventId: id.event(2), payload: { big: BigInt(1) } })

          const mine = (yield* store.deadLetters()).filter((d) => d.chatId === id.chatId)
          assert.deepStrictEqual(mine.map((d) => [d.entity, d.eventId, d.error]), [
            ["ChatConversation", id.event(1), "boom"],
            ["Other", id.event(1), "boom"],
            ["ChatConversation", id.event(2), "boom"]
          ])
          assert.deepStrictEqual(mine[0]?.payload, letter.payload)
          assert.deepStrictEqual(mine[2]?.payload, { unserializable: "[object Object]" })
        }))

      // Last in the block: it breaks the schema on purpose.
      it.effect("fails with a StoreError naming the operation when the database rejects a statement", () =>
        Effect.gen(function*() {
          const store = yield* ChatStore
          const sql = yield* SqlClient.SqlClient
          yield* sql`ALTER TABLE outbox RENAME TO outbox_gone`
          const error = yield* Effect.flip(store.findSent("fm.any.answer"))
          assert.strictEqual(error._tag, "StoreError")
          assert.strictEqual(error.operation, "findSent")
        }))
    })
  })
}
