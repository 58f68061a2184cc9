/** `deno task migrate`: applies pending database migrations and exits. */
import { openDatabase } from "../adapters/persistence/database.ts";
import { migrateToLatest } from "../adapters/persistence/migrator.ts";
import { loadConfig } from "./config.ts";

const config = loadConfig(Deno.env.toObject());
const database = await openDatabase(config.databaseUrl, { authToken: config.databaseAuthToken });
try {
  const report = await migrateToLatest(database);
  console.log(JSON.stringify({ level: "info", msg: "migrations", ...report }));
} finally {
  await database.close();
}
