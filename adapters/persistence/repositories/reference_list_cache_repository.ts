import type { Kysely, Transaction } from "kysely";
import {
  REFERENCE_ENTRY_SCHEMAS,
  type ReferenceEntry,
  referenceKind,
  type ReferenceListName,
  referenceSortKey,
} from "../../../domain/model/quickbooks/qbo_reference_list.ts";
import type {
  ReferenceListCache,
  ReferenceListFilter,
  ReferenceListScope,
  ReferenceListSync,
  ReferencePagePosition,
} from "../../../domain/ports/reference_list_cache.ts";
import type { SqlDialect } from "../database.ts";
import type { QboReferenceEntriesTable } from "../reference_data_schema.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

/** Rows per INSERT (SQLite caps bound parameters per statement). */
const CHUNK = 100;

/**
 * Reference lists in SQL: one row per entry (with the columns lists are filtered and ordered by)
 * and one sync-state row per list. Entries are stored as JSON and read back through the domain
 * schema of their list.
 */
export class SqlReferenceListCache implements ReferenceListCache {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async syncState(scope: ReferenceListScope): Promise<ReferenceListSync | null> {
    const row = await this.#db.selectFrom("qbo_reference_lists").select(["cursor", "checked_at"])
      .where("org_id", "=", scope.orgId).where("realm_id", "=", scope.realmId).where("list", "=", scope.list)
      .executeTakeFirst();
    return row ? { cursor: row.cursor, checkedAt: row.checked_at } : null;
  }

  replace(
    scope: ReferenceListScope,
    entries: readonly ReferenceEntry[],
    sync: ReferenceListSync,
  ): Promise<void> {
    return this.#write(async (trx) => {
      await trx.deleteFrom("qbo_reference_entries").where("org_id", "=", scope.orgId)
        .where("realm_id", "=", scope.realmId).where("list", "=", scope.list).execute();
      const rows = [...new Map(entries.map((e) => [e.id, rowOf(scope, e)])).values()];
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx.insertInto("qbo_reference_entries").values(rows.slice(i, i + CHUNK)).execute();
      }
      await saveSync(trx, scope, sync);
    });
  }

  applyChanges(
    scope: ReferenceListScope,
    changes: { readonly upserts: readonly ReferenceEntry[]; readonly removedIds: readonly string[] },
    sync: ReferenceListSync,
  ): Promise<void> {
    return this.#write(async (trx) => {
      const rows = [...new Map(changes.upserts.map((e) => [e.id, rowOf(scope, e)])).values()];
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx.insertInto("qbo_reference_entries").values(rows.slice(i, i + CHUNK))
          .onConflict((oc) =>
            oc.columns(["org_id", "realm_id", "list", "qbo_id"]).doUpdateSet((eb) => ({
              sort_key: eb.ref("excluded.sort_key"),
              kind: eb.ref("excluded.kind"),
              active: eb.ref("excluded.active"),
              updated_ms: eb.ref("excluded.updated_ms"),
              entry: eb.ref("excluded.entry"),
            })).where((eb) =>
              eb.or([
                eb("qbo_reference_entries.updated_ms", "is", null),
                eb("excluded.updated_ms", "is", null),
                eb("excluded.updated_ms", ">=", eb.ref("qbo_reference_entries.updated_ms")),
              ])
            )
          ).execute();
      }
      const removed = [...new Set(changes.removedIds)];
      for (let i = 0; i < removed.length; i += CHUNK) {
        await trx.deleteFrom("qbo_reference_entries").where("org_id", "=", scope.orgId)
          .where("realm_id", "=", scope.realmId).where("list", "=", scope.list)
          .where("qbo_id", "in", removed.slice(i, i + CHUNK)).execute();
      }
      await saveSync(trx, scope, sync);
    });
  }

  async page(
    scope: ReferenceListScope,
    filter: ReferenceListFilter,
    after: ReferencePagePosition | null,
    limit: number,
  ): Promise<readonly ReferenceEntry[]> {
    let query = this.#db.selectFrom("qbo_reference_entries").select("entry")
      .where("org_id", "=", scope.orgId).where("realm_id", "=", scope.realmId).where("list", "=", scope.list);
    if (filter.active !== undefined) query = query.where("active", "=", filter.active ? 1 : 0);
    if (filter.kind !== undefined) query = query.where("kind", "=", filter.kind);
    if (after !== null) {
      query = query.where((eb) =>
        eb.or([
          eb("sort_key", ">", after.sortKey),
          eb.and([eb("sort_key", "=", after.sortKey), eb("qbo_id", ">", after.id)]),
        ])
      );
    }
    const rows = await query.orderBy("sort_key").orderBy("qbo_id").limit(limit).execute();
    return rows.map((row) => entryOf(scope.list, row.entry));
  }

  async findByIds(scope: ReferenceListScope, ids: readonly string[]): Promise<readonly ReferenceEntry[]> {
    const unique = [...new Set(ids)];
    const found: ReferenceEntry[] = [];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await this.#db.selectFrom("qbo_reference_entries").select("entry")
        .where("org_id", "=", scope.orgId).where("realm_id", "=", scope.realmId).where(
          "list",
          "=",
          scope.list,
        )
        .where("qbo_id", "in", unique.slice(i, i + CHUNK)).orderBy("qbo_id").execute();
      found.push(...rows.map((row) => entryOf(scope.list, row.entry)));
    }
    return found;
  }

  async markStale(realmId: string, lists: readonly ReferenceListName[]): Promise<void> {
    if (lists.length === 0) return;
    await this.#write((trx) =>
      trx.updateTable("qbo_reference_lists").set({ checked_at: null }).where("realm_id", "=", realmId)
        .where("list", "in", [...new Set(lists)]).execute()
    );
  }

  #write<T>(work: (trx: Transaction<DatabaseSchema>) => Promise<T>): Promise<T> {
    return serializedWrite(this.#db, this.#dialect, () => this.#db.transaction().execute(work));
  }
}

function rowOf(scope: ReferenceListScope, entry: ReferenceEntry): QboReferenceEntriesTable {
  const updated = entry.updated_at === null ? Number.NaN : Date.parse(entry.updated_at);
  return {
    org_id: scope.orgId,
    realm_id: scope.realmId,
    list: scope.list,
    qbo_id: entry.id,
    sort_key: referenceSortKey(entry),
    kind: referenceKind(entry),
    active: entry.active ? 1 : 0,
    updated_ms: Number.isNaN(updated) ? null : updated,
    entry: JSON.stringify(entry),
  };
}

function entryOf(list: ReferenceListName, text: string): ReferenceEntry {
  return REFERENCE_ENTRY_SCHEMAS[list].parse(JSON.parse(text));
}

async function saveSync(
  trx: Transaction<DatabaseSchema>,
  scope: ReferenceListScope,
  sync: ReferenceListSync,
): Promise<void> {
  await trx.insertInto("qbo_reference_lists").values({
    org_id: scope.orgId,
    realm_id: scope.realmId,
    list: scope.list,
    cursor: sync.cursor,
    checked_at: sync.checkedAt,
  }).onConflict((oc) =>
    oc.columns(["org_id", "realm_id", "list"]).doUpdateSet({
      cursor: sync.cursor,
      checked_at: sync.checkedAt,
    })
  ).execute();
}
