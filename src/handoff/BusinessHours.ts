/**
 * When FitMate engineers staff the chat: a weekly schedule in a time zone, minus holidays. Pure functions over a
 * `Date` (the caller reads the clock), plus the configuration:
 *
 *   SUPPORT_TIME_ZONE  IANA zone, default Europe/Berlin
 *   SUPPORT_DAYS       working days, e.g. "Mon-Fri" (default), "Mon,Tue,Thu", "Mon-Sat"
 *   SUPPORT_HOURS      opening hours, e.g. "08:00-17:00" (default)
 *   SUPPORT_HOLIDAYS   closed dates in the zone, comma-separated YYYY-MM-DD (default none)
 *
 * The status shapes the hand-off wording only; live availability decides whether a transfer is attempted.
 */
import { Config, ConfigError, Either, Option } from "effect"

export interface BusinessHours {
  readonly timeZone: string
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  readonly days: ReadonlyArray<number>
  /** Minutes after local midnight. */
  readonly openMinute: number
  readonly closeMinute: number
  /** Local dates (YYYY-MM-DD) with no support. */
  readonly holidays: ReadonlySet<string>
}

export interface HoursStatus {
  readonly open: boolean
  /** The next time the chat is staffed, when it is closed now (within the next three weeks). */
  readonly nextOpening: Option.Option<Date>
}

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const
const SHORT = DAY_NAMES.map((d) => d.slice(0, 3).toLowerCase())

interface LocalTime {
  readonly date: string
  readonly weekday: number
  readonly minute: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()
const formatter = (timeZone: string) => {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit"
    })
    formatters.set(timeZone, f)
  }
  return f
}

const localTime = (timeZone: string, instant: Date): LocalTime => {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]))
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: SHORT.indexOf(String(parts.weekday).toLowerCase()) + 1,
    minute: Number(parts.hour) * 60 + Number(parts.minute)
  }
}

/** The instant of a local date and minute in the zone (two rounds of offset correction cover DST changes). */
const instantOf = (timeZone: string, date: string, minute: number): Date => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  const wanted = Date.UTC(y, m - 1, d, Math.floor(minute / 60), minute % 60)
  let guess = wanted
  for (let i = 0; i < 2; i++) {
    const local = localTime(timeZone, new Date(guess))
    const [ly, lm, ld] = local.date.split("-").map(Number) as [number, number, number]
    const seen = Date.UTC(ly, lm - 1, ld, Math.floor(local.minute / 60), local.minute % 60)
    guess += wanted - seen
  }
  return new Date(guess)
}

const isWorkingDay = (hours: BusinessHours, local: LocalTime) => hours.days.includes(local.weekday) && !hours.holidays.has(local.date)

/** Open now, or when it opens next. */
export const hoursStatus = (hours: BusinessHours, now: Date): HoursStatus => {
  const local = localTime(hours.timeZone, now)
  if (isWorkingDay(hours, local) && local.minute >= hours.openMinute && local.minute < hours.closeMinute) {
    return { open: true, nextOpening: Option.none() }
  }
  for (let day = 0; day <= 21; day++) {
    const probe = localTime(hours.timeZone, new Date(now.getTime() + day * 86_400_000))
    if (!isWorkingDay(hours, probe)) continue
    if (day === 0 && local.minute >= hours.openMinute) continue
    return { open: false, nextOpening: Option.some(instantOf(hours.timeZone, probe.date, hours.openMinute)) }
  }
  return { open: false, nextOpening: Option.none() }
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`

/** "Monday to Friday, 08:00–17:00 (Europe/Berlin time)". */
export const describeSchedule = (hours: BusinessHours): string => {
  const days = [...hours.days].sort((a, b) => a - b)
  const contiguous = days.every((d, i) => i === 0 || d === days[i - 1]! + 1)
  const dayText = days.length === 0
    ? "no days"
    : contiguous && days.length > 2
    ? `${DAY_NAMES[days[0]! - 1]} to ${DAY_NAMES[days.at(-1)! - 1]}`
    : days.map((d) => DAY_NAMES[d - 1]).join(", ")
  return `${dayText}, ${hhmm(hours.openMinute)}–${hhmm(hours.closeMinute)} (${hours.timeZone.replace(/_/g, " ")} time)`
}

/** "Monday at 08:00" in the zone of the schedule. */
export const describeOpening = (hours: BusinessHours, instant: Date): string => {
  const local = localTime(hours.timeZone, instant)
  return `${DAY_NAMES[local.weekday - 1]} at ${hhmm(local.minute)}`
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------------------------

const dayIndex = (token: string): number | undefined => {
  const t = token.trim().toLowerCase()
  if (/^[1-7]$/.test(t)) return Number(t)
  const i = SHORT.indexOf(t.slice(0, 3))
  return i >= 0 ? i + 1 : undefined
}

export const parseDays = (text: string): Either.Either<ReadonlyArray<number>, string> => {
  const days = new Set<number>()
  for (const part of text.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const [from, to] = part.split("-")
    const a = dayIndex(from ?? "")
    const b = to === undefined ? a : dayIndex(to)
    if (a === undefined || b === undefined || b < a) return Either.left(`Expected days such as "Mon-Fri", got "${part}"`)
    for (let d = a; d <= b; d++) days.add(d)
  }
  return days.size === 0 ? Either.left("Expected at least one working day") : Either.right([...days].sort())
}

export const parseHours = (text: string): Either.Either<readonly [number, number], string> => {
  const m = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(text)
  if (m === null) return Either.left(`Expected hours such as "08:00-17:00", got "${text}"`)
  const open = Number(m[1]) * 60 + Number(m[2])
  const close = Number(m[3]) * 60 + Number(m[4])
  if (open >= close || close > 24 * 60) return Either.left(`Opening must be before closing: "${text}"`)
  return Either.right([open, close] as const)
}

export const parseHolidays = (text: string): Either.Either<ReadonlySet<string>, string> => {
  const dates = text.split(",").map((d) => d.trim()).filter((d) => d !== "")
  const bad = dates.find((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d))
  return bad === undefined ? Either.right(new Set(dates)) : Either.left(`Expected YYYY-MM-DD dates, got "${bad}"`)
}

const validZone = (zone: string): Either.Either<string, string> => {
  try {
    formatter(zone)
    return Either.right(zone)
  } catch {
    return Either.left(`Unknown time zone "${zone}"`)
  }
}

const ConfigErrorOf = (message: string) => ConfigError.InvalidData([], message)

const fromEither = <A>(name: string, either: Either.Either<A, string>) =>
  Either.mapLeft(either, (message) => `${name}: ${message}`)

export const BusinessHoursConfig: Config.Config<BusinessHours> = Config.all({
  timeZone: Config.string("SUPPORT_TIME_ZONE").pipe(Config.withDefault("Europe/Berlin")),
  days: Config.string("SUPPORT_DAYS").pipe(Config.withDefault("Mon-Fri")),
  hours: Config.string("SUPPORT_HOURS").pipe(Config.withDefault("08:00-17:00")),
  holidays: Config.string("SUPPORT_HOLIDAYS").pipe(Config.withDefault(""))
}).pipe(
  Config.mapOrFail((raw) => {
    const parsed = Either.all({
      timeZone: fromEither("SUPPORT_TIME_ZONE", validZone(raw.timeZone)),
      days: fromEither("SUPPORT_DAYS", parseDays(raw.days)),
      hours: fromEither("SUPPORT_HOURS", parseHours(raw.hours)),
      holidays: fromEither("SUPPORT_HOLIDAYS", parseHolidays(raw.holidays))
    })
    return Either.match(parsed, {
      onLeft: (message) => Either.left(ConfigErrorOf(message)),
      onRight: (p): Either.Either<BusinessHours, ReturnType<typeof ConfigErrorOf>> =>
        Either.right({
          timeZone: p.timeZone,
          days: p.days,
          openMinute: p.hours[0],
          closeMinute: p.hours[1],
          holidays: p.holidays
        })
    })
  })
)
