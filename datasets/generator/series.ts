/**
 * What every product series shares: how its parts get their common fields, how its documents are named,
 * and the shape of what a series generator returns. Each family file keeps only what differs.
 */
import { makeDoc, revisionOf, type DocInit } from "./common.js"
import { blankPart, type Doc, type Family, type PartInit, type PartRecord } from "./model.js"

export interface SeriesOutput {
  readonly code: string
  readonly name: string
  readonly family: PartRecord["family"]
  readonly parts: ReadonlyArray<PartRecord>
  readonly docs: ReadonlyArray<Doc>
}

/** Document ids are the series code in lower case behind a kind prefix: FM-CT → ds-fm-ct, as-fm-ct, ts-fm-ct. */
const docId = (prefix: "ds" | "as" | "ts", series: string): string => `${prefix}-${series.toLowerCase()}`

export const datasheetIdOf = (series: string): string => docId("ds", series)

/** Every part of a series points at the series datasheet, at the revision that datasheet is issued in. */
export const datasheetRef = (series: string): Pick<PartRecord, "datasheetId" | "datasheetRevision"> => {
  const datasheetId = datasheetIdOf(series)
  return { datasheetId, datasheetRevision: revisionOf(datasheetId).revision }
}

/**
 * A part maker for one series: the series' shared fields (`base`) first, then what the part itself says,
 * so a part may override or clear (null) any shared field.
 */
export const seriesPart =
  (series: string, family: Family, base: Partial<PartRecord>) =>
  (init: Omit<PartInit, "series" | "family">): PartRecord =>
    blankPart({ ...base, series, family, ...init })

/** A loose contact or terminus has no housing: it clears the housing fields a series base sets for connectors. */
export const withoutHousing = {
  ipRating: null,
  coupling: null,
  housingMaterial: null,
  sealMaterial: null
} as const satisfies Partial<PartRecord>

type SeriesDocInit = Pick<DocInit, "title" | "sections"> & { readonly intro?: string }

/** The series' assembly (application) specification, specs/as-<series>.md. */
export const assemblySpec = (series: string, init: SeriesDocInit): Doc => {
  const id = docId("as", series)
  return makeDoc({ ...init, path: `specs/${id}.md`, id, kind: "assembly_spec", series: [series] })
}

/** The series' troubleshooting guide, troubleshooting/ts-<series>.md; every guide has the same title pattern. */
export const troubleshootingGuide = (series: string, sections: DocInit["sections"]): Doc => {
  const id = docId("ts", series)
  return makeDoc({
    path: `troubleshooting/${id}.md`,
    id,
    title: `${series} troubleshooting guide`,
    kind: "troubleshooting",
    series: [series],
    sections
  })
}
