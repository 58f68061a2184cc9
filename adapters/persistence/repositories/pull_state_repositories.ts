import type { Kysely, Selectable } from "kysely";
import type {
  NewSyncEvent,
  PullCursorStore,
  ReviewItem,
  ReviewQueue,
  SyncEvent,
  SyncEventLog,
} from "../../../domain/ports/pull_state.ts";
import type { Ids } from "../../../domain/ports/ids.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema, ReviewItemsTable, SyncEventsTable } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";
import { isUniqueViolation } from "../sql_errors.ts";

type Db = { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect };

/** CDC cursors, one row per company. */
export class SqlPullCursorStore implements PullCursorStore {
  readonly #d: Db;
  constructor(database: Db) {
    this.#d = database;
  }

  async get(orgId: string, realmId: string): Promise<string | null> {
    const row = await this.#d.db.selectFrom("pull_cursors").select("cursor_at").where("org_id", "=", orgId)
      .where("realm_id", "=", realmId).executeTakeFirst();
    return row?.cursor_at ?? null;
  }

  async lastPulledAt(orgId: string, realmId: string): Promise<string | null> {
    const row = await this.#d.db.selectFrom("pull_cursors").select("updated_at").where("org_id", "=", orgId)
      .where("realm_id", "=", realmId).executeTakeFirst();
    return row?.updated_at ?? null;
  }

  set(orgId: string, realmId: string, cursor: string, now: string): Promise<void> {
    return serializedWrite(this.#d.db, this.#d.dialect, async () => {
      await this.#d.db.insertInto("pull_cursors").values({
        org_id: orgId,
        realm_id: realmId,
        cursor_at: cursor,
        updated_at: now,
      })
        .onConflict((oc) =>
          oc.columns(["org_id", "realm_id"]).doUpdateSet({ cursor_at: cursor, updated_at: now })
        )
        .execute();
    });
  }
}

function toEvent(row: Selectable<SyncEventsTable>): SyncEvent {
  return {
    seq: Number(row.seq),
    orgId: row.org_id,
    realmId: row.realm_id,
    at: row.at,
    event: row.event,
    entityType: row.entity_type,
    qboId: row.qbo_id,
    recordType: row.record_type,
    recordIds: JSON.parse(row.record_ids),
    suggestedAction: row.suggested_action,
    details: JSON.parse(row.details),
    dedupeKey: row.dedupe_key,
  };
}

/** The event log; (org, seq) is the key, so concurrent appenders retry on the new tail. */
export class SqlSyncEventLog implements SyncEventLog {
  readonly #d: Db;
  constructor(database: Db) {
    this.#d = database;
  }

  async append(events: readonly NewSyncEvent[]): Promise<readonly NewSyncEvent[]> {
    const byOrg = new Map<string, NewSyncEvent[]>();
    for (const e of events) {
      const list = byOrg.get(e.orgId) ?? [];
      if (!list.some((x) => x.dedupeKey === e.dedupeKey)) list.push(e);
      byOrg.set(e.orgId, list);
    }
    const added: NewSyncEvent[] = [];
    for (const [orgId, all] of byOrg) {
      for (let attempt = 0;; attempt++) {
        try {
          added.push(
            ...await serializedWrite(this.#d.db, this.#d.dialect, async () => {
              const known = new Set<string>();
              for (let i = 0; i < all.length; i += 200) {
                const rows = await this.#d.db.selectFrom("sync_events").select("dedupe_key").where(
                  "org_id",
                  "=",
                  orgId,
                )
                  .where("dedupe_key", "in", all.slice(i, i + 200).map((e) => e.dedupeKey)).execute();
                for (const r of rows) known.add(r.dedupe_key);
              }
              const list = all.filter((e) => !known.has(e.dedupeKey));
              if (list.length === 0) return [];
              const tail = await this.#d.db.selectFrom("sync_events").select("seq").where(
                "org_id",
                "=",
                orgId,
              )
                .orderBy("seq", "desc").limit(1).executeTakeFirst();
              const start = tail ? Number(tail.seq) + 1 : 1;
              await this.#d.db.insertInto("sync_events").values(list.map((e, i) => ({
                org_id: orgId,
                seq: start + i,
                realm_id: e.realmId,
                at: e.at,
                event: e.event,
                entity_type: e.entityType,
                qbo_id: e.qboId,
                record_type: e.recordType,
                record_ids: JSON.stringify(e.recordIds),
                suggested_action: e.suggestedAction,
                details: JSON.stringify(e.details),
                dedupe_key: e.dedupeKey,
              }))).execute();
              return list;
            }),
          );
          break;
        } catch (error) {
          if (!isUniqueViolation(error) || attempt >= 20) throw error;
        }
      }
    }
    return added;
  }

  async list(orgId: string, options: { afterSeq?: number; limit: number }): Promise<SyncEvent[]> {
    const rows = await this.#d.db.selectFrom("sync_events").selectAll().where("org_id", "=", orgId)
      .where("seq", ">", options.afterSeq ?? 0).orderBy("seq").limit(options.limit).execute();
    return rows.map(toEvent);
  }
}

function toItem(row: Selectable<ReviewItemsTable>): ReviewItem {
  return {
    id: row.id,
    orgId: row.org_id,
    realmId: row.realm_id,
    entityType: row.entity_type,
    recordId: row.record_id,
    qboId: row.qbo_id,
    conflicts: JSON.parse(row.conflicts),
    quickbooksSnapshot: JSON.parse(row.quickbooks_snapshot),
    status: row.status as ReviewItem["status"],
    resolution: row.resolution as ReviewItem["resolution"],
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
  };
}

/** Review queue: at most one open item per record (refreshed when the conflict changes). */
export class SqlReviewQueue implements ReviewQueue {
  readonly #d: Db;
  readonly #ids: Ids;
  constructor(database: Db, ids: Ids) {
    this.#d = database;
    this.#ids = ids;
  }

  open(
    item: Omit<ReviewItem, "status" | "resolution" | "resolvedAt">,
  ): Promise<ReviewItem & { readonly opened: boolean }> {
    return serializedWrite(this.#d.db, this.#d.dialect, async () => {
      const existing = await this.#d.db.selectFrom("review_items").selectAll().where(
        "org_id",
        "=",
        item.orgId,
      )
        .where("realm_id", "=", item.realmId).where("entity_type", "=", item.entityType)
        .where("record_id", "=", item.recordId).where("status", "=", "open").executeTakeFirst();
      const fields = {
        qbo_id: item.qboId,
        conflicts: JSON.stringify(item.conflicts),
        quickbooks_snapshot: JSON.stringify(item.quickbooksSnapshot),
      };
      if (existing) {
        await this.#d.db.updateTable("review_items").set(fields).where("id", "=", existing.id).execute();
        return { ...toItem({ ...existing, ...fields }), opened: false };
      }
      const row = {
        id: item.id || this.#ids.newId(),
        org_id: item.orgId,
        realm_id: item.realmId,
        entity_type: item.entityType,
        record_id: item.recordId,
        ...fields,
        status: "open",
        resolution: null,
        created_at: item.createdAt,
        resolved_at: null,
      };
      await this.#d.db.insertInto("review_items").values(row).execute();
      return { ...toItem(row), opened: true };
    });
  }

  async get(orgId: string, id: string): Promise<ReviewItem | null> {
    const row = await this.#d.db.selectFrom("review_items").selectAll().where("org_id", "=", orgId)
      .where("id", "=", id).executeTakeFirst();
    return row ? toItem(row) : null;
  }

  async list(orgId: string, options: { status?: "open" | "resolved"; limit: number }): Promise<ReviewItem[]> {
    let q = this.#d.db.selectFrom("review_items").selectAll().where("org_id", "=", orgId);
    if (options.status) q = q.where("status", "=", options.status);
    return (await q.orderBy("created_at").orderBy("id").limit(options.limit).execute()).map(toItem);
  }

  resolve(orgId: string, id: string, side: "estatecore" | "quickbooks", now: string): Promise<boolean> {
    return serializedWrite(this.#d.db, this.#d.dialect, async () => {
      const result = await this.#d.db.updateTable("review_items")
        .set({ status: "resolved", resolution: side, resolved_at: now })
        .where("org_id", "=", orgId).where("id", "=", id).where("status", "=", "open").executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }
}
