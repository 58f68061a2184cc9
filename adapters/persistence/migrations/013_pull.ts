import type { Kysely } from "kysely";

/** The pull's state: CDC cursors per company, the event log for EstateCore, the review queue. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable("pull_cursors")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("cursor_at", "varchar(40)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .addPrimaryKeyConstraint("pull_cursors_pk", ["org_id", "realm_id"])
    .execute();

  await db.schema.createTable("sync_events")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("at", "varchar(40)", (c) => c.notNull())
    .addColumn("event", "varchar(64)", (c) => c.notNull())
    .addColumn("entity_type", "varchar(40)", (c) => c.notNull())
    .addColumn("qbo_id", "varchar(64)", (c) => c.notNull())
    .addColumn("record_type", "varchar(40)")
    .addColumn("record_ids", "text", (c) => c.notNull())
    .addColumn("suggested_action", "varchar(40)")
    .addColumn("details", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "varchar(300)", (c) => c.notNull())
    .addPrimaryKeyConstraint("sync_events_pk", ["org_id", "seq"])
    .addUniqueConstraint("sync_events_dedupe", ["org_id", "dedupe_key"])
    .execute();

  await db.schema.createTable("review_items")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("entity_type", "varchar(40)", (c) => c.notNull())
    .addColumn("record_id", "varchar(200)", (c) => c.notNull())
    .addColumn("qbo_id", "varchar(64)", (c) => c.notNull())
    .addColumn("conflicts", "text", (c) => c.notNull())
    .addColumn("quickbooks_snapshot", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("resolution", "varchar(16)")
    .addColumn("created_at", "varchar(40)", (c) => c.notNull())
    .addColumn("resolved_at", "varchar(40)")
    .execute();
  await db.schema.createIndex("review_items_org_status").on("review_items").columns(["org_id", "status"])
    .execute();
}
