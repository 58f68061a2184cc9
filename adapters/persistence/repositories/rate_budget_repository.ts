import type { Kysely } from "kysely";
import {
  QUICKBOOKS_RATE_LIMITS,
  type RateBudget,
  type RateBudgetKind,
  type RateDecision,
  type RateLimits,
} from "../../../domain/ports/rate_budget.ts";
import type { DatabaseSchema } from "../schema.ts";

/**
 * The per-realm QuickBooks rate budget in the database, so every worker of the deployment draws
 * on one budget. Each decision runs in a transaction that first updates the realm's row: that
 * write takes PostgreSQL's row lock or SQLite's write lock, serializing decisions for a realm.
 */
export class SqlRateBudget implements RateBudget {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #limits: RateLimits;
  readonly #newId: () => string;

  constructor(db: Kysely<DatabaseSchema>, newId: () => string, limits: RateLimits = QUICKBOOKS_RATE_LIMITS) {
    this.#db = db;
    this.#newId = newId;
    this.#limits = limits;
  }

  async tryAcquire(realmId: string, kind: RateBudgetKind, now: Date): Promise<RateDecision> {
    const at = now.getTime();
    const limits = this.#limits;
    await this.#db.insertInto("quickbooks_rate_realms").values({ realm_id: realmId, decisions: 0 })
      .onConflict((oc) => oc.column("realm_id").doNothing()).execute();
    return await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable("quickbooks_rate_realms").set((eb) => ({ decisions: eb("decisions", "+", 1) }))
        .where("realm_id", "=", realmId).execute();
      const horizon = at - Math.max(60_000, limits.permitTtlMs);
      await trx.deleteFrom("quickbooks_rate_permits").where("realm_id", "=", realmId)
        .where("started_at_ms", "<=", horizon).execute();
      const recent = await trx.selectFrom("quickbooks_rate_permits")
        .select(["started_at_ms", "kind", "released"])
        .where("realm_id", "=", realmId).where("started_at_ms", ">", at - limits.permitTtlMs)
        .orderBy("started_at_ms").execute();
      const times = recent.map((row) => ({ ...row, started_at_ms: Number(row.started_at_ms) }));
      const minute = times.filter((row) => row.started_at_ms > at - 60_000);
      const second = minute.filter((row) => row.started_at_ms > at - 1000);
      const batches = minute.filter((row) => row.kind === "batch");
      const inFlight = times.filter((row) => Number(row.released) === 0);
      const waits: number[] = [];
      if (minute.length >= limits.perMinute) {
        waits.push(minute[minute.length - limits.perMinute].started_at_ms + 60_000 - at);
      }
      if (second.length >= limits.perSecond) {
        waits.push(second[second.length - limits.perSecond].started_at_ms + 1000 - at);
      }
      if (kind === "batch" && batches.length >= limits.batchPerMinute) {
        waits.push(batches[batches.length - limits.batchPerMinute].started_at_ms + 60_000 - at);
      }
      if (inFlight.length >= limits.concurrent) waits.push(50);
      if (waits.length > 0) return { granted: false, retryAfterMs: Math.max(1, ...waits) };
      const permitId = this.#newId();
      await trx.insertInto("quickbooks_rate_permits").values({
        permit_id: permitId,
        realm_id: realmId,
        kind,
        started_at_ms: at,
        released: 0,
      }).execute();
      return { granted: true, permitId };
    });
  }

  async release(realmId: string, permitId: string): Promise<void> {
    await this.#db.updateTable("quickbooks_rate_permits").set({ released: 1 })
      .where("realm_id", "=", realmId).where("permit_id", "=", permitId).execute();
  }
}
