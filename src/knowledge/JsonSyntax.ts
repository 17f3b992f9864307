/**
 * Where a JSON text first goes wrong. `JSON.parse` on Node 20 often says only "Unexpected token" without a
 * position; this small recursive-descent check finds the offset so an import error can name the line.
 */

export interface JsonSyntaxError {
  readonly offset: number
  readonly message: string
}

export const findJsonSyntaxError = (text: string): JsonSyntaxError | null => {
  let i = 0
  const fail = (message: string): never => {
    throw { offset: i, message } satisfies JsonSyntaxError
  }
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++
  }
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length
    else fail(`unexpected ${describe()}`)
  }
  const describe = () => (i >= text.length ? "end of input" : `character ${JSON.stringify(text[i])}`)
  const string = () => {
    i++ // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++
      else if (text[i] === "\n") fail("line break inside a string")
      i++
    }
    if (i >= text.length) fail("unterminated string")
    i++
  }
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i))
    if (m === null) fail(`unexpected ${describe()}`)
    i += m![0].length
  }
  const value = (): void => {
    ws()
    const ch = text[i]
    if (ch === "{") {
      i++
      ws()
      if (text[i] === "}") return void i++
      for (;;) {
        ws()
        if (text[i] !== '"') fail(`expected a property name, found ${describe()}`)
        string()
        ws()
        if (text[i] !== ":") fail(`expected ':', found ${describe()}`)
        i++
        value()
        ws()
        if (text[i] === ",") i++
        else if (text[i] === "}") return void i++
        else fail(`expected ',' or '}', found ${describe()}`)
      }
    } else if (ch === "[") {
      i++
      ws()
      if (text[i] === "]") return void i++
      for (;;) {
        value()
        ws()
        if (text[i] === ",") i++
        else if (text[i] === "]") return void i++
        else fail(`expected ',' or ']', found ${describe()}`)
      }
    } else if (ch === '"') string()
    else if (ch === "t") literal("true")
    else if (ch === "f") literal("false")
    else if (ch === "n") literal("null")
    else number()
  }
  try {
    value()
    ws()
    if (i < text.length) fail(`unexpected ${describe()} after the end of the data`)
    return null
  } catch (error) {
    return error as JsonSyntaxError
  }
}
