/**
 * Request bodies of the Configuration API actions for bots, webhooks and groups (§1.4, §3).
 */
import { Schema } from "effect"

export const Priority = Schema.Literal("first", "normal", "last", "supervisor")

const GroupEntry = Schema.Struct({ id: Schema.Int.pipe(Schema.nonNegative()), priority: Schema.optional(Priority) })

const BotFields = {
  avatar: Schema.optional(Schema.String),
  max_chats_count: Schema.optional(Schema.Int.pipe(Schema.between(0, 500))),
  default_group_priority: Schema.optional(Priority),
  job_title: Schema.optional(Schema.String),
  groups: Schema.optional(Schema.Array(GroupEntry)),
  type: Schema.optional(Schema.String),
  work_scheduler: Schema.optional(Schema.Unknown)
}

export const CreateBot = Schema.Struct({
  name: Schema.NonEmptyString,
  ...BotFields,
  owner_client_id: Schema.optional(Schema.NonEmptyString)
})

export const UpdateBot = Schema.Struct({
  id: Schema.NonEmptyString,
  name: Schema.optional(Schema.NonEmptyString),
  ...BotFields
})

export const BotId = Schema.Struct({ id: Schema.NonEmptyString })

export const GetBot = Schema.Struct({ id: Schema.NonEmptyString, fields: Schema.optional(Schema.Array(Schema.String)) })

export const ListBots = Schema.Struct({ all: Schema.optional(Schema.Boolean), fields: Schema.optional(Schema.Array(Schema.String)) })

export const ResetBotSecret = Schema.Struct({ id: Schema.NonEmptyString, owner_client_id: Schema.optional(Schema.NonEmptyString) })

export const IssueBotToken = Schema.Struct({
  bot_id: Schema.NonEmptyString,
  client_id: Schema.NonEmptyString,
  bot_secret: Schema.NonEmptyString,
  organization_id: Schema.NonEmptyString
})

const UserIdsFilter = Schema.Struct({
  values: Schema.optional(Schema.Array(Schema.String)),
  exclude_values: Schema.optional(Schema.Array(Schema.String))
})

export const WebhookFilters = Schema.Struct({
  author_type: Schema.optional(Schema.Literal("customer", "agent")),
  only_my_chats: Schema.optional(Schema.Boolean),
  chat_presence: Schema.optional(Schema.Struct({
    user_ids: Schema.optional(UserIdsFilter),
    my_bots: Schema.optional(Schema.Boolean)
  })),
  source_type: Schema.optional(Schema.Array(Schema.Literal("my_client", "other_clients", "system"))),
  agent_ids: Schema.optional(UserIdsFilter)
})

export const RegisterWebhook = Schema.Struct({
  action: Schema.NonEmptyString,
  secret_key: Schema.NonEmptyString,
  url: Schema.NonEmptyString.pipe(Schema.maxLength(500)),
  type: Schema.Literal("bot", "license"),
  owner_client_id: Schema.optional(Schema.NonEmptyString),
  additional_data: Schema.optional(Schema.Array(Schema.Literal("chat_properties", "chat_presence_user_ids"))),
  description: Schema.optional(Schema.String),
  filters: Schema.optional(WebhookFilters)
})

export const OwnerClient = Schema.Struct({ owner_client_id: Schema.optional(Schema.NonEmptyString) })

export const UnregisterWebhook = Schema.Struct({ id: Schema.NonEmptyString, owner_client_id: Schema.optional(Schema.NonEmptyString) })

export const ListGroups = Schema.Struct({ fields: Schema.optional(Schema.Array(Schema.String)) })
