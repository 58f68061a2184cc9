import type { Kysely } from "kysely";

/**
 * Mapping rules an organization sets through the API (issue 12): the invoice memo template and the
 * legacy sales-form custom fields, as JSON validated by the domain's rules schema, with a version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable("mapping_rules")
    .addColumn("org_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("rules", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(40)", (c) => c.notNull())
    .execute();
}
