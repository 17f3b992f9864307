/**
 * Configuration API actions (§1.4, §3): bots and their tokens, webhook registrations and the licence webhook
 * switch, groups. Scopes are modelled coarsely: the PAT is an administrator; a bot token manages only bots of
 * its own client (`agents-bot--my:rw`); a human agent's token may only read.
 */
import { Context, Duration, Effect, Layer } from "effect"
import { type Action, type ActionTable, authenticated, decodeBody, ok, open } from "./Actions.js"
import { AgentChatApi } from "./AgentChatApi.js"
import { ApiError, authorization, missingAccess, notFound, validation } from "./ApiError.js"
import type { Principal } from "./Auth.js"
import * as ChatOps from "./ChatOps.js"
import * as Requests from "./ConfigurationRequests.js"
import { newBotId, newBotSecret, newBotToken, newWebhookId } from "./Ids.js"
import type { Bot, GroupMembership, Priority, WebhookFilters, Wire } from "./Model.js"
import { State } from "./State.js"
import { chatWebhookActions, configurationWebhookActions, webhookActions } from "./Webhooks.js"
import type { World } from "./World.js"

const maxWebhooksPerAction = 3

const requireAdmin = (principal: Principal): Effect.Effect<void, ApiError> =>
  principal.kind === "account" ? Effect.void : Effect.fail(missingAccess())

/** `owner_client_id` is mandatory with a PAT; with a Bearer token it defaults to (and may override) the token's client. */
const ownerClientIdOf = (principal: Principal, requested: string | undefined): Effect.Effect<string, ApiError> => {
  if (requested !== undefined) return Effect.succeed(requested)
  return principal.kind === "account" ? Effect.fail(validation("`owner_client_id` is required")) : Effect.succeed(principal.clientId)
}

const findBot = (world: World, principal: Principal, id: string): Effect.Effect<Bot, ApiError> => {
  const bot = world.bots.get(id)
  if (bot === undefined) return Effect.fail(notFound("Bot not found"))
  // agents-bot--my: a bot token sees only bots of its own client.
  if (principal.kind === "bot" && bot.ownerClientId !== principal.clientId) return Effect.fail(notFound("Bot not found"))
  return Effect.succeed(bot)
}

const canManageBots = (principal: Principal): Effect.Effect<void, ApiError> =>
  principal.kind === "agent" ? Effect.fail(missingAccess()) : Effect.void

const memberships = (
  world: World,
  groups: ReadonlyArray<{ readonly id: number; readonly priority?: Priority | undefined }> | undefined,
  defaultPriority: Priority | undefined
): Effect.Effect<ReadonlyArray<GroupMembership>, ApiError> => {
  const list = groups ?? []
  const missing = list.find((g) => !world.groups.has(g.id))
  if (missing !== undefined) return Effect.fail(new ApiError({ type: "group_not_found", message: `Group ${missing.id} not found` }))
  return Effect.succeed(list.map((g) => ({ id: g.id, priority: g.priority ?? defaultPriority ?? "normal" })))
}

const botWire = (bot: Bot, fields: ReadonlyArray<string> | "all"): Wire => {
  const wire: Record<string, unknown> = { id: bot.id, name: bot.name, avatar_path: bot.avatar ?? "" }
  const want = (field: string) => fields === "all" || fields.includes(field)
  if (fields === "all") {
    if (bot.defaultGroupPriority !== undefined) wire.default_group_priority = bot.defaultGroupPriority
    wire.owner_client_id = bot.ownerClientId
    wire.type = bot.type
  }
  if (want("max_chats_count")) wire.max_chats_count = bot.maxChatsCount
  if (want("groups")) wire.groups = bot.groups.map((g) => ({ id: g.id, priority: g.priority }))
  if (want("job_title") && bot.jobTitle !== undefined) wire.job_title = bot.jobTitle
  if (want("work_scheduler") && bot.workScheduler !== undefined) wire.work_scheduler = bot.workScheduler
  return wire
}

const filtersFrom = (action: string, filters: typeof Requests.WebhookFilters.Type | undefined): Effect.Effect<WebhookFilters, ApiError> => {
  if (filters?.author_type !== undefined && action !== "incoming_event" && action !== "event_updated") {
    return Effect.fail(validation("`filters.author_type` is supported only for incoming_event and event_updated"))
  }
  const userIds = filters?.chat_presence?.user_ids
  if (userIds?.values !== undefined && userIds.exclude_values !== undefined) {
    return Effect.fail(validation("`filters.chat_presence.user_ids`: use either values or exclude_values"))
  }
  const isChatAction = (chatWebhookActions as ReadonlyArray<string>).includes(action)
  if (!isChatAction && (filters?.chat_presence !== undefined || filters?.only_my_chats !== undefined)) {
    return Effect.fail(validation(`\`filters.chat_presence\` and \`filters.only_my_chats\` are not supported for ${action}`))
  }
  if (filters?.agent_ids !== undefined && action !== "routing_status_set") {
    return Effect.fail(validation("`filters.agent_ids` is supported only for routing_status_set"))
  }
  return Effect.succeed({
    authorType: filters?.author_type,
    onlyMyChats: filters?.only_my_chats ?? false,
    myBots: filters?.chat_presence?.my_bots ?? false,
    userIds: userIds?.values,
    excludeUserIds: userIds?.exclude_values,
    sourceType: filters?.source_type,
    agentIds: filters?.agent_ids?.values,
    wire: filters
  })
}

const isHttpUrl = (url: string): boolean => {
  try {
    const parsed = new URL(url)
    return parsed.protocol === "http:" || parsed.protocol === "https:"
  } catch {
    return false
  }
}

const groupRoutingStatus = (world: World, groupId: number): string => {
  const statuses = world.allAgentIds()
    .filter((id) => world.priorityIn(id, groupId) !== undefined)
    .map((id) => world.routingStatus(id))
  if (statuses.includes("accepting_chats")) return "accepting_chats"
  if (statuses.includes("not_accepting_chats")) return "not_accepting_chats"
  return "offline"
}

export class ConfigurationApi extends Context.Tag("emulator/ConfigurationApi")<ConfigurationApi, ActionTable>() {
  static readonly layer = Layer.effect(
    ConfigurationApi,
    Effect.gen(function*() {
      const state = yield* State
      const agentChat = yield* AgentChatApi
      const ttl = Duration.toMillis(Duration.decode(state.options.botTokenTtl))

      const createBot = Effect.fn("ConfigurationApi.createBot")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        yield* canManageBots(principal)
        const request = yield* decodeBody(Requests.CreateBot, body)
        const ownerClientId = yield* ownerClientIdOf(principal, request.owner_client_id)
        if (principal.kind === "bot" && ownerClientId !== principal.clientId) return yield* missingAccess()
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const groups = yield* memberships(world, request.groups, request.default_group_priority)
            const bot: Bot = {
              id: newBotId(),
              secret: newBotSecret(),
              name: request.name,
              avatar: request.avatar,
              maxChatsCount: request.max_chats_count ?? 6,
              defaultGroupPriority: request.default_group_priority,
              jobTitle: request.job_title,
              groups,
              ownerClientId,
              type: request.type ?? "chatbot",
              workScheduler: request.work_scheduler,
              // A new bot takes no chats (and gets no `bot` webhooks) until its routing status is set.
              status: "offline"
            }
            world.bots.set(bot.id, bot)
            return { id: bot.id, secret: bot.secret }
          })
        )
      })

      const updateBot = Effect.fn("ConfigurationApi.updateBot")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        yield* canManageBots(principal)
        const request = yield* decodeBody(Requests.UpdateBot, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const bot = yield* findBot(world, principal, request.id)
            const defaultPriority = request.default_group_priority ?? bot.defaultGroupPriority
            const groups = request.groups === undefined ? bot.groups : yield* memberships(world, request.groups, defaultPriority)
            if (request.name !== undefined) bot.name = request.name
            if (request.avatar !== undefined) bot.avatar = request.avatar
            if (request.max_chats_count !== undefined) bot.maxChatsCount = request.max_chats_count
            if (request.job_title !== undefined) bot.jobTitle = request.job_title
            if (request.type !== undefined) bot.type = request.type
            if (request.work_scheduler !== undefined) bot.workScheduler = request.work_scheduler
            bot.defaultGroupPriority = defaultPriority
            bot.groups = groups
            ChatOps.serveQueue(world)
            return ok
          })
        )
      })

      const deleteBot = Effect.fn("ConfigurationApi.deleteBot")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        yield* canManageBots(principal)
        const request = yield* decodeBody(Requests.BotId, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const bot = yield* findBot(world, principal, request.id)
            for (const chat of world.chats.values()) {
              if (world.isMember(chat, bot.id)) ChatOps.removeAgent(world, chat, bot.id, "other", { requesterId: principal.userId, sourceClientId: principal.clientId })
            }
            world.bots.delete(bot.id)
            for (const [token, claims] of world.botTokens) if (claims.botId === bot.id) world.botTokens.delete(token)
            ChatOps.serveQueue(world)
            return ok
          })
        )
      })

      const getBot = Effect.fn("ConfigurationApi.getBot")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.GetBot, body)
        return yield* state.transact((world) =>
          Effect.map(findBot(world, principal, request.id), (bot) => botWire(bot, "all"))
        )
      })

      const listBots = Effect.fn("ConfigurationApi.listBots")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        const request = yield* decodeBody(Requests.ListBots, body)
        return yield* state.transact((world) =>
          Effect.sync(() =>
            Array.from(world.bots.values())
              // `all: false` means "bots of the calling app"; a PAT has no app, so it sees the whole licence.
              .filter((bot) => request.all === true || principal.kind !== "bot" || bot.ownerClientId === principal.clientId)
              .map((bot) => botWire(bot, request.fields ?? []))
          )
        )
      })

      const resetBotSecret = Effect.fn("ConfigurationApi.resetBotSecret")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        yield* canManageBots(principal)
        const request = yield* decodeBody(Requests.ResetBotSecret, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const bot = yield* findBot(world, principal, request.id)
            bot.secret = newBotSecret()
            return { secret: bot.secret }
          })
        )
      })

      const issueBotToken = Effect.fn("ConfigurationApi.issueBotToken")(function*({ body }: { body: unknown }) {
        const request = yield* decodeBody(Requests.IssueBotToken, body)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const bot = world.bots.get(request.bot_id)
            if (bot === undefined) return yield* notFound("Bot not found")
            if (request.organization_id !== world.options.organizationId) return yield* validation("Invalid `organization_id`")
            if (request.client_id !== bot.ownerClientId) return yield* authorization("Client is not the owner of this bot")
            if (request.bot_secret !== bot.secret) return yield* new ApiError({ type: "authentication", message: "Invalid bot secret" })
            const expiresAtMillis = world.now + ttl
            const token = newBotToken({ botId: bot.id, clientId: bot.ownerClientId, organizationId: world.options.organizationId, expiresAtMillis })
            world.botTokens.set(token, { botId: bot.id, clientId: bot.ownerClientId, expiresAtMillis })
            return { token }
          })
        )
      })

      const registerWebhook = Effect.fn("ConfigurationApi.registerWebhook")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        yield* requireAdmin(principal)
        const request = yield* decodeBody(Requests.RegisterWebhook, body)
        if (!webhookActions.includes(request.action)) return yield* validation(`\`action\`: unsupported webhook action ${request.action}`)
        if (!isHttpUrl(request.url)) return yield* validation("`url`: must be an absolute http(s) URL")
        const ownerClientId = yield* ownerClientIdOf(principal, request.owner_client_id)
        const filters = yield* filtersFrom(request.action, request.filters)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const sameAction = Array.from(world.webhooks.values()).filter((w) => w.action === request.action && w.ownerClientId === ownerClientId)
            if (sameAction.length >= maxWebhooksPerAction) {
              return yield* new ApiError({ type: "limit_reached", message: `At most ${maxWebhooksPerAction} webhooks per action` })
            }
            const id = newWebhookId()
            world.webhooks.set(id, {
              id,
              action: request.action,
              url: request.url,
              secretKey: request.secret_key,
              type: request.type,
              ownerClientId,
              description: request.description,
              filters,
              additionalData: request.additional_data ?? []
            })
            return { id }
          })
        )
      })

      const listWebhooks = Effect.fn("ConfigurationApi.listWebhooks")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        yield* requireAdmin(principal)
        const request = yield* decodeBody(Requests.OwnerClient, body)
        const ownerClientId = yield* ownerClientIdOf(principal, request.owner_client_id)
        return yield* state.transact((world) =>
          Effect.sync(() =>
            Array.from(world.webhooks.values())
              .filter((w) => w.ownerClientId === ownerClientId)
              .map((w) => {
                const wire: Record<string, unknown> = { id: w.id, url: w.url }
                if (w.description !== undefined) wire.description = w.description
                wire.action = w.action
                wire.secret_key = w.secretKey
                if (w.filters.wire !== undefined) wire.filters = w.filters.wire
                wire.owner_client_id = w.ownerClientId
                wire.type = w.type
                if (w.additionalData.length > 0) wire.additional_data = [...w.additionalData]
                return wire
              })
          )
        )
      })

      const unregisterWebhook = Effect.fn("ConfigurationApi.unregisterWebhook")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        yield* requireAdmin(principal)
        const request = yield* decodeBody(Requests.UnregisterWebhook, body)
        const ownerClientId = yield* ownerClientIdOf(principal, request.owner_client_id)
        return yield* state.transact((world) =>
          Effect.gen(function*() {
            const webhook = world.webhooks.get(request.id)
            if (webhook === undefined || webhook.ownerClientId !== ownerClientId) return yield* notFound("Webhook not found")
            world.webhooks.delete(request.id)
            return ok
          })
        )
      })

      const licenseWebhooks = (name: string, change: "enable" | "disable" | "get") =>
        Effect.fn(`ConfigurationApi.${name}`)(function*({ body, principal }: { body: unknown; principal: Principal }) {
          yield* requireAdmin(principal)
          const request = yield* decodeBody(Requests.OwnerClient, body)
          const ownerClientId = yield* ownerClientIdOf(principal, request.owner_client_id)
          return yield* state.transact((world) =>
            Effect.sync((): Wire => {
              if (change === "enable") world.licenseWebhooksDisabled.delete(ownerClientId)
              if (change === "disable") world.licenseWebhooksDisabled.add(ownerClientId)
              return change === "get" ? { license_webhooks_enabled: !world.licenseWebhooksDisabled.has(ownerClientId) } : ok
            })
          )
        })

      const listGroups = Effect.fn("ConfigurationApi.listGroups")(function*({ body, principal }: { body: unknown; principal: Principal }) {
        // Bot tokens lack groups--all:ro.
        if (principal.kind === "bot") return yield* missingAccess()
        const request = yield* decodeBody(Requests.ListGroups, body)
        const fields = request.fields ?? []
        return yield* state.transact((world) =>
          Effect.sync(() =>
            Array.from(world.groups.values()).map((group) => {
              const wire: Record<string, unknown> = { id: group.id, name: group.name, language_code: group.languageCode }
              if (fields.includes("agent_priorities")) {
                const priorities: Record<string, string> = {}
                for (const id of world.allAgentIds()) {
                  const priority = world.priorityIn(id, group.id)
                  if (priority !== undefined) priorities[id] = priority
                }
                wire.agent_priorities = priorities
              }
              if (fields.includes("routing_status")) wire.routing_status = groupRoutingStatus(world, group.id)
              return wire
            })
          )
        )
      })

      const listWebhookNames = Effect.fn("ConfigurationApi.listWebhookNames")(function*() {
        const chatFilters = ["chat_presence", "only_my_chats", "source_type"]
        return webhookActions.map((action) => ({
          action,
          filters: action === "incoming_event" || action === "event_updated"
            ? ["author_type", ...chatFilters]
            : action === "routing_status_set"
            ? ["agent_ids", "source_type"]
            : (configurationWebhookActions as ReadonlyArray<string>).includes(action)
            ? ["source_type"]
            : chatFilters,
          additional_data: (chatWebhookActions as ReadonlyArray<string>).includes(action) ? ["chat_properties", "chat_presence_user_ids"] : []
        }))
      })

      const actions: Record<string, Action> = {
        create_bot: authenticated(createBot),
        update_bot: authenticated(updateBot),
        delete_bot: authenticated(deleteBot),
        get_bot: authenticated(getBot),
        list_bots: authenticated(listBots),
        reset_bot_secret: authenticated(resetBotSecret),
        issue_bot_token: open(issueBotToken),
        register_webhook: authenticated(registerWebhook),
        list_webhooks: authenticated(listWebhooks),
        unregister_webhook: authenticated(unregisterWebhook),
        enable_license_webhooks: authenticated(licenseWebhooks("enableLicenseWebhooks", "enable")),
        disable_license_webhooks: authenticated(licenseWebhooks("disableLicenseWebhooks", "disable")),
        get_license_webhooks_state: authenticated(licenseWebhooks("getLicenseWebhooksState", "get")),
        list_groups: authenticated(listGroups),
        list_webhook_names: open(listWebhookNames)
      }
      const listRoutingStatuses = agentChat.list_routing_statuses
      if (listRoutingStatuses !== undefined) actions.list_routing_statuses = listRoutingStatuses
      return actions
    })
  )
}
