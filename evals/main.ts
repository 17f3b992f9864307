/**
 * `pnpm eval`: the quality gate before a release. The only place (besides src/main.ts) that runs an Effect.
 *
 *   pnpm eval [--split dev|test|all] [--mode offline|llm] [--concurrency 4] [--k 5] [--update-baseline]
 *   pnpm eval score [--input file|-] [--output file|-] [--judge deterministic|llm] [--judge-cache replay|record]
 *
 * Exit codes: 0 gates passed, 1 a gate failed or the run could not be made (the message says which).
 */
import { Command, Options, ValidationError } from "@effect/cli"
import { FileSystem } from "@effect/platform"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Effect, Either, Layer, Logger, LogLevel, Option } from "effect"
import { text as readAll } from "node:stream/consumers"
import { fileURLToPath } from "node:url"
import packageJson from "../package.json" with { type: "json" }
import { harnessLayer } from "./Harness.js"
import { type CacheMode, JudgeModelLive, JudgeSettings, makeJudge } from "./Judge.js"
import { ProgressStderr } from "./Progress.js"
import { defaultDatasetDir, defaultReportsDir, evalsDir, runEvals } from "./Run.js"
import { parseScoreInput, renderScoreLines, scoreDeterministic } from "./Score.js"

const split = Options.choice("split", ["all", "dev", "test"]).pipe(
  Options.withDefault("all" as const),
  Options.withDescription("Which labeled chats to run (CI runs the test split).")
)
const mode = Options.choice("mode", ["offline", "llm"]).pipe(
  Options.withDefault("offline" as const),
  Options.withDescription("offline: the deterministic engine; llm: the OpenAI-compatible engine (OPENAI_* settings).")
)
const concurrency = Options.integer("concurrency").pipe(
  Options.withAlias("c"),
  Options.withDefault(4),
  Options.withDescription("Chats run at the same time.")
)
const k = Options.integer("k").pipe(Options.withDefault(5), Options.withDescription("Depth of recall@k and nDCG@k."))
const updateBaseline = Options.boolean("update-baseline").pipe(
  Options.withDescription("Record this run as the committed baseline (evals/baseline.<mode>.json).")
)
const reports = Options.directory("reports").pipe(Options.withDefault(defaultReportsDir), Options.withDescription("Where the reports go."))
const dataset = Options.directory("dataset", { exists: "yes" }).pipe(
  Options.withDefault(defaultDatasetDir),
  Options.withDescription("Folder of labeled chats (*.jsonl).")
)
const only = Options.text("only").pipe(Options.repeated, Options.withDescription("Run only this chat id (repeatable; for debugging)."))

const run = Command.make(
  "eval",
  { split, mode, concurrency, k, updateBaseline, reports, dataset, only },
  (options) =>
    runEvals({
      mode: options.mode,
      split: options.split,
      concurrency: Math.max(1, options.concurrency),
      k: Math.max(1, options.k),
      updateBaseline: options.updateBaseline,
      datasetDir: options.dataset,
      reportsDir: options.reports,
      gatesDir: evalsDir,
      only: options.only
    }).pipe(
      Effect.provide(Layer.unwrapEffect(
        Effect.sync(() => harnessLayer({ mode: options.mode, k: Math.max(1, options.k) }))
      )),
      Effect.provide(ProgressStderr)
    )
)

// ---------------------------------------------------------------------------------------------------------------

const input = Options.text("input").pipe(Options.withDefault("-"), Options.withDescription("JSONL file of {context, response}; - for stdin."))
const output = Options.text("output").pipe(Options.withDefault("-"), Options.withDescription("Where the verdict lines go; - for stdout."))
const judge = Options.choice("judge", ["deterministic", "llm"]).pipe(Options.withDefault("deterministic" as const))
const judgeCache = Options.choice("judge-cache", ["replay", "record"]).pipe(
  Options.optional,
  Options.withDescription("replay: cached answers only, a miss fails (always so with CI set); record: call the model on a miss.")
)
const defaultJudgeCache = fileURLToPath(new URL("judge-cache", import.meta.url))

const score = Command.make("score", { input, output, judge, judgeCache }, (options) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const text = options.input === "-" ? yield* Effect.promise(() => readAll(process.stdin)) : yield* fs.readFileString(options.input)
    const parsed = parseScoreInput(text)
    if (Either.isLeft(parsed)) return yield* parsed.left
    let lines
    if (options.judge === "deterministic") {
      lines = yield* scoreDeterministic(parsed.right)
    } else {
      const settings = yield* JudgeSettings
      const requested: CacheMode = Option.getOrElse(options.judgeCache, () => (settings.ci ? "replay" : "record"))
      // In CI the judge never calls out: a cache miss must fail the build, not spend tokens.
      const cacheMode: CacheMode = settings.ci ? "replay" : requested
      if (settings.ci && requested === "record") yield* Console.error("CI is set: the judge replays its cache only.")
      const llm = yield* makeJudge({ cacheDir: defaultJudgeCache, cacheMode, model: settings.model }).pipe(
        Effect.provide(JudgeModelLive)
      )
      lines = yield* llm.scoreLines(parsed.right)
    }
    const rendered = renderScoreLines(lines)
    if (options.output === "-") yield* Effect.sync(() => process.stdout.write(rendered))
    else yield* fs.writeFileString(options.output, rendered)
    const grounded = lines.filter((l) => l.verdict === "grounded").length
    yield* Console.error(`${grounded} grounded, ${lines.length - grounded} ungrounded`)
  }))

const cli = Command.run(run.pipe(Command.withSubcommands([score])), { name: "pnpm eval", version: packageJson.version })

cli(process.argv).pipe(
  // Failures are reported here, on stderr, once; standard output keeps the results.
  Effect.tapErrorCause((cause) =>
    Option.match(Cause.failureOption(cause), {
      // Defects and interruptions: the whole story.
      onNone: () => Console.error(Cause.pretty(cause)),
      onSome: (error) =>
        // Gate failures are already on standard output; @effect/cli has printed its own usage errors.
        error._tag === "GatesFailed" || ValidationError.isValidationError(error)
          ? Effect.void
          : Console.error(error instanceof Error ? error.message : String(error))
    })
  ),
  Effect.provide(NodeContext.layer),
  Logger.withMinimumLogLevel(LogLevel.Warning),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true })
)
