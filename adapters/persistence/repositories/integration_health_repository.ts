import type { Kysely } from "kysely";
import { z } from "zod";
import { DomainError } from "../../../domain/errors.ts";
import type { HealthState, HealthStatusChange } from "../../../domain/health/evaluate_health.ts";
import { HEALTH_ISSUE_CODES } from "../../../domain/health/health_issue_codes.ts";
import type { TrackedCondition } from "../../../domain/health/health_hysteresis.ts";
import {
  HEALTH_COMPONENTS,
  HEALTH_STATUSES,
  type HealthStatus,
  ISSUE_SEVERITIES,
} from "../../../domain/health/health_status.ts";
import type {
  HealthHistoryEntry,
  HealthHistoryPage,
  IntegrationHealthStore,
  StoredHealthState,
} from "../../../domain/ports/integration_health_store.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

const Status = z.enum(HEALTH_STATUSES);
const Tracked = z.object({
  key: z.string(),
  code: z.enum(HEALTH_ISSUE_CODES),
  realmId: z.string().nullable(),
  severity: z.enum(ISSUE_SEVERITIES),
  component: z.enum(HEALTH_COMPONENTS),
  message: z.string(),
  recommendation: z.string(),
  details: z.record(z.string(), z.unknown()),
  immediate: z.boolean(),
  since: z.string(),
  counting: z.boolean(),
  clearSince: z.string().nullable(),
});

/** The cursor is the seq of the last entry returned, opaque to callers. */
function decodeCursor(cursor: string): number {
  const match = /^h(\d{1,15})$/.exec(cursor);
  if (match) return Number(match[1]);
  throw new DomainError("VALIDATION_FAILED", "Malformed health history cursor", { cursor });
}

/** Health state and history in SQL: a versioned row per organization, history rows by (org, seq). */
export class SqlIntegrationHealthStore implements IntegrationHealthStore {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async get(orgId: string): Promise<StoredHealthState | null> {
    const row = await this.#db.selectFrom("integration_health_states").selectAll().where("org_id", "=", orgId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      status: Status.parse(row.status),
      companies: z.record(z.string(), Status).parse(JSON.parse(row.companies)),
      conditions: z.array(Tracked).parse(JSON.parse(row.conditions)) as TrackedCondition[],
      evaluatedAt: row.evaluated_at,
      version: Number(row.version),
    };
  }

  save(
    orgId: string,
    state: HealthState,
    expectedVersion: number,
    changes: readonly HealthStatusChange[],
  ): Promise<boolean> {
    const columns = {
      status: state.status,
      companies: JSON.stringify(state.companies),
      conditions: JSON.stringify(state.conditions),
      evaluated_at: state.evaluatedAt,
    };
    return serializedWrite(this.#db, this.#dialect, () =>
      this.#db.transaction().execute(async (trx) => {
        const written = expectedVersion === 0
          ? await trx.insertInto("integration_health_states")
            .values({ org_id: orgId, ...columns, version: 1 })
            .onConflict((oc) => oc.column("org_id").doNothing()).executeTakeFirst()
            .then((r) => Number(r.numInsertedOrUpdatedRows ?? 0))
          : await trx.updateTable("integration_health_states").set({
            ...columns,
            version: expectedVersion + 1,
          })
            .where("org_id", "=", orgId).where("version", "=", expectedVersion).executeTakeFirst()
            .then((r) => Number(r.numUpdatedRows));
        if (written !== 1) return false;
        if (changes.length === 0) return true;
        const last = await trx.selectFrom("integration_health_history")
          .select((eb) => eb.fn.max("seq").as("seq")).where("org_id", "=", orgId).executeTakeFirst();
        const from = Number(last?.seq ?? 0);
        await trx.insertInto("integration_health_history").values(changes.map((change, i) => ({
          org_id: orgId,
          seq: from + i + 1,
          realm_id: change.realmId,
          from_status: change.from,
          to_status: change.to,
          at: change.at,
          issue_codes: JSON.stringify(change.issueCodes),
        }))).execute();
        return true;
      }));
  }

  async history(
    orgId: string,
    query: { readonly realmId?: string | null; readonly cursor?: string; readonly limit: number },
  ): Promise<HealthHistoryPage> {
    let select = this.#db.selectFrom("integration_health_history").selectAll().where("org_id", "=", orgId);
    if (query.realmId === null) select = select.where("realm_id", "is", null);
    else if (query.realmId !== undefined) select = select.where("realm_id", "=", query.realmId);
    if (query.cursor !== undefined) select = select.where("seq", "<", decodeCursor(query.cursor));
    const rows = await select.orderBy("seq", "desc").limit(query.limit + 1).execute();
    const entries: HealthHistoryEntry[] = rows.slice(0, query.limit).map((row) => ({
      seq: Number(row.seq),
      realmId: row.realm_id,
      from: row.from_status === null ? null : Status.parse(row.from_status) as HealthStatus,
      to: Status.parse(row.to_status),
      at: row.at,
      issueCodes: z.array(z.string()).parse(JSON.parse(row.issue_codes)),
    }));
    return {
      entries,
      nextCursor: rows.length > query.limit ? `h${entries[entries.length - 1].seq}` : null,
    };
  }
}
