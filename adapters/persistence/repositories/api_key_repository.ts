import type { Kysely } from "kysely";
import { z } from "zod";
import { type ApiKey, ApiKeyScopeSchema } from "../../../domain/access/api_key.ts";
import { RatePolicySchema } from "../../../domain/access/rate_limits.ts";
import type {
  ApiKeyRepository,
  ApiKeySecretRecord,
  NewApiKey,
  NewApiKeySecret,
} from "../../../domain/ports/api_key_repository.ts";
import type { ApiKeySecretsTable, ApiKeysTable } from "../access_schema.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

const Strings = z.array(z.string().min(1));
const Scopes = z.array(ApiKeyScopeSchema);
const list = (text: string | null) => text === null ? null : Strings.parse(JSON.parse(text));

function toKey(row: ApiKeysTable): ApiKey {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    scopes: Scopes.parse(JSON.parse(row.scopes)),
    propertyIds: list(row.property_ids),
    ipAllowlist: list(row.ip_allowlist),
    expiresAt: row.expires_at,
    prefix: row.prefix,
    rateLimit: row.rate_limit === null ? null : RatePolicySchema.parse(JSON.parse(row.rate_limit)),
    dailyCallQuota: row.daily_call_quota === null ? null : Number(row.daily_call_quota),
    dailyQuickBooksQuota: row.daily_quickbooks_quota === null ? null : Number(row.daily_quickbooks_quota),
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    rotatedAt: row.rotated_at,
    revokedAt: row.revoked_at,
  };
}

function toSecret(row: ApiKeySecretsTable): ApiKeySecretRecord {
  return {
    lookup: row.lookup,
    keyId: row.key_id,
    digest: row.digest,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** API keys and their secret digests in SQL. */
export class SqlApiKeyRepository implements ApiKeyRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async create(key: NewApiKey, secret: NewApiKeySecret): Promise<ApiKey> {
    await serializedWrite(this.#db, this.#dialect, () =>
      this.#db.transaction().execute(async (tx) => {
        await tx.insertInto("api_keys").values({
          id: key.id,
          org_id: key.orgId,
          name: key.name,
          scopes: JSON.stringify(key.scopes),
          property_ids: key.propertyIds === null ? null : JSON.stringify(key.propertyIds),
          ip_allowlist: key.ipAllowlist === null ? null : JSON.stringify(key.ipAllowlist),
          expires_at: key.expiresAt,
          prefix: key.prefix,
          rate_limit: key.rateLimit === null ? null : JSON.stringify(key.rateLimit),
          daily_call_quota: key.dailyCallQuota,
          daily_quickbooks_quota: key.dailyQuickBooksQuota,
          created_at: key.createdAt,
          created_by: key.createdBy,
          last_used_at: null,
          rotated_at: null,
          revoked_at: null,
        }).execute();
        await tx.insertInto("api_key_secrets").values({
          lookup: secret.lookup,
          key_id: key.id,
          digest: secret.digest,
          created_at: secret.createdAt,
          expires_at: null,
        }).execute();
      }));
    return (await this.get(key.orgId, key.id))!;
  }

  async list(orgId: string): Promise<ApiKey[]> {
    const rows = await this.#db.selectFrom("api_keys").selectAll().where("org_id", "=", orgId)
      .orderBy("created_at", "desc").orderBy("id").execute();
    return rows.map(toKey);
  }

  async get(orgId: string, id: string): Promise<ApiKey | null> {
    const row = await this.#db.selectFrom("api_keys").selectAll().where("org_id", "=", orgId)
      .where("id", "=", id).executeTakeFirst();
    return row ? toKey(row) : null;
  }

  async findByLookup(lookup: string): Promise<{ key: ApiKey; secret: ApiKeySecretRecord } | null> {
    const secret = await this.#db.selectFrom("api_key_secrets").selectAll().where("lookup", "=", lookup)
      .executeTakeFirst();
    if (!secret) return null;
    const key = await this.#db.selectFrom("api_keys").selectAll().where("id", "=", secret.key_id)
      .executeTakeFirst();
    return key ? { key: toKey(key), secret: toSecret(secret) } : null;
  }

  async rotate(
    orgId: string,
    id: string,
    rotation: { secret: NewApiKeySecret; prefix: string; previousUntil: string },
  ): Promise<ApiKey | null> {
    const { secret, prefix, previousUntil } = rotation;
    const rotated = await serializedWrite(
      this.#db,
      this.#dialect,
      () =>
        this.#db.transaction().execute(async (tx) => {
          const updated = await tx.updateTable("api_keys")
            .set({ prefix, rotated_at: secret.createdAt })
            .where("org_id", "=", orgId).where("id", "=", id).where("revoked_at", "is", null)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) === 0) return false;
          // The secrets it had end at `previousUntil`, or earlier when an earlier rotation said so.
          await tx.updateTable("api_key_secrets").set({ expires_at: previousUntil })
            .where("key_id", "=", id)
            .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", previousUntil)]))
            .execute();
          await tx.insertInto("api_key_secrets").values({
            lookup: secret.lookup,
            key_id: id,
            digest: secret.digest,
            created_at: secret.createdAt,
            expires_at: null,
          }).execute();
          return true;
        }),
    );
    return rotated ? await this.get(orgId, id) : null;
  }

  async revoke(orgId: string, id: string, at: string): Promise<ApiKey | null> {
    await serializedWrite(
      this.#db,
      this.#dialect,
      () =>
        this.#db.updateTable("api_keys").set({ revoked_at: at }).where("org_id", "=", orgId)
          .where("id", "=", id).where("revoked_at", "is", null).execute(),
    );
    return await this.get(orgId, id);
  }

  async touch(id: string, at: string): Promise<void> {
    await serializedWrite(
      this.#db,
      this.#dialect,
      () =>
        this.#db.updateTable("api_keys").set({ last_used_at: at }).where("id", "=", id)
          .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", at)])).execute(),
    );
  }
}
