/**
 * Weighted reciprocal rank fusion (Cormack et al., 2009): score(d) = Σ_lists weight / (k + rank(d)).
 * Ranks from differently scaled retrievers (full text, part numbers, series, embeddings) combine without
 * calibrating their raw scores; k = 60 damps the influence of any single list's top ranks.
 */

export type Channel = "text" | "part" | "series" | "semantic"

export interface RankedList {
  readonly channel: Channel
  readonly weight: number
  /** Best first, without duplicates. */
  readonly ids: ReadonlyArray<string>
}

export interface Fused {
  readonly id: string
  readonly score: number
  readonly channels: ReadonlyArray<Channel>
}

export const RRF_K = 60

export const reciprocalRankFusion = (lists: ReadonlyArray<RankedList>, k: number = RRF_K): ReadonlyArray<Fused> => {
  const scores = new Map<string, { score: number; channels: Array<Channel> }>()
  for (const list of lists) {
    list.ids.forEach((id, index) => {
      const entry = scores.get(id) ?? { score: 0, channels: [] }
      entry.score += list.weight / (k + index + 1)
      if (!entry.channels.includes(list.channel)) entry.channels.push(list.channel)
      scores.set(id, entry)
    })
  }
  return [...scores.entries()]
    .map(([id, { channels, score }]) => ({ id, score, channels }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
