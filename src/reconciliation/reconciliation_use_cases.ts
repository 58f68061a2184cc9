/**
 * The reconciliation API's use cases: run one, read a report, resolve it, and the data-quality
 * view. Each takes the Caller and asks the access decision first; a property-scoped caller
 * reconciles, reads and resolves only runs limited to its own properties.
 */
import { type Caller, requireAuthorized, requireVisible } from "../../domain/access/authorize.ts";
import { DomainError } from "../../domain/errors.ts";
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
  deps: ReconciliationDependencies,
  caller: Caller,
  input: ReconcileInput,
): Promise<StoredReconciliationReport> {
  const propertyIds = input.propertyIds ?? caller.propertyIds;
  requireAuthorized(caller, "reconcile:run", propertyIds ? { propertyIds } : {});
  const { report } = await runReconciliation(deps, caller.orgId, {
    ...input,
    ...(propertyIds ? { propertyIds } : {}),
  });
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
): Promise<ResolveOutcome> {
  requireAuthorized(caller, "reconcile:run");
  const report = await getReconciliationReport(deps, caller, id, "reconcile:run");
  requireAuthorized(caller, "reconcile:run", { propertyIds: report.propertyIds ?? [] });
  return resolveReconciliation(deps, caller.orgId, id, input);
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
