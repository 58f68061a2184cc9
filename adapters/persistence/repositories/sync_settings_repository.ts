import type { Kysely } from "kysely";
import {
  type StoredSyncSettings,
  type SyncSettingsRepository,
  SyncSettingsSchema,
} from "../../../domain/ports/sync_settings_repository.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

/**
 * Sync settings in SQL, one row per organization. Stored JSON is parsed back through the schema,
 * so settings written before a new field existed come back with that field's default.
 */
export class SqlSyncSettingsRepository implements SyncSettingsRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async get(orgId: string): Promise<StoredSyncSettings | null> {
    const row = await this.#db.selectFrom("sync_settings").selectAll().where("org_id", "=", orgId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      settings: SyncSettingsSchema.parse(JSON.parse(row.settings)),
      validatedAgainstCompany: Number(row.validated_against_company) === 1,
      realmId: row.realm_id,
      version: Number(row.version),
      updatedAt: row.updated_at,
    };
  }

  async save(
    orgId: string,
    value: Omit<StoredSyncSettings, "version" | "updatedAt">,
    now: string,
  ): Promise<StoredSyncSettings> {
    const columns = {
      settings: JSON.stringify(value.settings),
      validated_against_company: value.validatedAgainstCompany ? 1 : 0,
      realm_id: value.realmId,
      updated_at: now,
    };
    await serializedWrite(
      this.#db,
      this.#dialect,
      () =>
        this.#db.insertInto("sync_settings").values({ org_id: orgId, ...columns, version: 1 })
          .onConflict((oc) =>
            oc.column("org_id").doUpdateSet((eb) => ({
              ...columns,
              version: eb("sync_settings.version", "+", 1),
            }))
          ).execute(),
    );
    return (await this.get(orgId))!;
  }
}
