import type { Kysely } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * Job statuses grew `succeeded_with_errors` (21 characters), longer than the first column's 16.
 * PostgreSQL enforces the width, so the column widens there; SQLite (libSQL) ignores declared
 * widths, so nothing changes on it.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  if (dialect !== "postgres") return;
  await db.schema.alterTable("job_queue").alterColumn("status", (c) => c.setDataType("varchar(32)"))
    .execute();
}
