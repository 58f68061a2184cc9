import type { SqlDialect } from "./database.ts";

/**
 * SQLite has one writer at a time, and libSQL's in-memory client has a single connection that an
 * open transaction holds exclusively (a second concurrent transaction is rejected, not queued).
 * Write transactions on a libSQL database therefore take turns inside this process; PostgreSQL
 * runs them concurrently and relies on row locks instead. Turns are kept per database handle.
 */
const turns = new WeakMap<object, Promise<unknown>>();

/** Runs `work` after the previous SQLite write of `handle` settled (at once on PostgreSQL). */
export function serializedWrite<T>(handle: object, dialect: SqlDialect, work: () => Promise<T>): Promise<T> {
  if (dialect === "postgres") return work();
  const previous = turns.get(handle) ?? Promise.resolve();
  const next = previous.then(work, work);
  turns.set(handle, next.catch(() => undefined));
  return next;
}
