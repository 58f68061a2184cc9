/**
 * `deno task rotate-keys`: re-seals every stored QuickBooks token set with the current key of
 * TOKEN_ENCRYPTION_KEYS (the first entry). Rotate by putting a new key first, keeping the old
 * ones, running this task, then removing the old keys once it reports nothing left to re-seal.
 */
import { JweTokenVault } from "../adapters/crypto/jwe_token_vault.ts";
import { parseKeyRing } from "../adapters/crypto/key_ring.ts";
import { openDatabase } from "../adapters/persistence/database.ts";
import { migrateToLatest } from "../adapters/persistence/migrator.ts";
import { SqlConnectionRepository } from "../adapters/persistence/repositories/connection_repository.ts";
import { systemClock } from "../adapters/system/system_clock.ts";
import { isDomainError } from "../domain/errors.ts";
import { tokenKeyRingSpec } from "./composition/quickbooks_wiring.ts";
import { configFromEnv } from "./composition/config_from_env.ts";
import { rotateTokenKeys } from "./connections/rotate_token_keys.ts";

async function main(): Promise<void> {
  try {
    const config = await configFromEnv(Deno.env.toObject());
    const database = await openDatabase(config.databaseUrl, { authToken: config.databaseAuthToken });
    try {
      await migrateToLatest(database);
      const vault = new JweTokenVault(parseKeyRing(tokenKeyRingSpec(config)));
      const result = await rotateTokenKeys({
        connections: new SqlConnectionRepository(database.db),
        vault,
        clock: systemClock,
      });
      console.log(
        JSON.stringify({
          level: "info",
          msg: "token keys rotated",
          current_key: vault.currentKeyId,
          ...result,
        }),
      );
    } finally {
      await database.close();
    }
  } catch (error) {
    if (isDomainError(error)) {
      console.error(
        JSON.stringify({ level: "error", msg: error.message, code: error.code, details: error.details }),
      );
      Deno.exit(78);
    }
    throw error;
  }
}

if (import.meta.main) await main();
