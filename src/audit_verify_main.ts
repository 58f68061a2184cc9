/**
 * `deno task audit-verify [--org <id>]...`: verifies the audit trail of each organization (every
 * registered one when none is named) as `POST /audit-trail/verify` does, against the database and
 * the signing keys of the configuration, printing one JSON line per organization. Exits 1 when any
 * trail fails (so a cron job can alert on it), 78 on a configuration error.
 */
import { parseArgs } from "node:util";
import { sha256Hasher } from "../adapters/crypto/sha256_hasher.ts";
import { JsonLogger } from "../adapters/logging/json_logger.ts";
import { openDatabase } from "../adapters/persistence/database.ts";
import { migrateToLatest } from "../adapters/persistence/migrator.ts";
import { SqlAuditCheckpointStore } from "../adapters/persistence/repositories/audit_checkpoint_repository.ts";
import { SqlAuditLog } from "../adapters/persistence/repositories/audit_log_repository.ts";
import { SqlOrganizationRepository } from "../adapters/persistence/repositories/organization_repository.ts";
import { systemClock } from "../adapters/system/system_clock.ts";
import { isDomainError } from "../domain/errors.ts";
import { verifyAuditTrail } from "./audit/verify_audit.ts";
import { auditSignerFor } from "./composition/audit_wiring.ts";
import { configFromEnv } from "./composition/config_from_env.ts";

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { org: { type: "string", multiple: true } }, strict: true });
  const logger = new JsonLogger({
    level: "info",
    now: () => systemClock.now(),
    sink: (line) => console.error(line),
  });
  try {
    const config = await configFromEnv(Deno.env.toObject());
    const database = await openDatabase(config.databaseUrl, { authToken: config.databaseAuthToken });
    try {
      await migrateToLatest(database);
      const deps = {
        log: new SqlAuditLog(database),
        hasher: sha256Hasher,
        signer: auditSignerFor(config, logger),
        checkpoints: new SqlAuditCheckpointStore(database.db),
      };
      const orgIds = values.org ?? await allOrganizations(new SqlOrganizationRepository(database.db));
      let failed = 0;
      for (const orgId of orgIds) {
        const result = await verifyAuditTrail(deps, { orgId, userId: "audit-verify", role: "admin" }, {});
        if (!result.valid) failed++;
        console.log(JSON.stringify({ org_id: orgId, ...result }));
      }
      console.log(JSON.stringify({ organizations: orgIds.length, failed }));
      return failed > 0 ? 1 : 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    if (isDomainError(error)) {
      console.error(
        JSON.stringify({ level: "error", msg: error.message, code: error.code, details: error.details }),
      );
      return 78;
    }
    throw error;
  }
}

async function allOrganizations(organizations: SqlOrganizationRepository): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0;; offset += 500) {
    const page = await organizations.list({ limit: 500, offset });
    ids.push(...page.map((o) => o.id));
    if (page.length < 500) return ids;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
