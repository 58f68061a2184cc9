import type { Kysely, Selectable, Transaction } from "kysely";
import type {
  MirroredRecord,
  MirrorListOptions,
  MirrorRecordType,
  MirrorWrite,
  MirrorWriteResult,
  RecordMirror,
} from "../../../domain/ports/record_mirror.ts";
import { canonicalJson } from "../../../domain/shared/canonical_json.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema, RecordMirrorTable } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

/** Rows per multi-row INSERT and ids per IN list: well under both engines' parameter limits. */
const STATEMENT_CHUNK = 200;

function toRecord(row: Selectable<RecordMirrorTable>): MirroredRecord {
  return {
    orgId: row.org_id,
    recordType: row.record_type as MirrorRecordType,
    recordId: row.record_id,
    propertyId: row.property_id,
    data: JSON.parse(row.data),
    version: Number(row.version),
    deleted: Number(row.deleted) === 1,
    changeSeq: Number(row.change_seq),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const keyOf = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * The record mirror in SQL. Every write transaction first locks the organization's sequence row,
 * so writes of one organization are serialised (PostgreSQL row lock; SQLite's single writer) and
 * each change reads the latest version before bumping it: no lost update, no version going back.
 * Records are stored as canonical JSON, so identical content compares equal as text.
 */
export class SqlRecordMirror implements RecordMirror {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  upsertMany(orgId: string, writes: readonly MirrorWrite[], now: string): Promise<MirrorWriteResult[]> {
    if (writes.length === 0) return Promise.resolve([]);
    return this.#write(orgId, async (trx, nextSeq) => {
      const current = await this.#loadExisting(trx, orgId, writes);
      const inserts: Selectable<RecordMirrorTable>[] = [];
      const insertedKeys = new Set<string>();
      const updates = new Map<string, Selectable<RecordMirrorTable>>();
      const results: MirrorWriteResult[] = [];
      for (const w of writes) {
        const key = keyOf(w.recordType, w.recordId);
        const text = canonicalJson(w.data);
        const before = current.get(key);
        if (
          before && before.data === text && Number(before.deleted) === 0 &&
          before.property_id === w.propertyId
        ) {
          results.push({ outcome: "unchanged", record: toRecord(before) });
          continue;
        }
        const row: Selectable<RecordMirrorTable> = {
          org_id: orgId,
          record_type: w.recordType,
          record_id: w.recordId,
          property_id: w.propertyId,
          data: text,
          version: before ? Number(before.version) + 1 : 1,
          deleted: 0,
          change_seq: nextSeq(),
          created_at: before?.created_at ?? now,
          updated_at: now,
        };
        current.set(key, row);
        if (insertedKeys.has(key) || !before) {
          insertedKeys.add(key);
        } else {
          updates.set(key, row);
        }
        results.push({ outcome: before ? "updated" : "created", record: toRecord(row) });
      }
      for (const key of insertedKeys) inserts.push(current.get(key)!);
      for (const part of chunks(inserts, STATEMENT_CHUNK)) {
        await trx.insertInto("record_mirror").values(part).execute();
      }
      for (const row of updates.values()) {
        await trx.updateTable("record_mirror").set({
          property_id: row.property_id,
          data: row.data,
          version: row.version,
          deleted: 0,
          change_seq: row.change_seq,
          updated_at: row.updated_at,
        }).where("org_id", "=", orgId).where("record_type", "=", row.record_type)
          .where("record_id", "=", row.record_id).execute();
      }
      return results;
    });
  }

  markDeleted(orgId: string, recordType: MirrorRecordType, recordId: string, now: string) {
    return this.#write(orgId, async (trx, nextSeq) => {
      const row = await trx.selectFrom("record_mirror").selectAll().where("org_id", "=", orgId)
        .where("record_type", "=", recordType).where("record_id", "=", recordId).executeTakeFirst();
      if (!row) return null;
      if (Number(row.deleted) === 1) return { record: toRecord(row), changed: false };
      const next = {
        ...row,
        deleted: 1,
        version: Number(row.version) + 1,
        change_seq: nextSeq(),
        updated_at: now,
      };
      await trx.updateTable("record_mirror")
        .set({ deleted: 1, version: next.version, change_seq: next.change_seq, updated_at: now })
        .where("org_id", "=", orgId).where("record_type", "=", recordType).where("record_id", "=", recordId)
        .execute();
      return { record: toRecord(next), changed: true };
    });
  }

  async get(orgId: string, recordType: MirrorRecordType, recordId: string): Promise<MirroredRecord | null> {
    const row = await this.#db.selectFrom("record_mirror").selectAll().where("org_id", "=", orgId)
      .where("record_type", "=", recordType).where("record_id", "=", recordId).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async getMany(
    orgId: string,
    recordType: MirrorRecordType,
    recordIds: readonly string[],
  ): Promise<MirroredRecord[]> {
    const out: MirroredRecord[] = [];
    for (const part of chunks([...new Set(recordIds)], STATEMENT_CHUNK)) {
      const rows = await this.#db.selectFrom("record_mirror").selectAll().where("org_id", "=", orgId)
        .where("record_type", "=", recordType).where("record_id", "in", part).execute();
      out.push(...rows.map(toRecord));
    }
    return out;
  }

  async list(
    orgId: string,
    recordType: MirrorRecordType,
    options: MirrorListOptions,
  ): Promise<MirroredRecord[]> {
    if (options.propertyIds && options.propertyIds.length === 0) return [];
    let query = this.#db.selectFrom("record_mirror").selectAll().where("org_id", "=", orgId)
      .where("record_type", "=", recordType);
    if (options.afterId !== undefined) query = query.where("record_id", ">", options.afterId);
    if (!options.includeDeleted) query = query.where("deleted", "=", 0);
    const propertyIds = options.propertyIds;
    if (propertyIds) {
      query = options.includeWithoutProperty
        ? query.where((eb) =>
          eb.or([eb("property_id", "in", [...propertyIds]), eb("property_id", "is", null)])
        )
        : query.where("property_id", "in", [...propertyIds]);
    }
    const rows = await query.orderBy("record_id").limit(options.limit).execute();
    return rows.map(toRecord);
  }

  async changesSince(
    orgId: string,
    afterSeq: number,
    options: { readonly limit: number; readonly recordTypes?: readonly MirrorRecordType[] },
  ): Promise<MirroredRecord[]> {
    if (options.recordTypes && options.recordTypes.length === 0) return [];
    let query = this.#db.selectFrom("record_mirror").selectAll().where("org_id", "=", orgId)
      .where("change_seq", ">", afterSeq);
    if (options.recordTypes) query = query.where("record_type", "in", [...options.recordTypes]);
    const rows = await query.orderBy("change_seq").limit(options.limit).execute();
    return rows.map(toRecord);
  }

  async existingIds(
    orgId: string,
    recordType: MirrorRecordType,
    recordIds: readonly string[],
  ): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunks([...new Set(recordIds)], STATEMENT_CHUNK)) {
      const rows = await this.#db.selectFrom("record_mirror").select("record_id").where("org_id", "=", orgId)
        .where("record_type", "=", recordType).where("deleted", "=", 0).where("record_id", "in", part)
        .execute();
      for (const r of rows) found.add(r.record_id);
    }
    return found;
  }

  async lastChangeSeq(orgId: string): Promise<number> {
    const row = await this.#db.selectFrom("record_mirror_sequences").select("last_seq").where(
      "org_id",
      "=",
      orgId,
    )
      .executeTakeFirst();
    return row ? Number(row.last_seq) : 0;
  }

  /**
   * One write transaction of an organization: locks its sequence row (creating it on first use),
   * hands `work` a sequence allocator, and stores the last number allocated.
   */
  #write<T>(orgId: string, work: (trx: Transaction<DatabaseSchema>, nextSeq: () => number) => Promise<T>) {
    return serializedWrite(this.#db, this.#dialect, () =>
      this.#db.transaction().execute(async (trx) => {
        await trx.insertInto("record_mirror_sequences").values({ org_id: orgId, last_seq: 0 })
          .onConflict((oc) => oc.column("org_id").doNothing()).execute();
        // An UPDATE (not SELECT) takes PostgreSQL's row lock; no RETURNING, which libSQL can leave
        // unfinished and then refuse to commit under contention.
        await trx.updateTable("record_mirror_sequences")
          .set((eb) => ({ last_seq: eb("last_seq", "+", 0) })).where("org_id", "=", orgId).execute();
        const locked = await trx.selectFrom("record_mirror_sequences").select("last_seq").where(
          "org_id",
          "=",
          orgId,
        )
          .executeTakeFirstOrThrow();
        const start = Number(locked.last_seq);
        let seq = start;
        const result = await work(trx, () => ++seq);
        if (seq !== start) {
          await trx.updateTable("record_mirror_sequences").set({ last_seq: seq }).where("org_id", "=", orgId)
            .execute();
        }
        return result;
      }));
  }

  async #loadExisting(trx: Transaction<DatabaseSchema>, orgId: string, writes: readonly MirrorWrite[]) {
    const idsByType = new Map<string, Set<string>>();
    for (const w of writes) {
      const ids = idsByType.get(w.recordType) ?? new Set<string>();
      ids.add(w.recordId);
      idsByType.set(w.recordType, ids);
    }
    const current = new Map<string, Selectable<RecordMirrorTable>>();
    for (const [type, ids] of idsByType) {
      for (const part of chunks([...ids], STATEMENT_CHUNK)) {
        const rows = await trx.selectFrom("record_mirror").selectAll().where("org_id", "=", orgId)
          .where("record_type", "=", type).where("record_id", "in", part).execute();
        for (const row of rows) current.set(keyOf(row.record_type, row.record_id), row);
      }
    }
    return current;
  }
}
