import type { Kysely } from "kysely";
import type { OAuthStateStore, PendingAuthorization } from "../../../domain/ports/oauth_state.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

/** Pending OAuth authorizations; `consume` is a DELETE, so exactly one caller gets the record. */
export class SqlOAuthStateStore implements OAuthStateStore {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async save(pending: PendingAuthorization): Promise<void> {
    await this.#write(() =>
      this.#db.insertInto("oauth_states").values({
        state: pending.state,
        org_id: pending.organizationId,
        user_id: pending.userId,
        code_verifier: pending.codeVerifier,
        expires_at: pending.expiresAt.toISOString(),
        return_url: pending.returnUrl,
      }).execute()
    );
  }

  async consume(state: string): Promise<PendingAuthorization | null> {
    const row = await this.#db.selectFrom("oauth_states").selectAll().where("state", "=", state)
      .executeTakeFirst();
    if (!row) return null;
    const deleted = await this.#write(() =>
      this.#db.deleteFrom("oauth_states").where("state", "=", state).executeTakeFirst()
    );
    if (Number(deleted.numDeletedRows) !== 1) return null;
    return {
      state: row.state,
      organizationId: row.org_id,
      userId: row.user_id,
      codeVerifier: row.code_verifier,
      expiresAt: new Date(row.expires_at),
      returnUrl: row.return_url ?? null,
    };
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.#write(() =>
      this.#db.deleteFrom("oauth_states").where("expires_at", "<", now.toISOString()).executeTakeFirst()
    );
    return Number(result.numDeletedRows);
  }

  /** SQLite writes take turns in this process and retry while another process writes. */
  #write<T>(work: () => Promise<T>): Promise<T> {
    return serializedWrite(this.#db, this.#dialect, work);
  }
}
