import { type Kysely, sql } from "kysely";
import type { SqlDialect } from "../database.ts";

/** Organizations, QuickBooks connections (one row per org and realm) and the append-only audit log. */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  await db.schema.createTable("organizations")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("created_at", "varchar(40)", (c) => c.notNull())
    .execute();

  await db.schema.createTable("quickbooks_connections")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("realm_id", "varchar(32)", (c) => c.notNull())
    .addColumn("company_name", "varchar(200)")
    .addColumn("status", "varchar(32)", (c) => c.notNull())
    .addColumn("encrypted_tokens", "text")
    .addColumn("access_token_expires_at", "varchar(40)")
    .addColumn("refresh_token_expires_at", "varchar(40)")
    .addColumn("refresh_token_hard_expires_at", "varchar(40)")
    .addColumn("class_tracking_enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("location_tracking_enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error_code", "varchar(32)")
    .addColumn("last_error_message", "text")
    .addColumn("last_error_at", "varchar(40)")
    .addColumn("refresh_lease_holder", "varchar(128)")
    .addColumn("refresh_lease_until", "varchar(40)")
    .addColumn("connected_at", "varchar(40)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("quickbooks_connections_org_realm", ["org_id", "realm_id"])
    .execute();
  await db.schema.createIndex("quickbooks_connections_status").on("quickbooks_connections").column("status")
    .execute();

  await db.schema.createTable("audit_log")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("at", "varchar(40)", (c) => c.notNull())
    .addColumn("actor", "varchar(200)", (c) => c.notNull())
    .addColumn("action", "varchar(100)", (c) => c.notNull())
    .addColumn("target", "varchar(300)")
    .addColumn("details", "text", (c) => c.notNull())
    .addColumn("request_id", "varchar(100)")
    .addColumn("prev_hash", "varchar(128)", (c) => c.notNull())
    .addColumn("hash", "varchar(128)", (c) => c.notNull())
    .addPrimaryKeyConstraint("audit_log_pk", ["org_id", "seq"])
    .execute();

  // Append-only is enforced by the database itself, not only by the repository's API.
  if (dialect === "sqlite") {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  } else {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  }
}
