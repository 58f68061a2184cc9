import type { Kysely } from "kysely";

/**
 * Signed audit checkpoints (issue 16): a compact JWS over `{org, seq, hash, at, purpose}` per
 * organization and chain position, kept for listing, exports and the anchor of a pruned prefix.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable("audit_checkpoints")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("purpose", "varchar(16)", (c) => c.notNull())
    .addColumn("hash", "varchar(64)", (c) => c.notNull())
    .addColumn("at", "varchar(40)", (c) => c.notNull())
    .addColumn("key_id", "varchar(64)", (c) => c.notNull())
    .addColumn("jws", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("audit_checkpoints_pk", ["org_id", "seq", "purpose"])
    .execute();
}
