import type { Kysely } from "kysely";
import {
  type AccountAssignments,
  AccountMappingSchema,
  type PropertyAccountOverride,
} from "../../../domain/mapping/account_mapping.ts";
import type {
  AccountMappingRepository,
  MappingRevision,
  StoredAccountMapping,
} from "../../../domain/ports/account_mapping_repository.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

/** The row key of the organization defaults (a property id is never empty). */
const DEFAULTS_KEY = "";

/**
 * Account mappings in SQL: one row for the organization defaults and one per property override.
 * Rows are read back through the domain schema, so a stored mapping is always a valid one.
 */
export class SqlAccountMappingRepository implements AccountMappingRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async get(orgId: string): Promise<StoredAccountMapping> {
    const rows = await this.#db.selectFrom("account_mappings").selectAll().where("org_id", "=", orgId)
      .orderBy("property_id").execute();
    let defaults: unknown = undefined;
    let defaultsRevision: MappingRevision | null = null;
    const overrides: Record<string, unknown> = {};
    const overrideRevisions: Record<string, MappingRevision> = {};
    for (const row of rows) {
      const revision = { version: Number(row.version), updatedAt: row.updated_at };
      if (row.property_id === DEFAULTS_KEY) {
        defaults = JSON.parse(row.assignments);
        defaultsRevision = revision;
      } else {
        overrides[row.property_id] = JSON.parse(row.assignments);
        overrideRevisions[row.property_id] = revision;
      }
    }
    const mapping = AccountMappingSchema.parse({
      organization_id: orgId,
      defaults,
      property_overrides: overrides,
    });
    return { mapping, defaultsRevision, overrideRevisions };
  }

  putDefaults(orgId: string, defaults: AccountAssignments, now: string): Promise<MappingRevision> {
    return this.#put(orgId, DEFAULTS_KEY, defaults, now);
  }

  putPropertyOverride(
    orgId: string,
    propertyId: string,
    override: PropertyAccountOverride,
    now: string,
  ): Promise<MappingRevision> {
    return this.#put(orgId, propertyId, override, now);
  }

  async deletePropertyOverride(orgId: string, propertyId: string): Promise<boolean> {
    if (propertyId === DEFAULTS_KEY) return false;
    const result = await this.#db.deleteFrom("account_mappings").where("org_id", "=", orgId)
      .where("property_id", "=", propertyId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  #put(orgId: string, propertyId: string, assignments: object, now: string): Promise<MappingRevision> {
    const text = JSON.stringify(assignments);
    return serializedWrite(this.#db, this.#dialect, () =>
      this.#db.transaction().execute(async (trx) => {
        // Upsert first so the row is locked (PostgreSQL) before the version is read back.
        await trx.insertInto("account_mappings")
          .values({ org_id: orgId, property_id: propertyId, assignments: text, version: 1, updated_at: now })
          .onConflict((oc) =>
            oc.columns(["org_id", "property_id"]).doUpdateSet((eb) => ({
              assignments: text,
              updated_at: now,
              version: eb("account_mappings.version", "+", 1),
            }))
          ).execute();
        const row = await trx.selectFrom("account_mappings").select(["version", "updated_at"])
          .where("org_id", "=", orgId).where("property_id", "=", propertyId).executeTakeFirstOrThrow();
        return { version: Number(row.version), updatedAt: row.updated_at };
      }));
  }
}
