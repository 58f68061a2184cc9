import type { Kysely } from "kysely";

/**
 * API keys (issue 15): the key (scopes, property set, IP allow-list, expiry, the prefix lists show,
 * its own rate limit and daily quotas, last use, revocation) and its secrets, only as keyed digests, found by their lookup part. A
 * rotated secret keeps working until its `expires_at`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable("api_keys")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(64)", (c) => c.notNull())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("property_ids", "text")
    .addColumn("ip_allowlist", "text")
    .addColumn("expires_at", "varchar(40)")
    .addColumn("prefix", "varchar(40)", (c) => c.notNull())
    .addColumn("rate_limit", "text")
    .addColumn("daily_call_quota", "integer")
    .addColumn("daily_quickbooks_quota", "integer")
    .addColumn("created_at", "varchar(40)", (c) => c.notNull())
    .addColumn("created_by", "varchar(300)", (c) => c.notNull())
    .addColumn("last_used_at", "varchar(40)")
    .addColumn("rotated_at", "varchar(40)")
    .addColumn("revoked_at", "varchar(40)")
    .execute();
  await db.schema.createIndex("api_keys_org").on("api_keys").columns(["org_id", "created_at"]).execute();

  await db.schema.createTable("api_key_secrets")
    .addColumn("lookup", "varchar(32)", (c) => c.primaryKey())
    .addColumn("key_id", "varchar(64)", (c) => c.notNull().references("api_keys.id"))
    .addColumn("digest", "varchar(128)", (c) => c.notNull())
    .addColumn("created_at", "varchar(40)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(40)")
    .execute();
  await db.schema.createIndex("api_key_secrets_key").on("api_key_secrets").columns(["key_id"]).execute();
}
