/** Power families: FM-PX (single-pole high-current) and FM-HV (high-voltage, shielded, with HVIL). */
import { amps, table, tempRange, volts } from "./common.js"
import { byCategory, byGender, col, datasheet } from "./datasheet.js"
import type { Doc, PartRecord } from "./model.js"
import { assemblySpec, datasheetRef, seriesPart, type SeriesOutput, troubleshootingGuide, withoutHousing } from "./series.js"
import { tools } from "./tools.js"

/** Power contacts are sold per cable cross-section, and each is rated for the cable it takes. */
const cableContact = (
  part: ReturnType<typeof seriesPart>,
  init: {
    readonly partNumber: string
    readonly description: string
    readonly gender: "pin" | "socket"
    readonly contactSize: string
    readonly cable: { readonly mm2: number; readonly currentA: number }
    readonly crimpTool: string
  }
): PartRecord =>
  part({
    partNumber: init.partNumber,
    category: "contact",
    description: init.description,
    gender: init.gender,
    contactSize: init.contactSize,
    wireRange: `${init.cable.mm2} mm²`,
    currentRatingA: init.cable.currentA,
    termination: "crimp",
    ...withoutHousing,
    crimpTools: [init.crimpTool]
  })

/** Power contacts are all pins or all sockets within a series, so their table has no type column. */
const cableContactColumns = [col.partNumber, col.contactSize, col.wire, col.current, col.tools]

// ---------------------------------------------------------------------------------------------
// FM-PX
// ---------------------------------------------------------------------------------------------

const PX = "FM-PX"
export const pxSizes: Record<1 | 2 | 3 | 4, {
  readonly contact: string
  readonly currentA: number
  readonly stud: string
  readonly studNm: number
  readonly wires: ReadonlyArray<{ readonly mm2: number; readonly currentA: number; readonly die: string }>
}> = {
  1: { contact: "3.6 mm", currentA: 60, stud: "M6", studNm: 4, wires: [{ mm2: 10, currentA: 45, die: "10" }, { mm2: 16, currentA: 60, die: "16" }] },
  2: { contact: "5.7 mm", currentA: 120, stud: "M8", studNm: 8, wires: [{ mm2: 25, currentA: 95, die: "25" }, { mm2: 35, currentA: 120, die: "35" }] },
  3: { contact: "8.0 mm", currentA: 200, stud: "M10", studNm: 15, wires: [{ mm2: 50, currentA: 150, die: "50" }, { mm2: 70, currentA: 200, die: "70" }] },
  4: { contact: "10.5 mm", currentA: 300, stud: "M12", studNm: 25, wires: [{ mm2: 95, currentA: 250, die: "95" }, { mm2: 120, currentA: 300, die: "120" }] }
}
export const pxColors = { BK: "black", RD: "red", BU: "blue" } as const
export const pxVoltageV = 1000

export const fmPX = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -40,
    tempMaxC: 125,
    voltageRatingV: pxVoltageV,
    ipRating: "IP67",
    coupling: "latch",
    plating: "silver",
    housingMaterial: "PA66 GF30, UL 94 V-0",
    contactMaterial: "copper, silver plated",
    sealMaterial: "silicone",
    ...datasheetRef(PX)
  }
  const part = seriesPart(PX, "power", base)
  const sizes = [1, 2, 3, 4] as const
  const contactPn = (size: number, mm2: number) => `${PX}-C${size}-${mm2}`
  const connectors = sizes.flatMap((size) =>
    (Object.keys(pxColors) as Array<keyof typeof pxColors>).flatMap((color) =>
      (["P", "R"] as const).map((kind) => {
        const s = pxSizes[size]
        return part({
          partNumber: `${PX}-${kind}${size}-${color}`,
          category: "connector",
          description: `${PX} size ${size} single-pole ${kind === "P" ? "cable plug" : `panel receptacle with ${s.stud} stud`}, ${pxColors[color]}, ${s.currentA} A`,
          gender: kind === "P" ? "plug" : "receptacle",
          contactType: kind === "P" ? "pin" : "socket",
          shellSize: String(size),
          positions: 1,
          contactSize: s.contact,
          currentRatingA: s.currentA,
          termination: kind === "P" ? "crimp" : "threaded stud",
          matingParts: [`${PX}-${kind === "P" ? "R" : "P"}${size}-${color}`],
          compatibleContacts: kind === "P" ? s.wires.map((w) => contactPn(size, w.mm2)) : [],
          caps: kind === "R" ? [`${PX}-DC${size}`] : [],
          crimpTools: kind === "P" ? [tools.p1.partNumber] : []
        })
      })
    )
  )
  const contacts = sizes.flatMap((size) =>
    pxSizes[size].wires.map((w) =>
      cableContact(part, {
        partNumber: contactPn(size, w.mm2),
        description: `${PX} size ${size} crimp pin contact for ${w.mm2} mm² cable`,
        gender: "pin",
        contactSize: pxSizes[size].contact,
        cable: w,
        crimpTool: tools.p1.partNumber
      })
    )
  )
  const caps = sizes.map((size) =>
    part({
      partNumber: `${PX}-DC${size}`,
      category: "cap",
      description: `${PX} size ${size} hinged cap for panel receptacles, IP67 when closed`,
      shellSize: String(size),
      contactMaterial: null,
      voltageRatingV: null
    })
  )
  const parts = [...connectors, ...contacts, ...caps]
  const columns = [col.partNumber, col.shell, col.contactSize, col.current, col.voltage, col.termination]
  const docs: Array<Doc> = [
    datasheet({
      series: PX,
      title: "FM-PX series datasheet — single-pole high-current power connectors",
      overview:
        "FM-PX single-pole connectors carry 60 A to 300 A at up to " +
        `${volts(pxVoltageV)} for battery systems, drives and power distribution. Four sizes; three colour-keyed ` +
        "versions (black, red, blue) that cannot be mated with each other, so phases and polarities cannot be " +
        "swapped. Unmated receptacles are finger-safe (IP2X); mated pairs are IP67.",
      general: [
        [
          "Current rating",
          sizes.map((size) => `size ${size}: ${amps(pxSizes[size].currentA)}`).join("; ") + " (with the largest cable)"
        ],
        ["Voltage rating", `${volts(pxVoltageV)} AC/DC`],
        ["Temperature range", tempRange(-40, 125)],
        ["Ingress protection", "IP67 (mated), IP2X finger-safe (unmated receptacle)"],
        ["Coupling", "latch: push to lock, press the release tab to unmate"],
        ["Durability", "100 mating cycles"],
        ["Materials", "PA66 GF30 UL 94 V-0 housing, silver-plated copper contacts, silicone seals"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: [
        ["Ordering information — cable plugs", byGender("plug"), columns],
        ["Ordering information — panel receptacles", byGender("receptacle"), columns],
        ["Crimp contacts", byCategory("contact"), cableContactColumns],
        ["Caps", byCategory("cap"), [col.partNumber, col.description]]
      ],
      partNumberKey:
        "FM-PX-P2-RD is a size 2 cable plug, red; FM-PX-R2-RD the matching panel receptacle. Colour codes: " +
        "BK black, RD red, BU blue; only the same size and colour mate. Plug contacts are ordered separately: " +
        "FM-PX-C2-35 is the size 2 contact for 35 mm² cable.",
      extra: [
        [
          "Current by cable size",
          table(
            ["Contact", "Cable", "Current"],
            sizes.flatMap((size) => pxSizes[size].wires.map((w) => [contactPn(size, w.mm2), `${w.mm2} mm²`, amps(w.currentA)]))
          )
        ]
      ]
    }),
    assemblySpec(PX, {
      title: "FM-PX application specification — crimping power contacts and stud torque",
      sections: [
        [
          "Crimping",
          table(
            ["Contact", "Cable", "Strip length", "Die", "Tool"],
            sizes.flatMap((size) =>
              pxSizes[size].wires.map((w) => [
                contactPn(size, w.mm2),
                `${w.mm2} mm²`,
                `${Math.round(10 + size * 4)} mm`,
                `hex ${w.die}`,
                tools.p1.partNumber
              ])
            )
          ) + "\n\nUse fine-stranded (class 5) copper cable. Crimp once; never re-crimp a contact."
        ],
        [
          "Stud connection of receptacles",
          table(
            ["Size", "Stud", "Nut torque"],
            sizes.map((size) => [String(size), pxSizes[size].stud, `${pxSizes[size].studNm} N·m`])
          ) + "\n\nHold the stud with a second wrench so the receptacle does not turn in the panel."
        ],
        [
          "Mating",
          "Push the plug in until the latch clicks; pull back to check. Mate and unmate only without load: " +
            "FM-PX has no breaking capacity."
        ]
      ]
    }),
    troubleshootingGuide(PX, [
      [
        "Plug does not fit the receptacle",
        "Colours are keyed: a red plug only mates with a red receptacle of the same size."
      ],
      [
        "Contact area discoloured or hot",
        "Check the cable cross-section against the contact (for example FM-PX-C2-25 is rated " +
          `${amps(pxSizes[2].wires[0]!.currentA)}, FM-PX-C2-35 ${amps(pxSizes[2].wires[1]!.currentA)}), ` +
          "the crimp die and the stud torque. Arcing marks mean the connector was unmated under load."
      ],
      [
        "Latch does not hold",
        "The plug was not pushed in fully or the latch tab is broken; replace the plug housing."
      ]
    ])
  ]
  return { code: PX, name: "FM-PX single-pole power", family: "power", parts, docs }
}

// ---------------------------------------------------------------------------------------------
// FM-HV
// ---------------------------------------------------------------------------------------------

const HV = "FM-HV"
export const hvRatings = {
  "40": { contact: "3.5 mm", contactCode: "35", wires: [{ mm2: 4, currentA: 32 }, { mm2: 6, currentA: 40 }], currentA: 40 },
  "80": { contact: "5.8 mm", contactCode: "58", wires: [{ mm2: 10, currentA: 63 }, { mm2: 16, currentA: 80 }], currentA: 80 }
} as const
export const hvSpec = { voltageV: 1000, hvilLeadMm: 2, shieldClampNm: 3 } as const

export const fmHV = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -40,
    tempMaxC: 140,
    voltageRatingV: hvSpec.voltageV,
    ipRating: "IP67",
    coupling: "lever with connector position assurance",
    plating: "silver",
    housingMaterial: "PA66 GF30, UL 94 V-0, orange",
    contactMaterial: "copper alloy, silver plated",
    sealMaterial: "silicone",
    ...datasheetRef(HV)
  }
  const part = seriesPart(HV, "high-voltage", base)
  const contactPn = (rating: "40" | "80", mm2: number) => `${HV}-C${hvRatings[rating].contactCode}S-${mm2}`
  const connectors = ([2, 3] as const).flatMap((positions) =>
    (["40", "80"] as const).flatMap((rating) =>
      (["A", "B"] as const).flatMap((key) =>
        (["P", "R"] as const).map((kind) => {
          const r = hvRatings[rating]
          return part({
            partNumber: `${HV}-${kind}${positions}-${rating}-${key}`,
            category: "connector",
            description: `${HV} ${positions}-position shielded ${kind === "P" ? "cable plug" : "header receptacle"}, ${r.currentA} A, key ${key}, with HVIL`,
            gender: kind === "P" ? "plug" : "receptacle",
            contactType: kind === "P" ? "socket" : "pin",
            positions,
            contactSize: r.contact,
            currentRatingA: r.currentA,
            termination: kind === "P" ? "crimp" : "busbar",
            matingParts: [`${HV}-${kind === "P" ? "R" : "P"}${positions}-${rating}-${key}`],
            compatibleContacts: kind === "P" ? r.wires.map((w) => contactPn(rating, w.mm2)) : [],
            backshells: kind === "P" ? [`${HV}-SC${positions}-${rating}`] : [],
            caps: kind === "R" ? [`${HV}-DC${positions}`] : [],
            crimpTools: kind === "P" ? [tools.v1.partNumber] : []
          })
        })
      )
    )
  )
  const contacts = (["40", "80"] as const).flatMap((rating) =>
    hvRatings[rating].wires.map((w) =>
      cableContact(part, {
        partNumber: contactPn(rating, w.mm2),
        description: `${HV} ${hvRatings[rating].contact} crimp socket contact for ${w.mm2} mm² cable`,
        gender: "socket",
        contactSize: hvRatings[rating].contact,
        cable: w,
        crimpTool: tools.v1.partNumber
      })
    )
  )
  const clamps = ([2, 3] as const).flatMap((positions) =>
    (["40", "80"] as const).map((rating) =>
      part({
        partNumber: `${HV}-SC${positions}-${rating}`,
        category: "backshell",
        description: `${HV} shield clamp backshell for ${positions}-position ${rating} A plugs`,
        positions,
        housingMaterial: "nickel-plated brass",
        contactMaterial: null,
        voltageRatingV: null
      })
    )
  )
  const caps = ([2, 3] as const).map((positions) =>
    part({
      partNumber: `${HV}-DC${positions}`,
      category: "cap",
      description: `${HV} ${positions}-position sealing cap for header receptacles`,
      positions,
      contactMaterial: null,
      voltageRatingV: null
    })
  )
  const parts = [...connectors, ...contacts, ...clamps, ...caps]
  const columns = [col.partNumber, col.positions, col.contactSize, col.current, col.voltage, col.termination]
  const docs: Array<Doc> = [
    datasheet({
      series: HV,
      title: "FM-HV series datasheet — shielded high-voltage connectors with HVIL",
      overview:
        "FM-HV connectors link batteries, inverters and chargers in electric vehicles and energy storage at " +
        `up to ${volts(hvSpec.voltageV)} DC. Two- and three-position versions carry 40 A or 80 A per contact; ` +
        "a 360° shield clamp keeps EMC, and the high-voltage interlock (HVIL) opens before the power contacts " +
        "separate. Keys A and B prevent mismating between circuits.",
      general: [
        ["Current rating", `${amps(40)} (3.5 mm contacts) or ${amps(80)} (5.8 mm contacts), with the largest cable`],
        ["Voltage rating", `${volts(hvSpec.voltageV)} DC`],
        ["Temperature range", tempRange(-40, 140)],
        ["Ingress protection", "IP67 and IP6K9K (mated)"],
        ["HVIL", `integrated; opens at least ${hvSpec.hvilLeadMm} mm before the power contacts separate`],
        ["Coupling", "lever with connector position assurance (CPA)"],
        ["Shielding", "360° shield clamp backshell"],
        ["Durability", "50 mating cycles"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: [
        ["Ordering information — cable plugs", byGender("plug"), columns],
        ["Ordering information — header receptacles", byGender("receptacle"), columns],
        ["Crimp contacts", byCategory("contact"), cableContactColumns],
        ["Shield clamps", byCategory("backshell"), [col.partNumber, col.description]],
        ["Caps", byCategory("cap"), [col.partNumber, col.description]]
      ],
      partNumberKey:
        "FM-HV-P2-40-A is a 2-position cable plug for 40 A contacts with key A; it mates with FM-HV-R2-40-A. " +
        "FM-HV-C58S-16 is a 5.8 mm socket contact for 16 mm² cable.",
      extra: [
        [
          "Safety",
          "FM-HV connectors must only be mated and unmated with the high-voltage system de-energised. They " +
            "are not rated for breaking load current. Installation must be done by qualified personnel; " +
            "questions about ratings for a specific safety case go to a FitMate application engineer."
        ]
      ]
    }),
    assemblySpec(HV, {
      title: "FM-HV application specification — crimping, shield termination and mating",
      sections: [
        [
          "Crimping contacts",
          table(
            ["Contact", "Cable", "Current", "Tool"],
            (["40", "80"] as const).flatMap((rating) =>
              hvRatings[rating].wires.map((w) => [contactPn(rating, w.mm2), `${w.mm2} mm²`, amps(w.currentA), tools.v1.partNumber])
            )
          )
        ],
        [
          "Shield termination",
          "Fold the braid back over the inner ferrule, fit the shield clamp and tighten its screws to " +
            `${hvSpec.shieldClampNm} N·m. The braid must cover the ferrule all around.`
        ],
        [
          "Mating and CPA",
          "Close the lever until it locks, then push in the orange CPA slide. The HVIL circuit closes last. " +
            "Mate only with the system de-energised."
        ]
      ]
    }),
    troubleshootingGuide(HV, [
      [
        "HVIL fault after mating",
        "The lever is not fully closed or the CPA slide is not pushed in, so the HVIL contacts do not close. " +
          "Check the key: a key A plug only mates with a key A receptacle."
      ],
      [
        "EMC problems",
        `The shield clamp is not tightened to ${hvSpec.shieldClampNm} N·m or the braid does not cover the ferrule.`
      ],
      [
        "Burn marks on contacts",
        "The connector was separated under load. Replace plug and receptacle and have the system checked by a " +
          "qualified person before re-energising."
      ]
    ])
  ]
  return { code: HV, name: "FM-HV high-voltage", family: "high-voltage", parts, docs }
}

