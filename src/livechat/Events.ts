/**
 * LiveChat v3.6 chat events as they arrive in webhooks and in `get_chat`. Parsing is lenient: unknown fields
 * are dropped, optional fields stay optional, and an event of a type we do not know decodes to `UnknownEvent`
 * instead of failing the whole webhook. A *known* type with a wrong shape still fails, so a broken message is
 * reported rather than silently ignored.
 */
import { Schema } from "effect"
import { EventId, ThreadId, UserId } from "../domain/Ids.js"

/** Marks the refinement that keeps known types out of the fallback, so error reports can leave it out. */
export const FallbackMarker: unique symbol = Symbol.for("fitmate/livechat/EventFallback")

export const Visibility = Schema.Literal("all", "agents")
export type Visibility = typeof Visibility.Type

/** Namespaced properties: `{ <namespace>: { <name>: value } }`. */
export const Properties = Schema.Record({
  key: Schema.String,
  value: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
export type Properties = typeof Properties.Type

/** Fields every event carries (`author_id` is absent on system messages and `system` events). */
const common = {
  id: EventId,
  custom_id: Schema.optional(Schema.String),
  author_id: Schema.optional(UserId),
  created_at: Schema.DateTimeUtc,
  visibility: Visibility,
  properties: Schema.optional(Properties)
}

/** Present on a message produced by clicking a rich-message button. */
export const MessagePostback = Schema.Struct({
  id: Schema.String,
  thread_id: Schema.optional(ThreadId),
  event_id: Schema.optional(EventId),
  type: Schema.optional(Schema.String),
  value: Schema.optional(Schema.String)
})

export const MessageEvent = Schema.Struct({
  ...common,
  type: Schema.Literal("message"),
  text: Schema.String,
  postback: Schema.optional(MessagePostback)
})
export type MessageEvent = typeof MessageEvent.Type

export const RichMessageButton = Schema.Struct({
  text: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  value: Schema.optional(Schema.String),
  postback_id: Schema.optional(Schema.String),
  user_ids: Schema.optional(Schema.Array(Schema.String))
})

export const RichMessageElement = Schema.Struct({
  title: Schema.optional(Schema.String),
  subtitle: Schema.optional(Schema.String),
  image: Schema.optional(Schema.Unknown),
  buttons: Schema.optional(Schema.Array(RichMessageButton))
})

export const RichMessageEvent = Schema.Struct({
  ...common,
  type: Schema.Literal("rich_message"),
  template_id: Schema.String,
  elements: Schema.optionalWith(Schema.Array(RichMessageElement), { default: () => [] })
})
export type RichMessageEvent = typeof RichMessageEvent.Type

export const FileEvent = Schema.Struct({
  ...common,
  type: Schema.Literal("file"),
  name: Schema.String,
  url: Schema.String,
  content_type: Schema.optional(Schema.String),
  size: Schema.optional(Schema.Number),
  width: Schema.optional(Schema.Number),
  height: Schema.optional(Schema.Number),
  thumbnail_url: Schema.optional(Schema.String),
  thumbnail2x_url: Schema.optional(Schema.String),
  alternative_text: Schema.optional(Schema.String)
})
export type FileEvent = typeof FileEvent.Type

export const FormField = Schema.Struct({
  type: Schema.String,
  id: Schema.String,
  label: Schema.optional(Schema.String),
  // a string for text fields, `{id,label}` objects for choices: kept as-is
  answer: Schema.optional(Schema.Unknown),
  answers: Schema.optional(Schema.Unknown)
})

export const FilledFormEvent = Schema.Struct({
  ...common,
  type: Schema.Literal("filled_form"),
  form_id: Schema.optional(Schema.String),
  form_type: Schema.optional(Schema.String),
  fields: Schema.optionalWith(Schema.Array(FormField), { default: () => [] })
})
export type FilledFormEvent = typeof FilledFormEvent.Type

export const FormEvent = Schema.Struct({
  ...common,
  type: Schema.Literal("form"),
  form_id: Schema.optional(Schema.String),
  fields: Schema.optionalWith(Schema.Array(FormField), { default: () => [] })
})
export type FormEvent = typeof FormEvent.Type

export const SystemMessageEvent = Schema.Struct({
  ...common,
  type: Schema.Literal("system_message"),
  system_message_type: Schema.optional(Schema.String),
  text: Schema.optional(Schema.String),
  text_vars: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
})
export type SystemMessageEvent = typeof SystemMessageEvent.Type

export const CustomEvent = Schema.Struct({
  ...common,
  type: Schema.Literal("custom"),
  content: Schema.optional(Schema.Unknown)
})
export type CustomEvent = typeof CustomEvent.Type

/** v3.6 platform activity; `details` is serialized JSON *as a string* — kept raw, never parsed blindly. */
export const SystemEvent = Schema.Struct({
  ...common,
  type: Schema.Literal("system"),
  source: Schema.optional(Schema.String),
  subtype: Schema.optional(Schema.String),
  version: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  details: Schema.optional(Schema.String)
})
export type SystemEvent = typeof SystemEvent.Type

export const knownEventTypes: ReadonlySet<string> = new Set([
  "message",
  "rich_message",
  "file",
  "filled_form",
  "form",
  "system_message",
  "custom",
  "system"
])

const UnknownEventType = Schema.String.pipe(
  Schema.filter((type) => !knownEventTypes.has(type), {
    identifier: "UnknownEventType",
    [FallbackMarker]: true
  })
)

const UnknownEventFields = {
  id: EventId,
  custom_id: Schema.optional(Schema.String),
  author_id: Schema.optional(UserId),
  visibility: Schema.optional(Visibility)
}

/**
 * An event type this code does not know (a future LiveChat addition): carried, never fatal. It decodes to
 * `type: "unknown"` with the wire type in `original_type`, so that `event.type === "message"` narrows the
 * `Event` union (a plain `string` member would stop TypeScript from narrowing at all).
 */
export const UnknownEvent = Schema.transform(
  Schema.Struct({ ...UnknownEventFields, type: UnknownEventType }),
  Schema.typeSchema(
    Schema.Struct({ ...UnknownEventFields, type: Schema.Literal("unknown"), original_type: Schema.String })
  ),
  {
    strict: true,
    decode: ({ type, ...rest }) => ({ ...rest, type: "unknown" as const, original_type: type }),
    encode: ({ original_type, type: _unknown, ...rest }) => ({ ...rest, type: original_type })
  }
)
export type UnknownEvent = typeof UnknownEvent.Type

export const Event = Schema.Union(
  MessageEvent,
  RichMessageEvent,
  FileEvent,
  FilledFormEvent,
  FormEvent,
  SystemMessageEvent,
  CustomEvent,
  SystemEvent,
  UnknownEvent
)
export type Event = typeof Event.Type
