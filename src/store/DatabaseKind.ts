/**
 * Which backend the `SqlClient` talks to. The cluster wiring needs it: the embedded PGlite has a single
 * connection, which the SQL runner storage would hold forever (see `Cluster.ts`).
 */
import { Context } from "effect"

export class DatabaseKind extends Context.Tag("app/DatabaseKind")<DatabaseKind, {
  readonly kind: "embedded" | "server"
}>() {}
