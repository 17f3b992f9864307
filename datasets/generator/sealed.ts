/** Sealed families: FM-AS (sealed automotive) and FM-FL (ruggedised fiber optic). */
import { amps, pad, table, tempRange, volts } from "./common.js"
import { byCategory, byGender, col, crimpContactColumns, datasheet } from "./datasheet.js"
import type { Doc, PartRecord } from "./model.js"
import { assemblySpec, datasheetRef, seriesPart, type SeriesOutput, troubleshootingGuide, withoutHousing } from "./series.js"
import { tools } from "./tools.js"

// ---------------------------------------------------------------------------------------------
// FM-AS
// ---------------------------------------------------------------------------------------------

const AS = "FM-AS"
export const asPositions = [2, 3, 4, 6, 8, 12] as const
export const asKeys = { A: "grey", B: "black" } as const
export const asContacts = {
  "16": {
    currentA: 13,
    stripMm: 6.5,
    sealRange: "2.2-3.6 mm",
    wires: [
      { code: "14", wire: "14-16 AWG", pullOutN: 180 },
      { code: "18", wire: "18-20 AWG", pullOutN: 90 }
    ]
  },
  "20": {
    currentA: 7.5,
    stripMm: 5,
    sealRange: "1.35-2.4 mm",
    wires: [{ code: "20", wire: "20-24 AWG", pullOutN: 45 }]
  }
} as const
export const asVoltageV = 250

export const fmAS = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -55,
    tempMaxC: 125,
    voltageRatingV: asVoltageV,
    ipRating: "IP68",
    coupling: "latch",
    plating: "nickel (contacts)",
    housingMaterial: "PA66, UL 94 V-0",
    contactMaterial: "copper alloy, nickel plated",
    sealMaterial: "silicone",
    ...datasheetRef(AS)
  }
  const part = seriesPart(AS, "sealed-automotive", base)
  const sizeFor = (positions: number): "16" | "20" => (positions === 12 ? "20" : "16")
  const contactPn = (size: "16" | "20", g: "P" | "S", code: string) => `${AS}-C${size}${g}-${code}`
  const connectors = asPositions.flatMap((positions) =>
    (Object.keys(asKeys) as Array<keyof typeof asKeys>).flatMap((key) =>
      (["P", "R"] as const).map((kind) => {
        const size = sizeFor(positions)
        const g = kind === "P" ? "S" : "P"
        const p = pad(positions, 2)
        return part({
          partNumber: `${AS}-${kind}${p}-${key}`,
          category: "connector",
          description: `${AS} sealed ${kind === "P" ? "plug (socket contacts)" : "receptacle (pin contacts)"}, ${positions} positions, key ${key} (${asKeys[key]})`,
          gender: kind === "P" ? "plug" : "receptacle",
          contactType: g === "P" ? "pin" : "socket",
          positions,
          contactSize: size,
          currentRatingA: asContacts[size].currentA,
          termination: "crimp",
          matingParts: [`${AS}-${kind === "P" ? "R" : "P"}${p}-${key}`],
          compatibleContacts: asContacts[size].wires.map((w) => contactPn(size, g, w.code)),
          backshells: kind === "P" ? [`${AS}-BT${p}`] : [],
          caps: kind === "R" ? [`${AS}-DC${p}`] : [],
          crimpTools: [tools.a1.partNumber]
        })
      })
    )
  )
  const contacts = (["16", "20"] as const).flatMap((size) =>
    asContacts[size].wires.flatMap((w) =>
      (["P", "S"] as const).map((g) =>
        part({
          partNumber: contactPn(size, g, w.code),
          category: "contact",
          description: `${AS} size ${size} solid ${g === "P" ? "pin" : "socket"} contact, ${w.wire}`,
          gender: g === "P" ? "pin" : "socket",
          contactSize: size,
          wireRange: w.wire,
          currentRatingA: asContacts[size].currentA,
          termination: "crimp",
          ...withoutHousing,
          matingParts: [contactPn(size, g === "P" ? "S" : "P", w.code)],
          crimpTools: [tools.a1.partNumber]
        })
      )
    )
  )
  const boots = asPositions.map((positions) =>
    part({
      partNumber: `${AS}-BT${pad(positions, 2)}`,
      category: "backshell",
      description: `${AS} rubber boot for ${positions}-position plugs`,
      positions,
      housingMaterial: "EPDM",
      contactMaterial: null,
      voltageRatingV: null,
      ipRating: null
    })
  )
  const caps = asPositions.map((positions) =>
    part({
      partNumber: `${AS}-DC${pad(positions, 2)}`,
      category: "cap",
      description: `${AS} sealing cap for ${positions}-position receptacles`,
      positions,
      contactMaterial: null,
      voltageRatingV: null
    })
  )
  const parts = [...connectors, ...contacts, ...boots, ...caps]
  const columns = [col.partNumber, col.positions, col.contactType, col.contactSize, col.current, col.voltage, col.ip]
  const docs: Array<Doc> = [
    datasheet({
      series: AS,
      title: "FM-AS series datasheet — sealed automotive connectors",
      overview:
        "FM-AS sealed connectors are for engine compartments, off-highway vehicles and agricultural machines: " +
        "2 to 12 positions, crimp contacts, an integral secondary lock (wedge) and silicone seals rated IP68 and " +
        "IP6K9K for high-pressure wash-down. Keys A (grey) and B (black) let two connectors with the same " +
        "position count sit side by side without mismating.",
      general: [
        ["Current rating", `${amps(13)} per contact (size 16, 2 to 8 positions), ${amps(7.5)} (size 20, 12 positions)`],
        ["Voltage rating", `${volts(asVoltageV)} AC/DC`],
        ["Temperature range", tempRange(-55, 125)],
        ["Ingress protection", "IP68 and IP6K9K (mated)"],
        ["Coupling", "latch with integral secondary lock"],
        ["Durability", "100 mating cycles"],
        ["Materials", "PA66 housing UL 94 V-0, silicone seals, nickel-plated copper alloy solid contacts"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: [
        ["Ordering information — plugs", byGender("plug"), columns],
        ["Ordering information — receptacles", byGender("receptacle"), columns],
        ["Crimp contacts", byCategory("contact"), crimpContactColumns],
        ["Boots", byCategory("backshell"), [col.partNumber, col.description]],
        ["Sealing caps", byCategory("cap"), [col.partNumber, col.description]]
      ],
      partNumberKey:
        "FM-AS-P06-A is a 6-position plug (socket contacts) with key A; it mates with FM-AS-R06-A, the " +
        "6-position receptacle (pin contacts) with key A. Contacts: FM-AS-C16S-14 is a size 16 socket for " +
        "14-16 AWG, FM-AS-C16P-18 a size 16 pin for 18-20 AWG."
    }),
    assemblySpec(AS, {
      title: "FM-AS application specification — crimping, sealing and secondary locking",
      sections: [
        [
          "Crimping",
          table(
            ["Contact size", "Wire", "Strip length", "Minimum pull-out force", "Tool"],
            (["16", "20"] as const).flatMap((size) =>
              asContacts[size].wires.map((w) => [
                size,
                w.wire,
                `${asContacts[size].stripMm} mm`,
                `${w.pullOutN} N`,
                tools.a1.partNumber
              ])
            )
          )
        ],
        [
          "Wire sealing",
          `The wire seals accept insulation diameters of ${asContacts["16"].sealRange} (size 16) and ` +
            `${asContacts["20"].sealRange} (size 20). Plug every unused cavity with a cavity plug; wire outside ` +
            "the seal range loses the IP68 and IP6K9K ratings."
        ],
        [
          "Secondary lock",
          "After all contacts are in, push the wedge (secondary lock) home. It only closes if every contact is " +
            "fully seated, which is the check that no contact is backed out."
        ],
        [
          "Mating",
          "Push until the latch clicks, then pull back to confirm. Route the harness so the latch is not under " +
            "strain; fit a boot on plugs exposed to spray."
        ]
      ]
    }),
    troubleshootingGuide(AS, [
      [
        "Wedge (secondary lock) will not close",
        "A contact is not fully seated. Push each wire in until the contact clicks, then close the wedge."
      ],
      [
        "Water in the connector after pressure washing",
        `Check for unused cavities without plugs and wire insulation outside ${asContacts["16"].sealRange} ` +
          "(size 16). IP6K9K needs the mated pair and the seals intact."
      ],
      [
        "Plug and receptacle do not mate",
        "Check the key letter: A (grey) mates only with A, B (black) only with B, and the position counts " +
          "must match."
      ],
      [
        "Corroded contacts",
        "Nickel-plated solid contacts are made for sealed use. Replace contacts and seals together."
      ]
    ])
  ]
  return { code: AS, name: "FM-AS sealed automotive", family: "sealed-automotive", parts, docs }
}

// ---------------------------------------------------------------------------------------------
// FM-FL
// ---------------------------------------------------------------------------------------------

const FL = "FM-FL"
export const flChannels: ReadonlyArray<{ readonly channels: number; readonly shell: string }> = [
  { channels: 2, shell: "11" },
  { channels: 4, shell: "13" },
  { channels: 8, shell: "17" },
  { channels: 12, shell: "21" }
]
export const flModes = {
  SM: { fiber: "single-mode OS2", insertionLossDb: 0.5, returnLossDb: 45, wavelengths: "1310/1550 nm" },
  MM: { fiber: "multimode OM4", insertionLossDb: 0.45, returnLossDb: 25, wavelengths: "850/1300 nm" }
} as const

export const fmFL = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -40,
    tempMaxC: 85,
    ipRating: "IP68",
    coupling: "bayonet",
    plating: "black anodised (shell)",
    housingMaterial: "aluminium alloy",
    contactMaterial: "zirconia ferrule",
    sealMaterial: "silicone",
    ...datasheetRef(FL)
  }
  const part = seriesPart(FL, "fiber-optic", base)
  const terminus = (mode: "SM" | "MM") => `${FL}-T-${mode}`
  const connectors = flChannels.flatMap(({ channels, shell }) =>
    (["SM", "MM"] as const).flatMap((mode) =>
      (["P", "R"] as const).map((kind) => {
        const c = pad(channels, 2)
        return part({
          partNumber: `${FL}-${kind}${c}-${mode}`,
          category: "connector",
          description: `${FL} ${kind === "P" ? "cable plug" : "panel receptacle"}, ${channels} channels, ${flModes[mode].fiber}`,
          gender: kind === "P" ? "plug" : "receptacle",
          shellSize: shell,
          positions: channels,
          contactSize: "1.25 mm ferrule",
          fiberType: flModes[mode].fiber,
          termination: "fiber terminus",
          matingParts: [`${FL}-${kind === "P" ? "R" : "P"}${c}-${mode}`],
          compatibleContacts: [terminus(mode)],
          caps: [`${FL}-DC${shell}-${kind}`],
          crimpTools: [tools.f1.partNumber]
        })
      })
    )
  )
  const termini = (["SM", "MM"] as const).map((mode) =>
    part({
      partNumber: terminus(mode),
      category: "contact",
      description: `${FL} physical-contact terminus, 1.25 mm zirconia ferrule, ${flModes[mode].fiber}`,
      contactSize: "1.25 mm ferrule",
      fiberType: flModes[mode].fiber,
      termination: "crimp and polish",
      ...withoutHousing,
      plating: null,
      crimpTools: [tools.f1.partNumber]
    })
  )
  const caps = flChannels.flatMap(({ shell }) =>
    (["P", "R"] as const).map((kind) =>
      part({
        partNumber: `${FL}-DC${shell}-${kind}`,
        category: "cap",
        description: `${FL} dust cap for shell ${shell} ${kind === "P" ? "plugs" : "receptacles"}`,
        shellSize: shell,
        contactMaterial: null,
        plating: null
      })
    )
  )
  const parts = [...connectors, ...termini, ...caps]
  const columns = [
    col.partNumber,
    col.shell,
    ["Channels", (p: PartRecord) => String(p.positions ?? "—")] as const,
    ["Fiber", (p: PartRecord) => p.fiberType ?? "—"] as const,
    col.ip
  ]
  const docs: Array<Doc> = [
    datasheet({
      series: FL,
      title: "FM-FL series datasheet — ruggedised multi-channel fiber optic connectors",
      overview:
        "FM-FL connectors carry 2, 4, 8 or 12 fiber channels in a sealed bayonet circular shell for " +
        "broadcast, military field networks and mining. Physical-contact termini with 1.25 mm zirconia " +
        "ferrules are crimped and polished in the field or ordered pre-terminated. Versions for single-mode " +
        "(OS2) and multimode (OM4) fiber; the two do not mate.",
      general: [
        ["Channels", "2, 4, 8, 12"],
        [
          "Insertion loss",
          `${flModes.SM.insertionLossDb} dB maximum per channel (single-mode), ${flModes.MM.insertionLossDb} dB maximum (multimode)`
        ],
        [
          "Return loss",
          `${flModes.SM.returnLossDb} dB minimum (single-mode), ${flModes.MM.returnLossDb} dB minimum (multimode)`
        ],
        ["Wavelengths", `${flModes.SM.wavelengths} (single-mode), ${flModes.MM.wavelengths} (multimode)`],
        ["Temperature range", tempRange(-40, 85)],
        ["Ingress protection", "IP68 (mated or capped)"],
        ["Coupling", "bayonet"],
        ["Durability", "500 mating cycles (clean before every mating)"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: [
        ["Ordering information — plugs", byGender("plug"), columns],
        ["Ordering information — receptacles", byGender("receptacle"), columns],
        ["Termini", byCategory("contact"), [col.partNumber, col.description, col.tools]],
        ["Dust caps", byCategory("cap"), [col.partNumber, col.description]]
      ],
      partNumberKey:
        "FM-FL-P08-SM is an 8-channel single-mode cable plug; FM-FL-R08-SM the matching receptacle. MM = " +
        "multimode. Termini: FM-FL-T-SM and FM-FL-T-MM. Dust caps are per shell size: FM-FL-DC17-P for shell 17 plugs."
    }),
    assemblySpec(FL, {
      title: "FM-FL termination and cleaning procedure",
      sections: [
        [
          "Terminating a terminus",
          "Strip the jacket 40 mm, the buffer 15 mm; inject epoxy, insert the fiber, crimp the terminus with " +
            "FM-TC-F1, cure, cleave and polish in three steps. Inspect the end face at 200x."
        ],
        [
          "Cleaning",
          "Clean both end faces with the FM-TC-F2 click cleaner before every mating, and inspect. A single " +
            "particle on a single-mode core can add more than 1 dB of loss."
        ],
        [
          "Acceptance test",
          `Single-mode channels: insertion loss ${flModes.SM.insertionLossDb} dB maximum, return loss ` +
            `${flModes.SM.returnLossDb} dB minimum. Multimode channels: ${flModes.MM.insertionLossDb} dB maximum, ` +
            `${flModes.MM.returnLossDb} dB minimum.`
        ]
      ]
    }),
    troubleshootingGuide(FL, [
      [
        "High insertion loss on one channel",
        "Most often a dirty end face. Clean both sides with FM-TC-F2 and inspect. If the loss stays above " +
          `${flModes.SM.insertionLossDb} dB (single-mode), re-polish or replace the terminus.`
      ],
      [
        "No light at all",
        "Check that single-mode is not mated with multimode (SM and MM versions are keyed differently) and " +
          "that channel numbering matches on both ends."
      ],
      [
        "Connector fogged inside",
        "Unmated connectors need dust caps to stay IP68; dry the connector and replace the caps."
      ]
    ])
  ]
  return { code: FL, name: "FM-FL fiber optic", family: "fiber-optic", parts, docs }
}
