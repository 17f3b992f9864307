/** Item verdicts for the pure gate, metric and report tests. */
import type { ItemResult } from "../../evals/Scoring.js"

export const item = (id: string, fields: Partial<ItemResult> = {}): ItemResult => ({
  id,
  split: "test",
  file: "fixture.jsonl",
  line: 1,
  labelHash: `hash-${id}`,
  tags: [],
  slices: [],
  question: `question of ${id}`,
  expected: { decision: "answer", reason: null },
  actual: { decision: "answer", reason: null },
  checks: { decision: true, reason: null, facts: true, forbidden: null, grounded: true, citations: true },
  pass: true,
  failures: [],
  reply: "It carries 5 A [1].",
  draft: "It carries 5 A [1].",
  citations: [{ id: "ds-fm-ct", title: "FM-CT datasheet", known: true }],
  factCount: 1,
  missingFacts: [],
  forbiddenFound: [],
  groundedness: { grounded: true, score: 1, checks: 1, supportedChecks: 1, claims: [], unsupportedAtoms: [] },
  retrieval: { ranked: ["ds-fm-ct"], firstGoldRank: 1, recall: 1, reciprocalRank: 1, ndcg: 1 },
  timings: [{ step: "Conversation.turn", durationMillis: 12 }],
  error: null,
  ...fields
})

/** An explicit request for a person: handed off when `handedOff`. */
export const personRequest = (id: string, handedOff: boolean): ItemResult =>
  item(id, {
    tags: ["request-person"],
    slices: ["request-person"],
    expected: { decision: "escalate", reason: "explicit_request" },
    actual: handedOff ? { decision: "escalate", reason: "explicit_request" } : { decision: "clarify", reason: null },
    checks: { decision: handedOff, reason: handedOff ? true : null, facts: null, forbidden: null, grounded: null, citations: null },
    pass: handedOff,
    failures: handedOff ? [] : ["decision: expected escalate, got clarify"],
    groundedness: null,
    retrieval: null,
    citations: [],
    draft: null,
    factCount: 0
  })

/** A numeric answer, grounded or with an unsupported quantity. */
export const numericAnswer = (id: string, grounded: boolean): ItemResult =>
  item(id, {
    slices: ["numeric"],
    checks: { decision: true, reason: null, facts: true, forbidden: null, grounded, citations: true },
    pass: grounded,
    failures: grounded ? [] : ["grounded: \"It carries 7.5 A.\" (quantity 7.5 A is in no cited source)"],
    groundedness: grounded
      ? { grounded: true, score: 1, checks: 1, supportedChecks: 1, claims: [], unsupportedAtoms: [] }
      : {
        grounded: false,
        score: 0,
        checks: 1,
        supportedChecks: 0,
        claims: [{ text: "It carries 7.5 A.", supported: false, reasons: ["quantity 7.5 A is in no cited source"] }],
        unsupportedAtoms: [{ kind: "quantity", text: "7.5 A", reason: "quantity 7.5 A is in no cited source" }]
      }
  })
