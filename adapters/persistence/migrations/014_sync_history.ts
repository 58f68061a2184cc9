import type { Kysely } from "kysely";

/** Per-record outcomes of sync runs (GET /sync/history); one row per (run, object, record). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable("sync_history")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("job_id", "varchar(64)", (c) => c.notNull())
    .addColumn("entry_key", "text", (c) => c.notNull())
    .addColumn("outcome", "varchar(16)", (c) => c.notNull())
    .addColumn("record_type", "varchar(40)", (c) => c.notNull())
    .addColumn("record_id", "varchar(200)", (c) => c.notNull())
    .addColumn("property_id", "varchar(200)")
    .addColumn("entity_type", "varchar(40)")
    .addColumn("sync_record_id", "text")
    .addColumn("qbo_id", "varchar(64)")
    .addColumn("error_code", "varchar(40)")
    .addColumn("qbo_code", "varchar(40)")
    .addColumn("message", "text")
    .addColumn("recorded_at", "varchar(40)", (c) => c.notNull())
    .addUniqueConstraint("sync_history_entry", ["org_id", "job_id", "entry_key"])
    .execute();
  await db.schema.createIndex("sync_history_org_recorded").on("sync_history")
    .columns(["org_id", "recorded_at", "id"]).execute();
  await db.schema.createIndex("sync_history_org_record").on("sync_history")
    .columns(["org_id", "record_type", "record_id"]).execute();
}
