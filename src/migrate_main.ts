/** `deno task migrate`: applies pending database migrations and exits. */
import { openDatabase } from "../adapters/persistence/database.ts";
import { migrateToLatest } from "../adapters/persistence/migrator.ts";
import { configFromEnvOrExit } from "./composition/config_from_env.ts";

const config = await configFromEnvOrExit();
const database = await openDatabase(config.databaseUrl, { authToken: config.databaseAuthToken });
try {
  const report = await migrateToLatest(database);
  console.log(JSON.stringify({ level: "info", msg: "migrations", ...report }));
} finally {
  await database.close();
}
