import { type Kysely, sql } from "kysely";
import {
  QUICKBOOKS_RATE_LIMITS,
  type RateBudget,
  type RateBudgetKind,
  type RateDecision,
  type RateLimits,
} from "../../../domain/ports/rate_budget.ts";
import { MINUTE_MS, type PermitRecord, permitWait, SECOND_MS } from "../../../domain/ports/rate_windows.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

/**
 * The per-realm QuickBooks rate budget in the database, so every worker of the deployment draws
 * on one budget. A permit is one conditional INSERT ... SELECT that checks every limit in the same
 * statement: atomic in SQLite (one writer at a time); in PostgreSQL it runs after updating the
 * realm's row inside a transaction, so concurrent decisions for a realm queue on that row lock.
 */
export class SqlRateBudget implements RateBudget {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;
  readonly #limits: RateLimits;
  readonly #newId: () => string;

  constructor(
    database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect },
    newId: () => string,
    limits: RateLimits = QUICKBOOKS_RATE_LIMITS,
  ) {
    this.#db = database.db;
    this.#dialect = database.dialect;
    this.#newId = newId;
    this.#limits = limits;
  }

  tryAcquire(realmId: string, kind: RateBudgetKind, now: Date): Promise<RateDecision> {
    return serializedWrite(this.#db, this.#dialect, async () => {
      const at = now.getTime();
      await this.#db.deleteFrom("quickbooks_rate_permits").where("realm_id", "=", realmId)
        .where("started_at_ms", "<=", at - Math.max(MINUTE_MS, this.#limits.permitTtlMs)).execute();
      const permitId = this.#newId();
      const granted = this.#dialect === "postgres"
        ? await this.#grantUnderRowLock(permitId, realmId, kind, at)
        : await this.#grant(this.#db, permitId, realmId, kind, at);
      if (granted) return { granted: true, permitId };
      return { granted: false, retryAfterMs: await this.#waitHint(realmId, kind, at) };
    });
  }

  async release(realmId: string, permitId: string, now: Date): Promise<void> {
    await serializedWrite(
      this.#db,
      this.#dialect,
      () =>
        this.#db.updateTable("quickbooks_rate_permits").set({ released: 1, started_at_ms: now.getTime() })
          .where("realm_id", "=", realmId).where("permit_id", "=", permitId).where("released", "=", 0)
          .execute(),
    );
  }

  async #grantUnderRowLock(
    permitId: string,
    realmId: string,
    kind: RateBudgetKind,
    at: number,
  ): Promise<boolean> {
    await this.#db.insertInto("quickbooks_rate_realms").values({ realm_id: realmId, decisions: 0 })
      .onConflict((oc) => oc.column("realm_id").doNothing()).execute();
    return await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable("quickbooks_rate_realms").set((eb) => ({ decisions: eb("decisions", "+", 1) }))
        .where("realm_id", "=", realmId).execute();
      return await this.#grant(trx, permitId, realmId, kind, at);
    });
  }

  /** Inserts the permit only if every limit still has room; true when it was inserted. */
  async #grant(
    db: Kysely<DatabaseSchema>,
    permitId: string,
    realmId: string,
    kind: RateBudgetKind,
    at: number,
  ): Promise<boolean> {
    const limits = this.#limits;
    /** Permits counting in a window (rate_windows.ts): in flight, or answered within the window. */
    const counted = (windowMs: number, extra = sql`1 = 1`) =>
      sql`(SELECT COUNT(*) FROM quickbooks_rate_permits WHERE realm_id = ${realmId} AND ${extra} AND (
        (released = 0 AND started_at_ms > ${at - limits.permitTtlMs})
        OR (released = 1 AND started_at_ms > ${at - windowMs})))`;
    const result = await sql`
      INSERT INTO quickbooks_rate_permits (permit_id, realm_id, kind, started_at_ms, released)
      SELECT CAST(${permitId} AS VARCHAR(64)), CAST(${realmId} AS VARCHAR(32)), CAST(${kind} AS VARCHAR(16)),
        CAST(${at} AS BIGINT), 0
      WHERE ${counted(MINUTE_MS)} < ${limits.perMinute}
        AND ${counted(SECOND_MS)} < ${limits.perSecond}
        AND ${counted(0)} < ${limits.concurrent}
        AND (${kind} <> 'batch' OR ${counted(MINUTE_MS, sql`kind = 'batch'`)} < ${limits.batchPerMinute})
    `.execute(db);
    return Number(result.numAffectedRows ?? 0n) === 1;
  }

  /** How long until a permit could be granted (a hint; the next attempt decides again). */
  async #waitHint(realmId: string, kind: RateBudgetKind, at: number): Promise<number> {
    const rows = await this.#db.selectFrom("quickbooks_rate_permits")
      .select(["started_at_ms", "kind", "released"])
      .where("realm_id", "=", realmId).execute();
    const permits: PermitRecord[] = rows.map((row) => ({
      kind: row.kind as RateBudgetKind,
      at: Number(row.started_at_ms),
      inFlight: Number(row.released) === 0,
    }));
    return Math.max(1, permitWait(permits, kind, at, this.#limits));
  }
}
