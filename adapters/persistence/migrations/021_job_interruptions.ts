import type { Kysely } from "kysely";

/**
 * Jobs count the runs cut short by a crash or a lease takeover apart from their attempts (issue
 * 14): an interrupted run spends no attempt (attempts count failures of the work itself), and
 * `interruptions` bounds a job that kills its worker every time. Existing jobs start at 0.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("job_queue")
    .addColumn("interruptions", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}
