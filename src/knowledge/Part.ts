/**
 * A FitMate catalog record (the import format documented in datasets/README.md). The same schema decodes
 * JSON records, CSV rows (after cell conversion) and the `record` column read back from PostgreSQL.
 */
import { Schema } from "effect"

export const PartCategory = Schema.Literal("connector", "contact", "backshell", "housing", "cap", "tool")
export type PartCategory = typeof PartCategory.Type

export const Gender = Schema.Literal("plug", "receptacle", "jack", "header", "pin", "socket")
export type Gender = typeof Gender.Type

export const ContactType = Schema.Literal("pin", "socket")

/** Printable part number: letters and digits with the usual separators. */
export const PartNumberText = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9](?:[A-Za-z0-9 \-/._]{0,62}[A-Za-z0-9])?$/, {
    message: (issue) =>
      `Expected a part number (letters, digits, - / . _ and spaces, at most 64 characters), actual ${JSON.stringify(issue.actual)}`
  })
)

/** IP code per IEC 60529 / ISO 20653: IP67, IP68, IP6K9K, IPX7 … */
export const IpRating = Schema.String.pipe(
  Schema.pattern(/^IP([0-6X])K?([0-9X])K?$/, {
    message: (issue) => `Expected an IP code such as IP67 or IP6K9K, actual ${JSON.stringify(issue.actual)}`
  })
)

export const Family = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: (issue) => `Expected a lower-case kebab-case family, actual ${JSON.stringify(issue.actual)}`
  })
)

/** A source document id: lower-case kebab. */
export const SourceIdText = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: (issue) => `Expected a lower-case kebab-case id, actual ${JSON.stringify(issue.actual)}`
  })
)

const PositiveNumber = Schema.Number.pipe(Schema.positive({ message: (i) => `Expected a positive number, actual ${String(i.actual)}` }))

/** Absent or null → null, so a record always has every attribute. */
const attribute = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null })

const references = Schema.optionalWith(Schema.Array(PartNumberText), { default: () => [] })

export const Part = Schema.Struct({
  partNumber: PartNumberText,
  series: Schema.NonEmptyTrimmedString,
  family: Family,
  category: PartCategory,
  description: Schema.NonEmptyTrimmedString,
  gender: attribute(Gender),
  contactType: attribute(ContactType),
  shellSize: attribute(Schema.NonEmptyTrimmedString),
  positions: attribute(Schema.Int.pipe(Schema.positive())),
  contactSize: attribute(Schema.NonEmptyTrimmedString),
  wireRange: attribute(Schema.NonEmptyTrimmedString),
  currentRatingA: attribute(PositiveNumber),
  voltageRatingV: attribute(PositiveNumber),
  tempMinC: attribute(Schema.Int),
  tempMaxC: attribute(Schema.Int),
  ipRating: attribute(IpRating),
  coupling: attribute(Schema.NonEmptyTrimmedString),
  termination: attribute(Schema.NonEmptyTrimmedString),
  plating: attribute(Schema.NonEmptyTrimmedString),
  housingMaterial: attribute(Schema.NonEmptyTrimmedString),
  contactMaterial: attribute(Schema.NonEmptyTrimmedString),
  sealMaterial: attribute(Schema.NonEmptyTrimmedString),
  impedanceOhm: attribute(PositiveNumber),
  maxFrequencyGHz: attribute(PositiveNumber),
  pitchMm: attribute(PositiveNumber),
  fiberType: attribute(Schema.NonEmptyTrimmedString),
  rohs: attribute(Schema.Boolean),
  reach: attribute(Schema.Boolean),
  matingParts: references,
  compatibleContacts: references,
  backshells: references,
  caps: references,
  crimpTools: references,
  datasheetId: attribute(SourceIdText),
  datasheetRevision: attribute(Schema.NonEmptyTrimmedString)
})
export type Part = typeof Part.Type

/** The fields of a record, in the documented order (CSV header check, error messages). */
export const partFieldNames: ReadonlyArray<keyof Part> = Object.keys(Part.fields) as Array<keyof Part>

export type ReferenceField = "matingParts" | "compatibleContacts" | "backshells" | "caps" | "crimpTools"
export const referenceFields: ReadonlyArray<ReferenceField> = [
  "matingParts",
  "compatibleContacts",
  "backshells",
  "caps",
  "crimpTools"
]

export const numberFields: ReadonlySet<keyof Part> = new Set<keyof Part>([
  "positions",
  "currentRatingA",
  "voltageRatingV",
  "tempMinC",
  "tempMaxC",
  "impedanceOhm",
  "maxFrequencyGHz",
  "pitchMm"
])
export const booleanFields: ReadonlySet<keyof Part> = new Set<keyof Part>(["rohs", "reach"])
