import type { Kysely } from "kysely";
import { sql } from "kysely";
import { type Migration, Migrator } from "kysely/migration";
import type { Database } from "./database.ts";
import { MIGRATIONS, type SchemaMigration } from "./migrations/mod.ts";

/** Outcome of a migration run. */
export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

/**
 * Applies pending migrations with Kysely's Migrator: applied names are kept in the
 * `kysely_migration` table and a lock table serialises concurrent runners (several workers
 * starting at once). Each migration runs in its own transaction where the dialect allows it.
 */
export async function migrateToLatest(
  database: Database,
  migrations: readonly SchemaMigration[] = MIGRATIONS,
): Promise<MigrationReport> {
  const provider = {
    getMigrations(): Promise<Record<string, Migration>> {
      const out: Record<string, Migration> = {};
      for (const m of migrations) {
        out[m.name] = { up: (db: Kysely<unknown>) => m.up(db, database.dialect) };
      }
      return Promise.resolve(out);
    },
  };
  // On PostgreSQL the migration tables live in the connection's own schema, named: Kysely looks
  // for them across every schema otherwise, and another schema's tables (a second service or test
  // run on the same database) would make it skip creating its own.
  const schema = database.dialect === "postgres"
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema
    : undefined;
  const migrator = new Migrator({
    db: database.db,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const applied = (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
  return { applied, alreadyApplied: migrations.length - applied.length };
}
