/**
 * The reconciliation API's use cases: run one, read a report, resolve it, and the data-quality
 * view. Each takes the Caller and asks the access decision first; a property-scoped caller
 * reconciles, reads and resolves only runs limited to its own properties.
 */
import { type Caller, requireAuthorized, requireVisible } from "../../domain/access/authorize.ts";
import { DomainError } from "../../domain/errors.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { actorOf } from "../../domain/access/caller.ts";
import type { StoredReconciliationReport } from "../../domain/ports/reconciliation_reports.ts";
import { dataQuality, type DataQualityView } from "./data_quality.ts";
import {
  type ResolveDependencies,
  type ResolveOutcome,
  resolveReconciliation,
} from "./resolve_reconciliation.ts";
import {
  type ReconcileInput,
  type ReconciliationDependencies,
  runReconciliation,
} from "./run_reconciliation.ts";

/** Runs a reconciliation of the given properties (a property-scoped caller: its own, by default). */
export async function reconcileFor(
  deps: ReconciliationDependencies & { readonly audit: AuditTrail },
  caller: Caller,
  input: ReconcileInput,
  requestId: string | null,
): Promise<StoredReconciliationReport> {
  const propertyIds = input.propertyIds ?? caller.propertyIds;
  requireAuthorized(caller, "reconcile:run", propertyIds ? { propertyIds } : {});
  const { report } = await runReconciliation(deps, caller.orgId, {
    ...input,
    ...(propertyIds ? { propertyIds } : {}),
  }, (report) =>
    deps.audit({
      orgId: caller.orgId,
      at: deps.clock.now().toISOString(),
      actor: actorOf(caller),
      action: "reconciliation.completed",
      target: `reconciliation:${report.id}`,
      details: {
        report_id: report.id,
        realm_id: report.realmId,
        period_from: report.periodFrom,
        period_to: report.periodTo,
        property_ids: report.propertyIds ?? [],
        ...(report.propertyIds === null ? { scope: "organization" } : {}),
        discrepancies: report.discrepanciesFound,
        integrity_by_count: report.score.byCount,
        integrity_by_amount: report.score.byAmount,
        outcome: "succeeded",
      },
      requestId,
    }));
  return report;
}

/**
 * One stored report the caller may read (NOT_FOUND; FORBIDDEN when it covers other properties),
 * with `reconcile:read`, or with `reconcile:run` for the resolution that acts on it.
 */
export async function getReconciliationReport(
  deps: Pick<ResolveDependencies, "reports">,
  caller: Caller,
  id: string,
  permission: "reconcile:read" | "reconcile:run" = "reconcile:read",
): Promise<StoredReconciliationReport> {
  requireAuthorized(caller, permission);
  const report = await deps.reports.get(caller.orgId, id);
  if (!report) throw new DomainError("NOT_FOUND", `No reconciliation report ${id}`, { report_id: id });
  requireVisible(caller, permission, report.propertyIds);
  return report;
}

/** Applies a report's resolvable fixes (the caller must hold every property the run covered). */
export async function resolveReconciliationFor(
  deps: ResolveDependencies,
  caller: Caller,
  id: string,
  input: { readonly confirmVoidIds: readonly string[] },
  requestId: string | null,
): Promise<ResolveOutcome> {
  requireAuthorized(caller, "reconcile:run");
  const report = await getReconciliationReport(deps, caller, id, "reconcile:run");
  requireAuthorized(caller, "reconcile:run", { propertyIds: report.propertyIds ?? [] });
  const outcome = await resolveReconciliation(deps, caller.orgId, id, input);
  await deps.audit({
    orgId: caller.orgId,
    at: deps.clock.now().toISOString(),
    actor: actorOf(caller),
    action: "reconciliation.resolved",
    target: `reconciliation:${id}`,
    details: {
      report_id: id,
      recheck_report_id: outcome.after.id,
      applied: outcome.applied.map((s) => ({ type: s.type, action: s.action, outcome: s.outcome })),
      left_for_review: outcome.leftForReview.length,
      confirmed_voids: [...input.confirmVoidIds],
      pushed: outcome.push.writes,
      push_failed: outcome.push.failed,
      property_ids: report.propertyIds ?? [],
      ...(report.propertyIds === null ? { scope: "organization" } : {}),
      outcome: outcome.push.failed === 0 ? "succeeded" : "partial",
    },
    requestId,
  });
  return outcome;
}

/** The data-quality view of the caller's properties (all of them for an unscoped caller). */
export function dataQualityFor(
  deps: Parameters<typeof dataQuality>[0],
  caller: Caller,
  input: { readonly undepositedDays: number; readonly periodDays: number; readonly realmId?: string },
): Promise<DataQualityView> {
  requireAuthorized(caller, "reconcile:read");
  return dataQuality(deps, caller.orgId, { ...input, propertyIds: caller.propertyIds ?? null });
}
