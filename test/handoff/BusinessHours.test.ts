import { assert, describe, it } from "@effect/vitest"
import { Either, Option } from "effect"
import {
  type BusinessHours,
  describeOpening,
  describeSchedule,
  hoursStatus,
  parseDays,
  parseHolidays,
  parseHours
} from "../../src/handoff/BusinessHours.js"

const berlin: BusinessHours = {
  timeZone: "Europe/Berlin",
  days: [1, 2, 3, 4, 5],
  openMinute: 8 * 60,
  closeMinute: 17 * 60,
  holidays: new Set(["2026-12-24", "2026-12-25"])
}

describe("hoursStatus", () => {
  const cases: ReadonlyArray<readonly [string, string, boolean, string | null]> = [
    ["Wednesday 11:00 local", "2026-11-25T10:00:00Z", true, null],
    ["opening minute is open", "2026-11-25T07:00:00Z", true, null],
    ["closing minute is closed", "2026-11-25T16:00:00Z", false, "2026-11-26T07:00:00.000Z"],
    ["early morning opens the same day", "2026-11-25T05:00:00Z", false, "2026-11-25T07:00:00.000Z"],
    ["Friday evening opens Monday", "2026-11-27T18:00:00Z", false, "2026-11-30T07:00:00.000Z"],
    ["holidays are skipped", "2026-12-23T17:00:00Z", false, "2026-12-28T07:00:00.000Z"],
    ["summer time: Monday 08:00 CEST is 06:00 UTC", "2026-03-28T12:00:00Z", false, "2026-03-30T06:00:00.000Z"]
  ]
  for (const [name, at, open, next] of cases) {
    it(name, () => {
      const status = hoursStatus(berlin, new Date(at))
      assert.strictEqual(status.open, open)
      assert.deepStrictEqual(Option.map(status.nextOpening, (d) => d.toISOString()), Option.fromNullable(next))
    })
  }
  it("describes the schedule and the next opening in the zone", () => {
    assert.strictEqual(describeSchedule(berlin), "Monday to Friday, 08:00–17:00 (Europe/Berlin time)")
    assert.strictEqual(describeOpening(berlin, new Date("2026-11-30T07:00:00Z")), "Monday at 08:00")
    assert.strictEqual(describeSchedule({ ...berlin, days: [1, 3] }), "Monday, Wednesday, 08:00–17:00 (Europe/Berlin time)")
  })
})

describe("business hours configuration", () => {
  it("parses days, hours and holidays, and refuses nonsense", () => {
    assert.deepStrictEqual(parseDays("Mon-Fri"), Either.right([1, 2, 3, 4, 5]))
    assert.deepStrictEqual(parseDays("mon, wed,Fri"), Either.right([1, 3, 5]))
    assert.deepStrictEqual(parseDays("1-3,6"), Either.right([1, 2, 3, 6]))
    assert.isTrue(Either.isLeft(parseDays("Fri-Mon")))
    assert.isTrue(Either.isLeft(parseDays("")))
    assert.deepStrictEqual(parseHours("8:30 - 16:45"), Either.right([510, 1005] as const))
    assert.isTrue(Either.isLeft(parseHours("17:00-08:00")))
    assert.isTrue(Either.isLeft(parseHours("9 to 5")))
    assert.deepStrictEqual(Either.map(parseHolidays("2026-12-24, 2026-12-31"), (s) => [...s]), Either.right(["2026-12-24", "2026-12-31"]))
    assert.isTrue(Either.isLeft(parseHolidays("24.12.2026")))
  })
})
