import type { Kysely } from "kysely";

/**
 * Reconciliation reports: one row per run, the discrepancies and totals as JSON text, the integrity
 * scores in hundredths of a percent (integers on both dialects), the resolution once resolved.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable("reconciliation_reports")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("created_at", "varchar(40)", (c) => c.notNull())
    .addColumn("period_from", "varchar(10)", (c) => c.notNull())
    .addColumn("period_to", "varchar(10)", (c) => c.notNull())
    .addColumn("property_ids", "text")
    .addColumn("discrepancies_found", "integer", (c) => c.notNull())
    .addColumn("discrepancies", "text", (c) => c.notNull())
    .addColumn("counts_by_type", "text", (c) => c.notNull())
    .addColumn("totals", "text", (c) => c.notNull())
    .addColumn("score", "text", (c) => c.notNull())
    .addColumn("score_by_count_bp", "integer", (c) => c.notNull())
    .addColumn("score_by_amount_bp", "integer", (c) => c.notNull())
    .addColumn("resolution", "text")
    .addColumn("resolved_at", "varchar(40)")
    .execute();
  await db.schema.createIndex("reconciliation_reports_org_created").on("reconciliation_reports")
    .columns(["org_id", "created_at"]).execute();
}
