/**
 * The shapes the generator writes. They mirror the import format documented in datasets/README.md
 * (decoded at run time by src/knowledge/Part.ts); the generator is plain TypeScript so it stays a
 * dependency-free build step.
 */

export type Family =
  | "circular-mil"
  | "circular-sensor"
  | "circular-push-pull"
  | "rectangular-industrial"
  | "board-to-board"
  | "wire-to-board"
  | "rf-coaxial"
  | "power"
  | "sealed-automotive"
  | "fiber-optic"
  | "high-voltage"
  | "tooling"

export type Category = "connector" | "contact" | "backshell" | "housing" | "cap" | "tool"
export type Gender = "plug" | "receptacle" | "jack" | "header" | "pin" | "socket"

export interface PartRecord {
  partNumber: string
  series: string
  family: Family
  category: Category
  description: string
  gender: Gender | null
  contactType: "pin" | "socket" | null
  shellSize: string | null
  positions: number | null
  contactSize: string | null
  wireRange: string | null
  currentRatingA: number | null
  voltageRatingV: number | null
  tempMinC: number | null
  tempMaxC: number | null
  ipRating: string | null
  coupling: string | null
  termination: string | null
  plating: string | null
  housingMaterial: string | null
  contactMaterial: string | null
  sealMaterial: string | null
  impedanceOhm: number | null
  maxFrequencyGHz: number | null
  pitchMm: number | null
  fiberType: string | null
  rohs: boolean
  reach: boolean
  matingParts: Array<string>
  compatibleContacts: Array<string>
  backshells: Array<string>
  caps: Array<string>
  crimpTools: Array<string>
  datasheetId: string
  datasheetRevision: string
}

/** A part before the generator fills defaults; only what differs from `blankPart` is given. */
export type PartInit = Pick<PartRecord, "partNumber" | "series" | "family" | "category" | "description"> &
  Partial<PartRecord>

export const blankPart = (init: PartInit): PartRecord => ({
  gender: null,
  contactType: null,
  shellSize: null,
  positions: null,
  contactSize: null,
  wireRange: null,
  currentRatingA: null,
  voltageRatingV: null,
  tempMinC: null,
  tempMaxC: null,
  ipRating: null,
  coupling: null,
  termination: null,
  plating: null,
  housingMaterial: null,
  contactMaterial: null,
  sealMaterial: null,
  impedanceOhm: null,
  maxFrequencyGHz: null,
  pitchMm: null,
  fiberType: null,
  rohs: true,
  reach: true,
  matingParts: [],
  compatibleContacts: [],
  backshells: [],
  caps: [],
  crimpTools: [],
  datasheetId: "",
  datasheetRevision: "",
  ...init
})

/** Key order of a written part (JSON objects and CSV columns). */
export const partFields: ReadonlyArray<keyof PartRecord> = [
  "partNumber",
  "series",
  "family",
  "category",
  "description",
  "gender",
  "contactType",
  "shellSize",
  "positions",
  "contactSize",
  "wireRange",
  "currentRatingA",
  "voltageRatingV",
  "tempMinC",
  "tempMaxC",
  "ipRating",
  "coupling",
  "termination",
  "plating",
  "housingMaterial",
  "contactMaterial",
  "sealMaterial",
  "impedanceOhm",
  "maxFrequencyGHz",
  "pitchMm",
  "fiberType",
  "rohs",
  "reach",
  "matingParts",
  "compatibleContacts",
  "backshells",
  "caps",
  "crimpTools",
  "datasheetId",
  "datasheetRevision"
]

export type DocKind = "datasheet" | "assembly_spec" | "faq" | "policy" | "troubleshooting" | "application_note"

export interface Doc {
  /** Path under datasets/sources/. */
  readonly path: string
  readonly id: string
  readonly title: string
  readonly revision: string
  readonly kind: DocKind
  readonly series: ReadonlyArray<string>
  readonly body: string
}

export const docUrl = (kind: DocKind, id: string): string => {
  const folder = {
    datasheet: "datasheets",
    assembly_spec: "specs",
    faq: "faq",
    policy: "policies",
    troubleshooting: "troubleshooting",
    application_note: "notes"
  }[kind]
  return `https://docs.fitmate.example/${folder}/${id}`
}
