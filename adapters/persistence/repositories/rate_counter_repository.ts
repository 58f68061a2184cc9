import type { Kysely } from "kysely";
import type { CounterWindow, RateCounters } from "../../../domain/ports/rate_counters.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

const keyOf = (w: { subject: string; windowSeconds: number; windowStart: number }) =>
  `${w.windowSeconds}|${w.windowStart}|${w.subject}`;

/**
 * Rate counters in SQL: one `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` adds to every window
 * of a call at once, atomic on both dialects, so every instance on the database shares the counts.
 * Windows are written in one order (PostgreSQL then locks rows in that order: no deadlock between
 * calls sharing an organization) and each once (a statement may not update a row twice).
 */
export class SqlRateCounters implements RateCounters {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async add(
    windows: readonly CounterWindow[],
    keepUntil: (window: CounterWindow) => number,
    amount = 1,
  ): Promise<number[]> {
    if (windows.length === 0) return [];
    const distinct = [...new Map(windows.map((w) => [keyOf(w), w])).values()]
      .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
    const rows = await serializedWrite(this.#db, this.#dialect, () =>
      this.#db.insertInto("rate_counters")
        .values(distinct.map((w) => ({
          subject: w.subject,
          window_seconds: w.windowSeconds,
          window_start: w.windowStart,
          count: amount,
          expires_at: keepUntil(w),
        })))
        .onConflict((oc) =>
          oc.columns(["subject", "window_seconds", "window_start"]).doUpdateSet((eb) => ({
            count: eb("rate_counters.count", "+", amount),
          }))
        )
        .returning(["subject", "window_seconds", "window_start", "count"])
        .execute());
    const counts = new Map(rows.map((r) => [
      keyOf({
        subject: r.subject,
        windowSeconds: Number(r.window_seconds),
        windowStart: Number(r.window_start),
      }),
      Number(r.count),
    ]));
    return windows.map((w) => counts.get(keyOf(w))!);
  }

  async counts(
    subject: string,
    windowSeconds: number,
    fromWindowStart: number,
  ): Promise<{ windowStart: number; count: number }[]> {
    const rows = await this.#db.selectFrom("rate_counters").select(["window_start", "count"])
      .where("subject", "=", subject).where("window_seconds", "=", windowSeconds)
      .where("window_start", ">=", fromWindowStart).orderBy("window_start").execute();
    return rows.map((r) => ({ windowStart: Number(r.window_start), count: Number(r.count) }));
  }

  async purge(epochSeconds: number): Promise<number> {
    const result = await serializedWrite(
      this.#db,
      this.#dialect,
      () => this.#db.deleteFrom("rate_counters").where("expires_at", "<", epochSeconds).executeTakeFirst(),
    );
    return Number(result.numDeletedRows);
  }
}
