/** Circular families: FM-CT (threaded, MIL-style), FM-CB (bayonet, MIL-style), FM-MS (M12-style sensor), FM-PP (push-pull). */
import { amps, pad, table, tempRange, volts } from "./common.js"
import {
  accessoryColumns,
  byCategory,
  byGender,
  col,
  crimpContactColumns,
  datasheet,
  type Column,
  type DatasheetInit
} from "./datasheet.js"
import type { Doc, PartRecord } from "./model.js"
import { assemblySpec, datasheetRef, seriesPart, type SeriesOutput, troubleshootingGuide, withoutHousing } from "./series.js"
import { tools } from "./tools.js"

// ---------------------------------------------------------------------------------------------
// Machined MIL-style contacts (shared ratings for FM-CT and FM-CB; separate part numbers per series
// because the retention clips differ).
// ---------------------------------------------------------------------------------------------

interface MilContact {
  readonly size: string
  readonly currentA: number
  readonly wire: string
  readonly stripMm: number
  readonly tool: (typeof tools)[keyof typeof tools]
  readonly setting: number
  readonly insulationMm: string
  readonly resistanceMOhm: number
  readonly pullOutN: number
}

export const milContacts: Record<"22D" | "20" | "16" | "12", MilContact> = {
  "22D": {
    size: "22D",
    currentA: 5,
    wire: "22-28 AWG",
    stripMm: 3.2,
    tool: tools.m1,
    setting: 3,
    insulationMm: "0.76-1.37 mm",
    resistanceMOhm: 14.6,
    pullOutN: 22
  },
  "20": {
    size: "20",
    currentA: 7.5,
    wire: "20-24 AWG",
    stripMm: 4,
    tool: tools.m1,
    setting: 5,
    insulationMm: "1.02-2.11 mm",
    resistanceMOhm: 7.3,
    pullOutN: 36
  },
  "16": {
    size: "16",
    currentA: 13,
    wire: "16-20 AWG",
    stripMm: 6,
    tool: tools.m2,
    setting: 4,
    insulationMm: "1.65-2.77 mm",
    resistanceMOhm: 3.8,
    pullOutN: 67
  },
  "12": {
    size: "12",
    currentA: 23,
    wire: "12-14 AWG",
    stripMm: 7.5,
    tool: tools.m2,
    setting: 6,
    insulationMm: "2.46-3.61 mm",
    resistanceMOhm: 1.8,
    pullOutN: 110
  }
}

type MilSize = keyof typeof milContacts
type MilArrangement = readonly [shell: number, positions: number, size: MilSize]

/** Pin and socket contacts of each size; `ratings` overrides the series' temperature range where it differs. */
const milContactParts = (
  series: string,
  sizes: ReadonlyArray<MilSize>,
  part: ReturnType<typeof seriesPart>,
  ratings: Partial<Pick<PartRecord, "tempMinC" | "tempMaxC">> = {}
): ReadonlyArray<PartRecord> =>
  sizes.flatMap((size) => {
    const c = milContacts[size]
    return (["P", "S"] as const).map((g) =>
      part({
        ...ratings,
        partNumber: `${series}-C${size}${g}`,
        category: "contact",
        description: `${series} crimp ${g === "P" ? "pin" : "socket"} contact, size ${size}, ${c.wire}`,
        gender: g === "P" ? "pin" : "socket",
        contactSize: size,
        wireRange: c.wire,
        currentRatingA: c.currentA,
        termination: "crimp",
        plating: "gold over nickel",
        contactMaterial: "copper alloy",
        ...withoutHousing,
        matingParts: [`${series}-C${size}${g === "P" ? "S" : "P"}`],
        crimpTools: [c.tool.partNumber]
      })
    )
  })

const milContactTable = (sizes: ReadonlyArray<MilSize>): string =>
  table(
    ["Contact size", "Current", "Wire range", "Strip length", "Crimp tool", "Selector", "Insulation OD (seal range)"],
    sizes.map((s) => {
      const c = milContacts[s]
      return [
        s,
        amps(c.currentA),
        c.wire,
        `${c.stripMm} mm`,
        c.tool.partNumber,
        `setting ${c.setting}`,
        c.insulationMm
      ]
    })
  )

const milCrimpInspectionTable = (sizes: ReadonlyArray<MilSize>): string =>
  table(
    ["Contact size", "Minimum pull-out force", "Maximum contact resistance"],
    sizes.map((s) => [s, `${milContacts[s].pullOutN} N`, `${milContacts[s].resistanceMOhm} mΩ`])
  )

/** What a MIL-style connector takes from its insert arrangement: size-dependent ratings, contacts and tool. */
const milConnectorFields = (
  series: string,
  kind: "R" | "P",
  contact: "P" | "S",
  [shell, positions, size]: MilArrangement
) =>
  ({
    gender: kind === "R" ? "receptacle" : "plug",
    contactType: contact === "P" ? "pin" : "socket",
    shellSize: String(shell),
    positions,
    contactSize: size,
    currentRatingA: milContacts[size].currentA,
    termination: "crimp",
    compatibleContacts: [`${series}-C${size}${contact}`],
    crimpTools: [milContacts[size].tool.partNumber]
  }) satisfies Partial<PartRecord>

/** FM-CT and FM-CB datasheets list the same tables; only the connector columns differ. */
const milOrdering = (connectorColumns: ReadonlyArray<Column>): DatasheetInit["ordering"] => [
  ["Ordering information — receptacles", byGender("receptacle"), connectorColumns],
  ["Ordering information — plugs", byGender("plug"), connectorColumns],
  ["Crimp contacts", byCategory("contact"), crimpContactColumns],
  ["Backshells", byCategory("backshell"), accessoryColumns],
  ["Protective caps", byCategory("cap"), accessoryColumns]
]

// ---------------------------------------------------------------------------------------------
// FM-CT: threaded MIL-style circular
// ---------------------------------------------------------------------------------------------

const CT = "FM-CT"
const ctArrangements: ReadonlyArray<MilArrangement> = [
  [9, 6, "22D"],
  [9, 3, "20"],
  [11, 13, "22D"],
  [11, 5, "20"],
  [13, 22, "22D"],
  [13, 8, "20"],
  [15, 37, "22D"],
  [15, 19, "20"],
  [17, 55, "22D"],
  [17, 26, "20"],
  [19, 66, "22D"],
  [19, 32, "20"],
  [21, 79, "22D"],
  [21, 11, "16"],
  [23, 100, "22D"],
  [23, 21, "16"],
  [25, 128, "22D"],
  [25, 29, "16"]
]
/** Backshell torque (N·m) and cable diameter range (mm) per shell size. */
export const ctShells: Record<number, { readonly torqueNm: number; readonly cable: string }> = {
  9: { torqueNm: 2.3, cable: "3.0-6.5 mm" },
  11: { torqueNm: 3.4, cable: "4.0-8.5 mm" },
  13: { torqueNm: 4, cable: "5.5-10.5 mm" },
  15: { torqueNm: 4.5, cable: "7.0-12.5 mm" },
  17: { torqueNm: 5.1, cable: "8.5-14.5 mm" },
  19: { torqueNm: 5.6, cable: "10.0-16.5 mm" },
  21: { torqueNm: 6.2, cable: "11.5-18.5 mm" },
  23: { torqueNm: 6.8, cable: "13.0-20.5 mm" },
  25: { torqueNm: 7.3, cable: "14.5-22.5 mm" }
}
const ctVoltage = (size: MilSize) => (size === "22D" ? 400 : 600)

export const fmCT = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -65,
    tempMaxC: 175,
    plating: "electroless nickel",
    housingMaterial: "aluminium alloy",
    contactMaterial: "copper alloy, gold plated",
    sealMaterial: "fluorosilicone",
    ...datasheetRef(CT)
  }
  const part = seriesPart(CT, "circular-mil", base)
  const connectors = ctArrangements.flatMap((arrangement) => {
    const [shell, positions, size] = arrangement
    const s = pad(shell, 2)
    const p = pad(positions, 2)
    return (["R", "P"] as const).flatMap((kind) =>
      (["P", "S"] as const).map((contact) => {
        const mateKind = kind === "R" ? "P" : "R"
        const mateContact = contact === "P" ? "S" : "P"
        return part({
          ...milConnectorFields(CT, kind, contact, arrangement),
          partNumber: `${CT}-${kind}${s}-${p}${contact}`,
          category: "connector",
          description: `${CT} ${kind === "R" ? "wall-mount receptacle" : "straight plug"}, shell ${shell}, ${positions} positions, size ${size} ${contact === "P" ? "pin" : "socket"} contacts`,
          voltageRatingV: ctVoltage(size),
          ipRating: "IP68",
          coupling: "threaded",
          matingParts: [`${CT}-${mateKind}${s}-${p}${mateContact}`],
          backshells: [`${CT}-B${s}-S`, `${CT}-B${s}-A`],
          caps: [`${CT}-DC${s}-${kind}`]
        })
      })
    )
  })
  const contacts = milContactParts(CT, ["22D", "20", "16"], part)
  const shells = Object.keys(ctShells).map(Number)
  const backshells = shells.flatMap((shell) =>
    (["S", "A"] as const).map((style) =>
      part({
        partNumber: `${CT}-B${pad(shell, 2)}-${style}`,
        category: "backshell",
        description: `${CT} ${style === "S" ? "straight" : "90° angled"} environmental backshell, shell ${shell}, cable ${ctShells[shell]!.cable}`,
        shellSize: String(shell),
        ipRating: "IP68",
        contactMaterial: null,
        termination: null
      })
    )
  )
  const caps = shells.flatMap((shell) =>
    (["R", "P"] as const).map((kind) =>
      part({
        partNumber: `${CT}-DC${pad(shell, 2)}-${kind}`,
        category: "cap",
        description: `${CT} protective cap with lanyard for ${kind === "R" ? "receptacles" : "plugs"}, shell ${shell}`,
        shellSize: String(shell),
        ipRating: "IP67",
        contactMaterial: null,
        sealMaterial: "fluorosilicone"
      })
    )
  )
  const parts = [...connectors, ...contacts, ...backshells, ...caps]
  const connectorColumns = [
    col.partNumber,
    col.shell,
    col.positions,
    col.contactType,
    col.contactSize,
    col.current,
    col.voltage,
    col.ip
  ]
  const docs: Array<Doc> = [
    datasheet({
      series: CT,
      title: "FM-CT series datasheet — threaded circular MIL-style connectors",
      overview:
        "FM-CT connectors are threaded (triple-start) circular connectors in the MIL-style format for " +
        "harsh environments: aerospace ground equipment, rail, defence electronics and test systems. " +
        "Shell sizes 9 to 25 carry 3 to 128 crimp contacts in sizes 22D, 20 and 16. The self-locking " +
        "coupling nut resists vibration, and the mated pair is sealed to IP68. Receptacles are wall-mount " +
        "(square flange); plugs are straight. All FM-CT parts are RoHS and REACH compliant.",
      general: [
        ["Coupling", "threaded, triple-start, self-locking ratchet"],
        [
          "Current rating per contact",
          `${amps(5)} (size 22D), ${amps(7.5)} (size 20), ${amps(13)} (size 16)`
        ],
        ["Operating voltage", `${volts(400)} AC rms (size 22D arrangements), ${volts(600)} AC rms (size 20 and 16 arrangements), at sea level`],
        ["Temperature range", tempRange(-65, 175)],
        ["Ingress protection", "IP68 (mated, with backshell), 2 m for 48 h"],
        ["Durability", "500 mating cycles"],
        ["Insulation resistance", "5000 MΩ minimum at 500 V DC"],
        ["Shell and finish", "aluminium alloy, electroless nickel"],
        ["Contacts", "copper alloy, gold over nickel"],
        ["Seals and grommet", "fluorosilicone"],
        ["Salt spray", "500 h"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: milOrdering(connectorColumns),
      partNumberKey:
        "FM-CT-R13-22P reads: series FM-CT, R = receptacle (P = plug), shell size 13, 22 positions, " +
        "P = pin contacts (S = socket contacts). A receptacle with pin contacts mates with the plug of the " +
        "same shell size and arrangement with socket contacts, e.g. FM-CT-R13-22P with FM-CT-P13-22S. " +
        "Contacts are ordered separately: FM-CT-C20P is a size 20 pin contact, FM-CT-C20S a size 20 socket. " +
        "Backshells end in -S (straight) or -A (90° angled); caps end in -R (for receptacles) or -P (for plugs)."
    }),
    assemblySpec(CT, {
      title: "FM-CT application specification — crimping, assembly, torque and sealing",
      intro:
        "This specification tells you how to terminate, assemble and seal FM-CT connectors. Follow it " +
        "exactly: the IP68 rating and the current ratings only hold for assemblies made this way.",
      sections: [
        [
          "Wire preparation and crimping",
          "Strip the wire to the length in the table, without nicking strands. Insert the wire until the " +
            "conductor is visible in the inspection hole, set the selector of the crimp tool and close the " +
            "tool until the ratchet releases.\n\n" +
            milContactTable(["22D", "20", "16"])
        ],
        [
          "Crimp inspection",
          milCrimpInspectionTable(["22D", "20", "16"]) +
            "\n\nReject any crimp with strands outside the barrel, a cracked barrel or insulation inside the crimp."
        ],
        [
          "Contact insertion and removal",
          "Push each crimped contact straight into the rear grommet until it clicks into the retention clip; " +
            "pull back gently on the wire to confirm it is held. Contacts are removed from the rear with a " +
            "plastic removal tool. A contact may be removed and re-inserted up to 10 times."
        ],
        [
          "Sealing",
          "The rear grommet seals only wires whose insulation outer diameter is inside the range for the " +
            "contact size (table above). Fill every unused cavity with a sealing plug supplied with the " +
            "connector; an empty cavity lets water in and voids the IP68 rating."
        ],
        [
          "Coupling and backshell torque",
          "Turn the plug coupling nut by hand until the ratchet clicks and the red band on the receptacle is " +
            "covered; no tool is needed. Tighten the backshell to the torque in the table with a strap wrench.\n\n" +
            table(
              ["Shell size", "Backshell torque", "Cable diameter range"],
              Object.entries(ctShells).map(([shell, v]) => [shell, `${v.torqueNm} N·m`, v.cable])
            )
        ]
      ]
    }),
    troubleshootingGuide(CT, [
      [
        "Plug will not couple or thread binds",
        "Check that the plug and receptacle have the same shell size and insert arrangement and opposite " +
          "contact types (a receptacle with pins takes the plug with sockets). Do not force the coupling nut: " +
          "cross-threading damages the triple-start thread. Inspect for bent pins before retrying."
      ],
      [
        "Intermittent contact or high resistance",
        "Usually a contact that is not fully seated or a crimp made with the wrong selector setting. Pull " +
          "each wire gently; a loose contact slides back. Measure contact resistance against the limits in " +
          `as-fm-ct (for example ${milContacts["20"].resistanceMOhm} mΩ maximum for size 20). Re-crimp with ` +
          `${tools.m1.partNumber} (sizes 22D and 20) or ${tools.m2.partNumber} (size 16).`
      ],
      [
        "Water inside the connector",
        "Causes, most common first: an unused cavity without a sealing plug; wire insulation outside the " +
          `grommet range; a backshell tightened below its torque (for example ${ctShells[13]!.torqueNm} N·m for shell 13); a plug ` +
          "that was not coupled until the ratchet clicked. IP68 applies to the mated pair with backshells."
      ],
      [
        "Contacts overheating",
        "Check the current per contact against the rating: " +
          `${amps(milContacts["22D"].currentA)} for size 22D, ${amps(milContacts["20"].currentA)} for size 20, ` +
          `${amps(milContacts["16"].currentA)} for size 16, at +25 °C ambient with all contacts loaded. ` +
          "Above that, or with undersized wire, the " +
          "contacts heat up. Derate in hot environments (see an-temperature-derating) and ask an engineer " +
          "for bundles running close to the limit."
      ],
      [
        "Corrosion on the shell",
        "The electroless nickel finish withstands 500 h salt spray. In marine or de-icing-fluid " +
          "environments use FM-CB with zinc-nickel finish or fit protective caps on unmated connectors."
      ]
    ])
  ]
  return { code: CT, name: "FM-CT threaded circular (MIL-style)", family: "circular-mil", parts, docs }
}

// ---------------------------------------------------------------------------------------------
// FM-CB: bayonet MIL-style circular, two finishes
// ---------------------------------------------------------------------------------------------

const CB = "FM-CB"
const cbArrangements: ReadonlyArray<MilArrangement> = [
  [8, 3, "20"],
  [10, 6, "20"],
  [12, 10, "20"],
  [14, 15, "20"],
  [16, 7, "16"],
  [18, 14, "16"],
  [20, 4, "12"],
  [22, 19, "16"],
  [24, 8, "12"]
]
export const cbFinishes = {
  Z: {
    plating: "black zinc-nickel",
    tempMinC: -55,
    tempMaxC: 125,
    rohs: true,
    reach: true,
    saltSprayH: 1000
  },
  C: {
    plating: "olive drab cadmium",
    tempMinC: -65,
    tempMaxC: 150,
    rohs: false,
    reach: false,
    saltSprayH: 500
  }
} as const
export const cbCouplingTorqueNm = 1.2

export const fmCB = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    housingMaterial: "aluminium alloy",
    contactMaterial: "copper alloy, gold plated",
    sealMaterial: "silicone",
    ...datasheetRef(CB)
  }
  const part = seriesPart(CB, "circular-mil", base)
  const connectors = cbArrangements.flatMap((arrangement) => {
    const [shell, positions, size] = arrangement
    const s = pad(shell, 2)
    const p = pad(positions, 2)
    return (["Z", "C"] as const).flatMap((finish) =>
      (["R", "P"] as const).flatMap((kind) =>
        (["P", "S"] as const).map((contact) => {
          const f = cbFinishes[finish]
          const mateKind = kind === "R" ? "P" : "R"
          const mateContact = contact === "P" ? "S" : "P"
          return part({
            ...milConnectorFields(CB, kind, contact, arrangement),
            partNumber: `${CB}-${kind}${s}-${p}${contact}-${finish}`,
            category: "connector",
            description: `${CB} bayonet ${kind === "R" ? "jam-nut receptacle" : "straight plug"}, shell ${shell}, ${positions} positions, size ${size} ${contact === "P" ? "pin" : "socket"} contacts, ${f.plating}`,
            voltageRatingV: 500,
            tempMinC: f.tempMinC,
            tempMaxC: f.tempMaxC,
            ipRating: "IP67",
            coupling: "bayonet",
            plating: f.plating,
            rohs: f.rohs,
            reach: f.reach,
            // Finish does not affect mating: both finishes of the opposite part mate.
            matingParts: (["Z", "C"] as const).map((g) => `${CB}-${mateKind}${s}-${p}${mateContact}-${g}`),
            backshells: [`${CB}-B${s}`],
            caps: [`${CB}-DC${s}-${kind}`]
          })
        })
      )
    )
  })
  const contacts = milContactParts(CB, ["20", "16", "12"], part, { tempMinC: -65, tempMaxC: 150 })
  const shells = cbArrangements.map(([shell]) => shell)
  const backshells = shells.map((shell) =>
    part({
      partNumber: `${CB}-B${pad(shell, 2)}`,
      category: "backshell",
      description: `${CB} straight strain-relief backshell, shell ${shell}, black zinc-nickel`,
      shellSize: String(shell),
      plating: cbFinishes.Z.plating,
      tempMinC: -55,
      tempMaxC: 125,
      contactMaterial: null
    })
  )
  const caps = shells.flatMap((shell) =>
    (["R", "P"] as const).map((kind) =>
      part({
        partNumber: `${CB}-DC${pad(shell, 2)}-${kind}`,
        category: "cap",
        description: `${CB} bayonet protective cap for ${kind === "R" ? "receptacles" : "plugs"}, shell ${shell}`,
        shellSize: String(shell),
        tempMinC: -55,
        tempMaxC: 125,
        ipRating: "IP67",
        contactMaterial: null
      })
    )
  )
  const parts = [...connectors, ...contacts, ...backshells, ...caps]
  const connectorColumns = [
    col.partNumber,
    col.shell,
    col.positions,
    col.contactType,
    col.contactSize,
    col.current,
    col.plating,
    col.rohs
  ]
  const docs: Array<Doc> = [
    datasheet({
      series: CB,
      title: "FM-CB series datasheet — bayonet circular MIL-style connectors",
      overview:
        "FM-CB connectors are bayonet-coupled circular connectors in the MIL-style format for vehicles, " +
        "shipboard and ground equipment. A quarter turn couples them; three bayonet pins give a positive " +
        "lock you can see and feel. Shell sizes 8 to 24 carry 3 to 19 crimp contacts in sizes 20, 16 and 12. " +
        "Two shell finishes are offered: black zinc-nickel (suffix -Z, RoHS compliant, 1000 h salt spray) and " +
        "olive drab cadmium (suffix -C, for legacy military programmes; not RoHS compliant, contains cadmium, " +
        "a REACH SVHC).",
      general: [
        ["Coupling", `bayonet, 1/4 turn, three pins; coupling torque ${cbCouplingTorqueNm} N·m maximum`],
        [
          "Current rating per contact",
          `${amps(7.5)} (size 20), ${amps(13)} (size 16), ${amps(23)} (size 12)`
        ],
        ["Operating voltage", `${volts(500)} AC rms at sea level`],
        [
          "Temperature range",
          `${tempRange(-55, 125)} (zinc-nickel, -Z); ${tempRange(-65, 150)} (cadmium, -C)`
        ],
        ["Ingress protection", "IP67 (mated)"],
        ["Durability", "500 mating cycles"],
        ["Shell", "aluminium alloy"],
        ["Contacts", "copper alloy, gold over nickel"],
        ["Seals", "silicone"],
        ["Salt spray", "1000 h (-Z), 500 h (-C)"],
        ["RoHS / REACH", "-Z: compliant / compliant; -C: not compliant / not compliant (cadmium)"]
      ],
      parts,
      ordering: milOrdering(connectorColumns),
      partNumberKey:
        "FM-CB-R12-10P-Z reads: series FM-CB, R = jam-nut receptacle (P = plug), shell size 12, 10 positions, " +
        "P = pin contacts (S = socket contacts), finish Z = black zinc-nickel (C = olive drab cadmium). " +
        "Both finishes mate with each other: FM-CB-R12-10P-Z mates with FM-CB-P12-10S-Z and FM-CB-P12-10S-C."
    }),
    assemblySpec(CB, {
      title: "FM-CB application specification — crimping, bayonet coupling and panel mounting",
      sections: [
        [
          "Wire preparation and crimping",
          "Strip, crimp and inspect contacts with the tools and settings below. Contacts of FM-CT and FM-CB " +
            "look alike but are not interchangeable: the retention clips differ.\n\n" +
            milContactTable(["20", "16", "12"])
        ],
        [
          "Crimp inspection",
          milCrimpInspectionTable(["20", "16", "12"])
        ],
        [
          "Bayonet coupling",
          "Align the main key, push and turn the coupling ring a quarter turn clockwise until the three " +
            `bayonet pins snap into their detents. The coupling torque is ${cbCouplingTorqueNm} N·m at most; ` +
            "if more force is needed, the insert arrangements or keys do not match."
        ],
        [
          "Panel mounting",
          "Jam-nut receptacles mount through a D-shaped panel cut-out. Tighten the jam nut to 3.4 N·m " +
            "(shells 8 to 14) or 5.6 N·m (shells 16 to 24), with the O-ring on the outside of the panel."
        ],
        [
          "Choosing a finish",
          "Use zinc-nickel (-Z) for all new designs. Cadmium (-C) is supplied only for programmes whose " +
            "drawings require it; it is not RoHS compliant and carries a REACH SVHC declaration."
        ]
      ]
    }),
    troubleshootingGuide(CB, [
      [
        "Bayonet does not lock",
        "The bayonet pins must snap into the detents after a quarter turn. If the ring stops early, check " +
          "that both halves are the same shell size and arrangement and have opposite contact types; check " +
          "for a bent pin or a contact pushed forward."
      ],
      [
        "Connector uncouples under vibration",
        "A bayonet that was not turned to the detent can walk back. Verify the snap, replace the coupling " +
          "ring if the detent spring is weak, and route the cable so it does not pull sideways on the plug."
      ],
      [
        "Contact falls out after crimping",
        "FM-CT contacts were used in an FM-CB insert, or the contact was not pushed in until it clicked. " +
          "Use FM-CB-C20P/S, FM-CB-C16P/S or FM-CB-C12P/S only."
      ],
      [
        "RoHS question from a customer audit",
        "Part numbers ending in -C have a cadmium finish and are not RoHS compliant; those ending in -Z are. " +
          "The mating halves may be ordered in either finish."
      ]
    ])
  ]
  return { code: CB, name: "FM-CB bayonet circular (MIL-style)", family: "circular-mil", parts, docs }
}

// ---------------------------------------------------------------------------------------------
// FM-MS: M12-style sensor connectors
// ---------------------------------------------------------------------------------------------

const MS = "FM-MS"
export const msCodings: ReadonlyArray<{
  readonly positions: number
  readonly coding: "A" | "D" | "X"
  readonly currentA: number
  readonly voltageV: number
  readonly contactSize: string
}> = [
  { positions: 3, coding: "A", currentA: 4, voltageV: 250, contactSize: "1.0 mm" },
  { positions: 4, coding: "A", currentA: 4, voltageV: 250, contactSize: "1.0 mm" },
  { positions: 5, coding: "A", currentA: 4, voltageV: 60, contactSize: "1.0 mm" },
  { positions: 8, coding: "A", currentA: 2, voltageV: 30, contactSize: "0.8 mm" },
  { positions: 12, coding: "A", currentA: 1.5, voltageV: 30, contactSize: "0.6 mm" },
  { positions: 4, coding: "D", currentA: 4, voltageV: 250, contactSize: "1.0 mm" },
  { positions: 8, coding: "X", currentA: 0.5, voltageV: 50, contactSize: "0.6 mm" }
]
export const msTorque = { couplingNm: 0.6, panelNutNm: 1.5, screwTerminalNm: 0.25, cableMm: "4.0-8.0 mm" } as const

export const fmMS = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -40,
    tempMaxC: 85,
    ipRating: "IP67",
    coupling: "threaded",
    plating: "gold over nickel",
    housingMaterial: "PA66 body, nickel-plated brass coupling nut",
    contactMaterial: "brass, gold plated",
    sealMaterial: "FKM",
    shellSize: "M12",
    ...datasheetRef(MS)
  }
  const part = seriesPart(MS, "circular-sensor", base)
  const connectors = msCodings.flatMap((c) =>
    (["P", "R"] as const).flatMap((kind) =>
      (["M", "F"] as const).map((sex) => {
        const code = `${pad(c.positions, 2)}${c.coding}`
        return part({
          partNumber: `${MS}-${kind}${code}-${sex}`,
          category: "connector",
          description: `${MS} M12 ${kind === "P" ? "field-wireable cable plug" : "panel receptacle, rear PCB mount"}, ${c.positions} positions, ${c.coding}-coded, ${sex === "M" ? "male (pins)" : "female (sockets)"}`,
          gender: kind === "P" ? "plug" : "receptacle",
          contactType: sex === "M" ? "pin" : "socket",
          positions: c.positions,
          contactSize: c.contactSize,
          currentRatingA: c.currentA,
          voltageRatingV: c.voltageV,
          termination: kind === "P" ? "screw terminal" : "PCB",
          wireRange: kind === "P" ? "0.14-0.75 mm²" : null,
          matingParts: [`${MS}-${kind === "P" ? "R" : "P"}${code}-${sex === "M" ? "F" : "M"}`],
          caps: [`${MS}-DC-${kind}`]
        })
      })
    )
  )
  const caps = (["P", "R"] as const).map((kind) =>
    part({
      partNumber: `${MS}-DC-${kind}`,
      category: "cap",
      description: `${MS} M12 protective cap for ${kind === "P" ? "cable plugs" : "panel receptacles"}, IP67 when fitted`,
      contactMaterial: null
    })
  )
  const parts = [...connectors, ...caps]
  const columns = [
    col.partNumber,
    col.positions,
    ["Coding", (p: PartRecord) => p.partNumber.slice(-3, -2)] as const,
    col.contactType,
    col.current,
    col.voltage,
    col.termination
  ]
  const docs: Array<Doc> = [
    datasheet({
      series: MS,
      title: "FM-MS series datasheet — M12-style sensor and fieldbus connectors",
      overview:
        "FM-MS connectors use the M12 x 1 screw coupling common on sensors, actuators and industrial " +
        "Ethernet. A-coded versions (3, 4, 5, 8 and 12 positions) carry power and signals; the D-coded " +
        "4-position version carries 100 Mbit/s Ethernet; the X-coded 8-position version carries 10 Gbit/s " +
        "Ethernet. Cable plugs are field-wireable with screw terminals; panel receptacles solder into a PCB. " +
        "Mated pairs and fitted caps are IP67. Codings cannot be mated with each other.",
      general: [
        ["Coupling", `M12 x 1 screw, ${msTorque.couplingNm} N·m hand-tight`],
        ["Ratings", "see ordering table: 4 A / 250 V (3 and 4 positions A-coded, 4 positions D-coded), 4 A / 60 V (5 positions), 2 A / 30 V (8 positions A-coded), 1.5 A / 30 V (12 positions), 0.5 A / 50 V (8 positions X-coded)"],
        ["Temperature range", tempRange(-40, 85)],
        ["Ingress protection", "IP67 (mated or capped)"],
        ["Durability", "100 mating cycles"],
        ["Cable diameter (plugs)", msTorque.cableMm],
        ["Wire range (plugs)", "0.14-0.75 mm²"],
        ["Materials", "PA66 body, nickel-plated brass coupling nut, FKM seals, gold-plated brass contacts"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: [
        ["Ordering information — cable plugs", byGender("plug"), columns],
        ["Ordering information — panel receptacles", byGender("receptacle"), columns],
        ["Protective caps", byCategory("cap"), [col.partNumber, col.description]]
      ],
      partNumberKey:
        "FM-MS-P04A-M reads: series FM-MS, P = cable plug (R = panel receptacle), 04 positions, A-coded, " +
        "M = male pins (F = female sockets). A male plug mates with the female receptacle of the same " +
        "positions and coding: FM-MS-P04A-M with FM-MS-R04A-F. FM-MS has no crimp contacts or crimp tools: " +
        "plugs use screw terminals and receptacles are soldered.",
      extra: [
        [
          "Coding",
          "A-coding: sensors, actuators and DC power. D-coding: 100 Mbit/s Ethernet. X-coding: 10 Gbit/s " +
            "Ethernet (Cat 6A). The coding key prevents mating between codings."
        ]
      ]
    }),
    assemblySpec(MS, {
      title: "FM-MS assembly instructions — field-wireable M12 plugs and panel receptacles",
      sections: [
        [
          "Cable preparation",
          `Use round cable of ${msTorque.cableMm} outer diameter. Strip the jacket 20 mm and each conductor ` +
            "5 mm; fit wire-end ferrules on stranded conductors of 0.14-0.75 mm²."
        ],
        [
          "Wiring the screw terminals",
          `Tighten terminal screws to ${msTorque.screwTerminalNm} N·m. Follow the pin numbering moulded on the ` +
            "insert; pin 1 is next to the coding key on A-coded inserts."
        ],
        [
          "Sealing and coupling",
          "Tighten the cable gland until the seal grips the jacket, then couple the plug hand-tight " +
            `(${msTorque.couplingNm} N·m). Over-tightening cracks the PA66 body; under-tightening loses IP67.`
        ],
        [
          "Panel receptacles",
          "Solder the receptacle to the PCB before mounting, then tighten the panel nut to " +
            `${msTorque.panelNutNm} N·m with the O-ring on the outside of the panel. Maximum panel thickness is 3 mm.`
        ]
      ]
    }),
    troubleshootingGuide(MS, [
      [
        "Plug does not fit the receptacle",
        "Check coding and positions: an A-coded plug does not mate with a D-coded or X-coded receptacle, and " +
          "a male plug needs a female receptacle. The coding letter is the last letter before the dash in the " +
          "part number (FM-MS-P04A-M is A-coded)."
      ],
      [
        "Ethernet link drops or runs at low speed",
        "Use D-coded (100 Mbit/s) or X-coded (10 Gbit/s) parts for Ethernet, keep the cable shield " +
          "connected to the coupling nut and untwist conductors no more than 13 mm at the terminals."
      ],
      [
        "Water in the plug",
        `The cable is outside the ${msTorque.cableMm} gland range, the gland was not tightened, or the ` +
          "coupling nut was not tightened by hand. Unmated connectors need a cap to stay IP67."
      ],
      [
        "Loose wire in a screw terminal",
        `Use wire-end ferrules on stranded wire and tighten to ${msTorque.screwTerminalNm} N·m.`
      ]
    ])
  ]
  return { code: MS, name: "FM-MS M12-style sensor", family: "circular-sensor", parts, docs }
}

// ---------------------------------------------------------------------------------------------
// FM-PP: push-pull miniature circular
// ---------------------------------------------------------------------------------------------

const PP = "FM-PP"
export const ppSizes: Record<1 | 2 | 3, {
  readonly positions: ReadonlyArray<number>
  readonly contactSize: string
  readonly currentA: number
  readonly voltageV: number
  readonly collets: ReadonlyArray<number>
  readonly nutNm: number
}> = {
  1: { positions: [2, 4, 6], contactSize: "0.7 mm", currentA: 3, voltageV: 150, collets: [3.5, 4.5], nutNm: 0.8 },
  2: { positions: [5, 8, 10], contactSize: "0.9 mm", currentA: 5, voltageV: 250, collets: [5.5, 6.5], nutNm: 1.2 },
  3: { positions: [12, 16, 18], contactSize: "1.3 mm", currentA: 10, voltageV: 250, collets: [7.5, 8.5], nutNm: 2 }
}

export const fmPP = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -55,
    tempMaxC: 200,
    ipRating: "IP68",
    coupling: "push-pull",
    plating: "chrome over nickel (shell), gold (contacts)",
    housingMaterial: "brass shell, PEEK insulator",
    contactMaterial: "brass, gold plated",
    sealMaterial: "FKM",
    ...datasheetRef(PP)
  }
  const part = seriesPart(PP, "circular-push-pull", base)
  const sizes = [1, 2, 3] as const
  const collet = (size: 1 | 2 | 3, d: number) => `${PP}-CC${size}-${String(d * 10)}`
  const connectors = sizes.flatMap((size) =>
    ppSizes[size].positions.flatMap((positions) =>
      (["P", "R"] as const).flatMap((kind) =>
        (["P", "S"] as const).map((contact) => {
          const s = ppSizes[size]
          return part({
            partNumber: `${PP}-${kind}${size}-${pad(positions, 2)}${contact}`,
            category: "connector",
            description: `${PP} size ${size} push-pull ${kind === "P" ? "straight plug with cable collet" : "panel receptacle with nut"}, ${positions} positions, ${contact === "P" ? "pin" : "socket"} contacts`,
            gender: kind === "P" ? "plug" : "receptacle",
            contactType: contact === "P" ? "pin" : "socket",
            shellSize: String(size),
            positions,
            contactSize: s.contactSize,
            currentRatingA: s.currentA,
            voltageRatingV: s.voltageV,
            termination: kind === "P" ? "solder cup" : "PCB",
            matingParts: [`${PP}-${kind === "P" ? "R" : "P"}${size}-${pad(positions, 2)}${contact === "P" ? "S" : "P"}`],
            backshells: kind === "P" ? s.collets.map((d) => collet(size, d)) : [],
            caps: [`${PP}-DC${size}-${kind}`]
          })
        })
      )
    )
  )
  const collets = sizes.flatMap((size) =>
    ppSizes[size].collets.map((d) =>
      part({
        partNumber: collet(size, d),
        category: "backshell",
        description: `${PP} size ${size} cable collet for ${d} mm cable`,
        shellSize: String(size),
        contactMaterial: null,
        ipRating: null
      })
    )
  )
  const caps = sizes.flatMap((size) =>
    (["P", "R"] as const).map((kind) =>
      part({
        partNumber: `${PP}-DC${size}-${kind}`,
        category: "cap",
        description: `${PP} size ${size} sealing cap for ${kind === "P" ? "plugs" : "receptacles"}`,
        shellSize: String(size),
        contactMaterial: null
      })
    )
  )
  const parts = [...connectors, ...collets, ...caps]
  const columns = [
    col.partNumber,
    col.shell,
    col.positions,
    col.contactType,
    col.contactSize,
    col.current,
    col.voltage,
    col.termination
  ]
  const docs: Array<Doc> = [
    datasheet({
      series: PP,
      title: "FM-PP series datasheet — push-pull miniature circular connectors",
      overview:
        "FM-PP connectors latch automatically when pushed in and release only when the outer sleeve is " +
        "pulled back, so a pull on the cable never unmates them. Three shell sizes carry 2 to 18 contacts; " +
        "PEEK insulators allow +200 °C. Mated pairs are IP68 (2 m, 24 h). Typical uses: medical devices, " +
        "test and measurement, broadcast cameras.",
      general: [
        ["Coupling", "push-pull self-latching"],
        ["Ratings", "size 1: 3 A, 150 V; size 2: 5 A, 250 V; size 3: 10 A, 250 V (per contact)"],
        ["Temperature range", tempRange(-55, 200)],
        ["Ingress protection", "IP68 (mated), 2 m for 24 h"],
        ["Durability", "5000 mating cycles"],
        ["Termination", "solder cup (plugs), PCB (receptacles)"],
        ["Materials", "chrome-plated brass shell, PEEK insulator, FKM seals, gold-plated contacts"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: [
        ["Ordering information — plugs", byGender("plug"), columns],
        ["Ordering information — receptacles", byGender("receptacle"), columns],
        ["Cable collets", byCategory("backshell"), accessoryColumns],
        ["Sealing caps", byCategory("cap"), accessoryColumns]
      ],
      partNumberKey:
        "FM-PP-P2-08S reads: series FM-PP, P = plug (R = receptacle), shell size 2, 8 positions, S = socket " +
        "contacts (P = pin contacts). Plugs need a cable collet matching the cable diameter: FM-PP-CC2-55 " +
        "for 5.5 mm and FM-PP-CC2-65 for 6.5 mm cable on size 2 plugs."
    }),
    assemblySpec(PP, {
      title: "FM-PP assembly instructions — soldering, collets and panel nuts",
      sections: [
        [
          "Soldering plug contacts",
          "Tin the wire, fill the solder cup with a temperature-controlled iron at 350 °C for at most 3 s " +
            "per contact, and slide heat-shrink sleeves over each joint. Work from the centre contacts outwards."
        ],
        [
          "Choosing the cable collet",
          table(
            ["Shell size", "Collets", "Cable diameter"],
            sizes.map((size) => [
              String(size),
              ppSizes[size].collets.map((d) => collet(size, d)).join(", "),
              ppSizes[size].collets.map((d) => `${d} mm`).join(", ")
            ])
          ) + "\n\nThe cable must not be more than 0.5 mm smaller than the collet size or the IP68 seal fails."
        ],
        [
          "Panel nut torque",
          table(
            ["Shell size", "Panel nut torque"],
            sizes.map((size) => [String(size), `${ppSizes[size].nutNm} N·m`])
          )
        ]
      ]
    }),
    troubleshootingGuide(PP, [
      [
        "Plug cannot be pulled out",
        "This is the push-pull latch working as intended: pull the outer release sleeve, not the cable."
      ],
      [
        "Plug does not latch",
        "Align the red dots on plug and receptacle; the keyway allows one orientation. Check that shell " +
          "sizes match and that the plug has the opposite contact type."
      ],
      [
        "Moisture after cleaning or autoclaving",
        "IP68 applies to mated pairs and to connectors with a sealing cap. The collet must match the cable " +
          "diameter within 0.5 mm. Replace FKM seals after 500 autoclave cycles."
      ],
      [
        "Solder bridges between contacts",
        "Use heat-shrink on every contact and keep solder time below 3 s; size 1 contacts are 0.7 mm and " +
          "close together."
      ]
    ])
  ]
  return { code: PP, name: "FM-PP push-pull circular", family: "circular-push-pull", parts, docs }
}
