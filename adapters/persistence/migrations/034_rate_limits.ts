import { type Kysely, sql } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * Consumer rate limits (issue 15): fixed-window counters per subject (an organization, a user, an
 * API key, a key's daily quotas), incremented with one upsert so that every instance shares them,
 * and each organization's own policies.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const bytewise = (type: string) => dialect === "postgres" ? sql.raw(`${type} collate "C"`) : sql.raw(type);
  await db.schema.createTable("rate_counters")
    .addColumn("subject", bytewise("varchar(400)"), (c) => c.notNull())
    .addColumn("window_seconds", "integer", (c) => c.notNull())
    .addColumn("window_start", "bigint", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("rate_counters_pk", ["subject", "window_seconds", "window_start"])
    .execute();
  await db.schema.createIndex("rate_counters_expiry").on("rate_counters").column("expires_at").execute();

  await db.schema.createTable("rate_limit_settings")
    .addColumn("org_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("policies", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .addColumn("updated_by", "varchar(300)", (c) => c.notNull())
    .execute();
}
