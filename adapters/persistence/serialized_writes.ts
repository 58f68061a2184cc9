import { ambientTransaction, inAmbientTransaction } from "./ambient_transaction.ts";
import type { SqlDialect } from "./database.ts";

/**
 * SQLite has one writer at a time, and libSQL's in-memory client has a single connection that an
 * open transaction holds exclusively (a second concurrent transaction is rejected, not queued).
 * Write transactions on a libSQL database therefore take turns inside this process; PostgreSQL
 * runs them concurrently and relies on row locks instead. Turns are kept per database handle.
 */
const turns = new WeakMap<object, Promise<unknown>>();

/**
 * Waits between attempts when another process holds SQLite's write lock (about 6 s in all). The
 * client's extra pooled connections have no busy timeout of their own, so "database is locked"
 * reaches us at once; the whole unit of work is retried, which is safe because it starts a new
 * transaction. (libSQL can leave the failed statement open on that connection, so a later COMMIT
 * there may fail with "SQL statements in progress": that is not retried, it needs the database
 * opened with a busy timeout: `createClient({ url, timeout })`.)
 */
const BUSY_RETRY_DELAYS_MS = [2, 5, 10, 20, 40, 80, 150, 250, 400, 600, 800, 1000, 1200, 1400];

/** True for SQLite's "database is locked" (another connection or process is writing). */
export function isBusyError(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { message?: unknown; cause?: unknown };
  if (/database is locked/i.test(String(e.message ?? ""))) return true;
  return e.cause ? isBusyError(e.cause) : false;
}

/**
 * Runs `work`, retrying it while SQLite reports the database locked by another writer. Inside a
 * unit of work it runs once: a statement is not retried alone in a transaction, the unit is.
 */
export async function retryWhileBusy<T>(dialect: SqlDialect, work: () => Promise<T>): Promise<T> {
  if (dialect === "postgres" || inAmbientTransaction()) return work();
  for (let attempt = 0;; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusyError(error) || attempt >= BUSY_RETRY_DELAYS_MS.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_DELAYS_MS[attempt]));
    }
  }
}

/**
 * Runs `work` after the previous SQLite write of `handle` settled, retrying it while another
 * process holds the write lock (at once and once only on PostgreSQL). Inside a unit of work on
 * `handle` it runs at once, in the unit's transaction: the unit already has the turn.
 */
export function serializedWrite<T>(handle: object, dialect: SqlDialect, work: () => Promise<T>): Promise<T> {
  if (dialect === "postgres" || ambientTransaction(handle)) return work();
  const attempt = () => retryWhileBusy(dialect, work);
  const previous = turns.get(handle) ?? Promise.resolve();
  const next = previous.then(attempt, attempt);
  turns.set(handle, next.catch(() => undefined));
  return next;
}
