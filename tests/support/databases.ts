/**
 * The databases every persistence contract suite runs against: libSQL (in-memory and a file) and
 * PostgreSQL. PostgreSQL comes from TEST_POSTGRES_URL or the machine's local server, started by
 * tests/support/postgres_setup.sh when it is down. In CI an unreachable PostgreSQL fails the run;
 * elsewhere its tests are reported as ignored with a loud warning, never passed silently.
 */
import pg from "pg";
import { type Database, openDatabase } from "../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../adapters/persistence/migrator.ts";

export const TEST_POSTGRES_URL = Deno.env.get("TEST_POSTGRES_URL") ??
  "postgres://estatecore:estatecore@127.0.0.1:5432/estatecore_test";

export interface TestDatabaseKind {
  readonly name: "libsql-memory" | "libsql-file" | "postgres";
  /** Opens a fresh, migrated, isolated database. */
  open(): Promise<Database>;
  /** Why it is unavailable (tests are then ignored), or null. */
  readonly unavailable: string | null;
}

async function canConnect(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensurePostgres(): Promise<string | null> {
  let problem = await canConnect(TEST_POSTGRES_URL);
  if (problem === null || Deno.env.get("TEST_POSTGRES_URL")) return problem;
  const setup = new URL("./postgres_setup.sh", import.meta.url).pathname;
  try {
    const out = await new Deno.Command("bash", { args: [setup], stdout: "piped", stderr: "piped" }).output();
    if (!out.success) return `${problem}; setup failed: ${new TextDecoder().decode(out.stderr).trim()}`;
  } catch (error) {
    return `${problem}; setup could not run: ${error instanceof Error ? error.message : String(error)}`;
  }
  problem = await canConnect(TEST_POSTGRES_URL);
  return problem;
}

const postgresProblem = await ensurePostgres();
if (postgresProblem !== null) {
  if (Deno.env.get("CI") === "true") {
    throw new Error(
      `PostgreSQL is required in CI but unreachable at ${TEST_POSTGRES_URL}: ${postgresProblem}`,
    );
  }
  console.error(
    `\n!!! PostgreSQL unreachable (${postgresProblem}); PostgreSQL contract tests are IGNORED on this run !!!\n`,
  );
}

/**
 * A PostgreSQL schema of its own on the test server, the DATABASE_URL that selects it, and how to
 * drop it. The name is random: names made of a time and a process id collided between processes
 * of parallel suites on the shared server (one dropped the other's schema mid-test).
 */
export async function postgresSchema(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

async function openPostgres(): Promise<Database> {
  const { url, drop } = await postgresSchema("t");
  const database = await openDatabase(url, { poolSize: 4 });
  await migrateToLatest(database);
  return {
    ...database,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

async function openLibsqlFile(): Promise<Database> {
  const dir = await Deno.makeTempDir({ prefix: "estatecore-test-" });
  const database = await openDatabase(`file:${dir}/test.db`);
  await migrateToLatest(database);
  return {
    ...database,
    close: async () => {
      await database.close();
      await Deno.remove(dir, { recursive: true }).catch(() => undefined);
    },
  };
}

async function openLibsqlMemory(): Promise<Database> {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  return database;
}

export const TEST_DATABASES: readonly TestDatabaseKind[] = [
  { name: "libsql-memory", open: openLibsqlMemory, unavailable: null },
  { name: "libsql-file", open: openLibsqlFile, unavailable: null },
  { name: "postgres", open: openPostgres, unavailable: postgresProblem },
];

/**
 * Registers one Deno test per database for a contract suite. `body` gets a fresh migrated
 * database and runs its steps with `t.step`.
 */
export function contractSuite(
  name: string,
  body: (t: Deno.TestContext, database: Database) => Promise<void>,
): void {
  for (const kind of TEST_DATABASES) {
    Deno.test({
      name: `${name} [${kind.name}]`,
      ignore: kind.unavailable !== null,
      sanitizeResources: false,
      sanitizeOps: false,
      async fn(t) {
        const database = await kind.open();
        try {
          await body(t, database);
        } finally {
          await database.close();
        }
      },
    });
  }
}
