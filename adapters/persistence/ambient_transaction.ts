import { AsyncLocalStorage } from "node:async_hooks";
import type { Kysely, Transaction } from "kysely";
import type { DatabaseSchema } from "./schema.ts";

/**
 * The transaction a unit of work (`atomically`, see unit_of_work.ts) has open, bound to the
 * database it belongs to: every repository of that database runs its statements on it while the
 * unit runs, so a change and its audit entry commit or roll back together without any port
 * having to pass a transaction along.
 */
interface Ambient {
  readonly root: Kysely<DatabaseSchema>;
  readonly trx: Transaction<DatabaseSchema>;
}

const ambient = new AsyncLocalStorage<Ambient>();

/** The transaction of the unit of work running on `root` in this call chain, if any. */
export function ambientTransaction(root: object): Transaction<DatabaseSchema> | undefined {
  const current = ambient.getStore();
  return current?.root === root ? current.trx : undefined;
}

/** True inside any unit of work, whichever database it runs on. */
export function inAmbientTransaction(): boolean {
  return ambient.getStore() !== undefined;
}

/** Runs `work` with `trx` as the ambient transaction of `root`. */
export function withAmbientTransaction<T>(
  root: Kysely<DatabaseSchema>,
  trx: Transaction<DatabaseSchema>,
  work: () => Promise<T>,
): Promise<T> {
  return ambient.run({ root, trx }, work);
}

/**
 * `db` as the repositories see it: outside a unit of work it is `db` itself; inside one it is the
 * unit's transaction, and a repository's own `transaction().execute(fn)` joins that transaction
 * (runs `fn` on it) instead of opening a second one, which Kysely does not nest.
 */
export function ambientAware(db: Kysely<DatabaseSchema>): Kysely<DatabaseSchema> {
  const joined = (trx: Transaction<DatabaseSchema>) => ({
    execute: <T>(fn: (t: Transaction<DatabaseSchema>) => Promise<T>) => fn(trx),
  });
  const proxy: Kysely<DatabaseSchema> = new Proxy(db, {
    get(target, property) {
      const trx = ambientTransaction(proxy);
      if (trx && property === "transaction") return () => joined(trx);
      // Kysely keeps its state in private fields: methods run on the real object, never the proxy.
      const base = trx ?? target;
      const value = Reflect.get(base, property, base);
      return typeof value === "function" ? value.bind(base) : value;
    },
  });
  return proxy;
}
