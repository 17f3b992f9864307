/**
 * Who gets a chat (§3.2, §6.6): among accepting agents of the chat's groups with a free slot
 * (`max_chats_count`), the best priority tier wins (`first`, then `normal`, then `last`; `supervisor` never),
 * and within a tier the least busy agent. Nobody → the caller queues the thread.
 */
import type { Priority } from "./Model.js"
import type { World } from "./World.js"

const tiers: ReadonlyArray<Priority> = ["first", "normal", "last"]

const bestTier = (world: World, agentId: string, groupIds: ReadonlyArray<number>): number | undefined => {
  let best: number | undefined
  for (const groupId of groupIds) {
    const priority = world.priorityIn(agentId, groupId)
    const tier = priority === undefined ? -1 : tiers.indexOf(priority)
    if (tier >= 0 && (best === undefined || tier < best)) best = tier
  }
  return best
}

export const hasFreeSlot = (world: World, agentId: string): boolean => world.activeChatCount(agentId) < world.maxChats(agentId)

export const isAssignable = (world: World, agentId: string): boolean =>
  world.routingStatus(agentId) === "accepting_chats" && hasFreeSlot(world, agentId)

export const pickAssignee = (
  world: World,
  groupIds: ReadonlyArray<number>,
  exclude: ReadonlySet<string>
): string | undefined => {
  let chosen: { readonly id: string; readonly tier: number; readonly load: number } | undefined
  for (const agentId of world.allAgentIds()) {
    if (exclude.has(agentId) || !isAssignable(world, agentId)) continue
    const tier = bestTier(world, agentId, groupIds)
    if (tier === undefined) continue
    const load = world.activeChatCount(agentId)
    if (chosen === undefined || tier < chosen.tier || (tier === chosen.tier && load < chosen.load)) {
      chosen = { id: agentId, tier, load }
    }
  }
  return chosen?.id
}
