import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import { ambientTransaction, withAmbientTransaction } from "./ambient_transaction.ts";
import type { Database } from "./database.ts";
import { serializedWrite } from "./serialized_writes.ts";

/**
 * Units of work on a SQL database: one transaction, taking its turn among this process's SQLite
 * writes (and retried whole while another process holds SQLite's write lock), in which every
 * repository of the database runs (see ambient_transaction.ts). A unit started inside another
 * runs in the outer one's transaction.
 */
export function sqlUnitOfWork(database: Pick<Database, "db" | "dialect">): Atomically {
  const { db, dialect } = database;
  return <T>(work: () => Promise<T>): Promise<T> => {
    if (ambientTransaction(db)) return work();
    return serializedWrite(
      db,
      dialect,
      () => db.transaction().execute((trx) => withAmbientTransaction(db, trx, work)),
    );
  };
}
