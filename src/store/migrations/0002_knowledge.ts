/**
 * Knowledge base: catalog parts, verified sources and their chunks, and the vocabulary used to correct
 * typos in questions. Written only by the knowledge importer (src/knowledge/KnowledgeStore.ts), in one
 * transaction per import.
 *
 * - Part numbers are matched on `part_key` (normalised: upper case, no separators), exactly or by trigram.
 * - Chunks carry a weighted tsvector (title A, heading B, text C), scored per query lexeme with an IDF
 *   weight from `knowledge_lexemes`; the normalised keys of the parts and series they mention; and optionally
 *   an embedding (real[], unit length; no pgvector on PGlite or this server, so cosine similarity is a dot
 *   product computed in SQL).
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  yield* sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`

  yield* sql`
    CREATE TABLE knowledge_parts (
      part_key           text PRIMARY KEY,
      part_number        text NOT NULL,
      prefix             text NOT NULL,
      series             text NOT NULL,
      series_key         text NOT NULL,
      family             text NOT NULL,
      category           text NOT NULL,
      gender             text,
      contact_type       text,
      shell_size         text,
      positions          integer,
      contact_size       text,
      current_rating_a   double precision,
      voltage_rating_v   double precision,
      temp_min_c         integer,
      temp_max_c         integer,
      ip_rating          text,
      ip_solids          integer,
      ip_water           integer,
      coupling           text,
      termination        text,
      impedance_ohm      double precision,
      max_frequency_ghz  double precision,
      pitch_mm           double precision,
      fiber_type         text,
      rohs               boolean,
      reach              boolean,
      mating_keys        text[] NOT NULL,
      contact_keys       text[] NOT NULL,
      backshell_keys     text[] NOT NULL,
      cap_keys           text[] NOT NULL,
      tool_keys          text[] NOT NULL,
      datasheet_id       text,
      datasheet_revision text,
      record             jsonb NOT NULL,
      record_hash        text NOT NULL
    )`
  yield* sql`CREATE INDEX knowledge_parts_key_trgm ON knowledge_parts USING gin (part_key gin_trgm_ops)`
  yield* sql`CREATE INDEX knowledge_parts_series ON knowledge_parts (series_key)`
  yield* sql`CREATE INDEX knowledge_parts_family ON knowledge_parts (family, category)`

  yield* sql`
    CREATE TABLE knowledge_sources (
      source_id    text PRIMARY KEY,
      title        text NOT NULL,
      revision     text NOT NULL,
      kind         text NOT NULL,
      url          text NOT NULL,
      series       text[] NOT NULL,
      file         text NOT NULL,
      content_hash text NOT NULL,
      ingested_at  timestamptz NOT NULL DEFAULT now()
    )`

  yield* sql`
    CREATE TABLE knowledge_chunks (
      chunk_id        text PRIMARY KEY,
      source_id       text NOT NULL REFERENCES knowledge_sources (source_id) ON DELETE CASCADE,
      ordinal         integer NOT NULL,
      title           text NOT NULL,
      heading         text NOT NULL,
      content         text NOT NULL,
      part_keys       text[] NOT NULL,
      series_keys     text[] NOT NULL,
      tsv             tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('english'::regconfig, title), 'A') ||
                        setweight(to_tsvector('english'::regconfig, heading), 'B') ||
                        setweight(to_tsvector('english'::regconfig, content), 'C')
                      ) STORED,
      embedding       real[],
      embedding_model text
    )`
  yield* sql`CREATE INDEX knowledge_chunks_source ON knowledge_chunks (source_id, ordinal)`
  yield* sql`CREATE INDEX knowledge_chunks_tsv ON knowledge_chunks USING gin (tsv)`
  yield* sql`CREATE INDEX knowledge_chunks_parts ON knowledge_chunks USING gin (part_keys)`
  yield* sql`CREATE INDEX knowledge_chunks_series ON knowledge_chunks USING gin (series_keys)`

  // Document frequency of every lexeme (from ts_stat), so rare words weigh more than "connector" (IDF).
  yield* sql`CREATE TABLE knowledge_lexemes (lexeme text PRIMARY KEY, ndoc integer NOT NULL)`

  // Words of the documents, for correcting misspelt question words by trigram similarity.
  yield* sql`CREATE TABLE knowledge_terms (term text PRIMARY KEY)`
  yield* sql`CREATE INDEX knowledge_terms_trgm ON knowledge_terms USING gin (term gin_trgm_ops)`
})
