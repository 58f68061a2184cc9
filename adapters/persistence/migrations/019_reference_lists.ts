import { type Kysely, sql } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * Cached QuickBooks reference lists (one row per entry, one sync-state row per list and company)
 * and the latest check of each organization's account mapping per company. Lists are paged by
 * (sort_key, qbo_id): PostgreSQL compares them with the "C" collation so the order is the same
 * byte order as SQLite's default BINARY collation.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const bytewise = (type: string) => dialect === "postgres" ? sql.raw(`${type} collate "C"`) : sql.raw(type);
  await db.schema.createTable("qbo_reference_entries")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("list", "varchar(32)", (c) => c.notNull())
    .addColumn("qbo_id", bytewise("varchar(64)"), (c) => c.notNull())
    .addColumn("sort_key", bytewise("text"), (c) => c.notNull())
    .addColumn("kind", "varchar(64)")
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("updated_ms", "bigint")
    .addColumn("entry", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("qbo_reference_entries_pk", ["org_id", "realm_id", "list", "qbo_id"])
    .execute();
  await db.schema.createIndex("qbo_reference_entries_order").on("qbo_reference_entries")
    .columns(["org_id", "realm_id", "list", "sort_key", "qbo_id"]).execute();

  await db.schema.createTable("qbo_reference_lists")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("list", "varchar(32)", (c) => c.notNull())
    .addColumn("cursor", "varchar(40)", (c) => c.notNull())
    .addColumn("checked_at", "varchar(40)")
    .addPrimaryKeyConstraint("qbo_reference_lists_pk", ["org_id", "realm_id", "list"])
    .execute();
  await db.schema.createIndex("qbo_reference_lists_realm").on("qbo_reference_lists")
    .columns(["realm_id", "list"]).execute();

  await db.schema.createTable("account_mapping_validations")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("state", "varchar(16)", (c) => c.notNull())
    .addColumn("problems", "text", (c) => c.notNull())
    .addColumn("mapping_fingerprint", "varchar(64)", (c) => c.notNull())
    .addColumn("checked_at", "varchar(40)", (c) => c.notNull())
    .addPrimaryKeyConstraint("account_mapping_validations_pk", ["org_id", "realm_id"])
    .execute();
}
