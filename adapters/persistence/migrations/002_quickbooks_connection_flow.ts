import type { Kysely } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * Tables of the QuickBooks connection flow: pending OAuth authorizations (single-use state),
 * the per-realm rate budget shared by every worker, and the webhook inbox.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.createTable("oauth_states")
    .addColumn("state", "varchar(128)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("user_id", "varchar(200)", (c) => c.notNull())
    .addColumn("code_verifier", "varchar(128)")
    .addColumn("expires_at", "varchar(40)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("oauth_states_expires_at").on("oauth_states").column("expires_at").execute();

  // One row per realm: updating it serializes budget decisions (row lock in PostgreSQL, the
  // write lock in SQLite), so concurrent workers cannot both take the last permit.
  await db.schema.createTable("quickbooks_rate_realms")
    .addColumn("realm_id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("decisions", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createTable("quickbooks_rate_permits")
    .addColumn("permit_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("kind", "varchar(16)", (c) => c.notNull())
    .addColumn("started_at_ms", "bigint", (c) => c.notNull())
    .addColumn("released", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("quickbooks_rate_permits_realm_time").on("quickbooks_rate_permits")
    .columns(["realm_id", "started_at_ms"]).execute();

  await db.schema.createTable("webhook_inbox")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("dedup_key", "varchar(200)", (c) => c.notNull().unique())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("entity_name", "varchar(64)", (c) => c.notNull())
    .addColumn("entity_id", "varchar(64)", (c) => c.notNull())
    .addColumn("operation", "varchar(16)", (c) => c.notNull())
    .addColumn("occurred_at", "varchar(40)", (c) => c.notNull())
    .addColumn("deleted_id", "varchar(64)")
    .addColumn("format", "varchar(16)", (c) => c.notNull())
    .addColumn("received_at", "varchar(40)", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("claimed_by", "varchar(128)")
    .addColumn("claim_until", "varchar(40)")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("processed_at", "varchar(40)")
    .execute();
  await db.schema.createIndex("webhook_inbox_realm_queue").on("webhook_inbox")
    .columns(["realm_id", "status", "occurred_at"]).execute();
}
