import { applySyncResults } from "../../domain/sync/apply_sync_results.ts";
import { withForcedRewrites } from "../../domain/sync/forced_rewrites.ts";
import { planSync } from "../../domain/sync/sync_plan.ts";
import type { SyncLink } from "../../domain/sync/sync_record.ts";
import type { DesiredState } from "../../domain/sync_engine/desired_state.ts";
import { failedRecords, recordsBlocked, recordsWritten } from "../../domain/sync_engine/push_outcomes.ts";
import type { RecordOwners } from "../../domain/sync_engine/record_owners.ts";
import type { PushScope } from "./push_scope.ts";

export interface PlannedPushInput {
  readonly scope: PushScope;
  readonly links: readonly SyncLink[];
  readonly owners: RecordOwners;
  readonly batchSize: number;
  readonly maxRounds: number;
}

/**
 * How many EstateCore records a push will settle, planned before its first write: each round is
 * planned as if every write of the round before succeeded (placeholder QBO ids unblock the records
 * waiting for them), and what stays blocked or unmappable at the end counts too.
 */
export function plannedRecords(input: PlannedPushInput): number {
  const { scope, owners } = input;
  let current = input.links;
  let records = 0;
  let last: DesiredState | null = null;
  for (let round = 1; round <= input.maxRounds; round++) {
    const desired = scope.desiredWith(current);
    last = desired;
    const planLinks = round === 1 ? withForcedRewrites(current, scope.forced) : current;
    const plan = planSync(desired.desired.filter(scope.eligible), planLinks, { batchSize: input.batchSize });
    if (plan.writes.length === 0) break;
    records += recordsWritten(owners, plan.writes);
    current = applySyncResults(
      planLinks,
      plan.writes,
      plan.writes.map((op) => ({
        requestId: op.requestId,
        ok: true as const,
        qboId: op.qboId ?? `planned:${op.entityType}:${op.recordId}`,
        syncToken: op.syncToken ?? "0",
      })),
    );
  }
  if (!last) return records;
  return records + recordsBlocked(owners, last.blocked) + failedRecords(owners, [], last.errors).length;
}
