import type { Kysely } from "kysely";
import { z } from "zod";
import { type RatePolicies, RatePolicySchema } from "../../../domain/access/rate_limits.ts";
import type {
  RateLimitSettingsRepository,
  StoredRatePolicies,
} from "../../../domain/ports/rate_limit_settings_repository.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

const StoredSchema = z.object({
  organization: RatePolicySchema,
  per_user: RatePolicySchema,
  per_key: RatePolicySchema,
});

/** Each organization's rate policies in SQL, one row per organization. */
export class SqlRateLimitSettingsRepository implements RateLimitSettingsRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async get(orgId: string): Promise<StoredRatePolicies | null> {
    const row = await this.#db.selectFrom("rate_limit_settings").selectAll().where("org_id", "=", orgId)
      .executeTakeFirst();
    if (!row) return null;
    const stored = StoredSchema.parse(JSON.parse(row.policies));
    return {
      policies: { organization: stored.organization, perUser: stored.per_user, perKey: stored.per_key },
      version: Number(row.version),
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    };
  }

  async put(
    orgId: string,
    policies: RatePolicies,
    change: { at: string; by: string },
  ): Promise<StoredRatePolicies> {
    const columns = {
      policies: JSON.stringify({
        organization: policies.organization,
        per_user: policies.perUser,
        per_key: policies.perKey,
      }),
      updated_at: change.at,
      updated_by: change.by,
    };
    await serializedWrite(
      this.#db,
      this.#dialect,
      () =>
        this.#db.insertInto("rate_limit_settings").values({ org_id: orgId, ...columns, version: 1 })
          .onConflict((oc) =>
            oc.column("org_id").doUpdateSet((eb) => ({
              ...columns,
              version: eb("rate_limit_settings.version", "+", 1),
            }))
          ).execute(),
    );
    return (await this.get(orgId))!;
  }
}
