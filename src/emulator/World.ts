/**
 * All emulator state in one place, with read helpers. Mutations live in `ChatOps`, `Routing` and the API
 * handlers; every access happens under `State`'s lock, so plain mutable maps are safe here.
 */
import type {
  Bot,
  BotToken,
  Chat,
  Customer,
  Group,
  Human,
  PendingDelivery,
  Priority,
  RoutingStatus,
  Thread,
  WebhookRegistration
} from "./Model.js"
import type { ResolvedOptions } from "./Options.js"
import { formatTimestamp } from "./Timestamps.js"

export class World {
  readonly groups = new Map<number, Group>()
  readonly bots = new Map<string, Bot>()
  readonly humans = new Map<string, Human>()
  readonly customers = new Map<string, Customer>()
  readonly chats = new Map<string, Chat>()
  readonly threads = new Map<string, Thread>()
  readonly webhooks = new Map<string, WebhookRegistration>()
  readonly licenseWebhooksDisabled = new Set<string>()
  readonly botTokens = new Map<string, BotToken>()
  /** Agent access token → agent id. */
  readonly agentTokens = new Map<string, string>()
  /** Deliveries decided during the current transaction, handed to the dispatcher when it ends. */
  outbox: Array<PendingDelivery> = []
  /** Wall clock of the current transaction. */
  now = 0
  private lastStampMillis = 0
  private micro = 0
  private queueOrder = 0

  constructor(readonly options: ResolvedOptions) {
    for (const group of options.groups) this.groups.set(group.id, { id: group.id, name: group.name, languageCode: "en" })
  }

  /** Strictly increasing timestamps, so events created in the same millisecond still sort. */
  timestamp(): string {
    if (this.now > this.lastStampMillis) {
      this.lastStampMillis = this.now
      this.micro = 0
    } else {
      this.micro++
      if (this.micro >= 1000) {
        this.lastStampMillis++
        this.micro = 0
      }
    }
    return formatTimestamp(this.lastStampMillis, this.micro)
  }

  nextQueueOrder(): number {
    return ++this.queueOrder
  }

  activeThread(chat: Chat): Thread | undefined {
    const last = this.lastThread(chat)
    return last !== undefined && last.active ? last : undefined
  }

  lastThread(chat: Chat): Thread | undefined {
    const id = chat.threadIds[chat.threadIds.length - 1]
    return id === undefined ? undefined : this.threads.get(id)
  }

  presentUserIds(chat: Chat): Array<string> {
    return chat.members.map((member) => member.id)
  }

  isMember(chat: Chat, userId: string): boolean {
    return chat.members.some((member) => member.id === userId)
  }

  agentIdsIn(chat: Chat): Array<string> {
    return chat.members.filter((member) => member.type === "agent").map((member) => member.id)
  }

  /** The agent (human or bot) with this id. */
  agent(id: string): { readonly kind: "bot"; readonly bot: Bot } | { readonly kind: "human"; readonly human: Human } | undefined {
    const bot = this.bots.get(id)
    if (bot !== undefined) return { kind: "bot", bot }
    const human = this.humans.get(id)
    return human === undefined ? undefined : { kind: "human", human }
  }

  routingStatus(agentId: string): RoutingStatus {
    const agent = this.agent(agentId)
    if (agent === undefined) return "offline"
    if (agent.kind === "bot") return agent.bot.status
    return agent.human.loggedIn ? agent.human.status : "offline"
  }

  maxChats(agentId: string): number {
    const agent = this.agent(agentId)
    if (agent === undefined) return 0
    return agent.kind === "bot" ? agent.bot.maxChatsCount : agent.human.maxChats
  }

  /** Priority of an agent in a group, or undefined when it is not a member. */
  priorityIn(agentId: string, groupId: number): Priority | undefined {
    const agent = this.agent(agentId)
    if (agent === undefined) return undefined
    if (agent.kind === "bot") return agent.bot.groups.find((g) => g.id === groupId)?.priority
    const explicit = agent.human.groups.find((g) => g.id === groupId)?.priority
    // Group 0 ("General") holds every agent of the licence.
    return explicit ?? (groupId === 0 ? "normal" : undefined)
  }

  /** Chats with an active thread that this agent is in: what counts against `max_chats_count`. */
  activeChatCount(agentId: string): number {
    let count = 0
    for (const chat of this.chats.values()) {
      if (this.activeThread(chat) !== undefined && this.isMember(chat, agentId)) count++
    }
    return count
  }

  /** Active threads waiting in the queue, first come first served. */
  queuedThreads(): Array<Thread> {
    return Array.from(this.threads.values())
      .filter((thread) => thread.active && thread.queue !== undefined)
      .sort((a, b) => (a.queue?.order ?? 0) - (b.queue?.order ?? 0))
  }

  queuePosition(thread: Thread): number {
    return this.queuedThreads().findIndex((t) => t.id === thread.id) + 1
  }

  /** All agent ids (bots first, then humans) in creation order. */
  allAgentIds(): Array<string> {
    return [...this.bots.keys(), ...this.humans.keys()]
  }

  agentName(id: string): string {
    const agent = this.agent(id)
    if (agent === undefined) return id
    return agent.kind === "bot" ? agent.bot.name : agent.human.name
  }
}
