/** The import format in isolation: CSV reading, JSON line mapping, front matter, chunking. */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { decodeCsvCatalog, decodeJsonCatalog } from "../../src/knowledge/CatalogFile.js"
import { chunkMarkdown } from "../../src/knowledge/Chunker.js"
import { parseCsv } from "../../src/knowledge/Csv.js"
import { decodeSourceFile } from "../../src/knowledge/SourceDocument.js"

const header = "partNumber,series,family,category,description,currentRatingA,matingParts,rohs"

describe("import format", () => {
  it.effect("CSV: quoted commas, doubled quotes, line breaks inside quotes, CRLF, BOM, blank lines", () =>
    Effect.sync(() => {
      const result = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\n')
      assert.deepStrictEqual(result, {
        _tag: "Ok",
        records: [
          { line: 1, cells: ["a", "b"] },
          { line: 2, cells: ["x, y", 'say "hi"'] },
          { line: 4, cells: ["multi\nline", "z"] }
        ]
      })
      assert.deepStrictEqual(parseCsv('a\n"never closed\n'), { _tag: "Error", line: 2, message: "a quoted field is never closed" })
    }))

  it.effect("CSV catalog: typed cells, lists, unknown columns and bad values located by line and field", () =>
    Effect.sync(() => {
      const good = decodeCsvCatalog(
        "c.csv",
        `${header}\nFM-XX-1,FM-XX,circular-mil,connector,"A plug, round",7.5,FM-XX-2|FM-XX-3,true\n`
      )
      assert.deepStrictEqual(good.problems, [])
      const part = good.parts[0]!.part
      assert.deepStrictEqual([part.currentRatingA, part.matingParts, part.rohs, part.gender], [7.5, ["FM-XX-2", "FM-XX-3"], true, null])

      const bad = decodeCsvCatalog(
        "c.csv",
        `${header}\nFM-XX-1,FM-XX,circular-mil,connector,ok,ten,,yes\nFM-XX-2,FM-XX,Circular,gadget,ok,,,\nFM-XX-3,FM-XX\n`
      )
      assert.deepStrictEqual(
        bad.problems.map((p) => `${p.line}:${p.field}`),
        ["2:currentRatingA", "2:rohs", "3:family", "3:category", "4:null"]
      )
      assert.include(bad.problems[0]!.message, 'actual "ten"')
      assert.deepStrictEqual(bad.refused, ["FM-XX-1", "FM-XX-2"])

      const unknown = decodeCsvCatalog("c.csv", "partNumber,series,family,category,description,colour\n")
      assert.deepStrictEqual(unknown.problems.map((p) => [p.line, p.field, p.message]), [[1, "colour", "unknown column"]])
    }))

  it.effect("JSON catalog: a pretty-printed record's problem names the line of the field", () =>
    Effect.sync(() => {
      const text = JSON.stringify(
        [
          { partNumber: "FM-XX-1", series: "FM-XX", family: "power", category: "connector", description: "one" },
          { partNumber: "FM-XX-2", series: "FM-XX", family: "power", category: "connector", description: "two", tempMinC: 50, tempMaxC: 20, colour: "red" }
        ],
        null,
        2
      )
      const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1
      const result = decodeJsonCatalog("p.json", text)
      assert.deepStrictEqual(result.parts.map((p) => [p.part.partNumber, p.line]), [["FM-XX-1", 2]])
      assert.deepStrictEqual(result.problems.map((p) => [p.line, p.field, p.message]), [[lineOf('"colour"'), "colour", "unknown field"]])
      const order = decodeJsonCatalog("p.json", text.replace(',\n    "colour": "red"', ""))
      assert.deepStrictEqual(order.problems.map((p) => [p.line, p.field]), [[lineOf('"tempMinC"'), "tempMinC"]])
      const syntax = decodeJsonCatalog("p.json", '[\n{"partNumber": "a"},\n{"partNumber": }\n]').problems[0]!
      assert.deepStrictEqual([syntax.line, syntax.message], [3, 'invalid JSON: unexpected character "}"'])
      assert.strictEqual(decodeJsonCatalog("p.json", '[\n{"a": 1}\n{"b": 2}]').problems[0]!.line, 3)
      assert.strictEqual(decodeJsonCatalog("p.json", '{"parts": []}').problems[0]!.message, "expected a JSON array of part records")
    }))

  it.effect("front matter: missing, unclosed, invalid YAML and invalid fields are located", () =>
    Effect.sync(() => {
      const problems = (text: string) => {
        const r = decodeSourceFile("d.md", text)
        return r._tag === "Error" ? r.problems.map((p) => `${p.line}:${p.field}:${p.message}`) : []
      }
      assert.match(problems("# no front matter")[0]!, /^1:null:missing front matter/)
      assert.match(problems("---\nid: a\n# body")[0]!, /^1:null:front matter is not closed/)
      assert.match(problems("---\nid: a\ntitle: [unclosed\n---\ntext")[0]!, /^\d+:null:invalid YAML front matter/)
      assert.deepStrictEqual(
        problems("---\nid: Not Kebab\ntitle: T\nrevision: 3\nkind: faq\nurl: ftp://x\n---\n## S\n\ntext"),
        ['2:id:Expected a lower-case kebab-case id, actual "Not Kebab"', '6:url:Expected an http(s) URL, actual "ftp://x"']
      )
      const ok = decodeSourceFile("d.md", "---\nid: a-b\ntitle: T\nrevision: 3\nkind: faq\nurl: https://x.example/a\n---\n## S\n\ntext")
      assert.strictEqual(ok._tag === "Ok" ? ok.source.revision : null, "3")
    }))

  it.effect("chunks follow sections; long tables are split by rows with the header repeated", () =>
    Effect.sync(() => {
      const rows = Array.from({ length: 40 }, (_, i) => `| FM-XX-${i} | ${i} A |`)
      const body = ["# Title", "", "Intro text.", "", "## Ratings", "", "| Part | Current |", "| --- | --- |", ...rows, "", "## Notes", "", "Short."].join("\n")
      const chunks = chunkMarkdown(body, 300)
      assert.deepStrictEqual(chunks[0], { ordinal: 0, heading: "", text: "Intro text." })
      const ratings = chunks.filter((c) => c.heading === "Ratings")
      assert.isAbove(ratings.length, 2)
      for (const c of ratings) {
        assert.isAtMost(c.text.length, 300 + 40)
        assert.isTrue(c.text.startsWith("Ratings\n\n| Part | Current |\n| --- | --- |\n"), c.text)
      }
      assert.deepStrictEqual(ratings.flatMap((c) => c.text.split("\n").filter((l) => l.startsWith("| FM-"))), rows)
      assert.deepStrictEqual(chunks.at(-1), { ordinal: chunks.length - 1, heading: "Notes", text: "Notes\n\nShort." })
    }))
})
