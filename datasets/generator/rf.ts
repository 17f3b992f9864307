/** RF coaxial families: FM-QS (SMA-style), FM-QN (N-style), FM-QB (BNC-style). */
import { table, tempRange, volts } from "./common.js"
import { byCategory, byGender, col, datasheet, type Column, type DatasheetInit } from "./datasheet.js"
import type { Doc, PartRecord } from "./model.js"
import { assemblySpec, datasheetRef, seriesPart, type SeriesOutput, troubleshootingGuide } from "./series.js"
import { tools } from "./tools.js"

/** Cable preparation: jacket strip, braid trim and centre-conductor length (mm), and the ferrule die. */
export const cablePrep: Record<string, { readonly cable: string; readonly a: number; readonly b: number; readonly c: number; readonly hex: string }> = {
  "174": { cable: "RG-174", a: 8, b: 5.5, c: 3.5, hex: "0.128 in" },
  "316": { cable: "RG-316", a: 8, b: 5.5, c: 3.5, hex: "0.128 in" },
  "58": { cable: "RG-58", a: 10, b: 6.5, c: 4, hex: "0.213 in" },
  "59": { cable: "RG-59", a: 10, b: 6.5, c: 4, hex: "0.213 in" },
  "6": { cable: "RG-6", a: 11, b: 7, c: 4.5, hex: "0.255 in" },
  "213": { cable: "RG-213", a: 14, b: 9, c: 5.5, hex: "0.429 in" },
  "214": { cable: "RG-214", a: 14, b: 9, c: 5.5, hex: "0.429 in" }
}

const rfColumns: ReadonlyArray<Column> = [
  col.partNumber,
  col.description,
  ["Impedance", (p) => (p.impedanceOhm === null ? "—" : `${p.impedanceOhm} Ω`)],
  ["Max. frequency", (p) => (p.maxFrequencyGHz === null ? "—" : `${p.maxFrequencyGHz} GHz`)],
  col.termination,
  col.ip
]

/** Every RF series lists plugs, jacks and caps the same way. */
const rfOrdering: DatasheetInit["ordering"] = [
  ["Ordering information — plugs", byGender("plug"), rfColumns],
  ["Ordering information — jacks", byGender("jack"), rfColumns],
  ["Protective caps", byCategory("cap"), [col.partNumber, col.description]]
]

interface RfPart {
  readonly pn: string
  readonly gender: "plug" | "jack"
  readonly description: string
  readonly maxGHz: number
  readonly termination: string
  readonly cable?: string
  readonly ip?: string
  readonly impedance?: number
}

/** Heavy cables (RG-6, RG-213, RG-214) take the larger ferrule dies of FM-TC-Q2; the rest FM-TC-Q1. */
const coaxCrimpTool = (cable: string): string =>
  ["6", "213", "214"].includes(cable) ? tools.q2.partNumber : tools.q1.partNumber

/** Single-contact coaxial connectors and their caps, built from a short per-part list. */
const rfParts = (
  series: string,
  part: ReturnType<typeof seriesPart>,
  items: ReadonlyArray<RfPart>,
  mates: (a: RfPart, b: RfPart) => boolean,
  caps: { readonly jack: string; readonly plug: string | null }
): ReadonlyArray<PartRecord> => {
  const connectors = items.map((item) =>
    part({
      partNumber: item.pn,
      category: "connector",
      description: item.description,
      gender: item.gender,
      contactType: item.gender === "plug" ? "pin" : "socket",
      positions: 1,
      impedanceOhm: item.impedance ?? 50,
      maxFrequencyGHz: item.maxGHz,
      termination: item.termination,
      ipRating: item.ip ?? null,
      wireRange: item.cable === undefined ? null : cablePrep[item.cable]!.cable,
      matingParts: items.filter((other) => other.gender !== item.gender && mates(item, other)).map((o) => o.pn),
      caps: item.gender === "jack" ? [caps.jack] : caps.plug === null ? [] : [caps.plug],
      crimpTools: item.termination === "crimp" && item.cable !== undefined ? [coaxCrimpTool(item.cable)] : []
    })
  )
  const cap = (partNumber: string, description: string) =>
    part({ partNumber, category: "cap", description, contactMaterial: null })
  const capParts = [
    cap(caps.jack, `${series} protective cap for jacks, with chain`),
    ...(caps.plug === null ? [] : [cap(caps.plug, `${series} protective cap for plugs`)])
  ]
  return [...connectors, ...capParts]
}

const prepTable = (cables: ReadonlyArray<string>): string =>
  table(
    ["Cable", "Jacket strip (A)", "Braid length (B)", "Centre conductor (C)", "Ferrule hex die", "Tool"],
    cables.map((c) => {
      const p = cablePrep[c]!
      return [
        p.cable,
        `${p.a} mm`,
        `${p.b} mm`,
        `${p.c} mm`,
        p.hex,
        coaxCrimpTool(c)
      ]
    })
  )

// ---------------------------------------------------------------------------------------------

const QS = "FM-QS"
export const qsSpec = { torqueNm: 0.9, torqueRange: "0.8-1.1 N·m", vswrStraight: 1.15, vswrAngle: 1.25, voltageV: 500 } as const

export const fmQS = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -65,
    tempMaxC: 165,
    voltageRatingV: qsSpec.voltageV,
    coupling: "threaded",
    plating: "passivated (body), gold (contact)",
    housingMaterial: "stainless steel body, PTFE insulator",
    contactMaterial: "beryllium copper, gold plated",
    ...datasheetRef(QS)
  }
  const part = seriesPart(QS, "rf-coaxial", base)
  const items: ReadonlyArray<RfPart> = [
    { pn: `${QS}-P-174`, gender: "plug", description: "SMA-style straight crimp plug for RG-174", maxGHz: 3, termination: "crimp", cable: "174" },
    { pn: `${QS}-P-316`, gender: "plug", description: "SMA-style straight crimp plug for RG-316", maxGHz: 6, termination: "crimp", cable: "316" },
    { pn: `${QS}-PR-316`, gender: "plug", description: "SMA-style right-angle crimp plug for RG-316", maxGHz: 6, termination: "crimp", cable: "316" },
    { pn: `${QS}-P-405`, gender: "plug", description: "SMA-style plug for 0.086 in semi-rigid cable, solder", maxGHz: 18, termination: "solder" },
    { pn: `${QS}-J-PM`, gender: "jack", description: "SMA-style panel jack, 4-hole flange", maxGHz: 18, termination: "solder cup" },
    { pn: `${QS}-J-BH`, gender: "jack", description: "SMA-style bulkhead jack, rear mount, O-ring sealed", maxGHz: 18, termination: "solder cup", ip: "IP67" },
    { pn: `${QS}-J-EL`, gender: "jack", description: "SMA-style PCB edge-launch jack", maxGHz: 18, termination: "PCB edge" },
    { pn: `${QS}-J-SM`, gender: "jack", description: "SMA-style PCB surface-mount jack", maxGHz: 12.4, termination: "SMT" }
  ]
  const parts = rfParts(QS, part, items, () => true, { jack: `${QS}-DC-J`, plug: `${QS}-DC-P` })
  const docs: Array<Doc> = [
    datasheet({
      series: QS,
      title: "FM-QS series datasheet — SMA-style 50 Ω coaxial connectors",
      overview:
        "FM-QS connectors are SMA-style 50 Ω threaded coaxial connectors for microwave modules, antennas " +
        "and test cables, usable to 18 GHz with semi-rigid cable and on panel and PCB jacks. Flexible-cable " +
        "plugs are limited by the cable: 3 GHz on RG-174, 6 GHz on RG-316. Every FM-QS plug mates with every " +
        "FM-QS jack.",
      general: [
        ["Impedance", "50 Ω"],
        ["Frequency range", "DC to 18 GHz (see the ordering table per part)"],
        ["VSWR", `${qsSpec.vswrStraight} maximum (straight), ${qsSpec.vswrAngle} maximum (right angle)`],
        ["Working voltage", `${volts(qsSpec.voltageV)} rms`],
        ["Coupling", `1/4-36 UNS thread, torque ${qsSpec.torqueNm} N·m (${qsSpec.torqueRange})`],
        ["Temperature range", tempRange(-65, 165)],
        ["Durability", "500 mating cycles"],
        ["Ingress protection", "FM-QS-J-BH: IP67 (panel side, with O-ring); other parts unsealed"],
        ["Materials", "passivated stainless steel body, PTFE insulator, gold-plated beryllium copper contact"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: rfOrdering,
      partNumberKey:
        "FM-QS-P-316 is a straight plug for RG-316 cable, FM-QS-PR-316 the right-angle version. Jacks end in " +
        "PM (panel), BH (bulkhead), EL (edge launch) or SM (surface mount): FM-QS-J-PM, FM-QS-J-BH, FM-QS-J-EL, FM-QS-J-SM."
    }),
    assemblySpec(QS, {
      title: "FM-QS assembly instructions — cable preparation, crimping and torque",
      sections: [
        ["Cable preparation and crimping", prepTable(["174", "316"])],
        [
          "Semi-rigid plug FM-QS-P-405",
          "Cut the 0.086 in semi-rigid cable square, deburr, and solder the centre contact and the body; " +
            "no crimp tool is used."
        ],
        [
          "Coupling torque",
          `Tighten FM-QS couplings to ${qsSpec.torqueNm} N·m (${qsSpec.torqueRange}) with a torque wrench; ` +
            "hold the body still and turn only the coupling nut. Over-torque damages the interface and raises VSWR."
        ],
        [
          "Bulkhead jack sealing",
          "Fit the O-ring on the outside of the panel. The IP67 rating of FM-QS-J-BH applies to the panel " +
            "interface with the O-ring and the nut tightened to 1.7 N·m."
        ]
      ]
    }),
    troubleshootingGuide(QS, [
      [
        "High VSWR or return loss",
        `Check the torque (${qsSpec.torqueNm} N·m), the cable preparation dimensions in as-fm-qs and the ` +
          "frequency limit of the cable: an RG-174 plug is rated to 3 GHz only."
      ],
      [
        "Intermittent signal when the cable moves",
        "The ferrule crimp is loose or the braid was trimmed short. Re-terminate with FM-TC-Q1 and the " +
          "0.128 in hex die."
      ],
      [
        "Centre pin damaged",
        "Mate straight and turn only the coupling nut. Never rotate the plug body against the jack."
      ]
    ])
  ]
  return { code: QS, name: "FM-QS SMA-style coaxial", family: "rf-coaxial", parts, docs }
}

// ---------------------------------------------------------------------------------------------

const QN = "FM-QN"
export const qnSpec = { torqueNm: 1.7, voltageV: 1000, vswr: 1.2 } as const

export const fmQN = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -65,
    tempMaxC: 165,
    voltageRatingV: qnSpec.voltageV,
    coupling: "threaded",
    ipRating: "IP67",
    plating: "white bronze (body), gold (contact)",
    housingMaterial: "brass body, PTFE insulator",
    contactMaterial: "beryllium copper, gold plated",
    sealMaterial: "silicone",
    ...datasheetRef(QN)
  }
  const part = seriesPart(QN, "rf-coaxial", base)
  const items: ReadonlyArray<RfPart> = [
    { pn: `${QN}-P-213`, gender: "plug", description: "N-style straight crimp plug for RG-213", maxGHz: 11, termination: "crimp", cable: "213", ip: "IP67" },
    { pn: `${QN}-P-214`, gender: "plug", description: "N-style straight crimp plug for RG-214", maxGHz: 11, termination: "crimp", cable: "214", ip: "IP67" },
    { pn: `${QN}-PR-213`, gender: "plug", description: "N-style right-angle crimp plug for RG-213", maxGHz: 6, termination: "crimp", cable: "213", ip: "IP67" },
    { pn: `${QN}-J-PM`, gender: "jack", description: "N-style panel jack, 4-hole flange", maxGHz: 11, termination: "solder cup", ip: "IP67" },
    { pn: `${QN}-J-BH`, gender: "jack", description: "N-style bulkhead jack, rear mount", maxGHz: 11, termination: "solder cup", ip: "IP67" }
  ]
  const parts = rfParts(QN, part, items, () => true, { jack: `${QN}-DC-J`, plug: null })
  const docs: Array<Doc> = [
    datasheet({
      series: QN,
      title: "FM-QN series datasheet — N-style 50 Ω coaxial connectors",
      overview:
        "FM-QN connectors are N-style 50 Ω threaded coaxial connectors for antennas, base stations and " +
        `outdoor radio links. Straight parts work to 11 GHz, right-angle plugs to 6 GHz; working voltage ${volts(qnSpec.voltageV)} rms. ` +
        "Gaskets make mated pairs IP67.",
      general: [
        ["Impedance", "50 Ω"],
        ["Frequency range", "DC to 11 GHz (straight), DC to 6 GHz (right angle)"],
        ["VSWR", `${qnSpec.vswr} maximum`],
        ["Working voltage", `${volts(qnSpec.voltageV)} rms`],
        ["Coupling", `5/8-24 UNEF thread, torque ${qnSpec.torqueNm} N·m`],
        ["Temperature range", tempRange(-65, 165)],
        ["Ingress protection", "IP67 (mated)"],
        ["Materials", "white-bronze-plated brass body, PTFE insulator, gold-plated beryllium copper contact, silicone gasket"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: rfOrdering,
      partNumberKey:
        "FM-QN-P-213 is a straight plug for RG-213; FM-QN-PR-213 the right-angle plug; FM-QN-J-PM and " +
        "FM-QN-J-BH are panel and bulkhead jacks. Every FM-QN plug mates with every FM-QN jack."
    }),
    assemblySpec(QN, {
      title: "FM-QN assembly instructions — crimping, torque and weatherproofing",
      sections: [
        ["Cable preparation and crimping", prepTable(["213", "214"])],
        [
          "Centre contact",
          "Solder the centre contact to the conductor before inserting it; the contact must sit flush with " +
            "the insulator shoulder."
        ],
        [
          "Coupling torque",
          `Tighten to ${qnSpec.torqueNm} N·m. Outdoors, wrap the mated pair with self-amalgamating tape ` +
            "after torquing; the gasket keeps IP67, the tape keeps UV and ice away."
        ]
      ]
    }),
    troubleshootingGuide(QN, [
      [
        "Water in an outdoor N connection",
        `The coupling was not torqued to ${qnSpec.torqueNm} N·m, the gasket is missing, or the cable jacket ` +
          "was cut too long so the ferrule does not seal. Replace the connector; dry cable braid wicks water."
      ],
      [
        "Loss higher than expected",
        "Right-angle plugs (FM-QN-PR-213) are rated to 6 GHz only; above that use a straight plug."
      ]
    ])
  ]
  return { code: QN, name: "FM-QN N-style coaxial", family: "rf-coaxial", parts, docs }
}

// ---------------------------------------------------------------------------------------------

const QB = "FM-QB"
export const qbSpec = { voltageV: 500, ghz50: 4, ghz75: 6 } as const

export const fmQB = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -55,
    tempMaxC: 155,
    voltageRatingV: qbSpec.voltageV,
    coupling: "bayonet",
    plating: "nickel (body), gold (contact)",
    housingMaterial: "brass body, PTFE insulator",
    contactMaterial: "brass, gold plated",
    ...datasheetRef(QB)
  }
  const part = seriesPart(QB, "rf-coaxial", base)
  const items: ReadonlyArray<RfPart> = [
    { pn: `${QB}-P50-58`, gender: "plug", description: "BNC-style 50 Ω crimp plug for RG-58", maxGHz: qbSpec.ghz50, termination: "crimp", cable: "58", impedance: 50 },
    { pn: `${QB}-P50-316`, gender: "plug", description: "BNC-style 50 Ω crimp plug for RG-316", maxGHz: qbSpec.ghz50, termination: "crimp", cable: "316", impedance: 50 },
    { pn: `${QB}-P75-59`, gender: "plug", description: "BNC-style 75 Ω crimp plug for RG-59", maxGHz: qbSpec.ghz75, termination: "crimp", cable: "59", impedance: 75 },
    { pn: `${QB}-P75-6`, gender: "plug", description: "BNC-style 75 Ω crimp plug for RG-6", maxGHz: qbSpec.ghz75, termination: "crimp", cable: "6", impedance: 75 },
    { pn: `${QB}-J50-BH`, gender: "jack", description: "BNC-style 50 Ω bulkhead jack", maxGHz: qbSpec.ghz50, termination: "solder cup", impedance: 50 },
    { pn: `${QB}-J50-PCB`, gender: "jack", description: "BNC-style 50 Ω right-angle PCB jack", maxGHz: qbSpec.ghz50, termination: "PCB", impedance: 50 },
    { pn: `${QB}-J75-BH`, gender: "jack", description: "BNC-style 75 Ω bulkhead jack", maxGHz: qbSpec.ghz75, termination: "solder cup", impedance: 75 },
    { pn: `${QB}-J75-PCB`, gender: "jack", description: "BNC-style 75 Ω right-angle PCB jack", maxGHz: qbSpec.ghz75, termination: "PCB", impedance: 75 }
  ]
  const parts = rfParts(QB, part, items, (a, b) => (a.impedance ?? 50) === (b.impedance ?? 50), {
    jack: `${QB}-DC-J`,
    plug: null
  })
  const docs: Array<Doc> = [
    datasheet({
      series: QB,
      title: "FM-QB series datasheet — BNC-style 50 Ω and 75 Ω bayonet coaxial connectors",
      overview:
        "FM-QB connectors are BNC-style bayonet coaxial connectors for instruments (50 Ω, to " +
        `${qbSpec.ghz50} GHz) and video (75 Ω, to ${qbSpec.ghz75} GHz, for 12G-SDI). A quarter turn locks them. ` +
        "They are not sealed.",
      general: [
        ["Impedance", "50 Ω (P50, J50) or 75 Ω (P75, J75)"],
        ["Frequency range", `DC to ${qbSpec.ghz50} GHz (50 Ω), DC to ${qbSpec.ghz75} GHz (75 Ω)`],
        ["Working voltage", `${volts(qbSpec.voltageV)} rms`],
        ["Coupling", "bayonet, quarter turn"],
        ["Temperature range", tempRange(-55, 155)],
        ["Ingress protection", "none (unsealed)"],
        ["Materials", "nickel-plated brass body, PTFE insulator, gold-plated brass contact"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: rfOrdering,
      partNumberKey:
        "FM-QB-P50-58 is a 50 Ω plug for RG-58; FM-QB-P75-59 a 75 Ω plug for RG-59. Jacks: J50 or J75, " +
        "BH (bulkhead) or PCB. Mate 50 Ω parts with 50 Ω parts and 75 Ω parts with 75 Ω parts."
    }),
    assemblySpec(QB, {
      title: "FM-QB assembly instructions — crimping BNC-style plugs",
      sections: [
        ["Cable preparation and crimping", prepTable(["58", "316", "59", "6"])],
        [
          "Centre contact",
          "Crimp or solder the centre contact, push it in until it clicks behind the insulator, then slide the " +
            "ferrule over the braid and crimp."
        ]
      ]
    }),
    troubleshootingGuide(QB, [
      [
        "Video drops out or reflections on a 50 Ω line",
        "50 Ω and 75 Ω BNC-style parts mate mechanically but are mismatched electrically. Use FM-QB-P75-59 " +
          "or FM-QB-P75-6 with FM-QB-J75-BH or FM-QB-J75-PCB for video, and P50/J50 parts for 50 Ω lines. " +
          "The 75 Ω parts have a white insulator ring."
      ],
      [
        "Bayonet feels loose",
        "Worn bayonet springs after many cycles; replace the plug. Do not squeeze the bayonet slots."
      ]
    ])
  ]
  return { code: QB, name: "FM-QB BNC-style coaxial", family: "rf-coaxial", parts, docs }
}
