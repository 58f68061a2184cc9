import { type Kysely, type Selectable, sql } from "kysely";
import type {
  CompanyProfileUpdate,
  ConnectionRepository,
  ConnectionStatus,
  NewQuickBooksConnection,
  QuickBooksConnection,
  TokenUpdate,
} from "../../../domain/ports/connection_repository.ts";
import type { DatabaseSchema, QuickBooksConnectionsTable } from "../schema.ts";

function toConnection(row: Selectable<QuickBooksConnectionsTable>): QuickBooksConnection {
  return {
    id: row.id,
    orgId: row.org_id,
    realmId: row.realm_id,
    companyName: row.company_name,
    status: row.status as ConnectionStatus,
    encryptedTokens: row.encrypted_tokens,
    accessTokenExpiresAt: row.access_token_expires_at,
    refreshTokenExpiresAt: row.refresh_token_expires_at,
    refreshTokenHardExpiresAt: row.refresh_token_hard_expires_at,
    classTrackingEnabled: row.class_tracking_enabled === 1,
    locationTrackingEnabled: row.location_tracking_enabled === 1,
    isDefault: row.is_default === 1,
    lastErrorCode: row.last_error_code,
    lastErrorMessage: row.last_error_message,
    lastErrorAt: row.last_error_at,
    connectedAt: row.connected_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

/** QuickBooks connections in SQL; the refresh lease is a conditional UPDATE, atomic in both engines. */
export class SqlConnectionRepository implements ConnectionRepository {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async save(c: NewQuickBooksConnection, now: string): Promise<QuickBooksConnection> {
    const values = {
      id: c.id,
      org_id: c.orgId,
      realm_id: c.realmId,
      company_name: c.companyName,
      status: c.status,
      encrypted_tokens: c.encryptedTokens,
      access_token_expires_at: c.accessTokenExpiresAt,
      refresh_token_expires_at: c.refreshTokenExpiresAt,
      refresh_token_hard_expires_at: c.refreshTokenHardExpiresAt,
      class_tracking_enabled: c.classTrackingEnabled ? 1 : 0,
      location_tracking_enabled: c.locationTrackingEnabled ? 1 : 0,
      is_default: c.isDefault ? 1 : 0,
      last_error_code: c.lastErrorCode,
      last_error_message: c.lastErrorMessage,
      last_error_at: c.lastErrorAt,
      connected_at: c.connectedAt,
      updated_at: now,
      tokens_refreshed_at: c.encryptedTokens === null ? null : now,
    };
    await this.#db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom("quickbooks_connections").select(["id", "version"])
        .where("org_id", "=", c.orgId).where("realm_id", "=", c.realmId).executeTakeFirst();
      if (c.isDefault) {
        await trx.updateTable("quickbooks_connections").set({ is_default: 0 }).where("org_id", "=", c.orgId)
          .execute();
      }
      if (existing) {
        await trx.updateTable("quickbooks_connections")
          .set({ ...values, id: existing.id, version: Number(existing.version) + 1 })
          .where("id", "=", existing.id).execute();
      } else {
        await trx.insertInto("quickbooks_connections").values({ ...values, version: 1 }).execute();
      }
    });
    return (await this.get(c.orgId, c.realmId))!;
  }

  async get(orgId: string, realmId: string): Promise<QuickBooksConnection | null> {
    const row = await this.#db.selectFrom("quickbooks_connections").selectAll().where("org_id", "=", orgId)
      .where("realm_id", "=", realmId).executeTakeFirst();
    return row ? toConnection(row) : null;
  }

  async getDefault(orgId: string): Promise<QuickBooksConnection | null> {
    const row = await this.#db.selectFrom("quickbooks_connections").selectAll().where("org_id", "=", orgId)
      .orderBy("is_default", "desc").orderBy("connected_at").orderBy("realm_id").limit(1).executeTakeFirst();
    return row ? toConnection(row) : null;
  }

  async listByOrg(orgId: string): Promise<QuickBooksConnection[]> {
    const rows = await this.#db.selectFrom("quickbooks_connections").selectAll().where("org_id", "=", orgId)
      .orderBy("connected_at").orderBy("realm_id").execute();
    return rows.map(toConnection);
  }

  async listByStatus(status: ConnectionStatus): Promise<QuickBooksConnection[]> {
    const rows = await this.#db.selectFrom("quickbooks_connections").selectAll().where("status", "=", status)
      .orderBy("org_id").orderBy("realm_id").execute();
    return rows.map(toConnection);
  }

  async updateTokens(
    orgId: string,
    realmId: string,
    u: TokenUpdate,
    expectedVersion: number,
    now: string,
  ): Promise<boolean> {
    const result = await this.#db.updateTable("quickbooks_connections").set({
      encrypted_tokens: u.encryptedTokens,
      access_token_expires_at: u.accessTokenExpiresAt,
      refresh_token_expires_at: u.refreshTokenExpiresAt,
      refresh_token_hard_expires_at: u.refreshTokenHardExpiresAt,
      // A refresh (a new access-token expiry), not a re-seal under a rotated key, moves it.
      tokens_refreshed_at: sql<string | null>`case when coalesce(access_token_expires_at, '') = ${
        u.accessTokenExpiresAt ?? ""
      } then tokens_refreshed_at else ${now} end`,
      updated_at: now,
      version: expectedVersion + 1,
    }).where("org_id", "=", orgId).where("realm_id", "=", realmId).where("version", "=", expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setStatus(
    orgId: string,
    realmId: string,
    status: ConnectionStatus,
    error: { code: string; message: string } | null,
    now: string,
  ): Promise<void> {
    await this.#db.updateTable("quickbooks_connections").set((eb) => ({
      status,
      last_error_code: error?.code ?? null,
      last_error_message: error?.message ?? null,
      last_error_at: error ? now : null,
      updated_at: now,
      version: eb("version", "+", 1),
    })).where("org_id", "=", orgId).where("realm_id", "=", realmId).execute();
  }

  async setDefault(orgId: string, realmId: string, now: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable("quickbooks_connections").set({ is_default: 0 }).where("org_id", "=", orgId)
        .execute();
      await trx.updateTable("quickbooks_connections").set({ is_default: 1, updated_at: now })
        .where("org_id", "=", orgId).where("realm_id", "=", realmId).execute();
    });
  }

  async updateCompanyProfile(
    orgId: string,
    realmId: string,
    profile: CompanyProfileUpdate,
    now: string,
  ): Promise<boolean> {
    const result = await this.#db.updateTable("quickbooks_connections").set({
      company_name: profile.companyName,
      class_tracking_enabled: profile.classTrackingEnabled ? 1 : 0,
      location_tracking_enabled: profile.locationTrackingEnabled ? 1 : 0,
      updated_at: now,
    }).where("org_id", "=", orgId).where("realm_id", "=", realmId).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async delete(orgId: string, realmId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom("quickbooks_connections").where("org_id", "=", orgId)
      .where("realm_id", "=", realmId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async acquireRefreshLease(
    orgId: string,
    realmId: string,
    holder: string,
    now: string,
    until: string,
  ): Promise<boolean> {
    const result = await this.#db.updateTable("quickbooks_connections")
      .set({ refresh_lease_holder: holder, refresh_lease_until: until })
      .where("org_id", "=", orgId).where("realm_id", "=", realmId)
      .where((eb) =>
        eb.or([
          eb("refresh_lease_until", "is", null),
          eb("refresh_lease_until", "<=", now),
          eb("refresh_lease_holder", "=", holder),
        ])
      ).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async releaseRefreshLease(orgId: string, realmId: string, holder: string): Promise<void> {
    await this.#db.updateTable("quickbooks_connections")
      .set({ refresh_lease_holder: null, refresh_lease_until: null })
      .where("org_id", "=", orgId).where("realm_id", "=", realmId).where("refresh_lease_holder", "=", holder)
      .execute();
  }
}
