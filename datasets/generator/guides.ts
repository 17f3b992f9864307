/** Cross-series documents (FAQs and application notes) built from the same data as the catalog. */
import { amps, makeDoc, table, tempRange, thousands } from "./common.js"
import { cbCouplingTorqueNm, ctShells, milContacts, msTorque, ppSizes } from "./circular.js"
import type { Doc, PartRecord } from "./model.js"
import { hvRatings, hvSpec, pxSizes } from "./power.js"
import { hrContacts, hrTorque } from "./rectangular.js"
import { qnSpec, qsSpec } from "./rf.js"
import { asContacts, flModes } from "./sealed.js"
import type { SeriesOutput } from "./series.js"
import { tools, toolService } from "./tools.js"

const unique = <A>(xs: ReadonlyArray<A>): Array<A> => [...new Set(xs)]

const connectorsOf = (s: SeriesOutput) => s.parts.filter((p) => p.category === "connector")

const ipSummary = (s: SeriesOutput): string => {
  const ips = unique(connectorsOf(s).map((p) => p.ipRating ?? "none"))
  return ips.join(" / ")
}
const tempSummary = (s: SeriesOutput): string => {
  const ranges = unique(
    connectorsOf(s)
      .filter((p) => p.tempMinC !== null && p.tempMaxC !== null)
      .map((p) => tempRange(p.tempMinC!, p.tempMaxC!))
  )
  return ranges.join("; ")
}
const currentSummary = (s: SeriesOutput): string => {
  const values = unique(connectorsOf(s).flatMap((p) => (p.currentRatingA === null ? [] : [p.currentRatingA]))).sort(
    (a, b) => a - b
  )
  if (values.length === 0) return "—"
  return values.length === 1 ? amps(values[0]!) : `${amps(values[0]!)} to ${amps(values[values.length - 1]!)}`
}
const positionSummary = (s: SeriesOutput): string => {
  const values = unique(connectorsOf(s).flatMap((p) => (p.positions === null ? [] : [p.positions]))).sort((a, b) => a - b)
  return values.length === 1 ? String(values[0]) : `${values[0]} to ${values[values.length - 1]}`
}

export const guideDocs = (series: ReadonlyArray<SeriesOutput>, allParts: ReadonlyArray<PartRecord>): ReadonlyArray<Doc> => {
  const byCode = (code: string) => series.find((s) => s.code === code)!
  const docs: Array<Doc> = []

  // --- application notes ---------------------------------------------------------------------
  docs.push(
    makeDoc({
      path: "notes/an-ip-ratings.md",
      id: "an-ip-ratings",
      title: "Ingress protection (IP) ratings explained",
      kind: "application_note",
      intro:
        "An IP code (IEC 60529) has two digits: the first for protection against solids and dust (6 = dust-tight), " +
        "the second against water. IP65: water jets. IP67: temporary immersion, 1 m for 30 min. IP68: continuous " +
        "immersion under conditions stated by the manufacturer (deeper or longer than IP67). IP69K / IP6K9K " +
        "(ISO 20653): high-pressure, high-temperature wash-down. A higher second digit does not automatically " +
        "include the lower tests: IP68 is not a promise of jet resistance.",
      sections: [
        [
          "Ratings by series",
          table(
            ["Series", "Family", "IP rating (connectors)"],
            series.filter((s) => s.code !== "FM-TC").map((s) => [s.code, s.name, ipSummary(s)])
          )
        ],
        [
          "When does the rating apply?",
          "FitMate IP ratings apply to mated pairs assembled to the application specification (correct wire " +
            "insulation diameter, sealing plugs in unused cavities, backshells and glands tightened), or to " +
            "unmated connectors fitted with their caps. An unmated connector without a cap is not sealed."
        ],
        [
          "Waterproof, water resistant, sealed",
          "Customers often ask whether a connector is waterproof. FitMate uses IP codes instead: IP67 and IP68 " +
            "connectors are suitable for immersion, IP65 for spray and jets, IP6K9K for pressure washing. " +
            "FM-BB, FM-WB and FM-QB are not sealed."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "notes/an-part-numbering.md",
      id: "an-part-numbering",
      title: "How to read FitMate part numbers",
      kind: "application_note",
      intro:
        "Every FitMate part number starts with FM, then the series code (two letters), then fields separated " +
        "by dashes. Dashes, spaces, slashes and letter case do not matter when you search: FM-CT-R13-22P, " +
        "fmct r13 22p and FM/CT/R13/22P are the same part.",
      sections: [
        [
          "Series codes",
          table(
            ["Code", "Series", "Parts in catalog"],
            series.map((s) => [s.code, s.name, String(s.parts.length)])
          )
        ],
        ...series
          .filter((s) => s.code !== "FM-TC")
          .map((s): readonly [string, string] => {
            const ds = s.docs.find((d) => d.kind === "datasheet")!
            const key = ds.body.split("## Part number key\n\n")[1]!.split("\n\n## ")[0]!.trim()
            return [`${s.code} part numbers`, key]
          })
      ]
    })
  )

  const nonCompliant = allParts.filter((p) => !p.rohs)
  docs.push(
    makeDoc({
      path: "notes/an-rohs-reach.md",
      id: "an-rohs-reach",
      title: "RoHS and REACH compliance of FitMate products",
      kind: "application_note",
      intro:
        `All FitMate parts are RoHS (EU 2011/65/EU with 2015/863) and REACH compliant except ${nonCompliant.length} ` +
        "FM-CB parts with olive drab cadmium finish (part numbers ending in -C). Those contain cadmium, which is " +
        "restricted under RoHS and is a REACH SVHC above 0.1 % by weight.",
      sections: [
        [
          "Compliance by series",
          table(
            ["Series", "Parts", "RoHS compliant", "REACH compliant"],
            series.map((s) => [
              s.code,
              String(s.parts.length),
              String(s.parts.filter((p) => p.rohs).length),
              String(s.parts.filter((p) => p.reach).length)
            ])
          )
        ],
        [
          "Parts that are not compliant",
          "The FM-CB connectors with finish code C: " + nonCompliant.map((p) => p.partNumber).join(", ") + "."
        ],
        [
          "Declarations",
          "Signed declarations of conformity per part are issued by FitMate quality on request; ask an " +
            "engineer in the chat or use the contact form."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "notes/an-crimp-tool-calibration.md",
      id: "an-crimp-tool-calibration",
      title: "Crimp tool calibration and crimp quality checks",
      kind: "application_note",
      sections: [
        [
          "Calibration interval",
          `Check FitMate hand crimp tools every ${toolService.calibrationMonths} months or ` +
            `${thousands(toolService.handToolCycles)} cycles, whichever comes first, with the go/no-go gauge ` +
            `of the tool. Service the hydraulic FM-TC-P1 every ${thousands(toolService.hydraulicServiceCycles)} cycles.`
        ],
        [
          "First-piece checks",
          "At the start of every batch crimp one sample, measure the pull-out force against the application " +
            "specification of the series and cut a cross-section when a new wire type is introduced."
        ],
        [
          "Pull-out forces (minimum)",
          table(
            ["Series", "Contact", "Minimum pull-out force"],
            [
              ...(["22D", "20", "16", "12"] as const).map((s) => ["FM-CT / FM-CB", `size ${s}`, `${milContacts[s].pullOutN} N`]),
              ...(["16", "20"] as const).flatMap((size) =>
                asContacts[size].wires.map((w) => ["FM-AS", `size ${size}, ${w.wire}`, `${w.pullOutN} N`])
              )
            ]
          )
        ],
        [
          "Third-party tools",
          "Only FM-TC tools are qualified for FitMate contacts. Crimps made with other tools are not covered by " +
            "the warranty (see pol-warranty)."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "notes/an-temperature-derating.md",
      id: "an-temperature-derating",
      title: "Current derating with ambient temperature",
      kind: "application_note",
      intro:
        "Current ratings in FitMate datasheets are per contact at +25 °C ambient with all contacts loaded. " +
        "The contact heats up with current; the sum of ambient temperature and self-heating must stay below the " +
        "upper temperature limit of the series.",
      sections: [
        [
          "Rule of thumb",
          "Above +25 °C ambient, reduce the current so that the temperature rise stays within the margin " +
            "between ambient and the series upper limit. Typical values: at 80 % of the upper limit use 70 % of the " +
            "rated current; at 90 % use 50 %. Bundles with more than 10 loaded contacts need an engineering review."
        ],
        [
          "Temperature ranges by series",
          table(
            ["Series", "Operating temperature", "Current per contact"],
            series.filter((s) => s.code !== "FM-TC").map((s) => [s.code, tempSummary(s) || "—", currentSummary(s)])
          )
        ],
        [
          "When to ask an engineer",
          "Derating curves for a specific harness, safety-relevant loads and anything above the catalog ratings " +
            "are reviewed by a FitMate application engineer."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "notes/an-contact-ratings.md",
      id: "an-contact-ratings",
      title: "Contact current ratings across FitMate series",
      kind: "application_note",
      sections: [
        [
          "Machined MIL-style contacts (FM-CT, FM-CB)",
          table(
            ["Size", "Current", "Wire range", "Crimp tool"],
            (["22D", "20", "16", "12"] as const).map((s) => [
              s,
              amps(milContacts[s].currentA),
              milContacts[s].wire,
              milContacts[s].tool.partNumber
            ])
          ) + "\n\nFM-CT uses sizes 22D, 20 and 16; FM-CB uses sizes 20, 16 and 12."
        ],
        [
          "Heavy-duty turned contacts (FM-HR)",
          table(
            ["Contact", "Wire", "Current"],
            (["16", "25"] as const).flatMap((size) =>
              hrContacts[size].wires.map((w) => [hrContacts[size].diameter, `${w.mm2} mm²`, amps(w.currentA)])
            )
          )
        ],
        [
          "Sealed automotive contacts (FM-AS)",
          `Size 16: ${amps(asContacts["16"].currentA)}; size 20: ${amps(asContacts["20"].currentA)}.`
        ],
        [
          "Power and high-voltage contacts (FM-PX, FM-HV)",
          table(
            ["Series", "Cable", "Current"],
            [
              ...([1, 2, 3, 4] as const).flatMap((size) =>
                pxSizes[size].wires.map((w) => [`FM-PX size ${size}`, `${w.mm2} mm²`, amps(w.currentA)])
              ),
              ...(["40", "80"] as const).flatMap((r) =>
                hvRatings[r].wires.map((w) => [`FM-HV ${hvRatings[r].contact}`, `${w.mm2} mm²`, amps(w.currentA)])
              )
            ]
          )
        ],
        [
          "Miniature contacts (FM-PP, FM-MS)",
          `FM-PP: size 1 ${amps(ppSizes[1].currentA)}, size 2 ${amps(ppSizes[2].currentA)}, size 3 ${amps(ppSizes[3].currentA)} per contact. ` +
            "FM-MS: 4 A (A-coded 3 to 5 positions and D-coded), 2 A (8 positions), 1.5 A (12 positions), 0.5 A (X-coded)."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "notes/an-torque-summary.md",
      id: "an-torque-summary",
      title: "Tightening torques for FitMate connectors and accessories",
      kind: "application_note",
      intro:
        "Use a calibrated torque wrench. Values are nominal; the application specification of each series is " +
        "the reference.",
      sections: [
        [
          "FM-CT backshells",
          table(
            ["Shell size", "Backshell torque"],
            Object.entries(ctShells).map(([shell, v]) => [shell, `${v.torqueNm} N·m`])
          )
        ],
        [
          "Couplings",
          table(
            ["Series", "Coupling", "Torque"],
            [
              ["FM-CB", "bayonet (maximum)", `${cbCouplingTorqueNm} N·m`],
              ["FM-MS", "M12 coupling nut (hand-tight)", `${msTorque.couplingNm} N·m`],
              ["FM-QS", "SMA-style coupling nut", `${qsSpec.torqueNm} N·m`],
              ["FM-QN", "N-style coupling nut", `${qnSpec.torqueNm} N·m`]
            ]
          )
        ],
        [
          "Panel and terminal screws",
          table(
            ["Series", "Item", "Torque"],
            [
              ["FM-MS", "panel nut", `${msTorque.panelNutNm} N·m`],
              ["FM-MS", "screw terminal", `${msTorque.screwTerminalNm} N·m`],
              ...([1, 2, 3] as const).map((s) => ["FM-PP", `panel nut, size ${s}`, `${ppSizes[s].nutNm} N·m`]),
              ["FM-HR", "insert screws", `${hrTorque.insertScrewNm} N·m`],
              ["FM-HR", "PE screw", `${hrTorque.peScrewNm} N·m`],
              ["FM-HR", "bulkhead housing screws", `${hrTorque.housingScrewNm} N·m`],
              ...([1, 2, 3, 4] as const).map((s) => ["FM-PX", `${pxSizes[s].stud} stud nut, size ${s}`, `${pxSizes[s].studNm} N·m`]),
              ["FM-HV", "shield clamp screws", `${hvSpec.shieldClampNm} N·m`]
            ]
          )
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "notes/an-wire-gauge.md",
      id: "an-wire-gauge",
      title: "Wire gauge conversion: AWG and mm²",
      kind: "application_note",
      sections: [
        [
          "Conversion table",
          table(
            ["AWG", "Cross-section", "Nearest metric size"],
            [
              ["28", "0.08 mm²", "0.08 mm²"],
              ["26", "0.13 mm²", "0.14 mm²"],
              ["24", "0.20 mm²", "0.25 mm²"],
              ["22", "0.33 mm²", "0.34 mm²"],
              ["20", "0.52 mm²", "0.5 mm²"],
              ["18", "0.82 mm²", "0.75 mm²"],
              ["16", "1.31 mm²", "1.5 mm²"],
              ["14", "2.08 mm²", "2.5 mm²"],
              ["12", "3.31 mm²", "4 mm²"],
              ["10", "5.26 mm²", "6 mm²"]
            ]
          )
        ],
        [
          "Choosing a contact for your wire",
          "Pick the contact whose wire range includes your wire and whose seal range includes the insulation " +
            "diameter. Metric wire in an AWG-rated contact: use the nearest size in the table and check the " +
            "pull-out force after crimping."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "notes/an-series-selection.md",
      id: "an-series-selection",
      title: "Selecting a FitMate connector series",
      kind: "application_note",
      intro:
        "Start from the environment (sealing, temperature, vibration), then the electrical load (current per " +
        "contact, voltage, signal type) and the number of positions.",
      sections: [
        [
          "Series overview",
          table(
            ["Series", "Family", "Positions", "Current per contact", "IP rating", "Temperature"],
            series
              .filter((s) => s.code !== "FM-TC")
              .map((s) => [s.code, s.name, positionSummary(s), currentSummary(s), ipSummary(s), tempSummary(s)])
          )
        ],
        [
          "Rules of thumb",
          "Sealed and rugged circular: FM-CT (threaded, IP68, to +175 °C) or FM-CB (bayonet, IP67). Sensors and " +
            "fieldbus: FM-MS. Frequent mating in medical or test equipment: FM-PP. Machines and cabinets: FM-HR. " +
            "PCB to PCB: FM-BB. Wires to PCB inside a housing: FM-WB. RF: FM-QS to 18 GHz, FM-QN outdoors, FM-QB " +
            "for instruments and video. High current: FM-PX. Vehicles: FM-AS, and FM-HV for high voltage. " +
            "Fiber: FM-FL."
        ],
        [
          "Custom designs",
          "Special arrangements, overmoulded cable assemblies and modified parts are custom designs handled by " +
            "FitMate engineers (see pol-custom-designs)."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "notes/an-plating-selection.md",
      id: "an-plating-selection",
      title: "Contact plating and shell finish selection",
      kind: "application_note",
      sections: [
        [
          "Contact plating",
          "Gold: low, stable contact resistance for signals and many mating cycles (FM-CT, FM-CB, FM-MS, FM-PP, " +
            "FM-BB, FM-QS, FM-QN, FM-QB). Silver: high currents (FM-HR, FM-PX, FM-HV). Tin: low-cost, few mating " +
            "cycles (FM-WB, 30 cycles). Nickel: sealed automotive solid contacts (FM-AS)."
        ],
        [
          "Never mix gold and tin",
          "A gold contact mated with a tin contact corrodes by fretting. Always mate parts of the same series."
        ],
        [
          "Shell finishes",
          "Electroless nickel (FM-CT): 500 h salt spray, conductive. Black zinc-nickel (FM-CB -Z): 1000 h salt " +
            "spray, RoHS compliant. Olive drab cadmium (FM-CB -C): legacy military, not RoHS compliant."
        ]
      ]
    })
  )

  // --- FAQs ------------------------------------------------------------------------------------
  const ct = byCode("FM-CT")
  docs.push(
    makeDoc({
      path: "faq/faq-general.md",
      id: "faq-general",
      title: "FitMate general FAQ",
      kind: "faq",
      sections: [
        [
          "How do I read a part number?",
          "FM, then the series code, then dash-separated fields. See an-part-numbering for every series. " +
            "Letter case, spaces, dashes and slashes are ignored when you search."
        ],
        [
          "Where do I find datasheets and CAD models?",
          "Every series has a datasheet (ds-fm-xx) and an application specification (as-fm-xx) at " +
            "docs.fitmate.example. 3D models are available for every connector part number on request."
        ],
        [
          "Are FitMate parts RoHS compliant?",
          "Yes, all except the FM-CB parts with cadmium finish (ending in -C). See an-rohs-reach."
        ],
        [
          "Can I use contacts from one series in another?",
          "No. Contacts are specific to their series even when the size is the same (FM-CT and FM-CB size 20 " +
            "contacts differ in the retention clip). Use the contacts listed for the connector."
        ],
        [
          "Do FitMate connectors mate with other manufacturers' connectors?",
          "FitMate does not guarantee intermateability with any other brand. Interfaces named 'SMA-style', " +
            "'N-style', 'BNC-style' and 'M12-style' follow the public interface dimensions, but only FitMate-to-" +
            "FitMate mating is tested and covered."
        ],
        [
          "Can I get prices, quotes or delivery dates in the chat?",
          "Prices, quotes, lead times and orders are handled by FitMate sales engineers, not by the assistant. " +
            "Ask for a person in the chat (see pol-pricing-quotes and pol-lead-times)."
        ],
        [
          "How many parts are in the catalog?",
          `The FitMate catalog holds ${allParts.length} parts in ${series.length} series, for example ` +
            `${ct.parts.length} in FM-CT.`
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "faq/faq-circular.md",
      id: "faq-circular",
      title: "FAQ — circular connectors (FM-CT, FM-CB, FM-MS, FM-PP)",
      kind: "faq",
      series: ["FM-CT", "FM-CB", "FM-MS", "FM-PP"],
      sections: [
        [
          "Threaded or bayonet: FM-CT or FM-CB?",
          "FM-CT (threaded) resists vibration best, is IP68 and runs to +175 °C. FM-CB (bayonet) couples with " +
            "a quarter turn, is IP67 and offers size 12 contacts for 23 A."
        ],
        [
          "Does the receptacle or the plug have the pins?",
          "Either: FM-CT and FM-CB receptacles and plugs are each available with pin (P) or socket (S) contacts. " +
            "A pin receptacle mates with a socket plug of the same shell size and arrangement."
        ],
        [
          "Which backshell fits FM-CT shell 13?",
          "FM-CT-B13-S (straight) or FM-CT-B13-A (90°), for cable of " + ctShells[13]!.cable +
            `; tighten to ${ctShells[13]!.torqueNm} N·m.`
        ],
        [
          "Can FM-MS A-coded and D-coded connectors mate?",
          "No. The coding key prevents mating between A, D and X codings."
        ],
        [
          "How do I unplug an FM-PP connector?",
          "Pull the outer release sleeve of the plug. Pulling the cable does not unlatch it."
        ],
        [
          "What is the highest current in a circular FitMate connector?",
          `Size 12 contacts of FM-CB: ${amps(milContacts["12"].currentA)} per contact. FM-PP size 3: ${amps(ppSizes[3].currentA)}.`
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "faq/faq-rectangular.md",
      id: "faq-rectangular",
      title: "FAQ — rectangular and PCB connectors (FM-HR, FM-BB, FM-WB)",
      kind: "faq",
      series: ["FM-HR", "FM-BB", "FM-WB"],
      sections: [
        [
          "Which hood do I need for an FM-HR insert?",
          "A hood of the same size with the cable entry you need, e.g. FM-HR-H10-M25 or FM-HR-H10-M32 for size " +
            "10. The mating side uses the bulkhead housing FM-HR-BH10."
        ],
        [
          "Does FM-HR really carry 16 A?",
          "Yes, with 1.5 mm² or 2.5 mm² wire and the matching contacts. With 0.5 mm² wire the contact is rated " +
            `${amps(hrContacts["16"].wires[0]!.currentA)}.`
        ],
        [
          "Which FM-BB receptacle gives a 5 mm stack?",
          "The receptacles ending in -05, e.g. FM-BB-R080-05 with the plug FM-BB-P080."
        ],
        [
          "Can FM-WB headers be reflow soldered?",
          "No. FM-WB headers are for wave soldering only."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "faq/faq-rf.md",
      id: "faq-rf",
      title: "FAQ — RF coaxial connectors (FM-QS, FM-QN, FM-QB)",
      kind: "faq",
      series: ["FM-QS", "FM-QN", "FM-QB"],
      sections: [
        [
          "What torque for SMA-style and N-style couplings?",
          `FM-QS: ${qsSpec.torqueNm} N·m (${qsSpec.torqueRange}). FM-QN: ${qnSpec.torqueNm} N·m.`
        ],
        [
          "Up to which frequency can I use FM-QS?",
          "18 GHz with semi-rigid cable and panel or edge-launch jacks; the surface-mount jack to 12.4 GHz; " +
            "plugs on flexible RG-316 to 6 GHz and on RG-174 to 3 GHz."
        ],
        [
          "Can I mix 50 Ω and 75 Ω BNC-style parts?",
          "They mate mechanically but the mismatch causes reflections. Use P75/J75 parts for 75 Ω video."
        ],
        [
          "Which crimp tool for RG-316?",
          `${tools.q1.partNumber} with the 0.128 in hex die.`
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "faq/faq-power.md",
      id: "faq-power",
      title: "FAQ — power and high-voltage connectors (FM-PX, FM-HV)",
      kind: "faq",
      series: ["FM-PX", "FM-HV"],
      sections: [
        [
          "Can I unplug FM-PX or FM-HV under load?",
          "No. Neither series has breaking capacity. De-energise first; FM-HV has an HVIL circuit that signals " +
            "the system to shut down before the power contacts separate."
        ],
        [
          "Which FM-PX size for 150 A?",
          `Size 3 (${amps(pxSizes[3].currentA)} with 70 mm² cable); with 50 mm² cable size 3 is rated ${amps(pxSizes[3].wires[0]!.currentA)}.`
        ],
        [
          "What is HVIL?",
          `The high-voltage interlock loop: a low-voltage circuit through the connector that opens at least ${hvSpec.hvilLeadMm} mm ` +
            "before the power contacts separate."
        ],
        [
          "Is FM-HV approved for my vehicle?",
          "Approval for a specific vehicle or safety case is reviewed by a FitMate application engineer."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "faq/faq-automotive.md",
      id: "faq-automotive",
      title: "FAQ — sealed automotive connectors (FM-AS)",
      kind: "faq",
      series: ["FM-AS"],
      sections: [
        [
          "What does key A or key B mean?",
          "Keys let two connectors with the same position count sit side by side: A (grey) mates only with A, " +
            "B (black) only with B."
        ],
        [
          "Is FM-AS suitable for pressure washing?",
          "Yes: IP68 and IP6K9K when mated, with unused cavities plugged."
        ],
        [
          "Which contact for 18 AWG wire?",
          "Size 16 contacts for 18-20 AWG: FM-AS-C16P-18 (pin) or FM-AS-C16S-18 (socket)."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "faq/faq-fiber.md",
      id: "faq-fiber",
      title: "FAQ — fiber optic connectors (FM-FL)",
      kind: "faq",
      series: ["FM-FL"],
      sections: [
        [
          "Single-mode or multimode?",
          "Order -SM parts for OS2 single-mode fiber and -MM parts for OM4 multimode. They do not mate with each other."
        ],
        [
          "What insertion loss should I expect?",
          `${flModes.SM.insertionLossDb} dB maximum per single-mode channel, ${flModes.MM.insertionLossDb} dB maximum per multimode channel, with clean end faces.`
        ],
        [
          "How often must I clean the termini?",
          "Before every mating, with FM-TC-F2."
        ]
      ]
    })
  )

  docs.push(
    makeDoc({
      path: "faq/faq-crimping.md",
      id: "faq-crimping",
      title: "FAQ — crimping and tools",
      kind: "faq",
      sections: [
        [
          "Which crimp tool do I need?",
          "The tool listed for the contact in its datasheet: " +
            Object.values(tools)
              .filter((t) => t.crimp)
              .map((t) => `${t.partNumber} for ${t.use}`)
              .join("; ") +
            "."
        ],
        [
          "Can I use a crimp tool from another brand?",
          "Only FM-TC tools are qualified; crimps made with other tools are not covered by the warranty."
        ],
        [
          "How often should crimp tools be calibrated?",
          `Every ${toolService.calibrationMonths} months or ${thousands(toolService.handToolCycles)} cycles (an-crimp-tool-calibration).`
        ],
        [
          "Can I solder a crimp contact?",
          "No. Crimp contacts are qualified for crimping only; soldering makes the wire stiff behind the barrel and voids the ratings."
        ]
      ]
    })
  )

  return docs
}
