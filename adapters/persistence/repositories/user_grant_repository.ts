import type { Kysely } from "kysely";
import { z } from "zod";
import { AccessLevelSchema } from "../../../domain/access/access_levels.ts";
import { FeatureSchema } from "../../../domain/access/features.ts";
import type { UserGrant, UserGrantTerms } from "../../../domain/access/user_grant.ts";
import type { UserGrantRepository } from "../../../domain/ports/user_grant_repository.ts";
import type { UserAccessGrantsTable } from "../access_schema.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

const Ids = z.array(z.string().min(1));
const Features = z.array(FeatureSchema);

function toGrant(row: UserAccessGrantsTable): UserGrant {
  return {
    orgId: row.org_id,
    userId: row.user_id,
    accessLevel: AccessLevelSchema.parse(row.access_level),
    allowedProperties: row.allowed_properties === null
      ? "all"
      : Ids.parse(JSON.parse(row.allowed_properties)),
    allowedFeatures: row.allowed_features === null ? "all" : Features.parse(JSON.parse(row.allowed_features)),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    version: Number(row.version),
  };
}

/** User access grants in SQL, one row per (organization, user). */
export class SqlUserGrantRepository implements UserGrantRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async get(orgId: string, userId: string): Promise<UserGrant | null> {
    const row = await this.#db.selectFrom("user_access_grants").selectAll()
      .where("org_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst();
    return row ? toGrant(row) : null;
  }

  async list(orgId: string, options: { afterUserId?: string; limit: number }): Promise<UserGrant[]> {
    let query = this.#db.selectFrom("user_access_grants").selectAll().where("org_id", "=", orgId);
    if (options.afterUserId !== undefined) query = query.where("user_id", ">", options.afterUserId);
    const rows = await query.orderBy("user_id").limit(options.limit).execute();
    return rows.map(toGrant);
  }

  async put(
    orgId: string,
    userId: string,
    terms: UserGrantTerms,
    change: { at: string; by: string },
  ): Promise<UserGrant> {
    const columns = {
      access_level: terms.accessLevel,
      allowed_properties: terms.allowedProperties === "all" ? null : JSON.stringify(terms.allowedProperties),
      allowed_features: terms.allowedFeatures === "all" ? null : JSON.stringify(terms.allowedFeatures),
      expires_at: terms.expiresAt,
      updated_at: change.at,
      updated_by: change.by,
    };
    await serializedWrite(
      this.#db,
      this.#dialect,
      () =>
        this.#db.insertInto("user_access_grants")
          .values({ org_id: orgId, user_id: userId, ...columns, created_at: change.at, version: 1 })
          .onConflict((oc) =>
            oc.columns(["org_id", "user_id"]).doUpdateSet((eb) => ({
              ...columns,
              version: eb("user_access_grants.version", "+", 1),
            }))
          ).execute(),
    );
    return (await this.get(orgId, userId))!;
  }

  async remove(orgId: string, userId: string): Promise<UserGrant | null> {
    const existing = await this.get(orgId, userId);
    if (existing === null) return null;
    await this.#db.deleteFrom("user_access_grants").where("org_id", "=", orgId).where("user_id", "=", userId)
      .execute();
    return existing;
  }
}
