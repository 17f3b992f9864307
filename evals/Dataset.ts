/**
 * The labeled chats the evals run: every `datasets/chats/*.jsonl` file, one conversation per line.
 *
 * The line format is the project's labeled-chat format (`src/knowledge/LabeledChat.ts`, documented in
 * `datasets/README.md`); the evals add rules on top, so a chat the harness cannot interpret is refused with its
 * file and line instead of being scored wrongly:
 *
 * - tags are kebab-case; the slice tags below mean one thing each;
 * - `no-engineer-available` is the scenario tag of a `fallback` chat: the harness runs it with no engineer
 *   accepting chats, and a chat expecting `fallback` must say so;
 * - `request-person` chats expect a hand-off (`escalate` or `fallback`) with reason `explicit_request`;
 * - `follow-up` chats have at least two customer turns.
 */
import { FileSystem, Path } from "@effect/platform"
import { Data, Effect, Either, ParseResult, Schema } from "effect"
import { createHash } from "node:crypto"
import { LabeledChat } from "../src/knowledge/LabeledChat.js"

/** Tags the reports slice by (and that the rules above give a meaning to). Other kebab-case tags are topics. */
export const SliceTags = {
  RequestPerson: "request-person",
  Commercial: "commercial",
  Safety: "safety",
  OutOfScope: "out-of-scope",
  Injection: "injection",
  FollowUp: "follow-up",
  Typo: "typo",
  NonEnglish: "non-english",
  NoEngineerAvailable: "no-engineer-available",
  Clarify: "clarify",
  Greeting: "greeting",
  Frustration: "frustration"
} as const

export const sliceTagValues: ReadonlyArray<string> = Object.values(SliceTags)

const rules = (chat: LabeledChat): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const tags = new Set(chat.tags)
  for (const tag of chat.tags) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(tag)) problems.push(`tag "${tag}" is not kebab-case`)
  }
  if (tags.size !== chat.tags.length) problems.push("duplicate tags")
  const fallback = chat.expected.decision === "fallback"
  if (fallback !== tags.has(SliceTags.NoEngineerAvailable)) {
    problems.push(`a "fallback" chat is exactly one tagged "${SliceTags.NoEngineerAvailable}" (the scenario the harness sets up)`)
  }
  if (tags.has(SliceTags.RequestPerson)) {
    const handOff = chat.expected.decision === "escalate" || chat.expected.decision === "fallback"
    if (!handOff || chat.expected.reason !== "explicit_request") {
      problems.push(`a "${SliceTags.RequestPerson}" chat expects escalate or fallback with reason explicit_request`)
    }
  }
  if (tags.has(SliceTags.FollowUp) && chat.turns.filter((t) => t.role === "customer").length < 2) {
    problems.push(`a "${SliceTags.FollowUp}" chat has at least two customer turns`)
  }
  return problems
}

/** A labeled chat the evals accept. */
export const EvalChat = LabeledChat.pipe(
  Schema.filter((chat) => {
    const problems = rules(chat)
    return problems.length === 0 || problems.join("; ")
  })
)
export type EvalChat = typeof EvalChat.Type

/** Where a chat came from, for messages and reports. */
export interface DatasetItem {
  readonly chat: EvalChat
  readonly file: string
  readonly line: number
  /** sha256 of the chat's canonical JSON: the baseline compares an item only while its labels are unchanged. */
  readonly labelHash: string
}

export class DatasetError extends Data.TaggedError("DatasetError")<{
  readonly problems: ReadonlyArray<string>
}> {
  override get message() {
    return `The labeled chats have ${this.problems.length} problem(s):\n${this.problems.slice(0, 20).join("\n")}`
  }
}

export type Split = "dev" | "test" | "all"

const decodeLine = Schema.decodeUnknownEither(Schema.parseJson(EvalChat), { onExcessProperty: "error" })

/** JSON with object keys sorted at every level: the same value always gives the same bytes. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v)

export const labelHash = (chat: EvalChat): string =>
  createHash("sha256").update(canonicalJson(chat)).digest("hex").slice(0, 16)

/** Pure: decodes the files (name → text), in name order; problems name the file and the line; ids are unique. */
export const parseDataset = (
  files: ReadonlyArray<{ readonly name: string; readonly text: string }>
): { readonly items: ReadonlyArray<DatasetItem>; readonly problems: ReadonlyArray<string> } => {
  const items: Array<DatasetItem> = []
  const problems: Array<string> = []
  const seen = new Map<string, string>()
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    file.text.split("\n").forEach((text, index) => {
      if (text.trim() === "") return
      const where = `${file.name}:${index + 1}`
      const decoded = decodeLine(text)
      if (Either.isLeft(decoded)) {
        problems.push(`${where}: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`)
        return
      }
      const chat = decoded.right
      const first = seen.get(chat.id)
      if (first !== undefined) problems.push(`${where}: duplicate id ${chat.id} (first at ${first})`)
      seen.set(chat.id, where)
      items.push({ chat, file: file.name, line: index + 1, labelHash: labelHash(chat) })
    })
  }
  if (files.length === 0) problems.push("no *.jsonl file found")
  return { items, problems }
}

export const inSplit = (split: Split) => (item: DatasetItem): boolean => split === "all" || item.chat.split === split

/** Reads every `*.jsonl` of the folder; fails with every problem found. */
export const loadDataset = Effect.fn("Evals.loadDataset")(function*(dir: string) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const names = (yield* fs.readDirectory(dir).pipe(
    Effect.mapError((error) => new DatasetError({ problems: [`cannot list ${dir}: ${error.message}`] }))
  )).filter((name) => name.endsWith(".jsonl")).sort()
  const files = yield* Effect.forEach(names, (name) =>
    fs.readFileString(path.join(dir, name)).pipe(
      Effect.map((text) => ({ name, text })),
      Effect.mapError((error) => new DatasetError({ problems: [`cannot read ${name}: ${error.message}`] }))
    ))
  const { items, problems } = parseDataset(files)
  if (problems.length > 0) return yield* new DatasetError({ problems })
  yield* Effect.annotateCurrentSpan({ "evals.dataset.files": names.length, "evals.dataset.chats": items.length })
  return items
})
