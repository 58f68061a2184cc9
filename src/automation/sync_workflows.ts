import { SyncWorkflowOptionsSchema } from "../../domain/automation/workflow_options.ts";
import { DomainError } from "../../domain/errors.ts";
import { enqueueSync } from "../sync/sync_jobs.ts";
import type { WorkflowDependencies, WorkflowRequest, WorkflowResult } from "./workflow_dependencies.ts";

/**
 * `payment_sync` and `expense_sync`: queue a push so new payments (or expenses and bills) reach QBO.
 * Said plainly: there is one push, and it writes every record that changed since the last sync, not
 * only payments or expenses; it writes nothing for records that did not change. A push already queued
 * or running is reused. A dry run only checks that a connected company would accept the push.
 */
export async function queuePush(
  deps: WorkflowDependencies,
  request: WorkflowRequest,
  what: "payments" | "expenses",
): Promise<WorkflowResult> {
  const options = SyncWorkflowOptionsSchema.parse(request.options);
  const pending = await deps.mirror.lastChangeSeq(request.orgId);
  if (request.dryRun) {
    const connection = options.realm_id
      ? await deps.connections.get(request.orgId, options.realm_id)
      : await deps.connections.getDefault(request.orgId);
    if (!connection) {
      throw new DomainError("NOT_FOUND", "No QuickBooks company is connected for this organization", {
        realm_id: options.realm_id ?? null,
      });
    }
    return {
      would_queue: "push",
      realm_id: connection.realmId,
      connection_status: connection.status,
      mirror_change_seq: pending,
      note: `a push sends every changed record, not only ${what}`,
    };
  }
  const { job, created } = await enqueueSync(deps, request.orgId, options.realm_id, "push");
  return {
    job_id: job.id,
    job_created: created,
    realm_id: job.realmId,
    mirror_change_seq: pending,
    note: `a push sends every changed record, not only ${what}; unchanged records are not written`,
  };
}
