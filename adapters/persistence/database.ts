import { Kysely, PostgresDialect } from "kysely";
import { createClient } from "@libsql/client";
import { LibsqlDialect } from "@libsql/kysely-libsql";
import pg from "pg";
import { ambientAware } from "./ambient_transaction.ts";
import { translatingConstraintErrors } from "./constraint_translating_dialect.ts";
import type { DatabaseSchema } from "./schema.ts";

/** Which SQL engine a database speaks; migrations and a few repositories need to know. */
export type SqlDialect = "sqlite" | "postgres";

/**
 * An open database: Kysely plus its dialect, and how to close it. Its `db` runs on the open
 * transaction of a unit of work (unit_of_work.ts) while one runs in the caller's call chain.
 */
export interface Database {
  readonly db: Kysely<DatabaseSchema>;
  readonly dialect: SqlDialect;
  close(): Promise<void>;
}

/**
 * Opens the database named by a URL (its constraint failures raise coded errors, see
 * constraint_translating_dialect.ts): `postgres://` -> PostgreSQL (pg pool); `file:`, `:memory:`,
 * `libsql://`, `http(s)://`, `ws(s)://` -> libSQL. For `file:` URLs the parent folder is created.
 *
 * `@libsql/kysely-libsql` would otherwise resolve an old web-only client under Deno, so it gets a
 * client built by `@libsql/client`, which supports local files.
 */
export async function openDatabase(
  url: string,
  options: { authToken?: string; poolSize?: number } = {},
): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // Bigint (int8) columns hold cents and sequence numbers well inside 2^53.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const db = ambientAware(
      new Kysely<DatabaseSchema>({ dialect: translatingConstraintErrors(new PostgresDialect({ pool })) }),
    );
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    if (dir) await Deno.mkdir(dir, { recursive: true });
  }
  // `timeout` is the busy timeout of every connection the client opens (a PRAGMA would reach only
  // the first one): concurrent processes on one file wait for each other instead of failing.
  const client = createClient({ url, authToken: options.authToken, timeout: 5000 });
  if (url.startsWith("file:")) {
    // WAL lets readers and one writer work at once.
    await client.execute("PRAGMA journal_mode = WAL");
  }
  await client.execute("PRAGMA foreign_keys = ON").catch(() => undefined);
  // The dialect is typed against an older @libsql/core; the runtime API it calls is the same.
  const db = ambientAware(
    new Kysely<DatabaseSchema>({
      dialect: translatingConstraintErrors(new LibsqlDialect({ client: client as never })),
    }),
  );
  return {
    db,
    dialect: "sqlite",
    close: async () => {
      await db.destroy();
      client.close();
    },
  };
}
