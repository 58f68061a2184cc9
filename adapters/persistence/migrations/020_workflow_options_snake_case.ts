import type { Kysely } from "kysely";
import { upgradeCamelCaseOptions } from "../../../domain/automation/camel_case_options.ts";
import type { SqlDialect } from "../database.ts";

interface WorkflowRow {
  readonly org_id: string;
  readonly workflow: string;
  readonly options: string;
}

/**
 * Stored late-fee policies in snake_case, like the rest of the API (issue 12): a policy written in
 * camelCase before (`graceDays`, `initialFee.amountCents`) is rewritten with the same mapping the
 * API uses for the camelCase it still accepts, so the worker and the status page see one form. The
 * row's version is left alone: the configuration means what it meant. (When the API stops accepting
 * camelCase, this migration keeps its own copy of the mapping.)
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  const table = db as unknown as Kysely<{ automation_workflows: WorkflowRow }>;
  const rows = await table.selectFrom("automation_workflows").select(["org_id", "workflow", "options"])
    .where("workflow", "=", "late_fee_processing").execute();
  for (const row of rows) {
    const upgraded = upgradeCamelCaseOptions("late_fee_processing", JSON.parse(row.options));
    if (upgraded.renamed.length === 0) continue;
    await table.updateTable("automation_workflows").set({ options: JSON.stringify(upgraded.options) })
      .where("org_id", "=", row.org_id).where("workflow", "=", row.workflow).execute();
  }
}
