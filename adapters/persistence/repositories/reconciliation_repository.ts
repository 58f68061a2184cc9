import type { Kysely, Selectable } from "kysely";
import type {
  ReconciliationReportRepository,
  ReportResolution,
  StoredReconciliationReport,
} from "../../../domain/ports/reconciliation_reports.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema, ReconciliationReportsTable } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

function toReport(row: Selectable<ReconciliationReportsTable>): StoredReconciliationReport {
  return {
    id: row.id,
    orgId: row.org_id,
    realmId: row.realm_id,
    createdAt: row.created_at,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    propertyIds: row.property_ids === null ? null : JSON.parse(row.property_ids),
    discrepanciesFound: Number(row.discrepancies_found),
    discrepancies: JSON.parse(row.discrepancies),
    countsByType: JSON.parse(row.counts_by_type),
    totals: JSON.parse(row.totals),
    score: JSON.parse(row.score),
    resolution: row.resolution === null ? null : JSON.parse(row.resolution),
  };
}

/**
 * Reconciliation reports in SQL, one row per run. The scores are also kept as integer hundredths
 * of a percent so trends can be read without parsing the JSON.
 */
export class SqlReconciliationReportRepository implements ReconciliationReportRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  save(report: StoredReconciliationReport): Promise<void> {
    return serializedWrite(this.#db, this.#dialect, async () => {
      await this.#db.insertInto("reconciliation_reports").values({
        id: report.id,
        org_id: report.orgId,
        realm_id: report.realmId,
        created_at: report.createdAt,
        period_from: report.periodFrom,
        period_to: report.periodTo,
        property_ids: report.propertyIds === null ? null : JSON.stringify(report.propertyIds),
        discrepancies_found: report.discrepanciesFound,
        discrepancies: JSON.stringify(report.discrepancies),
        counts_by_type: JSON.stringify(report.countsByType),
        totals: JSON.stringify(report.totals),
        score: JSON.stringify(report.score),
        score_by_count_bp: Math.round(report.score.byCount * 100),
        score_by_amount_bp: Math.round(report.score.byAmount * 100),
        resolution: report.resolution === null ? null : JSON.stringify(report.resolution),
        resolved_at: report.resolution?.resolvedAt ?? null,
      }).execute();
    });
  }

  async get(orgId: string, id: string): Promise<StoredReconciliationReport | null> {
    const row = await this.#db.selectFrom("reconciliation_reports").selectAll().where("org_id", "=", orgId)
      .where("id", "=", id).executeTakeFirst();
    return row ? toReport(row) : null;
  }

  async list(orgId: string, options: { readonly limit: number }): Promise<StoredReconciliationReport[]> {
    const rows = await this.#db.selectFrom("reconciliation_reports").selectAll().where("org_id", "=", orgId)
      .orderBy("created_at", "desc").orderBy("id", "desc").limit(options.limit).execute();
    return rows.map(toReport);
  }

  markResolved(orgId: string, id: string, resolution: ReportResolution): Promise<boolean> {
    return serializedWrite(this.#db, this.#dialect, async () => {
      const result = await this.#db.updateTable("reconciliation_reports")
        .set({ resolution: JSON.stringify(resolution), resolved_at: resolution.resolvedAt })
        .where("org_id", "=", orgId).where("id", "=", id).where("resolved_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }
}
