import type { Kysely } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * Webhooks out (issue 17): endpoints (sealed signing secrets, the cursor over the organization's
 * outbound events), deliveries (leased like jobs) and the log of every attempt.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.createTable("webhook_endpoints")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("url", "varchar(2048)", (c) => c.notNull())
    .addColumn("description", "varchar(500)", (c) => c.notNull())
    .addColumn("event_types", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("disabled_reason", "varchar(40)")
    .addColumn("cursor_seq", "bigint", (c) => c.notNull())
    .addColumn("failing_since", "varchar(40)")
    .addColumn("sealed_secrets", "text", (c) => c.notNull())
    .addColumn("secret_rotated_at", "varchar(40)")
    .addColumn("created_at", "varchar(40)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_endpoints_org").on("webhook_endpoints").columns([
    "org_id",
    "created_at",
  ])
    .execute();
  await db.schema.createTable("webhook_deliveries")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("endpoint_id", "varchar(64)", (c) => c.notNull())
    .addColumn("event_id", "varchar(80)", (c) => c.notNull())
    .addColumn("event_seq", "bigint", (c) => c.notNull())
    .addColumn("trigger", "varchar(16)", (c) => c.notNull())
    .addColumn("dedupe_key", "varchar(200)", (c) => c.notNull().unique())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("next_attempt_at", "varchar(40)", (c) => c.notNull())
    .addColumn("lease_owner", "varchar(100)")
    .addColumn("lease_until", "varchar(40)")
    .addColumn("finished_at", "varchar(40)")
    .addColumn("created_at", "varchar(40)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_deliveries_due").on("webhook_deliveries")
    .columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("webhook_deliveries_endpoint").on("webhook_deliveries")
    .columns(["endpoint_id", "status", "finished_at"]).execute();
  await db.schema.createTable("webhook_attempts")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("endpoint_id", "varchar(64)", (c) => c.notNull())
    .addColumn("delivery_id", "varchar(64)", (c) => c.notNull())
    .addColumn("event_id", "varchar(80)", (c) => c.notNull())
    .addColumn("event_type", "varchar(100)", (c) => c.notNull())
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("trigger", "varchar(16)", (c) => c.notNull())
    .addColumn("attempted_at", "varchar(40)", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("error", "varchar(500)")
    .addColumn("response_body", "text", (c) => c.notNull())
    .addColumn("succeeded", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_attempts_endpoint").on("webhook_attempts")
    .columns(["endpoint_id", "attempted_at"]).execute();
}
