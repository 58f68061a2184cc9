import { type Kysely, sql } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * User access grants (issue 15): per organization and user, an access level, the allowed
 * properties and features (JSON, null for all) and an optional expiry. Users are listed by id,
 * compared as bytes on both dialects ("C" collation on PostgreSQL, SQLite's default BINARY).
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const bytewise = (type: string) => dialect === "postgres" ? sql.raw(`${type} collate "C"`) : sql.raw(type);
  await db.schema.createTable("user_access_grants")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("user_id", bytewise("varchar(256)"), (c) => c.notNull())
    .addColumn("access_level", "varchar(16)", (c) => c.notNull())
    .addColumn("allowed_properties", "text")
    .addColumn("allowed_features", "text")
    .addColumn("expires_at", "varchar(40)")
    .addColumn("created_at", "varchar(40)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .addColumn("updated_by", "varchar(300)", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_access_grants_pk", ["org_id", "user_id"])
    .execute();
}
