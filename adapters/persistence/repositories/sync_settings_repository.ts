import type { Kysely } from "kysely";
import {
  type StoredSyncSettings,
  SYNC_SETTING_NAMES,
  type SyncSettingName,
  type SyncSettingsRepository,
  SyncSettingsSchema,
} from "../../../domain/ports/sync_settings_repository.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

/**
 * Sync settings in SQL, one row per organization. The row's JSON holds only the settings the
 * organization chose; it is parsed back through the schema, so the others (and fields added since)
 * come back with their defaults. Rows written before `chosen` existed hold every field, so every
 * field counts as chosen there.
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
    const stored = JSON.parse(row.settings) as Record<string, unknown>;
    return {
      settings: SyncSettingsSchema.parse(stored),
      chosen: SYNC_SETTING_NAMES.filter((name) => Object.hasOwn(stored, name)),
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
    const chosen = Object.fromEntries(
      [...new Set<SyncSettingName>(value.chosen)].sort().map((name) => [name, value.settings[name]]),
    );
    const columns = {
      settings: JSON.stringify(chosen),
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
