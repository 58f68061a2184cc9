import type { Kysely } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * The mirror of EstateCore records (one row per org, type and id, tombstones kept) and the per-org
 * change sequence counter. Writers lock the counter row first, which serialises writes of one org.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialect): Promise<void> {
  await db.schema.createTable("record_mirror")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("record_type", "varchar(40)", (c) => c.notNull())
    .addColumn("record_id", "varchar(100)", (c) => c.notNull())
    .addColumn("property_id", "varchar(100)")
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("version", "bigint", (c) => c.notNull())
    .addColumn("deleted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("change_seq", "bigint", (c) => c.notNull())
    .addColumn("created_at", "varchar(40)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .addPrimaryKeyConstraint("record_mirror_pk", ["org_id", "record_type", "record_id"])
    .execute();
  await db.schema.createIndex("record_mirror_changes").on("record_mirror").columns(["org_id", "change_seq"])
    .execute();
  await db.schema.createIndex("record_mirror_property").on("record_mirror")
    .columns(["org_id", "record_type", "property_id"]).execute();

  await db.schema.createTable("record_mirror_sequences")
    .addColumn("org_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("last_seq", "bigint", (c) => c.notNull())
    .execute();
}
