import type { Kysely } from "kysely";

/**
 * Automation: workflow configurations per organization, and workflow runs. The unique key
 * (org_id, workflow, slot) makes each schedule slot run once, whatever the number of workers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable("automation_workflows")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("workflow", "varchar(40)", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("schedule", "text", (c) => c.notNull())
    .addColumn("missed_slots", "varchar(16)", (c) => c.notNull())
    .addColumn("options", "text", (c) => c.notNull())
    .addColumn("schedule_from", "varchar(40)", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .addColumn("updated_by", "varchar(200)", (c) => c.notNull())
    .addPrimaryKeyConstraint("automation_workflows_pk", ["org_id", "workflow"])
    .execute();
  await db.schema.createIndex("automation_workflows_enabled").on("automation_workflows").column("enabled")
    .execute();

  await db.schema.createTable("automation_runs")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("workflow", "varchar(40)", (c) => c.notNull())
    .addColumn("slot", "varchar(80)", (c) => c.notNull())
    .addColumn("trigger", "varchar(16)", (c) => c.notNull())
    .addColumn("as_of", "varchar(10)", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("lease_owner", "varchar(200)")
    .addColumn("lease_until", "varchar(40)")
    .addColumn("result", "text")
    .addColumn("error_code", "varchar(40)")
    .addColumn("error_message", "text")
    .addColumn("error_cause", "text")
    .addColumn("started_at", "varchar(40)", (c) => c.notNull())
    .addColumn("finished_at", "varchar(40)")
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .addUniqueConstraint("automation_runs_slot", ["org_id", "workflow", "slot"])
    .execute();
  await db.schema.createIndex("automation_runs_org_started").on("automation_runs")
    .columns(["org_id", "started_at"]).execute();
}
