/** FM-TC: crimp and service tools shared by several series (one datasheet, ds-fm-tc). */
import { makeDoc, revisionOf, table, thousands } from "./common.js"
import { blankPart, type Doc, type PartRecord } from "./model.js"

export const TOOLS_SERIES = "FM-TC"
export const TOOLS_DATASHEET = "ds-fm-tc"

interface ToolSpec {
  readonly partNumber: string
  readonly name: string
  readonly wireRange: string
  readonly use: string
  readonly crimp: boolean
}

export const tools = {
  m1: {
    partNumber: "FM-TC-M1",
    name: "Hand crimp tool, 4-indent, with selector",
    wireRange: "20-28 AWG",
    use: "size 22D and size 20 machined contacts of FM-CT and FM-CB",
    crimp: true
  },
  m2: {
    partNumber: "FM-TC-M2",
    name: "Hand crimp tool, 4-indent, heavy frame",
    wireRange: "12-20 AWG",
    use: "size 16 and size 12 machined contacts of FM-CT and FM-CB",
    crimp: true
  },
  h1: {
    partNumber: "FM-TC-H1",
    name: "Hand crimp tool for turned contacts",
    wireRange: "0.5-2.5 mm²",
    use: "1.6 mm contacts of FM-HR",
    crimp: true
  },
  h2: {
    partNumber: "FM-TC-H2",
    name: "Hand crimp tool for turned power contacts",
    wireRange: "4-6 mm²",
    use: "2.5 mm contacts of FM-HR",
    crimp: true
  },
  w1: {
    partNumber: "FM-TC-W1",
    name: "Open-barrel ratchet crimp tool",
    wireRange: "22-30 AWG",
    use: "socket contacts of FM-WB",
    crimp: true
  },
  q1: {
    partNumber: "FM-TC-Q1",
    name: "Coaxial crimp tool, hex dies 0.100 in / 0.128 in / 0.213 in",
    wireRange: "RG-174, RG-316, RG-58, RG-59 cable",
    use: "crimp plugs of FM-QS and FM-QB",
    crimp: true
  },
  q2: {
    partNumber: "FM-TC-Q2",
    name: "Coaxial crimp tool, hex dies 0.255 in / 0.429 in",
    wireRange: "RG-6, RG-213 and RG-214 cable",
    use: "crimp plugs of FM-QN and the 75 Ω FM-QB plug for RG-6",
    crimp: true
  },
  p1: {
    partNumber: "FM-TC-P1",
    name: "Hydraulic crimp tool with hexagonal dies",
    wireRange: "10-120 mm²",
    use: "power contacts of FM-PX",
    crimp: true
  },
  a1: {
    partNumber: "FM-TC-A1",
    name: "Hand crimp tool for stamped and solid automotive contacts",
    wireRange: "14-24 AWG",
    use: "size 16 and size 20 contacts of FM-AS",
    crimp: true
  },
  f1: {
    partNumber: "FM-TC-F1",
    name: "Fiber terminus crimp tool",
    wireRange: "900 µm buffered fiber, 2.0-3.0 mm jacket",
    use: "termini of FM-FL",
    crimp: true
  },
  f2: {
    partNumber: "FM-TC-F2",
    name: "Fiber end-face cleaner, click type, 1.25 mm",
    wireRange: "—",
    use: "cleaning FM-FL termini and receptacle end faces",
    crimp: false
  },
  v1: {
    partNumber: "FM-TC-V1",
    name: "Hexagonal crimp tool for high-voltage contacts",
    wireRange: "4-16 mm²",
    use: "contacts of FM-HV",
    crimp: true
  }
} as const satisfies Record<string, ToolSpec>

/** Annual calibration interval and cycle counts, quoted in the calibration note and the tools datasheet. */
export const toolService = {
  calibrationMonths: 12,
  handToolCycles: 50_000,
  hydraulicServiceCycles: 10_000
} as const

export const toolParts = (): ReadonlyArray<PartRecord> => {
  const { revision } = revisionOf(TOOLS_DATASHEET)
  return Object.values(tools).map((tool) =>
    blankPart({
      partNumber: tool.partNumber,
      series: TOOLS_SERIES,
      family: "tooling",
      category: "tool",
      description: `${tool.name}; for ${tool.use}`,
      wireRange: tool.wireRange === "—" ? null : tool.wireRange,
      datasheetId: TOOLS_DATASHEET,
      datasheetRevision: revision
    })
  )
}

/** The tools datasheet lists every tool and, from the catalog, what it crimps. */
export const toolDocs = (allParts: ReadonlyArray<PartRecord>): ReadonlyArray<Doc> => {
  const usedBy = (pn: string) =>
    allParts.filter((p) => p.crimpTools.includes(pn)).map((p) => p.partNumber)
  const rows = Object.values(tools).map((tool) => [
    tool.partNumber,
    tool.name,
    tool.wireRange,
    tool.crimp ? "crimp" : "cleaning"
  ])
  const crimpSections = Object.values(tools)
    .filter((tool) => tool.crimp)
    .map((tool): readonly [string, string] => [
      `${tool.partNumber} — ${tool.name}`,
      `Use ${tool.partNumber} for ${tool.use}. Wire range: ${tool.wireRange}. ` +
        `Parts crimped with ${tool.partNumber}: ${usedBy(tool.partNumber).join(", ")}.`
    ])
  return [
    makeDoc({
      path: "datasheets/ds-fm-tc.md",
      id: TOOLS_DATASHEET,
      title: "FM-TC crimp and service tools datasheet",
      kind: "datasheet",
      series: [TOOLS_SERIES],
      intro:
        "FM-TC tools are the only tools qualified for FitMate crimp contacts and crimp plugs. A crimp made " +
        "with another tool is not covered by the FitMate warranty.",
      sections: [
        ["Tool overview", table(["Part number", "Tool", "Wire range", "Type"], rows)],
        ...crimpSections,
        [
          "FM-TC-F2 — Fiber end-face cleaner",
          "FM-TC-F2 cleans the 1.25 mm ferrule end faces of FM-FL termini and the receptacle side without " +
            "disassembly. One cleaner is good for about 600 cleanings."
        ],
        [
          "Calibration and service life",
          `Hand crimp tools must be checked every ${toolService.calibrationMonths} months or every ` +
            `${thousands(toolService.handToolCycles)} cycles, whichever comes first. ` +
            `The hydraulic FM-TC-P1 needs a service every ${thousands(toolService.hydraulicServiceCycles)} cycles. ` +
            "See the crimp tool calibration note an-crimp-tool-calibration."
        ]
      ]
    })
  ]
}
