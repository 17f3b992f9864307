/**
 * Turns a Schema `ParseIssue` into a short human report that names the wrong fields and what was expected,
 * but never the values: LiveChat payloads carry message text and e-mails, and these reports reach logs.
 * (`TreeFormatter`/`ArrayFormatter` messages include `actual …` values, hence this walker.)
 */
import { Option, type ParseResult, SchemaAST } from "effect"
import { FallbackMarker } from "./Events.js"

export interface FieldProblem {
  /** Dotted path, e.g. `payload.event.text` (array indexes as `[0]`). */
  readonly path: string
  readonly problem: string
}

const maxLength = 80

const shorten = (text: string): string => (text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text)

/** What a schema expects, in a few words and without any input value. */
const describe = (ast: SchemaAST.AST): string => {
  const named = SchemaAST.getIdentifierAnnotation(ast).pipe(
    Option.orElse(() => SchemaAST.getTitleAnnotation(ast))
  )
  if (Option.isSome(named)) return named.value
  switch (ast._tag) {
    case "TypeLiteral":
      return "an object"
    case "TupleType":
      return "an array"
    case "Transformation":
      return describe(ast.to)
    case "Refinement":
      return shorten(String(ast))
    case "Union": {
      const members = ast.types.filter((member) => member._tag !== "UndefinedKeyword")
      if (members.length === 1 && members[0] !== undefined) return describe(members[0])
      return members.every((member) => member._tag !== "TypeLiteral" && member._tag !== "TupleType")
        ? shorten(members.map(describe).join(" | "))
        : "one of the allowed shapes"
    }
    default:
      return shorten(String(ast))
  }
}

const isFallbackRefinement = (issue: ParseResult.ParseIssue): boolean =>
  issue._tag === "Refinement" && issue.ast.annotations[FallbackMarker] === true

const renderPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) =>
      typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`,
    ""
  )

const collect = (
  issue: ParseResult.ParseIssue,
  path: ReadonlyArray<PropertyKey>,
  out: Array<FieldProblem>
): void => {
  switch (issue._tag) {
    case "Pointer": {
      const keys = Array.isArray(issue.path) ? issue.path : [issue.path as PropertyKey]
      // a fallback member's rejection says nothing about the real problem: skip the whole branch
      if (containsOnlyFallback(issue.issue)) return
      return collect(issue.issue, [...path, ...keys], out)
    }
    case "Composite": {
      const issues = Array.isArray(issue.issues) ? issue.issues : [issue.issues as ParseResult.ParseIssue]
      if (issue.ast._tag !== "Union") {
        for (const inner of issues) collect(inner, path, out)
        return
      }
      // a union failed: `undefined` (of an optional field) and the event fallback are noise
      const relevant = issues.filter((inner) =>
        !(inner._tag === "Type" && inner.ast._tag === "UndefinedKeyword") && !containsOnlyFallback(inner)
      )
      if (relevant.length === 0 || relevant.every((inner) => inner._tag === "Type")) {
        out.push({ path: renderPath(path), problem: `expected ${describe(issue.ast)}` })
        return
      }
      for (const inner of relevant) collect(inner, path, out)
      return
    }
    case "Refinement":
      if (isFallbackRefinement(issue)) return
      if (issue.kind === "From") return collect(issue.issue, path, out)
      out.push({ path: renderPath(path), problem: `must satisfy ${describe(issue.ast)}` })
      return
    case "Transformation":
      if (issue.kind === "Transformation") {
        out.push({ path: renderPath(path), problem: `cannot be read as ${describe(issue.ast.to)}` })
        return
      }
      return collect(issue.issue, path, out)
    case "Missing":
      out.push({ path: renderPath(path), problem: "is missing" })
      return
    case "Unexpected":
      out.push({ path: renderPath(path), problem: "is not allowed" })
      return
    case "Forbidden":
      out.push({ path: renderPath(path), problem: "cannot be checked" })
      return
    case "Type":
      out.push({ path: renderPath(path), problem: `expected ${describe(issue.ast)}` })
      return
  }
}

/** True when every leaf of the issue is the fallback member refusing a known type. */
const containsOnlyFallback = (issue: ParseResult.ParseIssue): boolean => {
  switch (issue._tag) {
    case "Refinement":
      return isFallbackRefinement(issue)
    case "Pointer":
    case "Transformation":
      return containsOnlyFallback(issue.issue)
    case "Composite": {
      const issues = Array.isArray(issue.issues) ? issue.issues : [issue.issues as ParseResult.ParseIssue]
      return issues.every(containsOnlyFallback)
    }
    default:
      return false
  }
}

/** The distinct field problems of an issue, in order of appearance. */
export const fieldProblems = (issue: ParseResult.ParseIssue): ReadonlyArray<FieldProblem> => {
  const out: Array<FieldProblem> = []
  collect(issue, [], out)
  const seen = new Set<string>()
  return out.filter((p) => {
    const key = `${p.path}\u0000${p.problem}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

const maxReported = 5

/** `payload.event.text is missing; payload.event.visibility expected "all" | "agents"` */
export const describeIssue = (issue: ParseResult.ParseIssue): string => {
  const problems = fieldProblems(issue)
  if (problems.length === 0) return "the value has the wrong shape"
  const shown = problems
    .slice(0, maxReported)
    .map((p) => (p.path === "" ? p.problem : `${p.path} ${p.problem}`))
  const more = problems.length > maxReported ? ` (and ${problems.length - maxReported} more)` : ""
  return `${shown.join("; ")}${more}`
}
