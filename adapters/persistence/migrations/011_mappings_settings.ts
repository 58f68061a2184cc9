import type { Kysely } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * Account mappings (org defaults under property_id "", one row per property override) and sync
 * settings (one row per org). Both store validated JSON as text.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.createTable("account_mappings")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("property_id", "varchar(100)", (c) => c.notNull())
    .addColumn("assignments", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .addPrimaryKeyConstraint("account_mappings_pk", ["org_id", "property_id"])
    .execute();

  await db.schema.createTable("sync_settings")
    .addColumn("org_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("settings", "text", (c) => c.notNull())
    .addColumn("validated_against_company", "integer", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .execute();
}
