/** The datasheet layout every series shares: overview, general specifications, ordering tables, compatibility. */
import { amps, dash, list, makeDoc, table, volts } from "./common.js"
import type { Doc, PartRecord } from "./model.js"
import { datasheetIdOf } from "./series.js"

export type Column = readonly [header: string, cell: (p: PartRecord) => string]

export const col = {
  partNumber: ["Part number", (p) => p.partNumber] as Column,
  gender: ["Type", (p) => dash(p.gender)] as Column,
  shell: ["Shell size", (p) => dash(p.shellSize)] as Column,
  positions: ["Positions", (p) => dash(p.positions)] as Column,
  contactType: ["Contacts", (p) => dash(p.contactType)] as Column,
  contactSize: ["Contact size", (p) => dash(p.contactSize)] as Column,
  current: ["Current per contact", (p) => (p.currentRatingA === null ? "—" : amps(p.currentRatingA))] as Column,
  voltage: ["Voltage", (p) => (p.voltageRatingV === null ? "—" : volts(p.voltageRatingV))] as Column,
  ip: ["IP rating", (p) => dash(p.ipRating)] as Column,
  termination: ["Termination", (p) => dash(p.termination)] as Column,
  plating: ["Finish", (p) => dash(p.plating)] as Column,
  wire: ["Wire range", (p) => dash(p.wireRange)] as Column,
  tools: ["Crimp tool", (p) => list(p.crimpTools)] as Column,
  description: ["Description", (p) => p.description] as Column,
  rohs: ["RoHS", (p) => (p.rohs ? "yes" : "no")] as Column
} as const

/** Ordering-table filters: the connectors of one gender, or every part of one category. */
export const byGender = (gender: PartRecord["gender"]) => (p: PartRecord) => p.category === "connector" && p.gender === gender
export const byCategory = (category: PartRecord["category"]) => (p: PartRecord) => p.category === category

/** Crimp contacts are listed the same way wherever a series sells them separately. */
export const crimpContactColumns: ReadonlyArray<Column> = [col.partNumber, col.gender, col.contactSize, col.wire, col.current, col.tools]
/** Backshells, housings and caps that fit by shell size. */
export const accessoryColumns: ReadonlyArray<Column> = [col.partNumber, col.shell, col.description]

export const partsTable = (parts: ReadonlyArray<PartRecord>, columns: ReadonlyArray<Column>): string =>
  table(
    columns.map(([header]) => header),
    parts.map((p) => columns.map(([, cell]) => cell(p)))
  )

/** One row per connector: what it mates with and which accessories fit. */
export const compatibilityTable = (connectors: ReadonlyArray<PartRecord>): string =>
  table(
    ["Connector", "Mates with", "Contacts", "Backshells / hoods", "Caps", "Crimp tools"],
    connectors.map((p) => [
      p.partNumber,
      list(p.matingParts),
      list(p.compatibleContacts),
      list(p.backshells),
      list(p.caps),
      list(p.crimpTools)
    ])
  )

export interface DatasheetInit {
  /** The series code; the datasheet id is derived from it (FM-CT → ds-fm-ct). */
  readonly series: string
  readonly title: string
  readonly overview: string
  readonly general: ReadonlyArray<readonly [string, string]>
  readonly parts: ReadonlyArray<PartRecord>
  /** Ordering tables, e.g. ["Receptacles", filter, columns]. */
  readonly ordering: ReadonlyArray<readonly [string, (p: PartRecord) => boolean, ReadonlyArray<Column>]>
  readonly partNumberKey: string
  readonly extra?: ReadonlyArray<readonly [string, string]>
}

export const datasheet = (init: DatasheetInit): Doc => {
  const connectors = init.parts.filter((p) => p.category === "connector")
  const id = datasheetIdOf(init.series)
  return makeDoc({
    path: `datasheets/${id}.md`,
    id,
    title: init.title,
    kind: "datasheet",
    series: [init.series],
    sections: [
      ["Overview", init.overview],
      ["General specifications", table(["Property", "Value"], init.general)],
      ...init.ordering
        .map(([heading, keep, columns]) => [heading, init.parts.filter(keep), columns] as const)
        .filter(([, parts]) => parts.length > 0)
        .map(([heading, parts, columns]): readonly [string, string] => [heading, partsTable(parts, columns)]),
      ["Mating and compatibility", compatibilityTable(connectors)],
      ["Part number key", init.partNumberKey],
      ...(init.extra ?? [])
    ]
  })
}
