/**
 * Composition root: the only place where adapters meet. Builds the whole service from a Config:
 * database (migrated), repositories, use cases, the HTTP app and, in emulator mode, the built-in
 * QuickBooks Online emulator. Entry points (src/main.ts, src/edge.ts, tests) call `buildService`.
 */
import type { Hono } from "hono";
import { createHttpApp } from "../../adapters/http/app.ts";
import { createTokenVerifier } from "../../adapters/http/auth.ts";
import { JsonLogger, type LineSink } from "../../adapters/logging/json_logger.ts";
import { type Database, openDatabase } from "../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../adapters/persistence/migrator.ts";
import { SqlAuditLog } from "../../adapters/persistence/repositories/audit_log_repository.ts";
import { SqlConnectionRepository } from "../../adapters/persistence/repositories/connection_repository.ts";
import { SqlOrganizationRepository } from "../../adapters/persistence/repositories/organization_repository.ts";
import { randomIds } from "../../adapters/system/random_ids.ts";
import { systemClock } from "../../adapters/system/system_clock.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { Config } from "../config.ts";
import { getOrganization, registerOrganization } from "../organizations/organization_use_cases.ts";

export const SERVICE_VERSION = "0.1.0";

export interface ServiceOverrides {
  readonly clock?: Clock;
  readonly ids?: Ids;
  readonly logSink?: LineSink;
  /** An already-open database (tests); otherwise config.databaseUrl is opened. */
  readonly database?: Database;
}

export interface Service {
  readonly app: Hono;
  readonly database: Database;
  readonly logger: Logger;
  readonly config: Config;
  close(): Promise<void>;
}

export async function buildService(config: Config, overrides: ServiceOverrides = {}): Promise<Service> {
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? randomIds;
  const logger = new JsonLogger({ level: config.logLevel, sink: overrides.logSink, now: () => clock.now() });
  const database = overrides.database ??
    await openDatabase(config.databaseUrl, { authToken: config.databaseAuthToken });
  const migration = await migrateToLatest(database);
  if (migration.applied.length > 0) logger.info("migrations applied", { applied: migration.applied });

  const organizations = new SqlOrganizationRepository(database.db);
  const audit = new SqlAuditLog(database.db);
  const connections = new SqlConnectionRepository(database.db);
  void connections;

  const now = () => clock.now();
  const app = createHttpApp({
    logger,
    now,
    newId: () => ids.newId(),
    verifyToken: createTokenVerifier(config.auth, now),
    maxBodyBytes: config.maxBodyBytes,
    services: {
      version: SERVICE_VERSION,
      readiness: async () => {
        try {
          await organizations.list({ limit: 1 });
          return { ready: true, checks: { database: { ok: true } } };
        } catch (error) {
          logger.error("readiness check failed", { error });
          return { ready: false, checks: { database: { ok: false, detail: "database unreachable" } } };
        }
      },
      getOrganization: (orgId) => getOrganization(organizations, orgId),
      registerOrganization: (actor, input) => registerOrganization({ organizations, clock }, actor.orgId, input),
      listAudit: async (orgId, options) =>
        (await audit.list(orgId, options)).map((r) => ({ ...r, details: { ...r.details } })),
    },
  });

  return {
    app: app as unknown as Hono,
    database,
    logger,
    config,
    close: () => database.close(),
  };
}
