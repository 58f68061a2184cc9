import { type Kysely, sql } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * Audit retention (issue 16): a record may be deleted only when a retention checkpoint of its
 * organization covers it (its position at or below the anchor's); every other delete, and every
 * update, is still refused by the database. The anchor's trust is its signature: a forged
 * retention row lets a delete through, and verification then refuses the anchor.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  if (dialect === "sqlite") {
    await sql`DROP TRIGGER IF EXISTS audit_log_no_delete`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      WHEN OLD.seq > COALESCE((SELECT MAX(seq) FROM audit_checkpoints
        WHERE org_id = OLD.org_id AND purpose = 'retention'), 0)
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  } else {
    await sql`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND OLD.seq <= COALESCE((SELECT MAX(seq) FROM audit_checkpoints
            WHERE org_id = OLD.org_id AND purpose = 'retention'), 0) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`.execute(db);
  }
}
