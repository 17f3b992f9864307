/**
 * The database of a run: a fresh embedded PGlite in a temporary folder, removed when the run ends.
 *
 * Creating a PGlite cluster and loading the bundled knowledge into it costs several seconds of CPU, the same every
 * run. So for offline runs the folder starts as a copy of a template — migrated and loaded by the production
 * importer, closed, kept in the OS temp folder — named by a digest of everything that decides its content: the
 * PGlite version, the database and knowledge code, the migrations and the bundled datasets. Change any of them
 * and the next run builds a new template. The run still migrates and bootstraps its copy (both no-ops on a
 * current template), so a template can only save time, never change results.
 * Runs with embeddings (llm mode with an embeddings endpoint) always start empty: their vectors depend on a model.
 */
import { Effect, Layer } from "effect"
import { createHash } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { EmbedderDisabled } from "../src/knowledge/Embedder.js"
import { KnowledgeBootstrapLive, KnowledgeIngest } from "../src/knowledge/KnowledgeIngest.js"
import { embedded } from "../src/store/Database.js"
import { copyOfTemplate, pgliteTemplate, tempDir } from "../src/store/PgliteTemplate.js"

const root = fileURLToPath(new URL("..", import.meta.url))

/** Files whose content decides the template's content (folders are read recursively). */
const templateInputs = [
  "node_modules/@electric-sql/pglite/package.json",
  "src/store/Database.ts",
  "src/store/migrations",
  "src/knowledge",
  "datasets/fitmate",
  "datasets/sources"
]

const listFiles = async (relative: string): Promise<ReadonlyArray<string>> => {
  const full = path.join(root, relative)
  const stat = await fs.stat(full)
  if (!stat.isDirectory()) return [relative]
  const entries = await fs.readdir(full, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort()
}

const templateKey = Effect.promise(async () => {
  const hash = createHash("sha256")
  for (const input of templateInputs) {
    for (const file of await listFiles(input)) hash.update(file).update("\0").update(await fs.readFile(path.join(root, file)))
  }
  return hash.digest("hex").slice(0, 16)
})

const prefix = "fitmate-evals-template-"

/** A closed, migrated PGlite folder holding the bundled knowledge; built on first use. */
const knowledgeTemplate = Effect.gen(function*() {
  return yield* pgliteTemplate({
    prefix,
    key: yield* templateKey,
    prepare: KnowledgeBootstrapLive.pipe(Layer.provide(KnowledgeIngest.Default), Layer.provide(EmbedderDisabled))
  })
}).pipe(Effect.withSpan("Evals.knowledgeTemplate"))

/** The run's database: a copy of the knowledge template (`fromTemplate`) or an empty one. */
export const evalDatabase = (fromTemplate: boolean) =>
  Layer.unwrapScoped(Effect.gen(function*() {
    const dataDir = fromTemplate
      ? yield* copyOfTemplate(yield* knowledgeTemplate, "fitmate-evals-")
      : yield* tempDir("fitmate-evals-")
    return embedded({ dataDir })
  }))
