/** Rectangular families: FM-HR (heavy-duty industrial), FM-BB (board-to-board), FM-WB (wire-to-board). */
import { amps, pad, table, tempRange, volts } from "./common.js"
import { accessoryColumns, byCategory, byGender, col, crimpContactColumns, datasheet } from "./datasheet.js"
import type { Doc, PartRecord } from "./model.js"
import { assemblySpec, datasheetRef, seriesPart, type SeriesOutput, troubleshootingGuide } from "./series.js"
import { tools } from "./tools.js"

// ---------------------------------------------------------------------------------------------
// FM-HR: heavy-duty rectangular inserts, hoods and housings
// ---------------------------------------------------------------------------------------------

const HR = "FM-HR"
export const hrInserts: ReadonlyArray<{
  readonly size: number
  readonly positions: number
  readonly contact: "16" | "25"
}> = [
  { size: 6, positions: 6, contact: "16" },
  { size: 6, positions: 4, contact: "25" },
  { size: 10, positions: 10, contact: "16" },
  { size: 16, positions: 16, contact: "16" },
  { size: 24, positions: 24, contact: "16" }
]
export const hrContacts = {
  "16": {
    diameter: "1.6 mm",
    insertCurrentA: 16,
    voltageV: 500,
    wires: [
      { code: "05", mm2: 0.5, currentA: 6, stripMm: 8 },
      { code: "10", mm2: 1, currentA: 10, stripMm: 8 },
      { code: "15", mm2: 1.5, currentA: 16, stripMm: 8 },
      { code: "25", mm2: 2.5, currentA: 16, stripMm: 8 }
    ],
    tool: tools.h1
  },
  "25": {
    diameter: "2.5 mm",
    insertCurrentA: 40,
    voltageV: 690,
    wires: [
      { code: "40", mm2: 4, currentA: 32, stripMm: 10 },
      { code: "60", mm2: 6, currentA: 40, stripMm: 10 }
    ],
    tool: tools.h2
  }
} as const
export const hrHoods: Record<number, ReadonlyArray<string>> = {
  6: ["M20", "M25"],
  10: ["M25", "M32"],
  16: ["M25", "M32"],
  24: ["M32", "M40"]
}
export const hrTorque = { insertScrewNm: 0.5, peScrewNm: 1.2, housingScrewNm: 1.2 } as const

export const fmHR = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -40,
    tempMaxC: 125,
    ...datasheetRef(HR)
  }
  const part = seriesPart(HR, "rectangular-industrial", base)
  const contactPn = (size: "16" | "25", sex: "M" | "F", code: string) => `${HR}-C${size}${sex}-${code}`
  const sizes = [6, 10, 16, 24] as const
  const inserts = hrInserts.flatMap((ins) =>
    (["M", "F"] as const).map((sex) => {
      const c = hrContacts[ins.contact]
      return part({
        partNumber: `${HR}-I${pad(ins.size, 2)}-${pad(ins.positions, 2)}${sex}`,
        category: "connector",
        description: `${HR} size ${ins.size} ${sex === "M" ? "male" : "female"} insert, ${ins.positions} positions + PE, ${c.diameter} crimp contacts`,
        gender: sex === "M" ? "plug" : "receptacle",
        contactType: sex === "M" ? "pin" : "socket",
        shellSize: String(ins.size),
        positions: ins.positions,
        contactSize: c.diameter,
        currentRatingA: c.insertCurrentA,
        voltageRatingV: c.voltageV,
        ipRating: "IP65",
        coupling: "locking lever",
        termination: "crimp",
        plating: "silver (contacts)",
        housingMaterial: "polycarbonate, UL 94 V-0 (insert)",
        contactMaterial: "copper alloy, silver plated",
        sealMaterial: "NBR",
        matingParts: [`${HR}-I${pad(ins.size, 2)}-${pad(ins.positions, 2)}${sex === "M" ? "F" : "M"}`],
        compatibleContacts: c.wires.map((w) => contactPn(ins.contact, sex, w.code)),
        backshells: [...hrHoods[ins.size]!.map((e) => `${HR}-H${pad(ins.size, 2)}-${e}`), `${HR}-BH${pad(ins.size, 2)}`],
        caps: [`${HR}-PC${pad(ins.size, 2)}`],
        crimpTools: [c.tool.partNumber]
      })
    })
  )
  const contacts = (["16", "25"] as const).flatMap((size) =>
    hrContacts[size].wires.flatMap((w) =>
      (["M", "F"] as const).map((sex) =>
        part({
          partNumber: contactPn(size, sex, w.code),
          category: "contact",
          description: `${HR} turned crimp ${sex === "M" ? "male" : "female"} contact, ${hrContacts[size].diameter}, for ${w.mm2} mm² wire`,
          gender: sex === "M" ? "pin" : "socket",
          contactSize: hrContacts[size].diameter,
          wireRange: `${w.mm2} mm²`,
          currentRatingA: w.currentA,
          termination: "crimp",
          plating: "silver",
          contactMaterial: "copper alloy",
          matingParts: [contactPn(size, sex === "M" ? "F" : "M", w.code)],
          crimpTools: [hrContacts[size].tool.partNumber]
        })
      )
    )
  )
  const hoods = sizes.flatMap((size) =>
    hrHoods[size]!.map((entry) =>
      part({
        partNumber: `${HR}-H${pad(size, 2)}-${entry}`,
        category: "backshell",
        description: `${HR} size ${size} hood, top entry ${entry}, die-cast zinc alloy`,
        shellSize: String(size),
        ipRating: "IP65",
        coupling: "locking lever",
        housingMaterial: "die-cast zinc alloy, powder coated",
        sealMaterial: "NBR"
      })
    )
  )
  const housings = sizes.map((size) =>
    part({
      partNumber: `${HR}-BH${pad(size, 2)}`,
      category: "housing",
      description: `${HR} size ${size} bulkhead housing with locking lever`,
      shellSize: String(size),
      ipRating: "IP65",
      coupling: "locking lever",
      housingMaterial: "die-cast zinc alloy, powder coated",
      sealMaterial: "NBR",
      caps: [`${HR}-PC${pad(size, 2)}`]
    })
  )
  const covers = sizes.map((size) =>
    part({
      partNumber: `${HR}-PC${pad(size, 2)}`,
      category: "cap",
      description: `${HR} size ${size} protective cover for bulkhead housings, IP65 when locked`,
      shellSize: String(size),
      ipRating: "IP65",
      housingMaterial: "die-cast zinc alloy, powder coated",
      sealMaterial: "NBR"
    })
  )
  const parts = [...inserts, ...contacts, ...hoods, ...housings, ...covers]
  const insertColumns = [
    col.partNumber,
    col.shell,
    col.positions,
    col.contactType,
    col.contactSize,
    col.current,
    col.voltage
  ]
  const docs: Array<Doc> = [
    datasheet({
      series: HR,
      title: "FM-HR series datasheet — heavy-duty rectangular industrial connectors",
      overview:
        "FM-HR is a modular heavy-duty rectangular system for machines, robots and control cabinets: a " +
        "male insert in a hood mates with a female insert in a bulkhead housing, locked by a lever. Sizes 6, " +
        "10, 16 and 24 take 6 to 24 contacts of 1.6 mm (16 A, 500 V) plus protective earth; size 6 also " +
        "takes a 4-position power insert with 2.5 mm contacts (40 A, 690 V). Hood and housing together " +
        "are IP65.",
      general: [
        ["Current rating", `${amps(16)} per contact (1.6 mm), ${amps(40)} per contact (2.5 mm), with the largest wire size`],
        ["Rated voltage", `${volts(500)} (1.6 mm inserts), ${volts(690)} (2.5 mm insert)`],
        ["Rated impulse voltage", "6 kV, pollution degree 3"],
        ["Temperature range", tempRange(-40, 125)],
        ["Ingress protection", "IP65 (hood on housing, lever locked)"],
        ["Durability", "500 mating cycles"],
        ["Inserts", "polycarbonate, UL 94 V-0"],
        ["Contacts", "copper alloy, silver plated, turned"],
        ["Hoods and housings", "die-cast zinc alloy, powder coated, NBR seals"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: [
        ["Ordering information — male inserts", byGender("plug"), insertColumns],
        ["Ordering information — female inserts", byGender("receptacle"), insertColumns],
        ["Crimp contacts", byCategory("contact"), crimpContactColumns],
        ["Hoods", byCategory("backshell"), accessoryColumns],
        ["Bulkhead housings", byCategory("housing"), accessoryColumns],
        ["Protective covers", byCategory("cap"), accessoryColumns]
      ],
      partNumberKey:
        "FM-HR-I10-10M reads: series FM-HR, I = insert, size 10, 10 positions (+PE), M = male (F = female). " +
        "FM-HR-I10-10M mates with FM-HR-I10-10F. Contacts: FM-HR-C16M-15 is a 1.6 mm male contact for " +
        "1.5 mm² wire. Hoods: FM-HR-H10-M25 is a size 10 hood with an M25 cable entry; FM-HR-BH10 is the " +
        "size 10 bulkhead housing and FM-HR-PC10 its protective cover.",
      extra: [
        [
          "Current by wire size",
          "The contact rating depends on the wire: " +
            table(
              ["Contact", "Wire", "Current"],
              (["16", "25"] as const).flatMap((size) =>
                hrContacts[size].wires.map((w) => [hrContacts[size].diameter, `${w.mm2} mm²`, amps(w.currentA)])
              )
            )
        ]
      ]
    }),
    assemblySpec(HR, {
      title: "FM-HR application specification — crimping, inserts, hoods and earthing",
      sections: [
        [
          "Crimping turned contacts",
          table(
            ["Contact", "Wire", "Strip length", "Crimp tool"],
            (["16", "25"] as const).flatMap((size) =>
              hrContacts[size].wires.map((w) => [
                hrContacts[size].diameter,
                `${w.mm2} mm²`,
                `${w.stripMm} mm`,
                hrContacts[size].tool.partNumber
              ])
            )
          ) +
            "\n\nThe crimp tool has a locator for each wire size; choose the locator marked with the wire " +
            "cross-section printed on the contact."
        ],
        [
          "Inserting contacts",
          "Push the crimped contact into the insert from the wiring side until it snaps. Contacts are " +
            "removed with a removal tool from the mating side."
        ],
        [
          "Protective earth",
          `Connect the PE conductor first and tighten the PE screw to ${hrTorque.peScrewNm} N·m. The PE ` +
            "contact mates first and breaks last."
        ],
        [
          "Mounting inserts, hoods and housings",
          `Insert fixing screws: ${hrTorque.insertScrewNm} N·m. Bulkhead housing screws: ${hrTorque.housingScrewNm} N·m. ` +
            "Use a cable gland matching the hood entry (M20, M25, M32 or M40) and the cable diameter; the gland " +
            "is not supplied."
        ],
        [
          "Locking",
          "Close the locking lever fully over the hood pegs. IP65 applies only with the lever closed; an " +
            "unmated housing needs its protective cover (FM-HR-PC06, FM-HR-PC10, FM-HR-PC16 or FM-HR-PC24)."
        ]
      ]
    }),
    troubleshootingGuide(HR, [
      [
        "Contacts get hot at 16 A",
        "The 16 A rating of 1.6 mm contacts needs 1.5 mm² or 2.5 mm² wire and contacts made for that wire " +
          "(FM-HR-C16M-15, FM-HR-C16M-25 and the female equivalents). A contact for 0.5 mm² wire is rated " +
          `${amps(hrContacts["16"].wires[0]!.currentA)} and one for 1 mm² wire ${amps(hrContacts["16"].wires[1]!.currentA)}.`
      ],
      [
        "Hood does not lock",
        "The hood and the housing must be the same size, and the male insert must sit in one and the female " +
          "insert in the other. Check that the insert is screwed in flat."
      ],
      [
        "Water in the housing",
        "The lever was not closed, the cable gland does not match the cable, or the housing seal is " +
          "missing. Fit the protective cover on unmated housings."
      ],
      [
        "Contact pushed back when mating",
        "The contact was not pushed in until it snapped. Remove it, check the crimp and re-insert."
      ]
    ])
  ]
  return { code: HR, name: "FM-HR heavy-duty rectangular", family: "rectangular-industrial", parts, docs }
}

// ---------------------------------------------------------------------------------------------
// FM-BB: 0.8 mm board-to-board mezzanine
// ---------------------------------------------------------------------------------------------

const BB = "FM-BB"
export const bbPositions = [20, 40, 60, 80, 100, 120] as const
export const bbStacks = [5, 8] as const
export const bbRatings = { currentA: 0.5, voltageV: 50, dataRateGbps: 16, reflowPeakC: 260, coplanarityMm: 0.1 } as const

export const fmBB = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    family: "board-to-board",
    tempMinC: -55,
    tempMaxC: 125,
    coupling: "friction",
    termination: "SMT",
    plating: "gold (0.2 µm) over nickel",
    housingMaterial: "LCP, UL 94 V-0",
    contactMaterial: "phosphor bronze",
    pitchMm: 0.8,
    currentRatingA: bbRatings.currentA,
    voltageRatingV: bbRatings.voltageV,
    ...datasheetRef(BB)
  }
  const part = seriesPart(BB, "board-to-board", base)
  const parts = bbPositions.flatMap((positions) => {
    const p = pad(positions, 3)
    const plug = part({
      partNumber: `${BB}-P${p}`,
      category: "connector",
      description: `${BB} 0.8 mm pitch mezzanine plug, ${positions} positions, SMT`,
      gender: "plug",
      contactType: "pin",
      positions,
      matingParts: bbStacks.map((h) => `${BB}-R${p}-${pad(h, 2)}`)
    })
    const receptacles = bbStacks.map((h) =>
      part({
        partNumber: `${BB}-R${p}-${pad(h, 2)}`,
        category: "connector",
        description: `${BB} 0.8 mm pitch mezzanine receptacle, ${positions} positions, ${h} mm stack height, SMT`,
        gender: "receptacle",
        contactType: "socket",
        positions,
        matingParts: [`${BB}-P${p}`]
      })
    )
    return [plug, ...receptacles]
  })
  const columns = [col.partNumber, col.gender, col.positions, ["Stack height", (p: PartRecord) => (p.gender === "receptacle" ? `${Number(p.partNumber.slice(-2))} mm` : "—")] as const, col.current, col.voltage]
  const docs: Array<Doc> = [
    datasheet({
      series: BB,
      title: "FM-BB series datasheet — 0.8 mm pitch board-to-board mezzanine connectors",
      overview:
        "FM-BB connects two parallel PCBs at 0.8 mm pitch. One plug mates with a receptacle for a 5 mm or " +
        `an 8 mm stack height. Contacts carry ${amps(bbRatings.currentA)} each at ${volts(bbRatings.voltageV)} and ` +
        `support ${bbRatings.dataRateGbps} Gbit/s differential signalling. The parts are SMT with pick-and-place caps ` +
        "and are not sealed (no IP rating).",
      general: [
        ["Pitch", "0.8 mm, two rows"],
        ["Current rating", `${amps(bbRatings.currentA)} per contact`],
        ["Voltage rating", `${volts(bbRatings.voltageV)} AC`],
        ["Data rate", `${bbRatings.dataRateGbps} Gbit/s`],
        ["Temperature range", tempRange(-55, 125)],
        ["Durability", "100 mating cycles"],
        ["Stack heights", "5 mm and 8 mm"],
        ["Housing", "LCP, UL 94 V-0"],
        ["Contacts", "phosphor bronze, gold (0.2 µm) over nickel in the contact area"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: [
        ["Ordering information — plugs", byGender("plug"), columns],
        ["Ordering information — receptacles", byGender("receptacle"), columns]
      ],
      partNumberKey:
        "FM-BB-P080 is an 80-position plug. FM-BB-R080-05 is the 80-position receptacle for a 5 mm stack " +
        "height, FM-BB-R080-08 for 8 mm. Every plug mates with both receptacles of the same position count."
    }),
    assemblySpec(BB, {
      title: "FM-BB PCB layout and soldering specification",
      sections: [
        [
          "PCB footprint",
          "Pads 0.45 mm x 1.6 mm at 0.8 mm pitch; stencil 0.12 mm. Keep the two locating pegs' holes at " +
            "1.1 mm diameter, non-plated."
        ],
        [
          "Reflow soldering",
          `Peak temperature ${bbRatings.reflowPeakC} °C for at most 10 s, two reflow passes maximum. ` +
            `Coplanarity of the terminals is ${bbRatings.coplanarityMm} mm.`
        ],
        [
          "Mating",
          "Align the boards within ±0.3 mm before pressing; mate and unmate straight, never by rocking. Use " +
            "standoffs of the stack height (5 mm or 8 mm) so the connector does not carry the board."
        ]
      ]
    }),
    troubleshootingGuide(BB, [
      [
        "Open contacts after reflow",
        `Check coplanarity (${bbRatings.coplanarityMm} mm), stencil thickness and the peak temperature ` +
          `(${bbRatings.reflowPeakC} °C). Board warp over 0.1 mm across the connector causes opens.`
      ],
      [
        "Boards separate under vibration",
        "FM-BB holds by friction only. Fix the boards with standoffs and screws at the stack height."
      ],
      [
        "Wrong stack height",
        "The stack height is set by the receptacle: -05 gives 5 mm, -08 gives 8 mm with the same plug."
      ]
    ])
  ]
  return { code: BB, name: "FM-BB board-to-board", family: "board-to-board", parts, docs }
}

// ---------------------------------------------------------------------------------------------
// FM-WB: 2.0 mm wire-to-board
// ---------------------------------------------------------------------------------------------

const WB = "FM-WB"
export const wbPositions = [2, 3, 4, 5, 6, 8, 10, 12] as const
export const wbContacts = {
  CS26: { wire: "26-30 AWG", crimpHeightMm: 0.7, pullOutN: 15, stripMm: 2 },
  CS22: { wire: "22-26 AWG", crimpHeightMm: 0.85, pullOutN: 35, stripMm: 2 }
} as const
export const wbRatings = { currentA: 3, voltageV: 250, waveSolderC: 260 } as const

export const fmWB = (): SeriesOutput => {
  const base: Partial<PartRecord> = {
    tempMinC: -40,
    tempMaxC: 105,
    coupling: "friction latch",
    plating: "tin",
    housingMaterial: "PA66, UL 94 V-0",
    contactMaterial: "phosphor bronze",
    pitchMm: 2,
    contactSize: "2.0 mm",
    currentRatingA: wbRatings.currentA,
    voltageRatingV: wbRatings.voltageV,
    ...datasheetRef(WB)
  }
  const part = seriesPart(WB, "wire-to-board", base)
  const contactPns = Object.keys(wbContacts).map((c) => `${WB}-${c}`)
  const connectors = wbPositions.flatMap((positions) => {
    const p = pad(positions, 2)
    return [
      part({
        partNumber: `${WB}-H${p}`,
        category: "connector",
        description: `${WB} 2.0 mm crimp housing, ${positions} positions, with latch`,
        gender: "plug",
        contactType: "socket",
        positions,
        termination: "crimp",
        matingParts: [`${WB}-V${p}`, `${WB}-A${p}`],
        compatibleContacts: contactPns,
        crimpTools: [tools.w1.partNumber]
      }),
      ...(["V", "A"] as const).map((style) =>
        part({
          partNumber: `${WB}-${style}${p}`,
          category: "connector",
          description: `${WB} 2.0 mm ${style === "V" ? "vertical" : "right-angle"} PCB header, ${positions} positions, through-hole`,
          gender: "header",
          contactType: "pin",
          positions,
          termination: "through-hole",
          matingParts: [`${WB}-H${p}`]
        })
      )
    ]
  })
  const contacts = (Object.keys(wbContacts) as Array<keyof typeof wbContacts>).map((code) =>
    part({
      partNumber: `${WB}-${code}`,
      category: "contact",
      description: `${WB} open-barrel crimp socket contact, ${wbContacts[code].wire}, tin plated`,
      gender: "socket",
      wireRange: wbContacts[code].wire,
      termination: "crimp",
      housingMaterial: null,
      crimpTools: [tools.w1.partNumber]
    })
  )
  const parts = [...connectors, ...contacts]
  const columns = [col.partNumber, col.description, col.positions, col.current, col.voltage]
  const docs: Array<Doc> = [
    datasheet({
      series: WB,
      title: "FM-WB series datasheet — 2.0 mm pitch wire-to-board connectors",
      overview:
        "FM-WB connects discrete wires to a PCB at 2.0 mm pitch: a latching crimp housing on the wires " +
        "mates with a vertical or right-angle through-hole header. 2 to 12 positions, " +
        `${amps(wbRatings.currentA)} per contact, ${volts(wbRatings.voltageV)}. Not sealed.`,
      general: [
        ["Pitch", "2.0 mm, single row"],
        ["Current rating", `${amps(wbRatings.currentA)} per contact`],
        ["Voltage rating", `${volts(wbRatings.voltageV)} AC/DC`],
        ["Temperature range", tempRange(-40, 105)],
        ["Wire range", "22-30 AWG (two contact variants)"],
        ["Durability", "30 mating cycles"],
        ["Housing", "PA66, UL 94 V-0"],
        ["Contacts", "phosphor bronze, tin plated"],
        ["RoHS / REACH", "compliant / compliant"]
      ],
      parts,
      ordering: [
        ["Ordering information — crimp housings", byGender("plug"), columns],
        ["Ordering information — PCB headers", byGender("header"), columns],
        ["Crimp contacts", byCategory("contact"), [col.partNumber, col.wire, col.current, col.tools]]
      ],
      partNumberKey:
        "FM-WB-H06 is a 6-position crimp housing; FM-WB-V06 and FM-WB-A06 are the vertical and right-angle " +
        "6-position headers it mates with. Socket contacts: FM-WB-CS26 (26-30 AWG) and FM-WB-CS22 (22-26 AWG), " +
        "crimped with FM-TC-W1."
    }),
    assemblySpec(WB, {
      title: "FM-WB application specification — crimping and PCB assembly",
      sections: [
        [
          "Crimping",
          table(
            ["Contact", "Wire range", "Strip length", "Crimp height", "Minimum pull-out force"],
            (Object.keys(wbContacts) as Array<keyof typeof wbContacts>).map((code) => [
              `${WB}-${code}`,
              wbContacts[code].wire,
              `${wbContacts[code].stripMm} mm`,
              `${wbContacts[code].crimpHeightMm} mm`,
              `${wbContacts[code].pullOutN} N`
            ])
          ) + "\n\nCrimp with FM-TC-W1 only; measure crimp height with a crimp micrometer on the first piece of every batch."
        ],
        [
          "Header soldering",
          `Wave solder at ${wbRatings.waveSolderC} °C for at most 5 s. The headers are not reflow-capable.`
        ],
        [
          "Mating",
          "Push the housing onto the header until the latch clicks; press the latch to release. Do not pull on the wires."
        ]
      ]
    }),
    troubleshootingGuide(WB, [
      [
        "Wires pull out of the contacts",
        "Check crimp height against as-fm-wb (" +
          `${wbContacts.CS26.crimpHeightMm} mm for FM-WB-CS26, ${wbContacts.CS22.crimpHeightMm} mm for FM-WB-CS22) ` +
          "and that the wire gauge matches the contact."
      ],
      [
        "Housing does not latch",
        "The housing and header must have the same number of positions; check for a contact not fully " +
          "seated, which keeps the housing from seating."
      ],
      [
        "Header melts during soldering",
        `The headers are for wave soldering (${wbRatings.waveSolderC} °C, 5 s), not reflow.`
      ]
    ])
  ]
  return { code: WB, name: "FM-WB wire-to-board", family: "wire-to-board", parts, docs }
}
