import { type Kysely, sql } from "kysely";
import type { AuditLog, AuditQuery, AuditRecord, NewAuditRecord } from "../../../domain/ports/audit_log.ts";
import type { AuditLogTable, DatabaseSchema } from "../schema.ts";
import { isUniqueViolation } from "../sql_errors.ts";

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
 * Append-only audit log. The chain position (org_id, seq) is the primary key, so two concurrent
 * appenders that read the same tail cannot both write: the loser retries on the new tail.
 */
export class SqlAuditLog implements AuditLog {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  /**
   * The last position and hash this instance appended per organization: the next append chains to
   * it without reading the tail first. Another process appending meanwhile makes the cached tail
   * stale, and the insert at its position then collides on the key: the cache is dropped and the
   * append retries on the tail read from the database, as on any race.
   */
  readonly #tails = new Map<string, { seq: number; hash: string }>();

  async append(
    record: NewAuditRecord,
    seal: (prevHash: string, seq: number) => Promise<string> | string,
  ): Promise<AuditRecord> {
    for (let attempt = 0;; attempt++) {
      const tail = this.#tails.get(record.orgId) ?? await this.head(record.orgId);
      const seq = tail ? tail.seq + 1 : 1;
      const prevHash = tail?.hash ?? "";
      const hash = await seal(prevHash, seq);
      try {
        await this.#db.insertInto("audit_log").values({
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
        this.#tails.set(record.orgId, { seq, hash });
        return { ...record, seq, prevHash, hash };
      } catch (error) {
        this.#tails.delete(record.orgId);
        if (!isUniqueViolation(error) || attempt >= 50) throw error;
      }
    }
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
