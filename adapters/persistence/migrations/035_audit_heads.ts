import { type Kysely, sql } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * The tail of each organization's audit chain (issue 16: an entry is written in the same
 * transaction as the change it records). An append locks its organization's row, reads the tail
 * from it, writes the entry and moves the tail, all inside the caller's transaction: appends of
 * one organization queue on the row lock (PostgreSQL) or SQLite's single writer instead of
 * colliding on the chain position, which would abort the whole transaction on PostgreSQL. Filled
 * from the entries already written.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.createTable("audit_heads")
    .addColumn("org_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("hash", "varchar(128)", (c) => c.notNull())
    .execute();
  await sql`INSERT INTO audit_heads (org_id, seq, hash)
    SELECT l.org_id, l.seq, l.hash FROM audit_log l
    WHERE l.seq = (SELECT MAX(m.seq) FROM audit_log m WHERE m.org_id = l.org_id)`.execute(db);
}
