/**
 * `pnpm ingest [--catalog <dir>] [--sources <dir>]` — load a catalog folder and a sources folder into the
 * database chosen by configuration (DATABASE_URL, else the embedded PGlite in DATA_DIR). Embeddings are
 * computed when EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL are set. Idempotent; on any problem in the files
 * it prints every problem (file:line: field: message), writes nothing and exits with status 1.
 *
 * An entry point: the only place here that runs an Effect.
 */
import { Command, Options } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Duration, Effect, Layer } from "effect"
import { DatabaseLive } from "../store/Database.js"
import { EmbedderLive } from "./Embedder.js"
import { formatProblem } from "./ImportProblem.js"
import { KnowledgeIngest } from "./KnowledgeIngest.js"

const catalog = Options.directory("catalog").pipe(
  Options.withDefault("datasets/fitmate"),
  Options.withDescription("folder with the catalog files (*.json, *.csv)")
)
const sources = Options.directory("sources").pipe(
  Options.withDefault("datasets/sources"),
  Options.withDescription("folder with the verified documents (*.md, searched recursively)")
)

const IngestLive = KnowledgeIngest.Default.pipe(Layer.provide(Layer.mergeAll(DatabaseLive, EmbedderLive)))

const ingest = Command.make("ingest", { catalog, sources }, ({ catalog, sources }) =>
  Effect.gen(function*() {
    const knowledge = yield* KnowledgeIngest
    const [elapsed, report] = yield* Effect.timed(knowledge.ingest({ catalogDir: catalog, sourcesDir: sources }))
    yield* Console.log(
      [
        `parts:   ${report.partsInserted} inserted, ${report.partsUpdated} updated, ${report.partsRemoved} removed, ${report.partsUnchanged} unchanged`,
        `sources: ${report.sourcesInserted} inserted, ${report.sourcesUpdated} updated, ${report.sourcesRemoved} removed, ${report.sourcesUnchanged} unchanged`,
        `chunks:  ${report.chunksWritten} written, ${report.chunksEmbedded} embedded`,
        ...report.warnings.map((w) => `warning: ${w}`),
        report.changed ? `done in ${Math.round(Duration.toMillis(elapsed))} ms` : "nothing changed"
      ].join("\n")
    )
  }).pipe(
    Effect.catchTag("KnowledgeImportError", (error) =>
      Effect.zipRight(
        Console.error(
          [`Import refused, nothing was written (${error.problems.length} problems):`, ...error.problems.map(formatProblem)].join(
            "\n"
          )
        ),
        Effect.fail(error)
      )
    )
  )).pipe(Command.provide(IngestLive))

const cli = Command.run(ingest, { name: "ingest", version: "0.1.0" })

cli(process.argv).pipe(
  Effect.provide(NodeContext.layer),
  // Import problems were printed above; anything else is printed here. Either way the exit status is 1.
  Effect.tapErrorCause((cause) =>
    Cause.failures(cause).pipe((failures) => [...failures].some((e) => e._tag === "KnowledgeImportError"))
      ? Effect.void
      : Console.error(Cause.pretty(cause))
  ),
  (effect) => NodeRuntime.runMain(effect, { disableErrorReporting: true, disablePrettyLogger: true })
)
