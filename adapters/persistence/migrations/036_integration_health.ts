import { type Kysely, sql } from "kysely";
import type { SqlDialect } from "../database.ts";

/**
 * Integration health (issue 18): each organization's last evaluated health state (statuses and the
 * tracked conditions with their since-times, JSON), the history of status changes, and when a
 * connection's tokens were last stored (connect or refresh), which the connection row did not say.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const bytewise = (type: string) => dialect === "postgres" ? sql.raw(`${type} collate "C"`) : sql.raw(type);
  await db.schema.createTable("integration_health_states")
    .addColumn("org_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("status", "varchar(32)", (c) => c.notNull())
    .addColumn("companies", "text", (c) => c.notNull())
    .addColumn("conditions", "text", (c) => c.notNull())
    .addColumn("evaluated_at", bytewise("varchar(40)"), (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();

  await db.schema.createTable("integration_health_history")
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("realm_id", "varchar(32)")
    .addColumn("from_status", "varchar(32)")
    .addColumn("to_status", "varchar(32)", (c) => c.notNull())
    .addColumn("at", bytewise("varchar(40)"), (c) => c.notNull())
    .addColumn("issue_codes", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("integration_health_history_pk", ["org_id", "seq"])
    .execute();

  await db.schema.alterTable("quickbooks_connections")
    .addColumn("tokens_refreshed_at", "varchar(40)")
    .execute();
}
