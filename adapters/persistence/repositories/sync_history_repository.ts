import type { Insertable, Kysely, Selectable } from "kysely";
import { DomainError } from "../../../domain/errors.ts";
import type { Ids } from "../../../domain/ports/ids.ts";
import type {
  NewSyncHistoryEntry,
  SyncHistory,
  SyncHistoryEntry,
  SyncHistoryPage,
  SyncHistoryQuery,
  SyncOutcome,
  SyncRun,
} from "../../../domain/ports/sync_history.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema, SyncHistoryTable } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

type Db = { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect };

/** Rows per INSERT: 16 columns each stays far below SQLite's bound-parameter limit. */
const CHUNK = 200;

function entryKey(e: NewSyncHistoryEntry): string {
  return [e.entityType ?? "", e.syncRecordId ?? "", e.recordType, e.recordId].map((p) => `${p.length}:${p}`)
    .join("|");
}

function toEntry(row: Selectable<SyncHistoryTable>): SyncHistoryEntry {
  return {
    id: row.id,
    orgId: row.org_id,
    realmId: row.realm_id,
    jobId: row.job_id,
    outcome: row.outcome as SyncOutcome,
    recordType: row.record_type,
    recordId: row.record_id,
    propertyId: row.property_id,
    entityType: row.entity_type,
    syncRecordId: row.sync_record_id,
    qboId: row.qbo_id,
    errorCode: row.error_code,
    qboCode: row.qbo_code,
    message: row.message,
    recordedAt: row.recorded_at,
  };
}

/** The cursor is the (recorded_at, id) of the last entry returned, opaque to callers. */
function encodeCursor(entry: SyncHistoryEntry): string {
  return btoa(JSON.stringify([entry.recordedAt, entry.id])).replace(/=+$/, "");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(atob(cursor));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string")) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through: reported below with a code
  }
  throw new DomainError("VALIDATION_FAILED", "Malformed history cursor", { cursor });
}

/** Sync history in SQL; entries are upserted by their key, so replays never add rows. */
export class SqlSyncHistory implements SyncHistory {
  readonly #d: Db;
  readonly #ids: Ids;
  constructor(database: Db, ids: Ids) {
    this.#d = database;
    this.#ids = ids;
  }

  #rows(run: SyncRun, entries: readonly NewSyncHistoryEntry[], now: string): Insertable<SyncHistoryTable>[] {
    const byKey = new Map<string, NewSyncHistoryEntry>();
    for (const e of entries) byKey.set(entryKey(e), e);
    return [...byKey].map(([key, e]) => ({
      id: this.#ids.newId(),
      org_id: run.orgId,
      realm_id: run.realmId,
      job_id: run.jobId,
      entry_key: key,
      outcome: e.outcome,
      record_type: e.recordType,
      record_id: e.recordId,
      property_id: e.propertyId,
      entity_type: e.entityType,
      sync_record_id: e.syncRecordId,
      qbo_id: e.qboId,
      error_code: e.errorCode,
      qbo_code: e.qboCode,
      message: e.message,
      recorded_at: now,
    }));
  }

  async #upsert(db: Kysely<DatabaseSchema>, rows: Insertable<SyncHistoryTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await db.insertInto("sync_history").values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(["org_id", "job_id", "entry_key"]).doUpdateSet((eb) => ({
            outcome: eb.ref("excluded.outcome"),
            property_id: eb.ref("excluded.property_id"),
            qbo_id: eb.ref("excluded.qbo_id"),
            error_code: eb.ref("excluded.error_code"),
            qbo_code: eb.ref("excluded.qbo_code"),
            message: eb.ref("excluded.message"),
            recorded_at: eb.ref("excluded.recorded_at"),
          }))
        )
        .execute();
    }
  }

  async record(run: SyncRun, entries: readonly NewSyncHistoryEntry[], now: string): Promise<void> {
    const rows = this.#rows(run, entries, now);
    if (rows.length === 0) return;
    await serializedWrite(this.#d.db, this.#d.dialect, () => this.#upsert(this.#d.db, rows));
  }

  async replaceUnsynced(run: SyncRun, entries: readonly NewSyncHistoryEntry[], now: string): Promise<void> {
    const rows = this.#rows(run, entries, now);
    await serializedWrite(this.#d.db, this.#d.dialect, () =>
      this.#d.db.transaction().execute(async (trx) => {
        await trx.deleteFrom("sync_history").where("org_id", "=", run.orgId).where("job_id", "=", run.jobId)
          .where("outcome", "in", ["blocked", "invalid"]).execute();
        await this.#upsert(trx, rows);
      }));
  }

  async list(orgId: string, query: SyncHistoryQuery): Promise<SyncHistoryPage> {
    let q = this.#d.db.selectFrom("sync_history").selectAll().where("org_id", "=", orgId);
    if (query.jobId !== undefined) q = q.where("job_id", "=", query.jobId);
    if (query.recordType !== undefined) q = q.where("record_type", "=", query.recordType);
    if (query.recordId !== undefined) q = q.where("record_id", "=", query.recordId);
    if (query.outcomes !== undefined) {
      if (query.outcomes.length === 0) return { entries: [], nextCursor: null };
      q = q.where("outcome", "in", [...query.outcomes]);
    }
    const scope = query.propertyIds;
    if (scope !== undefined) {
      q = q.where((eb) =>
        scope.length === 0
          ? eb("property_id", "is", null)
          : eb.or([eb("property_id", "is", null), eb("property_id", "in", [...scope])])
      );
    }
    if (query.cursor !== undefined) {
      const [at, id] = decodeCursor(query.cursor);
      q = q.where((eb) =>
        eb.or([eb("recorded_at", "<", at), eb.and([eb("recorded_at", "=", at), eb("id", "<", id)])])
      );
    }
    const rows = await q.orderBy("recorded_at", "desc").orderBy("id", "desc").limit(query.limit + 1)
      .execute();
    const entries = rows.slice(0, query.limit).map(toEntry);
    return {
      entries,
      nextCursor: rows.length > query.limit ? encodeCursor(entries[entries.length - 1]) : null,
    };
  }

  async prune(orgId: string, keepRuns: number): Promise<number> {
    return await serializedWrite(this.#d.db, this.#d.dialect, async () => {
      const kept = await this.#d.db.selectFrom("sync_history").select("job_id").where("org_id", "=", orgId)
        .groupBy("job_id").orderBy((eb) => eb.fn.max("recorded_at"), "desc").orderBy("job_id", "desc")
        .limit(Math.max(0, keepRuns)).execute();
      let q = this.#d.db.deleteFrom("sync_history").where("org_id", "=", orgId);
      if (kept.length > 0) q = q.where("job_id", "not in", kept.map((k) => k.job_id));
      const result = await q.executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
