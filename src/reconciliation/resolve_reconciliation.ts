import { DomainError } from "../../domain/errors.ts";
import type { WriteItem } from "../../domain/ports/quickbooks_gateway.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { ReviewQueue } from "../../domain/ports/pull_state.ts";
import type { StoredReconciliationReport } from "../../domain/ports/reconciliation_reports.ts";
import type { SyncLinkWrite } from "../../domain/ports/sync_link_repository.ts";
import type { Discrepancy } from "../../domain/reconciliation/discrepancy.ts";
import { isVoidedObject } from "../../domain/reconciliation/quickbooks_books.ts";
import { removalKind } from "../../domain/sync/entity_order.ts";
import { fingerprint } from "../../domain/sync/fingerprint.ts";
import { keyedRequestId } from "../../domain/sync/request_id.ts";
import { syncKey } from "../../domain/sync/sync_record.ts";
import { projectOnto } from "../../domain/sync_engine/project_onto.ts";
import { pushPortfolio } from "../sync/push_portfolio.ts";
import { buildReconciliationLedgers, type ReconciliationLedgers } from "./reconciliation_ledgers.ts";
import {
  type ReconciliationDependencies,
  reconciliationTarget,
  runReconciliation,
} from "./run_reconciliation.ts";

export interface ResolveDependencies extends ReconciliationDependencies {
  readonly reviews?: Pick<ReviewQueue, "list">;
  /** The resolution's QuickBooks writes are recorded like every push's. */
  readonly audit: AuditTrail;
}

/** One discrepancy the resolve run acted on or left, and why. */
export interface ResolutionStep {
  readonly type: string;
  readonly action: string;
  readonly estatecore_id: string | null;
  readonly quickbooks_id: string | null;
  readonly outcome: string;
}

export interface ResolveOutcome {
  readonly before: StoredReconciliationReport;
  readonly after: StoredReconciliationReport;
  readonly applied: readonly ResolutionStep[];
  readonly leftForReview: readonly ResolutionStep[];
  readonly push: { readonly writes: number; readonly failed: number };
}

/**
 * Applies a report's auto-resolvable actions, then re-checks with a new reconciliation:
 * - push_missing: a record never pushed is created by the push; one whose QBO object was deleted
 *   loses its stale link first, so the push creates it again;
 * - relink: the link is written to the probable match, based on what QBO holds now, so the push
 *   only sends what differs from EstateCore;
 * - update_quickbooks: the link is re-based on QBO's current object, so the push rewrites exactly
 *   the fields QBO changed (an edited amount, a deposit moved to an income item, a date) or voids it;
 * - void_duplicate: only for QBO ids the caller confirms in `confirmVoidIds`.
 * The push is a full push of the company (it writes only what differs), run before the re-check so
 * the re-check reads QBO after the fix. Anything needing a person is left and listed.
 */
export async function resolveReconciliation(
  deps: ResolveDependencies,
  orgId: string,
  reportId: string,
  input: { readonly confirmVoidIds: readonly string[] },
): Promise<ResolveOutcome> {
  const before = await deps.reports.get(orgId, reportId);
  if (!before) {
    throw new DomainError("NOT_FOUND", `No reconciliation report ${reportId}`, { report_id: reportId });
  }
  if (before.resolution !== null) {
    throw new DomainError("CONFLICT", "This report was already resolved; reconcile again for a fresh one", {
      report_id: reportId,
      after_report_id: before.resolution.afterReportId,
    });
  }
  const target = await reconciliationTarget(deps.connections, orgId, before.realmId);
  const rerun = { from: before.periodFrom, to: before.periodTo, realmId: before.realmId };
  const scope = before.propertyIds === null ? {} : { propertyIds: before.propertyIds };
  const ledgers = await buildReconciliationLedgers(
    deps,
    target,
    { from: before.periodFrom, to: before.periodTo },
    before.propertyIds,
  );
  const confirmed = new Set(input.confirmVoidIds);
  const applied: ResolutionStep[] = [];
  const left: ResolutionStep[] = [];
  const linkWrites = new Map<string, SyncLinkWrite>();
  const linkDeletes = new Map<string, { entityType: string; recordId: string }>();
  const voids: WriteItem[] = [];
  const step = (d: Discrepancy, outcome: string): ResolutionStep => ({
    type: d.type,
    action: d.action,
    estatecore_id: d.estatecoreId,
    quickbooks_id: d.quickbooksId,
    outcome,
  });

  for (const d of before.discrepancies) {
    if (d.type === "balance_mismatch") {
      left.push(step(d, "balances follow their records; re-checked after the fixes"));
      continue;
    }
    if (d.action === "void_duplicate") {
      const object = d.quickbooksId === null ? undefined : qboObjectOf(ledgers, d.quickbooksId);
      if (d.quickbooksId === null || !confirmed.has(d.quickbooksId)) {
        left.push(step(d, "voiding needs confirmation (confirm_void_ids)"));
      } else if (!object) {
        left.push(step(d, "no longer in QuickBooks"));
      } else {
        const removal = removalKind(object.entityType, "voided");
        voids.push({
          key: `v${voids.length}`,
          entityName: object.entityType,
          operation: removal === "deactivate" ? "update" : removal,
          payload: removal === "deactivate"
            ? { Id: object.id, SyncToken: object.syncToken, sparse: true, Active: false }
            : { Id: object.id, SyncToken: object.syncToken },
        });
        applied.push(step(d, `${removal} in QuickBooks`));
      }
      continue;
    }
    if (!d.autoResolvable) {
      left.push(step(d, "needs a person"));
      continue;
    }
    const ec = ledgers.sources.get(d.action === "relink" ? d.relatedId ?? "" : d.estatecoreId ?? "");
    if (!ec) {
      left.push(step(d, "the EstateCore record is no longer in the period"));
      continue;
    }
    const key = syncKey(ec.entityType, ec.id);
    if (d.action === "push_missing") {
      if (d.quickbooksId !== null) linkDeletes.set(key, { entityType: ec.entityType, recordId: ec.id });
      applied.push(step(d, d.quickbooksId !== null ? "stale link dropped; pushed again" : "pushed"));
      continue;
    }
    const object = d.quickbooksId === null ? undefined : qboObjectOf(ledgers, d.quickbooksId);
    const desired = ledgers.desired.get(key);
    if (!object || !desired || object.entityType !== ec.entityType) {
      left.push(step(d, "no QuickBooks object of the same type to act on"));
      continue;
    }
    const base = projectOnto(desired.payload, object.object) as Record<string, unknown>;
    const existing = ledgers.links.find((l) => l.entityType === ec.entityType && l.recordId === ec.id);
    linkWrites.set(key, {
      entityType: desired.entityType,
      recordId: ec.id,
      qboId: object.id,
      syncToken: object.syncToken,
      baseSnapshot: base,
      fingerprint: fingerprint(base),
      state: isVoidedObject(object.object) ? "voided" : "active",
      recordVersion: existing?.recordVersion ?? null,
    });
    applied.push(
      step(d, d.action === "relink" ? "linked; pushed what differs" : "rewritten from EstateCore"),
    );
  }

  const now = deps.clock.now().toISOString();
  for (const { entityType, recordId } of linkDeletes.values()) {
    await deps.links.delete(orgId, target.realmId, entityType, recordId);
  }
  if (linkWrites.size > 0) await deps.links.saveBatch(orgId, target.realmId, [...linkWrites.values()], now);
  if (voids.length > 0) {
    const outcome = await deps.gateway.writeBatch(
      target,
      voids,
      keyedRequestId(`reconcile-void:${reportId}`),
    );
    const failed = outcome.results.filter((r) => !r.ok);
    if (failed.length > 0) {
      throw new DomainError("QB004", "QuickBooks refused to void a confirmed duplicate", {
        report_id: reportId,
        failures: failed.map((f) => ({ ...f })),
      });
    }
  }
  const push = await pushPortfolio(deps, target);
  const { report: after } = await runReconciliation(deps, orgId, { ...rerun, ...scope });
  const resolution = {
    resolvedAt: deps.clock.now().toISOString(),
    afterReportId: after.id,
    applied: applied.map((s) => ({ ...s })),
    leftForReview: left.map((s) => ({ ...s })),
  };
  if (!await deps.reports.markResolved(orgId, reportId, resolution)) {
    throw new DomainError("CONFLICT", "This report was resolved by another request meanwhile", {
      report_id: reportId,
    });
  }
  return {
    before: { ...before, resolution },
    after,
    applied,
    leftForReview: left,
    push: { writes: push.writes, failed: push.failed.length },
  };
}

/** The QBO object behind a QuickBooks ledger id ("Invoice:130" or "Invoice:130#deposit"). */
function qboObjectOf(ledgers: ReconciliationLedgers, ledgerId: string) {
  const source = ledgers.sources.get(ledgerId);
  if (!source) return undefined;
  const object = ledgers.qboObjects.get(`${source.entityType}/${source.id}`);
  if (!object) return undefined;
  return { entityType: source.entityType, id: source.id, syncToken: String(object.SyncToken ?? "0"), object };
}
