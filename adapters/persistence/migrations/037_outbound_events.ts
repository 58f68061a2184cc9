import type { Kysely } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * Outbound events (issue 17): each organization's gap-free event log, written in the transaction
 * of the change that caused it, and its tail row (appends of one organization queue on it, as the
 * audit trail's do on `audit_heads`).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.createTable("outbound_events")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("id", "varchar(80)", (c) => c.notNull().unique())
    .addColumn("type", "varchar(100)", (c) => c.notNull())
    .addColumn("occurred_at", "varchar(40)", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("outbound_events_pk", ["org_id", "seq"])
    .execute();
  await db.schema.createIndex("outbound_events_time").on("outbound_events").columns(["org_id", "occurred_at"])
    .execute();
  await db.schema.createTable("outbound_event_heads")
    .addColumn("org_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .execute();
}
