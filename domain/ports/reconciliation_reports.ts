import type { Discrepancy } from "../reconciliation/discrepancy.ts";
import type { IntegrityScore } from "../reconciliation/integrity_score.ts";
import type { ReconciliationTotals } from "../reconciliation/ledger_totals.ts";

/** What a resolve run did to a report, kept with it. */
export interface ReportResolution {
  readonly resolvedAt: string;
  /** The re-check run right after the actions. */
  readonly afterReportId: string;
  readonly applied: readonly Readonly<Record<string, unknown>>[];
  readonly leftForReview: readonly Readonly<Record<string, unknown>>[];
}

/** One stored reconciliation run of an organization's company. */
export interface StoredReconciliationReport {
  readonly id: string;
  readonly orgId: string;
  readonly realmId: string;
  readonly createdAt: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  /** The properties the run was limited to; null for the whole organization. */
  readonly propertyIds: readonly string[] | null;
  readonly discrepanciesFound: number;
  readonly discrepancies: readonly Discrepancy[];
  readonly countsByType: Readonly<Record<string, number>>;
  readonly totals: ReconciliationTotals;
  readonly score: IntegrityScore;
  readonly resolution: ReportResolution | null;
}

/** Reconciliation reports, per organization, newest first. */
export interface ReconciliationReportRepository {
  save(report: StoredReconciliationReport): Promise<void>;
  get(orgId: string, id: string): Promise<StoredReconciliationReport | null>;
  /** Newest first. */
  list(orgId: string, options: { readonly limit: number }): Promise<StoredReconciliationReport[]>;
  /** Records a resolve run once; false when the report is unknown or was already resolved. */
  markResolved(orgId: string, id: string, resolution: ReportResolution): Promise<boolean>;
}
