import { type Kysely, sql } from "kysely";
import {
  QUICKBOOKS_RATE_LIMITS,
  type RateBudget,
  type RateBudgetKind,
  type RateDecision,
  type RateLimits,
  windowsOf,
} from "../../../domain/ports/rate_budget.ts";
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
        .where("started_at_ms", "<=", at - Math.max(windowsOf(this.#limits).minute, this.#limits.permitTtlMs))
        .execute();
      const permitId = this.#newId();
      const granted = this.#dialect === "postgres"
        ? await this.#grantUnderRowLock(permitId, realmId, kind, at)
        : await this.#grant(this.#db, permitId, realmId, kind, at);
      if (granted) return { granted: true, permitId };
      return { granted: false, retryAfterMs: await this.#waitHint(realmId, kind, at) };
    });
  }

  async release(realmId: string, permitId: string): Promise<void> {
    await serializedWrite(
      this.#db,
      this.#dialect,
      () =>
        this.#db.updateTable("quickbooks_rate_permits").set({ released: 1 })
          .where("realm_id", "=", realmId).where("permit_id", "=", permitId).execute(),
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
    const { second, minute } = windowsOf(limits);
    const count = (extra: ReturnType<typeof sql>) =>
      sql`(SELECT COUNT(*) FROM quickbooks_rate_permits WHERE realm_id = ${realmId} AND ${extra})`;
    const result = await sql`
      INSERT INTO quickbooks_rate_permits (permit_id, realm_id, kind, started_at_ms, released)
      SELECT CAST(${permitId} AS VARCHAR(64)), CAST(${realmId} AS VARCHAR(32)), CAST(${kind} AS VARCHAR(16)),
        CAST(${at} AS BIGINT), 0
      WHERE ${count(sql`started_at_ms > ${at - minute}`)} < ${limits.perMinute}
        AND ${count(sql`started_at_ms > ${at - second}`)} < ${limits.perSecond}
        AND ${count(sql`released = 0 AND started_at_ms > ${at - limits.permitTtlMs}`)} < ${limits.concurrent}
        AND (${kind} <> 'batch'
          OR ${count(sql`kind = 'batch' AND started_at_ms > ${at - minute}`)} < ${limits.batchPerMinute})
    `.execute(db);
    return Number(result.numAffectedRows ?? 0n) === 1;
  }

  /** How long until a permit could be granted (a hint; the next attempt decides again). */
  async #waitHint(realmId: string, kind: RateBudgetKind, at: number): Promise<number> {
    const limits = this.#limits;
    const windows = windowsOf(limits);
    const rows = await this.#db.selectFrom("quickbooks_rate_permits")
      .select(["started_at_ms", "kind", "released"])
      .where("realm_id", "=", realmId).where("started_at_ms", ">", at - limits.permitTtlMs)
      .orderBy("started_at_ms").execute();
    const times = rows.map((row) => ({ ...row, started_at_ms: Number(row.started_at_ms) }));
    const minute = times.filter((row) => row.started_at_ms > at - windows.minute);
    const second = minute.filter((row) => row.started_at_ms > at - windows.second);
    const batches = minute.filter((row) => row.kind === "batch");
    const waits = [50];
    if (minute.length >= limits.perMinute) {
      waits.push(minute[minute.length - limits.perMinute].started_at_ms + windows.minute - at);
    }
    if (second.length >= limits.perSecond) {
      waits.push(second[second.length - limits.perSecond].started_at_ms + windows.second - at);
    }
    if (kind === "batch" && batches.length >= limits.batchPerMinute) {
      waits.push(batches[batches.length - limits.batchPerMinute].started_at_ms + windows.minute - at);
    }
    return Math.max(1, ...waits);
  }
}
