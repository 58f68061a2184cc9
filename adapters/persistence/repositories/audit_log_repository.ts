import { type Kysely, sql } from "kysely";
import type { AuditLog, AuditQuery, AuditRecord, NewAuditRecord } from "../../../domain/ports/audit_log.ts";
import type { AuditLogTable, DatabaseSchema } from "../schema.ts";
import type { Atomically } from "../../../domain/ports/unit_of_work.ts";
import type { Database } from "../database.ts";
import { sqlUnitOfWork } from "../unit_of_work.ts";

function toRecord(row: AuditLogTable): AuditRecord {
  return {
    seq: Number(row.seq),
    orgId: row.org_id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details),
    requestId: row.request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Append-only audit log. An append runs in the caller's unit of work when there is one (so the
 * entry commits with the change it records), else in its own transaction: it locks the
 * organization's row in `audit_heads`, chains to the tail kept there, writes the entry and moves
 * the tail. Appends of one organization therefore queue instead of racing for a position.
 */
export class SqlAuditLog implements AuditLog {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #atomically: Atomically;
  /**
   * Organizations whose `audit_heads` row this instance has written: their appends skip creating
   * it (a row created by a unit that then rolled back is created again when found missing).
   */
  readonly #headed = new Set<string>();

  constructor(database: Pick<Database, "db" | "dialect">) {
    this.#db = database.db;
    this.#atomically = sqlUnitOfWork(database);
  }

  append(
    record: NewAuditRecord,
    seal: (prevHash: string, seq: number) => Promise<string> | string,
  ): Promise<AuditRecord> {
    return this.#atomically(async () => {
      const db = this.#db;
      const create = () =>
        db.insertInto("audit_heads").values({ org_id: record.orgId, seq: 0, hash: "" })
          .onConflict((oc) => oc.column("org_id").doNothing()).execute();
      // A write before the read: PostgreSQL's row lock, SQLite's write lock (a stale snapshot is
      // refused as busy there, and the unit retried), both held to the end of the transaction.
      // Only a row the UPDATE matched is locked: a row it could not see yet (another unit created it
      // and had not committed) may be visible to the next statement, unlocked, so it counts as missing.
      const lockTail = async () => {
        const locked = await db.updateTable("audit_heads").set((eb) => ({ seq: eb("seq", "+", 0) }))
          .where("org_id", "=", record.orgId).executeTakeFirst();
        if (Number(locked.numUpdatedRows) === 0) return undefined;
        return await db.selectFrom("audit_heads").select(["seq", "hash"]).where("org_id", "=", record.orgId)
          .executeTakeFirst();
      };
      if (!this.#headed.has(record.orgId)) await create();
      let tail = await lockTail();
      if (!tail) {
        // Created by a unit not committed yet (the insert waits for it), or one that rolled back.
        await create();
        tail = await lockTail();
      }
      if (!tail) throw new Error(`audit_heads has no row for organization ${record.orgId}`);
      const seq = Number(tail.seq) + 1;
      const prevHash = tail.hash;
      const hash = await seal(prevHash, seq);
      await db.insertInto("audit_log").values({
        org_id: record.orgId,
        seq,
        at: record.at,
        actor: record.actor,
        action: record.action,
        target: record.target,
        details: JSON.stringify(record.details),
        request_id: record.requestId,
        prev_hash: prevHash,
        hash,
      }).execute();
      await db.updateTable("audit_heads").set({ seq, hash }).where("org_id", "=", record.orgId).execute();
      this.#headed.add(record.orgId);
      return { ...record, seq, prevHash, hash };
    });
  }

  async head(
    orgId: string,
    options: { before?: string } = {},
  ): Promise<{ seq: number; hash: string } | null> {
    let query = this.#db.selectFrom("audit_log").select(["seq", "hash"]).where("org_id", "=", orgId);
    if (options.before !== undefined) query = query.where("at", "<", options.before);
    const row = await query.orderBy("seq", "desc").limit(1).executeTakeFirst();
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  async pruneThrough(orgId: string, seq: number): Promise<number> {
    const result = await this.#db.deleteFrom("audit_log").where("org_id", "=", orgId).where("seq", "<=", seq)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async query(orgId: string, filter: AuditQuery): Promise<AuditRecord[]> {
    let query = this.#db.selectFrom("audit_log").selectAll().where("org_id", "=", orgId)
      .where("seq", ">", filter.afterSeq ?? 0);
    if (filter.actor !== undefined) query = query.where("actor", "=", filter.actor);
    // Prefix and suffix matches compare substrings exactly: LIKE differs between SQLite (case-blind,
    // no default escape) and PostgreSQL, and must not let `%` or `_` in a filter match anything.
    const startsWith = (column: "action" | "target", prefix: string) =>
      sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;
    if (filter.action !== undefined) {
      query = filter.action.endsWith(".")
        ? query.where(startsWith("action", filter.action))
        : query.where("action", "=", filter.action);
    }
    if (filter.targetType !== undefined && filter.targetId !== undefined) {
      query = query.where("target", "=", `${filter.targetType}:${filter.targetId}`);
    } else if (filter.targetType !== undefined) {
      query = query.where(startsWith("target", `${filter.targetType}:`));
    } else if (filter.targetId !== undefined) {
      const suffix = `:${filter.targetId}`;
      query = query.where(
        sql<boolean>`length(target) >= ${suffix.length} AND substr(target, length(target) - ${
          suffix.length - 1
        }) = ${suffix}`,
      );
    }
    if (filter.from !== undefined) query = query.where("at", ">=", filter.from);
    if (filter.to !== undefined) query = query.where("at", "<", filter.to);
    const rows = await query.orderBy("seq").limit(filter.limit).execute();
    return rows.map(toRecord);
  }

  async list(orgId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditRecord[]> {
    const rows = await this.#db.selectFrom("audit_log").selectAll().where("org_id", "=", orgId)
      .where("seq", ">", options.afterSeq ?? 0).orderBy("seq").limit(options.limit ?? 100).execute();
    return rows.map(toRecord);
  }
}
