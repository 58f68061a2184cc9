import type { Kysely } from "kysely";
import type { AuditLog, AuditRecord, NewAuditRecord } from "../../../domain/ports/audit_log.ts";
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

  async append(
    record: NewAuditRecord,
    seal: (prevHash: string, seq: number) => Promise<string> | string,
  ): Promise<AuditRecord> {
    for (let attempt = 0;; attempt++) {
      const tail = await this.#db.selectFrom("audit_log").select(["seq", "hash"]).where(
        "org_id",
        "=",
        record.orgId,
      )
        .orderBy("seq", "desc").limit(1).executeTakeFirst();
      const seq = tail ? Number(tail.seq) + 1 : 1;
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
        return { ...record, seq, prevHash, hash };
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 50) throw error;
      }
    }
  }

  async list(orgId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditRecord[]> {
    const rows = await this.#db.selectFrom("audit_log").selectAll().where("org_id", "=", orgId)
      .where("seq", ">", options.afterSeq ?? 0).orderBy("seq").limit(options.limit ?? 100).execute();
    return rows.map(toRecord);
  }
}
