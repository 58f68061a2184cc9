import type { Kysely, Selectable } from "kysely";
import type { MissedSlotPolicy } from "../../../domain/automation/missed_slots.ts";
import type { WorkflowName } from "../../../domain/automation/workflow_catalog.ts";
import type {
  AutomationRepository,
  NewWorkflowConfig,
  RunOutcome,
  RunStatus,
  RunTrigger,
  SlotClaim,
  WorkflowConfig,
  WorkflowRun,
} from "../../../domain/ports/automation_repository.ts";
import type { SqlDialect } from "../database.ts";
import type { AutomationRunsTable, AutomationWorkflowsTable, DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";
import { isUniqueViolation } from "../sql_errors.ts";

function toConfig(row: Selectable<AutomationWorkflowsTable>): WorkflowConfig {
  return {
    orgId: row.org_id,
    workflow: row.workflow as WorkflowName,
    enabled: Number(row.enabled) === 1,
    schedule: JSON.parse(row.schedule),
    missedSlots: row.missed_slots as MissedSlotPolicy,
    options: JSON.parse(row.options),
    scheduleFrom: row.schedule_from,
    version: Number(row.version),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toRun(row: Selectable<AutomationRunsTable>): WorkflowRun {
  return {
    id: row.id,
    orgId: row.org_id,
    workflow: row.workflow as WorkflowName,
    slot: row.slot,
    trigger: row.trigger as RunTrigger,
    asOf: row.as_of,
    status: row.status as RunStatus,
    attempts: Number(row.attempts),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    result: row.result === null ? null : JSON.parse(row.result),
    errorCode: row.error_code,
    errorMessage: row.error_message,
    errorCause: row.error_cause === null ? null : JSON.parse(row.error_cause),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

function outcomeColumns(outcome: RunOutcome, now: string) {
  return {
    status: outcome.status,
    result: outcome.result === null ? null : JSON.stringify(outcome.result),
    error_code: outcome.errorCode ?? null,
    error_message: outcome.errorMessage ?? null,
    error_cause: outcome.errorCause === undefined ? null : JSON.stringify(outcome.errorCause),
    lease_owner: null,
    lease_until: null,
    finished_at: now,
    updated_at: now,
  };
}

/**
 * Automation configurations and runs in SQL. Claiming a slot is an INSERT guarded by the unique
 * key (org, workflow, slot); taking over an expired run is a compare-and-set UPDATE on its lease, so
 * of several processes exactly one wins either way. Instants are ISO-8601 UTC text (they sort in
 * time order in both engines).
 */
export class SqlAutomationRepository implements AutomationRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  #write<T>(work: () => Promise<T>): Promise<T> {
    return serializedWrite(this.#db, this.#dialect, work);
  }

  async saveConfig(config: NewWorkflowConfig): Promise<WorkflowConfig> {
    const columns = {
      enabled: config.enabled ? 1 : 0,
      schedule: JSON.stringify(config.schedule),
      missed_slots: config.missedSlots,
      options: JSON.stringify(config.options),
      schedule_from: config.scheduleFrom,
      updated_at: config.updatedAt,
      updated_by: config.updatedBy,
    };
    await this.#write(() =>
      this.#db.insertInto("automation_workflows")
        .values({ org_id: config.orgId, workflow: config.workflow, ...columns, version: 1 })
        .onConflict((oc) =>
          oc.columns(["org_id", "workflow"]).doUpdateSet((eb) => ({
            ...columns,
            version: eb("automation_workflows.version", "+", 1),
          }))
        ).execute()
    );
    return (await this.getConfig(config.orgId, config.workflow))!;
  }

  async getConfig(orgId: string, workflow: WorkflowName): Promise<WorkflowConfig | null> {
    const row = await this.#db.selectFrom("automation_workflows").selectAll()
      .where("org_id", "=", orgId).where("workflow", "=", workflow).executeTakeFirst();
    return row ? toConfig(row) : null;
  }

  async listConfigs(orgId: string): Promise<WorkflowConfig[]> {
    const rows = await this.#db.selectFrom("automation_workflows").selectAll().where("org_id", "=", orgId)
      .orderBy("workflow").execute();
    return rows.map(toConfig);
  }

  async listEnabled(): Promise<WorkflowConfig[]> {
    const rows = await this.#db.selectFrom("automation_workflows").selectAll().where("enabled", "=", 1)
      .orderBy("org_id").orderBy("workflow").execute();
    return rows.map(toConfig);
  }

  async claimSlot(claim: SlotClaim): Promise<WorkflowRun | null> {
    const row: Selectable<AutomationRunsTable> = {
      id: claim.id,
      org_id: claim.orgId,
      workflow: claim.workflow,
      slot: claim.slot,
      trigger: claim.trigger,
      as_of: claim.asOf,
      status: "running",
      attempts: 1,
      lease_owner: claim.owner,
      lease_until: plus(claim.now, claim.leaseMs),
      result: null,
      error_code: null,
      error_message: null,
      error_cause: null,
      started_at: claim.now,
      finished_at: null,
      updated_at: claim.now,
    };
    try {
      await this.#write(() => this.#db.insertInto("automation_runs").values(row).execute());
      return toRun(row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await this.#db.selectFrom("automation_runs").selectAll()
      .where("org_id", "=", claim.orgId).where("workflow", "=", claim.workflow).where("slot", "=", claim.slot)
      .executeTakeFirst();
    if (!existing || existing.status !== "running" || (existing.lease_until ?? "") > claim.now) return null;
    const takeover = {
      lease_owner: claim.owner,
      lease_until: plus(claim.now, claim.leaseMs),
      attempts: Number(existing.attempts) + 1,
      updated_at: claim.now,
    };
    const result = await this.#write(() =>
      this.#db.updateTable("automation_runs").set(takeover)
        .where("id", "=", existing.id).where("status", "=", "running")
        .where("attempts", "=", existing.attempts)
        .where((eb) =>
          existing.lease_until === null
            ? eb("lease_until", "is", null)
            : eb("lease_until", "=", existing.lease_until)
        )
        .executeTakeFirst()
    );
    return Number(result.numUpdatedRows) === 1 ? toRun({ ...existing, ...takeover }) : null;
  }

  async renewLease(runId: string, owner: string, leaseMs: number, now: string): Promise<boolean> {
    const result = await this.#write(() =>
      this.#db.updateTable("automation_runs")
        .set({ lease_until: plus(now, leaseMs), updated_at: now })
        .where("id", "=", runId).where("status", "=", "running").where("lease_owner", "=", owner)
        .executeTakeFirst()
    );
    return Number(result.numUpdatedRows) === 1;
  }

  async finishRun(runId: string, owner: string, outcome: RunOutcome, now: string): Promise<boolean> {
    const result = await this.#write(() =>
      this.#db.updateTable("automation_runs").set(outcomeColumns(outcome, now))
        .where("id", "=", runId).where("status", "=", "running").where("lease_owner", "=", owner)
        .executeTakeFirst()
    );
    return Number(result.numUpdatedRows) === 1;
  }

  async abandonRun(runId: string, outcome: RunOutcome, now: string): Promise<boolean> {
    const result = await this.#write(() =>
      this.#db.updateTable("automation_runs").set(outcomeColumns(outcome, now))
        .where("id", "=", runId).where("status", "=", "running")
        .executeTakeFirst()
    );
    return Number(result.numUpdatedRows) === 1;
  }

  async latestScheduledRun(orgId: string, workflow: WorkflowName): Promise<WorkflowRun | null> {
    const row = await this.#db.selectFrom("automation_runs").selectAll()
      .where("org_id", "=", orgId).where("workflow", "=", workflow).where("trigger", "=", "schedule")
      .orderBy("slot", "desc").limit(1).executeTakeFirst();
    return row ? toRun(row) : null;
  }

  async getRun(orgId: string, runId: string): Promise<WorkflowRun | null> {
    const row = await this.#db.selectFrom("automation_runs").selectAll()
      .where("org_id", "=", orgId).where("id", "=", runId).executeTakeFirst();
    return row ? toRun(row) : null;
  }

  async listRuns(
    orgId: string,
    options: { readonly limit: number; readonly workflow?: WorkflowName; readonly status?: RunStatus },
  ): Promise<WorkflowRun[]> {
    let query = this.#db.selectFrom("automation_runs").selectAll().where("org_id", "=", orgId);
    if (options.workflow) query = query.where("workflow", "=", options.workflow);
    if (options.status) query = query.where("status", "=", options.status);
    const rows = await query.orderBy("started_at", "desc").orderBy("id", "desc").limit(options.limit)
      .execute();
    return rows.map(toRun);
  }
}
