import { type Kysely, sql } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * The durable job queue and the sync links. A partial unique index keeps at most one live
 * (queued or running) job per org and dedupe key, enforced by the database across processes.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.createTable("job_queue")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)")
    .addColumn("job_type", "varchar(64)", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("dedupe_key", "varchar(200)")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("run_after", "varchar(40)", (c) => c.notNull())
    .addColumn("lease_owner", "varchar(128)")
    .addColumn("lease_until", "varchar(40)")
    .addColumn("progress_total", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("progress_done", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("progress_failed", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("progress_skipped", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("progress_detail", "text", (c) => c.notNull())
    .addColumn("result", "text")
    .addColumn("last_error_code", "varchar(64)")
    .addColumn("last_error_message", "text")
    .addColumn("created_at", "varchar(40)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .addColumn("started_at", "varchar(40)")
    .addColumn("finished_at", "varchar(40)")
    .execute();
  await db.schema.createIndex("job_queue_due").on("job_queue").columns(["status", "run_after"]).execute();
  await db.schema.createIndex("job_queue_org").on("job_queue").columns(["org_id", "created_at"]).execute();
  await db.schema.createIndex("job_queue_live_dedupe").unique().on("job_queue").columns([
    "org_id",
    "dedupe_key",
  ])
    .where(sql.ref("status"), "in", ["queued", "running"]).execute();

  await db.schema.createTable("sync_links")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("entity_type", "varchar(40)", (c) => c.notNull())
    .addColumn("record_id", "varchar(100)", (c) => c.notNull())
    .addColumn("qbo_id", "varchar(64)", (c) => c.notNull())
    .addColumn("sync_token", "varchar(32)", (c) => c.notNull())
    .addColumn("fingerprint", "varchar(128)", (c) => c.notNull())
    .addColumn("base_snapshot", "text", (c) => c.notNull())
    .addColumn("state", "varchar(16)", (c) => c.notNull())
    .addColumn("record_version", "bigint")
    .addColumn("synced_at", "varchar(40)", (c) => c.notNull())
    .addPrimaryKeyConstraint("sync_links_pk", ["org_id", "realm_id", "entity_type", "record_id"])
    .execute();
  await db.schema.createIndex("sync_links_qbo").unique().on("sync_links")
    .columns(["org_id", "realm_id", "entity_type", "qbo_id"]).execute();
}
